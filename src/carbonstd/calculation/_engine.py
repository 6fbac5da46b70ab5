"""calculate(): resolve factors per distinct combination, convert units once, keep lineage."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Literal, overload

import numpy as np
import numpy.typing as npt

from carbonstd import gwp as gwp_module
from carbonstd.activities import ActivityTable
from carbonstd.calculation import _kernels
from carbonstd.calculation._emissions import Emissions, FactorLineage
from carbonstd.calculation._ledger import BIOGENIC, gwp_weights, pseudo_gas
from carbonstd.errors import (
    ActivityDataError,
    FactorNotFoundError,
    MissingFactorError,
    UnitError,
)
from carbonstd.factors import FactorRegistry, FactorSet, Resolution
from carbonstd.gwp import GWPSet
from carbonstd.units import parse

__all__ = ["DEFAULT_CHUNK_ROWS", "calculate"]

#: Rows processed per chunk: large enough for numpy, small enough to stay in cache.
DEFAULT_CHUNK_ROWS = 1 << 16

#: How many unresolved rows a MissingFactorError lists.
_SHOW_MISSING = 5


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are made.

    Per-combination loops allocate hundreds of thousands of tuples and frozen
    objects, none of them cyclic garbage; with a large factor registry alive, the
    collections they trigger cost as much as the loop itself. The collector is
    re-enabled on exit only if it was enabled on entry.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    table: ActivityTable, index: npt.NDArray[np.intp], n_combos: int
) -> MissingFactorError:
    rows = np.flatnonzero(index < 0)
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
        value=int(rows.size),
        source=table.source,
        hint="add a factor set with these activities (carbonstd factors search ...), or pass "
        "on_missing='report' to list the rows as unresolved and leave them out of totals",
    )


def _multiplier(
    registry: FactorRegistry,
    resolution: Resolution,
    unit_text: str,
    region: str,
    where: str,
) -> tuple[float, tuple[str, ...]]:
    """Multiplier from the activity unit to the factor's unit, with the steps."""
    factor = resolution.factor
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
            source=where,
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
    n = len(table)
    resolved = registry.resolve(
        table.activity.codes,
        table.region.codes,
        table.year,
        activity_labels=table.activity.labels,
        region_labels=table.region.labels,
        unit_labels=table.unit.labels,
        unit_codes=table.unit.codes,
        boundary=boundary,
        calorific_basis=calorific_basis,
        year_rule=year_rule,
    )
    res_index = np.asarray(resolved.index, dtype=np.intp)
    if resolved.missing and on_missing == "raise":
        raise _missing_error(table, res_index, len(resolved.missing))

    # One effective factor per distinct (resolution, activity unit, region).
    ok = res_index >= 0
    n_units = max(len(table.unit.labels), 1)
    n_regions = max(len(table.region.labels), 1)
    key = (
        res_index.astype(np.int64) * n_units + table.unit.codes.astype(np.int64)
    ) * n_regions + table.region.codes.astype(np.int64)
    factor_index = np.full(n, -1, dtype=np.intp)
    if bool(ok.any()):
        uniq, inverse = np.unique(key[ok], return_inverse=True)
        factor_index[ok] = inverse.reshape(-1)
    else:
        uniq = np.zeros(0, dtype=np.int64)
    first_row = np.zeros(len(uniq), dtype=np.intp)
    if len(uniq):
        rows_ok = np.flatnonzero(ok)
        first_row[factor_index[rows_ok][::-1]] = rows_ok[::-1]

    combo_region = (uniq % n_regions).astype(np.intp)
    combo_unit = ((uniq // n_regions) % n_units).astype(np.intp)
    combo_res = (uniq // n_regions // n_units).astype(np.intp)
    units = [parse(text) for text in table.unit.labels]

    # One multiplier per (factor unit, calorific basis, activity unit) when the dimensions
    # agree; per (factor, activity unit, region) when fuel properties are needed.
    found: list[tuple[float, tuple[str, ...]]] = []
    slots: dict[tuple[object, ...], int] = {}
    same_dims: dict[tuple[str, int], bool] = {}
    combo_mult = np.empty(len(uniq), dtype=np.intp)
    resolutions = resolved.resolutions
    with _gc_paused():
        for k, (res_k, unit_code, region_code) in enumerate(
            zip(combo_res.tolist(), combo_unit.tolist(), combo_region.tolist(), strict=True)
        ):
            resolution = resolutions[res_k]
            factor = resolution.factor
            same = same_dims.get((factor.unit, unit_code))
            if same is None:
                same = units[unit_code].dimensions == factor.parsed_unit.dimensions
                same_dims[(factor.unit, unit_code)] = same
            slot_key: tuple[object, ...] = (
                (factor.unit, factor.calorific_basis, unit_code)
                if same
                else (
                    resolution.set_name,
                    resolution.set_version,
                    factor.id,
                    unit_code,
                    region_code,
                )
            )
            slot = slots.get(slot_key)
            if slot is None:
                row = int(first_row[k])
                where = table.source + (
                    f", row {int(table.row_number[row])}" if table.row_number is not None else ""
                )
                unit_text, region = table.unit.labels[unit_code], table.region.labels[region_code]
                found.append(_multiplier(registry, resolution, unit_text, region, where))
                slot = slots[slot_key] = len(found) - 1
            combo_mult[k] = slot

    # Per-unit gas values of each resolution used, then one row per combination.
    used_res = np.unique(combo_res)
    per_res: dict[int, dict[str, float]] = {}
    for res_k in used_res.tolist():
        factor = resolutions[res_k].factor
        if factor.is_co2e_only:
            assert factor.co2e is not None
            assert factor.gwp is not None
            built_with = gwp_module.get(factor.gwp).name
            per_res[res_k] = {pseudo_gas(built_with): factor.co2e}
        else:
            per_res[res_k] = factor.gas_values()
    gases = tuple(sorted({g for col in per_res.values() for g in col}, key=_gas_order))
    res_pos = np.zeros(len(resolutions), dtype=np.intp)
    res_pos[used_res] = np.arange(len(used_res), dtype=np.intp)
    values = np.zeros((len(used_res), len(gases)), dtype=np.float64)
    given = np.zeros((len(used_res), len(gases)), dtype=np.bool_)
    for i, res_k in enumerate(used_res.tolist()):
        for j, gas in enumerate(gases):
            value = per_res[res_k].get(gas)
            if value is not None:
                values[i, j] = value
                given[i, j] = True
    mult = np.array([m for m, _ in found], dtype=np.float64)[combo_mult]
    rows_of = res_pos[combo_res]
    # multiplier x value, as a float64 product per entry; 0.0 where the factor lacks the gas.
    table_f = np.where(given[rows_of], mult[:, None] * values[rows_of], 0.0)
    lazy = _Lineage(
        resolutions=resolutions,
        unit_labels=table.unit.labels,
        region_labels=table.region.labels,
        combo_res=combo_res,
        combo_unit=combo_unit,
        combo_region=combo_region,
        combo_mult=combo_mult,
        multipliers=tuple(found),
    )
    with _gc_paused():
        lineage = tuple(lazy)

    # The default GWP set must be able to express every ledger column (fail early).
    gwp_weights(gases, gwp_set, include_biogenic=False, allow_gwp_conversion=allow_gwp_conversion)
    totals = _kernels.group_sums(
        table.amount,
        factor_index,
        table_f,
        np.zeros(n, dtype=np.intp),
        1,
        exact=exact,
        chunk_rows=chunk_rows,
    )[0]
    return Emissions(
        table=table,
        factor_index=factor_index,
        gases=gases,
        factor_table=table_f,
        lineage=lineage,
        gwp=gwp_set,
        allow_gwp_conversion=allow_gwp_conversion,
        exact=exact,
        chunk_rows=chunk_rows,
        gas_sums=totals,
        unresolved=tuple(resolved.missing),
    )


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
    resolution, activity unit, region, multiplier and conversion steps. Keeping
    arrays instead of one object per combination keeps ``calculate`` linear in
    numpy work when there are many distinct combinations.
    """

    def __init__(
        self,
        *,
        resolutions: tuple[Resolution, ...],
        unit_labels: tuple[str, ...],
        region_labels: tuple[str, ...],
        combo_res: npt.NDArray[np.intp],
        combo_unit: npt.NDArray[np.intp],
        combo_region: npt.NDArray[np.intp],
        combo_mult: npt.NDArray[np.intp],
        multipliers: tuple[tuple[float, tuple[str, ...]], ...],
    ) -> None:
        self._resolutions = resolutions
        self._unit_labels = unit_labels
        self._region_labels = region_labels
        self._arrays = np.stack([combo_res, combo_unit, combo_region, combo_mult], axis=1)
        self._arrays.setflags(write=False)
        self._multipliers = multipliers

    def __len__(self) -> int:
        return int(self._arrays.shape[0])

    def _entry(self, k: int) -> FactorLineage:
        res_k, unit_code, region_code, slot = self._arrays[k].tolist()
        multiplier, steps = self._multipliers[slot]
        return FactorLineage(
            resolution=self._resolutions[res_k],
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
        return f"<lineage of {len(self)} effective factors>"
