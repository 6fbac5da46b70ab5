"""Conformance adapters for :mod:`carbonstd.allocation`.

Quantities are written in vectors as ``[value, "unit"]`` pairs; per-gas
burdens as objects ``{"CO2": kg, ...}``. Every adapter returns plain JSON.

Methods
-------
``allocation.partition``
    input: ``burdens``, ``basis``, ``products``, optional ``properties``,
    ``currency``, ``price_year``, ``amounts``; output: ``hierarchy``,
    ``basis_unit``, ``shares`` and ``allocated`` by co-product.
``allocation.subdivide``
    input: ``subprocesses`` (name -> burdens), ``assignment``; output: ``allocated``.
``allocation.system_expansion``
    input: ``burdens``, ``avoided`` (list of ``{name, amount, factor,
    factor_unit}``); output: ``burdens``, ``credits``, ``net``.
``allocation.chp_efficiency``, ``.chp_energy_content``, ``.chp_work_potential``
    input: ``total``, ``heat``, ``power`` and the method's parameters;
    output: ``heat``, ``power``, ``heat_share``, ``power_share``.
``allocation.circular_footprint``, ``.cut_off``, ``.avoided_burden``, ``.fifty_fifty``
    input: the CFF keyword arguments (``mode`` for ``circular_footprint``);
    output: ``material``, ``energy``, ``disposal``, ``total``,
    ``pef_conformant`` and ``warnings`` (PEF conformance warnings, as text).
``allocation.shared_transport``
    input: ``total``, ``basis``, ``distance_basis``, ``shipments``,
    ``distances`` and the loads; output: ``shares``, ``allocated``, ``intensity``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

from carbonstd import allocation
from carbonstd.conformance._vectors import thaw
from carbonstd.errors import ConformanceError

__all__ = ["METHODS"]


def _q(value: Any) -> Any:
    """``[value, "unit"]`` -> ``(value, "unit")``; lists of them element-wise."""
    if isinstance(value, list):
        if len(value) == 2 and isinstance(value[1], str) and not isinstance(value[0], str):
            return (value[0], value[1])
        return [_q(v) for v in value]
    return value


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    out = thaw(data)
    if not isinstance(out, dict):
        raise ConformanceError("vector input must be an object", json_path="$.input")
    return out


def _get(data: Mapping[str, Any], key: str) -> Any:
    if key not in data:
        raise ConformanceError("vector input lacks a required key", value=key, json_path="$.input")
    return data[key]


def _partition(data: Mapping[str, Any]) -> Any:
    d = _plain(data)
    r = allocation.partition(
        _get(d, "burdens"),
        _q(d.get("properties")),
        basis=_get(d, "basis"),
        products=_get(d, "products"),
        currency=d.get("currency"),
        price_year=d.get("price_year"),
        amounts=_q(d.get("amounts")),
    )
    out = r.as_dict()
    return {
        "hierarchy": out["hierarchy"],
        "basis_unit": out["basis_unit"],
        "shares": out["shares"],
        "allocated": out["allocated"],
    }


def _subdivide(data: Mapping[str, Any]) -> Any:
    d = _plain(data)
    r = allocation.subdivide(_get(d, "subprocesses"), _get(d, "assignment"))
    return {"hierarchy": r.hierarchy, "allocated": r.as_dict()["allocated"]}


def _system_expansion(data: Mapping[str, Any]) -> Any:
    d = _plain(data)
    avoided = [
        allocation.AvoidedProduct(
            _get(a, "name"), _q(_get(a, "amount")), _get(a, "factor"), _get(a, "factor_unit")
        )
        for a in _get(d, "avoided")
    ]
    r = allocation.system_expansion(_get(d, "burdens"), avoided)
    out = r.as_dict()
    return {"burdens": out["burdens"], "credits": out["credits"], "net": r.net().as_dict()}


def _chp(fn: Callable[..., allocation.CHPResult], extra: tuple[str, ...]) -> Any:
    def adapter(data: Mapping[str, Any]) -> Any:
        d = _plain(data)
        kwargs = {k: _q(d[k]) for k in extra if k in d}
        r = fn(_get(d, "total"), heat=_q(_get(d, "heat")), power=_q(_get(d, "power")), **kwargs)
        out = r.as_dict()
        return {k: out[k] for k in ("heat", "power", "heat_share", "power_share")}

    return adapter


_CFF_KEYS = (
    "a", "b", "r1", "r2", "r3", "qsin_qp", "qsout_qp", "e_recycled", "e_recycling_eol", "e_v",
    "e_v_star", "e_er", "lhv", "x_er_heat", "x_er_elec", "e_se_heat", "e_se_elec", "e_d",
    "mass_unit", "energy_unit",
)  # fmt: skip


def _cff(fn: Callable[..., allocation.CFFResult], keys: tuple[str, ...]) -> Any:
    def adapter(data: Mapping[str, Any]) -> Any:
        d = _plain(data)
        unknown = sorted(set(d) - set(keys))
        if unknown:
            raise ConformanceError(
                "vector input has keys this method does not take",
                value=unknown,
                json_path="$.input",
            )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", allocation.PEFConformanceWarning)
            r = fn(**{k: _q(v) for k, v in d.items()})
        out = r.as_dict()
        result = {k: out[k] for k in ("material", "energy", "disposal", "total")}
        result["pef_conformant"] = r.pef_conformant
        result["warnings"] = [
            str(w.message)
            for w in caught
            if issubclass(w.category, allocation.PEFConformanceWarning)
        ]
        return result

    return adapter


def _transport(data: Mapping[str, Any]) -> Any:
    d = _plain(data)
    r = allocation.shared_transport(
        _get(d, "total"),
        basis=_get(d, "basis"),
        distance_basis=_get(d, "distance_basis"),
        shipments=_get(d, "shipments"),
        distances=_q(_get(d, "distances")),
        masses=_q(d.get("masses")),
        teu=_q(d.get("teu")),
        volumes=_q(d.get("volumes")),
        volumetric_factor=_q(d.get("volumetric_factor")),
    )
    out = r.as_dict()
    return {k: out[k] for k in ("shares", "allocated", "intensity")}


_NO_A = tuple(k for k in _CFF_KEYS if k != "a")

#: Adapters by method name.
METHODS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "allocation.partition": _partition,
    "allocation.subdivide": _subdivide,
    "allocation.system_expansion": _system_expansion,
    "allocation.chp_efficiency": _chp(
        allocation.chp_efficiency, ("heat_efficiency", "power_efficiency")
    ),
    "allocation.chp_energy_content": _chp(allocation.chp_energy_content, ()),
    "allocation.chp_work_potential": _chp(
        allocation.chp_work_potential, ("heat_temperature", "ambient_temperature")
    ),
    "allocation.circular_footprint": _cff(allocation.circular_footprint, ("mode", *_CFF_KEYS)),
    "allocation.cut_off": _cff(allocation.cut_off, _NO_A),
    "allocation.avoided_burden": _cff(allocation.avoided_burden, _NO_A),
    "allocation.fifty_fifty": _cff(allocation.fifty_fifty, _NO_A),
    "allocation.shared_transport": _transport,
}
