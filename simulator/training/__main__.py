"""`python -m simulator.training`: retrain the judge's heads (see simulator/training/train.py)."""

from simulator.training.cli import main

raise SystemExit(main())
