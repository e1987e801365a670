"""Run every benchmark in this folder, one after another, and print their medians and p95."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for bench in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {bench.name}", flush=True)
        status = subprocess.call([sys.executable, str(bench)], cwd=HERE.parent)
        if status:
            failed.append(bench.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
