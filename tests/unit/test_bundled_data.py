"""Checks of the bundled emission-factor sets (src/carbonstd/data/factors/*.json).

Spot-check values are typed in from the primary publications (provenance in each
comment); nothing here reads the raw files under ../shared.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonstd import units
from carbonstd.errors import FactorDataError

DATA = Path(__file__).resolve().parents[2] / "src" / "carbonstd" / "data"
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
SCHEMA = json.loads((DATA / "schemas" / "factor-set.schema.json").read_text(encoding="utf-8"))
FILES = sorted((DATA / "factors").glob("*.json"))
SETS: dict[str, dict[str, Any]] = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in FILES}
AR5 = {"CO2": 1.0, "CO2_biogenic": 1.0, "CH4": 28.0, "N2O": 265.0}
ENERGY_UNITS = {"kWh", "MWh", "GJ", "TJ", "mmBtu"}


def _factor(set_stem: str, fid: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [f for f in SETS[set_stem]["factors"] if f["id"] == fid]
    assert len(matches) == 1, fid
    return matches[0]


def _find(set_stem: str, **where: object) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [
        f for f in SETS[set_stem]["factors"] if all(f.get(k) == v for k, v in where.items())
    ]
    assert len(matches) == 1, (set_stem, where, len(matches))
    return matches[0]


def _co2e_ar5(factor: dict[str, Any]) -> float:
    if "co2e" in factor:
        return float(factor["co2e"])
    return math.fsum(AR5[g] * v for g, v in factor["gases"].items())


def test_all_expected_sets_are_bundled() -> None:
    assert set(SETS) == {
        "us-epa-ghg-hub-2025",
        "uk-desnz-2024",
        "uk-desnz-2025",
        "cn-mee-electricity",
        "ipcc-2006-energy",
        "carbonstd-refrigerants",
        "carculator-fuel-specs",
    }
    # "a few MB total at most"
    assert sum(p.stat().st_size for p in FILES) < 4_000_000


@pytest.mark.parametrize("stem", sorted(SETS))
def test_set_is_valid_against_the_schema(stem: str) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(SETS[stem])]
    assert errors == []


@pytest.mark.parametrize("stem", sorted(SETS))
def test_uniqueness_rules(stem: str) -> None:
    factors = SETS[stem]["factors"]
    ids = [f["id"] for f in factors]
    assert len(ids) == len(set(ids))
    keys = [
        (
            f["activity"],
            f.get("region", "GLO"),
            f["year"],
            f["unit"],
            f.get("boundary"),
            f.get("calorific_basis"),
        )
        for f in factors
    ]
    assert len(keys) == len(set(keys))
    fuels = [(x["fuel"], x.get("region")) for x in SETS[stem].get("fuels", [])]
    assert len(fuels) == len(set(fuels))


@pytest.mark.parametrize("stem", sorted(SETS))
def test_units_gases_and_conventions(stem: str) -> None:
    document = SETS[stem]
    regions = document.get("regions", {})
    for f in document["factors"]:
        unit = units.parse(f["unit"])
        assert f["unit"] not in ("ton", "gallon")
        if "gases" in f and stem == "carbonstd-refrigerants":
            assert f["activity"].startswith("refrigerant."), f["id"]
        elif "gases" in f:
            assert set(f["gases"]) <= {"CO2", "CO2_biogenic", "CH4", "N2O"}, f["id"]
        else:
            assert f["gwp"] == "AR5-GWP100", f["id"]
        # WTT factors and only WTT factors use the '.wtt' suffix.
        assert f["activity"].endswith(".wtt") == (f.get("boundary") == "WTT"), f["id"]
        # A fuel factor per unit of energy states its calorific basis.
        if f["activity"].startswith("fuel.") and unit.kind == "energy":
            assert f.get("calorific_basis") in ("net", "gross"), f["id"]
        region = f.get("region", "GLO")
        assert region == "GLO" or region in regions, f["id"]
    for fuel in document.get("fuels", []):
        for prop in ("ncv", "gcv", "density"):
            if prop in fuel:
                units.parse(fuel[prop]["unit"])


@pytest.mark.parametrize("stem", ["us-epa-ghg-hub-2025", "uk-desnz-2024", "uk-desnz-2025"])
def test_file_based_sets_record_the_raw_sha256(stem: str) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", SETS[stem]["source"]["sha256"])


def test_every_desnz_total_is_reproduced_from_the_parts() -> None:
    # DESNZ publishes CO2e of each gas rounded to 5 decimals; the converter divides by the
    # AR5 GWPs, so CO2 + 28 CH4 + 265 N2O must give the published total within 3 roundings.
    checked = 0
    for stem in ("uk-desnz-2024", "uk-desnz-2025"):
        for f in SETS[stem]["factors"]:
            match = re.search(r"DESNZ total ([0-9.]+) kg CO2e", f.get("notes", ""))
            if match:
                assert _co2e_ar5(f) == pytest.approx(float(match.group(1)), abs=1.6e-5), f["id"]
                checked += 1
    assert checked > 1000


# --- spot checks typed from the primary publications --------------------------------------


def test_desnz_uk_electricity() -> None:
    # DESNZ/Defra GHG conversion factors 2025, "UK electricity", 0.17700 kg CO2e/kWh
    # (CO2 part 0.17489); 2024 edition: 0.20705 kg CO2e/kWh.
    f25 = _find("uk-desnz-2025", activity="electricity.grid", unit="kWh")
    assert f25["region"] == "GB"
    assert f25["gases"]["CO2"] == 0.17489
    assert _co2e_ar5(f25) == pytest.approx(0.17700, abs=1.6e-5)
    f24 = _find("uk-desnz-2024", activity="electricity.grid", unit="kWh")
    assert _co2e_ar5(f24) == pytest.approx(0.20705, abs=1.6e-5)


def test_desnz_natural_gas_gross_and_net() -> None:
    # DESNZ 2025, Fuels > Gaseous fuels > Natural gas: 0.18296 kg CO2e/kWh (Gross CV),
    # 0.20270 kg CO2e/kWh (Net CV).
    gross = _find("uk-desnz-2025", activity="fuel.natural_gas", unit="kWh", calorific_basis="gross")
    net = _find("uk-desnz-2025", activity="fuel.natural_gas", unit="kWh", calorific_basis="net")
    assert _co2e_ar5(gross) == pytest.approx(0.18296, abs=1.6e-5)
    assert _co2e_ar5(net) == pytest.approx(0.20270, abs=1.6e-5)
    # CH4 0.00028 kg CO2e / 28 = 1e-5 kg CH4
    assert gross["gases"]["CH4"] == pytest.approx(0.00028 / 28, rel=1e-12)


def test_desnz_biogenic_and_wtt_rows() -> None:
    # DESNZ 2025, Outside of scopes > Biofuel > Biodiesel ME: 2.39 kg CO2 per litre.
    bio = _find("uk-desnz-2025", activity="fuel.biodiesel_me.biogenic_co2", unit="L")
    assert bio["gases"] == {"CO2_biogenic": 2.39}
    wtt = _find(
        "uk-desnz-2025", activity="fuel.natural_gas.wtt", unit="kWh", calorific_basis="gross"
    )
    assert wtt["boundary"] == "WTT"
    assert wtt["gwp"] == "AR5-GWP100"


def test_ipcc_defaults() -> None:
    # IPCC 2006 Vol. 2 Table 1.4: gas/diesel oil 74,100 kg CO2/TJ; Table 1.2: NCV 43.0 TJ/Gg.
    diesel = _find("ipcc-2006-energy", activity="fuel.diesel")
    assert diesel["gases"] == {"CO2": 74_100.0}
    assert diesel["calorific_basis"] == "net"
    ncv = next(x for x in SETS["ipcc-2006-energy"]["fuels"] if x["fuel"] == "fuel.diesel")["ncv"]
    assert ncv == {"unit": "TJ/Gg", "value": 43.0}
    # 74,100 kg/TJ x 43.0 TJ/Gg = 3.1863 kg CO2 per kg of diesel (unit algebra by carbonstd).
    tj_per_kg = ncv["value"] * units.conversion_factor("TJ/Gg", "TJ/kg")
    assert diesel["gases"]["CO2"] * tj_per_kg == pytest.approx(3.1863, rel=1e-12)
    # Table 2.2 (energy industries): natural gas CH4 1, N2O 0.1 kg/TJ.
    gas = _find("ipcc-2006-energy", activity="fuel.natural_gas.stationary.energy_industries")
    assert gas["gases"] == {"CO2": 56_100.0, "CH4": 1.0, "N2O": 0.1}
    # Table 2.5 (residential): other bituminous coal CH4 300, N2O 1.5 kg/TJ.
    coal = _find(
        "ipcc-2006-energy", activity="fuel.coal.bituminous.stationary.residential_agriculture"
    )
    assert coal["gases"] == {"CO2": 94_600.0, "CH4": 300.0, "N2O": 1.5}


def test_epa_values() -> None:
    # EPA GHG Emission Factors Hub 2025, Table 1: bituminous coal 93.28 kg CO2, 11 g CH4,
    # 1.6 g N2O per mmBtu (HHV); natural gas 53.06 kg CO2/mmBtu.
    bit = _factor("us-epa-ghg-hub-2025", "EPA-2025:T1:bituminous:mmBtu")
    assert bit["activity"] == "fuel.coal.bituminous"
    assert bit["gases"] == {"CO2": 93.28, "CH4": 0.011, "N2O": 0.0016}
    assert bit["calorific_basis"] == "gross"
    ng = _find("us-epa-ghg-hub-2025", activity="fuel.natural_gas", unit="mmBtu")
    assert ng["gases"]["CO2"] == 53.06
    # Table 6 (eGRID2023): CAMX 436.655 lb CO2/MWh; US average 771.523 lb CO2/MWh.
    lb = units.conversion_factor("lb", "kg")
    assert lb == 0.45359237
    camx = _find("us-epa-ghg-hub-2025", activity="electricity.grid", region="US-GRID-CAMX")
    assert camx["unit"] == "MWh"
    assert camx["gases"]["CO2"] == pytest.approx(436.655 * lb, rel=1e-15)
    us = _find("us-epa-ghg-hub-2025", activity="electricity.grid", region="US")
    assert us["gases"]["CO2"] == pytest.approx(771.523 * lb, rel=1e-15)
    # Table 9: corrugated containers landfilled 1.00 metric t CO2e per short ton (AR5).
    waste = _find("us-epa-ghg-hub-2025", activity="waste.corrugated_containers.landfill")
    assert (waste["unit"], waste["co2e"], waste["gwp"]) == ("short_ton", 1000.0, "AR5-GWP100")
    # Table 2: diesel fuel 10.21 kg CO2 per gallon; biodiesel CO2 is biogenic.
    diesel = _find("us-epa-ghg-hub-2025", activity="fuel.diesel.mobile")
    assert (diesel["unit"], diesel["gases"]) == ("US_gallon", {"CO2": 10.21})
    biodiesel = _find("us-epa-ghg-hub-2025", activity="fuel.biodiesel.mobile")
    assert biodiesel["gases"] == {"CO2_biogenic": 9.45}


def test_china_values() -> None:
    # MEE/NBS notices: national average 2021 0.5568, 2022 0.5366, 2023 0.5306 kg CO2/kWh;
    # excluding market-traded non-fossil 2022 0.5856; North China grid 2022 0.6776.
    for year, value in ((2021, 0.5568), (2022, 0.5366), (2023, 0.5306)):
        f = _find("cn-mee-electricity", activity="electricity.grid", region="CN", year=year)
        assert f["gases"] == {"CO2": value}
    rm = _find("cn-mee-electricity", activity="electricity.residual_mix", year=2022)
    assert rm["gases"] == {"CO2": 0.5856}
    north = _find("cn-mee-electricity", region="CN-GRID-NORTH", year=2022)
    assert north["gases"] == {"CO2": 0.6776}
    assert SETS["cn-mee-electricity"]["regions"]["CN-GRID-NORTH"] == "CN"


# --- properties over the bundled data ---------------------------------------------------


def _km_mile_pairs() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for stem in ("uk-desnz-2024", "uk-desnz-2025"):
        by_key: dict[tuple[str, str | None], dict[str, dict[str, Any]]] = {}
        for f in SETS[stem]["factors"]:
            by_key.setdefault((f["activity"], f.get("boundary")), {})[f["unit"]] = f
        pairs.extend(
            (group["vkm"], group["vehicle * mile"])
            for group in by_key.values()
            if "vkm" in group and "vehicle * mile" in group
        )
    return pairs


KM_MILE = _km_mile_pairs()
EPA_T1 = [
    (f, g)
    for f in SETS["us-epa-ghg-hub-2025"]["factors"]
    for g in SETS["us-epa-ghg-hub-2025"]["fuels"]
    if f["id"].startswith("EPA-2025:T1:") and f["unit"] == "mmBtu" and g["fuel"] == f["activity"]
]


@given(st.sampled_from(KM_MILE))
def test_desnz_per_mile_equals_per_km_times_km_per_mile(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    per_km, per_mile = pair
    km_per_mile = units.conversion_factor("mile", "km")
    # each value is rounded to 5 decimals by DESNZ (per gas: up to 3 roundings each)
    tolerance = 3.2e-5 * (1 + km_per_mile)
    assert _co2e_ar5(per_mile) == pytest.approx(_co2e_ar5(per_km) * km_per_mile, abs=tolerance)


@given(st.sampled_from(EPA_T1))
def test_epa_per_unit_factor_equals_per_mmbtu_times_heat_content(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    per_mmbtu, fuel = pair
    gcv = fuel["gcv"]
    physical = gcv["unit"].split("/")[1]
    per_unit = _find(
        "us-epa-ghg-hub-2025", activity=per_mmbtu["activity"], unit=physical, region="US"
    )
    gas = "CO2_biogenic" if "CO2_biogenic" in per_mmbtu["gases"] else "CO2"
    # EPA rounds the per-unit column to about 4 significant digits.
    assert per_unit["gases"][gas] == pytest.approx(
        per_mmbtu["gases"][gas] * gcv["value"], rel=1.5e-3
    )


# --- the converter's refusals (tiny inputs built here, no raw files) ----------------------


@pytest.fixture
def common(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("_convert_common", SCRIPTS / "_convert_common.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_convert_common"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("_convert_common", None)


def _load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _add(builder: Any, **overrides: Any) -> None:
    kwargs: dict[str, Any] = {
        "fid": "X:1",
        "activity": "fuel.diesel",
        "unit": "L",
        "year": 2025,
        "region": "GB",
        "gases": {"CO2": 2.5},
    }
    kwargs.update(overrides)
    builder.add(**kwargs)


def test_converter_refuses_an_ambiguous_unit(common: ModuleType) -> None:
    builder = common.SetBuilder("T", source="test.csv")
    with pytest.raises(FactorDataError, match=r"cannot parse: 'ton' \(in test.csv factor X:1\)"):
        _add(builder, unit="ton")


def test_converter_refuses_duplicate_keys_and_ids(common: ModuleType) -> None:
    builder = common.SetBuilder("T", source="test.csv")
    _add(builder)
    with pytest.raises(FactorDataError, match=r"duplicate factor id: 'X:1'"):
        _add(builder, unit="kg")
    with pytest.raises(FactorDataError, match=r"factor X:2 repeats .* of factor X:1"):
        _add(builder, fid="X:2")


def test_converter_refuses_bad_keys_and_values(common: ModuleType) -> None:
    builder = common.SetBuilder("T", source="test.csv")
    with pytest.raises(FactorDataError, match=r"not lower-case dotted: 'Fuel.Diesel'"):
        _add(builder, activity="Fuel.Diesel")
    with pytest.raises(FactorDataError, match=r"bad value for CH4 in X:1: nan"):
        _add(builder, gases={"CO2": 1.0, "CH4": float("nan")})
    with pytest.raises(FactorDataError, match=r"give exactly one of gases or co2e"):
        _add(builder, co2e=1.0, gwp="AR5-GWP100")
    with pytest.raises(FactorDataError, match=r"finite positive number: -1.0"):
        common.quantity(-1.0, "TJ/Gg", source="t")


def test_desnz_converter_refuses_a_csv_without_the_year_column(
    common: ModuleType, tmp_path: Path
) -> None:
    desnz = _load_script("_convert_desnz")
    target = tmp_path / desnz.FILES[2025]
    target.parent.mkdir(parents=True)
    target.write_text("ID,Scope,GHG Conversion Factor 2024\n1_1_1,Scope 1,1.0\n", encoding="utf-8")
    with pytest.raises(
        FactorDataError, match=r"expected value column: 'GHG Conversion Factor 2025'"
    ):
        desnz._convert_year(tmp_path, 2025)


def test_epa_converter_refuses_a_workbook_without_table_markers(
    common: ModuleType, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    epa = _load_script("_convert_epa")
    target = tmp_path / epa.RAW
    target.parent.mkdir(parents=True)
    book = openpyxl.Workbook()
    book.active.title = epa.SHEET
    book.active["B2"] = "Table 1"
    book.save(target)
    with pytest.raises(FactorDataError, match=r"expected 'Table N' markers: \[1\]"):
        epa.convert(tmp_path)


def test_driver_reports_a_missing_raw_folder(
    common: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    driver = _load_script("convert_data")
    out = tmp_path / "out"
    (out / "schemas").mkdir(parents=True)
    (out / "schemas" / "factor-set.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    status = driver.main(["--raw", str(tmp_path / "missing"), "--out", str(out), "--skip-gwp"])
    assert status == 1
    assert "ghg-emission-factors-hub-2025.xlsx" in capsys.readouterr().err


# --- year semantics, vocabulary keys and fuel properties (review #2/#3 items 1, 3, 9) ------


def test_epa_years_are_the_inventory_year_except_egrid() -> None:
    # EPA Hub 2025 (2025-01-15) is stamped with the inventory year it is published for, 2024;
    # eGRID2023 rates keep their data year.
    years = {
        (f["id"].split(":")[1] == "T6", f["year"]) for f in SETS["us-epa-ghg-hub-2025"]["factors"]
    }
    assert years == {(False, 2024), (True, 2023)}
    assert "year 2024" in SETS["us-epa-ghg-hub-2025"]["description"]


def test_epa_fuels_use_the_vocabulary_keys() -> None:
    # EPA Hub 2025 Table 1: 'Distillate Fuel Oil No. 2' 10.21 kg CO2/gallon (= Table 2 'Diesel
    # Fuel'), 'Residual Fuel Oil No. 6' 11.27 kg CO2/gallon (= Table 2 'Residual Fuel Oil').
    diesel = _factor("us-epa-ghg-hub-2025", "EPA-2025:T1:distillate_fuel_oil_no_2:US_gallon")
    assert diesel["activity"] == "fuel.diesel"
    assert "Distillate Fuel Oil No. 2" in diesel["notes"]
    mobile = _find("us-epa-ghg-hub-2025", activity="fuel.diesel.mobile")
    assert diesel["gases"]["CO2"] == mobile["gases"]["CO2"] == 10.21
    residual = _factor("us-epa-ghg-hub-2025", "EPA-2025:T1:residual_fuel_oil_no_6:US_gallon")
    assert residual["activity"] == "fuel.residual_fuel_oil"
    assert residual["gases"]["CO2"] == 11.27
    coke = _factor("us-epa-ghg-hub-2025", "EPA-2025:T1:coal_coke:mmBtu")
    assert coke["activity"] == "fuel.coke_oven_coke"
    activities = {f["activity"] for f in SETS["us-epa-ghg-hub-2025"]["factors"]}
    for old in ("fuel.distillate_fuel_oil_no_2", "fuel.residual_fuel_oil_no_6", "fuel.coal_coke"):
        assert old not in activities
    for key in ("fuel.motor_gasoline", "fuel.lpg", "fuel.kerosene", "fuel.coal.bituminous"):
        assert key in activities
    fuels = {x["fuel"] for x in SETS["us-epa-ghg-hub-2025"]["fuels"]}
    assert {"fuel.diesel", "fuel.residual_fuel_oil"} <= fuels


def test_ipcc_table_1_4_factors_say_co2_only_and_name_the_sector_keys() -> None:
    for f in SETS["ipcc-2006-energy"]["factors"]:
        if f["id"].startswith("IPCC2006:V2:T1.4:"):
            assert len(f["gases"]) == 1, f["id"]
            assert "CO2 ONLY" in f["notes"]
            for sector, table in (
                ("energy_industries", "Table 2.2"),
                ("manufacturing_construction", "Table 2.3"),
                ("commercial_institutional", "Table 2.4"),
                ("residential_agriculture", "Table 2.5"),
            ):
                assert f"{f['activity']}.stationary.{sector} ({table})" in f["notes"]


def test_every_ipcc_factor_key_has_the_ncv_of_its_fuel() -> None:
    fuels = {x["fuel"]: x["ncv"] for x in SETS["ipcc-2006-energy"]["fuels"]}
    for f in SETS["ipcc-2006-energy"]["factors"]:
        base = f["activity"].split(".stationary.")[0].split(".mobile.")[0]
        assert fuels[f["activity"]] == fuels[base], f["id"]


def test_carculator_densities_pair_with_the_ipcc_ncv() -> None:
    # carculator-utils 1.3.5 fuel_specs.yaml: diesel 0.83 kg/L, petrol 0.75 kg/L, kerosene
    # 0.82 kg/L, biodiesel 0.88 kg/L, bioethanol 0.785 kg/L (LHV 26.5 MJ/kg).
    document = SETS["carculator-fuel-specs"]
    assert document["factors"] == []
    assert document["licence"]["id"] == "BSD-3-Clause"
    assert "Paul Scherrer Institut" in document["licence"]["attribution"]
    ipcc = {x["fuel"]: x for x in SETS["ipcc-2006-energy"]["fuels"]}
    by_key = {x["fuel"]: x for x in document["fuels"]}
    expected = {
        "fuel.diesel": 0.83,
        "fuel.motor_gasoline": 0.75,
        "fuel.jet_kerosene": 0.82,
        "fuel.biodiesel": 0.88,
    }
    for key, density in expected.items():
        for fuel_key in [k for k in by_key if k == key or k.startswith(key + ".")]:
            entry = by_key[fuel_key]
            assert entry["density"] == {"unit": "kg/L", "value": density}, fuel_key
            assert entry["ncv"] == ipcc[fuel_key]["ncv"], fuel_key
    assert by_key["fuel.ethanol"]["ncv"] == {"unit": "MJ/kg", "value": 26.5}
    assert by_key["fuel.ethanol"]["density"] == {"unit": "kg/L", "value": 0.785}
    assert all(x["region"] == "GLO" for x in document["fuels"])


def test_litres_of_diesel_outside_gb_and_us_resolve_through_density_and_ipcc_ncv() -> None:
    from carbonstd.factors import default_registry

    registry = default_registry()
    names = [layer.name for layer in registry.layers]
    # the density record must be found before the IPCC set's NCV-only record
    assert names.index("Carculator-Fuel-Specs") < names.index("IPCC-2006-V2-Energy")
    props = registry.fuel_properties("fuel.diesel", region="DE")
    conv = props.conversion("L", "TJ", to_basis="net")
    # 0.83 kg/L x 43.0 MJ/kg = 35.69 MJ/L
    assert conv.multiplier == pytest.approx(0.83 * 43.0e-6, rel=1e-12)
    assert any("density 830 kg/m3" in step for step in conv.steps)
    assert any("ncv 43 MJ/kg" in step for step in conv.steps)
    # mass of petrol keeps the IPCC NCV (44.3), not carculator's LHV (42.6)
    petrol = registry.fuel_properties("fuel.motor_gasoline", region="FR")
    assert petrol.conversion("kg", "MJ", to_basis="net").multiplier == pytest.approx(44.3)


def test_example_csv_uses_the_sector_key_where_only_ipcc_applies() -> None:
    import csv

    from carbonstd.activities import example_path

    with example_path("ev-maker-2024.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cn_gas = [r for r in rows if r["region"] == "CN" and r["activity"].startswith("fuel.")]
    assert cn_gas
    assert {r["activity"] for r in cn_gas} == {
        "fuel.natural_gas.stationary.manufacturing_construction"
    }
    # the example README no longer says refrigerants are missing from the bundled registry
    readme = (DATA / "examples" / "README.md").read_text(encoding="utf-8")
    assert "carbonstd-refrigerants" in readme
    assert "what the bundled registry lacks" not in readme


def _carculator_module(tmp_path: Path, text: str) -> tuple[ModuleType, Path]:
    module = _load_script("_convert_carculator")
    folder = tmp_path / "carculator"
    folder.mkdir()
    (folder / "fuel_specs.yaml").write_text(text, encoding="utf-8")
    (folder / "LICENSE-carculator-BSD-3-Clause.txt").write_text(
        "BSD 3-Clause License\n\nCopyright (c) 2020, Paul Scherrer Institut\n", encoding="utf-8"
    )
    return module, tmp_path


def test_carculator_converter_refuses_a_density_without_its_unit(
    common: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    module, raw = _carculator_module(tmp_path, "diesel:\n  lhv: 43\n  density: 830 # kg/m3\n")
    with pytest.raises(FactorDataError, match=r"does not state its unit as '# kg/L'.*row 3"):
        module.convert(raw)


def test_carculator_converter_refuses_disagreeing_pathways(
    common: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    text = "".join(
        f"{name}:\n  lhv: {lhv}\n  density: 0.83 # kg/L\n"
        for name, lhv in (
            ("diesel", 43),
            ("petrol", 42.6),
            ("kerosene", 43),
            ("diesel - biodiesel - a", 38),
            ("diesel - biodiesel - b", 37),
        )
    )
    module, raw = _carculator_module(tmp_path, text)
    with pytest.raises(FactorDataError, match=r"'diesel - biodiesel - \*' disagree"):
        module.convert(raw)


def test_carculator_converter_refuses_a_missing_pathway(
    common: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    module, raw = _carculator_module(tmp_path, "petrol:\n  lhv: 42.6\n  density: 0.75 # kg/L\n")
    with pytest.raises(FactorDataError, match=r"no carculator pathway matches: 'diesel'"):
        module.convert(raw)


CARCULATOR_FUELS = list(SETS["carculator-fuel-specs"]["fuels"])


@given(st.sampled_from(CARCULATOR_FUELS), st.floats(min_value=1e-3, max_value=1e9))
def test_litres_to_energy_is_volume_times_density_times_ncv(
    entry: dict[str, Any], litres: float
) -> None:
    from carbonstd.factors import FuelProperties

    props = FuelProperties.from_json(entry)
    mj_per_litre = (
        units.conversion_factor(entry["density"]["unit"], "kg/L")
        * entry["density"]["value"]
        * units.conversion_factor(entry["ncv"]["unit"], "MJ/kg")
        * entry["ncv"]["value"]
    )
    conv = props.conversion("L", "MJ", to_basis="net")
    assert litres * conv.multiplier == pytest.approx(litres * mj_per_litre, rel=1e-12)
