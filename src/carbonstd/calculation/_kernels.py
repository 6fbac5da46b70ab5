"""The engine's row pipeline: per chunk, gather effective factors, scale, sum per group and gas."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from carbonstd._core import ExactGroupAccumulator, FastGroupAccumulator, group_sum_exact
from carbonstd.errors import ActivityDataError


def ledger_pass(
    amount: npt.NDArray[np.float64],
    row_index: npt.NDArray[np.intp],
    factors: npt.NDArray[np.float64],
    columns: Sequence[tuple[npt.NDArray[np.integer], int]] | npt.NDArray[np.intp],
    n_groups: int,
    *,
    n_found: int,
    any_unresolved: bool,
    exact: bool,
    chunk_rows: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """One pass over the rows: per-group and per-gas sums, group presence and gas totals.

    Row ``i`` adds ``amount[i] * factors[row_index[i], gas]`` to its group (GHG
    Protocol Corporate Standard ch. 6: activity data x emission factor, summed per
    gas as ch. 9 reports it). ``factors`` has an all-zero last row ``n_found`` that
    rows without a factor point at: they add exact zeros and do not make their group
    present. Groups are the mixed-radix key of ``columns`` (``(codes, size)`` pairs,
    computed per chunk), or given per row as an intp array. Work is chunked with
    reused buffers; no rows x gases array is made.

    With ``exact`` the sums are correctly rounded (bit-equal to :func:`math.fsum`,
    independent of row order and chunking), and the totals are the correctly rounded
    sums over every row, from the same integer digits. Without, float64 sums:
    :func:`numpy.bincount` per chunk for groups, :func:`numpy.sum` per chunk for totals
    (the same numbers whichever grouping is asked, for a given ``chunk_rows``).

    Returns
    -------
    sums, present, totals
        ``(n_groups, n_gases)`` sums, whether each group has a row with a factor, and
        ``(n_gases,)`` totals.
    """
    n = amount.shape[0]
    n_gases = factors.shape[1]
    # Row-major: one random access per row fetches every gas of its factor.
    table = np.ascontiguousarray(factors)
    acc: ExactGroupAccumulator | FastGroupAccumulator
    if exact:
        acc = ExactGroupAccumulator(n_groups, max(n_gases, 1), chunk_rows=chunk_rows)
    else:
        acc = FastGroupAccumulator(n_groups, max(n_gases, 1))
    totals = np.zeros(n_gases)
    present = np.zeros(n_groups, dtype=np.bool_)
    step = max(min(chunk_rows, n), 1)
    gathered = np.empty((step, n_gases))
    buf = np.empty(step)
    keys = np.zeros(step, dtype=np.intp)
    for start in range(0, n, step):
        stop = min(start + step, n)
        m = stop - start
        rows = row_index[start:stop]
        amt = amount[start:stop]
        if isinstance(columns, np.ndarray):
            codes = columns[start:stop]
        else:
            codes = keys[:m]
            _mixed_radix(columns, start, stop, codes)
        if any_unresolved:
            present[codes[rows < n_found]] = True
        else:
            present[codes] = True
        rows_f = gathered[:m]
        np.take(table, rows, axis=0, out=rows_f)
        out = buf[:m]
        for j in range(n_gases):
            try:
                with np.errstate(over="raise"):
                    np.multiply(rows_f[:, j], amt, out=out)
            except FloatingPointError:
                raise _overflow(amt, rows_f[:, j], start) from None
            acc.add(out, codes, column=j)
            if not exact:
                totals[j] += out.sum()
    sums = acc.result()[:, :n_gases]
    if isinstance(acc, ExactGroupAccumulator) and n_gases:
        totals = acc.column_totals()[:n_gases]
    return sums, present, totals


def _mixed_radix(
    columns: Sequence[tuple[npt.NDArray[np.integer], int]],
    start: int,
    stop: int,
    out: npt.NDArray[np.intp],
) -> None:
    """``out = ((c0 * s1 + c1) * s2 + c2) ...`` for the rows ``start:stop`` of the columns."""
    if not columns:
        out[:] = 0
        return
    first, _ = columns[0]
    out[:] = first[start:stop]
    for codes, size in columns[1:]:
        np.multiply(out, size, out=out)
        np.add(out, codes[start:stop], out=out)


def _overflow(
    amounts: npt.NDArray[np.float64], factors: npt.NDArray[np.float64], offset: int
) -> ActivityDataError:
    with np.errstate(over="ignore"):
        bad = int(np.flatnonzero(~np.isfinite(amounts * factors))[0])
    return ActivityDataError(
        f"amount x factor overflows float64 at row {offset + bad}",
        value=float(amounts[bad]),
        source="amounts",
        hint="check the amount's unit; products must stay below 1.8e308",
    )


def exact_row_sums(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Correctly rounded sum of each row of a 2-D array (bit-equal to math.fsum per row)."""
    n_rows, n_cols = values.shape
    if n_rows == 0 or n_cols == 0:
        return np.zeros(n_rows, dtype=np.float64)
    codes = np.repeat(np.arange(n_rows, dtype=np.intp), n_cols)
    return group_sum_exact(np.ascontiguousarray(values).reshape(-1), codes, n_rows)
