#!/usr/bin/env bash
# Install everything Hot Seat needs (system packages, a virtual environment) and start the trainer.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_system_packages.sh
install_system_packages python3-venv python3-dev build-essential espeak-ng portaudio19-dev
make_venv
install_encoder_model
.venv/bin/python -m pip install -q -e ".[whisper,mic]"
exec .venv/bin/hotseat "$@"
