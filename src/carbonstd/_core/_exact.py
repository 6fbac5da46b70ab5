"""Exact (correctly rounded) grouped summation of float64 values.

The algorithm is described, with a proof sketch, in ``docs/exact-sums.md``. In
short: every finite double is an integer multiple of ``2**-1074``. The kernel
cuts that integer into 32-bit *levels* on a fixed grid (level ``k`` holds the
bits of weight ``2**(32*k - 1074)`` to ``2**(32*k - 1043)``), extracts each
level of every value with two float64 additions, and sums each level per group
with :func:`numpy.bincount`. Level parts are multiples of the level's unit and
at most ``2**32`` units in magnitude, so at most ``2**21`` of them sum exactly in
float64. Level sums are then folded into per-group int64 digits (base
``2**32``) and the exact integer is rounded once to the nearest double.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carbonstd._core._checks import (
    as_codes,
    as_float_array,
    check_count,
    codes_out_of_range,
)
from carbonstd.errors import ActivityDataError

__all__ = ["DEFAULT_CHUNK_ROWS", "ExactGroupAccumulator", "group_sum_exact", "round_digit_sums"]

#: Bits per level and per int64 digit.
_W = 32
#: Bit position 0 of the grid has weight 2**-1074 (the smallest subnormal).
_BIAS = 1074
#: Rows per bincount: level parts are <= 2**32 units, so 2**21 rows sum exactly.
_MAX_CHUNK = 1 << 21
#: Rows a float level accumulator may take before it is folded into int64 digits.
_FLUSH_ROWS = 1 << 21
#: Default rows per chunk: the working buffers (a few arrays of this size) stay in L2 cache.
DEFAULT_CHUNK_ROWS = 1 << 17
#: Values at least this large are summed separately, scaled down by 2**_BIG_SHIFT,
#: so that the extraction constant 1.5 * 2**(e + 52) never overflows.
_BIG = 2.0**900
_BIG_SHIFT = 512
_MASK = (1 << _W) - 1


def _level_base(level: int) -> int:
    """Binary exponent of the unit of ``level``."""
    return _W * level - _BIAS


def _level_of_exponent(exponent: int) -> int:
    """Level holding the bit of weight ``2**exponent``."""
    return (exponent + _BIAS) // _W


class ExactGroupAccumulator:
    """Streaming exact group sums for ``n_columns`` columns (one per gas).

    Each call to :meth:`add` folds one chunk of rows into the accumulator. The
    value of :meth:`result` is, per group and column, the correctly rounded sum
    (IEEE 754-2019 clause 4.3.1, roundTiesToEven) of every value ever added:
    bit-equal to :func:`math.fsum`, independent of row order and of how the rows
    were split into chunks. This is the kernel behind the exact totals that the
    GHG Protocol Corporate Standard (Chapter 9, "Reporting GHG emissions")
    requires per gas and per scope.

    Parameters
    ----------
    n_groups
        Number of groups; codes must lie in ``[0, n_groups)``.
    n_columns
        Number of value columns (gases); default 1.
    chunk_rows
        Rows processed per pass over the data (default ``2**17``, at most
        ``2**21``). Larger inputs are split; the result does not depend on it.

    Notes
    -----
    Non-finite values (``nan``, ``inf``) are refused with
    :class:`~carbonstd.errors.ActivityDataError`. A total whose correctly
    rounded value exceeds the float64 range is returned as ``+-inf`` (where
    :func:`math.fsum` raises :class:`OverflowError`); a sum that overflows only
    in intermediate steps is returned exactly. A zero total is ``+0.0``, as from
    :func:`math.fsum`.

    Examples
    --------
    >>> import numpy as np
    >>> acc = ExactGroupAccumulator(2, 1)
    >>> acc.add(np.array([1e16, 1.0, 5.0]), np.array([0, 0, 1]))
    >>> acc.add(np.array([-1e16, 1.0]), np.array([0, 0]))
    >>> acc.result()
    array([[2.],
           [5.]])
    """

    def __init__(
        self, n_groups: int, n_columns: int = 1, *, chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> None:
        self.n_groups = check_count(n_groups, name="n_groups")
        self.n_columns = check_count(n_columns, name="n_columns", minimum=1)
        self.chunk_rows = check_count(chunk_rows, name="chunk_rows", minimum=1)
        if self.chunk_rows > _MAX_CHUNK:
            raise ActivityDataError(
                "chunk_rows is larger than the exactness limit",
                value=self.chunk_rows,
                source="chunk_rows",
                hint=f"use at most {_MAX_CHUNK} rows per chunk",
            )
        size = self.n_groups * self.n_columns
        # float64 per-level sums (exact while fewer than _FLUSH_ROWS rows per column).
        self._levels: dict[int, npt.NDArray[np.float64]] = {}
        # The same for values >= 2**900, kept scaled by 2**-512 (key: unscaled level).
        self._big_levels: dict[int, npt.NDArray[np.float64]] = {}
        self._pending = np.zeros(self.n_columns, dtype=np.int64)
        # int64 digits, base 2**32, one array per level; flat index column * n_groups + group.
        self._digits: dict[int, npt.NDArray[np.int64]] = {}
        self._size = size
        self._work = np.empty(0)
        self._part = np.empty(0)

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
            Wrong dtype or shape, a code out of range, or a non-finite value.

        Examples
        --------
        >>> import numpy as np
        >>> acc = ExactGroupAccumulator(1, 2)
        >>> acc.add(np.array([0.1, 0.2, 0.3]), np.array([0, 0, 0]), column=1)
        >>> bool(acc.result()[0, 1] == 0.6)
        True
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
            columns = [(j, arr[:, j]) for j in range(self.n_columns)]
        else:
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
            columns = [(int(column), arr)]
        n = idx.shape[0]
        step = self.chunk_rows
        for start in range(0, n, step):
            stop = min(start + step, n)
            chunk_codes = idx[start:stop]
            for j, col in columns:
                if self._pending[j] + (stop - start) > _FLUSH_ROWS:
                    self._flush()
                self._add_chunk(col[start:stop], chunk_codes, j, start)
                self._pending[j] += stop - start

    def result(self) -> npt.NDArray[np.float64]:
        """Return the correctly rounded sums, shape ``(n_groups, n_columns)``.

        The accumulator is not changed: more rows may be added afterwards.

        Examples
        --------
        >>> import numpy as np
        >>> acc = ExactGroupAccumulator(1)
        >>> acc.add(np.array([1e308, 1.0, -1e308]), np.array([0, 0, 0]))
        >>> acc.result()
        array([[1.]])
        """
        digits = {k: v.copy() for k, v in self._digits.items()}
        _fold_levels(digits, self._levels, 0)
        _fold_levels(digits, self._big_levels, _BIG_SHIFT // _W)
        flat = _round_digits(digits, self._size, self.n_columns)
        return np.ascontiguousarray(flat.reshape(self.n_columns, self.n_groups).T)

    def column_totals(self) -> npt.NDArray[np.float64]:
        """Return the correctly rounded sum over all groups of each column, shape ``(n_columns,)``.

        The exact integer digits of the groups are added before the one rounding, so
        each total is the correctly rounded sum of every value added to the column
        (bit-equal to :func:`math.fsum` of them), not a sum of rounded group sums:
        grouped sums and the grand total come from one pass over the rows (GHG
        Protocol Corporate Standard, Chapter 9: totals and their breakdowns agree).

        Examples
        --------
        >>> import numpy as np
        >>> acc = ExactGroupAccumulator(3)
        >>> acc.add(np.array([0.1, 0.2, 0.3, 1e16, -1e16]), np.array([0, 1, 2, 0, 1]))
        >>> acc.result()[:, 0].tolist()
        [1e+16, -1e+16, 0.3]
        >>> acc.column_totals()  # fsum of all five values, not a sum of the group sums
        array([0.6])
        """
        digits = {k: v.copy() for k, v in self._digits.items()}
        _fold_levels(digits, self._levels, 0)
        _fold_levels(digits, self._big_levels, _BIG_SHIFT // _W)
        totals = {
            level: d.reshape(self.n_columns, self.n_groups).sum(axis=1)
            for level, d in digits.items()
        }
        _normalize(totals)
        return _round_digits(totals, self.n_columns, self.n_columns)

    def digit_table(self) -> tuple[npt.NDArray[np.int64], int]:
        """The exact sums as int64 digit counters: ``(digits, low_level)``.

        ``digits[g, j, k]`` counts units of ``2**(32 * (low_level + k) - 1074)`` in the
        sum of group ``g``, column ``j`` (carried: every digit but the top one of a
        sum lies in ``[0, 2**32)``). Adding the digits of several accumulators adds
        their exact sums; :func:`round_digit_sums` rounds them once. This is how
        sums over a stream of tables whose groups differ are merged exactly.

        Examples
        --------
        >>> import numpy as np
        >>> acc = ExactGroupAccumulator(1)
        >>> acc.add(np.array([0.1, 0.2]), np.array([0, 0]))
        >>> digits, low = acc.digit_table()
        >>> bool(round_digit_sums(digits, low)[0][0, 0] == acc.result()[0, 0])
        True
        """
        digits = {k: v.copy() for k, v in self._digits.items()}
        _fold_levels(digits, self._levels, 0)
        _fold_levels(digits, self._big_levels, _BIG_SHIFT // _W)
        if not digits:
            return np.zeros((self.n_groups, self.n_columns, 1), dtype=np.int64), 0
        low, high = min(digits), max(digits)
        table = np.zeros((self.n_groups, self.n_columns, high - low + 1), dtype=np.int64)
        for level, d in digits.items():
            table[:, :, level - low] = d.reshape(self.n_columns, self.n_groups).T
        return table, low

    # -- internals -------------------------------------------------------------------------

    def _buffers(self, n: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        if self._work.shape[0] < n:
            self._work = np.empty(n)
            self._part = np.empty(n)
        return self._work[:n], self._part[:n]

    def _flush(self) -> None:
        _fold_levels(self._digits, self._levels, 0)
        _fold_levels(self._digits, self._big_levels, _BIG_SHIFT // _W)
        self._levels = {}
        self._big_levels = {}
        self._pending[:] = 0

    def _bincount(
        self, codes: npt.NDArray[np.intp], weights: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        try:
            sums = np.bincount(codes, weights=weights, minlength=self.n_groups).astype(
                np.float64, copy=False
            )
        except ValueError:  # a negative code
            raise codes_out_of_range(codes, self.n_groups, name="codes") from None
        if sums.shape[0] != self.n_groups:
            raise codes_out_of_range(codes, self.n_groups, name="codes")
        return sums

    def _add_level(
        self, level: int, column: int, sums: npt.NDArray[np.float64], *, big: bool
    ) -> None:
        store = self._big_levels if big else self._levels
        acc = store.get(level)
        if acc is None:
            acc = store[level] = np.zeros(self._size)
        view = acc[column * self.n_groups : (column + 1) * self.n_groups]
        np.add(view, sums, out=view)

    def _add_chunk(
        self,
        x: npt.NDArray[np.float64],
        codes: npt.NDArray[np.intp],
        column: int,
        offset: int,
    ) -> None:
        n = x.shape[0]
        if n == 0:
            return
        work, part = self._buffers(n)
        np.abs(x, out=work)
        amax = float(work.max())
        if not np.isfinite(amax):
            bad = int(np.flatnonzero(~np.isfinite(x))[0])
            raise ActivityDataError(
                f"values has a non-finite entry at index {offset + bad}",
                value=float(x[bad]),
                source="values",
                hint="reject NaN and infinite amounts or factors before summing",
            )
        if amax == 0.0:
            if int(codes.min()) < 0 or int(codes.max()) >= self.n_groups:
                raise codes_out_of_range(codes, self.n_groups, name="codes")
            return
        if amax >= _BIG:
            big = work >= _BIG
            scaled = np.where(big, x, 0.0)
            np.ldexp(scaled, -_BIG_SHIFT, out=scaled)
            small = np.where(big, 0.0, x)
            self._add_levels(scaled, codes, column, big=True)
            self._add_levels(small, codes, column, big=False)
            return
        # Smallest non-zero magnitude: non-negative doubles order like their bit patterns,
        # so subtracting 1 from the int64 view sends 0 to the largest uint64.
        ints = work.view(np.int64)
        np.subtract(ints, 1, out=ints)
        amin_bits = int(work.view(np.uint64).min()) + 1
        amin = float(np.array([amin_bits], dtype=np.uint64).view(np.float64)[0])
        self._extract(
            x, codes, column=column, amax=amax, amin=amin, rest=work, part=part, big=False
        )

    def _add_levels(
        self,
        x: npt.NDArray[np.float64],
        codes: npt.NDArray[np.intp],
        column: int,
        *,
        big: bool,
    ) -> None:
        a = np.abs(x)
        amax = float(a.max())
        if amax == 0.0:
            return
        amin = float(np.min(a, where=a > 0.0, initial=np.inf))
        work, part = self._buffers(x.shape[0])
        self._extract(x, codes, column=column, amax=amax, amin=amin, rest=work, part=part, big=big)

    def _extract(
        self,
        x: npt.NDArray[np.float64],
        codes: npt.NDArray[np.intp],
        *,
        column: int,
        amax: float,
        amin: float,
        rest: npt.NDArray[np.float64],
        part: npt.NDArray[np.float64],
        big: bool,
    ) -> None:
        # |x| < 2**top_exp; every bit of every x has weight >= 2**low_exp.
        top_exp = int(np.frexp(amax)[1])
        low_exp = max(int(np.frexp(amin)[1]) - 53, -_BIAS)
        top = _level_of_exponent(top_exp - 1)
        low = _level_of_exponent(low_exp)
        source = x
        for level in range(top, low, -1):
            # fl(x + c) - c rounds x to a multiple of 2**base: |x| < 2**(base + 32) is far
            # below c = 1.5 * 2**(base + 52), so the sum stays in c's binade.
            c = 1.5 * 2.0 ** (_level_base(level) + 52)
            np.add(source, c, out=part)
            np.subtract(part, c, out=part)
            np.subtract(source, part, out=rest)  # exact: |rest| <= 2**(base - 1)
            source = rest
            self._add_level(level, column, self._bincount(codes, part), big=big)
        self._add_level(low, column, self._bincount(codes, source), big=big)


def _fold_levels(
    digits: dict[int, npt.NDArray[np.int64]],
    levels: dict[int, npt.NDArray[np.float64]],
    shift: int,
) -> None:
    """Add float level sums (exact integers times the level unit) into int64 digits.

    ``shift`` is the number of levels the sums were scaled down by (16 for values
    at least 2**900, which are summed as ``x * 2**-512``).
    """
    for scaled_level, sums in levels.items():
        # sums are multiples of 2**base with |sum| <= 2**(base + 53): the scaled value is
        # an integer that int64 holds exactly.
        ints = np.ldexp(sums, -_level_base(scaled_level)).astype(np.int64)
        level = scaled_level + shift
        if level in digits:
            np.add(digits[level], ints, out=digits[level])
        else:
            digits[level] = ints
    _normalize(digits)


def _normalize(digits: dict[int, npt.NDArray[np.int64]]) -> None:
    """Carry so every digit but the top one lies in [0, 2**32); the top one keeps the sign."""
    if not digits:
        return
    low = min(digits)
    level = low
    while level < max(digits):
        d = digits.get(level)
        if d is not None:
            carry = d >> _W
            np.bitwise_and(d, _MASK, out=d)
            if carry.any():
                nxt = digits.get(level + 1)
                if nxt is None:
                    digits[level + 1] = carry
                else:
                    np.add(nxt, carry, out=nxt)
        level += 1
    top = max(digits)
    d = digits[top]
    while bool((np.abs(d) > _MASK).any()):
        # Split the signed top digit towards zero so that a negative total stays finite.
        carry = np.where(d >= 0, d >> _W, -((-d) >> _W))
        d -= carry << _W
        top += 1
        digits[top] = carry
        d = carry


def _round_digits(
    digits: dict[int, npt.NDArray[np.int64]], size: int, n_blocks: int
) -> npt.NDArray[np.float64]:
    """Round the exact sums held as int64 digits to the nearest doubles (ties to even).

    Works column block by column block, each over only the levels it uses (the gases
    of a ledger differ in magnitude by many orders, so their level ranges differ).
    """
    out = np.zeros(size)
    width = size // n_blocks if n_blocks else 0
    for block in range(n_blocks):
        part = slice(block * width, (block + 1) * width)
        used = [level for level, d in digits.items() if d[part].any()]
        if used:
            out[part] = _round_block(
                {level: digits[level][part] for level in digits}, min(used), max(used), width
            )
    return out


def _round_block(
    digits: dict[int, npt.NDArray[np.int64]], low_used: int, high_used: int, size: int
) -> npt.NDArray[np.float64]:
    # Rows: three zero rows below (so t - 1 and t - 2 exist), the used levels, and two
    # rows above for carries; digits outside the used range are zero for this block.
    low = low_used - 3
    table = np.zeros((high_used + 2 - low + 1, size), dtype=np.int64)
    for level in range(low_used, high_used + 1):
        d = digits.get(level)
        if d is not None:
            table[level - low] = d
    rows = list(range(table.shape[0]))
    _carry_rows(table, rows)
    negative = table[-1] < 0
    np.multiply(table, np.where(negative, -1, 1), out=table)
    _carry_rows(table, rows)
    nonzero = table != 0
    any_nonzero = nonzero.any(axis=0)
    top = table.shape[0] - 1 - np.argmax(nonzero[::-1], axis=0)
    top = np.where(any_nonzero, top, 3)
    bottom = np.argmax(nonzero, axis=0)  # lowest non-zero row
    cols = np.arange(size)
    d0 = table[top, cols].astype(np.uint64)
    d1 = table[top - 1, cols].astype(np.uint64)
    d2 = table[top - 2, cols].astype(np.uint64)
    below = bottom < top - 2  # a non-zero digit below the three top ones
    bits = np.frexp(d0.astype(np.float64))[1].astype(np.uint64)  # 1..32 (0 for zero groups)
    hi = (d0 << np.uint64(_W)) | d1  # 32 + bits significant bits
    # 63-bit window of the top bits of hi * 2**32 + d2 (which has 64 + bits bits).
    shift_up = np.where(bits <= 31, np.uint64(31) - np.minimum(bits, np.uint64(31)), 0)
    shift_d2 = np.minimum(bits + np.uint64(1), np.uint64(32))
    window_small = (hi << shift_up.astype(np.uint64)) | (d2 >> shift_d2)
    lost_small = d2 & ((np.uint64(1) << shift_d2) - np.uint64(1))
    window_full = hi >> np.uint64(1)
    lost_full = (hi & np.uint64(1)) | d2
    full = bits == 32
    window = np.where(full, window_full, window_small)
    lost = np.where(full, lost_full, lost_small)
    sticky = ((lost != 0) | below).astype(np.uint64)
    window |= sticky
    # Exponent of the window's last bit: level base of row top-2 plus (bits + 1).
    levels = (top + low).astype(np.int64)
    exponent = _W * (levels - 2) - _BIAS + bits.astype(np.int64) + 1
    with np.errstate(over="ignore", under="ignore"):
        value = np.ldexp(window.astype(np.int64).astype(np.float64), exponent)
    value = np.where(any_nonzero, value, 0.0)
    return np.where(negative, -value, value)


def _carry_rows(table: npt.NDArray[np.int64], rows: list[int]) -> None:
    for i in rows[:-1]:
        carry = table[i] >> _W
        table[i] &= _MASK
        table[i + 1] += carry


def group_sum_exact(
    values: npt.NDArray[np.float64],
    codes: npt.NDArray[np.integer],
    n_groups: int,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> npt.NDArray[np.float64]:
    """Correctly rounded sum of ``values`` per group.

    For each group ``g`` the result is the float64 nearest (ties to even, IEEE
    754-2019 clause 4.3.1) to the exact real sum of ``values[codes == g]``:
    bit-equal to ``math.fsum`` of those values, whatever the row order, the
    number of rows or the magnitudes (subnormals, cancellation, values near
    ``1.8e308``). This is how carbonstd makes totals per gas and per scope
    (GHG Protocol Corporate Standard, Chapter 9) deterministic to the byte.

    Parameters
    ----------
    values
        1-D float64 array of finite values.
    codes
        Integer group code per row, in ``[0, n_groups)``.
    n_groups
        Number of groups (length of the result).
    chunk_rows
        Rows per pass (performance only; the result does not depend on it).

    Returns
    -------
    numpy.ndarray
        float64 array of length ``n_groups``; groups without rows are ``0.0``.

    Raises
    ------
    carbonstd.errors.ActivityDataError
        Non-float64 values, non-integer codes, a shape mismatch, a code outside
        ``[0, n_groups)`` or a non-finite value (named with its index).

    See Also
    --------
    ExactGroupAccumulator : the same sums over a stream of chunks.

    Notes
    -----
    Cost: about one :func:`numpy.bincount` per 32 bits of dynamic range of the
    values in a chunk (three to five for usual data) plus a few element-wise
    passes. See ``docs/exact-sums.md``.

    Examples
    --------
    >>> import numpy as np
    >>> values = np.array([1e16, 1.0, -1e16, 1.0, 0.1, 0.2])
    >>> codes = np.array([0, 0, 0, 0, 1, 1])
    >>> group_sum_exact(values, codes, 3)
    array([2. , 0.3, 0. ])
    >>> np.bincount(codes, weights=values, minlength=3)  # plain float64 summation
    array([1. , 0.3, 0. ])
    """
    arr = as_float_array(values, name="values", ndim=(1,))
    acc = ExactGroupAccumulator(check_count(n_groups, name="n_groups"), 1, chunk_rows=chunk_rows)
    acc.add(arr, codes)
    return acc.result()[:, 0].copy()


def round_digit_sums(
    digits: npt.NDArray[np.int64], low_level: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Round exact sums held as int64 digit counters: per group and column, and per column.

    ``digits[g, j, k]`` counts units of ``2**(32 * (low_level + k) - 1074)`` (the grid of
    this module's levels) added to group ``g``, column ``j``; counters may be negative or
    exceed ``2**32`` (carries are done here). This is the last step of a compiled
    row kernel that adds each term's significand, cut into 32-bit digits, into the
    counters: the results are the same correctly rounded sums (bit-equal to
    :func:`math.fsum`) as :class:`ExactGroupAccumulator` gives for the same terms.

    Parameters
    ----------
    digits
        int64 array of shape ``(n_groups, n_columns, n_levels)``.
    low_level
        Level of ``digits[:, :, 0]``.

    Returns
    -------
    sums, totals
        ``(n_groups, n_columns)`` group sums and ``(n_columns,)`` column totals (the
        correctly rounded sum of every term of the column, not of the group sums).

    Examples
    --------
    >>> import numpy as np
    >>> d = np.zeros((2, 1, 3), dtype=np.int64)
    >>> d[0, 0, 0] = 3       # 3 units of level 33: 3 * 2**(32*33 - 1074) = 3 * 2**-18
    >>> d[1, 0, 1] = -1      # -1 unit of level 34: -2**14
    >>> sums, totals = round_digit_sums(d, 33)
    >>> sums[:, 0].tolist() == [3 * 2.0**-18, -(2.0**14)]
    True
    >>> totals.tolist() == [3 * 2.0**-18 - 2.0**14]
    True
    """
    n_groups, n_columns, n_levels = digits.shape
    size = n_groups * n_columns
    levels: dict[int, npt.NDArray[np.int64]] = {}
    for k in range(n_levels):
        plane = digits[:, :, k]
        if plane.any():
            levels[low_level + k] = np.ascontiguousarray(plane.T).reshape(-1)
    if not levels or size == 0:
        return np.zeros((n_groups, n_columns)), np.zeros(n_columns)
    _normalize(levels)
    flat = _round_digits({k: v.copy() for k, v in levels.items()}, size, n_columns)
    sums = np.ascontiguousarray(flat.reshape(n_columns, n_groups).T)
    totals = {level: d.reshape(n_columns, n_groups).sum(axis=1) for level, d in levels.items()}
    _normalize(totals)
    return sums, _round_digits(totals, n_columns, n_columns)
