"""Tests of the units.fuel_energy adapter function (amount x [density] x calorific value)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonstd.conformance.methods.units import METHODS, fuel_energy
from carbonstd.errors import ActivityDataError, ConformanceError, UnitError

_POS = st.floats(min_value=1e-6, max_value=1e9)


@given(_POS, _POS)
def test_mass_times_ncv_is_the_correctly_rounded_exact_product(tonnes: float, ncv: float) -> None:
    # t x TJ/Gg -> GJ: 1 t = 1e-3 Gg and 1 TJ = 1e3 GJ, so the exact result is t x ncv.
    result = fuel_energy((tonnes, "t"), calorific_value=(ncv, "TJ/Gg"), basis="net", to="GJ")
    assert result.value == float(Fraction(tonnes) * Fraction(ncv))
    assert (result.unit, result.basis, result.used_density) == ("GJ", "net", False)


@given(_POS, st.floats(min_value=0.1, max_value=2.0), _POS)
def test_density_path_equals_mass_path(litres: float, density: float, ncv: float) -> None:
    via_volume = fuel_energy(
        (litres, "L"),
        calorific_value=(ncv, "MJ/kg"),
        basis="gross",
        to="MJ",
        density=(density, "kg/L"),
    )
    exact = Fraction(litres) * Fraction(density) * Fraction(ncv)
    assert via_volume.value == float(exact)
    assert via_volume.used_density


@given(_POS, _POS)
def test_linear_in_amount(amount: float, ncv: float) -> None:
    one = fuel_energy((amount, "kg"), calorific_value=(ncv, "MJ/kg"), basis="net", to="MJ")
    two = fuel_energy((2 * amount, "kg"), calorific_value=(ncv, "MJ/kg"), basis="net", to="MJ")
    assert math.isclose(two.value, 2 * one.value, rel_tol=4e-16)


def test_zero_amount_is_zero_energy() -> None:
    e = fuel_energy((0.0, "t"), calorific_value=(43.0, "TJ/Gg"), basis="net", to="TJ")
    assert e.value == 0.0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"amount": (math.nan, "t")}, UnitError, "quantity magnitude is not finite"),
        ({"amount": ([1.0, 2.0], "t")}, ActivityDataError, "amount must be a single number"),
        ({"amount": (-1.0, "t")}, ActivityDataError, "fuel amount must be a finite number >= 0"),
        (
            {"calorific_value": (0.0, "TJ/Gg")},
            ActivityDataError,
            "calorific value must be a finite number > 0",
        ),
        (
            {"amount": (1.0, "L"), "density": (-0.8, "kg/L")},
            ActivityDataError,
            "density must be a finite number > 0",
        ),
        (
            {"amount": (1.0, "L"), "density": (0.8, "kg/km")},
            UnitError,
            "amount x density x calorific value is not an energy",
        ),
        ({"basis": "LHV"}, ActivityDataError, "calorific basis must be 'net' or 'gross'"),
        ({"to": "kg"}, UnitError, "the result unit must be an energy, not mass"),
        ({"amount": (1.0, "ton")}, UnitError, "misleading unit refused"),
    ],
)
def test_bad_inputs(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    args: dict[str, object] = {
        "amount": (1.0, "t"),
        "calorific_value": (43.0, "TJ/Gg"),
        "basis": "net",
        "to": "TJ",
    }
    args.update(kwargs)
    amount = args.pop("amount")
    with pytest.raises(error, match=message):
        fuel_energy(amount, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"calorific_value": {"value": 43.0, "unit": "TJ/Gg", "basis": "net"}, "to": "TJ"},
            "'amount'",
        ),
        (
            {
                "amount": {"value": "1", "unit": "t"},
                "calorific_value": {"value": 43.0, "unit": "TJ/Gg", "basis": "net"},
                "to": "TJ",
            },
            r"\$\.input\.amount\.value",
        ),
        (
            {
                "amount": {"value": 1, "unit": "t"},
                "calorific_value": {"value": 43.0, "unit": "TJ/Gg"},
                "to": "TJ",
            },
            "'basis'",
        ),
    ],
)
def test_adapter_reports_malformed_input(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConformanceError, match=message):
        METHODS["units.fuel_energy"](data)


def test_methods_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        METHODS["units.extra"] = METHODS["units.factor"]  # type: ignore[index]
