"""Time the _core summation kernels once at 10**7 rows, ~50,000 groups, 3 gases.

Run from the repository root::

    .venv/bin/python benchmarks/core_ratios.py            # 10**7 rows
    .venv/bin/python benchmarks/core_ratios.py --rows 1000000

Prints the best of ``--repeat`` runs (seconds) for: one np.bincount over the rows;
group_sum_exact over the rows; the full engine chunk loop (gather + scale + 3 gases)
with the fast accumulator and with the exact accumulator; and the exact/fast ratio.
The data are synthetic: log-normal amounts, per-gas factors spanning the usual
ranges (CO2 ~ 0.1-3 kg/unit, CH4 ~ 1e-5-1e-3, N2O ~ 1e-6-1e-4).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from carbonstd._core import (
    ExactGroupAccumulator,
    FastGroupAccumulator,
    accumulate_ledger,
    group_sum_exact,
)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10**7)
    parser.add_argument("--groups", type=int, default=50_000)
    parser.add_argument("--factors", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    n, n_groups = args.rows, args.groups
    amounts = rng.lognormal(mean=3.0, sigma=2.0, size=n)
    codes = rng.integers(0, n_groups, size=n).astype(np.intp)
    factor_index = rng.integers(0, args.factors, size=n).astype(np.intp)
    factors = np.column_stack(
        [
            rng.uniform(0.1, 3.0, args.factors),
            rng.uniform(1e-5, 1e-3, args.factors),
            rng.uniform(1e-6, 1e-4, args.factors),
        ]
    )
    co2 = amounts * factors[factor_index, 0]

    def fast_engine() -> object:
        acc = FastGroupAccumulator(n_groups, 3)
        accumulate_ledger(acc, amounts, factor_index, factors, codes)
        return acc.result()

    def exact_engine() -> object:
        acc = ExactGroupAccumulator(n_groups, 3)
        accumulate_ledger(acc, amounts, factor_index, factors, codes)
        return acc.result()

    t_bincount = best_of(lambda: np.bincount(codes, weights=co2, minlength=n_groups), args.repeat)
    t_exact_sum = best_of(lambda: group_sum_exact(co2, codes, n_groups), args.repeat)
    t_fast = best_of(fast_engine, args.repeat)
    t_exact = best_of(exact_engine, args.repeat)
    print(f"rows={n} groups={n_groups} gases=3 factors={args.factors} numpy={np.__version__}")
    print(f"np.bincount (1 column)             {t_bincount:8.3f} s")
    print(
        f"group_sum_exact (1 column)         {t_exact_sum:8.3f} s"
        f"  ({t_exact_sum / t_bincount:.1f}x bincount)"
    )
    print(f"engine, FastGroupAccumulator       {t_fast:8.3f} s  (gather + scale + 3 gases)")
    print(f"engine, ExactGroupAccumulator      {t_exact:8.3f} s  (gather + scale + 3 gases)")
    print(f"ratio exact / fast (engine)        {t_exact / t_fast:8.2f}")


if __name__ == "__main__":
    main()
