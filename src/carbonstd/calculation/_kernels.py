"""The engine's calls into the numpy kernels of :mod:`carbonstd._core`."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carbonstd._core import group_sum_exact, ledger_sums


def group_sums(
    amount: npt.NDArray[np.float64],
    factor_index: npt.NDArray[np.intp],
    factor_table: npt.NDArray[np.float64],
    group_codes: npt.NDArray[np.intp],
    n_groups: int,
    *,
    exact: bool,
    chunk_rows: int,
) -> npt.NDArray[np.float64]:
    """Per group and gas: sum over rows of ``amount[i] * factor_table[factor_index[i], gas]``.

    Rows with ``factor_index < 0`` (unresolved) point at an extra all-zero
    factor row, so they add exact zeros and change no sum. The kernel works in
    chunks and gas by gas (no rows x gases array). With ``exact`` every sum
    is correctly rounded (bit-equal to :func:`math.fsum`), whatever the row
    order and chunking.
    """
    n_gases = factor_table.shape[1]
    if n_gases == 0 or n_groups == 0 or amount.shape[0] == 0:
        return np.zeros((n_groups, n_gases), dtype=np.float64)
    table = np.vstack([factor_table, np.zeros((1, n_gases))])
    index = np.where(factor_index < 0, factor_table.shape[0], factor_index)
    return ledger_sums(
        amount, index, table, group_codes, n_groups, exact=exact, chunk_rows=chunk_rows
    )


def exact_row_sums(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Correctly rounded sum of each row of a 2-D array (bit-equal to math.fsum per row)."""
    n_rows, n_cols = values.shape
    if n_rows == 0 or n_cols == 0:
        return np.zeros(n_rows, dtype=np.float64)
    codes = np.repeat(np.arange(n_rows, dtype=np.intp), n_cols)
    return group_sum_exact(np.ascontiguousarray(values).reshape(-1), codes, n_rows)
