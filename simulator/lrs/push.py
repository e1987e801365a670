"""Deliver queued statements: batches, retries with backoff, bisecting to find the rejected ones."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from simulator.lrs.client import Reply, Transport, Unreachable
from simulator.store.lrs_queue import QueuedRow, counts, mark, next_queued
from simulator.store.sql_store import Store, utc_now

RETRYABLE: Final = frozenset({408, 429, 500, 502, 503, 504})
REJECTS: Final = frozenset({400, 409, 413, 422})  # about the statements: find the bad one(s)


class PushStopped(Exception):
    """The push cannot go on (unreachable, refused credentials, wrong address, server error)."""


@dataclass
class PushReport:
    """What one push did; `error` is set when it stopped early (the rest stays queued)."""

    sent: int = 0
    rejected: list[tuple[QueuedRow, str]] = field(default_factory=list)
    remaining: int = 0
    error: str | None = None


@dataclass
class Pusher:
    """Sends the queue in batches; marks each batch sent (or rejected) as soon as the LRS says so.

    A statement is marked sent only after the LRS answered 2xx for it, so a push killed at
    any point loses nothing: the next push resends what was not marked, and the LRS drops
    statements it already has (same ids, same content).
    """

    store: Store
    client: Transport
    where: str
    batch_size: int = 100
    retries: int = 3
    backoff_s: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    progress: Callable[[PushReport], None] | None = None
    report: PushReport = field(default_factory=PushReport)

    def run(self) -> PushReport:
        try:
            while True:
                rows = next_queued(self.store, self.batch_size)
                if not rows:
                    break
                before = len(self.report.rejected)
                self._deliver(rows)
                if len(rows) > 1 and len(self.report.rejected) - before == len(rows):
                    raise PushStopped(
                        f"the LRS at {self.where} rejected every statement of a batch of {len(rows)} "
                        f"({self.report.rejected[-1][1]}); stopped there. If the cause is on the LRS's "
                        "side, fix it and push again with --retry-rejected"
                    )
                if self.progress is not None:
                    self.progress(self.report)
        except PushStopped as exc:
            self.report.error = str(exc)
        self.report.remaining = counts(self.store).queued
        return self.report

    def _post(self, rows: Sequence[QueuedRow]) -> Reply:
        """POST with retries and exponential backoff on timeouts, dropped connections and 5xx."""
        tries = self.retries + 1
        for attempt in range(tries):
            try:
                reply = self.client.post_statements([r.statement for r in rows])
            except Unreachable as exc:
                if attempt + 1 < tries:
                    self.sleep(self.backoff_s * 2**attempt)
                    continue
                raise PushStopped(f"the LRS at {self.where} is unreachable: {exc} "
                                  f"({tries} {'try' if tries == 1 else 'tries'})") from exc  # fmt: skip
            if reply.status in RETRYABLE and attempt + 1 < tries:
                self.sleep(self.backoff_s * 2**attempt)
                continue
            return reply
        raise AssertionError("unreachable")  # pragma: no cover

    def _deliver(self, rows: Sequence[QueuedRow]) -> None:
        reply = self._post(rows)
        status = reply.status
        if status in (200, 204):
            self._check_accepted(reply, rows)
            mark(self.store, [r.statement_id for r in rows], "sent", utc_now())
            self.report.sent += len(rows)
        elif status in REJECTS and len(rows) > 1:
            half = len(rows) // 2
            self._deliver(rows[:half])
            self._deliver(rows[half:])
        elif status in REJECTS:
            message = f"HTTP {status}: {reply.message() or 'no reason given'}"
            mark(self.store, [rows[0].statement_id], "rejected", utc_now(), message)
            self.report.rejected.append((rows[0], message))
        else:
            raise PushStopped(self._explain(reply))

    def _check_accepted(self, reply: Reply, rows: Sequence[QueuedRow]) -> None:
        """A 200 must be an xAPI answer (a list of our statement ids), not some web page."""
        if reply.status == 204:
            return
        try:
            ids = json.loads(reply.body)
        except ValueError:
            ids = None
        sent = {r.statement_id for r in rows}
        if not isinstance(ids, list) or not all(isinstance(i, str) and i in sent for i in ids):
            raise PushStopped(
                f"{self.where} answered HTTP 200 but not as an xAPI LRS does (expected the list of "
                "stored statement ids); check --endpoint, it usually ends in /xAPI/"
            )

    def _explain(self, reply: Reply) -> str:
        status, detail = reply.status, reply.message()
        said = f" ({detail})" if detail else ""
        if status in (401, 403):
            return (f"the LRS at {self.where} refused the credentials (HTTP {status}{said}); "
                    "check --user/--password or the config file")  # fmt: skip
        if status in (404, 405):
            return (f"no xAPI statements resource at {self.where} (HTTP {status}); check --endpoint, "
                    "it usually ends in /xAPI/")  # fmt: skip
        if 300 <= status < 400:
            return (f"{self.where} answered with a redirect (HTTP {status}); "
                    "use the final address as --endpoint")  # fmt: skip
        tries = self.retries + 1
        return (f"the LRS at {self.where} failed with HTTP {status}{said} "
                f"({tries} {'try' if tries == 1 else 'tries'})")  # fmt: skip
