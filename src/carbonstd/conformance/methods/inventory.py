"""Conformance adapters for :mod:`carbonstd.inventory`.

Methods
-------
``inventory.inclusion``
    input ``{"entities": [{"name", "kind", "equity_share", "financial_control",
    "operational_control", optional "asset", "lease", "lease_role"}],
    "approach"}``; output ``{name: {"share", "destination", "scope3_share"}}``
    from :meth:`carbonstd.inventory.Organization.inclusion`.
``inventory.classify``
    input ``{"activity", optional "scope", "category", "method", "paid_by"}``;
    output ``{"scope", "category", "method"}`` from
    :func:`carbonstd.inventory.classify`.
``inventory.compute``
    input ``{"entities": [...], "approach", "reporting_year", "gwp",
    "factors": [factor JSON, ...], optional "regions", "activities":
    [{"activity", "amount", "unit", "region", optional "record_id", tags...}],
    optional "instruments" (as for ``inventory.scope2_dual``),
    "vintage_window", "previously_claimed", "instrument_markets"}``;
    output ``{"scope1", "scope1_by_category", "scope2_location",
    "scope2_market", "scope3": {category: kg}, "biogenic_co2" (direct),
    "biogenic_co2_by_scope", "excluded_rows", "instruments": {id: {"passed",
    "failed_criteria", "applied_mwh", "unused_mwh"}}}`` (kg) from
    :func:`carbonstd.inventory.compute_inventory`.
``inventory.base_year``
    input ``{"base": {"year", "emissions", optional "threshold",
    "significance_basis"}, "adjustments": [{"kind", "description", "delta",
    "year"}]}``; output ``{"recalculated", "restated", "applied"}`` from
    :func:`carbonstd.inventory.recalculate_base_year`.

The Scope 2 adapter ``inventory.scope2_dual`` of ``inventory_scope2`` is merged in.

Examples
--------
>>> METHODS["inventory.classify"]({"activity": "freight.rail", "paid_by": "customer",
...                                "method": "distance-based"})
{'scope': '3', 'category': '9', 'method': 'distance-based'}
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from carbonstd import factors
from carbonstd.activities import ActivityTable
from carbonstd.conformance.methods import Adapter, input_str, input_value
from carbonstd.conformance.methods.inventory_scope2 import METHODS as SCOPE2_METHODS
from carbonstd.conformance.methods.inventory_scope2 import checks_of, instruments_of
from carbonstd.errors import ConformanceError
from carbonstd.inventory import (
    Adjustment,
    BaseYear,
    Entity,
    Organization,
    classify,
    compute_inventory,
    recalculate_base_year,
)

__all__ = ["METHODS"]

_ENTITY_KEYS = {
    "name",
    "kind",
    "equity_share",
    "financial_control",
    "operational_control",
    "asset",
    "lease",
    "lease_role",
}


def _organization(data: Mapping[str, Any]) -> Organization:
    entities = []
    entities_in: Any = input_value(data, "entities", (list, tuple))
    for i, item in enumerate(entities_in):
        if not isinstance(item, Mapping) or not set(item) <= _ENTITY_KEYS or "name" not in item:
            raise ConformanceError(
                "an entity must be an object with the Entity fields",
                value=item,
                json_path=f"$.input.entities[{i}]",
                hint="keys: " + ", ".join(sorted(_ENTITY_KEYS)),
            )
        fields = {k: v for k, v in item.items() if k != "name"}
        entities.append(Entity(item["name"], **fields))
    return Organization(entities=entities)


def _inclusion(data: Mapping[str, Any]) -> dict[str, Any]:
    org = _organization(data)
    inc = org.inclusion(input_str(data, "approach"))  # type: ignore[arg-type]
    return {
        name: {"share": i.share, "destination": i.destination, "scope3_share": i.scope3_share}
        for name, i in inc.items()
    }


def _classify(data: Mapping[str, Any]) -> dict[str, Any]:
    opt = {k: input_str(data, k) if k in data else "" for k in ("scope", "category", "method")}
    got = classify(
        input_str(data, "activity"),
        paid_by=input_str(data, "paid_by") if "paid_by" in data else "",
        where="$.input",
        **opt,
    )
    return {"scope": got.scope, "category": got.category, "method": got.method}


def _registry(data: Mapping[str, Any]) -> factors.FactorRegistry:
    document: dict[str, Any] = {
        "format": "carbonstd.factor-set/1",
        "name": "vector",
        "version": "1",
        "title": "Factors of a conformance vector",
        "licence": {"id": "CC0-1.0", "attribution": ""},
        "source": {},
        "factors": list(input_value(data, "factors", (list, tuple))),
    }
    if "regions" in data:
        document["regions"] = dict(input_value(data, "regions", Mapping))
    return factors.FactorRegistry([factors.load_json(document, source="$.input.factors")])


def _compute(data: Mapping[str, Any]) -> dict[str, Any]:
    year = input_value(data, "reporting_year", int)
    records = []
    rows_in: Any = input_value(data, "activities", (list, tuple))
    for i, row in enumerate(rows_in):
        if not isinstance(row, Mapping):
            raise ConformanceError(
                "an activity must be an object", value=row, json_path=f"$.input.activities[{i}]"
            )
        records.append({"year": year, **row})
    table = ActivityTable.from_records(records, source="$.input.activities")
    window: Any = data.get("vintage_window", (0, 0))
    rep = compute_inventory(
        table,
        organization=_organization(data),
        approach=input_str(data, "approach"),  # type: ignore[arg-type]
        factors=_registry(data),
        gwp=input_str(data, "gwp"),
        reporting_year=year,
        instruments=instruments_of(data),
        vintage_window=tuple(window) if isinstance(window, list) else window,
        previously_claimed=tuple(data.get("previously_claimed", ())),
        instrument_markets=tuple(data.get("instrument_markets", ())),
    )
    return {
        "scope1": rep.scope1,
        "scope1_by_category": dict(rep.scope1_by_category),
        "scope2_location": rep.scope2_location,
        "scope2_market": rep.scope2_market,
        "scope3": {str(k): v for k, v in rep.scope3.items()},
        "biogenic_co2": rep.biogenic_co2,
        "biogenic_co2_by_scope": dict(rep.biogenic_co2_by_scope),
        "excluded_rows": sum(e.rows for e in rep.exclusions),
        "instruments": {} if rep.scope2_detail is None else checks_of(rep.scope2_detail),
    }


def _base_year(data: Mapping[str, Any]) -> dict[str, Any]:
    base = input_value(data, "base", Mapping)
    options: dict[str, Any] = {}
    if "threshold" in base:
        options["threshold"] = base["threshold"]
    if "significance_basis" in base:
        options["significance_basis"] = tuple(base["significance_basis"])
    by = BaseYear(
        input_value(base, "year", int), input_value(base, "emissions", Mapping), **options
    )
    given: Any = input_value(data, "adjustments", (list, tuple))
    adjustments = [
        Adjustment(
            input_str(a, "kind"),
            input_str(a, "description"),
            input_value(a, "delta", Mapping),
            year=input_value(a, "year", int),
        )
        for a in given
    ]
    r = recalculate_base_year(by, adjustments)
    return {
        "recalculated": r.recalculated,
        "restated": dict(r.restated.emissions),
        "applied": [e.applied for e in r.trail],
    }


METHODS: Mapping[str, Adapter] = MappingProxyType(
    {
        "inventory.inclusion": _inclusion,
        "inventory.classify": _classify,
        "inventory.compute": _compute,
        "inventory.base_year": _base_year,
        **SCOPE2_METHODS,
    }
)
