"""Disclosure mapping: the data points of GRI 305, IFRS S2 para. 29(a) and ESRS E1-6.

Each data point names its standard and paragraph; :func:`disclosures`
fills what an :class:`~carbonstd.inventory.InventoryReport` (and the
optional base year, intensities and organization) can answer, in tonnes
CO2e, and lists the rest as missing. Paragraph references: GRI 305:
Emissions 2016, Disclosures 305-1 to 305-5; IFRS S2 Climate-related
Disclosures (2023) para. 29(a)(i)-(vi); ESRS E1 (Commission Delegated
Regulation (EU) 2023/2772, Annex I) disclosure requirement E1-6, paras. 44-55.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from carbonstd.errors import CarbonStdError, InventoryError
from carbonstd.inventory._baseyear import Restatement
from carbonstd.inventory._boundary import Organization
from carbonstd.inventory._classify import SCOPE3_CATEGORIES
from carbonstd.inventory._intensity import Intensity
from carbonstd.inventory._report import InventoryReport

__all__ = ["DATA_POINTS", "DataPoint", "Disclosure", "ReductionInitiative", "disclosures"]

_METHODOLOGY = (
    "GHG Protocol Corporate Standard (revised edition, 2004); Scope 2 Guidance (2015); "
    "Corporate Value Chain (Scope 3) Standard (2011); computed with carbonstd"
)
_GROUP_KINDS = ("parent", "subsidiary", "leased_asset")


@attrs.frozen
class DataPoint:
    """One data point a disclosure standard asks for.

    Attributes
    ----------
    id
        Stable identifier, e.g. ``"GRI-305-1-a"``.
    standard
        ``"GRI 305 (2016)"``, ``"IFRS S2 (2023)"`` or ``"ESRS E1 (2023/2772)"``.
    paragraph
        Disclosure and paragraph, e.g. ``"305-1 a"``, ``"29(a)(i)(1)"``, ``"E1-6 para. 48(a)"``.
    description
        What is asked for (carbonstd's paraphrase).
    unit
        ``"t CO2e"``, ``"t CO2"``, ``"text"``, ``"list"``, ``"fraction"`` or ``"ratio"``.
    """

    id: str
    standard: str
    paragraph: str
    description: str
    unit: str


_GRI, _IFRS, _ESRS = "GRI 305 (2016)", "IFRS S2 (2023)", "ESRS E1 (2023/2772)"

#: Every data point carbonstd maps, in order.
DATA_POINTS: tuple[DataPoint, ...] = (
    DataPoint("GRI-305-1-a", _GRI, "305-1 a", "Gross direct (Scope 1) GHG emissions", "t CO2e"),
    DataPoint("GRI-305-1-b", _GRI, "305-1 b", "Gases included in the calculation", "list"),
    DataPoint("GRI-305-1-c", _GRI, "305-1 c", "Biogenic CO2 emissions", "t CO2"),
    DataPoint("GRI-305-1-d", _GRI, "305-1 d", "Base year, emissions in it, recalculations", "text"),
    DataPoint("GRI-305-1-e", _GRI, "305-1 e", "Source of emission factors and GWP rates", "text"),
    DataPoint("GRI-305-1-f", _GRI, "305-1 f", "Consolidation approach", "text"),
    DataPoint("GRI-305-1-g", _GRI, "305-1 g", "Standards, methodologies, assumptions", "text"),
    DataPoint("GRI-305-2-a", _GRI, "305-2 a", "Gross location-based Scope 2 emissions", "t CO2e"),
    DataPoint("GRI-305-2-b", _GRI, "305-2 b", "Gross market-based Scope 2 emissions", "t CO2e"),
    DataPoint("GRI-305-2-c", _GRI, "305-2 c", "Gases included in the calculation", "list"),
    DataPoint("GRI-305-2-d", _GRI, "305-2 d", "Base year, emissions in it, recalculations", "text"),
    DataPoint("GRI-305-2-e", _GRI, "305-2 e", "Source of emission factors and GWP rates", "text"),
    DataPoint("GRI-305-2-f", _GRI, "305-2 f", "Consolidation approach", "text"),
    DataPoint("GRI-305-2-g", _GRI, "305-2 g", "Standards, methodologies, assumptions", "text"),
    DataPoint("GRI-305-3-a", _GRI, "305-3 a", "Gross other indirect (Scope 3) emissions", "t CO2e"),
    DataPoint("GRI-305-3-b", _GRI, "305-3 b", "Gases included in the calculation", "list"),
    DataPoint("GRI-305-3-c", _GRI, "305-3 c", "Biogenic CO2 emissions (Scope 3)", "t CO2"),
    DataPoint("GRI-305-3-d", _GRI, "305-3 d", "Scope 3 categories and activities included", "list"),
    DataPoint("GRI-305-3-e", _GRI, "305-3 e", "Base year, emissions in it, recalculations", "text"),
    DataPoint("GRI-305-3-f", _GRI, "305-3 f", "Source of emission factors and GWP rates", "text"),
    DataPoint("GRI-305-3-g", _GRI, "305-3 g", "Standards, methodologies, assumptions", "text"),
    DataPoint("GRI-305-4-a", _GRI, "305-4 a", "GHG emissions intensity ratio", "ratio"),
    DataPoint("GRI-305-4-b", _GRI, "305-4 b", "Organization-specific metric (denominator)", "text"),
    DataPoint("GRI-305-4-c", _GRI, "305-4 c", "Types of emissions in the ratio", "list"),
    DataPoint("GRI-305-4-d", _GRI, "305-4 d", "Gases included in the ratio", "list"),
    DataPoint(
        "GRI-305-5-a",
        _GRI,
        "305-5 a",
        "Reductions as a direct result of reduction initiatives",
        "t CO2e",
    ),
    DataPoint("GRI-305-5-b", _GRI, "305-5 b", "Gases included in the reductions", "list"),
    DataPoint("GRI-305-5-c", _GRI, "305-5 c", "Base year or baseline", "text"),
    DataPoint("GRI-305-5-d", _GRI, "305-5 d", "Scopes in which reductions took place", "list"),
    DataPoint(
        "GRI-305-5-e", _GRI, "305-5 e", "Standards, methodologies for the reductions", "list"
    ),
    DataPoint(
        "IFRS-S2-29a-i-1", _IFRS, "29(a)(i)(1)", "Absolute gross Scope 1 emissions", "t CO2e"
    ),
    DataPoint(
        "IFRS-S2-29a-i-2", _IFRS, "29(a)(i)(2)", "Absolute gross Scope 2 emissions", "t CO2e"
    ),
    DataPoint(
        "IFRS-S2-29a-i-3", _IFRS, "29(a)(i)(3)", "Absolute gross Scope 3 emissions", "t CO2e"
    ),
    DataPoint(
        "IFRS-S2-29a-ii", _IFRS, "29(a)(ii)", "Measured with the GHG Protocol (2004)", "text"
    ),
    DataPoint(
        "IFRS-S2-29a-iii", _IFRS, "29(a)(iii)", "Measurement approach, inputs, assumptions", "text"
    ),
    DataPoint(
        "IFRS-S2-29a-iv",
        _IFRS,
        "29(a)(iv)",
        "Scope 1 and 2 split: consolidated group vs other investees",
        "t CO2e",
    ),
    DataPoint(
        "IFRS-S2-29a-v",
        _IFRS,
        "29(a)(v)",
        "Location-based Scope 2 and contractual instruments",
        "t CO2e",
    ),
    DataPoint("IFRS-S2-29a-vi", _IFRS, "29(a)(vi)", "Scope 3 categories included", "list"),
    DataPoint("ESRS-E1-6-44a", _ESRS, "E1-6 para. 44(a)", "Gross Scope 1 GHG emissions", "t CO2e"),
    DataPoint("ESRS-E1-6-44b", _ESRS, "E1-6 para. 44(b)", "Gross Scope 2 GHG emissions", "t CO2e"),
    DataPoint("ESRS-E1-6-44c", _ESRS, "E1-6 para. 44(c)", "Gross Scope 3 GHG emissions", "t CO2e"),
    DataPoint("ESRS-E1-6-44d", _ESRS, "E1-6 para. 44(d)", "Total GHG emissions", "t CO2e"),
    DataPoint(
        "ESRS-E1-6-48b",
        _ESRS,
        "E1-6 para. 48(b)",
        "Share of Scope 1 from regulated ETS",
        "fraction",
    ),
    DataPoint("ESRS-E1-6-49a", _ESRS, "E1-6 para. 49(a)", "Gross location-based Scope 2", "t CO2e"),
    DataPoint("ESRS-E1-6-49b", _ESRS, "E1-6 para. 49(b)", "Gross market-based Scope 2", "t CO2e"),
    DataPoint(
        "ESRS-E1-6-50",
        _ESRS,
        "E1-6 para. 50",
        "Scope 1 and 2 split: consolidated group vs investees under operational control",
        "t CO2e",
    ),
    DataPoint(
        "ESRS-E1-6-51", _ESRS, "E1-6 para. 51", "Gross Scope 3 by significant category", "t CO2e"
    ),
    DataPoint(
        "ESRS-E1-6-52a", _ESRS, "E1-6 para. 52(a)", "Total GHG emissions, location-based", "t CO2e"
    ),
    DataPoint(
        "ESRS-E1-6-52b", _ESRS, "E1-6 para. 52(b)", "Total GHG emissions, market-based", "t CO2e"
    ),
    DataPoint(
        "ESRS-E1-6-53",
        _ESRS,
        "E1-6 paras. 53-55, AR 53",
        "Total GHG emissions (Scopes 1-3) per net revenue, location- and market-based",
        "ratio",
    ),
)


def _initiative_scopes(value: object) -> tuple[str, ...]:
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, (tuple, list))
        or not value
        or len(set(value)) != len(value)
        or not set(value) <= {"1", "2", "3"}
    ):
        raise InventoryError(
            "ReductionInitiative.scopes: must be distinct values among '1', '2', '3'",
            value=value,
            source="ReductionInitiative.scopes",
            hint="e.g. ('1',) for a boiler replacement, ('2',) for an efficiency measure",
        )
    return tuple(sorted(value))


def _initiative_kg(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InventoryError(
            "ReductionInitiative.kg_co2e: must be a number",
            value=value,
            source="ReductionInitiative.kg_co2e",
            hint="kg CO2e reduced in the reporting year",
        )
    if not math.isfinite(value) or value < 0:
        raise InventoryError(
            "ReductionInitiative.kg_co2e: must be finite and >= 0",
            value=value,
            source="ReductionInitiative.kg_co2e",
        )
    return float(value)


def _initiative_gases(value: object) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)):
        raise InventoryError(
            "ReductionInitiative.gases: must be a sequence of gas names",
            value=value,
            source="ReductionInitiative.gases",
            hint="e.g. ('CO2', 'CH4')",
        )
    from carbonstd import gwp

    out = []
    for name in value:
        try:
            out.append(gwp.canonical_gas(name))
        except CarbonStdError as exc:
            raise InventoryError(
                "ReductionInitiative.gases: unknown gas",
                value=name,
                source="ReductionInitiative.gases",
                hint=exc.hint,
            ) from exc
    return tuple(sorted(set(out)))


def _text(owner: str) -> Callable[[object, attrs.Attribute[str], object], None]:
    def check(_: object, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or (attribute.name == "description" and not value.strip()):
            raise InventoryError(
                f"{owner}.{attribute.name}: must be a"
                + (" non-empty" if attribute.name == "description" else "")
                + " string",
                value=value,
                source=f"{owner}.{attribute.name}",
            )

    return check


@attrs.frozen
class ReductionInitiative:
    """An emission reduction achieved as a direct result of one reduction initiative.

    GRI 305-5 (2016) asks for reductions "as a direct result of reduction
    initiatives" (process redesign, equipment retrofits, fuel switching,
    ...), quantified against a baseline for the initiative; a fall in the
    inventory total is not such a figure (it also moves with output,
    structure and factors). carbonstd does not estimate these: the company
    states them, and :func:`disclosures` reports them under 305-5 a, b, d, e.

    Parameters
    ----------
    description
        What was done.
    kg_co2e
        Kg CO2e reduced in the reporting year (finite, >= 0).
    scopes
        Scopes in which the reduction took place (``"1"``, ``"2"``, ``"3"``).
    gases
        Gases included in the calculation of the reduction.
    method
        Standard, methodology, assumptions or tool used to quantify it.

    Raises
    ------
    InventoryError
        Naming the field, for a non-numeric, negative or non-finite amount,
        unknown or repeated scopes, unknown gases or a missing description.

    Examples
    --------
    >>> r = ReductionInitiative("heat pump replaces gas boiler", 2500.0, scopes=("1",),
    ...                         gases=("CO2", "ch4"), method="metered gas use before and after")
    >>> r.kg_co2e, r.gases
    (2500.0, ('CH4', 'CO2'))
    """

    description: str = attrs.field(validator=_text("ReductionInitiative"))
    kg_co2e: float = attrs.field(converter=_initiative_kg)
    scopes: tuple[str, ...] = attrs.field(kw_only=True, converter=_initiative_scopes)
    gases: tuple[str, ...] = attrs.field(kw_only=True, default=(), converter=_initiative_gases)
    method: str = attrs.field(kw_only=True, default="", validator=_text("ReductionInitiative"))


def _plain_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    return dict(value)


@attrs.frozen
class Disclosure:
    """The data points with their values (None = still missing).

    Attributes
    ----------
    values
        Data point id -> value (tonnes for emission figures) or None.
    """

    values: Mapping[str, Any] = attrs.field(converter=_plain_dict)

    @property
    def missing(self) -> tuple[DataPoint, ...]:
        """The data points that could not be filled."""
        return tuple(p for p in DATA_POINTS if self.values.get(p.id) is None)

    def value(self, point_id: str) -> Any:
        """The value of one data point.

        Raises
        ------
        InventoryError
            For an unknown id.
        """
        if point_id not in self.values:
            raise InventoryError(
                "unknown data point",
                value=point_id,
                source="Disclosure.value",
                hint="see carbonstd.inventory.DATA_POINTS",
            )
        return self.values[point_id]

    def rows(self) -> list[dict[str, Any]]:
        """One dict per data point: id, standard, paragraph, description, unit, value, missing."""
        return [
            {
                **attrs.asdict(p),
                "value": self.values.get(p.id),
                "missing": self.values.get(p.id) is None,
            }
            for p in DATA_POINTS
        ]


def _t(kg: float) -> float:
    return kg / 1000.0


def _esrs_intensity(intensities: Sequence[Intensity]) -> dict[str, Any] | None:
    """ESRS E1-6 paras. 53-55 and AR 53: total GHG emissions per net revenue, both methods."""
    total = [i for i in intensities if i.currency_year is not None and i.scopes == ("1", "2", "3")]
    for loc in (i for i in total if i.scope2 == "location"):
        for mkt in (i for i in total if i.scope2 == "market"):
            same = (loc.unit, loc.currency_year, loc.denominator) == (
                mkt.unit,
                mkt.currency_year,
                mkt.denominator,
            )
            if same:
                return {
                    "location_based": loc.value / 1000.0,
                    "market_based": mkt.value / 1000.0,
                    "unit": f"t CO2e / {loc.unit} ({loc.currency_year})",
                }
    return None


def disclosures(
    report: InventoryReport,
    *,
    organization: Organization | None = None,
    base_year: Restatement | None = None,
    intensities: Sequence[Intensity] = (),
    factor_sources: str | None = None,
    ets_share: float | None = None,
    reduction_initiatives: Sequence[ReductionInitiative] = (),
) -> Disclosure:
    """Fill the GRI 305, IFRS S2 29(a) and ESRS E1-6 data points from an inventory.

    Emission figures are tonnes (kg / 1000, full precision). Data points that
    need information the inputs do not hold stay None and are listed by
    :attr:`Disclosure.missing`: nothing is invented.

    Parameters
    ----------
    report
        The inventory.
    organization
        Needed for the consolidated-group / investee split (IFRS S2
        29(a)(iv), ESRS E1-6 para. 50): parents, subsidiaries and leased
        assets are the group.
    base_year
        The base-year restatement, for GRI 305-1 d, 305-2 d, 305-3 e, 305-5 c.
    intensities
        Intensity ratios. The first fills GRI 305-4 a-d. ESRS E1-6 paras.
        53-55 (with AR 53) ask for *total* GHG emissions (Scopes 1, 2 and 3,
        para. 44(d)) per net revenue, for both Scope 2 methods: the data
        point is filled only from two intensities with scopes ``("1", "2",
        "3")``, one location-based and one market-based, over the same
        currency denominator (unit, price year and amount); otherwise it
        stays missing.
    factor_sources
        The sources of the emission factors (GRI 305-1 e, 305-2 e, 305-3 f).
    ets_share
        Share of Scope 1 from regulated emission trading schemes (ESRS para. 48(b)).
    reduction_initiatives
        Reductions achieved as a direct result of reduction initiatives, as
        stated by the company (GRI 305-5 a, b, d, e). Without them those
        data points stay missing: a fall in the inventory total against the
        base year is not a reduction from initiatives.

    Raises
    ------
    InventoryError
        For an ``ets_share`` that is not a number in [0, 1], a ``report``
        that is not an :class:`~carbonstd.inventory.InventoryReport`, or an
        item of ``intensities`` or ``reduction_initiatives`` of the wrong type.

    Examples
    --------
    >>> from carbonstd.inventory._report import DataQuality, InventoryReport
    >>> r = InventoryReport(reporting_year=2024, approach="operational_control", gwp="AR6-GWP100",
    ...     scope1=6000.0, scope1_by_category={}, scope2_location=4000.0, scope2_market=2000.0,
    ...     scope3={6: 500.0}, biogenic_co2=0.0, gases={"scope1": {"CO2": 6000.0}},
    ...     by_entity={}, lines=(), data_quality=DataQuality({}, None, {}), inclusion={},
    ...     exclusions=(), flags=())
    >>> d = disclosures(r)
    >>> d.value("ESRS-E1-6-52b")  # (6000 + 2000 + 500) kg
    8.5
    >>> "ESRS-E1-6-48b" in [p.id for p in d.missing]
    True
    """
    share: object = ets_share
    if share is not None and (
        isinstance(share, bool)
        or not isinstance(share, (int, float))
        or not (math.isfinite(share) and 0.0 <= share <= 1.0)
    ):
        raise InventoryError(
            "ets_share must be a fraction in [0, 1]", value=ets_share, source="disclosures"
        )
    if not isinstance(report, InventoryReport):
        raise InventoryError(
            "report must be an InventoryReport",
            value=type(report).__name__,
            source="disclosures",
            hint="pass the result of compute_inventory(...)",
        )
    for i, ratio_item in enumerate(intensities):
        if not isinstance(ratio_item, Intensity):
            raise InventoryError(
                f"intensities[{i}] is not an Intensity",
                value=type(ratio_item).__name__,
                source="disclosures(intensities=...)",
                hint="build each with carbonstd.inventory.intensity(...)",
            )
    for i, item in enumerate(reduction_initiatives):
        if not isinstance(item, ReductionInitiative):
            raise InventoryError(
                f"reduction_initiatives[{i}] is not a ReductionInitiative",
                value=type(item).__name__,
                source="disclosures(reduction_initiatives=...)",
                hint="build each with ReductionInitiative(description, kg_co2e, scopes=...)",
            )
    r = report
    gwp_text = f"GWP values: {r.gwp}" + (f"; factors: {factor_sources}" if factor_sources else "")
    sources = gwp_text if factor_sources else None

    def gases(key: str) -> list[str] | None:
        found = sorted(g for g, v in r.gases.get(key, {}).items() if v != 0.0)
        return found or None

    by_year: str | None = None
    inits = tuple(reduction_initiatives)
    reduction = _t(math.fsum(x.kg_co2e for x in inits)) if inits else None
    reduced_gases = sorted({g for x in inits for g in x.gases}) or None
    reduced_scopes = sorted({f"scope {s}" for x in inits for s in x.scopes}) or None
    reduced_methods = [f"{x.description}: {x.method}" for x in inits if x.method] or None
    if base_year is not None:
        e = base_year.restated.emissions
        by_year = (
            f"base year {base_year.restated.year}; restated: {dict(e)} kg CO2e; "
            f"recalculated: {base_year.recalculated} "
            f"(threshold {base_year.restated.threshold:.0%}, "
            f"{len(base_year.trail)} adjustments in the audit trail)"
        )
    split: dict[str, float] | None = None
    if organization is not None:
        group = {x.name for x in organization.entities if x.kind in _GROUP_KINDS}
        parts: dict[str, list[float]] = {"group": [], "investees": []}
        for name, scopes in r.by_entity.items():
            side = "group" if name in group else "investees"
            parts[side].extend(scopes.get(k, 0.0) for k in ("scope1", "scope2_location"))
        split = {k: _t(math.fsum(v)) for k, v in parts.items()}
    ratio = intensities[0] if intensities else None
    revenue = _esrs_intensity(intensities)

    def ratio_gases() -> list[str] | None:
        if ratio is None:
            return None
        keys = {"1": ["scope1"], "3": ["scope3"]}
        keys["2"] = [f"scope2_{ratio.scope2}"] if ratio.scope2 else []
        found = {g for s in ratio.scopes for k in keys[s] for g in (gases(k) or [])}
        return sorted(found) or None

    s3_names = [f"{k} {SCOPE3_CATEGORIES[k]}" for k in sorted(r.scope3)] or None
    instruments = None
    detail = r.scope2_detail
    if detail is not None:
        instruments = (
            f"market-based {_t(r.scope2_market)!r} t CO2e; "
            f"{len(detail.instruments)} instruments, {len(detail.failed_instruments)} failed "
            "the Scope 2 Quality Criteria"
        )
    values: dict[str, Callable[[], Any]] = {
        "GRI-305-1-a": lambda: _t(r.scope1),
        "GRI-305-1-b": lambda: gases("scope1"),
        "GRI-305-1-c": lambda: _t(r.biogenic_co2),
        "GRI-305-1-d": lambda: by_year,
        "GRI-305-1-e": lambda: sources,
        "GRI-305-1-f": lambda: r.approach,
        "GRI-305-1-g": lambda: _METHODOLOGY,
        "GRI-305-2-a": lambda: _t(r.scope2_location),
        "GRI-305-2-b": lambda: _t(r.scope2_market),
        "GRI-305-2-c": lambda: gases("scope2_location"),
        "GRI-305-2-d": lambda: by_year,
        "GRI-305-2-e": lambda: sources,
        "GRI-305-2-f": lambda: r.approach,
        "GRI-305-2-g": lambda: _METHODOLOGY,
        "GRI-305-3-a": lambda: _t(r.scope3_total),
        "GRI-305-3-b": lambda: gases("scope3"),
        "GRI-305-3-c": lambda: (
            _t(r.biogenic_co2_by_scope["scope3"])
            if r.scope3 and "scope3" in r.biogenic_co2_by_scope
            else None
        ),
        "GRI-305-3-d": lambda: s3_names,
        "GRI-305-3-e": lambda: by_year,
        "GRI-305-3-f": lambda: sources if r.scope3 else None,
        "GRI-305-3-g": lambda: _METHODOLOGY if r.scope3 else None,
        "GRI-305-4-a": lambda: None if ratio is None else ratio.value / 1000.0,
        "GRI-305-4-b": lambda: (
            None if ratio is None else f"t CO2e per {ratio.unit}: {ratio.description}"
        ),
        "GRI-305-4-c": lambda: None if ratio is None else [f"scope {s}" for s in ratio.scopes],
        "GRI-305-4-d": ratio_gases,
        "GRI-305-5-a": lambda: reduction,
        "GRI-305-5-b": lambda: reduced_gases,
        "GRI-305-5-c": lambda: by_year,
        "GRI-305-5-d": lambda: reduced_scopes,
        "GRI-305-5-e": lambda: reduced_methods,
        "IFRS-S2-29a-i-1": lambda: _t(r.scope1),
        "IFRS-S2-29a-i-2": lambda: _t(r.scope2_location),
        "IFRS-S2-29a-i-3": lambda: _t(r.scope3_total),
        "IFRS-S2-29a-ii": lambda: _METHODOLOGY,
        "IFRS-S2-29a-iii": lambda: f"consolidation approach {r.approach}; {gwp_text}",
        "IFRS-S2-29a-iv": lambda: split,
        "IFRS-S2-29a-v": lambda: (
            None
            if instruments is None
            else {"location_based": _t(r.scope2_location), "instruments": instruments}
        ),
        "IFRS-S2-29a-vi": lambda: s3_names,
        "ESRS-E1-6-44a": lambda: _t(r.scope1),
        "ESRS-E1-6-44b": lambda: {
            "location_based": _t(r.scope2_location),
            "market_based": _t(r.scope2_market),
        },
        "ESRS-E1-6-44c": lambda: _t(r.scope3_total),
        "ESRS-E1-6-44d": lambda: {
            "location_based": _t(r.total(scope2="location", include_scope3=True)),
            "market_based": _t(r.total(scope2="market", include_scope3=True)),
        },
        "ESRS-E1-6-48b": lambda: ets_share,
        "ESRS-E1-6-49a": lambda: _t(r.scope2_location),
        "ESRS-E1-6-49b": lambda: _t(r.scope2_market),
        "ESRS-E1-6-50": lambda: split,
        "ESRS-E1-6-51": lambda: {str(k): _t(v) for k, v in sorted(r.scope3.items())} or None,
        "ESRS-E1-6-52a": lambda: _t(r.total(scope2="location", include_scope3=True)),
        "ESRS-E1-6-52b": lambda: _t(r.total(scope2="market", include_scope3=True)),
        "ESRS-E1-6-53": lambda: revenue,
    }
    return Disclosure({p.id: values[p.id]() for p in DATA_POINTS})
