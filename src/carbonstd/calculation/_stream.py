"""calculate_grouped(): group sums over a stream of activity tables, without keeping rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from carbonstd import gwp as gwp_module
from carbonstd._core import round_digit_sums
from carbonstd.activities import ActivityTable
from carbonstd.calculation import _kernels
from carbonstd.calculation._engine import DEFAULT_CHUNK_ROWS, _gas_order, calculate
from carbonstd.calculation._groups import GroupTable
from carbonstd.calculation._ledger import converted_sets, gwp_weights
from carbonstd.calculation._rows import carry_digits
from carbonstd.errors import ActivityDataError
from carbonstd.factors import FactorRegistry, FactorSet
from carbonstd.gwp import GWPSet

__all__ = ["calculate_grouped"]

_MASK = (1 << 32) - 1


class _Merged:
    """Exact (int64 digits) or float64 sums per (group label, gas), over tables."""

    def __init__(self, *, exact: bool) -> None:
        self.exact = exact
        self.index: dict[tuple[str, ...], int] = {}
        self.gases: list[str] = []
        self.low = 0
        self.pending = 0
        # exact: (capacity, n_gases, n_levels) int64 digits from level self.low;
        # float: (capacity, n_gases, 1) float64 sums.
        self.data: npt.NDArray[Any] = np.zeros((0, 0, 1), dtype=np.int64 if exact else np.float64)

    def _rows_of(self, labels: list[tuple[str, ...]]) -> npt.NDArray[np.intp]:
        rows = np.empty(len(labels), dtype=np.intp)
        for i, label in enumerate(labels):
            row = self.index.get(label)
            if row is None:
                row = self.index[label] = len(self.index)
            rows[i] = row
        return rows

    def _columns_of(self, gases: Sequence[str]) -> npt.NDArray[np.intp]:
        for gas in gases:
            if gas not in self.gases:
                self.gases.append(gas)
        return np.array([self.gases.index(g) for g in gases], dtype=np.intp)

    def _fit(self, n_rows: int, low: int, n_levels: int) -> None:
        """Grow to ``n_rows`` groups, every gas and (exact) ``n_levels`` levels from ``low``."""
        cap, n_gases, levels = self.data.shape
        if not self.exact:
            new_low, width = 0, 1
        elif not self.data.any():  # nothing kept yet: place the window freely
            new_low, width = low, n_levels
        else:
            new_low = min(self.low, low)
            width = max(self.low + levels, low + n_levels) - new_low
        new_cap = cap if cap >= n_rows else max(n_rows, 2 * cap, 64)
        if (new_cap, len(self.gases), width) == (cap, n_gases, levels) and new_low == self.low:
            return
        grown = np.zeros((new_cap, len(self.gases), width), dtype=self.data.dtype)
        if self.data.any():
            shift = self.low - new_low
            grown[:cap, :n_gases, shift : shift + levels] = self.data
        self.data = grown
        self.low = new_low

    def add_digits(
        self,
        labels: list[tuple[str, ...]],
        gases: Sequence[str],
        digits: npt.NDArray[np.int64],
        low: int,
    ) -> None:
        rows = self._rows_of(labels)
        cols = self._columns_of(gases)
        used = np.flatnonzero(digits.any(axis=(0, 1)))
        if used.size == 0:  # only zero sums: groups and gases exist, no digits to add
            self._fit(len(self.index), self.low, 1)
            return
        # Only the levels the table uses (a table of zeros must not widen the window).
        digits = digits[:, :, used[0] : used[-1] + 1]
        low += int(used[0])
        # One spare level on top for carries.
        self._fit(len(self.index), low, digits.shape[2] + 1)
        shift = low - self.low
        block = self.data[:, :, shift : shift + digits.shape[2]]
        block[np.ix_(rows, cols)] += digits
        # Digits of a table are below 2**36 each: carrying every 2**20 tables keeps the
        # counters far from the int64 limit (the result is carried when rounded).
        self.pending += 1
        if self.pending >= 1 << 20:
            self._carry()
            self.pending = 0

    def add_sums(
        self, labels: list[tuple[str, ...]], gases: Sequence[str], sums: npt.NDArray[np.float64]
    ) -> None:
        rows = self._rows_of(labels)
        cols = self._columns_of(gases)
        self._fit(len(self.index), 0, 1)
        block = self.data[:, :, 0]
        block[np.ix_(rows, cols)] += sums

    def _carry(self) -> None:
        data = self.data
        carry_digits(data)
        if bool((np.abs(data[:, :, -1]) > _MASK).any()):  # pragma: no cover - sums > 2**1000
            self._fit(data.shape[0], self.low, data.shape[2] + 1)
            self._carry()

    def result(self) -> tuple[list[tuple[str, ...]], list[str], npt.NDArray[np.float64]]:
        """Labels, gases in ledger order, and rounded sums (rows in label order)."""
        n = len(self.index)
        order_g = sorted(range(len(self.gases)), key=lambda j: _gas_order(self.gases[j]))
        labels = sorted(self.index)
        rows = np.array([self.index[label] for label in labels], dtype=np.intp)
        data = self.data[:n][:, order_g]
        if self.exact:
            sums, _ = round_digit_sums(np.ascontiguousarray(data[rows]), self.low)
        else:
            sums = np.ascontiguousarray(data[rows][:, :, 0])
        return labels, [self.gases[j] for j in order_g], sums


def calculate_grouped(
    activities: Iterable[ActivityTable],
    *,
    by: Sequence[str] = (),
    factors: FactorRegistry | FactorSet,
    gwp: GWPSet | str,
    include_biogenic: bool = False,
    on_missing: Literal["raise", "report"] = "raise",
    allow_gwp_conversion: bool = False,
    exact: bool = True,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    boundary: str | None = None,
    calorific_basis: str | None = None,
    year_rule: Literal["exact", "latest_earlier", "nearest"] | None = None,
) -> GroupTable:
    """Sums per group over a stream of activity tables, keeping no rows.

    The same numbers as ``calculate(ActivityTable.concat(chunks), ...).by(*by)``
    (bit-identical with ``exact=True``), with memory that follows the size of a
    chunk and the number of groups, not the number of rows: each table is
    calculated and summed, its exact sums are kept as integer digits per group
    label, and the digits of every table are added before the one rounding
    (GHG Protocol Corporate Standard ch. 6 and ch. 9; see
    :func:`~carbonstd.calculation.calculate` for the method). Use it with
    :meth:`ActivityTable.iter_csv <carbonstd.activities.ActivityTable.iter_csv>`
    for files larger than memory.

    Parameters
    ----------
    activities
        Activity tables, for example ``ActivityTable.iter_csv(path)``; read once.
    by
        Grouping columns (``activity``, ``unit``, ``region``, ``year`` or a tag);
        none gives one group with the totals.
    factors, gwp, on_missing, allow_gwp_conversion, exact, chunk_rows
        As for :func:`~carbonstd.calculation.calculate`.
    boundary, calorific_basis, year_rule
        As for :func:`~carbonstd.calculation.calculate`.
    include_biogenic
        Count ``CO2_biogenic`` in CO2e (default False).

    Returns
    -------
    GroupTable
        Groups sorted by label, per-gas kg and kg CO2e under ``gwp``, with the
        unresolved and excluded row counts of all the tables. With
        ``exact=False`` the float64 sums of the tables are added in stream order.

    Raises
    ------
    MissingFactorError
        Rows without a factor in any table (``on_missing="raise"``).
    ActivityDataError
        ``activities`` is not an iterable of tables, or a grouping column is
        unknown or repeated.

    Examples
    --------
    >>> from carbonstd.activities import Activity, ActivityTable
    >>> from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
    >>> fs = FactorSet(name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"),
    ...     factors=[EmissionFactor(id="grid", activity="electricity.grid", unit="kWh",
    ...                             region="GB", year=2024, gases={"CO2": 0.2})])
    >>> def chunks():
    ...     for site, kwh in (("A", 1000.0), ("B", 2000.0), ("A", 0.5)):
    ...         yield ActivityTable.from_records([Activity("electricity.grid", kwh, "kWh",
    ...             "GB", year=2024, tags={"site": site})])
    >>> groups = calculate_grouped(chunks(), by=["site"], factors=FactorRegistry([fs]), gwp="AR6")
    >>> [(row.key, row.co2e) for row in groups.rows()]
    [(('A',), 200.1), (('B',), 400.0)]
    """
    columns = tuple(by)
    if isinstance(by, str) or len(set(columns)) != len(columns):
        raise ActivityDataError(
            "by must be a sequence of distinct column names",
            value=by,
            source="calculate_grouped(by=...)",
            hint='pass e.g. by=["scope", "facility"]',
        )
    given: object = activities
    if isinstance(given, (str, bytes, ActivityTable)) or not isinstance(given, Iterable):
        raise ActivityDataError(
            "activities must be an iterable of ActivityTable",
            value=type(activities).__name__,
            source="calculate_grouped(activities=...)",
            hint="pass ActivityTable.iter_csv(path), or [table] for one table",
        )
    gwp_set = gwp if isinstance(gwp, GWPSet) else gwp_module.get(gwp)
    merged = _Merged(exact=exact)
    unresolved = excluded = 0
    seen: set[str] = set()
    seen_any = False
    for i, chunk in enumerate(activities):
        seen_any = True
        if not isinstance(chunk, ActivityTable):
            raise ActivityDataError(
                "activities must be an iterable of ActivityTable",
                value=type(chunk).__name__,
                source=f"calculate_grouped(activities=...)[{i}]",
            )
        em = calculate(
            chunk,
            factors=factors,
            gwp=gwp_set,
            on_missing=on_missing,
            allow_gwp_conversion=allow_gwp_conversion,
            exact=exact,
            chunk_rows=chunk_rows,
            boundary=boundary,
            calorific_basis=calorific_basis,
            year_rule=year_rule,
        )
        names = chunk.column_names
        seen.update(name for name in columns if name in names)
        if exact or not set(columns) <= set(names):
            labels, digits, low = em._group_digits(columns, missing_as_empty=True)
            if exact:
                merged.add_digits(labels, em.gases, digits, low)
            else:
                merged.add_sums(labels, em.gases, round_digit_sums(digits, low)[0])
        else:
            labels, sums = em._pass(columns)
            merged.add_sums(labels, em.gases, np.asarray(sums))
        unresolved += em.unresolved_rows
        excluded += em.excluded_rows
    unknown = [name for name in columns if name not in seen]
    if unknown and seen_any:
        raise ActivityDataError(
            "no such column in any table of the stream",
            value=unknown[0],
            source="calculate_grouped(by=...)",
            hint="group by activity, unit, region, year or a tag column of the tables",
        )
    labels, gases, sums = merged.result()
    weights = gwp_weights(
        gases, gwp_set, include_biogenic=include_biogenic, allow_gwp_conversion=allow_gwp_conversion
    )
    co2e = _kernels.exact_row_sums(sums * weights) if exact else sums @ weights
    return GroupTable(
        keys=columns,
        labels=tuple(labels),
        gases=tuple(gases),
        values=sums,
        co2e=co2e,
        gwp=gwp_set.name,
        include_biogenic=include_biogenic,
        unresolved_rows=unresolved,
        excluded_rows=excluded,
        carried_co2e=converted_sets(gases, gwp_set),
    )
