"""Unit tests for carbonstd._core exact and fast group sums."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import carbonstd._core._exact as exact_mod
from carbonstd._core import ExactGroupAccumulator, FastGroupAccumulator, group_sum_exact
from carbonstd.errors import ActivityDataError

MAX = 1.7976931348623157e308
TINY = 5e-324


def reference(values: list[float]) -> float:
    """Correctly rounded sum: math.fsum, or exact Fractions where fsum overflows."""
    try:
        return math.fsum(values)
    except OverflowError:
        total = sum(map(Fraction, values), Fraction(0))
        try:
            return float(total)
        except OverflowError:
            return math.inf if total > 0 else -math.inf


def assert_bits_equal(actual: float, expected: float) -> None:
    assert float(actual).hex() == float(expected).hex()


def exact1(values: list[float]) -> float:
    arr = np.array(values, dtype=np.float64)
    return float(group_sum_exact(arr, np.zeros(arr.shape[0], dtype=np.intp), 1)[0])


@pytest.mark.parametrize(
    "values",
    [
        [1e308, 1.0, -1e308],
        [1e16, 1.0, -1e16, 1.0],
        [0.1] * 10,
        [TINY, TINY, -TINY, 2.2250738585072014e-308, -1e-310],
        [2.0**53, 1.0, 2.0**-60],  # just above a tie: rounds up
        [2.0**53, 1.0],  # exact tie: rounds to even
        [2.0**53 + 2.0, 1.0],  # tie: rounds to even (up)
        [1.0, 2.0**-53, 2.0**-106],
        [1.0, -(2.0**-54), -(2.0**-160)],
        [MAX, MAX, -MAX],  # fsum raises an intermediate OverflowError; exact is MAX
        [1e300, -1e300, 1e-300, 7.0, 2.0**900, -(2.0**900)],
        [-0.0, -0.0],
        [3.5, -3.5],
        [-1e-320, -1e-320],
    ],
)
def test_matches_correctly_rounded_sum(values: list[float]) -> None:
    assert_bits_equal(exact1(values), reference(values))


def test_sum_beyond_range_is_infinite() -> None:
    assert exact1([MAX, MAX]) == math.inf
    assert exact1([-MAX, -MAX, -1.0]) == -math.inf


def test_groups_are_independent_and_empty_groups_are_zero() -> None:
    values = np.array([1e16, 0.1, 1.0, 0.2, -1e16, 0.3])
    codes = np.array([0, 2, 0, 2, 0, 2])
    out = group_sum_exact(values, codes, 4)
    assert out.dtype == np.float64
    assert out.shape == (4,)
    assert_bits_equal(out[0], 1.0)
    assert_bits_equal(out[1], 0.0)
    assert_bits_equal(out[2], math.fsum([0.1, 0.2, 0.3]))
    assert_bits_equal(out[3], 0.0)


def test_empty_input() -> None:
    out = group_sum_exact(np.array([]), np.array([], dtype=np.intp), 3)
    assert out.tolist() == [0.0, 0.0, 0.0]
    assert group_sum_exact(np.array([]), np.array([], dtype=np.intp), 0).shape == (0,)


def test_any_integer_code_dtype() -> None:
    values = np.array([1.0, 2.0, 4.0])
    for dtype in (np.int8, np.uint16, np.int32, np.uint64):
        out = group_sum_exact(values, np.array([1, 0, 1], dtype=dtype), 2)
        assert out.tolist() == [2.0, 5.0]


def test_rows_beyond_flush_limit_stay_exact() -> None:
    # More rows than one float64 level accumulator may take (2**21): the digits are carried.
    n = (1 << 22) + 3
    rng = np.random.default_rng(11)
    values = rng.random(n) * 1e6
    codes = (np.arange(n) % 2).astype(np.intp)
    out = group_sum_exact(values, codes, 2, chunk_rows=1 << 21)
    for g in range(2):
        assert_bits_equal(out[g], math.fsum(values[g::2].tolist()))


def test_flush_and_carry_many_times(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exact_mod, "_FLUSH_ROWS", 3)
    rng = np.random.default_rng(7)
    values = np.ldexp(rng.standard_normal(500), rng.integers(-60, 60, 500))
    values = np.concatenate([values, -values[:250] * 3.0])
    codes = np.asarray(rng.integers(0, 3, values.shape[0]), dtype=np.intp)
    out = group_sum_exact(values, codes, 3, chunk_rows=2)
    for g in range(3):
        assert_bits_equal(out[g], reference(values[codes == g].tolist()))


def test_accumulator_2d_and_column_adds() -> None:
    acc = ExactGroupAccumulator(2, 3)
    acc.add(np.array([[1e16, 1.0, 0.1], [1.0, 2.0, 0.2]]), np.array([0, 1]))
    acc.add(np.array([-1e16, 1.0]), np.array([0, 0]), column=0)
    acc.add(np.array([0.3]), np.array([1]), column=2)
    first = acc.result()
    assert first.shape == (2, 3)
    assert first.flags.c_contiguous
    assert first[:, 0].tolist() == [1.0, 1.0]
    assert first[:, 1].tolist() == [1.0, 2.0]
    assert_bits_equal(first[1, 2], math.fsum([0.2, 0.3]))
    # result() does not consume the state
    np.testing.assert_array_equal(acc.result(), first)
    acc.add(np.array([5.0]), np.array([0]), column=1)
    assert acc.result()[0, 1] == 6.0


def test_fast_accumulator_is_plain_bincount() -> None:
    rng = np.random.default_rng(3)
    values = rng.standard_normal((1000, 2))
    codes = rng.integers(0, 7, 1000)
    acc = FastGroupAccumulator(7, 2)
    acc.add(values, codes)
    for j in range(2):
        np.testing.assert_array_equal(
            acc.result()[:, j], np.bincount(codes, weights=values[:, j], minlength=7)
        )
    acc.add(values[:, 0].copy(), codes, column=0)
    np.testing.assert_array_equal(
        acc.result()[:, 0], 2 * np.bincount(codes, weights=values[:, 0], minlength=7)
    )


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("acc_cls", [ExactGroupAccumulator, FastGroupAccumulator])
def test_code_out_of_range_names_index_and_value(acc_cls: type[ExactGroupAccumulator]) -> None:
    acc = acc_cls(3)
    with pytest.raises(ActivityDataError, match=r"outside \[0, 3\) at index 2: 3") as info:
        acc.add(np.array([1.0, 2.0, 3.0]), np.array([0, 1, 3]))
    assert info.value.value == 3
    assert info.value.source == "codes"
    with pytest.raises(ActivityDataError, match=r"outside \[0, 3\) at index 1: -1"):
        acc.add(np.array([1.0, 2.0]), np.array([0, -1]))


def test_code_out_of_range_in_all_zero_chunk() -> None:
    with pytest.raises(ActivityDataError, match=r"outside \[0, 2\) at index 0: 5"):
        group_sum_exact(np.zeros(2), np.array([5, 0]), 2)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_value_is_refused_with_its_index(bad: float) -> None:
    values = np.array([1.0] * 5 + [bad])
    with pytest.raises(ActivityDataError, match="non-finite entry at index 5") as info:
        group_sum_exact(values, np.zeros(6, dtype=np.intp), 1, chunk_rows=4)
    assert info.value.hint is not None


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ([1.0, 2.0], "must be a numpy float64 array: 'list'"),
        (np.array([1, 2]), "must have dtype float64: 'int64'"),
        (np.array([1.0, 2.0], dtype=np.float32), "must have dtype float64: 'float32'"),
        (np.ones((2, 2)), r"must have 1 dimension\(s\): \(2, 2\)"),
    ],
)
def test_bad_values(values: object, match: str) -> None:
    with pytest.raises(ActivityDataError, match=match):
        group_sum_exact(values, np.array([0, 0]), 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("codes", "match"),
    [
        (np.array([0.0, 1.0]), "must be a numpy integer array: 'float64'"),
        ([0, 1], "must be a numpy integer array: 'list'"),
        (np.array([0, 1, 1]), r"one code per row \(2 rows\): \(3,\)"),
        (np.array([[0, 1]]), r"one code per row \(2 rows\): \(1, 2\)"),
    ],
)
def test_bad_codes(codes: object, match: str) -> None:
    with pytest.raises(ActivityDataError, match=match):
        group_sum_exact(np.array([1.0, 2.0]), codes, 2)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n_groups", "match"), [(-1, "n_groups must be >= 0: -1"), (True, "must be an integer")]
)
def test_bad_n_groups(n_groups: object, match: str) -> None:
    with pytest.raises(ActivityDataError, match=match):
        group_sum_exact(np.array([1.0]), np.array([0]), n_groups)  # type: ignore[arg-type]


def test_bad_chunk_rows() -> None:
    with pytest.raises(ActivityDataError, match="chunk_rows must be >= 1: 0"):
        ExactGroupAccumulator(1, chunk_rows=0)
    with pytest.raises(ActivityDataError, match="larger than the exactness limit: 4194304"):
        ExactGroupAccumulator(1, chunk_rows=1 << 22)


@pytest.mark.parametrize("acc_cls", [ExactGroupAccumulator, FastGroupAccumulator])
def test_bad_columns(acc_cls: type[ExactGroupAccumulator]) -> None:
    acc = acc_cls(2, 2)
    with pytest.raises(ActivityDataError, match=r"need column= .*: 2"):
        acc.add(np.array([1.0]), np.array([0]))
    with pytest.raises(ActivityDataError, match=r"column must be in \[0, 2\): 2"):
        acc.add(np.array([1.0]), np.array([0]), column=2)
    with pytest.raises(ActivityDataError, match=r"one column per accumulator column: \(1, 3\)"):
        acc.add(np.ones((1, 3)), np.array([0]))
    with pytest.raises(ActivityDataError, match=r"one column per accumulator column: \(1, 2\)"):
        acc.add(np.ones((1, 2)), np.array([0]), column=0)
    with pytest.raises(ActivityDataError, match="n_columns must be >= 1: 0"):
        acc_cls(2, 0)


def test_column_totals_add_exact_digits_not_rounded_group_sums() -> None:
    acc = ExactGroupAccumulator(3, 1)
    acc.add(np.array([1e16, 1.0, -1e16, 1.0, 0.1]), np.array([0, 1, 2, 1, 0]))
    # Group sums are 1e16 + 0.1 (rounded), 2.0 and -1e16; their float sum is 2.0, but the
    # exact total is 2.1.
    assert acc.result()[:, 0].tolist() == [1e16, 2.0, -1e16]
    assert acc.column_totals().tolist() == [math.fsum([1e16, 1.0, -1e16, 1.0, 0.1])]
    assert ExactGroupAccumulator(0, 2).column_totals().tolist() == [0.0, 0.0]
