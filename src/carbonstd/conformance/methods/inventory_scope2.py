"""Conformance adapter for Scope 2 dual reporting (merged into ``methods/inventory.py``).

Methods
-------
``inventory.scope2_dual``
    input ``{"consumption": [{"entity", "site", "region", "year", "mwh",
    optional "row_ids"}], "instruments": [Instrument fields; "quantity" as MWh
    or [value, unit], "vintage" as a year or [start, end]], "reporting_year",
    "gwp", and either "factors": [factor JSON, ...] (one inline set, optional
    "regions" parent map) or "registry": "bundled"; optional
    "vintage_window": [before, after], "previously_claimed",
    "instrument_markets"}``. Output ``{"location_based", "market_based"
    (kg CO2e), "location_by_gas", "market_by_gas", "coverage",
    "dual_reporting_required", "residual_mix_missing", "sites": {"entity /
    site": {"location_co2e", "market_co2e"}}, "instruments": {id: {"passed",
    "failed_criteria", "applied_mwh", "unused_mwh"}}}`` from
    ``scope2_dual``.

Examples
--------
>>> out = METHODS["inventory.scope2_dual"]({
...     "factors": [{"id": "g", "activity": "electricity.grid", "unit": "kWh", "region": "XX",
...                  "year": 2024, "gases": {"CO2": 0.5}}],
...     "consumption": [{"entity": "E", "site": "S", "region": "XX", "year": 2024, "mwh": 2}],
...     "instruments": [], "reporting_year": 2024, "gwp": "AR6"})
>>> out["location_based"], out["market_based"], out["residual_mix_missing"]
(1000.0, 1000.0, ['XX'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from carbonstd import factors
from carbonstd.conformance.methods import Adapter, input_number, input_str, input_value
from carbonstd.errors import ConformanceError
from carbonstd.inventory._instruments import Instrument
from carbonstd.inventory._scope2 import Scope2Consumption, Scope2Result, scope2_dual

__all__ = ["METHODS", "checks_of", "instruments_of"]

_CONSUMPTION_KEYS = {"entity", "site", "region", "year", "mwh", "row_ids"}
_INSTRUMENT_KEYS = {
    "id",
    "kind",
    "quantity",
    "emission_rate",
    "market",
    "vintage",
    "retired_for",
    "claimed_for_site",
    "serial",
    "registry",
    "attributes_retained",
    "delivered_basis",
}


def _objects(data: Mapping[str, Any], key: str, allowed: set[str]) -> list[Mapping[str, Any]]:
    items: Sequence[Any] = input_value(data, key, (list, tuple))
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ConformanceError(
                "expected an object", value=item, json_path=f"$.input.{key}[{i}]"
            )
        extra = set(item) - allowed
        if extra:
            raise ConformanceError(
                "unknown keys", value=sorted(extra), json_path=f"$.input.{key}[{i}]"
            )
        out.append(item)
    return out


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _registry(data: Mapping[str, Any]) -> factors.FactorRegistry:
    if "registry" in data:
        if input_str(data, "registry") != "bundled":
            raise ConformanceError(
                "registry must be 'bundled'", value=data["registry"], json_path="$.input.registry"
            )
        return factors.default_registry()
    document = {
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


def _scope2_dual(data: Mapping[str, Any]) -> dict[str, Any]:
    rows = [
        Scope2Consumption(
            entity=row.get("entity"),  # type: ignore[arg-type]
            site=row.get("site"),  # type: ignore[arg-type]
            region=row.get("region"),  # type: ignore[arg-type]
            year=row.get("year"),  # type: ignore[arg-type]
            mwh=row.get("mwh"),
            row_ids=_tuple(row.get("row_ids", ())),
        )
        for row in _objects(data, "consumption", _CONSUMPTION_KEYS)
    ]
    ledger = instruments_of(data)
    window = _tuple(data.get("vintage_window", (0, 0)))
    result = scope2_dual(
        rows,
        instruments=ledger,
        factors=_registry(data),
        gwp=input_str(data, "gwp"),
        reporting_year=int(input_number(data, "reporting_year")),
        vintage_window=window,
        previously_claimed=tuple(data.get("previously_claimed", ())),
        instrument_markets=tuple(data.get("instrument_markets", ())),
    )
    return {
        "location_based": result.location_based,
        "market_based": result.market_based,
        "location_by_gas": dict(result.location_by_gas),
        "market_by_gas": dict(result.market_by_gas),
        "coverage": result.coverage.to_json(),
        "dual_reporting_required": result.dual_reporting_required,
        "residual_mix_missing": list(result.residual_mix_missing),
        "sites": {
            f"{s.entity} / {s.site}": {
                "location_co2e": s.location_co2e,
                "market_co2e": s.market_co2e,
            }
            for s in result.sites
        },
        "instruments": checks_of(result),
    }


def checks_of(result: Scope2Result) -> dict[str, Any]:
    """The instrument checks as the vectors show them: passed, criteria, MWh applied/unused."""
    return {
        c.instrument_id: {
            "passed": c.passed,
            "failed_criteria": list(c.failed_criteria),
            "applied_mwh": c.applied_mwh,
            "unused_mwh": c.unused_mwh,
        }
        for c in result.instruments
    }


def instruments_of(data: Mapping[str, Any]) -> list[Instrument]:
    """The ledger of a vector's ``"instruments"`` (empty when the key is absent)."""
    if "instruments" not in data:
        return []
    return [
        Instrument(
            id=item.get("id"),  # type: ignore[arg-type]
            kind=item.get("kind"),  # type: ignore[arg-type]
            quantity=_tuple(item.get("quantity")),
            emission_rate=item.get("emission_rate"),
            market=item.get("market"),  # type: ignore[arg-type]
            vintage=_tuple(item.get("vintage")),
            retired_for=item.get("retired_for"),
            claimed_for_site=item.get("claimed_for_site"),
            serial=item.get("serial"),
            registry=item.get("registry"),
            attributes_retained=item.get("attributes_retained", True),
            delivered_basis=item.get("delivered_basis"),
        )
        for item in _objects(data, "instruments", _INSTRUMENT_KEYS)
    ]


METHODS: Mapping[str, Adapter] = MappingProxyType({"inventory.scope2_dual": _scope2_dual})
