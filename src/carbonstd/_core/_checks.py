"""Argument checks shared by the kernels.

The kernels sit below every public layer, but they still refuse bad arrays with
a typed :mod:`carbonstd.errors` error instead of letting numpy fail (or, worse,
silently widen an output array because a group code was out of range).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carbonstd.errors import ActivityDataError, FactorDataError

__all__ = [
    "as_codes",
    "as_float_array",
    "check_count",
    "check_factor_table",
    "codes_out_of_range",
]


def check_count(value: object, *, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ActivityDataError(
            f"{name} must be an integer",
            value=value,
            source=name,
            hint=f"pass a Python int >= {minimum}",
        )
    if int(value) < minimum:
        raise ActivityDataError(
            f"{name} must be >= {minimum}",
            value=int(value),
            source=name,
            hint=f"pass a Python int >= {minimum}",
        )
    return int(value)


def as_float_array(values: object, *, name: str, ndim: tuple[int, ...]) -> npt.NDArray[np.float64]:
    """Return ``values`` as a float64 array of one of the dimensions in ``ndim``.

    Only float64 input is accepted: converting integers or float32 here would
    round or widen silently, so the caller must convert (and decide) first.
    """
    arr = values if isinstance(values, np.ndarray) else None
    if arr is None:
        raise ActivityDataError(
            f"{name} must be a numpy float64 array",
            value=type(values).__name__,
            source=name,
            hint="convert with np.asarray(x, dtype=np.float64) after checking the values",
        )
    if arr.dtype != np.float64:
        raise ActivityDataError(
            f"{name} must have dtype float64",
            value=str(arr.dtype),
            source=name,
            hint="convert explicitly with .astype(np.float64) after checking the values",
        )
    if arr.ndim not in ndim:
        raise ActivityDataError(
            f"{name} must have {' or '.join(map(str, ndim))} dimension(s)",
            value=arr.shape,
            source=name,
            hint="pass one value per row (1-D) or one column per gas (2-D)",
        )
    return arr


def as_codes(codes: object, *, name: str, n_rows: int) -> npt.NDArray[np.intp]:
    """Return integer ``codes`` as a 1-D intp array of length ``n_rows``.

    The range is not checked here (that needs a pass over the data); see
    :func:`codes_out_of_range`.
    """
    if not isinstance(codes, np.ndarray) or codes.dtype.kind not in "iu":
        raise ActivityDataError(
            f"{name} must be a numpy integer array",
            value=str(getattr(codes, "dtype", type(codes).__name__)),
            source=name,
            hint="build codes with dense_group_codes or np.unique(..., return_inverse=True)",
        )
    if codes.ndim != 1 or codes.shape[0] != n_rows:
        raise ActivityDataError(
            f"{name} must be 1-D with one code per row ({n_rows} rows)",
            value=codes.shape,
            source=name,
            hint="pass exactly one code per value row",
        )
    if codes.dtype == np.intp:
        return codes
    if codes.dtype.kind == "u" and codes.size and int(codes.max()) > np.iinfo(np.intp).max:
        raise ActivityDataError(
            f"{name} has a code too large for intp",
            value=int(codes.max()),
            source=name,
            hint="codes must be dense: 0 <= code < number of groups",
        )
    return codes.astype(np.intp)


def codes_out_of_range(codes: npt.NDArray[np.intp], limit: int, *, name: str) -> ActivityDataError:
    """Build the error for codes outside ``[0, limit)``, naming the first bad one.

    Only called after a cheap check failed, so the extra passes cost nothing in
    the normal case.
    """
    bad = np.flatnonzero((codes < 0) | (codes >= limit))
    index = int(bad[0]) if bad.size else -1
    value = int(codes[index]) if bad.size else None
    return ActivityDataError(
        f"{name} has a code outside [0, {limit}) at index {index}",
        value=value,
        source=name,
        hint=f"codes must satisfy 0 <= code < {limit}; rebuild them with dense_group_codes",
    )


def check_factor_table(factors: object, *, name: str, ndim: int) -> npt.NDArray[np.float64]:
    """Return a finite float64 factor table (``ndim`` 1 or 2) or raise FactorDataError."""
    if not isinstance(factors, np.ndarray) or factors.dtype != np.float64:
        raise FactorDataError(
            f"{name} must be a numpy float64 array",
            value=str(getattr(factors, "dtype", type(factors).__name__)),
            source=name,
            hint="build the table with np.asarray(..., dtype=np.float64)",
        )
    if factors.ndim != ndim:
        raise FactorDataError(
            f"{name} must have {ndim} dimension(s)",
            value=factors.shape,
            source=name,
            hint="factors are [n_factors, n_gases]; CO2e factors and GWP vectors are 1-D",
        )
    finite = np.isfinite(factors)
    if not finite.all():
        where = np.argwhere(~finite)[0]
        raise FactorDataError(
            f"{name} has a non-finite entry at index {tuple(int(i) for i in where)}",
            value=float(factors[tuple(where)]),
            source=name,
            hint="factor tables must be finite; reject the factor when it is loaded",
        )
    return factors
