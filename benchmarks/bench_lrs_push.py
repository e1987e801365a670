"""Benchmark `hotseat lrs push`: 10 000 queued statements to a real LRS (Ralph) on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from lrs_server import PASSWORD, lrs_python, start_ralph  # noqa: E402

from simulator.lrs.client import LrsClient, Reply  # noqa: E402
from simulator.lrs.config import PushTarget  # noqa: E402
from simulator.lrs.push import Pusher, PushReport  # noqa: E402
from simulator.lrs.statements import XapiConfig  # noqa: E402
from simulator.store import lrs_queue, open_store  # noqa: E402
from simulator.store.samples import sample_session  # noqa: E402
from simulator.store.sql_store import Store, utc_now  # noqa: E402


def fill(store: Store, statements: int) -> int:
    """Queue at least `statements` statements (3 per finished attempt); return how many."""
    rng, start = random.Random(13), datetime(2026, 1, 5, 8, tzinfo=UTC)
    attempts = [sample_session(rng, f"Trainee {i % 300:03d}", start + timedelta(minutes=9 * i))
                for i in range(-(-statements // 3))]  # fmt: skip
    store.import_records(attempts)
    lrs_queue.backfill(store, XapiConfig(), lambda _: "", utc_now())
    return lrs_queue.counts(store).queued


class Timed:
    """The real client, timing each request."""

    def __init__(self, client: LrsClient) -> None:
        self.client = client
        self.ms: list[float] = []

    def post_statements(self, statements: Sequence[Mapping[str, Any]]) -> Reply:
        t = time.perf_counter()
        try:
            return self.client.post_statements(statements)
        finally:
            self.ms.append((time.perf_counter() - t) * 1000)


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100, help="as `hotseat lrs push`")
    parser.add_argument("--target", type=float, default=200.0, help="statements/s to call it OK")
    args = parser.parse_args(argv)
    python = lrs_python()
    if python is None:
        print("skipped: Ralph is not installed (scripts/test.sh makes .venv-lrs)")
        return 0
    base = Path(tempfile.mkdtemp(prefix="hotseat-bench-lrs-"))
    server = start_ralph(python, base / "lrs", users=("bench", "bench2"))
    try:
        store = open_store(None, base / "data")
        total = fill(store, args.statements)
        client = Timed(LrsClient(PushTarget(server.endpoint(), "bench", PASSWORD), timeout=60))
        rss_before = rss_mb()
        peak = [rss_before]

        def sample(_: PushReport) -> None:
            peak.append(rss_mb())

        t = time.perf_counter()
        report: PushReport = Pusher(store, client, server.endpoint(), batch_size=args.batch_size,
                                    progress=sample).run()  # fmt: skip
        elapsed = time.perf_counter() - t
        if report.error or report.sent != total:
            print(f"push failed: {report.error or f'{report.sent} of {total} sent'}")
            return 1
        rate = total / elapsed
        ms = sorted(client.ms)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        print(f"pushed {total} statements in {elapsed:.1f} s: {rate:,.0f} statements/s "
              f"(target > {args.target:g}: {'ok' if rate > args.target else 'MISSED'})")  # fmt: skip
        print(f"per request of {args.batch_size}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms "
              f"({len(ms)} requests)")  # fmt: skip
        # The same push again (to an empty LRS account) under tracemalloc, for the Python heap peak.
        store.execute([(store.dialect.sql("UPDATE lrs_statements SET status = 'queued'"), [], False)])
        again = LrsClient(PushTarget(server.endpoint(), "bench2", PASSWORD), timeout=60)
        tracemalloc.start()
        Pusher(store, again, server.endpoint(), batch_size=args.batch_size).run()
        heap_peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        own = elapsed - sum(ms) / 1000
        print(f"Hot Seat's own share (queue reads, bookkeeping, JSON): {own:.1f} s, "
              f"{own / total * 1e6:.0f} us per statement; the rest is the LRS storing them")  # fmt: skip
        print(f"memory: Python heap peak {heap_peak:.1f} MB during the push; resident {rss_before:.0f} MB "
              f"before it, peak {max(peak):.0f} MB during it ({max(peak) - rss_before:+.1f} MB)")  # fmt: skip
        store.close()
        return 0 if rate > args.target else 1
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
