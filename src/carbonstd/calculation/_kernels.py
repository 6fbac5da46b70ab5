"""Small exact helpers of the calculation (row sums of group tables)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carbonstd._core import group_sum_exact


def exact_row_sums(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Correctly rounded sum of each row of a 2-D array (bit-equal to math.fsum per row)."""
    n_rows, n_cols = values.shape
    if n_rows == 0 or n_cols == 0:
        return np.zeros(n_rows, dtype=np.float64)
    codes = np.repeat(np.arange(n_rows, dtype=np.intp), n_cols)
    return group_sum_exact(np.ascontiguousarray(values).reshape(-1), codes, n_rows)
