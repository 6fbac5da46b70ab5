"""pytest-benchmark cases for the carbonstd._core kernels at 10**3, 10**5 and 10**6 rows.

Run with ``.venv/bin/pytest benchmarks/bench_core.py --benchmark-only`` (see README.md).
Each case checks its result against an independent computation once, outside the timing.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from carbonstd._core import (
    ExactGroupAccumulator,
    FastGroupAccumulator,
    accumulate_ledger,
    co2e_sums,
    dense_group_codes,
    fold_gwp,
    group_sum_exact,
)

ROWS = [10**3, 10**5, 10**6]
N_FACTORS = 2_000
GWP = np.array([1.0, 27.9, 273.0])  # AR6 GWP100: CO2, CH4 (non-fossil), N2O


def make_data(n_rows: int) -> dict[str, Any]:
    rng = np.random.default_rng(n_rows)
    n_groups = max(1, min(50_000, n_rows // 20))
    return {
        "n_groups": n_groups,
        "amounts": rng.lognormal(3.0, 2.0, n_rows),
        "codes": rng.integers(0, n_groups, n_rows).astype(np.intp),
        "factor_index": rng.integers(0, N_FACTORS, n_rows).astype(np.intp),
        "factors": np.column_stack(
            [
                rng.uniform(0.1, 3.0, N_FACTORS),
                rng.uniform(1e-5, 1e-3, N_FACTORS),
                rng.uniform(1e-6, 1e-4, N_FACTORS),
            ]
        ),
    }


@pytest.fixture(scope="module", params=ROWS, ids=lambda n: f"rows={n}")
def data(request: pytest.FixtureRequest) -> dict[str, Any]:
    return make_data(int(request.param))


def test_bincount(benchmark: Any, data: dict[str, Any]) -> None:
    out = benchmark(np.bincount, data["codes"], weights=data["amounts"], minlength=data["n_groups"])
    assert out.shape == (data["n_groups"],)


def test_group_sum_exact(benchmark: Any, data: dict[str, Any]) -> None:
    out = benchmark(group_sum_exact, data["amounts"], data["codes"], data["n_groups"])
    group = int(data["codes"][0])
    expected = math.fsum(data["amounts"][data["codes"] == group].tolist())
    assert out[group].hex() == expected.hex()


def _engine(acc_cls: type[Any], data: dict[str, Any]) -> np.ndarray:
    acc = acc_cls(data["n_groups"], 3)
    accumulate_ledger(acc, data["amounts"], data["factor_index"], data["factors"], data["codes"])
    result: np.ndarray = acc.result()
    return result


def test_engine_fast(benchmark: Any, data: dict[str, Any]) -> None:
    out = benchmark(_engine, FastGroupAccumulator, data)
    np.testing.assert_allclose(out, _engine(ExactGroupAccumulator, data), rtol=1e-10)


def test_engine_exact(benchmark: Any, data: dict[str, Any]) -> None:
    out = benchmark(_engine, ExactGroupAccumulator, data)
    group = int(data["codes"][0])
    rows = data["codes"] == group
    co2 = data["amounts"][rows] * data["factors"][data["factor_index"][rows], 0]
    assert out[group, 0].hex() == math.fsum(co2.tolist()).hex()


@pytest.mark.parametrize("exact", [False, True], ids=["fast", "exact"])
def test_co2e_folded(benchmark: Any, data: dict[str, Any], exact: bool) -> None:
    folded = fold_gwp(data["factors"], GWP)
    out = benchmark(
        co2e_sums,
        data["amounts"],
        data["factor_index"],
        folded,
        data["codes"],
        data["n_groups"],
        exact=exact,
    )
    assert out.shape == (data["n_groups"],)


def test_dense_group_codes(benchmark: Any, data: dict[str, Any]) -> None:
    n = data["amounts"].shape[0]
    rng = np.random.default_rng(1)
    scope = rng.integers(0, 3, n)
    category = rng.integers(0, 15, n)
    site = rng.integers(0, 1_000, n)
    codes, groups = benchmark(dense_group_codes, scope, category, site, sizes=(3, 15, 1_000))
    assert codes.shape == (n,)
    assert len(groups) == 3
