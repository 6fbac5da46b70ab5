"""benchmarks/compare.py: every method computes the same per-group CO2e (no timing checked).

Runs each method of the comparison in-process on a small seeded workload (10^4 rows,
60 activity keys x 12 regions, 40 facilities) and checks it against carbonstd's exact
result, and that result against an independent exact reference. The benchmark itself
(timings, memory) is not run here.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compare() -> ModuleType:
    _load("_workload")
    return _load("compare")


@pytest.fixture(scope="module")
def workload(compare: ModuleType) -> Any:
    make = sys.modules["_workload"].make_workload
    return make(10_000, seed=7, n_activities=60, n_regions=12, n_facilities=40)


@pytest.fixture(scope="module")
def exact(compare: ModuleType, workload: Any) -> Any:
    prepare, run, to_groups, _, _ = compare.METHODS["carbonstd-exact"]
    return to_groups(workload, run(prepare(workload)))


def test_exact_equals_independent_reference(compare: ModuleType, workload: Any, exact: Any) -> None:
    keys, co2e = exact
    ref_keys, ref_co2e = compare.reference(workload)
    order = np.argsort(keys)
    assert np.array_equal(keys[order], ref_keys)
    # Both are exact per-gas sums combined exactly: bit-equal.
    assert [v.hex() for v in co2e[order].tolist()] == [v.hex() for v in ref_co2e.tolist()]


def test_exact_total_is_fsum_of_rows(compare: ModuleType, workload: Any) -> None:
    prepare, _, _, _, _ = compare.METHODS["carbonstd-exact"]
    groups, total = compare.run_carbonstd_exact(prepare(workload))
    mult = workload.unit_multipliers()[workload.unit]
    per_gas = [
        math.fsum(
            (
                workload.amount * (mult * workload.factors[workload.activity, workload.region, g])
            ).tolist()
        )
        for g in range(3)
    ]
    gwp = [compare.GWP_AR6[g] for g in compare.GASES]
    assert total == math.fsum(w * s for w, s in zip(gwp, per_gas, strict=True))
    assert len(groups) == len(np.unique(workload.group_key()))


@pytest.mark.parametrize(
    "method", ["carbonstd-fast", "pandas", "polars", "numpy", "python", "pint"]
)
def test_method_agrees_with_exact(
    compare: ModuleType, workload: Any, exact: Any, method: str
) -> None:
    prepare, run, to_groups, sampled, _ = compare.METHODS[method]
    w = compare.head(workload, 300) if method == "pint" else workload
    want = compare.reference(w) if sampled and w.n_rows < workload.n_rows else exact
    got = to_groups(w, run(prepare(w)))
    deviation = compare.max_rel_deviation(got, want)
    assert deviation <= compare.REL_TOL, f"{method}: max relative deviation {deviation}"


def test_deviation_detects_a_wrong_result(compare: ModuleType, exact: Any) -> None:
    keys, co2e = exact
    wrong = co2e.copy()
    wrong[0] *= 1 + 1e-6
    assert compare.max_rel_deviation((keys, wrong), exact) == pytest.approx(1e-6, rel=1e-3)
    assert compare.max_rel_deviation((keys[1:], co2e[1:]), exact) == math.inf
