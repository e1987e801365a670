"""The game's save thread: store writes run off the game loop, in order, closed before exit."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SaveJob:
    """One write to run on the save thread (`what` names it in an error message)."""

    what: str
    run: Callable[[], None]


class SaveWriter:
    """Runs SaveJobs one after another on a daemon thread; the loop never waits on the database.

    With `wait_s` > 0 (tests that read right after a write), `submit` waits up to that long
    for its own job when the thread was idle; the game uses 0 and never waits.
    """

    def __init__(self, on_error: Callable[[str], None], wait_s: float = 0.0) -> None:
        self._jobs: queue.Queue[SaveJob | None] = queue.Queue()
        self._on_error = on_error
        self._wait_s = wait_s
        self._pending = 0
        self._idle = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="hotseat-save", daemon=True)
        self._thread.start()

    def submit(self, job: SaveJob) -> None:
        with self._idle:
            if self._closed:
                raise RuntimeError("the save thread is closed")
            was_idle = self._pending == 0
            self._pending += 1
        self._jobs.put(job)
        if was_idle and self._wait_s > 0:
            self.flush(self._wait_s)

    def flush(self, timeout: float) -> bool:
        """Wait up to `timeout` s for every submitted job to finish; True if they all did."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self, timeout: float = 30.0) -> bool:
        """Finish the queued jobs (nothing is dropped), then stop the thread."""
        with self._idle:
            if self._closed:
                return True
            self._closed = True
        self._jobs.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.run()
            except Exception as exc:  # a failed save is reported, never raised into the game
                self._on_error(f"{job.what} not saved: {exc or type(exc).__name__}")
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()
