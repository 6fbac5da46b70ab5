"""The row plan: how each activity row finds its effective factor without a per-row index.

:func:`~carbonstd.calculation.calculate` resolves one factor per distinct
(activity, region, year, unit) combination. Rows are not given an index into the
table of those combinations (that would be a per-row array as large as a column,
and a random access into a table of every combination). Instead a row is looked up
from its own codes:

- the (activity, region, year) *triple* of the row indexes ``tlut``, a dense table
  over the triple key space (or, for very wide key spaces, a per-row triple code);
- a *normal* triple (one factor for all its units, same-dimension conversions only)
  has a row of ``val``: the factor's kg per unit of each ledger gas and, in the last
  column, its unit class; the multiplier from the row's unit to the factor's unit is
  ``mtab[class * n_units + unit]``; the row's effective factor of gas ``j`` is
  ``fl(multiplier * val[t, j])``, the same float64 product as
  :attr:`Emissions.factor_table` holds for that combination;
- a *special* triple (factors that differ by unit, or fuel-property conversions,
  which depend on the region) looks its combination up in ``ctab`` per unit; its
  effective factors are stored whole in ``spec``;
- a triple without any factor is ``-1``: the row is unresolved.

Passes over the rows run chunk by chunk in numpy, or in one compiled loop
(:mod:`carbonstd.calculation._jit`) when the ``accel`` extra (numba) is installed
and the table is large. Both give bit-identical exact sums.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd._core import ExactGroupAccumulator, FastGroupAccumulator, round_digit_sums
from carbonstd.activities import ActivityTable
from carbonstd.errors import ActivityDataError

#: Combination key spaces up to this size always use presence tables; up to _DENSE_MAX
#: when that is at most four entries per row; wider spaces are deduplicated with a sort.
_DENSE_MIN = 1 << 20
_DENSE_MAX = 1 << 26
#: Rows from which the compiled kernels are used when numba is installed (below, the
#: compilation or loading of the kernels costs more than it saves).
JIT_MIN_ROWS = 1 << 17
#: Rows per call of the compiled exact kernel: int64 digit counters grow by < 2**33
#: per row, so 2**29 rows cannot overflow them; carries are done between calls.
_JIT_BLOCK = 1 << 29
#: The compiled passes cut the rows into parts of at least this many rows, at most
#: _MAX_PARTS of them, run on Python threads (one per CPU at most). Exact sums do not
#: depend on the cut; float64 sums (exact=False) do, and the cut depends only on the
#: row count.
_PART_ROWS = 1 << 21
_MAX_PARTS = 4
#: The compiled exact kernel is used while its digit counters take at most this many bytes.
_JIT_DIGIT_BYTES = 1 << 28
#: The exact accumulator's largest chunk (its exactness limit, 2**21 rows).
_EXACT_CHUNK_MAX = 1 << 21
#: Environment variable: "0" never uses numba, "1" always does (tests), "auto" (default)
#: from JIT_MIN_ROWS rows.
JIT_ENV = "CARBONSTD_JIT"

Groups: TypeAlias = Sequence[tuple[npt.NDArray[np.integer], int]] | npt.NDArray[np.intp]
#: Multipliers by unit class: (class key, activity unit code, multiplier) arrays.
ClassMult: TypeAlias = tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.float64]]


def jit_kernels(n_rows: int) -> ModuleType | None:
    """The compiled kernels module, or None to use the numpy path."""
    mode = os.environ.get(JIT_ENV, "auto").strip().lower()
    forced = mode in ("1", "yes", "on", "true")
    if mode in ("0", "no", "off", "false") or (not forced and n_rows < JIT_MIN_ROWS):
        return None
    try:
        from carbonstd.calculation import _jit
    except Exception:  # numba missing or unusable: the numpy path gives the same sums
        return None
    return _jit


@attrs.frozen(eq=False)
class RowPlan:
    """Lookup tables from a row's codes to its effective factor (see the module docstring)."""

    n_regions: int
    n_years: int
    year0: int
    n_units: int
    #: Per triple key (or per triple, with ``row_triple``): triple, -1 missing, -2-j special j.
    tlut: npt.NDArray[np.int32]
    #: Per row, its triple (only when the key space is too wide for ``tlut``), else None.
    row_triple: npt.NDArray[np.intp] | None
    #: (n_triples + 1, n_gases + 1): kg per factor unit per gas, then the unit class.
    val: npt.NDArray[np.float64]
    #: (n_classes * n_units,): multiplier from activity unit to factor unit per class.
    mtab: npt.NDArray[np.float64]
    #: (n_special * n_units,): row of ``spec`` per special triple and unit, -1 if none.
    ctab: npt.NDArray[np.int32]
    #: (n_special_combinations + 1, n_gases): effective factors of special combinations.
    spec: npt.NDArray[np.float64]

    @property
    def n_gases(self) -> int:
        return int(self.val.shape[1]) - 1

    def key_columns(
        self, table: ActivityTable
    ) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], int, int, int]:
        """(a, r, y, n_r, n_y, y0): the key ``(a*n_r + r)*n_y + y - y0`` indexes tlut."""
        if self.row_triple is None:
            return (
                table.activity.codes,
                table.region.codes,
                table.year,
                self.n_regions,
                self.n_years,
                self.year0,
            )
        zeros = np.broadcast_to(np.zeros(1, dtype=np.int32), self.row_triple.shape)
        return self.row_triple, zeros, zeros, 1, 1, 0

    def triples(self, table: ActivityTable, start: int, stop: int) -> npt.NDArray[np.int32]:
        """The ``tlut`` code of rows ``start:stop``: triple, -1 missing, -2-j special j."""
        a, r, y, n_r, n_y, y0 = self.key_columns(table)
        key = np.asarray(a[start:stop], dtype=np.intp) * n_r
        key += r[start:stop]
        key *= n_y
        key += y[start:stop]
        key -= y0
        return self.tlut[key]

    def chunk(
        self,
        table: ActivityTable,
        start: int,
        stop: int,
        eff: npt.NDArray[np.float64],
    ) -> npt.NDArray[np.bool_]:
        """Effective factors of rows ``start:stop`` into ``eff`` (rows x gases); which resolved."""
        e = self.triples(table, start, stop)
        u = table.unit.codes[start:stop]
        n_t = self.val.shape[0] - 1
        normal = e >= 0
        vals = np.take(self.val, np.where(normal, e, n_t), axis=0)
        g = self.n_gases
        cls = vals[:, g].astype(np.intp)
        cls *= self.n_units
        cls += u
        mult = np.take(self.mtab, cls)
        np.multiply(vals[:, :g], mult[:, None], out=eff)
        resolved = normal
        special = np.flatnonzero(e <= -2)
        if special.size:
            which = (-2 - e[special]).astype(np.intp) * self.n_units + u[special]
            s = self.ctab[which]
            eff[special] = self.spec[np.where(s >= 0, s, self.spec.shape[0] - 1)]
            resolved = normal.copy()
            resolved[special] = s >= 0
        return resolved


def count_unresolved(table: ActivityTable, plan: RowPlan, *, chunk_rows: int) -> int:
    """Rows without a factor, counted chunk by chunk from the rows' codes (no per-row array)."""
    n = len(table)
    missing = 0
    for start in range(0, n, chunk_rows):
        stop = min(start + chunk_rows, n)
        e = plan.triples(table, start, stop)
        missing += int(np.count_nonzero(e == -1))
        special = e <= -2
        if special.any():
            which = (-2 - e[special]).astype(np.intp) * plan.n_units
            which += table.unit.codes[start:stop][special]
            missing += int(np.count_nonzero(plan.ctab[which] < 0))
    return missing


def ledger_pass(
    table: ActivityTable,
    plan: RowPlan,
    groups: Groups,
    n_groups: int,
    *,
    exact: bool,
    chunk_rows: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """One pass over the rows: per-group and per-gas sums, group presence and gas totals.

    Row ``i`` adds ``amount[i] * effective factor`` of each gas to its group (GHG
    Protocol Corporate Standard ch. 6: activity data x emission factor, summed per
    gas as ch. 9 reports it); unresolved rows add nothing and do not make their group
    present. Groups are the mixed-radix key of ``groups`` (``(codes, size)`` pairs)
    or given per row as an intp array.

    With ``exact`` the sums are correctly rounded (bit-equal to :func:`math.fsum`,
    independent of row order, chunking and of which path ran), and the totals are
    the correctly rounded sums over every row from the same integer digits.
    Without, float64 sums (error at most ``(n - 1) * 2**-53 * sum(|x|)`` per sum of
    ``n`` terms; the last bits depend on the path).

    Returns
    -------
    sums, present, totals
        ``(n_groups, n_gases)`` sums, whether each group has a resolved row, and
        ``(n_gases,)`` totals.
    """
    if exact:
        digits, low, present = ledger_digits(table, plan, groups, n_groups, chunk_rows=chunk_rows)
        sums, totals = round_digit_sums(digits, low)
        return sums, present, totals
    jit = jit_kernels(len(table))
    if jit is not None and plan.n_gases:
        return _jit_fast(jit, table, plan, groups, n_groups)
    acc = FastGroupAccumulator(n_groups, max(plan.n_gases, 1))
    present, totals = _numpy_pass(table, plan, groups, acc, n_groups, chunk_rows=chunk_rows)
    return acc.result()[:, : plan.n_gases], present, totals


def ledger_digits(
    table: ActivityTable,
    plan: RowPlan,
    groups: Groups,
    n_groups: int,
    *,
    chunk_rows: int,
) -> tuple[npt.NDArray[np.int64], int, npt.NDArray[np.bool_]]:
    """The exact pass, before rounding: ``(digits, low_level, present)``.

    ``digits[g, j, k]`` counts units of ``2**(32 * (low_level + k) - 1074)`` in the
    exact sum of group ``g`` and gas ``j`` (see
    :meth:`carbonstd._core.ExactGroupAccumulator.digit_table`); adding the digits
    of several tables adds their exact sums.
    """
    jit = jit_kernels(len(table))
    if jit is not None and plan.n_gases:
        found = _jit_digits(jit, table, plan, groups, n_groups)
        if found is not None:
            return found
    # chunk_rows only sets the work size here; the exact accumulator takes at most 2**21.
    acc = ExactGroupAccumulator(
        n_groups, max(plan.n_gases, 1), chunk_rows=min(chunk_rows, _EXACT_CHUNK_MAX)
    )
    present, _ = _numpy_pass(table, plan, groups, acc, n_groups, chunk_rows=chunk_rows)
    digits, low = acc.digit_table()
    return digits[:, : plan.n_gases], low, present


def _numpy_pass(
    table: ActivityTable,
    plan: RowPlan,
    groups: Groups,
    acc: ExactGroupAccumulator | FastGroupAccumulator,
    n_groups: int,
    *,
    chunk_rows: int,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Chunked numpy pass adding every term into ``acc``; returns presence and float totals.

    The float64 totals (per chunk :func:`numpy.sum`, added in chunk order) are those
    of ``exact=False``.
    """
    n = len(table)
    n_gases = plan.n_gases
    exact = isinstance(acc, ExactGroupAccumulator)
    totals = np.zeros(n_gases)
    present = np.zeros(n_groups, dtype=np.bool_)
    step = max(min(chunk_rows, n), 1)
    eff_buf = np.empty((step, n_gases))
    buf = np.empty(step)
    keys = np.zeros(step, dtype=np.intp)
    amount = table.amount
    for start in range(0, n, step):
        stop = min(start + step, n)
        m = stop - start
        amt = amount[start:stop]
        if isinstance(groups, np.ndarray):
            codes = groups[start:stop]
        else:
            codes = keys[:m]
            _mixed_radix(groups, start, stop, codes)
        eff = eff_buf[:m]
        resolved = plan.chunk(table, start, stop, eff)
        present[codes[resolved]] = True
        out = buf[:m]
        for j in range(n_gases):
            try:
                with np.errstate(over="raise", invalid="raise"):
                    np.multiply(eff[:, j], amt, out=out)
            except FloatingPointError:
                raise _overflow(table, start + _first_bad(amt, eff)) from None
            acc.add(out, codes, column=j)
            if not exact:
                totals[j] += out.sum()
    return present, totals


def _kernel_args(
    table: ActivityTable, plan: RowPlan, groups: Groups
) -> tuple[tuple[Any, ...], ...]:
    """The compiled kernels' row, key, table and group arguments."""
    group_cols = _group_columns(groups, len(table))
    a, r, y, n_r, n_y, y0 = plan.key_columns(table)
    return (
        (table.amount, a, r, y, table.unit.codes),
        (n_r, n_y, y0, plan.n_units),
        (plan.tlut, plan.val, plan.mtab, plan.ctab, plan.spec),
        group_cols,
    )


def _jit_fast(
    jit: ModuleType, table: ActivityTable, plan: RowPlan, groups: Groups, n_groups: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """The float64 pass in compiled loops (any grouping, so totals never depend on it)."""
    common = _kernel_args(table, plan, groups)
    n_gases = plan.n_gases
    parts = _parts(len(table))
    present_parts = np.zeros((parts, n_groups), dtype=np.bool_)
    sums_parts = np.zeros((parts, n_groups, n_gases))
    totals_parts = np.zeros((parts, n_gases))
    bounds = _bounds(len(table), parts)

    def run(p: int) -> int:
        lo, hi = bounds[p]
        out = jit.fast_rows(*common, sums_parts[p], totals_parts[p], present_parts[p], lo, hi)
        return int(out)

    bad = _first_error(_on_threads(run, parts))
    if bad >= 0:
        raise _overflow(table, bad)
    sums = sums_parts[0]
    totals = totals_parts[0]
    for p in range(1, parts):
        sums += sums_parts[p]
        totals += totals_parts[p]
    return sums, np.asarray(present_parts.any(axis=0), dtype=np.bool_), totals


def _jit_digits(
    jit: ModuleType, table: ActivityTable, plan: RowPlan, groups: Groups, n_groups: int
) -> tuple[npt.NDArray[np.int64], int, npt.NDArray[np.bool_]] | None:
    """The exact pass in compiled loops; None when the numpy path must do it instead."""
    common = _kernel_args(table, plan, groups)
    n = len(table)
    amount = table.amount
    parts = _parts(n)
    low, n_levels = _digit_window(jit, amount, plan)
    if parts * n_groups * plan.n_gases * n_levels * 8 > _JIT_DIGIT_BYTES:
        return None
    present_parts = np.zeros((parts, n_groups), dtype=np.bool_)
    digits = np.zeros((parts, n_groups, plan.n_gases, n_levels), dtype=np.int64)
    bounds = _bounds(n, parts)

    def run(p: int) -> int:
        lo, hi = bounds[p]
        for start in range(lo, hi, _JIT_BLOCK):
            stop = min(start + _JIT_BLOCK, hi)
            code = int(jit.exact_rows(*common, digits[p], low, present_parts[p], start, stop))
            if code != -1:
                return code
            carry_digits(digits[p])
        return -1

    codes = _on_threads(run, parts)
    bad = _first_error(codes)
    if bad >= 0:
        raise _overflow(table, bad)
    if bool((codes < -1).any()):  # a term outside the window: not expected
        return None
    total = digits[0]
    for p in range(1, parts):
        total += digits[p]
    return total, low, np.asarray(present_parts.any(axis=0), dtype=np.bool_)


def dense_codes(
    keys: npt.NDArray[np.integer], space: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Sorted distinct keys (all in ``[0, space)``), each key's position among them, and
    the lookup table from key to position (-1 for keys that do not occur).

    A presence table instead of a sort: linear in the keys and the space.
    """
    seen = np.zeros(space, dtype=np.bool_)
    seen[keys] = True
    distinct = np.flatnonzero(seen)
    lut = np.full(space, -1, dtype=np.intp)
    lut[distinct] = np.arange(distinct.size, dtype=np.intp)
    return distinct, lut[keys], lut


def _parts(n: int) -> int:
    """Row parts for the compiled passes: from the row count only (never the thread count)."""
    return int(min(_MAX_PARTS, max(1, -(-n // _PART_ROWS))))


def _bounds(n: int, parts: int) -> list[tuple[int, int]]:
    """Row ranges of the parts: equal cuts of ``n`` rows, in order."""
    step = -(-n // parts) if parts else 0
    return [(min(p * step, n), min((p + 1) * step, n)) for p in range(parts)]


def _on_threads(run: Callable[[int], int], parts: int) -> npt.NDArray[np.int64]:
    """``run(p)`` for every part, on up to one Python thread per CPU (the kernels drop the GIL).

    A pool made per call: nothing is left running, so the process can fork safely,
    and calls from several threads of the host program do not share state.
    """
    workers = min(parts, _cpus())
    if workers <= 1:
        return np.array([run(p) for p in range(parts)], dtype=np.int64)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="carbonstd") as pool:
        return np.array(list(pool.map(run, range(parts))), dtype=np.int64)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _first_error(codes: npt.NDArray[np.int64]) -> int:
    """The first overflowing row reported by the parts (-1 if none)."""
    bad = codes[codes >= 0]
    return int(bad.min()) if bad.size else -1


def carry_digits(digits: npt.NDArray[np.int64]) -> None:
    """Carry digit counters up one level so each but the top lies in [0, 2**32), in place.

    The value is unchanged; between blocks of rows this keeps the counters far from
    the int64 limit (the window has two spare levels above the largest term).
    """
    for k in range(digits.shape[-1] - 1):
        carry = digits[..., k] >> 32
        digits[..., k] &= 0xFFFFFFFF
        digits[..., k + 1] += carry


def _digit_window(
    jit: ModuleType, amount: npt.NDArray[np.float64], plan: RowPlan
) -> tuple[int, int]:
    """(lowest level, number of levels) that every term's three digits fall in."""
    a_hi, a_lo = (float(v) for v in jit.amount_range(amount))
    if a_hi == 0.0:
        return 0, 3
    g = plan.n_gases
    factors = np.abs(plan.val[:, :g])
    mult = np.abs(plan.mtab)
    spec = np.abs(plan.spec)
    f_hi = max(
        float(factors.max(initial=0.0)) * float(mult.max(initial=0.0)), float(spec.max(initial=0.0))
    )
    if f_hi == 0.0:
        return 0, 3
    f_lo = min(
        float(np.min(factors, where=factors > 0, initial=np.inf))
        * float(np.min(mult, where=mult > 0, initial=np.inf)),
        float(np.min(spec, where=spec > 0, initial=np.inf)),
    )
    with np.errstate(over="ignore", under="ignore"):
        top = a_hi * f_hi * (1.0 + 2.0**-40)
        bottom = a_lo * f_lo * (1.0 - 2.0**-40)
    top_exp = 2047 if not np.isfinite(top) else int(np.frexp(top)[1]) + 1023
    bottom_exp = 0 if not bottom > 0 else max(int(np.frexp(bottom)[1]) + 1022, 0)
    # Bit position of a term's lowest significand bit: biased exponent - 1 (0 if subnormal).
    low = max(bottom_exp - 1, 0) >> 5
    high = min((max(top_exp - 1, 0) >> 5) + 3, 66)
    return low, high - low + 1


def _group_columns(
    groups: Groups, n: int
) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], int, int]:
    """Up to three group code columns and the sizes of the last two, for the kernels."""
    zeros = np.broadcast_to(np.zeros(1, dtype=np.int32), (n,))
    if isinstance(groups, np.ndarray):
        return zeros, zeros, groups, 1, 1
    cols = list(groups)
    if len(cols) > 3:  # one mixed-radix code per row (8 bytes per row) for the kernels
        codes = np.empty(n, dtype=np.intp)
        _mixed_radix(cols, 0, n, codes)
        return zeros, zeros, codes, 1, 1
    while len(cols) < 3:
        cols.insert(0, (zeros, 1))
    (c0, _), (c1, s1), (c2, s2) = cols
    return c0, c1, c2, s1, s2


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


def _first_bad(amounts: npt.NDArray[np.float64], factors: npt.NDArray[np.float64]) -> int:
    """First row of the chunk whose product overflows for any gas (as the kernels report)."""
    with np.errstate(over="ignore", invalid="ignore"):
        finite = np.isfinite(amounts[:, None] * factors).all(axis=1)
    return int(np.flatnonzero(~finite)[0])


def _overflow(table: ActivityTable, row: int) -> ActivityDataError:
    numbers = table.row_number
    return ActivityDataError(
        f"amount x factor overflows float64 at row {row}"
        + (f" (row {int(numbers[row])} of {table.source})" if numbers is not None else ""),
        value=float(table.amount[row]),
        source=table.source,
        row=int(numbers[row]) if numbers is not None else None,
        column="amount",
        hint="check the amount's unit; products must stay below 1.8e308",
    )


@attrs.frozen
class KeyLayout:
    """The mixed-radix layout of (activity, region, year, unit) keys of a table."""

    n_activities: int
    n_regions: int
    n_years: int
    year0: int
    n_units: int

    @classmethod
    def of(cls, table: ActivityTable) -> KeyLayout:
        n = len(table)
        years = table.year
        y0 = int(years.min()) if n else 0
        return cls(
            n_activities=max(len(table.activity.labels), 1),
            n_regions=max(len(table.region.labels), 1),
            n_years=int(years.max()) - y0 + 1 if n else 1,
            year0=y0,
            n_units=max(len(table.unit.labels), 1),
        )

    @property
    def space(self) -> int:
        """Number of possible (activity, region, year, unit) keys."""
        return self.n_activities * self.n_regions * self.n_years * self.n_units

    def keys(self, table: ActivityTable, start: int, stop: int, out: npt.NDArray[np.intp]) -> None:
        """Keys of rows ``start:stop`` into ``out``."""
        np.multiply(table.activity.codes[start:stop], self.n_regions, out=out)
        np.add(out, table.region.codes[start:stop], out=out)
        np.multiply(out, self.n_years, out=out)
        np.add(out, table.year[start:stop], out=out)
        np.subtract(out, self.year0, out=out)
        np.multiply(out, self.n_units, out=out)
        np.add(out, table.unit.codes[start:stop], out=out)

    def decode(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """(activity, region, year, unit) code rows of sorted keys."""
        rest = keys.copy()
        out = np.empty((keys.size, 4), dtype=np.int64)
        out[:, 3] = rest % self.n_units
        rest //= self.n_units
        out[:, 2] = rest % self.n_years + self.year0
        rest //= self.n_years
        out[:, 1] = rest % self.n_regions
        out[:, 0] = rest // self.n_regions
        return out


class RowIndex:
    """Per row, its effective factor (``n_found`` when unresolved), computed on first use.

    :func:`calculate` does not keep a per-row array: sums are computed from the rows'
    own codes through the :class:`RowPlan`. This array is built only for per-row
    access (:meth:`Emissions.explain`, :attr:`Emissions.row_index`, error messages).
    """

    def __init__(
        self,
        *,
        table: ActivityTable,
        layout: KeyLayout,
        keys: npt.NDArray[np.int64],
        position: npt.NDArray[np.intp],
        row_combo: npt.NDArray[np.intp] | None,
        chunk_rows: int,
    ) -> None:
        self._args = (table, layout, keys, position, row_combo, chunk_rows)
        self._array: npt.NDArray[np.intp] | None = None

    def array(self) -> npt.NDArray[np.intp]:
        """The per-row array (read-only)."""
        if self._array is None:
            table, layout, keys, position, row_combo, chunk_rows = self._args
            if row_combo is not None:
                out = position[row_combo]
            else:
                n = len(table)
                small = position.shape[0] == 0 or int(position.max()) < 2**31
                lut = np.zeros(layout.space if n else 0, dtype=np.int32 if small else np.intp)
                lut[keys] = position
                out = np.empty(n, dtype=np.intp)
                for start in range(0, n, chunk_rows):
                    stop = min(start + chunk_rows, n)
                    k = out[start:stop]
                    layout.keys(table, start, stop, k)
                    k[:] = lut[k]
            out.setflags(write=False)
            self._array = out
        return self._array


def build_plan(
    layout: KeyLayout,
    keys: npt.NDArray[np.int64],
    row_combo: npt.NDArray[np.intp] | None,
    *,
    found_mask: npt.NDArray[np.bool_],
    fids: npt.NDArray[np.intp],
    mult: npt.NDArray[np.float64],
    same: npt.NDArray[np.bool_],
    values: Any,
    unit_class: Any,
    class_mult: ClassMult,
    n_gases: int,
) -> RowPlan:
    """The row plan of a calculation from its sorted combination keys and their factors.

    ``fids``, ``mult`` and ``same`` are per found combination (in key order); ``values``
    maps factor ids to ``(kg per unit per gas, given)`` and ``unit_class`` to a code of
    the factor's unit and calorific basis; ``class_mult`` gives the multiplier from
    each activity unit to each such class (for units of the same dimension).
    """
    n_u = layout.n_units
    n_c = keys.shape[0]
    key3 = keys // n_u
    unit = (keys % n_u).astype(np.intp)
    new = np.ones(n_c, dtype=np.bool_)
    new[1:] = key3[1:] != key3[:-1]
    starts = np.flatnonzero(new)
    t_of = np.cumsum(new) - 1
    n_t = starts.shape[0]
    c_fid = np.full(n_c, -1, dtype=np.intp)
    c_fid[found_mask] = fids
    c_same = np.zeros(n_c, dtype=np.bool_)
    c_same[found_mask] = same
    c_mult = np.zeros(n_c)
    c_mult[found_mask] = mult
    if n_c:
        ok = (c_fid >= 0) & c_same & (c_fid == c_fid[starts][t_of])
        normal_t = np.logical_and.reduceat(ok, starts)
        missing_t = np.logical_and.reduceat(c_fid < 0, starts)
    else:
        normal_t = missing_t = np.zeros(0, dtype=np.bool_)
    special_t = ~(normal_t | missing_t)
    # Normal triples: one row of val each, and their unit classes.
    t_fid = c_fid[starts]
    normal = np.flatnonzero(normal_t)
    keys_of = unit_class(t_fid[normal])
    classes, class_of, class_lut = dense_codes(
        keys_of, int(keys_of.max()) + 1 if keys_of.size else 0
    )
    n_classes = max(classes.shape[0], 1)
    val = np.zeros((n_t + 1, n_gases + 1))
    v, given = values(t_fid[normal])
    np.copyto(v, 0.0, where=~given)
    if normal.shape[0] == n_t:  # every triple normal: plain slices, no scattered rows
        val[:n_t, :n_gases] = v
        val[:n_t, n_gases] = class_of
    else:
        val[normal, :n_gases] = v
        val[normal, n_gases] = class_of
    mtab = np.zeros(n_classes * n_u)
    class_key, class_unit, class_value = class_mult
    known = class_key < class_lut.shape[0]
    known[known] = class_lut[class_key[known]] >= 0
    mtab[class_lut[class_key[known]] * n_u + class_unit[known]] = class_value[known]
    # Special triples: per unit, a row of spec with the whole effective factor.
    special = np.flatnonzero(special_t)
    j_of = np.full(n_t, -1, dtype=np.intp)
    j_of[special] = np.arange(special.shape[0])
    c_spec = special_t[t_of] & (c_fid >= 0)
    n_spec = int(np.count_nonzero(c_spec))
    ctab = np.full(max(special.shape[0], 1) * n_u, -1, dtype=np.int32)
    ctab[j_of[t_of[c_spec]] * n_u + unit[c_spec]] = np.arange(n_spec, dtype=np.int32)
    spec = np.zeros((n_spec + 1, n_gases))
    sv, sgiven = values(c_fid[c_spec])
    spec[:n_spec] = np.where(sgiven, c_mult[c_spec][:, None] * sv, 0.0)
    code = np.full(n_t, -1, dtype=np.int32)
    code[normal] = normal.astype(np.int32)
    code[special] = (-2 - np.arange(special.shape[0])).astype(np.int32)
    if row_combo is None:
        tlut = np.full(layout.space // n_u if n_c else 0, -1, dtype=np.int32)
        tlut[key3[starts]] = code
        row_triple = None
    else:
        tlut = code
        row_triple = t_of[row_combo]
    for arr in (tlut, val, mtab, ctab, spec):
        arr.setflags(write=False)
    return RowPlan(
        n_regions=layout.n_regions,
        n_years=layout.n_years,
        year0=layout.year0,
        n_units=n_u,
        tlut=tlut,
        row_triple=row_triple,
        val=val,
        mtab=mtab,
        ctab=ctab,
        spec=spec,
    )
