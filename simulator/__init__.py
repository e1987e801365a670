"""Hot Seat: an offline trainer for handling angry customers."""

import os

# One BLAS thread unless the user chose otherwise, set before anything imports numpy: the judge's encoder
# embeds a few short clauses per answer, and on two busy cores (Whisper, the game loop) extra BLAS threads
# spin and make it ten times slower (measured: 1.2 s vs 0.09 s per sentence under load).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
