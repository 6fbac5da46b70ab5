"""The :class:`Unit` value and the parse/convert functions."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.errors import UnitError
from carbonstd.units._grammar import REFUSED, normalize

#: pint's canonical names that mislead, with the written spellings that are explicit (any
#: prefix or plural of another spelling is refused) and the hint given instead.
_AMBIGUOUS: dict[str, tuple[frozenset[str], str]] = {
    "ton": (frozenset({"short_ton"}), REFUSED["ton"]),
    "gallon": (frozenset({"US_liquid_gallon"}), REFUSED["gallon"]),
    "barrel": (frozenset(), REFUSED["barrel"]),
    "pint": (frozenset({"US_pint"}), REFUSED["pint"]),
    "quart": (frozenset({"US_liquid_quart"}), REFUSED["quart"]),
    "fluid_ounce": (frozenset({"US_fluid_ounce", "US_liquid_ounce"}), REFUSED["floz"]),
    "gill": (
        frozenset({"US_liquid_gill"}),
        "'gill' is ambiguous; say 'US_liquid_gill' or 'imperial_gill'",
    ),
    "cup": (
        frozenset({"US_liquid_cup"}),
        "'cup' is ambiguous; say 'US_liquid_cup' or 'imperial_cup'",
    ),
}

#: Root units of the private registry and the dimension each stands for.
_DIMENSION_OF_ROOT: dict[str, str] = {
    "gram": "[mass]",
    "meter": "[length]",
    "second": "[time]",
    "kelvin": "[temperature]",
    "ampere": "[current]",
    "mole": "[substance]",
    "candela": "[luminosity]",
    "radian": "[angle]",
    "bit": "[information]",
    "vehicle": "[vehicle]",
    "passenger": "[passenger]",
    "TEU": "[container]",
    "piece": "[piece]",
    "Nm3": "[normal_volume]",
    "USD": "[currency_USD]",
    "EUR": "[currency_EUR]",
    "GBP": "[currency_GBP]",
    "CNY": "[currency_CNY]",
    "JPY": "[currency_JPY]",
}

#: Friendly names for common dimensionalities (used in messages and docs).
_KIND: dict[str, str] = {
    "[mass]": "mass",
    "[length]": "length",
    "[length] ** 3": "volume",
    "[length] ** 2": "area",
    "[length] ** 2 * [mass] / [time] ** 2": "energy",
    "[length] ** 2 * [mass] / [time] ** 3": "power",
    "[length] * [mass]": "freight transport (mass x distance)",
    "[length] * [vehicle]": "vehicle distance",
    "[length] * [passenger]": "passenger distance",
    "[container] * [length]": "container distance",
    "[piece]": "count",
    "[normal_volume]": "normal volume (gas at 273.15 K and 101.325 kPa)",
    "[time]": "time",
    "dimensionless": "dimensionless",
}

_COMMON = (
    "kg",
    "t",
    "g",
    "lb",
    "short_ton",
    "long_ton",
    "kWh",
    "MWh",
    "GWh",
    "MJ",
    "GJ",
    "TJ",
    "mmBtu",
    "therm",
    "L",
    "m3",
    "US_gallon",
    "imperial_gallon",
    "km",
    "mile",
    "tkm",
    "pkm",
    "vkm",
    "TEUkm",
    "piece",
    "USD",
    "EUR",
    "GBP",
    "CNY",
    "JPY",
    "h",
    "year",
)


def _unprefixed(reg: Any, name: str, prefix: str) -> str:
    """``name`` without its SI prefix, written as a name (``kilo``) or a symbol (``k``)."""
    if not prefix:
        return name
    symbol = getattr(reg._prefixes.get(prefix), "symbol", None) or prefix
    for written in sorted({prefix, symbol}, key=len, reverse=True):
        if name.startswith(written):
            return name[len(written) :]
    return name  # pragma: no cover - pint found the prefix in the name


def _explicit(written: str, allowed: frozenset[str]) -> bool:
    # pint reports the plural of an alias ('short_tons') with an empty suffix.
    return written in allowed or (written.endswith("s") and written[:-1] in allowed)


def _exp(value: Any) -> int:
    frac = Fraction(value)
    if frac.denominator != 1:
        raise UnitError("fractional powers are not supported in units", value=str(value))
    return int(frac)


@attrs.frozen(order=False)
class Unit:
    """A parsed, validated unit: exact scale to root units and its dimensions.

    Instances are immutable, hashable and independent of any pint registry.
    Build them with :func:`parse`.

    Attributes
    ----------
    text
        The unit as written by the caller.
    normalized
        The text after the grammar check (explicit ``*`` and ``**``).
    scale
        Exact rational factor from this unit to the root units
        (gram, meter, second, ... and carbonstd's count and currency dimensions).
    dimensions
        Root unit names with their integer exponents, sorted by name.

    Examples
    --------
    >>> from carbonstd.units import parse
    >>> litre = parse("L")
    >>> litre.kind
    'volume'
    >>> litre.factor_to("m3")
    0.001
    >>> parse("kWh").factor_to("MJ")
    3.6
    """

    text: str
    normalized: str
    scale: Fraction
    dimensions: tuple[tuple[str, int], ...]

    @property
    def dimensionality(self) -> str:
        """Dimensionality as a string such as ``'[length] ** 3'``.

        Examples
        --------
        >>> from carbonstd.units import parse
        >>> parse("kg/km").dimensionality
        '[mass] / [length]'
        >>> parse("Nm3").dimensionality
        '[normal_volume]'
        """
        if not self.dimensions:
            return "dimensionless"
        pos = sorted((_DIMENSION_OF_ROOT.get(n, f"[{n}]"), e) for n, e in self.dimensions if e > 0)
        neg = sorted((_DIMENSION_OF_ROOT.get(n, f"[{n}]"), -e) for n, e in self.dimensions if e < 0)

        def fmt(items: list[tuple[str, int]]) -> str:
            return " * ".join(d if e == 1 else f"{d} ** {e}" for d, e in items)

        text = fmt(pos) if pos else "1"
        if neg:
            text += " / " + (fmt(neg) if len(neg) == 1 else f"({fmt(neg)})")
        return text

    @property
    def kind(self) -> str:
        """A friendly name for the dimensionality (``'energy'``, ``'mass'``, ...).

        Falls back to :attr:`dimensionality` for combinations without a name.

        Examples
        --------
        >>> from carbonstd.units import parse
        >>> parse("mmBtu").kind, parse("pkm").kind
        ('energy', 'passenger distance')
        >>> parse("kg/TJ").kind  # mass per energy: the mass dimensions cancel
        '[time] ** 2 / [length] ** 2'
        """
        dim = self.dimensionality
        return _KIND.get(dim, dim)

    def is_compatible(self, other: Unit | str) -> bool:
        """Whether this unit converts to ``other`` (same dimensions).

        Examples
        --------
        >>> from carbonstd.units import parse
        >>> parse("MWh").is_compatible("GJ"), parse("L").is_compatible("kg")
        (True, False)
        """
        return self.dimensions == _as_unit(other).dimensions

    def factor_to(self, other: Unit | str) -> float:
        """Multiplier that converts amounts in this unit into ``other``.

        The ratio is computed exactly and rounded to float64 once.

        Raises
        ------
        UnitError
            If the dimensions differ.

        Examples
        --------
        >>> from carbonstd.units import parse
        >>> parse("short_ton").factor_to("t")
        0.90718474
        >>> parse("kWh").factor_to("kg")
        Traceback (most recent call last):
        ...
        carbonstd.errors.UnitError: cannot convert 'kWh' (energy) to 'kg' (mass): 'kWh' ...
        """
        target = _as_unit(other)
        if self.dimensions != target.dimensions:
            raise UnitError(
                f"cannot convert {self.text!r} ({self.kind}) to {target.text!r} ({target.kind})",
                value=self.text,
                hint="the two units measure different things",
            )
        return float(self.scale / target.scale)

    def __str__(self) -> str:
        return self.text


def _as_unit(unit: Unit | str) -> Unit:
    return unit if isinstance(unit, Unit) else parse(unit)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Unit:
    return _parse(text, None)


def _parse(text: str, source: str | None) -> Unit:
    normalized, names = normalize(text, source=source)
    from carbonstd.units._registry import OFFSET_UNITS, constant_names, registry

    reg = registry()
    for name in names:
        candidates = reg.parse_unit_name(name)
        if not candidates:
            close = difflib.get_close_matches(name, _COMMON, n=3, cutoff=0.6)
            hint = (
                f"did you mean {', '.join(repr(c) for c in close)}?"
                if close
                else ("see the units page of the docs for the names carbonstd knows")
            )
            raise UnitError("unknown unit", value=name, source=source, hint=hint)
        prefix, canonical, suffix = candidates[0]
        written = _unprefixed(reg, name, prefix)
        written = written[: len(written) - len(suffix)] if suffix else written
        if canonical in _AMBIGUOUS and not _explicit(written, _AMBIGUOUS[canonical][0]):
            raise UnitError(
                "misleading unit refused",
                value=name,
                source=source,
                hint=_AMBIGUOUS[canonical][1],
            )
        if canonical in constant_names():
            raise UnitError(
                "a physical constant is not a unit",
                value=name,
                source=source,
                hint=f"pint reads {name!r} as the constant {canonical}; write numbers as "
                "numbers (1000, not k) and give units by name (kg, kWh, tkm)",
            )
        if canonical in OFFSET_UNITS:
            raise UnitError(
                "offset units (temperatures) cannot be used as activity or factor units",
                value=name,
                source=source,
            )
    import pint

    try:
        quantity = reg.parse_expression(normalized).to_root_units()
    except (pint.PintError, ArithmeticError, TypeError, ValueError) as exc:  # pragma: no cover
        raise UnitError("pint could not parse the unit", value=text, source=source) from exc
    magnitude = Fraction(quantity.magnitude)
    if magnitude <= 0:  # pragma: no cover - the grammar admits only positive numbers
        raise UnitError("unit scale must be positive", value=text, source=source)
    dims = tuple(sorted((str(n), _exp(e)) for n, e in quantity.unit_items() if _exp(e) != 0))
    return Unit(text=text, normalized=normalized, scale=magnitude, dimensions=dims)


def parse(text: str, *, source: str | None = None) -> Unit:
    """Parse a unit string through the safe grammar, then pint.

    Parameters
    ----------
    text
        The unit, e.g. ``"kWh"``, ``"kg/TJ"``, ``"L/(100 km)"``.
    source
        Where the string came from (file, row), quoted in errors.

    Returns
    -------
    Unit
        An immutable, registry-free unit.

    Raises
    ------
    UnitError
        For strings outside the grammar, unknown names, misleading names
        (``ton``, ``gallon``), gas names such as ``CO2e``, and offset units.

    Examples
    --------
    >>> from carbonstd.units import parse
    >>> parse("tkm").kind
    'freight transport (mass x distance)'
    >>> parse("ton")
    Traceback (most recent call last):
    ...
    carbonstd.errors.UnitError: misleading unit refused: 'ton' (hint: 'ton' is ambiguous; ...)
    """
    if source is None and isinstance(text, str):
        try:
            return _parse_cached(text)
        except UnitError as exc:
            raise exc.with_traceback(None) from None
    return _parse(text, source)


def conversion_factor(from_unit: Unit | str, to_unit: Unit | str) -> float:
    """Multiplier from ``from_unit`` to ``to_unit``.

    Examples
    --------
    >>> from carbonstd.units import conversion_factor
    >>> conversion_factor("MWh", "GJ")
    3.6
    >>> conversion_factor("US_gallon", "L")
    3.785411784
    """
    return _as_unit(from_unit).factor_to(to_unit)


def conversion_factors(units: Sequence[Unit | str], to: Unit | str) -> npt.NDArray[np.float64]:
    """One multiplier per entry of ``units`` into ``to``, as a float64 array.

    This is the vectorized path: parse each *distinct* unit once, then apply
    the factors to whole arrays with :func:`convert`.

    Examples
    --------
    >>> from carbonstd.units import conversion_factors
    >>> conversion_factors(["L", "m3", "US_gallon"], "L").tolist()
    [1.0, 1000.0, 3.785411784]
    """
    target = _as_unit(to)
    return np.array([_as_unit(u).factor_to(target) for u in units], dtype=np.float64)


def convert(
    values: npt.ArrayLike,
    unit_codes: npt.ArrayLike,
    units: Sequence[Unit | str],
    to: Unit | str,
) -> npt.NDArray[np.float64]:
    """Convert ``values`` whose unit is ``units[unit_codes[i]]`` into ``to``.

    One exact factor per distinct unit (:func:`conversion_factors`), applied to
    the whole array: the vectorized unit conversion carbonstd uses for activity
    data (GHG Protocol Corporate Standard ch. 6: activity data x emission
    factor needs the activity in the factor's unit).

    Parameters
    ----------
    values
        Amounts, any shape: integers or floats, all finite.
    unit_codes
        Integer code per value (same shape as ``values``), indexing ``units``.
    units
        The distinct unit strings (or units).
    to
        Target unit.

    Raises
    ------
    UnitError
        If a unit does not convert to ``to``; if ``values`` are not numbers or
        hold NaN or infinity; if ``unit_codes`` are not integers, are out of
        range or do not have the shape of ``values``; if a converted value
        overflows float64. The message names the first offending position.

    Examples
    --------
    >>> import numpy as np
    >>> from carbonstd.units import convert
    >>> convert(np.array([1.0, 2.0, 3.0]), np.array([0, 1, 0]), ["MWh", "GJ"], "GJ").tolist()
    [3.6, 2.0, 10.8]
    >>> convert([1.0, float("nan")], [0, 0], ["kg"], "t")
    Traceback (most recent call last):
    ...
    carbonstd.errors.UnitError: values must be finite: nan (in values[1]) ...
    """
    factors = conversion_factors(units, to)
    amounts = _number_array(values, "values")
    bad = ~np.isfinite(amounts)
    if bad.any():
        i = _first(bad)
        raise UnitError(
            "values must be finite",
            value=float(amounts[i]),
            source=f"values{list(i)}",
            hint="drop or fix NaN and infinite amounts before converting",
        )
    codes = np.asarray(unit_codes)
    if codes.dtype.kind not in "iu":
        raise UnitError(
            "unit codes must be integers",
            value=str(codes.dtype),
            source="unit_codes",
            hint="pass integer indexes into the units list, e.g. np.array([0, 1, 0])",
        )
    if codes.shape != amounts.shape:
        raise UnitError(
            "unit_codes and values have different shapes",
            value=(codes.shape, amounts.shape),
            source="unit_codes",
            hint="give one unit code per value",
        )
    if codes.size and (codes.min() < 0 or codes.max() >= len(factors)):
        out_of_range = (codes < 0) | (codes >= len(factors))
        i = _first(out_of_range)
        raise UnitError(
            "unit code out of range",
            value=int(codes[i]),
            source=f"unit_codes{list(i)}",
            hint=f"codes index the units list (0 to {len(factors) - 1})",
        )
    with np.errstate(over="ignore"):
        out = amounts * factors[codes.astype(np.intp)]
    overflow = ~np.isfinite(out)
    if overflow.any():
        i = _first(overflow)
        raise UnitError(
            f"value overflows float64 when converted to {str(to)!r}",
            value=float(amounts[i]),
            source=f"values{list(i)}",
            hint="the amount is too large for this unit; convert to a larger unit",
        )
    return out


def _first(mask: npt.NDArray[np.bool_]) -> tuple[int, ...]:
    """Index of the first True entry of ``mask``, as a tuple of ints."""
    return tuple(int(n) for n in np.unravel_index(int(np.argmax(mask)), mask.shape))


def _number_array(values: npt.ArrayLike, name: str) -> npt.NDArray[np.float64]:
    """``values`` as float64 if they are integers or floats; UnitError otherwise."""
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise UnitError(f"{name} must be an array of numbers", source=name) from exc
    if raw.dtype.kind not in "iuf":
        items = [x.item() if isinstance(x, np.generic) else x for x in raw.flat]
        bad = [
            (i, x)
            for i, x in enumerate(items)
            if isinstance(x, bool) or not isinstance(x, (int, float))
        ]
        index, item = bad[0] if bad else (0, str(raw.dtype))
        raise UnitError(
            f"{name} must be numbers",
            value=item,
            source=f"{name}{[int(n) for n in np.unravel_index(index, raw.shape)]}"
            if raw.ndim
            else name,
            hint="pass integers or floats (strings, booleans and None are not amounts)",
        )
    return raw.astype(np.float64)
