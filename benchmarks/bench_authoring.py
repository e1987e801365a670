"""Benchmark the authoring loop: validate + lint of the whole library, and explore --runs 500 of one scenario.

Run: python benchmarks/bench_authoring.py [--repeat 5] [--scenario late-pizza]
Targets: validate + lint < 1 s; explore 500 runs < 5 s. The detector is built once before timing
(its one-off start-up cost is printed separately).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


def report(name: str, times: list[float], target: float) -> bool:
    median, worst = statistics.median(times), p95(times)
    ok = worst < target
    print(
        f"{name:<34} median {median:6.3f} s   p95 {worst:6.3f} s   "
        f"target < {target:g} s   {'ok' if ok else 'SLOW'}"
    )
    return ok


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from simulator.authoring.explore import explore
    from simulator.authoring.lint import lint_paths
    from simulator.content_files import load_library, load_scenario_file
    from simulator.play import detector_for

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scenario", default="late-pizza")
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    library = ROOT / "scenarios"
    files = len(list(library.glob("*.yaml")))

    scenario = load_scenario_file(library / f"{args.scenario}.yaml")
    start = time.perf_counter()
    detect = detector_for(scenario)
    detect("I'm sorry.")
    print(f"detector start-up (once per process)  {time.perf_counter() - start:.3f} s")
    print(f"library: {files} scenario files; repeats: {args.repeat}")

    ok = report("validate (load_library)", timed(lambda: load_library([library]), args.repeat), 1.0)
    ok &= report("lint (validate + warnings + model)", timed(lambda: lint_paths([library]), args.repeat), 1.0)

    def validate_and_lint() -> None:
        load_library([library])
        lint_paths([library])

    ok &= report("validate then lint", timed(validate_and_lint, args.repeat), 1.0)
    ok &= report(
        f"explore {args.scenario} --runs {args.runs}",
        timed(lambda: explore(scenario, args.runs, seed=0, detect=detect), args.repeat),
        5.0,
    )
    report(
        "explore --exact (whole answers)",
        timed(
            lambda: explore(scenario, args.runs, seed=0, detect=detect, exact=True), max(1, args.repeat // 2)
        ),
        5.0,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
