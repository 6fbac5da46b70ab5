"""Numpy-only kernels of the calculation engine.

Nothing here imports pint, attrs or does I/O, and no kernel loops in Python
over rows (only over chunks, levels or gases). Public layers validate and
convert units first; these kernels still refuse bad arrays with typed
:mod:`carbonstd.errors` errors.

- :func:`group_sum_exact`, :class:`ExactGroupAccumulator`: correctly rounded
  group sums (bit-equal to :func:`math.fsum`, order independent).
- :class:`FastGroupAccumulator`: plain float64 :func:`numpy.bincount` sums.
- :func:`accumulate_ledger`, :func:`ledger_sums`, :func:`ledger_rows`: gather
  factors per row, scale by amounts, sum per group and gas.
- :func:`fold_gwp`, :func:`co2e_sums`: the fast CO2e path with one folded
  CO2e factor per factor.
- :func:`dense_group_codes`: dense group codes from several code columns.
- :func:`round_digit_sums`: the rounding step for exact sums kept as int64 digits
  (by the compiled row kernels of the ``accel`` extra).

Examples
--------
>>> import numpy as np
>>> from carbonstd._core import group_sum_exact
>>> group_sum_exact(np.array([0.1] * 10), np.zeros(10, dtype=np.intp), 1)
array([1.])
"""

from __future__ import annotations

from carbonstd._core._codes import dense_group_codes
from carbonstd._core._exact import (
    DEFAULT_CHUNK_ROWS,
    ExactGroupAccumulator,
    group_sum_exact,
    round_digit_sums,
)
from carbonstd._core._fast import FastGroupAccumulator
from carbonstd._core._ledger import (
    GroupAccumulator,
    accumulate_ledger,
    co2e_sums,
    fold_gwp,
    ledger_rows,
    ledger_sums,
)

__all__ = [
    "DEFAULT_CHUNK_ROWS",
    "ExactGroupAccumulator",
    "FastGroupAccumulator",
    "GroupAccumulator",
    "accumulate_ledger",
    "co2e_sums",
    "dense_group_codes",
    "fold_gwp",
    "group_sum_exact",
    "ledger_rows",
    "ledger_sums",
    "round_digit_sums",
]
