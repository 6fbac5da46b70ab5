"""Review findings on carbonstd.units: misleading names refused, Nm3 kept apart, typed errors.

Review #2 §3 (finding 6): ``mt`` read as millitonne, ``MT`` as megatesla, ``bbl`` as the
31.5-gallon barrel, US-only ``pint``/``quart``, physical constants accepted as units, ``Nm3``
identical to ``m3``. Finding 7: ``to_quantity(registry=object())`` and ``convert`` let bare
Python/numpy exceptions (or NaN, or inf) through.
"""

from __future__ import annotations

import importlib.resources
from fractions import Fraction
from typing import Any

import numpy as np
import pint
import pytest

from carbonstd import units
from carbonstd.errors import UnitError

# 1 US gallon = 231 in^3 and 1 in = 0.0254 m (NIST Handbook 44, App. C); the petroleum barrel
# is 42 US gallons (API MPMS ch. 1; NIST HB44 App. C "barrel, petroleum"); 1 imperial gallon =
# 4.54609 L (UK Weights and Measures Act 1985, Sch. 1); 8 pints = 4 quarts = 1 gallon.
US_GALLON_M3 = 231 * Fraction(254, 10000) ** 3
IMPERIAL_GALLON_M3 = Fraction(454609, 10**8)


def _refused(text: str) -> UnitError:
    with pytest.raises(UnitError) as info:
        units.parse(text)
    return info.value


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("mt", "'mt' reads as millitonne (1 kg); 't' is the tonne"),
        ("MT", "'MT' reads as megatesla; for metric tonnes say 't'"),
        ("bbl", "say 'oil_barrel' (42 US gallons, 158.987 L)"),
        ("bbls", "say 'oil_barrel'"),
        ("barrel", "pint's 31.5-gallon barrel (119.24 L)"),
        ("barrels", "say 'oil_barrel'"),
        ("kbbl", "say 'oil_barrel'"),
        ("pint", "say 'US_pint' or 'imperial_pint'"),
        ("pints", "say 'US_pint' or 'imperial_pint'"),
        ("pt", "say 'US_pint' or 'imperial_pint'"),
        ("liquid_pint", "say 'US_pint' or 'imperial_pint'"),
        ("kpt", "say 'US_pint' or 'imperial_pint'"),
        ("quart", "say 'US_quart' or 'imperial_quart'"),
        ("quarts", "say 'US_quart' or 'imperial_quart'"),
        ("qt", "say 'US_quart' or 'imperial_quart'"),
        ("floz", "say 'US_fluid_ounce' or 'imperial_fluid_ounce'"),
        ("fluid_ounce", "say 'US_fluid_ounce' or 'imperial_fluid_ounce'"),
        ("cup", "say 'US_liquid_cup' or 'imperial_cup'"),
        ("gill", "say 'US_liquid_gill' or 'imperial_gill'"),
        ("G", "'G' reads as the gauss"),
    ],
)
def test_misleading_names_refused_with_hint(text: str, hint: str) -> None:
    err = _refused(text)
    assert str(err).startswith(f"misleading unit refused: {text!r}")
    assert err.value == text
    assert hint in str(err.hint)


@pytest.mark.parametrize("text", ["kg/mt", "mt*km", "L/bbl", "kWh/pint", "MJ/(MT)"])
def test_misleading_names_refused_inside_compound_units(text: str) -> None:
    assert "misleading unit refused" in str(_refused(text))


@pytest.mark.parametrize(
    ("text", "constant"),
    [
        ("pi", "pi"),
        ("c", "speed_of_light"),
        ("c_0", "speed_of_light"),
        ("kc", "speed_of_light"),
        ("e", "elementary_charge"),
        ("k", "boltzmann_constant"),
        ("k_B", "boltzmann_constant"),
        ("R", "molar_gas_constant"),
        ("N_A", "avogadro_constant"),
        ("g0", "standard_gravity"),
        ("hbar", "dirac_constant"),
        ("speed_of_light", "speed_of_light"),
        ("gravitational_constant", "newtonian_constant_of_gravitation"),
    ],
)
def test_physical_constants_refused(text: str, constant: str) -> None:
    err = _refused(text)
    assert str(err).startswith(f"a physical constant is not a unit: {text!r}")
    assert f"as the constant {constant}" in str(err.hint)
    assert "write numbers as numbers" in str(err.hint)


def _pint_constant_names() -> list[str]:
    text = importlib.resources.files("pint").joinpath("constants_en.txt").read_text("utf-8")
    names = []
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if body and not body.startswith("@") and "=" in body:
            names.append(body.split("=", 1)[0].strip())
    return names


def test_every_constant_in_pints_constants_file_is_refused() -> None:
    names = _pint_constant_names()
    assert len(names) > 40  # the file was found and read
    for name in names:
        if name == "standard_atmosphere":  # 'atm' is a unit of pressure
            continue
        # names longer than 40 characters are refused by the grammar before pint sees them
        message = "unit name longer than" if len(name) > 40 else "a physical constant is not"
        with pytest.raises(UnitError, match=message):
            units.parse(name)


def test_h_is_the_hour_and_atm_a_pressure() -> None:
    # pint's Planck constant is written with U+210E, which the grammar refuses anyway.
    assert units.parse("h").factor_to("s") == 3600.0
    assert units.parse("kW*h").factor_to("kWh") == 1.0
    assert units.parse("atm").factor_to("kPa") == 101.325
    with pytest.raises(UnitError, match="not allowed in a unit"):
        units.parse("\u210e")


@pytest.mark.parametrize(
    ("text", "scale_m3"),
    [
        ("oil_barrel", 42 * US_GALLON_M3),
        ("oil_bbl", 42 * US_GALLON_M3),
        ("US_pint", US_GALLON_M3 / 8),
        ("US_pints", US_GALLON_M3 / 8),
        ("imperial_pint", IMPERIAL_GALLON_M3 / 8),
        ("US_quart", US_GALLON_M3 / 4),
        ("US_liquid_quart", US_GALLON_M3 / 4),
        ("imperial_quart", IMPERIAL_GALLON_M3 / 4),
        ("US_fluid_ounce", US_GALLON_M3 / 128),
        ("imperial_fluid_ounce", IMPERIAL_GALLON_M3 / 160),
    ],
)
def test_explicit_spellings_accepted_with_exact_scale(text: str, scale_m3: Fraction) -> None:
    unit = units.parse(text)
    assert unit.kind == "volume"
    assert unit.scale == scale_m3


def test_oil_barrel_in_litres() -> None:
    assert units.conversion_factor("oil_barrel", "L") == 158.987294928
    assert units.conversion_factor("oil_barrel", "US_gallon") == 42.0


def test_tonne_spellings_that_stay_valid() -> None:
    assert units.conversion_factor("t", "kg") == 1000.0
    assert units.conversion_factor("Mt", "t") == 1e6
    assert units.conversion_factor("kilotonne", "t") == 1000.0


def test_nm3_is_its_own_dimension() -> None:
    nm3 = units.parse("Nm3")
    assert nm3.kind == "normal volume (gas at 273.15 K and 101.325 kPa)"
    assert nm3.dimensionality == "[normal_volume]"
    assert not nm3.is_compatible("m3")
    with pytest.raises(UnitError, match=r"cannot convert 'Nm3' \(normal volume"):
        nm3.factor_to("m3")
    with pytest.raises(UnitError, match="cannot convert 'm3'"):
        units.conversion_factor("m3", "Nm3")
    with pytest.raises(UnitError, match="cannot convert 'scf'"):
        units.conversion_factor("scf", "Nm3")
    assert units.conversion_factor("normal_cubic_metre", "Nm3") == 1.0
    assert units.conversion_factor("kNm3", "Nm3") == 1000.0
    # a calorific value per Nm3 times an amount in Nm3 is an energy
    assert units.parse("MJ/Nm3").factor_to("kWh/Nm3") == pytest.approx(1 / 3.6, rel=1e-15)


def test_nm3_cannot_go_into_a_callers_registry() -> None:
    with pytest.raises(UnitError, match="the target registry cannot express this unit: 'Nm3'"):
        units.to_quantity(1.0, "Nm3", registry=pint.UnitRegistry())


# --- finding 7: typed errors instead of bare exceptions -------------------------------------


@pytest.mark.parametrize("registry", [object(), "default", 3, pint])
def test_to_quantity_refuses_a_non_registry(registry: Any) -> None:
    with pytest.raises(UnitError, match="registry is not a pint unit registry") as info:
        units.to_quantity(1.0, "kg", registry=registry)
    assert info.value.source == "registry"
    assert "pint.UnitRegistry" in str(info.value.hint)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.5", "quantity magnitude is not a number"),
        (True, "quantity magnitude is not a number"),
        ([1.0, None], "quantity magnitude is not a number"),
        (["1", "2"], "quantity magnitude is not a number"),
        (float("nan"), "quantity magnitude is not finite"),
        ([1.0, float("inf")], "has NaN or infinite entries"),
        (10**400, "quantity magnitude overflows float64"),
    ],
)
def test_to_quantity_and_split_quantity_refuse_bad_magnitudes(value: Any, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        units.to_quantity(value, "kg")
    with pytest.raises(UnitError, match=message):
        units.split_quantity((value, "kg"))


def test_to_quantity_accepts_a_callers_registry() -> None:
    reg: Any = pint.UnitRegistry()
    q = units.to_quantity(np.array([1.0, 2.0]), "MWh", registry=reg)
    assert q.to("GJ").magnitude.tolist() == [3.6, 7.2]


@pytest.mark.parametrize(
    ("values", "codes", "message", "source"),
    [
        (["a", "b"], [0, 0], "values must be numbers: 'a'", "values[0]"),
        ([1.0, None], [0, 0], "values must be numbers: None", "values[1]"),
        ([1.0, float("nan")], [0, 0], "values must be finite: nan", "values[1]"),
        ([float("-inf")], [0], "values must be finite: -inf", "values[0]"),
        ([1.0, 2.0], [0.0, 0.7], "unit codes must be integers: 'float64'", "unit_codes"),
        ([1.0, 2.0], ["0", "1"], "unit codes must be integers", "unit_codes"),
        ([1.0, 2.0], [0], r"unit_codes and values have different shapes", "unit_codes"),
        ([[1.0, 2.0]], [[0, 2]], "unit code out of range: 2", "unit_codes[0, 1]"),
        (
            [1.0, 1e308],
            [0, 1],
            "value overflows float64 when converted to 'g': 1e\\+308",
            "values[1]",
        ),
    ],
)
def test_convert_refuses_bad_input(values: Any, codes: Any, message: str, source: str) -> None:
    with pytest.raises(UnitError, match=message) as info:
        units.convert(values, codes, ["g", "t"], "g")
    assert info.value.source == source
    assert info.value.hint


def test_convert_accepts_integers_and_keeps_shape() -> None:
    out = units.convert(np.array([[1, 2], [3, 4]]), np.array([[0, 1], [1, 0]]), ["t", "kg"], "kg")
    assert out.dtype == np.float64
    assert out.tolist() == [[1000.0, 2.0], [3.0, 4000.0]]
