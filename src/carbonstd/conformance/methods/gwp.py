"""Conformance adapters for :mod:`carbonstd.gwp`.

Methods
-------
``gwp.co2e``
    input ``{"set": name, "masses": {gas: kg}}``; output ``{"co2e": float,
    "set": canonical set name}`` from :meth:`carbonstd.gwp.GWPSet.co2e`.
``gwp.factor``
    input ``{"set": name, "gas": name}``; output ``{"factor": float, "gas":
    canonical gas, "set": canonical set name}`` from
    :meth:`carbonstd.gwp.GWPSet.factor`.
``gwp.decompose``
    input ``{"gas": name}``; output ``{"components": {gas: mass fraction}}``
    from :func:`carbonstd.gwp.decompose`.

Examples
--------
>>> METHODS["gwp.factor"]({"set": "AR6", "gas": "R-134a"})
{'factor': 1530.0, 'gas': 'HFC-134a', 'set': 'AR6-GWP100'}
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from carbonstd import gwp
from carbonstd.conformance.methods import Adapter, input_str, input_value
from carbonstd.errors import ConformanceError

__all__ = ["METHODS"]


def _co2e(data: Mapping[str, Any]) -> dict[str, Any]:
    gwp_set = gwp.get(input_str(data, "set"))
    masses = input_value(data, "masses", Mapping)
    for gas, mass in masses.items():
        if isinstance(mass, bool) or not isinstance(mass, (int, float)):
            raise ConformanceError(
                "a mass in the vector input is not a number",
                value=mass,
                json_path=f"$.input.masses.{gas}",
            )
    return {"co2e": gwp_set.co2e(dict(masses)), "set": gwp_set.name}


def _factor(data: Mapping[str, Any]) -> dict[str, Any]:
    gwp_set = gwp.get(input_str(data, "set"))
    gas = input_str(data, "gas")
    return {"factor": gwp_set.factor(gas), "gas": gwp.canonical_gas(gas), "set": gwp_set.name}


def _decompose(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"components": dict(gwp.decompose(input_str(data, "gas")))}


METHODS: Mapping[str, Adapter] = MappingProxyType(
    {"gwp.co2e": _co2e, "gwp.factor": _factor, "gwp.decompose": _decompose}
)
