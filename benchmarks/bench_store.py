"""Benchmark the SQLite results store: 10 000 conversations, history, class summary, append, held lock."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulator.store import MoveRecord, SessionRecord, Store, TurnRecord, open_store
from simulator.store.samples import sample_session


def timings(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, ms: list[float], target: float) -> bool:
    ms = sorted(ms)
    median = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    ok = p95 < target
    print(f"{name:<34} median {median:8.2f} ms   p95 {p95:8.2f} ms   "
          f"(target p95 < {target:g} ms: {'ok' if ok else 'MISSED'})")  # fmt: skip
    return ok


def fill(store: Store, total: int, trainees: int, group_size: int) -> tuple[str, str]:
    rng = random.Random(2024)
    names = [f"Trainee {i:04d}" for i in range(trainees)]
    group = store.create_group("Benchmark class", names[:group_size], "rotation",
                               ["late-pizza", "broken-printer", "wrong-diet-drink"])  # fmt: skip
    start = datetime(2024, 1, 1, 8, tzinfo=UTC)
    batch: list[SessionRecord] = []
    for i in range(total):
        when = start + timedelta(minutes=37 * i)
        in_group = i >= total - 3 * group_size  # the last three rounds: the class sessions
        name = names[i % group_size] if in_group else rng.choice(names)
        batch.append(sample_session(rng, name, when, group_id=group.group_id if in_group else None))
        if len(batch) == 1000:
            store.import_records(batch)
            batch = []
    if batch:
        store.import_records(batch)
    return names[0], group.group_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--trainees", type=int, default=400)
    parser.add_argument("--group-size", type=int, default=20)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-lock", action="store_true", help="skip the held-lock frame-time figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hotseat-bench-") as tmp:
        store = open_store(None, Path(tmp))
        t = time.perf_counter()
        trainee, group_id = fill(store, args.sessions, args.trainees, args.group_size)
        turns = store.query("SELECT COUNT(*) FROM turns")[0][0]
        size = (Path(tmp) / "results.sqlite3").stat().st_size / 1e6
        print(f"filled {args.sessions} conversations ({turns} turns, {size:.1f} MB) "
              f"in {time.perf_counter() - t:.1f} s")  # fmt: skip
        attempts = len(store.history(trainee).attempts)
        ok = report(f"history ({attempts} attempts)", timings(lambda: store.history(trainee),
                                                             args.runs), 200)  # fmt: skip
        ok &= report(f"class summary ({args.group_size} people)",
                     timings(lambda: store.class_summary(group_id), args.runs), 200)  # fmt: skip
        sid = store.begin_session(SessionRecord(None, trainee, "late-pizza", 1, "Late pizza",
                                                datetime.now(UTC).isoformat()))  # fmt: skip
        counter = iter(range(10_000))

        def append() -> None:
            i = next(counter)
            store.append_turn(
                sid,
                TurnRecord(
                    i, "trainee", "I'm so sorry about that.", (MoveRecord("apology", "I'm so sorry"),), 50
                ),
            )

        ok &= report("append_turn (one commit)", timings(append, max(args.runs, 200)), 10)
        store.close()
    if not args.no_lock:
        from store_lock_frames import report_held_lock

        ok &= report_held_lock()  # the game while another process holds the write lock
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
