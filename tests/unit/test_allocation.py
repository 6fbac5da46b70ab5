"""Unit tests: partitioning, subdivision, substitution, CHP and shared transport."""

from __future__ import annotations

from typing import Any

import numpy as np
import pint
import pytest

from carbonstd.allocation import (
    AvoidedProduct,
    GasBurden,
    chp_efficiency,
    chp_energy_content,
    chp_work_potential,
    partition,
    shared_transport,
    subdivide,
    system_expansion,
)
from carbonstd.errors import AllocationError, UnitError

# --- GasBurden -------------------------------------------------------------------------------


def test_gas_burden_from_mapping_with_arrays() -> None:
    b = GasBurden.of({"CO2": [1.0, 2.0], "CH4": 0.5})
    assert b.shape == (2,)
    assert b.values.tolist() == [[1.0, 0.5], [2.0, 0.5]]
    assert not b.values.flags.writeable


def test_gas_burden_array_needs_gases() -> None:
    with pytest.raises(AllocationError, match="needs gas names"):
        GasBurden.of(np.ones((2, 3)))


def test_gas_burden_shape_mismatch() -> None:
    with pytest.raises(AllocationError, match="one entry per gas"):
        GasBurden.of(np.ones((2, 3)), gases=("CO2", "CH4"))


def test_gas_burden_nan_refused() -> None:
    with pytest.raises(AllocationError, match="NaN or infinite") as info:
        GasBurden.of({"CO2": float("nan")})
    assert info.value.source == "burden['CO2']"


def test_gas_burden_repeated_and_empty_gas_names() -> None:
    with pytest.raises(AllocationError, match="gas names repeat"):
        GasBurden.of([1.0, 2.0], gases=("CO2", "CO2"))
    with pytest.raises(AllocationError, match="non-empty strings"):
        GasBurden.of({"": 1.0})
    with pytest.raises(AllocationError, match="at least one gas"):
        GasBurden.of({})


def test_gas_burden_aligned_refuses_to_drop() -> None:
    b = GasBurden.of({"CO2": 1.0, "N2O": 2.0})
    assert b.aligned(("N2O", "CH4", "CO2")).as_dict() == {"N2O": 2.0, "CH4": 0.0, "CO2": 1.0}
    with pytest.raises(AllocationError, match="would drop gases"):
        b.aligned(("CO2",))


def test_gas_burden_unknown_gas_lookup() -> None:
    with pytest.raises(AllocationError, match="gas not in this burden"):
        GasBurden.of({"CO2": 1.0})["CH4"]


# --- partition -------------------------------------------------------------------------------


def test_partition_mass_matches_hand_computation() -> None:
    masses_kg = [3000.0, 1000.0, 500.0]
    burden = {"CO2": 90.0, "N2O": 0.3}
    r = partition(
        burden,
        [(3, "t"), (1000, "kg"), (500000, "g")],
        basis="mass",
        products=("a", "b", "c"),
    )
    total_mass = sum(masses_kg)
    for i, p in enumerate(("a", "b", "c")):
        share = masses_kg[i] / total_mass
        assert r.shares[i] == pytest.approx(share, rel=1e-15)
        assert r[p].as_dict() == pytest.approx({g: v * share for g, v in burden.items()})
    assert r.basis_values.tolist() == masses_kg
    assert r.basis_unit == "kg"
    assert r.method == "partition"


def test_partition_accepts_pint_quantities_from_caller_registry() -> None:
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry()
    r = partition(
        {"CO2": 10.0},
        [ureg.Quantity(1.0, "lb"), ureg.Quantity(1.0, "kg")],
        basis="mass",
        products=("a", "b"),
    )
    lb = 0.45359237
    assert r.shares.tolist() == pytest.approx([lb / (1 + lb), 1 / (1 + lb)], rel=1e-12)


def test_partition_vectorized_many_processes() -> None:
    burdens = np.array([[10.0, 1.0], [20.0, 2.0], [30.0, 3.0]])
    masses = np.array([[1.0, 1.0], [1.0, 3.0], [2.0, 1.0]])
    r = partition(
        burdens,
        (masses, "kg"),
        basis="mass",
        products=("x", "y"),
        gases=("CO2", "CH4"),
    )
    assert r.allocated.shape == (3, 2, 2)
    expected = masses / masses.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(r.shares, expected, rtol=1e-15)
    np.testing.assert_allclose(r.allocated.sum(axis=-2), burdens, rtol=1e-14)
    np.testing.assert_allclose(r["y"].values, expected[:, 1:2] * burdens, rtol=1e-15)


def test_partition_per_product_arrays_broadcast() -> None:
    r = partition(
        {"CO2": [10.0, 20.0]},
        [([1.0, 3.0], "kg"), (1.0, "kg")],
        basis="mass",
        products=("x", "y"),
    )
    assert r.shares.tolist() == [[0.5, 0.5], [0.75, 0.25]]


def test_partition_energy_gross_records_basis() -> None:
    r = partition(
        {"CO2": 1.0}, [(1, "GJ"), (1000, "MJ")], basis="energy_gross", products=("a", "b")
    )
    assert r.basis == "energy_gross"
    assert r.hierarchy == "physical"


def test_partition_products_as_plain_string_refused() -> None:
    with pytest.raises(AllocationError, match="non-empty sequence of co-product names"):
        partition({"CO2": 1.0}, [(1, "kg")], basis="mass", products="a")


def test_partition_exergy_and_moles_units() -> None:
    r = partition({"CO2": 4.0}, [(1, "kWh"), (3.6, "MJ")], basis="exergy", products=("e", "f"))
    assert r.shares.tolist() == [0.5, 0.5]
    with pytest.raises(UnitError, match="expected a quantity in"):
        partition({"CO2": 4.0}, [(1, "kg"), (1, "mol")], basis="moles", products=("a", "b"))


def test_partition_economic_requires_currency_and_year() -> None:
    with pytest.raises(AllocationError, match="currency and the price year") as info:
        partition({"CO2": 1.0}, [(1, "EUR"), (2, "EUR")], basis="economic", products=("a", "b"))
    assert "price_year=2023" in str(info.value)


def test_partition_economic_refuses_exchange() -> None:
    with pytest.raises(UnitError, match="currency_USD"):
        partition(
            {"CO2": 1.0},
            [(1, "EUR"), (2, "USD")],
            basis="economic",
            products=("a", "b"),
            currency="EUR",
            price_year=2022,
        )


def test_partition_economic_with_prices_and_amounts() -> None:
    r = partition(
        {"CO2": 100.0},
        [(2, "EUR/kg"), (500, "EUR/t")],
        amounts=[(3, "t"), (2000, "kg")],
        basis="economic",
        products=("a", "b"),
        currency="EUR",
        price_year=2021,
    )
    value_a, value_b = 2 * 3000, 500 * 2
    assert r.basis_values.tolist() == [value_a, value_b]
    assert r.shares[0] == pytest.approx(value_a / (value_a + value_b))
    assert r.price_year == 2021


def test_partition_economic_bad_year_and_currency() -> None:
    with pytest.raises(AllocationError, match="integer year between 1900 and 2200"):
        partition(
            {"CO2": 1.0},
            [(1, "EUR"), (1, "EUR")],
            basis="economic",
            products=("a", "b"),
            currency="EUR",
            price_year=True,
        )
    with pytest.raises(AllocationError, match="unknown currency"):
        partition(
            {"CO2": 1.0},
            [(1, "EUR"), (1, "EUR")],
            basis="economic",
            products=("a", "b"),
            currency="EURO$",
            price_year=2020,
        )


@pytest.mark.parametrize("year", [99999, 1899, 2201, -2020, 0, "2020", 2020.0])
def test_partition_economic_price_year_out_of_range(year: Any) -> None:
    # review #5 item 12: price_year=99999 was accepted
    with pytest.raises(AllocationError, match="price_year") as info:
        partition(
            {"CO2": 1.0},
            [(1, "EUR"), (1, "EUR")],
            basis="economic",
            products=("a", "b"),
            currency="EUR",
            price_year=year,
        )
    assert info.value.source == "price_year"
    assert info.value.value == year
    assert "1900" in str(info.value)
    assert "2200" in str(info.value)


@pytest.mark.parametrize("year", [1900, 2023, 2200])
def test_partition_economic_price_year_bounds_accepted(year: int) -> None:
    r = partition(
        {"CO2": 1.0},
        [(1, "EUR"), (3, "EUR")],
        basis="economic",
        products=("a", "b"),
        currency="EUR",
        price_year=year,
    )
    assert r.price_year == year


def test_partition_currency_refused_for_physical_basis() -> None:
    with pytest.raises(AllocationError, match="apply only to basis='economic'"):
        partition({"CO2": 1.0}, [(1, "kg")] * 2, basis="mass", products=("a", "b"), currency="EUR")


def test_partition_negative_and_zero_properties() -> None:
    with pytest.raises(AllocationError, match="must not be negative") as info:
        partition({"CO2": 1.0}, [(1, "kg"), (-2, "kg")], basis="mass", products=("a", "b"))
    assert "waste" in str(info.value)
    with pytest.raises(AllocationError, match="sum to zero"):
        partition({"CO2": 1.0}, [(0, "kg"), (0, "kg")], basis="mass", products=("a", "b"))


def test_partition_count_mismatch() -> None:
    with pytest.raises(AllocationError, match="number of properties differs"):
        partition({"CO2": 1.0}, [(1, "kg")], basis="mass", products=("a", "b"))
    with pytest.raises(AllocationError, match="trailing axis with one entry per co-product"):
        partition({"CO2": 1.0}, ([1.0, 2.0, 3.0], "kg"), basis="mass", products=("a", "b"))


def test_partition_missing_properties() -> None:
    with pytest.raises(AllocationError, match="needs a property for every co-product"):
        partition({"CO2": 1.0}, basis="mass", products=("a", "b"))
    with pytest.raises(AllocationError, match="needs the causal allocation factors"):
        partition({"CO2": 1.0}, basis="causal", products=("a", "b"))


def test_partition_causal_checks() -> None:
    with pytest.raises(AllocationError, match="do not sum to one"):
        partition({"CO2": 1.0}, [0.5, 0.6], basis="causal", products=("a", "b"))
    with pytest.raises(AllocationError, match="must lie in"):
        partition({"CO2": 1.0}, [1.5, -0.5], basis="causal", products=("a", "b"))
    with pytest.raises(AllocationError, match="exactly the burden's gases"):
        partition(
            {"CO2": 1.0, "CH4": 1.0}, {"CO2": [1.0, 0.0]}, basis="causal", products=("a", "b")
        )


def test_partition_equal_refuses_properties_and_unknown_basis() -> None:
    with pytest.raises(AllocationError, match="takes no properties"):
        partition({"CO2": 1.0}, [1, 1], basis="equal", products=("a", "b"))
    with pytest.raises(AllocationError, match="unknown allocation basis") as info:
        partition({"CO2": 1.0}, [(1, "MJ")] * 2, basis="energy", products=("a", "b"))  # type: ignore[arg-type]
    assert "energy_net" in str(info.value)


def test_partition_duplicate_products_and_unknown_product() -> None:
    with pytest.raises(AllocationError, match="co-product names repeat"):
        partition({"CO2": 1.0}, [(1, "kg")] * 2, basis="mass", products=("a", "a"))
    r = partition({"CO2": 1.0}, [(1, "kg")] * 2, basis="mass", products=("a", "b"))
    with pytest.raises(AllocationError, match="no such co-product"):
        r["c"]


def test_partition_as_dict_is_json_like() -> None:
    r = partition({"CO2": 2.0}, [(1, "kg"), (1, "kg")], basis="mass", products=("a", "b"))
    d = r.as_dict()
    assert d["shares"] == {"a": 0.5, "b": 0.5}
    assert d["allocated"] == {"a": {"CO2": 1.0}, "b": {"CO2": 1.0}}


# --- subdivision and substitution ------------------------------------------------------------


def test_subdivide_sums_subprocesses_per_product() -> None:
    r = subdivide(
        {"s1": {"CO2": 1.0}, "s2": {"CO2": 2.0, "CH4": 0.1}, "s3": {"CO2": 4.0}},
        {"s1": "a", "s2": "b", "s3": "a"},
    )
    assert r["a"].as_dict() == {"CO2": 5.0, "CH4": 0.0}
    assert r.total.as_dict() == {"CO2": 7.0, "CH4": 0.1}
    assert r.as_dict()["assignment"] == {"s1": "a", "s2": "b", "s3": "a"}
    assert r.hierarchy == "subdivision"


def test_subdivide_errors() -> None:
    with pytest.raises(AllocationError, match="no sub-processes"):
        subdivide({}, {})
    with pytest.raises(AllocationError, match="every sub-process must be assigned"):
        subdivide({"s1": {"CO2": 1.0}}, {"s1": "a", "s9": "b"})


def test_system_expansion_keeps_credits_apart() -> None:
    r = system_expansion(
        {"CO2": 50.0},
        [
            AvoidedProduct("heat", (2, "GJ"), {"CO2": 0.056}, "MJ"),
            AvoidedProduct("grid", (100, "kWh"), {"CO2": 0.3, "CH4": 0.001}, "kWh"),
        ],
    )
    assert r.burdens.as_dict() == {"CO2": 50.0, "CH4": 0.0}
    assert r.credits[0]["CO2"] == pytest.approx(2000 * 0.056)
    assert r.credit_total.as_dict() == pytest.approx({"CO2": 112.0 + 30.0, "CH4": 0.1})
    assert r.net()["CO2"] == pytest.approx(50.0 - 142.0)
    assert r.hierarchy == "system expansion"
    assert set(r.as_dict()["credits"]) == {"heat", "grid"}


def test_system_expansion_errors() -> None:
    with pytest.raises(AllocationError, match="at least one avoided product"):
        system_expansion({"CO2": 1.0}, [])
    with pytest.raises(AllocationError, match="must be AvoidedProduct values"):
        system_expansion({"CO2": 1.0}, [("grid", 1.0)])  # type: ignore[list-item]
    p = AvoidedProduct("grid", (1, "kWh"), {"CO2": 0.3}, "kWh")
    with pytest.raises(AllocationError, match="avoided product names repeat"):
        system_expansion({"CO2": 1.0}, [p, p])
    with pytest.raises(AllocationError, match="must not be negative"):
        AvoidedProduct("grid", (-1, "kWh"), {"CO2": 0.3}, "kWh")
    with pytest.raises(UnitError, match="expected a quantity in energy"):
        AvoidedProduct("grid", (1, "kg"), {"CO2": 0.3}, "kWh")
    with pytest.raises(AllocationError, match="non-empty name"):
        AvoidedProduct("", (1, "kWh"), {"CO2": 0.3}, "kWh")


# --- CHP -------------------------------------------------------------------------------------


def test_chp_efficiency_formula() -> None:
    heat_mwh, power_mwh, total = 300.0, 200.0, {"CO2": 800.0, "N2O": 0.04}
    r = chp_efficiency(total, heat=(heat_mwh, "MWh"), power=(power_mwh * 3.6, "GJ"))
    w_h, w_p = heat_mwh / 0.80, power_mwh / 0.35
    share = w_h / (w_h + w_p)
    assert float(r.heat_share) == pytest.approx(share, rel=1e-14)
    assert r.heat.as_dict() == pytest.approx({g: v * share for g, v in total.items()})
    assert r.power["CO2"] == pytest.approx(800.0 * (1 - share))
    assert r.heat_factor["CO2"] == pytest.approx(800.0 * share / heat_mwh)
    assert r.parameters["heat_efficiency"] == 0.8
    assert r.as_dict()["method"] == "efficiency"


def test_chp_intensity_unit_conversion() -> None:
    r = chp_energy_content({"CO2": 360.0}, heat=(1, "MWh"), power=(1, "MWh"), intensity_unit="GJ")
    assert r.heat_factor["CO2"] == pytest.approx(180.0 / 3.6)
    with pytest.raises(AllocationError, match="intensity_unit must be an energy unit"):
        chp_energy_content({"CO2": 1.0}, heat=(1, "MWh"), power=(1, "MWh"), intensity_unit="kg")


def test_chp_vectorized() -> None:
    r = chp_efficiency(
        {"CO2": [100.0, 200.0]}, heat=([80.0, 40.0], "MWh"), power=([35.0, 70.0], "MWh")
    )
    assert r.heat_share.tolist() == pytest.approx([0.5, 50 / 250])


def test_chp_errors() -> None:
    with pytest.raises(UnitError, match="expected a quantity in energy"):
        chp_efficiency({"CO2": 1.0}, heat=(1, "kW"), power=(1, "MWh"))
    with pytest.raises(AllocationError, match="heat output must be positive"):
        chp_efficiency({"CO2": 1.0}, heat=(0, "MWh"), power=(1, "MWh"))
    with pytest.raises(AllocationError, match="power_efficiency must lie in"):
        chp_efficiency({"CO2": 1.0}, heat=(1, "MWh"), power=(1, "MWh"), power_efficiency=-0.1)
    with pytest.raises(AllocationError, match="reference efficiencies must be positive"):
        chp_efficiency({"CO2": 1.0}, heat=(1, "MWh"), power=(1, "MWh"), heat_efficiency=0)
    with pytest.raises(AllocationError, match="must exceed ambient_temperature"):
        chp_work_potential(
            {"CO2": 1.0},
            heat=(1, "MWh"),
            power=(1, "MWh"),
            heat_temperature=(300, "K"),
            ambient_temperature=(300, "K"),
        )
    with pytest.raises(UnitError):
        chp_work_potential(
            {"CO2": 1.0},
            heat=(1, "MWh"),
            power=(1, "MWh"),
            heat_temperature=(180, "degC"),
            ambient_temperature=(300, "K"),
        )


def test_chp_work_potential_carnot() -> None:
    r = chp_work_potential(
        {"CO2": 100.0},
        heat=(10, "MWh"),
        power=(5, "MWh"),
        heat_temperature=(450, "K"),
        ambient_temperature=(300, "K"),
    )
    carnot = 1 - 300 / 450
    assert float(r.heat_share) == pytest.approx(10 * carnot / (10 * carnot + 5))


# --- shared transport ------------------------------------------------------------------------


def test_transport_tkm_hand_computation() -> None:
    masses_t, dist_km = [2.0, 3.0, 5.0], [100.0, 200.0, 40.0]
    r = shared_transport(
        {"CO2": 1000.0},
        basis="tkm",
        distance_basis="actual",
        shipments=("a", "b", "c"),
        masses=[(m, "t") for m in masses_t],
        distances=[(d, "km") for d in dist_km],
    )
    act = [m * d for m, d in zip(masses_t, dist_km, strict=True)]
    assert r.activity.tolist() == act
    assert r["b"]["CO2"] == pytest.approx(1000.0 * act[1] / sum(act))
    assert r.intensity["CO2"] == pytest.approx(1000.0 / sum(act))
    assert r.distance_basis == "actual"
    assert r.as_dict()["activity_unit"] == "tkm"


def test_transport_errors() -> None:
    kw: dict[str, Any] = {"shipments": ("a",), "distances": [(1, "km")]}
    with pytest.raises(AllocationError, match="unknown transport basis"):
        shared_transport({"CO2": 1.0}, basis="pkm", distance_basis="SFD", masses=[(1, "t")], **kw)  # type: ignore[arg-type]
    with pytest.raises(AllocationError, match="unknown distance basis"):
        shared_transport({"CO2": 1.0}, basis="tkm", distance_basis="km", masses=[(1, "t")], **kw)  # type: ignore[arg-type]
    with pytest.raises(AllocationError, match="does not use teu"):
        shared_transport(
            {"CO2": 1.0},
            basis="tkm",
            distance_basis="SFD",
            masses=[(1, "t")],
            teu=[(1, "TEU")],
            **kw,
        )
    with pytest.raises(AllocationError, match="needs volumes and the volumetric factor"):
        shared_transport(
            {"CO2": 1.0}, basis="chargeable_weight", distance_basis="SFD", masses=[(1, "t")], **kw
        )
    with pytest.raises(AllocationError, match="volumetric_factor must be positive"):
        shared_transport(
            {"CO2": 1.0},
            basis="chargeable_weight",
            distance_basis="SFD",
            masses=[(1, "t")],
            volumes=[(1, "m3")],
            volumetric_factor=(0, "kg/m3"),
            **kw,
        )
    with pytest.raises(AllocationError, match="activity sums to zero"):
        shared_transport({"CO2": 1.0}, basis="tkm", distance_basis="SFD", masses=[(0, "t")], **kw)
    with pytest.raises(UnitError, match="expected a quantity in"):
        shared_transport({"CO2": 1.0}, basis="tkm", distance_basis="SFD", masses=[(1, "km")], **kw)
    r = shared_transport({"CO2": 1.0}, basis="tkm", distance_basis="SFD", masses=[(1, "t")], **kw)
    with pytest.raises(AllocationError, match="no such shipment"):
        r["z"]


def test_transport_chargeable_weight_uses_max() -> None:
    r = shared_transport(
        {"CO2": 10.0},
        basis="chargeable_weight",
        distance_basis="GCD",
        shipments=("bulky", "dense"),
        masses=[(50, "kg"), (500, "kg")],
        volumes=[(2, "m3"), (1, "m3")],
        volumetric_factor=(167, "kg/m3"),
        distances=[(1, "km"), (1, "km")],
    )
    assert r.activity.tolist() == pytest.approx([0.334, 0.5])


def test_gas_spellings_are_read_as_carbonstd_gas_names() -> None:
    from carbonstd.allocation import GasBurden
    from carbonstd.errors import UnknownGasError

    burden = GasBurden.of({"co2": 10.0, "HFC134a": 0.5})
    assert burden.gases == ("CO2", "HFC-134a")
    assert burden["hfc-134a"] == 0.5
    with pytest.raises(AllocationError, match="gas names repeat"):
        GasBurden.of({"HFC-134a": 1.0, "R-134a": 2.0})
    with pytest.raises(UnknownGasError, match="not-a-gas"):
        GasBurden.of({"not-a-gas": 1.0})
