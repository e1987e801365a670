"""Start Hot Seat: `python main.py` opens the game; `python main.py --help` lists the commands."""

import sys

from simulator.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
