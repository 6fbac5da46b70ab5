"""Conformance adapters for :mod:`carbonstd.factors`.

Methods
-------
``factors.lookup``
    input ``{"sets": [factor-set JSON, ...] (top layer first), "query":
    {"activity", "region", "year", optional "unit", "boundary",
    "calorific_basis", "year_rule"}, optional "year_rule"}`` (the registry's
    rule); output ``{"factor_id", "set", "version", "layer",
    "matched_region", "year"}`` from :meth:`carbonstd.factors.FactorRegistry.lookup`.
``factors.fuel_conversion``
    input ``{"fuel": FuelProperties JSON, "from": unit, "to": unit, optional
    "from_basis", "to_basis"}``; output ``{"multiplier": float}`` from
    :meth:`carbonstd.factors.FuelProperties.conversion`.

Examples
--------
>>> s = {"format": "carbonstd.factor-set/1", "name": "s", "version": "1", "title": "S",
...      "licence": {"id": "CC0-1.0", "attribution": ""}, "source": {},
...      "factors": [{"id": "a", "activity": "electricity.grid", "unit": "kWh",
...                   "region": "GB", "year": 2023, "gases": {"CO2": 0.2}}]}
>>> METHODS["factors.lookup"]({"sets": [s], "query": {"activity": "electricity.grid",
...                                                   "region": "GB", "year": 2024}})
{'factor_id': 'a', 'set': 's', 'version': '1', 'layer': 0, 'matched_region': 'GB', 'year': 2023}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from carbonstd import factors
from carbonstd.conformance.methods import Adapter, input_str, input_value
from carbonstd.errors import ConformanceError

__all__ = ["METHODS"]

_QUERY_KEYS = {"activity", "region", "year", "unit", "boundary", "calorific_basis", "year_rule"}


def _opt_str(data: Mapping[str, Any], key: str) -> Any:
    return input_str(data, key) if key in data else None


def _lookup(data: Mapping[str, Any]) -> dict[str, Any]:
    sets: Sequence[Any] = input_value(data, "sets", (list, tuple))
    layers = [
        factors.load_json(s, source=f"$.input.sets[{i}]")
        if isinstance(s, Mapping)
        else _bad(f"$.input.sets[{i}]", s)
        for i, s in enumerate(sets)
    ]
    rule = _opt_str(data, "year_rule") or "latest_earlier"
    registry = factors.FactorRegistry(layers, year_rule=rule)
    query = input_value(data, "query", Mapping)
    extra = set(query) - _QUERY_KEYS
    if extra:
        raise ConformanceError(
            "unknown keys in the lookup query", value=sorted(extra), json_path="$.input.query"
        )
    year = input_value(query, "year", int)
    res = registry.lookup(
        input_str(query, "activity"),
        region=input_str(query, "region"),
        year=year,
        unit=_opt_str(query, "unit"),
        boundary=_opt_str(query, "boundary"),
        calorific_basis=_opt_str(query, "calorific_basis"),
        year_rule=_opt_str(query, "year_rule"),
    )
    return {
        "factor_id": res.factor.id,
        "set": res.set_name,
        "version": res.set_version,
        "layer": res.layer,
        "matched_region": res.matched_region,
        "year": res.factor.year,
    }


def _bad(path: str, value: object) -> Any:
    raise ConformanceError("expected a factor-set JSON object", value=value, json_path=path)


def _fuel_conversion(data: Mapping[str, Any]) -> dict[str, Any]:
    props = factors.FuelProperties.from_json(input_value(data, "fuel", Mapping))
    conv = props.conversion(
        input_str(data, "from"),
        input_str(data, "to"),
        from_basis=_opt_str(data, "from_basis"),
        to_basis=_opt_str(data, "to_basis"),
    )
    return {"multiplier": conv.multiplier}


METHODS: Mapping[str, Adapter] = MappingProxyType(
    {"factors.lookup": _lookup, "factors.fuel_conversion": _fuel_conversion}
)
