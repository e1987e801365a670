"""Read audio block by block, dropping long silences before decoding, so memory stays bounded."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

BLOCK_S: Final = 0.25  # the unit of reading and of the quiet test
QUIET_DB: Final = -50.0  # a block this quiet (RMS, dBFS) is silence (the VAD's absolute floor)
MAX_GAP_S: Final = 5.0  # a silence is kept up to this long; the rest is never stored
MAX_KEPT_S: Final = 180.0  # one answer: at most three minutes of sound after trimming


class TooLong(Exception):
    """More than MAX_KEPT_S of sound (not silence) in one file."""


class QuietTrimmer:
    """Collects mono blocks at the file's rate, keeping at most MAX_GAP_S of every silent stretch."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._blocks: list[npt.NDArray[np.float32]] = []
        self._kept = 0
        self._quiet_run = 0
        self.dropped_s = 0.0

    def add(self, block: npt.NDArray[np.floating]) -> None:
        """One block of (frames,) or (frames, channels) samples."""
        mono = block.mean(axis=1, dtype=np.float32) if block.ndim == 2 else block.astype(np.float32)
        if mono.size == 0:
            return
        rms = float(np.sqrt(np.mean(np.square(mono, dtype=np.float64))))
        quiet = 20 * np.log10(max(rms, 1e-6)) < QUIET_DB
        if quiet:
            room = int(MAX_GAP_S * self.rate) - self._quiet_run
            self._quiet_run += len(mono)
            if room <= 0:
                self.dropped_s += len(mono) / self.rate
                return
            if room < len(mono):
                self.dropped_s += (len(mono) - room) / self.rate
                mono = mono[:room]
        else:
            self._quiet_run = 0
        if self._kept + len(mono) > MAX_KEPT_S * self.rate:
            raise TooLong(f"more than {MAX_KEPT_S / 60:.0f} minutes of sound")
        self._blocks.append(mono)
        self._kept += len(mono)

    def samples(self) -> npt.NDArray[np.float32]:
        if not self._blocks:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(self._blocks).astype(np.float32, copy=False)
