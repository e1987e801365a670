"""Background retry: while writes go to the recovery journal, import it once the database frees up."""

from __future__ import annotations

import threading
from collections.abc import Callable


class BackgroundRetry:
    """Calls `attempt` every `interval` seconds on a daemon thread until it returns True or `stop`."""

    def __init__(self, attempt: Callable[[], bool], interval: float) -> None:
        self._attempt = attempt
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="hotseat-store-retry", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                if self._attempt():
                    return
            except Exception:  # a retry must never take the program down; try again later
                continue

    def stop(self, timeout: float = 2.0) -> None:
        """Stop retrying and wait for an attempt in progress to end."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)
