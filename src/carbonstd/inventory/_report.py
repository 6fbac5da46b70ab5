"""InventoryReport: the frozen result of a GHG Protocol corporate inventory, and its exports.

GHG Protocol Corporate Standard ch. 9 ("Reporting GHG Emissions": Scopes 1
and 2 separately, per gas and in CO2e, biogenic CO2 separately, the
consolidation approach), Scope 2 Guidance ch. 7.1 (both Scope 2 totals,
labelled) and Scope 3 Standard ch. 11 (Scope 3 by category, methods, share
of primary data, exclusions).
"""

from __future__ import annotations

import html
import json
import math
import types
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

import attrs

from carbonstd.errors import InventoryError
from carbonstd.inventory._boundary import Inclusion
from carbonstd.inventory._classify import SCOPE3_CATEGORIES

__all__ = [
    "ROUNDING_RULE",
    "DataQuality",
    "Exclusion",
    "InventoryLine",
    "InventoryReport",
    "present_tonnes",
]

_SCOPE_KEYS = ("scope1", "scope2_location", "scope2_market", "scope3")

#: How figures are rounded for presentation (text, HTML); JSON and attributes keep full precision.
ROUNDING_RULE = (
    "tonnes CO2e = kg / 1000, rounded half to even to 0.001 t (1 kg) from the full-precision "
    "value; rounded figures need not add up to the rounded totals"
)


def present_tonnes(kg: float) -> str:
    """Kg as tonnes for presentation, by :data:`ROUNDING_RULE`.

    Examples
    --------
    >>> present_tonnes(1234567.5)
    '1,234.568'
    >>> present_tonnes(0.5)
    '0.000'
    """
    t = (Decimal(repr(float(kg))) / 1000).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
    return f"{t:,}"


def _frozen_map(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return types.MappingProxyType(dict(value))


def _frozen_nested(value: Mapping[str, Mapping[str, float]]) -> Mapping[str, Mapping[str, float]]:
    return types.MappingProxyType({k: types.MappingProxyType(dict(v)) for k, v in value.items()})


@attrs.frozen
class InventoryLine:
    """One line of the inventory: emissions of one activity of one entity in one category.

    Attributes
    ----------
    scope
        ``"1"``, ``"2"`` or ``"3"``.
    category
        Scope 1 category, ``"electricity"``/``"steam_heat_cooling"`` for
        Scope 2, or the Scope 3 category number as text.
    entity, activity, region
        Where it comes from.
    method
        Scope 3 calculation method ('' otherwise); ``"location"`` or
        ``"market"`` for Scope 2 electricity lines.
    share
        The consolidation share applied (Corporate Standard ch. 3).
    kg
        Kg of each gas in the scopes (after the share; biogenic CO2 excluded).
    co2e
        Kg CO2e under the report's GWP set (biogenic CO2 excluded).
    biogenic_co2
        Kg of biogenic CO2 of the line (after the share), reported outside
        the scopes (Corporate Standard ch. 4 and ch. 9; Scope 3 Standard
        ch. 11).
    """

    scope: str
    category: str
    entity: str
    activity: str
    region: str
    method: str
    share: float
    kg: Mapping[str, float] = attrs.field(converter=_frozen_map, hash=False)
    co2e: float
    biogenic_co2: float = 0.0


@attrs.frozen
class Exclusion:
    """Rows left out of the inventory, with why (Corporate Standard ch. 9; Scope 3 Standard ch. 11).

    Attributes
    ----------
    what
        The rows (entity, activity or record ids).
    reason
        Why they are not in the totals.
    rows
        How many activity rows.
    """

    what: str
    reason: str
    rows: int


@attrs.frozen
class DataQuality:
    """Data-quality summary (Scope 3 Standard ch. 7 and ch. 11.1).

    Attributes
    ----------
    scope3_by_method
        Kg CO2e of Scope 3 by calculation method.
    primary_share
        Share of Scope 3 CO2e calculated with primary data (supplier-specific,
        hybrid, asset-specific), or None when there is no Scope 3.
    rows_by_quality
        Activity rows by their ``data_quality`` tag ("" when untagged).
    """

    scope3_by_method: Mapping[str, float] = attrs.field(converter=_frozen_map, hash=False)
    primary_share: float | None
    rows_by_quality: Mapping[str, int] = attrs.field(converter=_frozen_map, hash=False)


@attrs.frozen(eq=False)
class InventoryReport:
    """A GHG Protocol corporate inventory for one reporting year (kg; full precision).

    Built by :func:`~carbonstd.inventory.compute_inventory`. Scope 1 is
    given by source category, Scope 2 under both the location-based and the
    market-based method (Scope 2 Guidance ch. 7.1: both always reported,
    labelled; the market-based total may exceed the location-based one),
    Scope 3 by its 15 categories (Scope 3 Standard ch. 5), biogenic CO2
    outside the scopes and kept per scope (Corporate Standard ch. 9: direct
    biogenic CO2 reported separately; Scope 3 Standard ch. 11: biogenic CO2
    of the value chain reported separately). Values stay full
    precision; only :meth:`to_text` and :meth:`to_html` round, by
    :data:`ROUNDING_RULE`.

    Attributes
    ----------
    reporting_year, approach, gwp
        The year, the consolidation approach and the GWP set name.
    scope1, scope1_by_category
        Kg CO2e of Scope 1, in total and by category.
    scope2_location, scope2_market
        Kg CO2e of Scope 2 by each method.
    scope3
        Kg CO2e by Scope 3 category number (only categories with rows).
    biogenic_co2
        Kg of direct biogenic CO2 (from the Scope 1 sources, e.g. burning
        biomass), reported outside the scopes (Corporate Standard ch. 9;
        GRI 305-1 c).
    biogenic_co2_by_scope
        Kg of biogenic CO2 per ``"scope1"``, ``"scope2_location"``,
        ``"scope2_market"``, ``"scope3"`` (the value chain's is GRI 305-3 c);
        never added into one figure. Empty for a report built by hand
        without it.
    gases
        Kg of each gas per ``"scope1"``, ``"scope2_location"``,
        ``"scope2_market"``, ``"scope3"``.
    by_entity
        Kg CO2e per entity and per the same four keys.
    lines
        The detail lines.
    data_quality
        The data-quality summary.
    inclusion
        Each entity's consolidation share and destination.
    exclusions, flags
        Rows left out (with reasons) and notes a reader must see.
    scope2_detail
        The Scope 2 dual-reporting result (instrument checks, coverage,
        fallbacks), or None without purchased electricity.
    """

    reporting_year: int
    approach: str
    gwp: str
    scope1: float
    scope1_by_category: Mapping[str, float] = attrs.field(converter=_frozen_map)
    scope2_location: float
    scope2_market: float
    scope3: Mapping[int, float] = attrs.field(converter=_frozen_map)
    biogenic_co2: float
    gases: Mapping[str, Mapping[str, float]] = attrs.field(converter=_frozen_nested)
    by_entity: Mapping[str, Mapping[str, float]] = attrs.field(converter=_frozen_nested)
    lines: tuple[InventoryLine, ...]
    data_quality: DataQuality
    inclusion: Mapping[str, Inclusion] = attrs.field(converter=_frozen_map)
    exclusions: tuple[Exclusion, ...]
    flags: tuple[str, ...]
    scope2_detail: Any = None
    biogenic_co2_by_scope: Mapping[str, float] = attrs.field(
        factory=dict, converter=_frozen_map, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        unknown = sorted(set(self.biogenic_co2_by_scope) - set(_SCOPE_KEYS))
        if unknown:
            raise InventoryError(
                "InventoryReport.biogenic_co2_by_scope: unknown key",
                value=unknown[0],
                source="InventoryReport",
                hint="use " + ", ".join(_SCOPE_KEYS),
            )
        direct = self.biogenic_co2_by_scope.get("scope1")
        if direct is not None and direct != self.biogenic_co2:
            raise InventoryError(
                "InventoryReport.biogenic_co2 must equal biogenic_co2_by_scope['scope1']",
                value=(self.biogenic_co2, direct),
                source="InventoryReport",
                hint="biogenic_co2 is the direct (Scope 1) biogenic CO2",
            )

    @property
    def scope3_total(self) -> float:
        """Kg CO2e of Scope 3 over all categories (correctly rounded sum)."""
        return math.fsum(self.scope3.values())

    def total(
        self, *, scope2: Literal["location", "market"], include_scope3: bool = False
    ) -> float:
        """Scope 1 + Scope 2 (by the named method) [+ Scope 3], kg CO2e.

        Corporate Standard ch. 9 and Scope 2 Guidance ch. 7.1: a total must
        say which Scope 2 method it uses, so ``scope2`` is required.

        Raises
        ------
        InventoryError
            For a ``scope2`` other than ``"location"`` or ``"market"``.

        Examples
        --------
        >>> from carbonstd.inventory._report import DataQuality, InventoryReport
        >>> r = InventoryReport(reporting_year=2024, approach="operational_control", gwp="AR6",
        ...     scope1=10.0, scope1_by_category={}, scope2_location=5.0, scope2_market=7.0,
        ...     scope3={1: 3.0}, biogenic_co2=0.0, gases={}, by_entity={}, lines=(),
        ...     data_quality=DataQuality({}, None, {}), inclusion={}, exclusions=(), flags=())
        >>> r.total(scope2="location"), r.total(scope2="market", include_scope3=True)
        (15.0, 20.0)
        """
        if scope2 == "location":
            s2 = self.scope2_location
        elif scope2 == "market":
            s2 = self.scope2_market
        else:
            raise InventoryError(
                "scope2 must be 'location' or 'market'",
                value=scope2,
                source="InventoryReport.total",
                hint="Scope 2 Guidance ch. 7.1: every total names its Scope 2 method",
            )
        parts = [self.scope1, s2]
        if include_scope3:
            parts.extend(self.scope3.values())
        return math.fsum(parts)

    # ------------------------------------------------------------------ exports

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form (format ``carbonstd.inventory/1``), full precision, in kg.

        ``scope2.detail`` is the Scope 2 ledger (:meth:`Scope2Result.to_json
        <carbonstd.inventory.Scope2Result.to_json>`: instrument checks with the
        criteria they fail and why, MWh applied, coverage, residual-mix
        fallbacks, per-site lineage; Scope 2 Guidance ch. 7.5 and ch. 7.1), or
        null without purchased electricity.
        """
        return {
            "format": "carbonstd.inventory/1",
            "reporting_year": self.reporting_year,
            "consolidation_approach": self.approach,
            "gwp": self.gwp,
            "unit": "kg CO2e",
            "scope1": {"total": self.scope1, "by_category": dict(self.scope1_by_category)},
            "scope2": {
                "location_based": self.scope2_location,
                "market_based": self.scope2_market,
                "detail": None if self.scope2_detail is None else self.scope2_detail.to_json(),
            },
            "scope3": {
                "total": self.scope3_total,
                "by_category": {
                    str(k): {"name": SCOPE3_CATEGORIES[k], "kg_co2e": v}
                    for k, v in sorted(self.scope3.items())
                },
            },
            "biogenic_co2_kg": self.biogenic_co2,
            "biogenic_co2_kg_by_scope": dict(self.biogenic_co2_by_scope),
            "totals": {
                "scope1_2_location": self.total(scope2="location"),
                "scope1_2_market": self.total(scope2="market"),
                "scope1_2_3_location": self.total(scope2="location", include_scope3=True),
                "scope1_2_3_market": self.total(scope2="market", include_scope3=True),
            },
            "gases_kg": {k: dict(v) for k, v in self.gases.items()},
            "by_entity": {k: dict(v) for k, v in self.by_entity.items()},
            "inclusion": {
                name: {
                    "share": inc.share,
                    "destination": inc.destination,
                    "scope3_share": inc.scope3_share,
                    "rule": inc.rule,
                }
                for name, inc in self.inclusion.items()
            },
            "lines": [
                {
                    "scope": ln.scope,
                    "category": ln.category,
                    "entity": ln.entity,
                    "activity": ln.activity,
                    "region": ln.region,
                    "method": ln.method,
                    "share": ln.share,
                    "kg": dict(ln.kg),
                    "kg_co2e": ln.co2e,
                    "biogenic_co2_kg": ln.biogenic_co2,
                }
                for ln in self.lines
            ],
            "data_quality": {
                "scope3_by_method": dict(self.data_quality.scope3_by_method),
                "primary_share": self.data_quality.primary_share,
                "rows_by_quality": dict(self.data_quality.rows_by_quality),
            },
            "exclusions": [attrs.asdict(e) for e in self.exclusions],
            "flags": list(self.flags),
            "rounding_rule": ROUNDING_RULE,
        }

    def to_json(self) -> str:
        """Deterministic JSON text, validated against the bundled schema.

        The schema is ``carbonstd/data/schemas/inventory-report.schema.json``
        (Draft 2020-12).

        Raises
        ------
        InventoryError
            If the document does not validate (a bug; the message names the path).
        """
        from carbonstd.inventory._schema import validate_report

        doc = self.to_dict()
        validate_report(doc)
        return json.dumps(doc, sort_keys=True, indent=2, allow_nan=False, ensure_ascii=False)

    def _table_rows(self) -> list[tuple[str, str, float]]:
        rows: list[tuple[str, str, float]] = [("Scope 1", "total", self.scope1)]
        rows += [("Scope 1", k, v) for k, v in sorted(self.scope1_by_category.items())]
        rows += [
            ("Scope 2", "location-based", self.scope2_location),
            ("Scope 2", "market-based", self.scope2_market),
            ("Scope 3", "total", self.scope3_total),
        ]
        rows += [
            ("Scope 3", f"{k} {SCOPE3_CATEGORIES[k]}", v) for k, v in sorted(self.scope3.items())
        ]
        rows += [
            ("Total", "Scopes 1+2 (location-based)", self.total(scope2="location")),
            ("Total", "Scopes 1+2 (market-based)", self.total(scope2="market")),
            ("Outside scopes", "biogenic CO2 (direct, Scope 1 sources)", self.biogenic_co2),
        ]
        rows += [
            ("Outside scopes", f"biogenic CO2 ({label})", self.biogenic_co2_by_scope[key])
            for key, label in (
                ("scope2_location", "Scope 2 location-based"),
                ("scope2_market", "Scope 2 market-based"),
                ("scope3", "Scope 3"),
            )
            if self.biogenic_co2_by_scope.get(key)
        ]
        return rows

    def to_text(self) -> str:
        """A fixed-width table for people, in t CO2e by :data:`ROUNDING_RULE`, with flags."""
        head = (f"GHG inventory {self.reporting_year} ({self.approach}, {self.gwp}), t CO2e",)
        rows = [(a, b, present_tonnes(v)) for a, b, v in self._table_rows()]
        w0 = max(len(r[0]) for r in rows)
        w1 = max(len(r[1]) for r in rows)
        w2 = max(len(r[2]) for r in rows)
        lines = [*head, *(f"{a:<{w0}}  {b:<{w1}}  {c:>{w2}}" for a, b, c in rows)]
        lines += [f"EXCLUDED: {e.what}: {e.reason} ({e.rows} rows)" for e in self.exclusions]
        lines += [f"NOTE: {f}" for f in self.flags]
        lines.append(f"Rounding: {ROUNDING_RULE}")
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """A self-contained HTML table (every text escaped), in t CO2e by :data:`ROUNDING_RULE`."""
        esc = html.escape
        body = "".join(
            f'<tr><th scope="row">{esc(a)}</th><td>{esc(b)}</td>'
            f'<td style="text-align:right">{esc(present_tonnes(v))}</td></tr>'
            for a, b, v in self._table_rows()
        )
        notes = "".join(
            f"<li>EXCLUDED: {esc(e.what)}: {esc(e.reason)} ({e.rows} rows)</li>"
            for e in self.exclusions
        ) + "".join(f"<li>{esc(f)}</li>" for f in self.flags)
        caption = esc(f"GHG inventory {self.reporting_year} ({self.approach}, {self.gwp}), t CO2e")
        return (
            '<table class="carbonstd-inventory">'
            f"<caption>{caption}</caption>"
            "<thead><tr><th>Scope</th><th>Item</th><th>t CO2e</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
            + (f"<ul>{notes}</ul>" if notes else "")
            + f"<p>{esc(ROUNDING_RULE)}</p>"
        )

    def to_dataframe(self) -> Any:
        """The detail lines as a pandas DataFrame (needs the ``carbonstd[pandas]`` extra).

        Raises
        ------
        InventoryError
            When pandas is not installed.
        """
        import importlib

        try:
            pd = importlib.import_module("pandas")
        except ImportError as exc:
            raise InventoryError(
                "to_dataframe needs pandas",
                value="pandas",
                source="InventoryReport.to_dataframe",
                hint="pip install 'carbonstd[pandas]'",
            ) from exc
        gases = sorted({g for ln in self.lines for g in ln.kg})
        records = [
            {
                "scope": ln.scope,
                "category": ln.category,
                "entity": ln.entity,
                "activity": ln.activity,
                "region": ln.region,
                "method": ln.method,
                "share": ln.share,
                **{f"kg_{g}": ln.kg.get(g, 0.0) for g in gases},
                "kg_co2e": ln.co2e,
                "kg_CO2_biogenic": ln.biogenic_co2,
            }
            for ln in self.lines
        ]
        columns = [
            "scope",
            "category",
            "entity",
            "activity",
            "region",
            "method",
            "share",
            *(f"kg_{g}" for g in gases),
            "kg_co2e",
            "kg_CO2_biogenic",
        ]
        return pd.DataFrame.from_records(records, columns=columns)
