"""Conformance adapters that run against the factor sets bundled with carbonstd.

These vectors check the shipped data and its key vocabulary, not the lookup
rules (those are the ``factors.*`` vectors, with sets given in the vector):
that a query a user would write reaches the publisher they expect, with the
gases that publisher gives. They use :func:`carbonstd.factors.default_registry`.

Methods
-------
``bundled.lookup``
    input ``{"activity", "region", "year", optional "unit", "boundary",
    "calorific_basis", "year_rule"}``; output ``{"factor_id", "set",
    "version", "matched_region", "year", "unit", "gases"}`` (``gases``: kg of
    each gas per ``unit``; for a CO2e-only factor ``{"co2e", "gwp"}`` instead)
    from :meth:`carbonstd.factors.FactorRegistry.lookup` (GHG Protocol
    Corporate Standard ch. 6: factor of the activity, region and period).
``bundled.fuel_conversion``
    input ``{"fuel", "region", "from", "to", optional "from_basis",
    "to_basis"}``; output ``{"fuel", "region", "multiplier", "density", "ncv",
    "gcv"}`` (the record used, each measure as ``"<value> <unit>"`` or null) from
    :meth:`carbonstd.factors.FactorRegistry.fuel_properties` and
    :meth:`carbonstd.factors.FuelProperties.conversion` (IPCC 2006 Vol. 2
    ch. 1.4.1.2 and Eq. 2.1: fuel in TJ = mass x NCV).

Examples
--------
>>> out = METHODS["bundled.lookup"]({"activity": "fuel.natural_gas", "region": "US",
...                                   "year": 2024, "unit": "mmBtu"})
>>> out["set"], out["year"], sorted(out["gases"])
('US-EPA-GHG-Hub', 2024, ['CH4', 'CO2', 'N2O'])
>>> conv = METHODS["bundled.fuel_conversion"]({"fuel": "fuel.diesel", "region": "DE",
...                                             "from": "L", "to": "MJ", "to_basis": "net"})
>>> round(conv["multiplier"], 6)
35.69
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from carbonstd import factors
from carbonstd.conformance.methods import Adapter, input_str, input_value
from carbonstd.errors import ConformanceError

__all__ = ["METHODS"]

_LOOKUP_KEYS = {"activity", "region", "year", "unit", "boundary", "calorific_basis", "year_rule"}
_CONVERSION_KEYS = {"fuel", "region", "from", "to", "from_basis", "to_basis"}


def _opt_str(data: Mapping[str, Any], key: str) -> Any:
    return input_str(data, key) if key in data else None


def _only(data: Mapping[str, Any], allowed: set[str]) -> None:
    extra = set(data) - allowed
    if extra:
        raise ConformanceError(
            "unknown keys in the vector input",
            value=sorted(extra),
            json_path="$.input",
            hint="allowed: " + ", ".join(sorted(allowed)),
        )


def _lookup(data: Mapping[str, Any]) -> dict[str, Any]:
    _only(data, _LOOKUP_KEYS)
    res = factors.default_registry().lookup(
        input_str(data, "activity"),
        region=input_str(data, "region"),
        year=input_value(data, "year", int),
        unit=_opt_str(data, "unit"),
        boundary=_opt_str(data, "boundary"),
        calorific_basis=_opt_str(data, "calorific_basis"),
        year_rule=_opt_str(data, "year_rule"),
    )
    factor = res.factor
    out: dict[str, Any] = {
        "factor_id": factor.id,
        "set": res.set_name,
        "version": res.set_version,
        "matched_region": res.matched_region,
        "year": factor.year,
        "unit": factor.unit,
    }
    if factor.gases:
        out["gases"] = dict(factor.gases)
    else:
        out["co2e"] = factor.co2e
        out["gwp"] = factor.gwp
    return out


def _fuel_conversion(data: Mapping[str, Any]) -> dict[str, Any]:
    _only(data, _CONVERSION_KEYS)
    props = factors.default_registry().fuel_properties(
        input_str(data, "fuel"), region=input_str(data, "region")
    )
    conv = props.conversion(
        input_str(data, "from"),
        input_str(data, "to"),
        from_basis=_opt_str(data, "from_basis"),
        to_basis=_opt_str(data, "to_basis"),
    )
    return {
        "fuel": props.fuel,
        "region": props.region,
        "multiplier": conv.multiplier,
        "density": None if props.density is None else str(props.density),
        "ncv": None if props.ncv is None else str(props.ncv),
        "gcv": None if props.gcv is None else str(props.gcv),
    }


METHODS: Mapping[str, Adapter] = MappingProxyType(
    {"bundled.lookup": _lookup, "bundled.fuel_conversion": _fuel_conversion}
)
