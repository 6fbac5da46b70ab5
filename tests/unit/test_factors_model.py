"""EmissionFactor, FuelProperties, FactorSet: validation at construction, JSON form, hashing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from carbonstd.errors import FactorDataError, FactorNotFoundError, UnitError
from carbonstd.factors import (
    EmissionFactor,
    FactorSet,
    FuelProperties,
    Licence,
    Measure,
    Source,
    load_json,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
CC0 = Licence(id="CC0-1.0")


def ef(**kw: object) -> EmissionFactor:
    base: dict[str, object] = {
        "id": "x",
        "activity": "fuel.diesel",
        "unit": "L",
        "year": 2024,
        "gases": {"CO2": 2.5},
    }
    base.update(kw)
    return EmissionFactor(**base)  # type: ignore[arg-type]


def test_gas_names_are_canonicalised_and_sorted() -> None:
    f = ef(gases={"hfc134a": 0.1, "CO2": 2.0})
    assert f.gases == (("CO2", 2.0), ("HFC-134a", 0.1))
    assert f.gas_values() == {"CO2": 2.0, "HFC-134a": 0.1}
    assert not f.is_co2e_only


def test_co2e_only_factor_records_its_gwp_set() -> None:
    f = ef(gases=None, co2e=3.0, gwp="AR5")
    assert f.is_co2e_only
    assert f.gas_values() == {}
    assert f.to_json()["gwp"] == "AR5"


@pytest.mark.parametrize(
    ("kw", "field", "fragment"),
    [
        ({"gases": {"CO2": float("nan")}}, "gases.CO2", "finite"),
        ({"gases": {"CO2": float("inf")}}, "gases.CO2", "finite"),
        ({"gases": {"CO2": -1.0}}, "gases.CO2", "negative"),
        ({"gases": {"CO2": "2"}}, "gases.CO2", "number"),
        ({"gases": {"XYZ": 1.0}}, "gases", "unknown gas"),
        ({"gases": {"HFC134a": 1.0, "HFC-134a": 2.0}}, "gases", "given twice"),
        ({"gases": {}}, "gases", "at least one gas"),
        ({"gases": None}, "gases", "either per-gas values or co2e"),
        ({"co2e": 1.0, "gwp": "AR5"}, "co2e", "not both"),
        ({"gases": None, "co2e": 1.0}, "gwp", "needs the GWP set"),
        ({"gases": None, "co2e": 1.0, "gwp": "AR99"}, "gwp", "unknown GWP set"),
        ({"unit": "ton"}, "unit", "misleading unit"),
        ({"unit": "litre_x"}, "unit", "unknown unit"),
        ({"id": " bad id"}, "id", "identifier"),
        ({"activity": "Fuel.Diesel"}, "activity", "activity key"),
        ({"region": "gb"}, "region", "region code"),
        ({"year": 1800}, "year", "between 1900 and 2200"),
        ({"year": True}, "year", "integer"),
        ({"boundary": "scope1"}, "boundary", "unknown boundary"),
        ({"unit": "kWh"}, "calorific_basis", "needs its basis"),
        ({"calorific_basis": "net"}, "calorific_basis", "only energy units"),
        ({"unit": "kWh", "calorific_basis": "lower"}, "calorific_basis", "'net' or 'gross'"),
        ({"valid_from": "2024-02-30"}, "valid_from", "not a date"),
        ({"valid_from": "2024-06-01", "valid_to": "2024-01-01"}, "valid_to", "ends before"),
        ({"methods": ["Tier 1"]}, "methods", "method tag"),
        ({"methods": ["a", "a"]}, "methods", "unique"),
        ({"source": {"publisher": "x"}}, "source", "must be a Source"),
    ],
)
def test_bad_factor_values_name_the_field(kw: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(FactorDataError, match=fragment) as info:
        ef(**kw)
    assert info.value.column == field
    assert f"EmissionFactor.{field}" in str(info.value)


def test_electricity_in_kwh_needs_no_basis_but_fuel_does() -> None:
    assert ef(activity="electricity.grid", unit="kWh").calorific_basis is None
    assert ef(unit="MJ", calorific_basis="gross").calorific_basis == "gross"


def test_dates_and_evolve() -> None:
    f = ef(valid_from="2024-01-01", valid_to=dt.date(2024, 12, 31))
    assert f.valid_from == dt.date(2024, 1, 1)
    g = attrs.evolve(f, id="y")
    assert g.id == "y"
    assert g.gases == f.gases
    assert g.to_json()["valid_to"] == "2024-12-31"


def test_describe_lists_gases_and_unit() -> None:
    text = ef(unit="kWh", calorific_basis="net", boundary="combustion").describe()
    assert text == "x: fuel.diesel GLO 2024, combustion, net, CO2 2.5 kg per kWh"


def test_source_sha256_must_be_hex() -> None:
    with pytest.raises(FactorDataError, match="sha256"):
        Source(sha256="ABC")
    assert Source(sha256="a" * 64).to_json() == {"sha256": "a" * 64}


def test_licence_id_required() -> None:
    with pytest.raises(FactorDataError, match=r"Licence\.id"):
        Licence(id="")


# --- fuel properties -------------------------------------------------------------------


DIESEL = FuelProperties(fuel="fuel.diesel", ncv=(43.0, "TJ/Gg"), density=(0.84, "kg/L"))


def test_litres_to_tj_net_is_density_times_ncv() -> None:
    conv = DIESEL.conversion("L", "TJ", to_basis="net")
    # 1 L = 0.84 kg; 0.84 kg x 43 MJ/kg = 36.12 MJ = 3.612e-5 TJ
    assert conv.multiplier == pytest.approx(0.84 * 43.0 * 1e-6, rel=1e-15)
    assert any("density" in s for s in conv.steps)
    assert any("ncv" in s for s in conv.steps)


def test_energy_to_volume_inverts() -> None:
    there = DIESEL.conversion("L", "GJ", to_basis="net").multiplier
    back = DIESEL.conversion("GJ", "L", from_basis="net").multiplier
    assert there * back == pytest.approx(1.0, rel=1e-14)


def test_gross_to_net_uses_both_calorific_values() -> None:
    ng = FuelProperties(fuel="fuel.natural_gas", ncv=(36.0, "MJ/m3"), gcv=(40.0, "MJ/m3"))
    conv = ng.conversion("kWh", "kWh", from_basis="gross", to_basis="net")
    assert conv.multiplier == pytest.approx(36.0 / 40.0, rel=1e-15)


def test_same_kind_needs_no_property() -> None:
    conv = DIESEL.conversion("t", "kg")
    assert conv.multiplier == 1000.0


@pytest.mark.parametrize(
    ("args", "kw", "fragment"),
    [
        (("L", "TJ"), {}, "needs its calorific basis"),
        (("L", "TJ"), {"to_basis": "gross"}, "missing gcv"),
        (("L", "kg"), {"from_basis": "net"}, "energy units only"),
        (("km", "kg"), {}, "masses, volumes or energies"),
    ],
)
def test_bad_conversions(args: tuple[str, str], kw: dict[str, str], fragment: str) -> None:
    with pytest.raises(UnitError, match=fragment):
        DIESEL.conversion(*args, **kw)


def test_missing_density_is_named() -> None:
    ncv_only = FuelProperties(fuel="fuel.diesel", ncv=(43.0, "MJ/kg"))
    with pytest.raises(UnitError, match="missing density") as info:
        ncv_only.conversion("L", "MJ", to_basis="net")
    assert "fuel.diesel" in str(info.value)


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({}, "at least one of ncv, gcv, density"),
        ({"ncv": (43.0, "kg/L")}, "energy per mass"),
        ({"density": (0.84, "MJ/kg")}, "mass per volume"),
        ({"ncv": (0.0, "MJ/kg")}, "ncv.value: must be positive"),
        ({"ncv": (float("nan"), "MJ/kg")}, "finite"),
        ({"ncv": 43.0}, r"ncv: expected a \(value, unit\) pair"),
        ({"ncv": (43.0, "MJ/kgg")}, "ncv.unit: unknown unit"),
    ],
)
def test_bad_fuel_properties(kw: dict[str, object], fragment: str) -> None:
    with pytest.raises(FactorDataError, match=fragment):
        FuelProperties(fuel="fuel.diesel", **kw)  # type: ignore[arg-type]


def test_measure_converts() -> None:
    assert Measure(43.0, "TJ/Gg").in_unit("MJ/kg") == 43.0


# --- factor sets -----------------------------------------------------------------------


def test_fixture_content_hash_is_stable() -> None:
    fs = load_json(FIXTURES / "defaults.json")
    # Fixed value: changes only if the canonical JSON form or the fixture changes.
    assert fs.content_hash == FIXED_HASH
    again = load_json(json.dumps(fs.to_json()))
    assert again.content_hash == fs.content_hash
    assert again == fs


FIXED_HASH = "1e7600dcc0344d6e8f393363e1cfae4e9b2546b3febf2af31b1b437bd6e0a22b"


def test_set_iteration_len_and_get() -> None:
    fs = load_json(FIXTURES / "defaults.json")
    assert len(fs) == 6
    assert next(iter(fs)).id == "ipcc-diesel"
    assert fs.get("gb-grid-2024").co2e == 0.20705
    assert fs.get("gb-grid-2024").licence == fs.licence
    with pytest.raises(FactorNotFoundError, match="no factor with this id"):
        fs.get("nope")


def test_set_rejects_duplicates_and_cycles() -> None:
    a = ef(id="a")
    with pytest.raises(FactorDataError, match="duplicate factor id") as info:
        FactorSet(name="s", version="1", title="S", licence=CC0, factors=[a, ef(id="a", year=2023)])
    assert info.value.json_path == "$.factors[1].id"
    with pytest.raises(FactorDataError, match="duplicate \\(activity"):
        FactorSet(name="s", version="1", title="S", licence=CC0, factors=[a, ef(id="b")])
    with pytest.raises(FactorDataError, match="cycle"):
        FactorSet(name="s", version="1", title="S", licence=CC0, regions={"AA": "BB", "BB": "AA"})
    with pytest.raises(FactorDataError, match="licence differs"):
        FactorSet(
            name="s", version="1", title="S", licence=CC0, factors=[ef(licence=Licence(id="MIT"))]
        )
    with pytest.raises(FactorDataError, match="identifier"):
        FactorSet(name="bad name", version="1", title="S", licence=CC0)
