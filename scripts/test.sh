#!/usr/bin/env bash
# Install what the tests need (system packages, the virtual environment with test extras) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_system_packages.sh
install_system_packages python3-venv python3-dev build-essential espeak-ng sox portaudio19-dev \
  postgresql chromium fonts-dejavu-core
make_venv
install_encoder_model
.venv/bin/python -m pip install -q -e ".[whisper,mic,postgres,test]"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
.venv/bin/ruff check simulator tests benchmarks main.py
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
