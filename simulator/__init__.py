"""Hot Seat: an offline trainer for handling angry customers."""

__version__ = "0.1.0"
