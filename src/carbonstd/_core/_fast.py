"""Plain float64 group sums (the fast, not exactly rounded path)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carbonstd._core._checks import as_codes, as_float_array, check_count, codes_out_of_range
from carbonstd.errors import ActivityDataError

__all__ = ["FastGroupAccumulator"]


class FastGroupAccumulator:
    """Streaming float64 group sums with :func:`numpy.bincount` (fast, not exact).

    Same interface as :class:`~carbonstd._core.ExactGroupAccumulator`. Each group
    sum is accumulated in float64 in an order that depends on the chunking, so
    results may differ in the last bits between runs with different chunk sizes
    or row orders; use the exact accumulator for reported totals (GHG Protocol
    Corporate Standard, Chapter 9) and this one for previews and sensitivity runs.

    Parameters
    ----------
    n_groups
        Number of groups; codes must lie in ``[0, n_groups)``.
    n_columns
        Number of value columns (gases); default 1.

    Notes
    -----
    Error bound (Higham, *Accuracy and Stability of Numerical Algorithms*,
    2nd ed., section 4.2): a group with ``n`` values ``x_i`` is summed by
    :func:`numpy.bincount` within each chunk and the chunk sums are added to
    the running total; no value passes through more than ``n - 1`` roundings,
    so ``|computed - exact| <= gamma_(n-1) * sum |x_i|`` with ``gamma_k = k u /
    (1 - k u)`` and ``u = 2**-53``, i.e. about ``(n - 1) * u * sum |x_i|``.
    With cancellation the *relative* error of the total is unbounded; see
    ``docs/exact-sums.md``.
    ``nan`` and ``inf`` propagate as in IEEE 754 arithmetic; they are not
    rejected here.

    Examples
    --------
    >>> import numpy as np
    >>> acc = FastGroupAccumulator(2, 1)
    >>> acc.add(np.array([0.5, 1.5, 2.0]), np.array([0, 1, 1]))
    >>> acc.result()
    array([[0.5],
           [3.5]])
    """

    def __init__(self, n_groups: int, n_columns: int = 1) -> None:
        self.n_groups = check_count(n_groups, name="n_groups")
        self.n_columns = check_count(n_columns, name="n_columns", minimum=1)
        self._sums = np.zeros((self.n_columns, self.n_groups))

    def add(
        self,
        values: npt.NDArray[np.float64],
        codes: npt.NDArray[np.integer],
        *,
        column: int | None = None,
    ) -> None:
        """Add rows: ``values`` is ``[n_rows, n_columns]``, or 1-D for one column.

        Parameters
        ----------
        values
            float64 values, 2-D with one column per accumulator column, or 1-D
            when ``n_columns == 1`` or when ``column`` is given.
        codes
            Integer group code of each row, in ``[0, n_groups)``.
        column
            With 1-D ``values``: the accumulator column they belong to.

        Raises
        ------
        carbonstd.errors.ActivityDataError
            Wrong dtype or shape, or a code out of range.

        Examples
        --------
        >>> import numpy as np
        >>> acc = FastGroupAccumulator(1, 2)
        >>> acc.add(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 0]))
        >>> acc.result()
        array([[4., 6.]])
        """
        arr = as_float_array(values, name="values", ndim=(1, 2))
        idx = as_codes(codes, name="codes", n_rows=arr.shape[0])
        if arr.ndim == 2:
            if column is not None or arr.shape[1] != self.n_columns:
                raise ActivityDataError(
                    "2-D values must have one column per accumulator column",
                    value=arr.shape,
                    source="values",
                    hint=f"pass shape (n_rows, {self.n_columns}) and no column=",
                )
            for j in range(self.n_columns):
                self._add_column(j, arr[:, j], idx)
            return
        if column is None:
            if self.n_columns != 1:
                raise ActivityDataError(
                    "1-D values need column= when the accumulator has several columns",
                    value=self.n_columns,
                    source="column",
                    hint="pass column=j or 2-D values",
                )
            column = 0
        if isinstance(column, bool) or not 0 <= column < self.n_columns:
            raise ActivityDataError(
                f"column must be in [0, {self.n_columns})",
                value=column,
                source="column",
                hint="pass the index of the gas column",
            )
        self._add_column(int(column), arr, idx)

    def _add_column(
        self, column: int, values: npt.NDArray[np.float64], codes: npt.NDArray[np.intp]
    ) -> None:
        try:
            sums = np.bincount(codes, weights=values, minlength=self.n_groups)
        except ValueError:  # a negative code
            raise codes_out_of_range(codes, self.n_groups, name="codes") from None
        if sums.shape[0] != self.n_groups:
            raise codes_out_of_range(codes, self.n_groups, name="codes")
        row = self._sums[column]
        np.add(row, sums, out=row)

    def result(self) -> npt.NDArray[np.float64]:
        """Return the float64 sums, shape ``(n_groups, n_columns)``.

        Examples
        --------
        >>> FastGroupAccumulator(3).result().shape
        (3, 1)
        """
        return np.ascontiguousarray(self._sums.T)
