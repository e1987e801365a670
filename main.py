"""Start Hot Seat: `python3 main.py` opens the game; `python3 main.py --help` lists the commands."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"


def _venv_python() -> Path | None:
    """The set-up's .venv interpreter, when main.py runs outside it (so its packages are missing)."""
    if os.environ.get("HOTSEAT_NO_REEXEC") or Path(sys.prefix).resolve() == VENV.resolve():
        return None
    for candidate in (VENV / "bin" / "python", VENV / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return None


if __name__ == "__main__":
    venv_python = _venv_python()
    if venv_python is not None:  # `python3 main.py` after `bash scripts/play.sh` uses its .venv
        os.environ["HOTSEAT_NO_REEXEC"] = "1"
        os.execv(str(venv_python), [str(venv_python), str(HERE / "main.py"), *sys.argv[1:]])
    from simulator.cli.main import run

    run()
