#!/usr/bin/env bash
# Install what the tests need (system packages, the virtual environment with test extras) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_system_packages.sh
install_system_packages python3-venv python3-dev build-essential espeak-ng sox portaudio19-dev \
  postgresql chromium fonts-dejavu-core
make_venv
install_python_packages whisper,mic,voice,postgres,test
# The tests' real LRS (Ralph) lives in its own venv so its pinned dependencies never meet the app's.
[ -x .venv-lrs/bin/python ] || python3 -m venv .venv-lrs
.venv-lrs/bin/python -m pip install -q -r scripts/lrs-requirements.txt
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
.venv/bin/ruff check simulator tests benchmarks main.py
.venv/bin/ruff format --check .  # the formatter is the house style (pyproject [tool.ruff])
.venv/bin/mypy
.venv/bin/lint-imports  # the layer contracts in pyproject.toml [tool.importlinter]
.venv/bin/python -m pytest "$@"
