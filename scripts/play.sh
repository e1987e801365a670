#!/usr/bin/env bash
# Install everything Hot Seat needs (system packages, a virtual environment) and start the trainer.
set -euo pipefail
caller="$PWD"  # commands like `hotseat lint my.yaml` read paths from where you typed them
cd "$(dirname "$0")/.."
source scripts/_system_packages.sh
install_system_packages python3-venv python3-dev build-essential espeak-ng portaudio19-dev
make_venv
install_python_packages whisper,mic,voice
install_launcher
root="$PWD"
cd "$caller"
exec "$root/.venv/bin/hotseat" "$@"
