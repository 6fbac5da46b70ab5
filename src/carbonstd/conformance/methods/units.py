"""Conformance adapters for :mod:`carbonstd.units`, and fuel energy from first principles.

Methods
-------
``units.factor``
    input ``{"from": unit, "to": unit}``; output ``{"factor": float, "from", "to"}``
    from :func:`carbonstd.units.conversion_factor`.
``units.convert``
    input ``{"value": number, "from": unit, "to": unit}``; output
    ``{"value": float, "unit": to}`` from :func:`carbonstd.units.magnitude_in`.
``units.convert_array``
    input ``{"values": [...], "codes": [...], "units": [...], "to": unit}``;
    output ``{"values": [...], "unit": to}`` from :func:`carbonstd.units.convert`.
``units.parse``
    input ``{"unit": text}``; output ``{"kind", "dimensionality", "dimensions":
    {root: exponent}, "scale": "p/q"}`` (the exact rational scale to root units)
    from :func:`carbonstd.units.parse`.
``units.fuel_energy``
    input ``{"amount": {"value", "unit"}, "calorific_value": {"value", "unit",
    "basis"}, "density": {"value", "unit"} (optional), "to": unit}``; output
    ``{"value": float, "unit": to, "basis": "net" | "gross"}`` from
    :func:`fuel_energy`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal

import attrs

from carbonstd import units
from carbonstd.conformance.methods import Adapter, input_number, input_str, input_value
from carbonstd.errors import ActivityDataError, ConformanceError, UnitError

__all__ = ["METHODS", "FuelEnergy", "fuel_energy"]

#: Dimensions of energy in carbonstd's root units (gram, meter, second).
_ENERGY: tuple[tuple[str, int], ...] = (("gram", 1), ("meter", 2), ("second", -2))

Basis = Literal["net", "gross"]


@attrs.frozen
class FuelEnergy:
    """Energy content of an amount of fuel, on a stated calorific basis.

    Attributes
    ----------
    value
        The energy, in ``unit``.
    unit
        The energy unit asked for.
    basis
        ``"net"`` (net calorific value, NCV / lower heating value) or
        ``"gross"`` (GCV / higher heating value): the basis of the calorific
        value used, hence of the energy.
    used_density
        Whether the density was needed to bridge volume and mass.
    """

    value: float
    unit: str
    basis: Basis
    used_density: bool


def _quantity(q: units.QuantityLike, name: str) -> tuple[float, units.Unit]:
    value, unit = units.split_quantity(q, source=name)
    if not isinstance(value, float):
        raise ActivityDataError(
            f"{name} must be a single number, not an array",
            value=q,
            column=name,
            hint="call fuel_energy once per amount, or convert arrays with carbonstd.units.convert",
        )
    return value, unit


def _combine(*parts: units.Unit) -> tuple[Fraction, tuple[tuple[str, int], ...]]:
    scale = Fraction(1)
    exponents: dict[str, int] = {}
    for part in parts:
        scale *= part.scale
        for name, exp in part.dimensions:
            exponents[name] = exponents.get(name, 0) + exp
    return scale, tuple(sorted((n, e) for n, e in exponents.items() if e != 0))


def fuel_energy(
    amount: units.QuantityLike,
    *,
    calorific_value: units.QuantityLike,
    basis: Basis,
    to: units.Unit | str,
    density: units.QuantityLike | None = None,
) -> FuelEnergy:
    """Energy content of a fuel amount: amount x [density] x calorific value.

    Implements IPCC 2006 Guidelines, Vol. 2 (Energy), Ch. 1, section 1.4.1.2
    and Eq. 1.1/2.1: fuel consumption in energy units is the amount in mass
    units times the net calorific value (Table 1.2, e.g. gas/diesel oil
    43.0 TJ/Gg). A volume becomes a mass through the density. Every unit is
    converted exactly with :mod:`carbonstd.units`; the product is formed in
    exact rational arithmetic from the float64 inputs and rounded once.

    Parameters
    ----------
    amount
        Fuel amount as ``(value, unit)`` or a pint quantity: a mass, a volume,
        or any unit that ``calorific_value`` turns into energy.
    calorific_value
        Energy per unit of fuel, e.g. ``(43.0, "TJ/Gg")`` or ``(36.0, "MJ/L")``.
    basis
        ``"net"`` or ``"gross"``: the basis of ``calorific_value``. Required,
        because the two differ by 5-10 % for liquid fuels and the result is
        meaningless without it.
    to
        Energy unit of the result, e.g. ``"TJ"``.
    density
        Mass per volume, e.g. ``(0.84, "kg/L")``: needed only when
        ``amount`` is a volume and ``calorific_value`` is per mass (or the
        reverse). Giving a density that is not needed is an error, so that
        no input is silently ignored.

    Returns
    -------
    FuelEnergy

    Raises
    ------
    ActivityDataError
        A negative or non-finite amount, a non-positive calorific value or
        density, or an array instead of a number.
    UnitError
        Units that do not combine into the energy unit ``to`` (the hint says
        whether a density is missing), or an unusable unit string.

    Examples
    --------
    >>> e = fuel_energy((1.0, "t"), calorific_value=(43.0, "TJ/Gg"), basis="net", to="TJ")
    >>> e.value, e.unit, e.basis
    (0.043, 'TJ', 'net')
    >>> fuel_energy((1000.0, "L"), calorific_value=(43.0, "TJ/Gg"), basis="net", to="GJ",
    ...             density=(0.84, "kg/L")).value
    36.12
    >>> fuel_energy((1000.0, "L"), calorific_value=(43.0, "TJ/Gg"), basis="net", to="GJ")
    Traceback (most recent call last):
    ...
    carbonstd.errors.UnitError: amount x calorific value is not an energy: 'L' ...
    """
    if basis not in ("net", "gross"):
        raise ActivityDataError(
            "calorific basis must be 'net' or 'gross'",
            value=basis,
            column="basis",
            hint="NCV/LHV is 'net', GCV/HHV is 'gross'",
        )
    a_value, a_unit = _quantity(amount, "amount")
    c_value, c_unit = _quantity(calorific_value, "calorific_value")
    if not (math.isfinite(a_value) and a_value >= 0):
        raise ActivityDataError(
            "fuel amount must be a finite number >= 0", value=a_value, column="amount"
        )
    if not (math.isfinite(c_value) and c_value > 0):
        raise ActivityDataError(
            "calorific value must be a finite number > 0",
            value=c_value,
            column="calorific_value",
        )
    target = units.parse(to) if isinstance(to, str) else to
    if target.dimensions != _ENERGY:
        raise UnitError(
            f"the result unit must be an energy, not {target.kind}",
            value=target.text,
            source="to",
            hint="use e.g. 'TJ', 'GJ', 'MJ', 'kWh' or 'mmBtu'",
        )
    scale, dims = _combine(a_unit, c_unit)
    exact = Fraction(a_value) * Fraction(c_value)
    used_density = False
    if density is None:
        if dims != _ENERGY:
            raise UnitError(
                "amount x calorific value is not an energy",
                value=a_unit.text,
                source="amount",
                hint=f"the calorific value is in {c_unit.text!r}; give the amount in "
                "matching units, or a density to convert between volume and mass",
            )
    else:
        d_value, d_unit = _quantity(density, "density")
        if not (math.isfinite(d_value) and d_value > 0):
            raise ActivityDataError(
                "density must be a finite number > 0", value=d_value, column="density"
            )
        if dims == _ENERGY:
            raise UnitError(
                "density given but not needed: amount x calorific value is already an energy",
                value=d_unit.text,
                source="density",
                hint="leave the density out",
            )
        scale, dims = _combine(a_unit, d_unit, c_unit)
        if dims != _ENERGY:
            raise UnitError(
                "amount x density x calorific value is not an energy",
                value=f"{a_unit.text} x {d_unit.text} x {c_unit.text}",
                source="amount",
                hint="the density must be mass per volume (e.g. 'kg/L') and the calorific "
                "value energy per mass or per volume",
            )
        exact *= Fraction(d_value)
        used_density = True
    value = float(exact * scale / target.scale)
    return FuelEnergy(value=value, unit=target.text, basis=basis, used_density=used_density)


def _pair(data: Mapping[str, Any], key: str) -> tuple[float, str]:
    inner = input_value(data, key, Mapping)
    try:
        return input_number(inner, "value"), input_str(inner, "unit")
    except ConformanceError as exc:
        raise ConformanceError(
            exc.message,
            value=exc.value,
            json_path=(exc.json_path or "$.input").replace("$.input", f"$.input.{key}", 1),
            hint='write {"value": <number>, "unit": "<unit>"}',
        ) from exc


def _factor(data: Mapping[str, Any]) -> dict[str, Any]:
    source, target = input_str(data, "from"), input_str(data, "to")
    return {"factor": units.conversion_factor(source, target), "from": source, "to": target}


def _convert(data: Mapping[str, Any]) -> dict[str, Any]:
    value = input_number(data, "value")
    source, target = input_str(data, "from"), input_str(data, "to")
    return {"value": units.magnitude_in((value, source), target), "unit": target}


def _convert_array(data: Mapping[str, Any]) -> dict[str, Any]:
    values = input_value(data, "values", tuple)
    codes = input_value(data, "codes", tuple)
    names = input_value(data, "units", tuple)
    target = input_str(data, "to")
    for key, items, kind in (
        ("values", values, float),
        ("codes", codes, int),
        ("units", names, str),
    ):
        for i, item in enumerate(items):
            ok = (
                isinstance(item, str)
                if kind is str
                else (isinstance(item, int | float) and not isinstance(item, bool))
            )
            if not ok or (kind is int and not isinstance(item, int)):
                raise ConformanceError(
                    f"vector input {key} must hold {kind.__name__} items",
                    value=item,
                    json_path=f"$.input.{key}[{i}]",
                )
    converted = units.convert(list(values), list(codes), list(names), target)
    return {"values": converted.tolist(), "unit": target}


def _parse(data: Mapping[str, Any]) -> dict[str, Any]:
    unit = units.parse(input_str(data, "unit"))
    return {
        "kind": unit.kind,
        "dimensionality": unit.dimensionality,
        "dimensions": dict(unit.dimensions),
        "scale": f"{unit.scale.numerator}/{unit.scale.denominator}",
    }


def _fuel_energy(data: Mapping[str, Any]) -> dict[str, Any]:
    cv = input_value(data, "calorific_value", Mapping)
    density = _pair(data, "density") if "density" in data else None
    result = fuel_energy(
        _pair(data, "amount"),
        calorific_value=_pair(data, "calorific_value"),
        basis=input_str(cv, "basis"),  # type: ignore[arg-type] # checked by fuel_energy
        to=input_str(data, "to"),
        density=density,
    )
    return {"value": result.value, "unit": result.unit, "basis": result.basis}


#: The adapters of the ``units`` domain, by method name.
METHODS: Mapping[str, Adapter] = MappingProxyType(
    {
        "units.factor": _factor,
        "units.convert": _convert,
        "units.convert_array": _convert_array,
        "units.parse": _parse,
        "units.fuel_energy": _fuel_energy,
    }
)
