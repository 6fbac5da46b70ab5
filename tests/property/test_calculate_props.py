"""Invariants of carbonstd.calculation: linearity, permutation, unit and chunk-size invariance."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonstd.activities import ActivityTable
from carbonstd.calculation import _rows, calculate
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence

FACTORS = [
    EmissionFactor(
        id="e",
        activity="electricity.grid",
        unit="kWh",
        region="GB",
        year=2024,
        gases={"CO2": 0.20705, "CH4": 3.1e-5, "N2O": 4.6e-6},
    ),
    EmissionFactor(
        id="d",
        activity="fuel.diesel",
        unit="L",
        region="GB",
        year=2024,
        gases={"CO2": 2.66155, "CH4": 1.1e-4, "N2O": 3.7e-4},
    ),
    EmissionFactor(
        id="r",
        activity="refrigerant.hfc_134a",
        unit="kg",
        region="GLO",
        year=2024,
        gases={"HFC-134a": 1.0},
    ),
]
REG = FactorRegistry(
    [FactorSet(name="p", version="1", title="P", licence=Licence(id="CC0-1.0"), factors=FACTORS)]
)
KEYS = [("electricity.grid", "kWh"), ("fuel.diesel", "L"), ("refrigerant.hfc_134a", "kg")]
SITES = ["A", "B", "C"]

# Zero or normal amounts: products with the factors stay normal floats, so scaling by a power
# of two is exact (a subnormal product would lose bits when halved or doubled).
amounts = st.one_of(
    st.just(0.0), st.floats(min_value=1e-200, max_value=1e9, allow_nan=False, allow_infinity=False)
)
rows = st.lists(
    st.tuples(st.sampled_from(range(3)), amounts, st.sampled_from(SITES)), min_size=1, max_size=60
)


def build(data: list[tuple[int, float, str]], scale: float = 1.0) -> ActivityTable:
    return ActivityTable.from_columns(
        activity=[KEYS[k][0] for k, _, _ in data],
        amount=np.array([a * scale for _, a, _ in data]),
        unit=[KEYS[k][1] for k, _, _ in data],
        region=["GB"] * len(data),
        year=np.full(len(data), 2024),
        tags={"site": [s for _, _, s in data]},
    )


def bits(arr: npt.NDArray[np.float64]) -> bytes:
    return np.ascontiguousarray(arr, dtype=np.float64).tobytes()


@settings(max_examples=60, deadline=None)
@given(rows, st.sampled_from([2.0, 4.0, 0.5, 1024.0]))
def test_linear_in_amounts(data: list[tuple[int, float, str]], k: float) -> None:
    # Scaling by a power of two is exact in binary floating point, so linearity holds bitwise.
    base = calculate(build(data), factors=REG, gwp="AR6")
    scaled = calculate(build(data, k), factors=REG, gwp="AR6")
    assert bits(scaled.gas_sums) == bits(base.gas_sums * k)
    assert bits(scaled.by("site").values) == bits(base.by("site").values * k)
    assert scaled.total() == base.total() * k


@settings(max_examples=60, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_row_permutation_invariance_bitwise(
    data: list[tuple[int, float, str]], rnd: object
) -> None:
    shuffled = list(data)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = calculate(build(data), factors=REG, gwp="AR6")
    b = calculate(build(shuffled), factors=REG, gwp="AR6")
    assert bits(a.gas_sums) == bits(b.gas_sums)
    assert a.total() == b.total()
    assert a.by("site", "activity").to_json() == b.by("site", "activity").to_json()


@settings(max_examples=60, deadline=None)
@given(rows, st.sampled_from([1, 2, 3, 7, 64]))
def test_chunk_size_invariance_bitwise(data: list[tuple[int, float, str]], chunk: int) -> None:
    a = calculate(build(data), factors=REG, gwp="AR6")
    b = calculate(build(data), factors=REG, gwp="AR6", chunk_rows=chunk)
    assert bits(a.gas_sums) == bits(b.gas_sums)
    assert bits(a.by("site").co2e) == bits(b.by("site").co2e)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40))
def test_unit_invariance_litres_and_cubic_metres(litres: list[int]) -> None:
    # The same diesel in L and in m3 gives the same result; m3 amounts are L / 1000, so
    # each row is rounded differently and the results agree to a few ulps of the total.
    in_l = ActivityTable.from_columns(
        activity=["fuel.diesel"] * len(litres),
        amount=np.array(litres, dtype=float),
        unit=["L"] * len(litres),
        region=["GB"] * len(litres),
        year=np.full(len(litres), 2024),
    )
    in_m3 = ActivityTable.from_columns(
        activity=["fuel.diesel"] * len(litres),
        amount=np.array(litres, dtype=float) / 1000.0,
        unit=["m3"] * len(litres),
        region=["GB"] * len(litres),
        year=np.full(len(litres), 2024),
    )
    a = calculate(in_l, factors=REG, gwp="AR6").gas_totals()
    b = calculate(in_m3, factors=REG, gwp="AR6").gas_totals()
    for gas, value in a.items():
        assert abs(b[gas] - value) <= 4 * np.spacing(max(abs(value), 1e-300)) * len(litres)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40))
def test_unit_invariance_exact_multiples(kwh: list[int]) -> None:
    # Whole MWh against kWh: the conversion factor 1000 is exact and so is every amount.
    mwh = [float(v) for v in kwh]
    t_kwh = ActivityTable.from_columns(
        activity=["electricity.grid"] * len(kwh),
        amount=np.array(mwh) * 1000.0,
        unit=["kWh"] * len(kwh),
        region=["GB"] * len(kwh),
        year=np.full(len(kwh), 2024),
    )
    t_mwh = ActivityTable.from_columns(
        activity=["electricity.grid"] * len(kwh),
        amount=np.array(mwh),
        unit=["MWh"] * len(kwh),
        region=["GB"] * len(kwh),
        year=np.full(len(kwh), 2024),
    )
    a = calculate(t_kwh, factors=REG, gwp="AR6").gas_totals()
    b = calculate(t_mwh, factors=REG, gwp="AR6").gas_totals()
    for gas, value in a.items():
        assert abs(b[gas] - value) <= 2 * np.spacing(max(abs(value), 1e-300)) * len(kwh)


@contextmanager
def jit_mode(mode: str) -> Iterator[None]:
    """Force the compiled kernels ("1") or the numpy path ("0") inside the block."""
    old = os.environ.get(_rows.JIT_ENV)
    os.environ[_rows.JIT_ENV] = mode
    try:
        yield
    finally:
        if old is None:
            del os.environ[_rows.JIT_ENV]
        else:
            os.environ[_rows.JIT_ENV] = old


@pytest.mark.skipif(importlib.util.find_spec("numba") is None, reason="needs the accel extra")
@settings(max_examples=60, deadline=None)
@given(rows, st.randoms(use_true_random=False), st.sampled_from(["0", "1"]))
def test_path_and_permutation_invariance_bitwise(
    data: list[tuple[int, float, str]], rnd: object, mode: str
) -> None:
    # The compiled kernels (accel extra) and the numpy path give the same exact sums,
    # whatever the row order.
    shuffled = list(data)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    with jit_mode("0"):
        ref = calculate(build(data), factors=REG, gwp="AR6")
        want = (bits(ref.gas_sums), ref.by("site", "activity").to_json(), ref.total())
    with jit_mode(mode):
        other = calculate(build(shuffled), factors=REG, gwp="AR6")
        got = (bits(other.gas_sums), other.by("site", "activity").to_json(), other.total())
    assert got == want
