"""compute_inventory: activity rows -> a GHG Protocol corporate inventory report."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd import gwp as gwp_module
from carbonstd import units
from carbonstd.activities import Activity, ActivityTable, Categorical
from carbonstd.calculation import BIOGENIC, calculate
from carbonstd.errors import CarbonStdError, InventoryError
from carbonstd.factors import FactorRegistry, FactorSet
from carbonstd.gwp import GWPSet
from carbonstd.inventory._boundary import APPROACHES, Approach, Organization
from carbonstd.inventory._classify import PRIMARY_METHODS, SCOPE3_CATEGORIES, classify
from carbonstd.inventory._fugitive import fugitive_factor_set
from carbonstd.inventory._instruments import Instrument
from carbonstd.inventory._report import DataQuality, Exclusion, InventoryLine, InventoryReport
from carbonstd.inventory._scope2 import Scope2Consumption, Scope2Result, scope2_dual

__all__ = ["compute_inventory"]

_KEYS = ("scope1", "scope2_location", "scope2_market", "scope3")


@attrs.frozen
class _Combo:
    scope: str
    category: str
    method: str
    share: float
    dual: bool
    excluded: str


def _as_table(activities: ActivityTable | Iterable[Activity]) -> ActivityTable:
    if isinstance(activities, ActivityTable):
        return activities
    given: object = activities
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        raise InventoryError(
            "activities must be an ActivityTable or Activity records",
            value=type(activities).__name__,
            source="compute_inventory(activities=...)",
        )
    return ActivityTable.from_records(list(activities))


def _as_registry(factors: FactorRegistry | FactorSet) -> FactorRegistry:
    if isinstance(factors, FactorRegistry):
        return factors
    if isinstance(factors, FactorSet):
        return FactorRegistry([factors])
    raise InventoryError(
        "factors must be a FactorRegistry or a FactorSet",
        value=type(factors).__name__,
        source="compute_inventory(factors=...)",
        hint="pass carbonstd.factors.default_registry() or a registry of your own sets",
    )


def _tag(table: ActivityTable, name: str) -> Categorical:
    col = table.tags.get(name)
    if col is None:
        return Categorical(np.zeros(len(table), dtype=np.int32), ("",))
    return col


def _where(table: ActivityTable, row: int) -> str:
    number = int(table.row_number[row]) if table.row_number is not None else row + 1
    return f"{table.source}, row {number}"


def _check_years(table: ActivityTable, reporting_year: int) -> None:
    given: object = reporting_year
    if isinstance(given, bool) or not isinstance(given, int) or not 1900 <= reporting_year <= 2200:
        raise InventoryError(
            "reporting_year must be an integer year",
            value=reporting_year,
            source="compute_inventory(reporting_year=...)",
        )
    other = np.flatnonzero(table.year != reporting_year)
    if other.size:
        row = int(other[0])
        raise InventoryError(
            f"{other.size} activity rows are not in the reporting year {reporting_year}",
            value=int(table.year[row]),
            source=_where(table, row),
            column="year",
            hint="an inventory covers one reporting year (Corporate Standard ch. 9); "
            "pass only that year's rows",
        )


def _combos(
    table: ActivityTable, organization: Organization, approach: str
) -> tuple[list[_Combo], npt.NDArray[np.intp], list[tuple[str, str]]]:
    """Classify each distinct (entity, activity, scope, category, method, paid_by)."""
    inclusion = organization.inclusion(approach)  # type: ignore[arg-type]
    cols = [
        table.tags["entity"],
        table.activity,
        _tag(table, "scope"),
        _tag(table, "category"),
        _tag(table, "method"),
        _tag(table, "paid_by"),
    ]
    stacked = np.stack([c.codes.astype(np.int64) for c in cols], axis=1)
    uniq, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
    combos: list[_Combo] = []
    names: list[tuple[str, str]] = []
    for k in range(uniq.shape[0]):
        ent, act, scope, cat, method, paid = (
            c.labels[int(code)] for c, code in zip(cols, uniq[k].tolist(), strict=True)
        )
        where = _where(table, int(first[k]))
        if not ent:
            raise InventoryError(
                "activity row has no entity",
                source=where,
                column="entity",
                hint="every row names the entity it belongs to (Corporate Standard ch. 3)",
            )
        try:
            organization.entity(ent)
        except InventoryError as exc:
            raise InventoryError(
                exc.message, value=ent, source=where, column="entity", hint=exc.hint
            ) from None
        cls = classify(act, scope=scope, category=cat, method=method, paid_by=paid, where=where)
        inc = inclusion[ent]
        names.append((ent, act))
        if cls.scope in ("1", "2"):
            if inc.share > 0.0:
                dual = (
                    cls.scope == "2"
                    and cls.category == "electricity"
                    and act == ("electricity.grid")
                )
                combos.append(_Combo(cls.scope, cls.category, "", inc.share, dual, ""))
            elif inc.destination.startswith("scope3."):
                combos.append(
                    _Combo("3", inc.destination[7:], "asset-specific", inc.scope3_share, False, "")
                )
            else:
                combos.append(
                    _Combo(
                        cls.scope,
                        cls.category,
                        "",
                        0.0,
                        False,
                        f"outside the boundary under {approach} ({inc.rule})",
                    )
                )
        elif inc.share > 0.0:
            combos.append(_Combo("3", cls.category, cls.method, inc.share, False, ""))
        else:
            combos.append(
                _Combo(
                    "3",
                    cls.category,
                    cls.method,
                    0.0,
                    False,
                    f"Scope 3 of an entity outside the boundary under {approach} ({inc.rule})",
                )
            )
    return combos, np.asarray(inverse, dtype=np.intp).reshape(-1), names


def _replaced(table: ActivityTable, combos: list[_Combo], inverse: npt.NDArray[np.intp]) -> Any:
    """Rows replaced by a supplier's product footprint (Scope 3 Standard ch. 7; ``replaces``)."""
    replaced = np.zeros(len(table), dtype=np.bool_)
    col = table.tags.get("replaces")
    if col is None:
        return replaced
    ids = table.record_id
    given = np.array([label != "" for label in col.labels], dtype=np.bool_)[col.codes]
    for row in np.flatnonzero(given).tolist():
        target = col.labels[int(col.codes[row])]
        mine = combos[int(inverse[row])]
        where = _where(table, row)
        if mine.method != "supplier-specific":
            raise InventoryError(
                "only a supplier-specific row can replace another row",
                value=mine.method,
                source=where,
                column="replaces",
                hint="tag the supplier's product footprint method=supplier-specific",
            )
        hits = np.flatnonzero(ids == target) if ids is not None else np.zeros(0, dtype=np.intp)
        if hits.size == 0:
            raise InventoryError(
                "the row to replace does not exist",
                value=target,
                source=where,
                column="replaces",
                hint="give the record_id of the average-data row the supplier data replaces",
            )
        for hit in hits.tolist():
            other = combos[int(inverse[hit])]
            if other.scope != "3" or other.category != mine.category:
                raise InventoryError(
                    "a supplier's footprint replaces a row of the same Scope 3 category only",
                    value=f"{target}: scope {other.scope} category {other.category}",
                    source=where,
                    column="replaces",
                )
            replaced[hit] = True
    return replaced


def _to_mwh(unit: str, where: str) -> float:
    try:
        return units.parse(unit).factor_to(units.parse("MWh"))
    except CarbonStdError as exc:
        raise InventoryError(
            "purchased electricity must be given as an energy",
            value=unit,
            source=where,
            column="unit",
            hint="use kWh or MWh",
        ) from exc


def _consumption(table: ActivityTable, rows: npt.NDArray[np.intp]) -> list[Scope2Consumption]:
    """The whole (unweighted) consumption of each row: shares apply to emissions later."""
    out = []
    facility = table.tags.get("facility")
    scale: dict[int, float] = {}
    for row in rows.tolist():
        u = int(table.unit.codes[row])
        if u not in scale:
            scale[u] = _to_mwh(table.unit.labels[u], _where(table, row))
        entity = table.tags["entity"].labels[int(table.tags["entity"].codes[row])]
        site = facility.labels[int(facility.codes[row])] if facility is not None else ""
        rid: str | int = (
            str(table.record_id[row])
            if table.record_id is not None and str(table.record_id[row])
            else (int(table.row_number[row]) if table.row_number is not None else row + 1)
        )
        out.append(
            Scope2Consumption(
                entity=entity,
                site=site or entity,
                region=table.region.labels[int(table.region.codes[row])],
                year=int(table.year[row]),
                mwh=float(table.amount[row]) * scale[u],
                row_ids=(rid,),
            )
        )
    return out


def _add(target: dict[str, list[float]], gases: Mapping[str, float]) -> None:
    for g, v in gases.items():
        target.setdefault(g, []).append(v)


def _fsum_map(parts: Mapping[str, list[float]]) -> dict[str, float]:
    return {g: math.fsum(v) for g, v in sorted(parts.items())}


def _split_biogenic(gases: Mapping[str, float]) -> tuple[dict[str, float], float]:
    """(kg of each gas in the scopes, kg of biogenic CO2 outside them)."""
    kg = {g: v for g, v in gases.items() if v != 0.0 and g != BIOGENIC}
    return kg, float(gases.get(BIOGENIC, 0.0))


def compute_inventory(
    activities: ActivityTable | Iterable[Activity],
    *,
    organization: Organization,
    approach: Approach,
    factors: FactorRegistry | FactorSet,
    gwp: GWPSet | str,
    reporting_year: int,
    instruments: Sequence[Instrument] = (),
    vintage_window: tuple[int, int] = (0, 0),
    previously_claimed: Collection[str] = (),
    instrument_markets: Collection[str] = (),
) -> InventoryReport:
    """A GHG Protocol corporate inventory for one reporting year.

    Implements the GHG Protocol Corporate Standard (2004): organizational
    boundary by ``approach`` (ch. 3; each entity's rows weighted by its
    share), operational boundary (ch. 4: Scope 1 by source category, Scope 2,
    Scope 3), calculation (ch. 6) and reporting (ch. 9: per gas, CO2e under a
    stated GWP set, biogenic CO2 outside the scopes); the Scope 2 Guidance
    (2015) ch. 6-7 for purchased electricity (``electricity.grid`` rows go to
    :func:`~carbonstd.inventory.scope2_dual`, which computes the
    location-based and market-based totals from the same rows); and the
    Scope 3 Standard (2011) ch. 5 (15 categories), ch. 7 (methods, primary
    data) and ch. 11 (reporting).

    Activity rows carry tags: ``entity`` (required, an entity of
    ``organization``), ``scope`` and ``category`` (inferred where the key
    tells), ``method`` (required for Scope 3), ``paid_by`` (transport:
    ``company`` -> category 4, ``customer`` -> 9), ``facility`` (the Scope 2
    site), ``data_quality``, and ``replaces`` (on a supplier-specific row: the
    ``record_id`` of the average-data row it replaces).

    Weighting: an entity's rows are multiplied by its consolidation share
    (Scope 3 rows of a partly consolidated entity too). Purchased
    electricity is the exception in order only: the instruments ledger is
    matched against each site's whole consumption (an instrument retired for
    a joint venture covers the venture's MWh, Scope 2 Guidance ch. 7.5) and
    the share is applied to the resulting location- and market-based
    emissions (Corporate Standard ch. 3). An entity outside
    Scopes 1 and 2 has its Scope 1 and 2 rows reported in the Scope 3
    category its :class:`~carbonstd.inventory.Inclusion` names (8, 13, 14 or
    15; method ``asset-specific``; purchased electricity there at the
    location-based factor) and its Scope 3 rows listed as excluded. Rows
    with a zero share are listed in ``exclusions``, never dropped silently.

    Parameters
    ----------
    activities
        The rows, all for ``reporting_year``.
    organization
        The company's entities.
    approach
        ``"equity_share"``, ``"financial_control"`` or ``"operational_control"``.
    factors
        Registry (or one set) with the emission factors, including
        ``electricity.grid`` and, where published, ``electricity.residual_mix``.
    gwp
        GWP set for CO2e.
    reporting_year
        The inventory year.
    instruments
        The contractual-instruments ledger for market-based Scope 2.
    vintage_window, previously_claimed, instrument_markets
        Passed to :func:`~carbonstd.inventory.scope2_dual`: the months
        before and after the reporting year an instrument's vintage may
        reach (Quality Criterion 4; default: inside the year), instrument
        ids or serials already claimed elsewhere (criterion 2), and extra
        markets known to have contractual instruments (dual reporting,
        Scope 2 Guidance ch. 7.1).

    Returns
    -------
    InventoryReport

    Raises
    ------
    InventoryError
        Rows of another year, an unknown entity, a row without scope,
        category or method where they cannot be inferred, a double-counting
        tag, an unknown approach.
    MissingFactorError
        Rows without an emission factor.

    Examples
    --------
    >>> from carbonstd.activities import Activity
    >>> from carbonstd.factors import EmissionFactor, FactorSet, Licence
    >>> from carbonstd.inventory import Entity, Organization, compute_inventory
    >>> fs = FactorSet(name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"),
    ...     factors=[
    ...         EmissionFactor(id="gas", activity="fuel.natural_gas", unit="kWh", region="GB",
    ...                        year=2024, gases={"CO2": 0.2}, calorific_basis="gross"),
    ...         EmissionFactor(id="grid", activity="electricity.grid", unit="kWh", region="GB",
    ...                        year=2024, gases={"CO2": 0.1}),
    ...         EmissionFactor(id="rm", activity="electricity.residual_mix", unit="kWh",
    ...                        region="GB", year=2024, gases={"CO2": 0.3})])
    >>> org = Organization(entities=[
    ...     Entity("Plant", kind="parent", equity_share=1.0, financial_control="full",
    ...            operational_control=True),
    ...     Entity("JV", kind="joint_venture", equity_share=0.5, financial_control="joint",
    ...            operational_control=False)])
    >>> rows = [
    ...     Activity("fuel.natural_gas", 1000.0, "kWh", "GB", year=2024, tags={"entity": "Plant"}),
    ...     Activity("fuel.natural_gas", 1000.0, "kWh", "GB", year=2024, tags={"entity": "JV"}),
    ...     Activity("electricity.grid", 1000.0, "kWh", "GB", year=2024, tags={"entity": "Plant"}),
    ... ]
    >>> rep = compute_inventory(rows, organization=org, approach="equity_share", factors=fs,
    ...                         gwp="AR6", reporting_year=2024)
    >>> rep.scope1, rep.scope2_location, rep.scope2_market  # JV at 50 %; residual mix 0.3
    (300.0, 100.0, 300.0)
    >>> rep.total(scope2="market")
    600.0
    """
    if approach not in APPROACHES:
        raise InventoryError(
            "unknown consolidation approach",
            value=approach,
            source="compute_inventory(approach=...)",
            hint="use 'equity_share', 'financial_control' or 'operational_control' "
            "(Corporate Standard ch. 3)",
        )
    if not isinstance(organization, Organization):
        raise InventoryError(
            "organization must be an Organization",
            value=type(organization).__name__,
            source="compute_inventory(organization=...)",
        )
    table = _as_table(activities)
    registry = _as_registry(factors)
    gwp_set = gwp if isinstance(gwp, GWPSet) else gwp_module.get(gwp)
    if len(table) == 0:
        raise InventoryError(
            "no activity rows", source="compute_inventory", hint="pass the year's activity data"
        )
    if "entity" not in table.tags:
        raise InventoryError(
            "activity rows need an 'entity' column",
            source=table.source,
            column="entity",
            hint="name each row's entity of the organization (Corporate Standard ch. 3)",
        )
    _check_years(table, reporting_year)
    combos, inverse, names = _combos(table, organization, approach)
    replaced = _replaced(table, combos, inverse)
    share = np.array([c.share for c in combos], dtype=np.float64)[inverse]
    dual = np.array([c.dual for c in combos], dtype=np.bool_)[inverse]
    keep = (share > 0.0) & ~replaced

    exclusions: list[Exclusion] = []
    for k, c in enumerate(combos):
        count = int(np.count_nonzero((inverse == k) & ~replaced))
        if c.excluded and count:
            ent, act = names[k]
            exclusions.append(Exclusion(f"entity {ent!r}: {act}", c.excluded, count))
    if replaced.any():
        ids = (
            sorted({str(i) for i in table.record_id[replaced]})
            if table.record_id is not None
            else []
        )
        exclusions.append(
            Exclusion(
                "records " + ", ".join(ids),
                "replaced by a supplier's product footprint (supplier-specific method)",
                int(replaced.sum()),
            )
        )

    # Scope 2 electricity: dual reporting from the same rows.
    s2: Scope2Result | None = None
    dual_rows = np.flatnonzero(dual & keep)
    if dual_rows.size:
        inc = organization.inclusion(approach)
        s2 = scope2_dual(
            _consumption(table, dual_rows),
            instruments=tuple(instruments),
            factors=registry,
            gwp=gwp_set,
            reporting_year=reporting_year,
            vintage_window=vintage_window,
            previously_claimed=previously_claimed,
            instrument_markets=instrument_markets,
            shares={name: i.share for name, i in inc.items()},
        )
    flags: list[str] = []
    if instruments and s2 is None:
        flags.append("instruments were given but there is no purchased electricity in Scope 2")

    # Everything else through the calculation engine, weighted by the consolidation share.
    rows = np.flatnonzero(keep & ~dual)
    sub = table.take(rows)
    combo_of = inverse[rows]
    tags = dict(sub.tags)
    key_code: dict[str, int] = {}
    for c in combos:
        key_code.setdefault(f"{c.scope}|{c.category}|{c.method}|{c.share!r}", len(key_code))
    remap = np.array(
        [key_code[f"{c.scope}|{c.category}|{c.method}|{c.share!r}"] for c in combos],
        dtype=np.int32,
    )
    tags["inv_key"] = Categorical(remap[combo_of], tuple(key_code))
    sub = attrs.evolve(sub, amount=sub.amount * share[rows], tags=tags)
    fug = fugitive_factor_set(tuple(sub.activity.labels), year=reporting_year)
    if fug is not None:
        registry = registry.with_set(fug, position="bottom")

    gases: dict[str, dict[str, list[float]]] = {k: {} for k in _KEYS}
    co2e: dict[str, list[float]] = {k: [] for k in _KEYS}
    s1_cat: dict[str, list[float]] = {}
    s3_cat: dict[int, list[float]] = {}
    s3_method: dict[str, list[float]] = {}
    by_entity: dict[str, dict[str, list[float]]] = {}
    lines: list[InventoryLine] = []
    biogenic: dict[str, list[float]] = {k: [] for k in _KEYS}
    steam = False
    other_electricity: set[str] = set()
    if len(sub):
        em = calculate(sub, factors=registry, gwp=gwp_set)
        grouped = em.by("inv_key", "entity", "activity", "region")
        for row in grouped.rows():
            key, entity, activity, region = row.key
            scope, category, method, share_text = key.split("|")
            kg, bio = _split_biogenic(row.gases)
            lines.append(
                InventoryLine(
                    scope,
                    category,
                    entity,
                    activity,
                    region,
                    method,
                    float(share_text),
                    kg,
                    row.co2e,
                    bio,
                )
            )
            targets = (
                ["scope1"]
                if scope == "1"
                else ["scope2_location", "scope2_market"]
                if scope == "2"
                else ["scope3"]
            )
            if scope == "2" and category == "electricity":
                other_electricity.add(activity)
            elif scope == "2":
                steam = True
            for t in targets:
                biogenic[t].append(bio)
                _add(gases[t], kg)
                co2e[t].append(row.co2e)
                by_entity.setdefault(entity, {}).setdefault(t, []).append(row.co2e)
            if scope == "1":
                s1_cat.setdefault(category, []).append(row.co2e)
            elif scope == "3":
                s3_cat.setdefault(int(category), []).append(row.co2e)
                s3_method.setdefault(method, []).append(row.co2e)
    if steam:
        flags.append(
            "purchased steam, heat or cooling: the same factor is used in the location-based "
            "and market-based totals (no contractual instruments for them)"
        )
    if other_electricity:
        flags.append(
            "purchased electricity rows other than electricity.grid ("
            + ", ".join(sorted(other_electricity))
            + "): the same factor is used in the location-based and market-based totals; "
            "they are not matched against the instruments ledger (give purchased grid "
            "electricity as electricity.grid for Scope 2 dual reporting)"
        )
    if s2 is not None:
        for key, per_gas in (
            ("scope2_location", s2.location_by_gas),
            ("scope2_market", s2.market_by_gas),
        ):
            kg, bio = _split_biogenic(per_gas)
            _add(gases[key], kg)
            biogenic[key].append(bio)
        co2e["scope2_location"].append(s2.location_based)
        co2e["scope2_market"].append(s2.market_based)
        for site in s2.sites:
            for method, per_gas, value, key in (
                ("location", site.location, site.location_co2e, "scope2_location"),
                ("market", site.market, site.market_co2e, "scope2_market"),
            ):
                kg, bio = _split_biogenic(per_gas)
                by_entity.setdefault(site.entity, {}).setdefault(key, []).append(value)
                lines.append(
                    InventoryLine(
                        "2",
                        "electricity",
                        site.entity,
                        "electricity.grid",
                        site.region,
                        method,
                        site.share,
                        kg,
                        value,
                        bio,
                    )
                )
        flags.extend(s2.flags)

    s3_total = math.fsum(v for parts in s3_method.values() for v in parts)
    primary = math.fsum(v for m, parts in s3_method.items() if m in PRIMARY_METHODS for v in parts)
    quality = _tag(table, "data_quality")
    counts = np.bincount(quality.codes[keep], minlength=len(quality.labels))
    missing3 = [k for k in SCOPE3_CATEGORIES if k not in s3_cat]
    if missing3:
        flags.append(
            "Scope 3 categories without data (report them as excluded or not relevant, with a "
            "justification; Scope 3 Standard ch. 11): " + ", ".join(map(str, missing3))
        )
    return InventoryReport(
        reporting_year=reporting_year,
        approach=approach,
        gwp=gwp_set.name,
        scope1=math.fsum(co2e["scope1"]),
        scope1_by_category={k: math.fsum(v) for k, v in sorted(s1_cat.items())},
        scope2_location=math.fsum(co2e["scope2_location"]),
        scope2_market=math.fsum(co2e["scope2_market"]),
        scope3={k: math.fsum(v) for k, v in sorted(s3_cat.items())},
        biogenic_co2=math.fsum(biogenic["scope1"]),
        biogenic_co2_by_scope={k: math.fsum(v) for k, v in biogenic.items()},
        gases={k: _fsum_map(v) for k, v in gases.items()},
        by_entity={e: _fsum_map(v) for e, v in sorted(by_entity.items())},
        lines=tuple(
            sorted(
                lines,
                key=lambda ln: (
                    ln.scope,
                    ln.category,
                    ln.entity,
                    ln.activity,
                    ln.region,
                    ln.method,
                ),
            )
        ),
        data_quality=DataQuality(
            {k: math.fsum(v) for k, v in sorted(s3_method.items())},
            (primary / s3_total) if s3_total > 0.0 else None,
            {quality.labels[i]: int(c) for i, c in enumerate(counts.tolist()) if c},
        ),
        inclusion=organization.inclusion(approach),
        exclusions=tuple(exclusions),
        flags=tuple(flags),
        scope2_detail=s2,
    )
