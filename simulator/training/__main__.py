"""`python -m simulator.training`: retrain the judge's heads (see simulator/training/train.py)."""

from simulator.training.train import main

raise SystemExit(main())
