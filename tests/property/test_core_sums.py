"""Property tests: exact group sums are correctly rounded and order/chunk independent."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from carbonstd._core import (
    ExactGroupAccumulator,
    FastGroupAccumulator,
    dense_group_codes,
    group_sum_exact,
)

MAX = 1.7976931348623157e308

finite = st.floats(allow_nan=False, allow_infinity=False)
# Values built from a random significand and a random exponent over the whole range,
# including subnormals (exponent below -1022) and values close to the top of the range.
wide = st.builds(
    lambda m, e: float(np.ldexp(float(m), e)),
    st.integers(-(2**53) + 1, 2**53 - 1),
    st.integers(-1126, 971),
)
special = st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.0, MAX, -MAX])


@st.composite
def cancelling(draw: st.DrawFn) -> list[float]:
    """Big values that cancel exactly, plus small ones that must survive."""
    big = draw(st.lists(st.one_of(wide, finite), max_size=6))
    small = draw(st.lists(st.one_of(wide, special), max_size=6))
    values = big + small + [-x for x in big]
    return draw(st.permutations(values))


value_lists = st.one_of(
    st.lists(st.one_of(finite, wide, special), max_size=40),
    cancelling(),
    st.sampled_from(
        [[1e308, 1.0, -1e308], [1e16, 1.0, -1e16, 1.0], [2.0**53, 1.0], [MAX, MAX, -MAX]]
    ),
)


def reference(values: list[float]) -> float:
    try:
        return math.fsum(values)
    except OverflowError:
        total = sum(map(Fraction, values), Fraction(0))
        try:
            return float(total)
        except OverflowError:
            return math.inf if total > 0 else -math.inf


def bits(array: np.ndarray) -> list[int]:
    as_ints = np.ascontiguousarray(array, dtype=np.float64).view(np.int64)
    return [int(v) for v in as_ints.reshape(-1)]


@given(value_lists, st.data())
def test_each_group_is_the_correctly_rounded_sum(values: list[float], data: st.DataObject) -> None:
    n_groups = data.draw(st.integers(1, 4))
    codes = data.draw(
        st.lists(st.integers(0, n_groups - 1), min_size=len(values), max_size=len(values))
    )
    chunk = data.draw(st.integers(1, 64))
    out = group_sum_exact(
        np.array(values, dtype=np.float64),
        np.array(codes, dtype=np.intp),
        n_groups,
        chunk_rows=chunk,
    )
    for g in range(n_groups):
        expected = reference([v for v, c in zip(values, codes, strict=True) if c == g])
        assert float(out[g]).hex() == expected.hex()


@given(value_lists, st.data())
def test_permutation_invariant_to_the_bit(values: list[float], data: st.DataObject) -> None:
    codes = np.array(
        data.draw(st.lists(st.integers(0, 2), min_size=len(values), max_size=len(values))),
        dtype=np.intp,
    )
    x = np.array(values, dtype=np.float64)
    order = np.array(data.draw(st.permutations(range(len(values)))), dtype=np.intp)
    assert bits(group_sum_exact(x, codes, 3)) == bits(group_sum_exact(x[order], codes[order], 3))


@given(value_lists, st.data())
def test_accumulator_chunking_invariant_to_the_bit(
    values: list[float], data: st.DataObject
) -> None:
    n = len(values)
    x = np.array(values, dtype=np.float64).reshape(-1, 1) * np.array([1.0, -0.5])
    codes = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), dtype=np.intp)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=5)))
    acc = ExactGroupAccumulator(3, 2, chunk_rows=data.draw(st.integers(1, 16)))
    start = 0
    for stop in [*cuts, n]:
        acc.add(x[start:stop], codes[start:stop])
        start = stop
    whole = ExactGroupAccumulator(3, 2)
    whole.add(x, codes)
    assert bits(acc.result()) == bits(whole.result())
    # column-by-column adds give the same bits as 2-D adds
    by_column = ExactGroupAccumulator(3, 2)
    for j in (1, 0):
        by_column.add(np.ascontiguousarray(x[:, j]), codes, column=j)
    assert bits(by_column.result()) == bits(whole.result())


moderate = st.builds(
    lambda m, e: float(np.ldexp(float(m), e)),
    st.integers(-(2**53) + 1, 2**53 - 1),
    st.integers(-400, 400),
)


@given(st.lists(moderate, max_size=30), st.integers(-300, 300))
def test_scaling_by_a_power_of_two_commutes(values: list[float], k: int) -> None:
    # With no overflow or underflow, rounding commutes with scaling by 2**k.
    x = np.array(values, dtype=np.float64)
    codes = np.zeros(len(values), dtype=np.intp)
    total = group_sum_exact(x, codes, 1)[0]
    scaled = group_sum_exact(np.ldexp(x, k), codes, 1)[0]
    assume(total == 0.0 or abs(total) >= 2.0**-700)
    assert float(scaled).hex() == float(np.ldexp(total, k)).hex()


@given(value_lists)
def test_negation_is_symmetric(values: list[float]) -> None:
    x = np.array(values, dtype=np.float64)
    codes = np.zeros(len(values), dtype=np.intp)
    total = group_sum_exact(x, codes, 1)[0]
    negated = group_sum_exact(-x, codes, 1)[0]
    assert bits(np.array([negated])) == bits(np.array([-total if total != 0.0 else 0.0]))


@given(st.lists(st.floats(-1e200, 1e200, allow_nan=False), min_size=1, max_size=60))
def test_fast_sum_within_recursive_summation_bound(values: list[float]) -> None:
    x = np.array(values, dtype=np.float64)
    acc = FastGroupAccumulator(1)
    acc.add(x, np.zeros(len(values), dtype=np.intp))
    fast = Fraction(float(acc.result()[0, 0]))
    exact = sum(map(Fraction, values), Fraction(0))
    n = len(values)
    u = Fraction(1, 2**53)
    gamma = (n - 1) * u / (1 - (n - 1) * u)
    assert abs(fast - exact) <= gamma * sum(abs(Fraction(v)) for v in values)


@given(st.data())
def test_dense_group_codes_are_a_sorted_bijection(data: st.DataObject) -> None:
    sizes = tuple(data.draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    n = data.draw(st.integers(0, 50))
    columns = [
        np.array(data.draw(st.lists(st.integers(0, s - 1), min_size=n, max_size=n)), dtype=np.int64)
        for s in sizes
    ]
    codes, groups = dense_group_codes(*columns, sizes=sizes)
    keys = list(zip(*(c.tolist() for c in columns), strict=True)) if n else []
    group_keys = list(zip(*(g.tolist() for g in groups), strict=True))
    assert group_keys == sorted(set(keys))
    assert [group_keys[c] for c in codes.tolist()] == keys


@given(value_lists, st.data())
def test_column_totals_are_the_correctly_rounded_sum_of_every_value(
    values: list[float], data: st.DataObject
) -> None:
    # The grand total from the groups' integer digits is fsum over all values, whatever the
    # grouping, the chunking and the number of columns; not a sum of rounded group sums.
    n_groups = data.draw(st.integers(min_value=1, max_value=6))
    codes = np.array(
        data.draw(
            st.lists(st.integers(0, n_groups - 1), min_size=len(values), max_size=len(values))
        ),
        dtype=np.intp,
    )
    chunk = data.draw(st.integers(min_value=1, max_value=50))
    acc = ExactGroupAccumulator(n_groups, 2, chunk_rows=chunk)
    arr = np.array(values, dtype=np.float64)
    acc.add(arr, codes, column=0)
    acc.add(-arr[::-1], codes[::-1], column=1)
    totals = acc.column_totals()
    assert bits(totals) == bits(np.array([reference(values), reference([-v for v in values])]))
