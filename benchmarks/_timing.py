"""Tiny timing helpers shared by the benchmarks: run, then print median and p95."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def measure_ms(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, times_ms: list[float], target_ms: float | None = None) -> None:
    med, high = statistics.median(times_ms), p95(times_ms)
    verdict = ""
    if target_ms is not None:
        verdict = f"  target {target_ms:g} ms: {'OK' if med <= target_ms else 'MISSED'}"
    print(f"{name:<48} median {med:8.2f} ms   p95 {high:8.2f} ms   (n={len(times_ms)}){verdict}")
