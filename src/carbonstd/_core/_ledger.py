"""Engine kernels: gather factors per row, scale by amounts, sum per group and gas."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

from carbonstd._core._checks import (
    as_codes,
    as_float_array,
    check_count,
    check_factor_table,
    codes_out_of_range,
)
from carbonstd._core._exact import DEFAULT_CHUNK_ROWS, ExactGroupAccumulator, group_sum_exact
from carbonstd._core._fast import FastGroupAccumulator
from carbonstd.errors import ActivityDataError, FactorDataError

__all__ = [
    "GroupAccumulator",
    "accumulate_ledger",
    "co2e_sums",
    "fold_gwp",
    "ledger_rows",
    "ledger_sums",
]


class GroupAccumulator(Protocol):
    """What :func:`accumulate_ledger` needs from an accumulator (exact or fast)."""

    n_groups: int
    n_columns: int

    def add(
        self,
        values: npt.NDArray[np.float64],
        codes: npt.NDArray[np.integer],
        *,
        column: int | None = None,
    ) -> None:
        """Add rows of values with their group codes."""

    def result(self) -> npt.NDArray[np.float64]:
        """Return the sums, shape ``(n_groups, n_columns)``."""


def _check_rows(
    amounts: object, factor_index: object, n_factors: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    amt = as_float_array(amounts, name="amounts", ndim=(1,))
    finite = np.isfinite(amt)
    if not finite.all():
        bad = int(np.flatnonzero(~finite)[0])
        raise ActivityDataError(
            f"amounts has a non-finite entry at index {bad}",
            value=float(amt[bad]),
            source="amounts",
            hint="reject NaN and infinite amounts when the activity table is built",
        )
    idx = as_codes(factor_index, name="factor_index", n_rows=amt.shape[0])
    if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= n_factors):
        raise codes_out_of_range(idx, n_factors, name="factor_index")
    return amt, idx


def _overflow_error(
    amounts: npt.NDArray[np.float64], factors: npt.NDArray[np.float64], offset: int
) -> ActivityDataError:
    with np.errstate(over="ignore"):
        bad = int(np.flatnonzero(~np.isfinite(amounts * factors))[0])
    return ActivityDataError(
        f"amount x factor overflows float64 at index {offset + bad}",
        value=float(amounts[bad]),
        source="amounts",
        hint="check the amount's unit; products must stay below 1.8e308",
    )


def accumulate_ledger(
    acc: GroupAccumulator,
    amounts: npt.NDArray[np.float64],
    factor_index: npt.NDArray[np.integer],
    factors: npt.NDArray[np.float64],
    codes: npt.NDArray[np.integer],
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> None:
    """Add ``amounts[i] * factors[factor_index[i], gas]`` per row to ``acc``, per gas.

    This is the activity-data x emission-factor step (GHG Protocol Corporate
    Standard, Chapter 6; IPCC 2006 Guidelines Vol. 1, Ch. 1, Eq. 1.1:
    emissions = AD x EF) kept as a per-gas ledger: column ``j`` of ``acc``
    receives the emissions of gas ``j``. Rows are processed in chunks and gas
    by gas with reused buffers, so no ``rows x gases`` array is built.

    Parameters
    ----------
    acc
        An :class:`ExactGroupAccumulator` or :class:`FastGroupAccumulator` with
        one column per gas.
    amounts
        float64 activity amount per row, already in the factor's unit.
    factor_index
        Row of ``factors`` used by each row.
    factors
        float64 table ``[n_factors, n_gases]``: kg of each gas per unit.
    codes
        Group code per row, in ``[0, acc.n_groups)``.
    chunk_rows
        Rows per chunk (performance only).

    Raises
    ------
    carbonstd.errors.ActivityDataError
        Bad shapes or dtypes, non-finite amounts, an index or code out of
        range, or a product that overflows float64.
    carbonstd.errors.FactorDataError
        A factor table that is not a finite 2-D float64 array, or whose number
        of gases differs from ``acc.n_columns``.

    Examples
    --------
    >>> import numpy as np
    >>> factors = np.array([[2.0, 0.001], [0.5, 0.0]])  # [CO2, CH4] per unit
    >>> acc = ExactGroupAccumulator(2, 2)
    >>> accumulate_ledger(acc, np.array([10.0, 4.0, 1.0]), np.array([0, 1, 0]),
    ...                   factors, np.array([0, 0, 1]))
    >>> acc.result()
    array([[2.2e+01, 1.0e-02],
           [2.0e+00, 1.0e-03]])
    """
    table = check_factor_table(factors, name="factors", ndim=2)
    if table.shape[1] != acc.n_columns:
        raise FactorDataError(
            "factors has a different number of gases than the accumulator has columns",
            value=table.shape,
            source="factors",
            hint=f"build the accumulator with n_columns={table.shape[1]}",
        )
    amt, idx = _check_rows(amounts, factor_index, table.shape[0])
    group = as_codes(codes, name="codes", n_rows=amt.shape[0])
    step = check_count(chunk_rows, name="chunk_rows", minimum=1)
    per_gas = np.ascontiguousarray(table.T)  # one contiguous factor vector per gas
    buf = np.empty(min(step, amt.shape[0]))
    for start in range(0, amt.shape[0], step):
        stop = min(start + step, amt.shape[0])
        out = buf[: stop - start]
        rows = idx[start:stop]
        for gas in range(per_gas.shape[0]):
            np.take(per_gas[gas], rows, out=out, mode="wrap")  # indices checked above
            try:
                with np.errstate(over="raise"):
                    np.multiply(out, amt[start:stop], out=out)
            except FloatingPointError:
                np.take(per_gas[gas], rows, out=out, mode="wrap")
                raise _overflow_error(amt[start:stop], out, start) from None
            acc.add(out, group[start:stop], column=gas)


def ledger_sums(
    amounts: npt.NDArray[np.float64],
    factor_index: npt.NDArray[np.integer],
    factors: npt.NDArray[np.float64],
    codes: npt.NDArray[np.integer],
    n_groups: int,
    *,
    exact: bool,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> npt.NDArray[np.float64]:
    """Per-group, per-gas emissions ``sum(amount * factor)``, shape ``(n_groups, n_gases)``.

    Implements emissions = activity data x emission factor, summed per gas
    (IPCC 2006 Guidelines Vol. 1, Ch. 1, Eq. 1.1; GHG Protocol Corporate
    Standard, Chapter 9: emissions reported separately per gas). With
    ``exact=True`` each sum is the correctly rounded sum of the row products
    (bit-equal to :func:`math.fsum`, order independent); with ``exact=False`` it
    is a plain float64 sum (see :class:`FastGroupAccumulator` for the bound).

    Parameters
    ----------
    amounts, factor_index, factors, codes
        As in :func:`accumulate_ledger`.
    n_groups
        Number of groups.
    exact
        Choose the exact or the fast summation (keyword-only, required).
    chunk_rows
        Rows per chunk (performance only).

    Returns
    -------
    numpy.ndarray
        float64 array ``(n_groups, n_gases)``.

    Examples
    --------
    >>> import numpy as np
    >>> factors = np.array([[0.1, 1e-6]])
    >>> amounts = np.array([1.0, 2.0, 3.0])
    >>> ledger_sums(amounts, np.zeros(3, dtype=np.intp), factors, np.zeros(3, dtype=np.intp),
    ...             1, exact=True)
    array([[6.e-01, 6.e-06]])
    """
    table = check_factor_table(factors, name="factors", ndim=2)
    acc: GroupAccumulator
    if exact:
        acc = ExactGroupAccumulator(n_groups, table.shape[1], chunk_rows=chunk_rows)
    else:
        acc = FastGroupAccumulator(n_groups, table.shape[1])
    accumulate_ledger(acc, amounts, factor_index, table, codes, chunk_rows=chunk_rows)
    return acc.result()


def ledger_rows(
    amounts: npt.NDArray[np.float64],
    factor_index: npt.NDArray[np.integer],
    factors: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Dense per-row, per-gas emissions ``amounts[:, None] * factors[factor_index]``.

    Only for callers that ask for row-level results (for example a row-level
    audit export, GHG Protocol Corporate Standard, Chapter 9 "optional
    information"); the totals never build this array.

    Parameters
    ----------
    amounts, factor_index, factors
        As in :func:`accumulate_ledger`.

    Returns
    -------
    numpy.ndarray
        float64 array ``(n_rows, n_gases)``.

    Examples
    --------
    >>> import numpy as np
    >>> ledger_rows(np.array([2.0, 3.0]), np.array([1, 0]), np.array([[1.0, 0.5], [4.0, 0.0]]))
    array([[8. , 0. ],
           [3. , 1.5]])
    """
    table = check_factor_table(factors, name="factors", ndim=2)
    amt, idx = _check_rows(amounts, factor_index, table.shape[0])
    out = np.take(table, idx, axis=0)
    try:
        with np.errstate(over="raise"):
            np.multiply(out, amt[:, None], out=out)
    except FloatingPointError:
        with np.errstate(over="ignore"):
            finite_rows = np.isfinite(table[idx] * amt[:, None]).all(axis=1)
        bad = int(np.flatnonzero(~finite_rows)[0])
        raise ActivityDataError(
            f"amount x factor overflows float64 at index {bad}",
            value=float(amt[bad]),
            source="amounts",
            hint="check the amount's unit; products must stay below 1.8e308",
        ) from None
    return out


def fold_gwp(
    factors: npt.NDArray[np.float64], gwp: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """One CO2e factor per factor: ``sum_gas factors[i, gas] * gwp[gas]``, exactly summed.

    CO2e = sum over gases of mass x GWP (IPCC AR6 WG1 Chapter 7, Section 7.6;
    GHG Protocol Corporate Standard, Chapter 9). Each product is rounded once
    and the products are summed with :func:`group_sum_exact`, so the folded
    factor does not depend on the gas order or on BLAS. Note that summing
    folded CO2e factors row by row may differ in the last bits from applying
    the GWP set to the exact per-gas totals: use the per-gas ledger for
    reported figures and this for the fast CO2e path.

    Parameters
    ----------
    factors
        float64 table ``[n_factors, n_gases]``.
    gwp
        float64 GWP per gas, length ``n_gases``.

    Returns
    -------
    numpy.ndarray
        float64 array of length ``n_factors`` (kg CO2e per unit).

    Raises
    ------
    carbonstd.errors.FactorDataError
        Non-finite or mis-shaped tables, or a product that overflows.

    Examples
    --------
    >>> import numpy as np
    >>> fold_gwp(np.array([[1.0, 0.001, 0.0001]]), np.array([1.0, 27.9, 273.0]))
    array([1.0552])
    """
    table = check_factor_table(factors, name="factors", ndim=2)
    weights = check_factor_table(gwp, name="gwp", ndim=1)
    if weights.shape[0] != table.shape[1]:
        raise FactorDataError(
            "gwp has a different length than factors has gas columns",
            value=weights.shape[0],
            source="gwp",
            hint=f"pass one GWP value per gas ({table.shape[1]})",
        )
    try:
        with np.errstate(over="raise"):
            products = table * weights
    except FloatingPointError:
        raise FactorDataError(
            "factor x GWP overflows float64",
            source="factors",
            hint="check the factor units",
        ) from None
    codes = np.repeat(np.arange(table.shape[0], dtype=np.intp), table.shape[1])
    return group_sum_exact(products.reshape(-1), codes, table.shape[0])


def co2e_sums(
    amounts: npt.NDArray[np.float64],
    factor_index: npt.NDArray[np.integer],
    co2e_factors: npt.NDArray[np.float64],
    codes: npt.NDArray[np.integer],
    n_groups: int,
    *,
    exact: bool,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> npt.NDArray[np.float64]:
    """Per-group CO2e ``sum(amount * co2e_factor)`` with folded factors (fast CO2e path).

    Parameters
    ----------
    amounts, factor_index, codes
        As in :func:`accumulate_ledger`.
    co2e_factors
        float64 CO2e factor per factor, from :func:`fold_gwp`.
    n_groups
        Number of groups.
    exact
        Exact (correctly rounded) or fast float64 sums (keyword-only, required).
    chunk_rows
        Rows per chunk (performance only).

    Returns
    -------
    numpy.ndarray
        float64 array of length ``n_groups``.

    Examples
    --------
    >>> import numpy as np
    >>> co2e = fold_gwp(np.array([[1.0, 0.001]]), np.array([1.0, 27.9]))
    >>> co2e_sums(np.array([10.0, 20.0]), np.array([0, 0]), co2e, np.array([0, 1]), 2,
    ...           exact=True)
    array([10.279, 20.558])
    """
    table = check_factor_table(co2e_factors, name="co2e_factors", ndim=1)
    return ledger_sums(
        amounts,
        factor_index,
        table.reshape(-1, 1),
        codes,
        n_groups,
        exact=exact,
        chunk_rows=chunk_rows,
    )[:, 0].copy()
