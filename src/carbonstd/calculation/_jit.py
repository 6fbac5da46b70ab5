"""Compiled row kernels (numba, the ``accel`` extra): one fused loop per pass over the rows.

Imported only through :func:`carbonstd.calculation._rows.jit_kernels`, when numba is
installed and the table is large enough for compilation to pay. Each kernel does in
one loop what the numpy path (:mod:`carbonstd.calculation._rows`) does in chunked
passes, with the same arithmetic, so the exact sums are bit-identical. The kernels
release the GIL (``nogil``): the caller runs row parts on plain Python threads, so
numba's own threading layers (OpenMP, TBB, workqueue), which are not both fork-safe
and thread-safe, are never used.

- the row's effective factor of gas ``j`` is ``fl(m * v_j)``: the unit multiplier
  ``m`` (per factor unit class and activity unit) times the factor's value, rounded
  once, as in :attr:`Emissions.factor_table`;
- the row's term is ``fl(amount * fl(m * v_j))``;
- exact sums add each term's integer significand, cut into 32-bit digits on the grid
  of :mod:`carbonstd._core._exact` (digit ``k`` has weight ``2**(32*k - 1074)``), into
  int64 digit counters per (group, gas); the carries and the one rounding are done
  afterwards by :func:`carbonstd._core.round_digit_sums`.

This module imports numba at import time; nothing else in carbonstd does.
"""

# Kernel code for numba's compiler: its intrinsics take a typing context when compiled,
# which mypy cannot follow, so this module is not type-checked; the typed entry point
# is carbonstd.calculation._rows (mypy --strict).
# mypy: ignore-errors
# ruff: noqa: PLR0917

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

_OPTS: dict[str, Any] = {"cache": True, "nogil": True, "boundscheck": False, "error_model": "numpy"}


@intrinsic
def _bits(typingctx: Any, x: Any) -> Any:
    """The IEEE 754 bit pattern of a float64 as an int64 (a register move)."""
    sig = types.int64(types.float64)

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.bitcast(args[0], context.get_value_type(types.int64))

    return sig, codegen


@intrinsic
def _prefetch(typingctx: Any, arr: Any, offset: Any) -> Any:
    """Hint the CPU to load the cache line of ``arr.flat[offset]`` (LLVM ``prefetch``)."""
    sig = types.void(arr, offset)

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        ary = context.make_array(signature.args[0])(context, builder, args[0])
        byte_ptr = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        fnty = ir.FunctionType(ir.VoidType(), [byte_ptr, i32, i32, i32])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0")
        ptr = builder.bitcast(builder.gep(ary.data, [args[1]]), byte_ptr)
        # read, high temporal locality, data cache
        builder.call(fn, [ptr, ir.Constant(i32, 0), ir.Constant(i32, 3), ir.Constant(i32, 1)])
        return context.get_dummy_value()

    return sig, codegen


#: Rows ahead whose factor row and group counters are prefetched.
_AHEAD = 16


@numba.njit(**_OPTS)
def presence(a, r, y, u, n_r, n_y, y0, n_u, seen):
    """``seen[key] = True`` for the (activity, region, year, unit) key of every row."""
    for i in range(a.shape[0]):
        key = ((np.int64(a[i]) * n_r + r[i]) * n_y + (y[i] - y0)) * n_u + u[i]
        seen[key] = True


@numba.njit(**_OPTS)
def amount_range(amount):
    """Largest magnitude and smallest non-zero magnitude of the amounts (inf if none)."""
    hi = 0.0
    lo = np.inf
    for i in range(amount.shape[0]):
        x = abs(amount[i])
        hi = max(hi, x)
        if 0.0 < x < lo:
            lo = x
    return hi, lo


@numba.njit(**_OPTS)
def _triple(i, a, r, y, n_r, n_y, y0, tlut):
    # Unsigned indices: numba adds no negative-index wraparound code for them.
    return tlut[np.uint64((np.int64(a[i]) * n_r + r[i]) * n_y + (y[i] - y0))]


@numba.njit(**_OPTS)
def _group(i, g0, g1, g2, s1, s2):
    return np.uint64((np.int64(g0[i]) * s1 + g1[i]) * s2 + g2[i])


@numba.njit(inline="always", **_OPTS)
def _factor_of(i, a, r, y, u, n_r, n_y, y0, n_u, tlut, val, mtab, ctab, n_gases):
    """Row ``i``'s factor: ``(row of val, multiplier, True)`` for a normal triple.

    ``(row of spec, 1.0, False)`` for a special one, ``(-1, 0.0, False)`` without a factor.
    """
    e = np.int64(_triple(i, a, r, y, n_r, n_y, y0, tlut))
    if e >= 0:
        row = np.uint64(e)
        return e, mtab[np.uint64(np.int64(val[row, n_gases]) * n_u + u[i])], True
    if e == -1:
        return np.int64(-1), 0.0, False
    return np.int64(ctab[(-2 - e) * n_u + u[i]]), 1.0, False


@numba.njit(**_OPTS)
def exact_rows(rows, keys, tables, groups, digits, lo_level, present, start, stop):
    """Add rows ``start:stop`` into ``digits[group, gas, level - lo_level]``.

    Returns -1, or the row whose product overflowed (``-2 - row`` if a term fell
    outside the digit window, which the caller's bounds rule out).
    """
    amount, a, r, y, u = rows
    n_r, n_y, y0, n_u = keys
    tlut, val, mtab, ctab, spec = tables
    g0, g1, g2, s1, s2 = groups
    n_gases = digits.shape[1]
    n_levels = digits.shape[2]
    width = val.shape[1]
    per_group = n_gases * n_levels
    end = np.uint64(stop)
    for i in range(np.uint64(start), end):
        ahead = i + np.uint64(_AHEAD)
        if ahead < end:
            e2 = _triple(ahead, a, r, y, n_r, n_y, y0, tlut)
            if e2 >= 0:
                _prefetch(val, e2 * width)
            block = _group(ahead, g0, g1, g2, s1, s2) * per_group
            for line in range(0, per_group, 8):
                _prefetch(digits, block + line)
        e, m, normal = _factor_of(i, a, r, y, u, n_r, n_y, y0, n_u, tlut, val, mtab, ctab, n_gases)
        if e < 0:
            continue
        g = _group(i, g0, g1, g2, s1, s2)
        present[g] = True
        x = amount[i]
        for j in range(n_gases):
            t = x * (m * val[e, j]) if normal else x * spec[e, j]
            b = _bits(t)
            if (b & 0x7FFFFFFFFFFFFFFF) == 0:
                continue
            ex = (b >> 52) & 0x7FF
            if ex == 0x7FF:
                return i
            sig = b & 0xFFFFFFFFFFFFF
            p = np.int64(0)
            if ex > 0:
                sig |= np.int64(1) << 52
                p = ex - 1
            k = (p >> 5) - lo_level
            if k < 0 or k + 2 >= n_levels:
                return -2 - i
            sh = p & 31
            lo = (sig & 0xFFFFFFFF) << sh
            hi = (sig >> 32) << sh
            d0 = lo & 0xFFFFFFFF
            d1 = (lo >> 32) + (hi & 0xFFFFFFFF)
            d2 = hi >> 32
            if b < 0:
                d0 = -d0
                d1 = -d1
                d2 = -d2
            digits[g, j, k] += d0
            digits[g, j, k + 1] += d1
            digits[g, j, k + 2] += d2
    return -1


@numba.njit(**_OPTS)
def fast_rows(rows, keys, tables, groups, sums, totals, present, start, stop):
    """Float64 sums of rows ``start:stop`` in row order into ``sums[group, gas]`` and ``totals``.

    Returns -1, or the row whose product overflowed.
    """
    amount, a, r, y, u = rows
    n_r, n_y, y0, n_u = keys
    tlut, val, mtab, ctab, spec = tables
    g0, g1, g2, s1, s2 = groups
    n_gases = sums.shape[1]
    width = val.shape[1]
    end = np.uint64(stop)
    for i in range(np.uint64(start), end):
        ahead = i + np.uint64(_AHEAD)
        if ahead < end:
            e2 = _triple(ahead, a, r, y, n_r, n_y, y0, tlut)
            if e2 >= 0:
                _prefetch(val, e2 * width)
            _prefetch(sums, _group(ahead, g0, g1, g2, s1, s2) * n_gases)
        e, m, normal = _factor_of(i, a, r, y, u, n_r, n_y, y0, n_u, tlut, val, mtab, ctab, n_gases)
        if e < 0:
            continue
        g = _group(i, g0, g1, g2, s1, s2)
        present[g] = True
        x = amount[i]
        for j in range(n_gases):
            t = x * (m * val[e, j]) if normal else x * spec[e, j]
            if not np.isfinite(t):
                return i
            sums[g, j] += t
            totals[j] += t
    return -1
