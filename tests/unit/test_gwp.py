"""Unit tests for carbonstd.gwp."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

import carbonstd.gwp as gwp
from carbonstd.errors import (
    ActivityDataError,
    FactorDataError,
    UnknownGasError,
    UnknownGWPSetError,
)
from carbonstd.gwp import _data

# Values copied from the primary tables, for spot checks (not from the package):
# IPCC AR6 WG1 Table 7.SM.7 (GWP-20 / GWP-100 / GWP-500), AR6 Table 7.15 (CH4 split),
# AR5 WG1 Table 8.A.1, AR4 WG1 Table 2.14 (as in the GHG Protocol Feb 2016 table).
SPOT = [
    ("AR6-GWP100", "CH4", 27.9),
    ("AR6-GWP100", "CH4_fossil", 29.8),
    ("AR6-GWP100", "CH4_non_fossil", 27.0),
    ("AR6-GWP100", "N2O", 273.0),
    ("AR6-GWP100", "SF6", 25200.0),
    ("AR6-GWP100", "NF3", 17400.0),
    ("AR6-GWP100", "CF4", 7380.0),
    ("AR6-GWP20", "CH4", 81.2),
    ("AR6-GWP20", "HFC-32", 2690.0),
    ("AR6-GWP500", "SF6", 34100.0),
    ("AR5-GWP100", "CH4", 28.0),
    ("AR5-GWP100", "CH4_fossil", 30.0),
    ("AR5-GWP100", "CH4_non_fossil", 28.0),
    ("AR5-GWP100", "N2O", 265.0),
    ("AR5-CCF-GWP100", "CH4", 34.0),
    ("AR5-CCF-GWP100", "SF6", 26087.0),
    ("AR4-GWP100", "CH4", 25.0),
    ("AR4-GWP100", "CH4_non_fossil", 25.0),
    ("AR4-GWP100", "HFC-134a", 1430.0),
    ("SAR-GWP100", "N2O", 310.0),
    ("GHGP-2024-AR6-GWP100", "SF6", 24300.0),
]

# U.S. EPA GHG Emission Factors Hub (January 2025), Table 12 "GWP for Blended Refrigerants"
# (AR5, "based only on their HFC and PFC constituents", rounded to whole numbers).
# Copied from /work/shared/data/us-epa-ghg-emission-factors-hub/ghg-emission-factors-hub-2025.xlsx
EPA_TABLE_12 = {
    "R-401A": 18,
    "R-402A": 1902,
    "R-404A": 3943,
    "R-407A": 1923,
    "R-407B": 2547,
    "R-407C": 1624,
    "R-407D": 1487,
    "R-408A": 2430,
    "R-410A": 1924,
    "R-410B": 2048,
    "R-507A": 3985,
    "R-508A": 11607,
    "R-508B": 11698,
}
PFCS = {"CF4", "C2F6", "C3F8", "c-C4F8", "C4F10", "C5F12", "C6F14", "C7F16", "C8F18", "C10F18"}


def test_import_reads_no_data() -> None:
    code = (
        "import sys, carbonstd.gwp, carbonstd.gwp._data as d; "
        "assert d.bundle.cache_info().currsize == 0; "
        "assert 'jsonschema' not in sys.modules; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


@pytest.mark.parametrize(("name", "gas", "value"), SPOT)
def test_spot_values(name: str, gas: str, value: float) -> None:
    assert gwp.get(name).factor(gas) == value


def test_available_and_aliases() -> None:
    names = gwp.available()
    for required in (
        "SAR-GWP100",
        "AR4-GWP100",
        "AR5-GWP100",
        "AR5-CCF-GWP100",
        "AR6-GWP100",
        "AR6-GWP20",
        "AR6-GWP500",
        "GHGP-2024-AR6-GWP100",
    ):
        assert required in names
    for alias, target in (("AR4", "AR4-GWP100"), ("ar5", "AR5-GWP100"), ("Ar6", "AR6-GWP100")):
        assert gwp.get(alias) is gwp.get(target)
    assert gwp.get("ar6_gwp20").name == "AR6-GWP20"


def test_every_set_has_co2_and_biogenic_co2_equal_to_one() -> None:
    for name in gwp.available():
        s = gwp.get(name)
        assert s.factor("CO2") == 1.0
        assert s.factor("CO2_biogenic") == 1.0
        assert s.metric == "GWP"
        assert s.horizon in (20, 100, 500)
        assert s.source.document
        assert s.gases == tuple(s.values)


def test_provenance_of_ar6() -> None:
    s = gwp.get("AR6")
    assert s.source.table == "Table 7.SM.7"
    assert "MIT" in s.source.licence
    assert len(s.source.data_sha256) == 64
    assert "7.15" in s.value_sources["CH4_fossil"]
    assert any("24,300" in note for note in s.notes)


def test_sets_are_immutable() -> None:
    s = gwp.get("AR6")
    with pytest.raises(TypeError):
        s.values["CH4"] = 1.0  # type: ignore[index]
    with pytest.raises(AttributeError):
        s.name = "x"  # type: ignore[misc]


def test_repr_is_short() -> None:
    assert repr(gwp.get("AR5")) == "GWPSet(name='AR5-GWP100', version='1', horizon=100, gases=90)"


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("HFC-134a", "HFC-134a"),
        ("HFC134a", "HFC-134a"),
        ("hfc-134a", "HFC-134a"),
        ("R-134a", "HFC-134a"),
        ("r134a", "HFC-134a"),
        ("R-22", "HCFC-22"),
        ("R-11", "CFC-11"),
        ("R-23", "HFC-23"),
        ("PFC-14", "CF4"),
        ("R-14", "CF4"),
        ("PFC-116", "C2F6"),
        ("R-C318", "c-C4F8"),
        ("cC4F8", "c-C4F8"),
        ("HFC-4310mee", "HFC-43-10mee"),
        ("R-1234yf", "HFO-1234yf"),
        ("methane", "CH4"),
        ("CH4 fossil", "CH4_fossil"),
        ("biogenic methane", "CH4_non_fossil"),
        ("biogenic CO2", "CO2_biogenic"),
        ("carbon tetrachloride", "CCl4"),
        ("sulphur hexafluoride", "SF6"),
        ("N₂O", "N2O"),
        ("r-410a", "R-410A"),
    ],
)
def test_canonical_gas(spelling: str, canonical: str) -> None:
    assert gwp.canonical_gas(spelling) == canonical


def test_canonical_names_are_fixed_points() -> None:
    for gas in gwp.known_gases():
        assert gwp.canonical_gas(gas) == gas
    for blend in gwp.blends():
        assert gwp.canonical_gas(blend) == blend


def test_unknown_gas_has_suggestions() -> None:
    with pytest.raises(UnknownGasError, match=r"unknown gas: 'HFC-134z'.*did you mean") as info:
        gwp.canonical_gas("HFC-134z")
    assert info.value.value == "HFC-134z"
    assert "HFC-134a" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_unknown_gas_without_suggestion() -> None:
    with pytest.raises(UnknownGasError, match=r"unknown gas: 'xyzzy'.*known_gases"):
        gwp.canonical_gas("xyzzy")


@pytest.mark.parametrize("bad", [None, 42, b"CH4", ""])
def test_canonical_gas_refuses_non_names(bad: Any) -> None:
    with pytest.raises(UnknownGasError, match="unknown gas"):
        gwp.canonical_gas(bad)


def test_gas_missing_from_set_names_other_sets() -> None:
    with pytest.raises(UnknownGasError, match=r"AR5-GWP100 has no value") as info:
        gwp.get("AR5").factor("HFO-1234yf")
    assert "AR6-GWP100" in str(info.value)
    assert "AR5-GWP100, " not in str(info.value).split("hint")[1]


def test_missing_canonical_named_when_spelling_differs() -> None:
    with pytest.raises(UnknownGasError, match=r"has no value for 'HFO-1234yf': 'R-1234yf'"):
        gwp.get("AR5").factor("R-1234yf")


def test_methane_hints() -> None:
    with pytest.raises(UnknownGasError, match="use 'CH4_fossil' or 'CH4_non_fossil'"):
        gwp.get("GHGP-2024-AR6").factor("CH4")
    with pytest.raises(UnknownGasError, match="single methane value: use 'CH4'"):
        gwp.get("AR6-GWP20").factor("CH4_fossil")


def test_unknown_set_lists_available() -> None:
    with pytest.raises(UnknownGWPSetError, match=r"unknown GWP set: 'AR7'.*AR6-GWP100.*AR6 ->"):
        gwp.get("AR7")
    with pytest.raises(UnknownGWPSetError, match="unknown GWP set: None"):
        gwp.get(None)  # type: ignore[arg-type]


def test_contains() -> None:
    ar6 = gwp.get("AR6")
    assert "hfc134a" in ar6
    assert "R-410A" in ar6
    assert "HFC-134z" not in ar6
    assert 3 not in ar6
    assert "R-448A" not in ar6  # not a bundled blend
    assert "R-402A" not in gwp.get("AR5")  # propane has no AR5 GWP
    assert "R-402A" in ar6


def test_decompose() -> None:
    assert dict(gwp.decompose("R-507A")) == {"HFC-125": 0.5, "HFC-143a": 0.5}
    assert dict(gwp.decompose("PFC-14")) == {"CF4": 1.0}
    for blend in gwp.blends():
        parts = gwp.decompose(blend)
        assert abs(sum(parts.values()) - 1.0) < 1e-12
        assert all(gas in gwp.known_gases() for gas in parts)
    with pytest.raises(TypeError):
        gwp.decompose("R-410A")["HFC-32"] = 1.0  # type: ignore[index]


def test_blend_factor_is_mass_weighted() -> None:
    ar5 = gwp.get("AR5")
    expected = 0.23 * ar5.factor("HFC-32") + 0.25 * ar5.factor("HFC-125")
    expected += 0.52 * ar5.factor("HFC-134a")
    assert ar5.factor("R-407C") == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(("blend", "epa"), sorted(EPA_TABLE_12.items()))
def test_blends_against_epa_table_12(blend: str, epa: int) -> None:
    """EPA counts only HFC and PFC constituents; so do we for this cross-check."""
    ar5 = gwp.get("AR5")
    parts = gwp.decompose(blend)
    hfc_pfc = sum(
        fraction * ar5.factor(gas)
        for gas, fraction in parts.items()
        if gas.startswith("HFC-") or gas in PFCS
    )
    assert round(hfc_pfc) == epa
    if all(gas.startswith("HFC-") or gas in PFCS for gas in parts):
        assert round(ar5.factor(blend)) == epa


def test_co2e() -> None:
    ar6 = gwp.get("AR6")
    assert ar6.co2e({}) == 0.0
    assert ar6.co2e({"CO2": 1000.0, "CH4_fossil": 2.0, "N2O": 0.1}) == pytest.approx(1086.9)
    assert ar6.co2e({"R-134a": 2.0}) == 2 * 1530.0
    assert ar6.co2e({"CH4": np.float64(1.0)}) == 27.9
    assert ar6.co2e({"CO2": -5.0}) == -5.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1.0", None, True])
def test_co2e_refuses_bad_mass(bad: Any) -> None:
    with pytest.raises(ActivityDataError, match=r"finite number of kg.*masses\['CH4'\]"):
        gwp.get("AR6").co2e({"CH4": bad})


def test_co2e_refuses_non_mapping() -> None:
    with pytest.raises(ActivityDataError, match="mapping of gas -> kg"):
        gwp.get("AR6").co2e([("CH4", 1.0)])  # type: ignore[arg-type]


def test_co2e_unknown_gas() -> None:
    with pytest.raises(UnknownGasError, match="unknown gas: 'CH5'"):
        gwp.get("AR6").co2e({"CO2": 1.0, "CH5": 1.0})


def test_vector() -> None:
    vec = gwp.get("AR6").vector(["CO2", "ch4", "R-410A"])
    assert vec.dtype == np.float64
    assert vec.tolist() == [1.0, 27.9, gwp.get("AR6").factor("R-410A")]
    assert gwp.get("AR6").vector([]).shape == (0,)
    with pytest.raises(ActivityDataError, match="not one string"):
        gwp.get("AR6").vector("CH4")
    with pytest.raises(UnknownGasError):
        gwp.get("GHGP-2024-AR6").vector(["CO2", "HFC-32"])


def _set_kwargs(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "T",
        "version": "1",
        "title": "test",
        "horizon": 100,
        "source": gwp.GWPSource(document="d", table="t"),
        "values": {"CO2": 1.0, "CO2_biogenic": 1.0, "CH4": 28.0},
    }
    base.update(over)
    return base


def test_custom_set() -> None:
    s = gwp.GWPSet(**_set_kwargs(values={"CO2": 1, "CO2_biogenic": 1, "hfc32": 677}))
    assert s.values == {"CO2": 1.0, "CO2_biogenic": 1.0, "HFC-32": 677.0}
    assert s.factor("R-32") == 677.0
    assert hash(s) == hash(gwp.GWPSet(**_set_kwargs(values=dict(s.values))))


@pytest.mark.parametrize(
    ("over", "error", "match"),
    [
        ({"values": {"CO2": 1.0, "CO2_biogenic": 1.0, "CH4": -1.0}}, FactorDataError, ">= 0"),
        (
            {"values": {"CO2": 1.0, "CO2_biogenic": 1.0, "CH4": float("nan")}},
            FactorDataError,
            "finite",
        ),
        ({"values": {"CO2": 1.0, "CO2_biogenic": 1.0, "CH4": True}}, FactorDataError, "finite"),
        ({"values": {"CO2": 2.0, "CO2_biogenic": 1.0}}, FactorDataError, "CO2 must have GWP 1"),
        ({"values": {"CO2": 1.0}}, FactorDataError, "CO2_biogenic must have GWP 1"),
        (
            {"values": {"CO2": 1.0, "CO2_biogenic": 1.0, "CH4": 1.0, "methane": 2.0}},
            FactorDataError,
            "two spellings",
        ),
        (
            {"values": {"CO2": 1.0, "CO2_biogenic": 1.0, "R-410A": 2000.0}},
            FactorDataError,
            "blend cannot have its own value",
        ),
        ({"values": {"CO2": 1.0, "CO2_biogenic": 1.0, "XX": 1.0}}, UnknownGasError, "XX"),
        ({"values": [("CO2", 1.0)]}, FactorDataError, "mapping of gas"),
        ({"horizon": 0}, FactorDataError, "positive whole number"),
        ({"horizon": 100.0}, FactorDataError, "positive whole number"),
        ({"metric": "GTP"}, FactorDataError, "only the GWP metric"),
        ({"name": ""}, FactorDataError, "'name' must be a non-empty string"),
    ],
)
def test_custom_set_refuses_bad_input(over: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        gwp.GWPSet(**_set_kwargs(**over))


def test_source_refuses_non_strings() -> None:
    with pytest.raises(FactorDataError, match="'url' must be a string"):
        gwp.GWPSource(document="d", table="t", url=None)  # type: ignore[arg-type]


def _bundled() -> dict[str, Any]:
    raw, _ = _data._read(_data.DATA_FILE)
    data: dict[str, Any] = json.loads(raw)
    return data


def test_bundle_schema_violation_is_reported_with_path() -> None:
    data = _bundled()
    data["sets"][0]["values"]["CH4"] = -1
    with pytest.raises(FactorDataError, match=r"violates its schema.*\$\.sets\[0\]\.values\.CH4"):
        _data.build(data, "test.json")


def test_bundle_alias_clash_is_reported() -> None:
    data = _bundled()
    data["gases"]["CH4"]["aliases"].append("HFC134a")
    with pytest.raises(FactorDataError, match=r"claimed by two gases.*HFC-134a"):
        _data.build(data, "test.json")


def test_bundle_blend_with_unknown_component() -> None:
    data = _bundled()
    data["blends"]["R-410A"]["components"] = {"HFC-32": 0.5, "HFC-999": 0.5}
    with pytest.raises(FactorDataError, match=r"not a known gas.*HFC-999"):
        _data.build(data, "test.json")
