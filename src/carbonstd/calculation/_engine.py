"""calculate(): resolve factors per distinct combination, convert units once, keep lineage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal, overload

import numpy as np
import numpy.typing as npt

from carbonstd import gwp as gwp_module
from carbonstd._gcpause import gc_paused
from carbonstd.activities import ActivityTable
from carbonstd.calculation._emissions import Emissions, FactorLineage
from carbonstd.calculation._ledger import BIOGENIC, gwp_weights, pseudo_gas
from carbonstd.calculation._rows import (
    ClassMult,
    KeyLayout,
    RowIndex,
    build_plan,
    dense_codes,
    jit_kernels,
)
from carbonstd.errors import (
    ActivityDataError,
    FactorNotFoundError,
    MissingFactorError,
    UnitError,
)
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Resolution
from carbonstd.factors._index import FactorIndex, factor_index
from carbonstd.factors._resolve import resolve_sorted
from carbonstd.gwp import GWPSet
from carbonstd.units import parse

__all__ = ["DEFAULT_CHUNK_ROWS", "calculate"]

#: Rows processed per chunk: large enough for numpy, small enough to stay in cache.
DEFAULT_CHUNK_ROWS = 1 << 16

#: A unit multiplier and its conversion steps.
_Slot = tuple[float, tuple[str, ...]]

#: How many unresolved rows a MissingFactorError lists.
_SHOW_MISSING = 5
#: Combination key spaces up to this size are always deduplicated with a presence table;
#: up to _PRESENCE_MAX when that is at most 4 entries per row; else with a sort.
_PRESENCE_MIN = 1 << 20
_PRESENCE_MAX = 1 << 26


def _as_table(activities: ActivityTable | Iterable[ActivityTable]) -> ActivityTable:
    if isinstance(activities, ActivityTable):
        return activities
    given: object = activities
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        raise ActivityDataError(
            "activities must be an ActivityTable or an iterable of them",
            value=type(activities).__name__,
            source="calculate(activities=...)",
            hint="build one with ActivityTable.from_csv(...) or .from_records(...)",
        )
    chunks = []
    for i, chunk in enumerate(activities):
        if not isinstance(chunk, ActivityTable):
            raise ActivityDataError(
                "activities must be an ActivityTable or an iterable of them",
                value=type(chunk).__name__,
                source=f"calculate(activities=...)[{i}]",
            )
        chunks.append(chunk)
    return ActivityTable.concat(chunks)


def _as_registry(factors: FactorRegistry | FactorSet) -> FactorRegistry:
    if isinstance(factors, FactorRegistry):
        return factors
    if isinstance(factors, FactorSet):
        return FactorRegistry([factors])
    raise ActivityDataError(
        "factors must be a FactorRegistry or a FactorSet",
        value=type(factors).__name__,
        source="calculate(factors=...)",
        hint="pass carbonstd.factors.default_registry() or a registry of your own sets",
    )


def _as_gwp(gwp: GWPSet | str) -> GWPSet:
    return gwp if isinstance(gwp, GWPSet) else gwp_module.get(gwp)


def _missing_error(
    table: ActivityTable, row_index: npt.NDArray[np.intp], n_found: int, n_combos: int
) -> MissingFactorError:
    rows = np.flatnonzero(row_index >= n_found)
    shown = []
    for i in rows[:_SHOW_MISSING].tolist():
        where = f"row {int(table.row_number[i])}" if table.row_number is not None else f"#{i}"
        shown.append(
            f"{where}: {table.activity.labels[int(table.activity.codes[i])]} in "
            f"{table.region.labels[int(table.region.codes[i])]} for {int(table.year[i])} "
            f"({table.unit.labels[int(table.unit.codes[i])]})"
        )
    more = f" and {rows.size - len(shown)} more" if rows.size > len(shown) else ""
    return MissingFactorError(
        f"no emission factor for {rows.size} of {len(table)} rows "
        f"({n_combos} distinct activity/region/year combinations); first: "
        + "; ".join(shown)
        + more,
        source=table.source,
        hint="add a factor set with these activities (carbonstd factors search ...), or pass "
        "on_missing='report' to list the rows as unresolved and leave them out of totals",
    )


def _multiplier(
    registry: FactorRegistry,
    factor: EmissionFactor,
    unit_text: str,
    region: str,
    where: Callable[[], str],
) -> tuple[float, tuple[str, ...]]:
    """Multiplier from the activity unit to the factor's unit, with the steps."""
    src = parse(unit_text)
    dst = factor.parsed_unit
    if src.dimensions == dst.dimensions:
        m = src.factor_to(dst)
        steps: list[str] = [] if src.text == dst.text else [f"1 {src.text} = {m!r} {dst.text}"]
        if dst.kind == "energy" and factor.calorific_basis is not None:
            steps.append(
                f"energy amount read on the factor's {factor.calorific_basis} calorific basis"
            )
        return m, tuple(steps)
    try:
        props = registry.fuel_properties(factor.activity, region=region)
        conv = props.conversion(
            src,
            dst,
            from_basis=None,
            to_basis=factor.calorific_basis if dst.kind == "energy" else None,
        )
    except (UnitError, FactorNotFoundError) as exc:
        raise UnitError(
            f"cannot convert the activity unit {src.text!r} ({src.kind}) to the factor's unit "
            f"{dst.text!r} ({dst.kind}) for {factor.activity} in {region}: {exc.message}",
            value=src.text,
            source=where(),
            hint=exc.hint or f"give the amount in {dst.text} or add fuel properties",
        ) from exc
    fuel_steps = (
        f"fuel properties of {props.fuel} ({props.region}) used to convert {src.text} to "
        f"{dst.text}",
        *conv.steps,
    )
    return conv.multiplier, fuel_steps


def calculate(
    activities: ActivityTable | Iterable[ActivityTable],
    *,
    factors: FactorRegistry | FactorSet,
    gwp: GWPSet | str,
    on_missing: Literal["raise", "report"] = "raise",
    allow_gwp_conversion: bool = False,
    exact: bool = True,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    boundary: str | None = None,
    calorific_basis: str | None = None,
    year_rule: Literal["exact", "latest_earlier", "nearest"] | None = None,
) -> Emissions:
    """Emissions of every activity row: activity data x emission factor, per gas.

    Implements the calculation of GHG Protocol Corporate Standard ch. 6
    ("emissions = activity data x emission factor") and IPCC 2006 Guidelines
    Vol. 2 ch. 2 Eq. 2.1 (Tier 1: emissions of gas g = fuel consumption x
    EF_g), keeping a per-gas ledger so that CO2e is bound late (GHG Protocol
    Corporate Standard ch. 4 and ch. 9: report each gas and CO2e under a
    stated GWP set).

    For every row a factor is resolved through the registry's fallback rules
    (region chain, layer priority, year rule), once per distinct
    combination. Per distinct (factor, activity unit, region) one multiplier
    converts the activity unit into the factor's unit: an exact unit ratio
    for the same dimensions; for a mass or volume of fuel against a factor
    per energy (or the reverse), through the registry's fuel properties on
    the factor's calorific basis (IPCC 2006 Vol. 2 Eq. 2.1: TJ = mass x NCV),
    recorded as steps. Rows keep only an index into that effective factor
    table; sums are recomputed in chunks when asked for.

    Parameters
    ----------
    activities
        An :class:`~carbonstd.activities.ActivityTable`, or an iterable of
        them (e.g. :meth:`~carbonstd.activities.ActivityTable.iter_csv`).
    factors
        The registry (or one set) to resolve factors from.
    gwp
        The GWP set results are reported under by default (a
        :class:`~carbonstd.gwp.GWPSet` or a name such as ``"AR6"``). Any
        result can be re-expressed under another set without recalculating.
    on_missing
        ``"raise"`` (default): rows without a factor raise
        :class:`~carbonstd.errors.MissingFactorError`. ``"report"``: they are
        kept as unresolved, left out of every total, and counted loudly in
        ``repr``, :meth:`Emissions.summary` and :meth:`Emissions.to_json`.
    allow_gwp_conversion
        Allow CO2e-only factors built with another GWP set to be carried at
        face value (flagged in the results). Default False: that is a
        :class:`~carbonstd.errors.GWPMismatchError`.
    exact
        True (default): every group sum is the correctly rounded sum of its
        terms (bit-equal to :func:`math.fsum`), independent of row order and
        chunking. False: plain float64 sums, faster, with error at most
        ``(n - 1) * 2**-53 * sum(|x|)`` per group of ``n`` rows.
    chunk_rows
        Rows per chunk of work (memory stays proportional to it).
    boundary, calorific_basis, year_rule
        Passed to :meth:`~carbonstd.factors.FactorRegistry.resolve`.

    Returns
    -------
    Emissions
        The frozen per-gas ledger with lineage.

    Raises
    ------
    MissingFactorError
        Rows without a factor (``on_missing="raise"``), naming how many and
        the first rows with their keys, regions and years.
    UnitError
        An activity unit that cannot be converted into the factor's unit.
    GWPMismatchError
        CO2e-only factors under another GWP set (unless allowed).

    Examples
    --------
    >>> from carbonstd.activities import Activity, ActivityTable
    >>> from carbonstd.calculation import calculate
    >>> from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
    >>> fs = FactorSet(name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"),
    ...     factors=[EmissionFactor(id="gas", activity="fuel.natural_gas", unit="TJ", year=2006,
    ...              gases={"CO2": 56100, "CH4": 1, "N2O": 0.1}, calorific_basis="net")])
    >>> table = ActivityTable.from_records(
    ...     [Activity("fuel.natural_gas", 2.0, "TJ", "GLO", year=2024)])
    >>> em = calculate(table, factors=FactorRegistry([fs]), gwp="AR6")
    >>> em.gas_totals()
    {'CO2': 112200.0, 'CH4': 2.0, 'N2O': 0.2}
    >>> em.total()  # 112200 + 2 x 27.9 + 0.2 x 273
    112310.4
    >>> em.total(gwp="AR5")  # re-expressed without recalculating: 112200 + 2 x 28 + 0.2 x 265
    112309.0
    """
    if on_missing not in ("raise", "report"):
        raise ActivityDataError(
            "on_missing must be 'raise' or 'report'", value=on_missing, source="on_missing"
        )
    if not _positive_int(chunk_rows):
        raise ActivityDataError(
            "chunk_rows must be a positive integer", value=chunk_rows, source="chunk_rows"
        )
    table = _as_table(activities)
    registry = _as_registry(factors)
    gwp_set = _as_gwp(gwp)
    layout = KeyLayout.of(table)
    keys, row_combo = _distinct_keys(table, layout, chunk_rows)
    combos = layout.decode(keys)
    resolved = resolve_sorted(
        registry,
        combos,
        activity_labels=table.activity.labels,
        region_labels=table.region.labels,
        unit_labels=table.unit.labels,
        boundary=boundary,
        calorific_basis=calorific_basis,
        year_rule=year_rule,
    )
    # Effective factor k is resolution k (combinations found, in combination order); rows
    # of a combination without a factor point at n_found in Emissions.row_index.
    n_found = len(resolved.factor_ids)
    found_mask = resolved.index >= 0
    position = np.where(found_mask, resolved.index, n_found).astype(np.intp)
    rows = RowIndex(
        table=table,
        layout=layout,
        keys=keys,
        position=position,
        row_combo=row_combo,
        chunk_rows=chunk_rows,
    )
    if resolved.missing and on_missing == "raise":
        raise _missing_error(table, rows.array(), n_found, len(resolved.missing))

    found = combos if not resolved.missing else combos[found_mask]
    combo_unit = found[:, 3].astype(np.intp)
    combo_region = found[:, 1].astype(np.intp)
    index = factor_index(registry)
    fids = np.asarray(resolved.factor_ids, dtype=np.intp)
    mult, combo_mult, multipliers, same, class_mult = _multipliers(
        registry,
        index,
        fids,
        table=table,
        combo_unit=combo_unit,
        combo_region=combo_region,
        rows=rows,
    )
    gases = _ledger_columns(index, fids)
    plan = build_plan(
        layout,
        keys,
        row_combo,
        found_mask=found_mask,
        fids=fids,
        mult=mult,
        same=same,
        values=lambda ids: _gas_values(index, ids, gases),
        unit_class=lambda ids: index.unit[ids].astype(np.intp) * 4 + index.basis[ids],
        class_mult=class_mult,
        n_gases=len(gases),
    )
    lazy = _Lineage(
        resolutions=resolved.resolutions,
        unit_labels=table.unit.labels,
        region_labels=table.region.labels,
        combo_unit=combo_unit,
        combo_region=combo_region,
        combo_mult=combo_mult,
        multipliers=multipliers,
    )
    # The default GWP set must be able to express every ledger column (fail early).
    gwp_weights(gases, gwp_set, include_biogenic=False, allow_gwp_conversion=allow_gwp_conversion)
    return Emissions(
        table=table,
        gases=gases,
        lineage=lazy,
        gwp=gwp_set,
        allow_gwp_conversion=allow_gwp_conversion,
        exact=exact,
        chunk_rows=chunk_rows,
        unresolved=tuple(resolved.missing),
        plan=plan,
        rows=rows,
        factors=_FactorTable(index, fids, mult, gases),
    )


def _distinct_keys(
    table: ActivityTable, layout: KeyLayout, chunk_rows: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp] | None]:
    """Sorted distinct (activity, region, year, unit) keys of the rows.

    When the key space is small enough, a presence table finds them in linear time
    (in one compiled loop with the accel extra, else chunk by chunk) and no per-row
    array is kept. Otherwise one :func:`numpy.unique` over the keys, whose per-row
    positions are then kept (returned second).
    """
    n = len(table)
    space = layout.space
    if not space <= max(_PRESENCE_MIN, min(_PRESENCE_MAX, 4 * n)):
        out = np.empty(n, dtype=np.intp)
        for start in range(0, n, chunk_rows):
            stop = min(start + chunk_rows, n)
            layout.keys(table, start, stop, out[start:stop])
        keys, inverse = np.unique(out, return_inverse=True)
        return keys.astype(np.int64), inverse.reshape(-1).astype(np.intp, copy=False)
    seen = np.zeros(space, dtype=np.bool_)
    jit = jit_kernels(n)
    if jit is not None:
        jit.presence(
            table.activity.codes,
            table.region.codes,
            table.year,
            table.unit.codes,
            layout.n_regions,
            layout.n_years,
            layout.year0,
            layout.n_units,
            seen,
        )
    else:
        buf = np.empty(min(chunk_rows, max(n, 1)), dtype=np.intp)
        for start in range(0, n, chunk_rows):
            stop = min(start + chunk_rows, n)
            k = buf[: stop - start]
            layout.keys(table, start, stop, k)
            seen[k] = True
    return np.flatnonzero(seen).astype(np.int64), None


class _FactorTable:
    """Computes :attr:`Emissions.factor_table` when it is first read."""

    def __init__(
        self,
        index: FactorIndex,
        fids: npt.NDArray[np.intp],
        mult: npt.NDArray[np.float64],
        gases: tuple[str, ...],
    ) -> None:
        self._args = (index, fids, mult, gases)

    def __call__(self) -> npt.NDArray[np.float64]:
        index, fids, mult, gases = self._args
        values, given = _gas_values(index, fids, gases)
        # multiplier x value, as a float64 product per entry; 0.0 where the factor lacks the gas.
        return np.where(given, mult[:, None] * values, 0.0)


def _multipliers(
    registry: FactorRegistry,
    index: FactorIndex,
    fids: npt.NDArray[np.intp],
    *,
    table: ActivityTable,
    combo_unit: npt.NDArray[np.intp],
    combo_region: npt.NDArray[np.intp],
    rows: RowIndex,
) -> tuple[
    npt.NDArray[np.float64],
    npt.NDArray[np.intp],
    tuple[_Slot, ...],
    npt.NDArray[np.bool_],
    ClassMult,
]:
    """Unit multiplier of each effective factor: per entry, its slot and the slots' values.

    One slot per (factor unit, calorific basis, activity unit) when the dimensions
    agree (an exact unit ratio); per (factor, activity unit, region) when fuel
    properties convert between dimensions. Also returned: per entry, whether the
    dimensions agree, and the equal-dimension multipliers by (unit class, unit).
    """
    n = fids.shape[0]
    if n == 0:
        none = np.zeros(0, dtype=np.intp)
        return np.zeros(0), none, (), np.zeros(0, dtype=np.bool_), (none, none, np.zeros(0))
    units = [parse(text) for text in table.unit.labels]
    n_units = len(units)
    # (factor unit, activity unit) pairs and slots live in small key spaces: dense codes
    # by presence tables, not sorts (there is one entry per combination, often millions).
    pair_key = index.unit[fids].astype(np.intp) * n_units + combo_unit
    pair, pair_of, _ = dense_codes(pair_key, len(index.unit_texts) * n_units)
    same_pair = np.array(
        [
            parse(index.unit_texts[p // n_units]).dimensions == units[p % n_units].dimensions
            for p in pair.tolist()
        ],
        dtype=np.bool_,
    )
    same = same_pair[pair_of]
    # Slots: one per (unit pair, basis) with equal dimensions, numbered first; then one
    # per (factor, activity unit, region) for conversions through fuel properties.
    slot_of = np.empty(n, dtype=np.intp)
    if bool(same.all()):
        same_slots, slot_of[:], _ = dense_codes(pair_of * 4 + index.basis[fids], pair.size * 4)
    else:
        same_slots, slot_of[same], _ = dense_codes(
            pair_of[same] * 4 + index.basis[fids[same]], pair.size * 4
        )
    other = np.flatnonzero(~same)
    if other.size:
        n_regions = max(len(table.region.labels), 1)
        fuel_key = (fids[other].astype(np.int64) * n_units + combo_unit[other]) * n_regions
        fuel_key += combo_region[other]
        fuel_slots, inverse = np.unique(fuel_key, return_inverse=True)
        slot_of[other] = inverse.reshape(-1) + same_slots.size
        n_slots = same_slots.size + fuel_slots.size
    else:
        n_slots = same_slots.size
    first = np.zeros(n_slots, dtype=np.intp)
    first[slot_of[::-1]] = np.arange(n - 1, -1, -1, dtype=np.intp)
    found: list[tuple[float, tuple[str, ...]]] = []
    with gc_paused():
        for s in range(n_slots):
            k = int(first[s])
            unit_code, region_code = int(combo_unit[k]), int(combo_region[k])

            def where(k: int = k) -> str:
                hits = np.flatnonzero(rows.array() == k)
                row = int(hits[0]) if hits.size else 0
                numbers = table.row_number
                return table.source + (f", row {int(numbers[row])}" if numbers is not None else "")

            found.append(
                _multiplier(
                    registry,
                    index.factors[int(fids[k])],
                    table.unit.labels[unit_code],
                    table.region.labels[region_code],
                    where,
                )
            )
    values = np.array([m for m, _ in found], dtype=np.float64)
    # Per equal-dimension slot: (factor unit x 4 + basis, activity unit, multiplier).
    pairs = pair[same_slots // 4]
    by_class = (
        (pairs // n_units) * 4 + same_slots % 4,
        pairs % n_units,
        values[: same_slots.size],
    )
    return values[slot_of], slot_of, tuple(found), same, by_class


def _ledger_columns(index: FactorIndex, fids: npt.NDArray[np.intp]) -> tuple[str, ...]:
    """Ledger columns: the gases the factors give, and a ``CO2e[<set>]`` per CO2e-only set."""
    used = np.zeros(index.given.shape[0], dtype=np.bool_)
    used[fids] = True
    real = [index.gases[j] for j in np.flatnonzero(index.given[used].any(axis=0)).tolist()]
    labels = np.unique(index.gwp[used])
    pseudo = {
        pseudo_gas(gwp_module.get(index.gwp_labels[int(i)]).name) for i in labels.tolist() if i >= 0
    }
    return tuple(sorted({*real, *pseudo}, key=_gas_order))


def _gas_values(
    index: FactorIndex, fids: npt.NDArray[np.intp], gases: tuple[str, ...]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Per factor, its kg per unit of each ledger column (and whether it gives it).

    Per-gas factors fill their gases; a CO2e-only factor fills the pseudo-gas column
    ``CO2e[<set>]`` of the GWP set it was built with.
    """
    values = np.zeros((fids.shape[0], len(gases)), dtype=np.float64)
    given = np.zeros((fids.shape[0], len(gases)), dtype=np.bool_)
    mine = [j for j, gas in enumerate(gases) if gas in index.gases]
    cols = [index.gases.index(gases[j]) for j in mine]
    if cols:
        # One gather of each factor's row, then its columns (not one gather per gas).
        values[:, mine] = np.take(index.values, fids, axis=0)[:, cols]
        given[:, mine] = np.take(index.given, fids, axis=0)[:, cols]
    co2e_rows = np.flatnonzero(index.gwp[fids] >= 0)
    labels = index.gwp[fids[co2e_rows]]
    for i in np.unique(labels).tolist():
        j = gases.index(pseudo_gas(gwp_module.get(index.gwp_labels[int(i)]).name))
        rows = co2e_rows[labels == i]
        values[rows, j] = index.co2e[fids[rows]]
        given[rows, j] = True
    return values, given


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _gas_order(gas: str) -> tuple[int, str]:
    """Ledger column order: CO2, CH4 family, N2O, other gases, biogenic CO2, CO2e columns."""
    if gas.startswith("CO2e["):
        return (5, gas)
    fixed = {"CO2": 0, "CH4": 1, "CH4_fossil": 1, "CH4_non_fossil": 1, "N2O": 2, BIOGENIC: 4}
    return (fixed.get(gas, 3), gas)


class _Lineage(Sequence[FactorLineage]):
    """The lineage of every effective factor, built on access from compact arrays.

    Entry ``k`` is the :class:`FactorLineage` of effective factor ``k``: its
    resolution (built by the scalar lookup when asked for), activity unit, region,
    multiplier and conversion steps. Keeping arrays instead of one object per
    combination keeps ``calculate`` linear in numpy work when there are many
    distinct combinations.
    """

    def __init__(
        self,
        *,
        resolutions: Sequence[Resolution],
        unit_labels: tuple[str, ...],
        region_labels: tuple[str, ...],
        combo_unit: npt.NDArray[np.intp],
        combo_region: npt.NDArray[np.intp],
        combo_mult: npt.NDArray[np.intp],
        multipliers: tuple[tuple[float, tuple[str, ...]], ...],
    ) -> None:
        self._resolutions = resolutions
        self._unit_labels = unit_labels
        self._region_labels = region_labels
        self._arrays = np.stack([combo_unit, combo_region, combo_mult], axis=1)
        self._arrays.setflags(write=False)
        self._multipliers = multipliers

    def __len__(self) -> int:
        return int(self._arrays.shape[0])

    def _entry(self, k: int) -> FactorLineage:
        unit_code, region_code, slot = self._arrays[k].tolist()
        multiplier, steps = self._multipliers[slot]
        return FactorLineage(
            resolution=self._resolutions[k],
            activity_unit=self._unit_labels[unit_code],
            region=self._region_labels[region_code],
            multiplier=multiplier,
            conversion_steps=steps,
        )

    @overload
    def __getitem__(self, index: int) -> FactorLineage: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[FactorLineage, ...]: ...

    def __getitem__(self, index: int | slice) -> FactorLineage | tuple[FactorLineage, ...]:
        if isinstance(index, slice):
            return tuple(self._entry(k) for k in range(len(self))[index])
        n = len(self)
        k = int(index)
        if not -n <= k < n:
            raise IndexError(f"lineage index {index} out of range for {n} effective factors")
        return self._entry(k % n)

    def __iter__(self) -> Iterator[FactorLineage]:
        return (self._entry(k) for k in range(len(self)))

    def __repr__(self) -> str:
        return f"<lineage of {len(self)} effective factors, built on access>"
