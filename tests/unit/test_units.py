"""Unit tests for carbonstd.units: aliases, refusals, exactness, pint interop, vectorized paths."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pint
import pytest

from carbonstd import units
from carbonstd.errors import UnitError

# Exact scales to root units (gram, meter, second, ...) from the definitions:
# 1 in = 0.0254 m and 1 lb = 0.45359237 kg (1959 international yard and pound; NIST SP 811
# App. B.8); US gallon = 231 in^3 (NIST Handbook 44 App. C); imperial gallon = 4.54609 dm^3
# (UK Weights and Measures Act 1985, Sch. 1); Btu = 1055.056 J (pint's ISO 31-4 Btu);
# mmBtu is built on the International Table Btu = 1055.05585262 J (NIST SP 811 App. B.8).
INCH = Fraction(254, 10000)
POUND_G = Fraction(45359237, 100000)
US_GALLON_M3 = 231 * INCH**3
BTU_J = Fraction(1055056, 1000)
BTU_IT_J = Fraction(105505585262, 10**8)
J = 1000  # J = kg m^2 s^-2 = 1000 g m^2 s^-2 in gram-based root units

ALIASES: list[tuple[str, str, Fraction]] = [
    ("tkm", "freight transport (mass x distance)", Fraction(10**6) * 1000),
    ("pkm", "passenger distance", Fraction(1000)),
    ("vkm", "vehicle distance", Fraction(1000)),
    ("TEUkm", "container distance", Fraction(1000)),
    ("kWh", "energy", Fraction(3_600_000) * J),
    ("MWh", "energy", Fraction(3_600_000_000) * J),
    ("GJ", "energy", Fraction(10**9) * J),
    ("TJ", "energy", Fraction(10**12) * J),
    ("mmBtu", "energy", 10**6 * BTU_IT_J * J),
    ("L", "volume", Fraction(1, 1000)),
    ("m3", "volume", Fraction(1)),
    ("t", "mass", Fraction(10**6)),
    ("tonne", "mass", Fraction(10**6)),
    ("kg", "mass", Fraction(1000)),
    ("lb", "mass", POUND_G),
    ("US_gallon", "volume", US_GALLON_M3),
    ("imperial_gallon", "volume", Fraction(454609, 10**8)),
    ("short_ton", "mass", 2000 * POUND_G),
    ("short_tons", "mass", 2000 * POUND_G),
    ("long_ton", "mass", 2240 * POUND_G),
    ("piece", "count", Fraction(1)),
]


@pytest.mark.parametrize(("text", "kind", "scale"), ALIASES)
def test_alias_kind_and_exact_scale(text: str, kind: str, scale: Fraction) -> None:
    unit = units.parse(text)
    assert unit.kind == kind
    assert unit.scale == scale
    assert unit.text == text


@pytest.mark.parametrize("currency", ["USD", "EUR", "GBP", "CNY", "JPY"])
def test_currencies_are_separate_dimensions(currency: str) -> None:
    unit = units.parse(currency)
    assert unit.dimensions == ((currency, 1),)
    others = {"USD", "EUR", "GBP", "CNY", "JPY"} - {currency}
    for other in others:
        assert not unit.is_compatible(other)
        with pytest.raises(UnitError, match=f"cannot convert '{currency}'"):
            unit.factor_to(other)


def test_unit_is_frozen_and_hashable() -> None:
    unit = units.parse("kWh")
    assert hash(unit) == hash(units.parse("kWh"))
    with pytest.raises(AttributeError):
        unit.text = "MJ"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("ton", "say 't' (metric tonne), 'short_ton' or 'long_ton'"),
        ("tons", "say 't' (metric tonne), 'short_ton' or 'long_ton'"),
        ("kiloton", "'ton' is ambiguous"),
        ("megaton", "'ton' is ambiguous"),
        ("gallon", "say 'US_gallon' or 'imperial_gallon'"),
        ("gallons", "say 'US_gallon' or 'imperial_gallon'"),
        ("gal", "say 'US_gallon' or 'imperial_gallon'"),
        ("kgal", "'gallon' is ambiguous"),
        ("kt", "the knot (a speed)"),
    ],
)
def test_misleading_units_refused_with_hint(text: str, hint: str) -> None:
    with pytest.raises(UnitError) as info:
        units.parse(text)
    err = info.value
    assert "misleading unit refused" in str(err)
    assert err.value == text
    assert err.hint is not None
    assert hint in err.hint


@pytest.mark.parametrize("text", ["CO2e", "kgCO2e", "tCO2e", "kg CO2e", "kg/GHG", "CH4", "N2O"])
def test_gases_are_not_units(text: str) -> None:
    with pytest.raises(UnitError, match="CO2e and gas names are not units") as info:
        units.parse(text)
    assert "tracks gases by name" in str(info.value.hint)


@pytest.mark.parametrize("text", ["degC", "degF", "celsius", "fahrenheit", "degree_Reaumur"])
def test_offset_units_refused(text: str) -> None:
    with pytest.raises(UnitError, match=r"offset units \(temperatures\)"):
        units.parse(text)


@pytest.mark.parametrize(
    "text", ["L/100 km", "kWh/100km", "kg/t km", "kg/t*km", "g/(t km) km", "L/100 (km)"]
)
def test_product_after_division_refused(text: str) -> None:
    with pytest.raises(UnitError, match="a product after '/' is not allowed") as info:
        units.parse(text)
    assert "parentheses" in str(info.value.hint)


def test_parenthesized_denominators_and_chained_division_accepted() -> None:
    assert units.parse("L/(100 km)").factor_to("L/km") == 0.01
    assert units.parse("kg/(t*km)").factor_to("kg/tkm") == 1.0
    assert units.parse("kg/t/km").factor_to("kg/tkm") == 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty unit string"),
        ("   ", "empty unit string"),
        ("kg;import os", "character ';' at position 2 is not allowed"),
        ("x" * 200, "longer than 128 characters"),
        ("kg**0.5", "power 0.5 is not allowed"),
        ("kg**10", "power 10 is not allowed"),
        ("m**2**2", "chained powers are not allowed"),
        ("0 kg", "a zero factor is not allowed"),
        ("((((kg))))", "parentheses nested deeper than 2"),
        ("(kg", "unbalanced parentheses"),
        ("kg/", "ends with an operator"),
        ("frobnitz", "unknown unit: 'frobnitz'"),
        ("nan kg", "unknown unit: 'nan'"),
        ("mmbtu", "did you mean 'mmBtu'"),
    ],
)
def test_grammar_refusals(text: str, message: str) -> None:
    with pytest.raises(UnitError, match=message.replace("(", r"\(").replace("*", r"\*")):
        units.parse(text)


def test_non_string_refused() -> None:
    with pytest.raises(UnitError, match="a unit must be given as a string"):
        units.parse(12, source="col")  # type: ignore[arg-type]


def test_source_is_named_in_errors() -> None:
    with pytest.raises(UnitError, match=r"in factors\.csv row 3") as info:
        units.parse("ton", source="factors.csv row 3")
    assert info.value.source == "factors.csv row 3"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("US_gallon", "L"),
        ("imperial_gallon", "US_gallon"),
        ("lb", "kg"),
        ("short_ton", "t"),
        ("mmBtu", "kWh"),
        ("therm", "MJ"),
        ("mile", "km"),
        ("scf", "L"),
        ("lb/US_gallon", "kg/m3"),
        ("Btu_it", "Btu"),
    ],
)
def test_factor_is_the_correctly_rounded_exact_ratio(source: str, target: str) -> None:
    a, b = units.parse(source), units.parse(target)
    exact = a.scale / b.scale
    factor = a.factor_to(b)
    assert factor == float(exact)  # Fraction -> float rounds correctly (round-half-even)
    # and no other double is closer to the exact ratio
    for neighbour in (np.nextafter(factor, 0.0), np.nextafter(factor, np.inf)):
        assert abs(Fraction(float(neighbour)) - exact) >= abs(Fraction(factor) - exact)


def test_known_exact_factors() -> None:
    assert units.conversion_factor("US_gallon", "L") == 3.785411784
    assert units.conversion_factor("US_liquid_gallon", "in**3") == 231.0
    assert units.conversion_factor("lb", "kg") == 0.45359237
    assert units.conversion_factor("kWh", "MJ") == 3.6
    assert units.conversion_factor("Btu_it", "J") == 1055.05585262
    assert units.conversion_factor("Btu", "J") == 1055.056
    assert units.conversion_factor("tkm", "t*km") == 1.0


def test_factor_to_refuses_other_dimension() -> None:
    with pytest.raises(UnitError, match=r"cannot convert 'kWh' \(energy\) to 'kg' \(mass\)"):
        units.parse("kWh").factor_to("kg")


def test_conversion_factors_and_convert_vectorized() -> None:
    factors = units.conversion_factors(["L", "m3", "US_gallon"], "L")
    assert factors.dtype == np.float64
    assert factors.tolist() == [1.0, 1000.0, 3.785411784]
    values = np.array([[1.0, 2.0], [3.0, 4.0]])
    codes = np.array([[0, 1], [2, 0]])
    out = units.convert(values, codes, ["MWh", "GJ", "kWh"], "GJ")
    assert out.shape == (2, 2)
    assert out.tolist() == [[3.6, 2.0], [3.0 * 0.0036, 4.0 * 3.6]]
    assert units.convert(np.zeros(0), np.zeros(0, dtype=int), ["kg"], "t").shape == (0,)


@pytest.mark.parametrize("code", [-1, 2])
def test_convert_refuses_out_of_range_codes(code: int) -> None:
    with pytest.raises(UnitError, match="unit code out of range"):
        units.convert([1.0], [code], ["kg", "t"], "kg")


def test_convert_refuses_incompatible_unit_in_list() -> None:
    with pytest.raises(UnitError, match="cannot convert 'L'"):
        units.convert([1.0, 1.0], [0, 1], ["kg", "L"], "kg")


def test_magnitude_in_and_split_quantity_pairs() -> None:
    assert units.magnitude_in((2.0, "MWh"), "GJ") == 7.2
    mags = units.magnitudes_in([(1.0, "t"), (np.array([1.0, 2.0]), "kg")], "kg")
    assert mags.tolist() == [1000.0, 1.0, 2.0]
    with pytest.raises(UnitError, match="expected a quantity in mass, got energy"):
        units.magnitude_in((1.0, "kWh"), "kg")
    with pytest.raises(UnitError, match="quantity magnitude is not finite"):
        units.split_quantity((float("nan"), "kg"))
    with pytest.raises(UnitError, match="has NaN or infinite entries"):
        units.split_quantity(([1.0, float("inf")], "kg"))
    with pytest.raises(UnitError, match="is not a number"):
        units.split_quantity(("abc", "kg"))
    with pytest.raises(UnitError, match="expected a pint Quantity or a"):
        units.split_quantity(12.0)


#: Names carbonstd defines in its private registry; none may leak into a caller's registry.
CARBONSTD_NAMES = (
    "tkm",
    "vkm",
    "pkm",
    "TEUkm",
    "TEU",
    "piece",
    "m3",
    "Nm3",
    "US_gallon",
    "US_quart",
    "normal_cubic_meter",
    "mmBtu",
    "MMBtu",
    "USD",
    "EUR",
    "GBP",
    "CNY",
    "JPY",
    "veh",
    "pax",
)


def _assert_pristine(reg: Any) -> None:
    """Every definition of ``reg`` equals a fresh pint registry's; no carbonstd name leaked.

    pint itself caches prefixed names it has parsed (``megawatt_hour``); such a
    cached name is fine when a fresh registry resolves it to the same value.
    """
    fresh: Any = pint.UnitRegistry()
    for name in CARBONSTD_NAMES:
        assert name not in reg._units, f"{name} leaked into the caller's registry"
    known = set(fresh._units)
    for name, definition in list(reg._units.items()):
        if name in known:
            assert definition == fresh._units[name], f"definition of {name} changed"
        else:
            assert fresh.parse_unit_name(name), f"{name} is not a pint definition"
            mine = reg.Quantity(1, name).to_root_units()
            theirs = fresh.Quantity(1, name).to_root_units()
            assert (str(mine.units), float(mine.magnitude)) == (
                str(theirs.units),
                float(theirs.magnitude),
            )


def test_foreign_registry_quantities_accepted_and_not_mutated() -> None:
    reg: Any = pint.UnitRegistry()
    energy, volume = reg.Quantity(2.0, "megawatt_hour"), reg.Quantity(10.0, "gallon")
    assert units.magnitude_in(energy, "GJ") == pytest.approx(7.2)
    assert units.magnitude_in(volume, "L") == pytest.approx(37.85411784)
    q = units.to_quantity(3.0, "tkm", registry=reg)
    assert q.to("kilogram * meter").magnitude == pytest.approx(3e6)
    _assert_pristine(reg)
    with pytest.raises(pint.UndefinedUnitError):
        reg.Quantity(1.0, "tkm")
    assert reg.Quantity(1.0, "ton").to("kilogram").magnitude == pytest.approx(907.18474)


def test_application_registry_accepted_and_not_mutated() -> None:
    app = pint.get_application_registry()  # type: ignore[no-untyped-call,unused-ignore]
    inner = app.get()
    q = app.Quantity(5.0, "kilowatt_hour")
    assert units.magnitude_in(q, "MJ") == pytest.approx(18.0)
    back = units.to_quantity(1.5, "MWh")
    assert back.to("GJ").magnitude == pytest.approx(5.4)
    assert app.get() is inner
    _assert_pristine(inner)


def test_import_carbonstd_does_not_import_pint() -> None:
    code = "import carbonstd, sys; assert 'pint' not in sys.modules, 'pint imported'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_import_carbonstd_units_does_not_build_a_registry() -> None:
    code = (
        "import sys; from carbonstd import units; from carbonstd.units import _registry;"
        "assert not _registry.is_built() and 'pint' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
