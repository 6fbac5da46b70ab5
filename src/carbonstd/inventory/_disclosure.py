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

from carbonstd.errors import InventoryError
from carbonstd.inventory._baseyear import Restatement
from carbonstd.inventory._boundary import Organization
from carbonstd.inventory._classify import SCOPE3_CATEGORIES
from carbonstd.inventory._intensity import Intensity
from carbonstd.inventory._report import InventoryReport

__all__ = ["DATA_POINTS", "DataPoint", "Disclosure", "disclosures"]

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
    DataPoint("GRI-305-3-a", _GRI, "305-3 a", "Gross other indirect (Scope 3) emissions", "t CO2e"),
    DataPoint("GRI-305-3-b", _GRI, "305-3 b", "Gases included in the calculation", "list"),
    DataPoint("GRI-305-3-c", _GRI, "305-3 c", "Biogenic CO2 emissions (Scope 3)", "t CO2"),
    DataPoint("GRI-305-3-d", _GRI, "305-3 d", "Scope 3 categories and activities included", "list"),
    DataPoint("GRI-305-3-e", _GRI, "305-3 e", "Base year, emissions in it, recalculations", "text"),
    DataPoint("GRI-305-4-a", _GRI, "305-4 a", "GHG emissions intensity ratio", "ratio"),
    DataPoint("GRI-305-4-b", _GRI, "305-4 b", "Organization-specific metric (denominator)", "text"),
    DataPoint("GRI-305-4-c", _GRI, "305-4 c", "Types of emissions in the ratio", "list"),
    DataPoint(
        "GRI-305-5-a", _GRI, "305-5 a", "Reductions achieved against the base year", "t CO2e"
    ),
    DataPoint("GRI-305-5-c", _GRI, "305-5 c", "Base year or baseline", "text"),
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
    DataPoint("ESRS-E1-6-53", _ESRS, "E1-6 paras. 53-55", "GHG intensity per net revenue", "ratio"),
)


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


def disclosures(
    report: InventoryReport,
    *,
    organization: Organization | None = None,
    base_year: Restatement | None = None,
    intensities: Sequence[Intensity] = (),
    factor_sources: str | None = None,
    ets_share: float | None = None,
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
        The base-year restatement, for GRI 305-1 d, 305-2 d, 305-3 e, 305-5.
    intensities
        Intensity ratios (GRI 305-4; a currency denominator fills ESRS E1-6 para. 53).
    factor_sources
        The sources of the emission factors (GRI 305-1 e, 305-2 e).
    ets_share
        Share of Scope 1 from regulated emission trading schemes (ESRS para. 48(b)).

    Raises
    ------
    InventoryError
        For an ``ets_share`` outside [0, 1].

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
    if ets_share is not None and not (math.isfinite(ets_share) and 0.0 <= ets_share <= 1.0):
        raise InventoryError(
            "ets_share must be a fraction in [0, 1]", value=ets_share, source="disclosures"
        )
    r = report
    gwp_text = f"GWP values: {r.gwp}" + (f"; factors: {factor_sources}" if factor_sources else "")
    sources = gwp_text if factor_sources else None

    def gases(key: str) -> list[str] | None:
        found = sorted(g for g, v in r.gases.get(key, {}).items() if v != 0.0)
        return found or None

    by_year: str | None = None
    reduction: float | None = None
    if base_year is not None:
        e = base_year.restated.emissions
        by_year = (
            f"base year {base_year.restated.year}; restated: {dict(e)} kg CO2e; "
            f"recalculated: {base_year.recalculated} "
            f"(threshold {base_year.restated.threshold:.0%}, "
            f"{len(base_year.trail)} adjustments in the audit trail)"
        )
        if "scope1" in e and "scope2_location" in e:
            reduction = _t(
                math.fsum([e["scope1"], e["scope2_location"], -r.total(scope2="location")])
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
    revenue = next((i for i in intensities if i.currency_year is not None), None)
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
        "GRI-305-3-a": lambda: _t(r.scope3_total),
        "GRI-305-3-b": lambda: gases("scope3"),
        "GRI-305-3-c": lambda: None,
        "GRI-305-3-d": lambda: s3_names,
        "GRI-305-3-e": lambda: by_year,
        "GRI-305-4-a": lambda: None if ratio is None else ratio.value / 1000.0,
        "GRI-305-4-b": lambda: (
            None if ratio is None else f"t CO2e per {ratio.unit}: {ratio.description}"
        ),
        "GRI-305-4-c": lambda: None if ratio is None else [f"scope {s}" for s in ratio.scopes],
        "GRI-305-5-a": lambda: reduction,
        "GRI-305-5-c": lambda: by_year,
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
        "ESRS-E1-6-53": lambda: (
            None
            if revenue is None
            else {"t_co2e_per_unit": revenue.value / 1000.0, "unit": revenue.label}
        ),
    }
    return Disclosure({p.id: values[p.id]() for p in DATA_POINTS})
