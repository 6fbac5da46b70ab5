"""Fuel properties (calorific values, density) and conversions of fuel amounts.

Amounts move between mass, volume and energy on a stated calorific basis.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from carbonstd.errors import FactorDataError, UnitError
from carbonstd.factors._model import (
    ACTIVITY_RE,
    CALORIFIC_BASES,
    REGION_RE,
    Source,
    _opt_text,
    check_amount,
    check_pattern,
    check_unit,
    fail,
)
from carbonstd.units import Unit, parse

__all__ = ["FuelConversion", "FuelProperties", "Measure"]

#: Units of calorific values and density, and the pivot unit of each amount kind used inside
#: a conversion. Parsed on first use, not at import: parsing builds the pint registry, and
#: ``import carbonstd.factors`` must not import pint.
_MJ_PER_KG = "MJ/kg"
_MJ_PER_M3 = "MJ/m3"
_KG_PER_M3 = "kg/m3"
_PIVOT_TEXT = {"mass": "kg", "volume": "m3", "energy": "MJ"}


@functools.cache
def _unit(text: str) -> Unit:
    return parse(text)


def _pivot(kind: str) -> Unit:
    return _unit(_PIVOT_TEXT[kind])


def _num(x: float) -> str:
    return format(x, ".10g")


def _positive(value: object) -> float:
    return check_amount("Measure", "value", value, positive=True)


@attrs.frozen
class Measure:
    """A positive, finite value with its unit, e.g. a calorific value ``(43.0, "TJ/Gg")``.

    Examples
    --------
    >>> Measure(0.84, "kg/L").in_unit("kg/m3")
    840.0
    """

    value: float = attrs.field(converter=_positive)
    unit: str = attrs.field()

    def __attrs_post_init__(self) -> None:
        check_unit("Measure", "unit", self.unit)

    @property
    def parsed_unit(self) -> Unit:
        """The parsed unit.

        Examples
        --------
        >>> Measure(43.0, "TJ/Gg").parsed_unit.factor_to("MJ/kg")  # 1 TJ/Gg = 1 MJ/kg
        1.0
        """
        return parse(self.unit)

    def in_unit(self, unit: Unit | str) -> float:
        """The value expressed in ``unit`` (same dimensions required).

        Raises
        ------
        UnitError
            If ``unit`` measures something else.

        Examples
        --------
        >>> Measure(43.0, "TJ/Gg").in_unit("MJ/kg")
        43.0
        >>> Measure(0.84, "kg/L").in_unit("MJ/kg")
        Traceback (most recent call last):
        ...
        carbonstd.errors.UnitError: cannot convert 'kg/L' ...
        """
        return self.value * self.parsed_unit.factor_to(unit)

    def to_json(self) -> dict[str, Any]:
        """The JSON form ``{"value": ..., "unit": ...}``.

        Examples
        --------
        >>> Measure(0.84, "kg/L").to_json()
        {'value': 0.84, 'unit': 'kg/L'}
        """
        return {"value": self.value, "unit": self.unit}

    def __str__(self) -> str:
        return f"{_num(self.value)} {self.unit}"


def _measure(field: str) -> Callable[[object], Measure | None]:
    def convert(value: object) -> Measure | None:  # noqa: RET503 - fail() raises
        try:
            if value is None or isinstance(value, Measure):
                return value
            if isinstance(value, Mapping) and set(value) == {"value", "unit"}:
                return Measure(value["value"], value["unit"])
            if isinstance(value, tuple) and len(value) == 2:
                return Measure(value[0], value[1])
        except FactorDataError as exc:
            raise FactorDataError(
                exc.message.replace("Measure.", f"FuelProperties.{field}."),
                value=exc.value,
                column=field,
                hint=exc.hint,
            ) from exc
        fail("FuelProperties", field, "expected a (value, unit) pair", value)

    return convert


_MEASURES = {name: _measure(name) for name in ("ncv", "gcv", "density")}


def _ncv(value: object) -> Measure | None:
    return _MEASURES["ncv"](value)


def _gcv(value: object) -> Measure | None:
    return _MEASURES["gcv"](value)


def _density(value: object) -> Measure | None:
    return _MEASURES["density"](value)


@attrs.frozen
class FuelConversion:
    """The multiplier converting an amount of fuel from one unit to another, with its steps.

    ``amount_in_to_unit = amount_in_from_unit * multiplier``; returned by
    :meth:`FuelProperties.conversion` (IPCC 2006 Guidelines Vol. 2 ch. 1.4.1.2:
    fuel amounts in mass or volume are converted to energy with the calorific
    value, and volume to mass with the density).

    Examples
    --------
    >>> gas = FuelProperties(fuel="fuel.natural_gas", ncv=(36.0, "MJ/m3"))
    >>> conv = gas.conversion("m3", "GJ", to_basis="net")
    >>> conv.multiplier
    0.036
    >>> conv.steps
    ('volume -> energy (net): x ncv 36 MJ/m3', '1 MJ = 0.001 GJ')
    """

    multiplier: float
    steps: tuple[str, ...]


@attrs.frozen(kw_only=True)
class FuelProperties:
    """Calorific values and density of a fuel in a region.

    Used to convert fuel amounts between mass, volume and energy as IPCC 2006
    Guidelines Vol. 2 ch. 1.4.1.2 and ch. 2 Eq. 2.1 require (fuel consumption
    in TJ = mass x NCV); the net (lower) calorific value is the IPCC default
    basis, and GHG Protocol / EPA tables are on the gross (higher) basis.

    Parameters
    ----------
    fuel
        Activity key of the fuel (``fuel.diesel``).
    region
        Region code, default ``"GLO"``.
    ncv, gcv
        Net and gross calorific values: energy per mass or per volume, as a
        :class:`Measure` or a ``(value, unit)`` pair.
    density
        Mass per volume.
    source, notes
        Provenance.

    Examples
    --------
    >>> diesel = FuelProperties(fuel="fuel.diesel", ncv=(43.0, "TJ/Gg"), density=(0.84, "kg/L"))
    >>> conv = diesel.conversion("L", "TJ", to_basis="net")
    >>> round(conv.multiplier * 1e6, 10)  # MJ per litre
    36.12
    >>> for step in conv.steps:
    ...     print(step)
    1 L = 0.001 m3
    volume -> mass: x density 840 kg/m3 (given as 0.84 kg/L)
    mass -> energy (net): x ncv 43 MJ/kg (given as 43 TJ/Gg)
    1 MJ = 1e-06 TJ
    """

    fuel: str = attrs.field()
    region: str = attrs.field(default="GLO")
    ncv: Measure | None = attrs.field(default=None, converter=_ncv)
    gcv: Measure | None = attrs.field(default=None, converter=_gcv)
    density: Measure | None = attrs.field(default=None, converter=_density)
    source: Source | None = attrs.field(default=None)
    notes: str = attrs.field(default="", validator=_opt_text(2000))

    def __attrs_post_init__(self) -> None:
        own = "FuelProperties"
        check_pattern(own, "fuel", self.fuel, ACTIVITY_RE, "activity key")
        check_pattern(own, "region", self.region, REGION_RE, "region code")
        if self.ncv is None and self.gcv is None and self.density is None:
            fail(own, "ncv", "give at least one of ncv, gcv, density", None)
        for name in ("ncv", "gcv"):
            cv: Measure | None = getattr(self, name)
            if cv is not None and cv.parsed_unit.dimensions not in (
                _unit(_MJ_PER_KG).dimensions,
                _unit(_MJ_PER_M3).dimensions,
            ):
                fail(
                    own,
                    name,
                    "must be energy per mass or energy per volume",
                    cv.unit,
                    hint="e.g. 'MJ/kg', 'TJ/Gg', 'MJ/m3', 'kWh/L'",
                )
        if self.density is not None and not self.density.parsed_unit.is_compatible(
            _unit(_KG_PER_M3)
        ):
            fail(
                own,
                "density",
                "must be mass per volume",
                self.density.unit,
                hint="e.g. 'kg/L' or 'kg/m3'",
            )
        if self.source is not None and not isinstance(self.source, Source):
            fail(own, "source", "must be a Source", self.source)

    def _edges(self) -> dict[str, list[tuple[str, float, str]]]:
        """Graph of amount kinds: node -> [(node, multiplier in pivot units, step text)]."""
        edges: dict[str, list[tuple[str, float, str]]] = {
            "mass": [],
            "volume": [],
            "energy:net": [],
            "energy:gross": [],
        }
        if self.density is not None:
            d = self.density.in_unit(_KG_PER_M3)
            given = f" (given as {self.density})" if self.density.unit != "kg/m3" else ""
            edges["volume"].append(("mass", d, f"volume -> mass: x density {_num(d)} kg/m3{given}"))
            edges["mass"].append(
                ("volume", 1 / d, f"mass -> volume: / density {_num(d)} kg/m3{given}")
            )
        for name in ("ncv", "gcv"):
            cv: Measure | None = getattr(self, name)
            if cv is None:
                continue
            basis = "net" if name == "ncv" else "gross"
            per_mass = cv.parsed_unit.dimensions == _unit(_MJ_PER_KG).dimensions
            kind, pivot = ("mass", "MJ/kg") if per_mass else ("volume", "MJ/m3")
            value = cv.in_unit(pivot)
            given = f" (given as {cv})" if cv.unit != pivot else ""
            node = f"energy:{basis}"
            text = f"{name} {_num(value)} {pivot}{given}"
            edges[kind].append((node, value, f"{kind} -> energy ({basis}): x {text}"))
            edges[node].append((kind, 1 / value, f"energy ({basis}) -> {kind}: / {text}"))
        return edges

    def conversion(
        self,
        from_unit: Unit | str,
        to_unit: Unit | str,
        *,
        from_basis: str | None = None,
        to_basis: str | None = None,
    ) -> FuelConversion:
        """Multiplier converting an amount of this fuel from ``from_unit`` to ``to_unit``.

        Mass, volume and energy amounts are linked by density and the
        calorific values (IPCC 2006 Vol. 2 ch. 1 Table 1.2 NCVs; Eq. 2.1).
        An energy amount must say its calorific basis (``from_basis`` /
        ``to_basis``: ``"net"`` or ``"gross"``); converting gross to net energy
        goes through mass or volume with both calorific values.

        Returns
        -------
        FuelConversion
            ``multiplier`` and the human-readable ``steps``.

        Raises
        ------
        UnitError
            If a unit is not a mass, volume or energy, a basis is missing or
            misplaced, or a needed property (density, ncv, gcv) is missing;
            the message names it.

        Examples
        --------
        >>> ng = FuelProperties(fuel="fuel.natural_gas", ncv=(36.0, "MJ/m3"), gcv=(40.0, "MJ/m3"))
        >>> ng.conversion("kWh", "kWh", from_basis="gross", to_basis="net").multiplier
        0.9
        >>> ng.conversion("kg", "MJ", to_basis="net")
        Traceback (most recent call last):
        ...
        carbonstd.errors.UnitError: cannot convert 'kg' (mass) to 'MJ' (energy, net) for fuel ...
        """
        src = from_unit if isinstance(from_unit, Unit) else parse(from_unit)
        dst = to_unit if isinstance(to_unit, Unit) else parse(to_unit)
        start = self._node(src, from_basis, "from")
        end = self._node(dst, to_basis, "to")
        head = src.factor_to(_pivot(src.kind))
        tail = _pivot(dst.kind).factor_to(dst)
        path = self._path(start, end)
        if path is None:
            needed = [
                name
                for node in {start, end}
                if node.startswith("energy:")
                for name in ("ncv" if node.endswith("net") else "gcv",)
                if getattr(self, name) is None
            ] or ["density"]
            raise UnitError(
                f"cannot convert {src.text!r} ({_label(start)}) to {dst.text!r} ({_label(end)}) "
                f"for fuel {self.fuel!r} in {self.region}: missing {' and '.join(sorted(needed))}",
                value=self.fuel,
                hint=f"add {' and '.join(sorted(needed))} for {self.fuel} to a factor set's fuels,"
                " or give the amount in a unit the factor uses",
            )
        multiplier = head
        steps: list[str] = []
        if src.text != _PIVOT_TEXT[src.kind]:
            steps.append(f"1 {src.text} = {_num(head)} {_PIVOT_TEXT[src.kind]}")
        for factor, text in path:
            multiplier *= factor
            steps.append(text)
        multiplier *= tail
        if dst.text != _PIVOT_TEXT[dst.kind]:
            steps.append(f"1 {_PIVOT_TEXT[dst.kind]} = {_num(tail)} {dst.text}")
        return FuelConversion(multiplier=multiplier, steps=tuple(steps))

    def _node(self, unit: Unit, basis: str | None, side: str) -> str:
        kind = unit.kind
        if kind not in _PIVOT_TEXT:
            raise UnitError(
                f"fuel amounts are masses, volumes or energies, not {kind}",
                value=unit.text,
                source=f"{side}_unit",
            )
        if kind == "energy":
            if basis not in CALORIFIC_BASES:
                raise UnitError(
                    f"an energy amount of {self.fuel} needs its calorific basis",
                    value=basis,
                    source=f"{side}_basis",
                    hint=f"pass {side}_basis='net' or {side}_basis='gross'",
                )
            return f"energy:{basis}"
        if basis is not None:
            raise UnitError(
                f"a calorific basis applies to energy units only, not {unit.text!r}",
                value=basis,
                source=f"{side}_basis",
                hint=f"drop {side}_basis",
            )
        return kind

    def _path(self, start: str, end: str) -> list[tuple[float, str]] | None:
        edges = self._edges()
        queue: deque[tuple[str, list[tuple[float, str]]]] = deque([(start, [])])
        seen = {start}
        while queue:
            node, path = queue.popleft()
            if node == end:
                return path
            for nxt, factor, text in edges[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append((nxt, [*path, (factor, text)]))
        return None

    def to_json(self) -> dict[str, Any]:
        """The JSON form in the factor-set schema.

        Examples
        --------
        >>> FuelProperties(fuel="fuel.diesel", density=(0.84, "kg/L")).to_json()
        {'fuel': 'fuel.diesel', 'region': 'GLO', 'density': {'value': 0.84, 'unit': 'kg/L'}}
        """
        out: dict[str, Any] = {"fuel": self.fuel, "region": self.region}
        for name in ("ncv", "gcv", "density"):
            value: Measure | None = getattr(self, name)
            if value is not None:
                out[name] = value.to_json()
        if self.source is not None:
            out["source"] = self.source.to_json()
        if self.notes:
            out["notes"] = self.notes
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FuelProperties:
        """Build from one entry of a factor set's ``fuels`` array.

        Raises
        ------
        FactorDataError
            Naming the field, for a value the constructor refuses.

        Examples
        --------
        >>> p = FuelProperties.from_json({"fuel": "fuel.diesel", "ncv": {"value": 43.0,
        ...                                                            "unit": "TJ/Gg"}})
        >>> str(p.ncv), p.region
        ('43 TJ/Gg', 'GLO')
        """
        src = data.get("source")
        return cls(
            fuel=data.get("fuel"),  # type: ignore[arg-type]
            region=data.get("region", "GLO"),
            ncv=data.get("ncv"),
            gcv=data.get("gcv"),
            density=data.get("density"),
            source=Source.from_json(src) if isinstance(src, Mapping) else src,
            notes=data.get("notes", ""),
        )


def _label(node: str) -> str:
    return node.replace("energy:", "energy, ")
