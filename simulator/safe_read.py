"""Read a user-named file safely: regular files only, never more than a limit (no /dev/zero, no FIFO)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFile(OSError):
    """The file is not a regular file or is over the size limit; str() is the user's message."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.strerror = message
        self.filename = str(path)

    def __str__(self) -> str:
        return self.message


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes; UnreadableFile for a device, FIFO, socket or folder, or over `limit` bytes.

    The file is opened without blocking (a FIFO with no writer would hang) and checked
    with fstat before anything is read; at most `limit` + 1 bytes are ever read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, "is not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise UnreadableFile(
                path, f"file is too large ({info.st_size / 1_000_000:.1f} MB; the limit is {_size(limit)})"
            )
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise UnreadableFile(path, f"file is too large (over {_size(limit)})")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000} MB"
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"
