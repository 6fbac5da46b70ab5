"""Unit tests for the carbonstd._core ledger kernels and dense_group_codes."""

from __future__ import annotations

import math

import numpy as np
import pytest

import carbonstd._core._codes as codes_mod
from carbonstd._core import (
    ExactGroupAccumulator,
    FastGroupAccumulator,
    accumulate_ledger,
    co2e_sums,
    dense_group_codes,
    fold_gwp,
    ledger_rows,
    ledger_sums,
)
from carbonstd.errors import ActivityDataError, FactorDataError


@pytest.fixture
def engine_data() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(42)
    n = 3000
    return {
        "amounts": rng.lognormal(2.0, 2.0, n),
        "factor_index": rng.integers(0, 17, n).astype(np.intp),
        "factors": np.column_stack(
            [rng.uniform(0.1, 3.0, 17), rng.uniform(1e-5, 1e-3, 17), rng.uniform(1e-6, 1e-4, 17)]
        ),
        "codes": rng.integers(0, 11, n).astype(np.intp),
    }


def test_ledger_sums_exact_equals_fsum_of_row_products(engine_data: dict[str, np.ndarray]) -> None:
    d = engine_data
    out = ledger_sums(
        d["amounts"], d["factor_index"], d["factors"], d["codes"], 11, exact=True, chunk_rows=700
    )
    assert out.shape == (11, 3)
    products = d["amounts"][:, None] * d["factors"][d["factor_index"]]
    for g in range(11):
        for gas in range(3):
            expected = math.fsum(products[d["codes"] == g, gas].tolist())
            assert out[g, gas].hex() == expected.hex()


def test_ledger_sums_fast_equals_chunked_bincount(engine_data: dict[str, np.ndarray]) -> None:
    d = engine_data
    out = ledger_sums(d["amounts"], d["factor_index"], d["factors"], d["codes"], 11, exact=False)
    products = d["amounts"][:, None] * d["factors"][d["factor_index"]]
    for gas in range(3):
        expected = np.bincount(d["codes"], weights=products[:, gas], minlength=11)
        np.testing.assert_allclose(out[:, gas], expected, rtol=1e-13)


def test_accumulate_ledger_streams_into_one_accumulator(
    engine_data: dict[str, np.ndarray],
) -> None:
    d = engine_data
    acc = ExactGroupAccumulator(11, 3)
    for part in (slice(0, 1000), slice(1000, 3000)):
        accumulate_ledger(
            acc, d["amounts"][part], d["factor_index"][part], d["factors"], d["codes"][part]
        )
    whole = ledger_sums(d["amounts"], d["factor_index"], d["factors"], d["codes"], 11, exact=True)
    np.testing.assert_array_equal(acc.result(), whole)


def test_ledger_rows_is_dense_products(engine_data: dict[str, np.ndarray]) -> None:
    d = engine_data
    rows = ledger_rows(d["amounts"], d["factor_index"], d["factors"])
    np.testing.assert_array_equal(rows, d["amounts"][:, None] * d["factors"][d["factor_index"]])


def test_fold_gwp_is_exact_sum_of_products() -> None:
    factors = np.array([[2.68, 1e-4, 2.2e-5], [0.0, 0.5, 0.0], [0.1, 0.2, 0.3]])
    gwp = np.array([1.0, 27.9, 273.0])  # AR6 GWP100 CO2, CH4 (non-fossil), N2O
    out = fold_gwp(factors, gwp)
    for i in range(3):
        expected = math.fsum((factors[i] * gwp).tolist())
        assert out[i].hex() == expected.hex()


def test_co2e_sums_use_folded_factors(engine_data: dict[str, np.ndarray]) -> None:
    d = engine_data
    gwp = np.array([1.0, 27.9, 273.0])
    folded = fold_gwp(d["factors"], gwp)
    out = co2e_sums(d["amounts"], d["factor_index"], folded, d["codes"], 11, exact=True)
    products = d["amounts"] * folded[d["factor_index"]]
    for g in range(11):
        assert out[g].hex() == math.fsum(products[d["codes"] == g].tolist()).hex()
    fast = co2e_sums(d["amounts"], d["factor_index"], folded, d["codes"], 11, exact=False)
    np.testing.assert_allclose(fast, out, rtol=1e-12)


# --- bad input ----------------------------------------------------------------------------


def test_factor_index_out_of_range(engine_data: dict[str, np.ndarray]) -> None:
    d = engine_data
    index = d["factor_index"].copy()
    index[5] = 17
    with pytest.raises(ActivityDataError, match=r"factor_index has a code outside \[0, 17\) at"):
        ledger_sums(d["amounts"], index, d["factors"], d["codes"], 11, exact=True)


def test_non_finite_amount(engine_data: dict[str, np.ndarray]) -> None:
    d = engine_data
    amounts = d["amounts"].copy()
    amounts[9] = math.nan
    with pytest.raises(ActivityDataError, match="amounts has a non-finite entry at index 9"):
        ledger_sums(amounts, d["factor_index"], d["factors"], d["codes"], 11, exact=False)


def test_non_finite_factor() -> None:
    factors = np.array([[1.0, math.inf]])
    with pytest.raises(FactorDataError, match=r"non-finite entry at index \(0, 1\): inf"):
        ledger_sums(np.array([1.0]), np.array([0]), factors, np.array([0]), 1, exact=True)


def test_product_overflow_is_refused() -> None:
    with pytest.raises(ActivityDataError, match=r"overflows float64 at index 1: 1e\+300"):
        ledger_sums(
            np.array([1.0, 1e300]),
            np.array([0, 0]),
            np.array([[1e10]]),
            np.array([0, 0]),
            1,
            exact=False,
        )
    with pytest.raises(ActivityDataError, match="overflows float64 at index 1"):
        ledger_rows(np.array([1.0, 1e300]), np.array([0, 0]), np.array([[1e10]]))


def test_factor_table_shape_errors() -> None:
    with pytest.raises(FactorDataError, match=r"factors must have 2 dimension\(s\): \(3,\)"):
        ledger_sums(np.array([1.0]), np.array([0]), np.ones(3), np.array([0]), 1, exact=True)
    with pytest.raises(FactorDataError, match=r"different number of gases .*: \(1, 3\)"):
        accumulate_ledger(
            FastGroupAccumulator(1, 2),
            np.array([1.0]),
            np.array([0]),
            np.ones((1, 3)),
            np.array([0]),
        )
    with pytest.raises(FactorDataError, match=r"gwp has a different length .*: 2"):
        fold_gwp(np.ones((1, 3)), np.ones(2))
    with pytest.raises(FactorDataError, match="must be a numpy float64 array: 'int64'"):
        fold_gwp(np.ones((1, 3), dtype=np.int64), np.ones(3))
    with pytest.raises(FactorDataError, match="factor x GWP overflows float64"):
        fold_gwp(np.array([[1e300]]), np.array([1e10]))


def test_group_codes_out_of_range_in_ledger() -> None:
    with pytest.raises(ActivityDataError, match=r"codes has a code outside \[0, 1\) at index 0"):
        ledger_sums(np.array([1.0]), np.array([0]), np.ones((1, 1)), np.array([1]), 1, exact=True)


# --- dense_group_codes ----------------------------------------------------------------------


@pytest.mark.parametrize("direct_limit", [1 << 23, 1])
def test_dense_group_codes_matches_sorted_tuples(
    monkeypatch: pytest.MonkeyPatch, direct_limit: int
) -> None:
    monkeypatch.setattr(codes_mod, "_DIRECT_LIMIT", direct_limit)
    rng = np.random.default_rng(5)
    a = rng.integers(0, 4, 500)
    b = rng.integers(0, 9, 500).astype(np.uint8)
    c = rng.integers(0, 3, 500).astype(np.int32)
    codes, (ga, gb, gc) = dense_group_codes(a, b, c, sizes=(4, 9, 3))
    expected = sorted(set(zip(a.tolist(), b.tolist(), c.tolist(), strict=True)))
    assert list(zip(ga.tolist(), gb.tolist(), gc.tolist(), strict=True)) == expected
    lookup = {key: i for i, key in enumerate(expected)}
    assert codes.tolist() == [
        lookup[k] for k in zip(a.tolist(), b.tolist(), c.tolist(), strict=True)
    ]
    assert codes.dtype == np.intp


def test_dense_group_codes_huge_sizes() -> None:
    a = np.array([3, 3, 1], dtype=np.int64) * 10**17
    b = np.array([1, 0, 1])
    codes, (ga, gb) = dense_group_codes(a, b, sizes=(4 * 10**17, 2**62))
    assert codes.tolist() == [2, 1, 0]
    assert ga.tolist() == [10**17, 3 * 10**17, 3 * 10**17]
    assert gb.tolist() == [1, 0, 1]


@pytest.mark.parametrize(
    ("arrays", "sizes", "match"),
    [
        ((), (), "needs at least one code array"),
        ((np.array([0, 1]),), (2, 3), "one entry per code array: \\(2, 3\\)"),
        ((np.array([0, 1]),), [2], "one entry per code array: \\[2\\]"),
        ((np.array([0, 2]),), (2,), r"code_arrays\[0\] has a code outside \[0, 2\) at index 1: 2"),
        ((np.array([0, 1]), np.array([0])), (2, 2), r"code_arrays\[1\] must be 1-D"),
        ((np.array([0.0]),), (2,), "must be a numpy integer array: 'float64'"),
        ((np.array([0]),), (0,), r"sizes\[0\] must be >= 1: 0"),
    ],
)
def test_dense_group_codes_bad_input(arrays: tuple[object, ...], sizes: object, match: str) -> None:
    with pytest.raises(ActivityDataError, match=match):
        dense_group_codes(*arrays, sizes=sizes)  # type: ignore[arg-type]
