"""load_json / load_csv: strict parsing, schema validation, every problem with its path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from carbonstd.errors import FactorDataError
from carbonstd.factors import FactorSet, Licence, load_csv, load_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
CC0 = Licence(id="CC0-1.0")


def doc() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "defaults.json").read_text(encoding="utf-8"))
    return data


def problems_of(document: object) -> tuple[str, ...]:
    with pytest.raises(FactorDataError) as info:
        load_json(document)  # type: ignore[arg-type]
    return info.value.problems


def test_path_text_bytes_and_mapping_give_the_same_set() -> None:
    path = FIXTURES / "defaults.json"
    a = load_json(path)
    b = load_json(str(path))
    c = load_json(path.read_text(encoding="utf-8"))
    d = load_json(path.read_bytes())
    e = load_json(doc())
    assert a == b == c == d == e
    assert FactorSet.from_json(doc()) == a


def test_nan_and_infinity_are_refused() -> None:
    text = (FIXTURES / "defaults.json").read_text(encoding="utf-8").replace("74100", "NaN")
    with pytest.raises(FactorDataError, match="NaN and Infinity"):
        load_json(text)
    with pytest.raises(FactorDataError, match="NaN and Infinity"):
        load_json(text.replace("NaN", "Infinity"))
    mapping = doc()
    mapping["factors"][0]["gases"]["CO2"] = float("nan")
    with pytest.raises(FactorDataError, match="not JSON-serializable"):
        load_json(mapping)


def test_duplicate_keys_are_refused() -> None:
    text = '{"name": "a", "name": "b"}'
    with pytest.raises(FactorDataError, match="duplicate key") as info:
        load_json(text, source="dup.json")
    assert info.value.source == "dup.json"


def test_deep_nesting_is_refused() -> None:
    text = '{"format": ' + "[" * 100 + "]" * 100 + "}"
    with pytest.raises(FactorDataError, match="nested deeper"):
        load_json(text)


def test_missing_file_and_not_json() -> None:
    with pytest.raises(FactorDataError, match="cannot read file"):
        load_json(FIXTURES / "no-such-file.json")
    with pytest.raises(FactorDataError, match="invalid JSON"):
        load_json("{not json")
    with pytest.raises(FactorDataError, match="expected a path"):
        load_json(42)  # type: ignore[arg-type]


def test_wrong_types_list_every_violation_with_paths() -> None:
    data = doc()
    data["version"] = 1
    data["factors"][0]["year"] = "2006"
    data["factors"][1]["co2e"] = -1
    data["factors"][2]["boundary"] = "scope-1"
    data["factors"][3]["extra"] = True
    data["fuels"][0]["ncv"] = {"value": 43.0}
    found = problems_of(data)
    paths = [p.split(": ", 1)[0] for p in found]
    assert paths == [
        "$.factors[0].year",
        "$.factors[1].co2e",
        "$.factors[2].boundary",
        "$.factors[3]",
        "$.fuels[0].ncv",
        "$.version",
    ]
    assert "'2006' is not of type 'integer'" in found[0]
    assert "'extra' was unexpected" in found[3]


def test_gases_and_co2e_together_get_a_plain_message() -> None:
    data = doc()
    data["factors"][1]["gases"] = {"CO2": 1.0}
    (problem,) = problems_of(data)
    assert problem == "$.factors[1]: give per-gas values ('gases') or 'co2e' with 'gwp', not both"


def test_semantic_problems_have_paths_too() -> None:
    data = doc()
    data["factors"][0]["gases"]["C02"] = 1.0  # letter O for zero
    data["factors"][3]["unit"] = "ton"
    data["factors"][4]["valid_from"] = "2024-06-01"
    data["factors"][4]["valid_to"] = "2024-01-01"
    data["fuels"][0]["density"] = {"value": 43.0, "unit": "MJ/kg"}
    found = problems_of(data)
    assert [p.split(": ", 1)[0] for p in found] == [
        "$.factors[0].gases",
        "$.factors[3].unit",
        "$.factors[4].valid_to",
        "$.fuels[0].density",
    ]
    assert "unknown gas: 'C02'" in found[0]
    assert "misleading unit refused: 'ton'" in found[1]


def test_duplicate_ids_and_combinations_are_reported_with_paths() -> None:
    data = doc()
    twin = copy.deepcopy(data["factors"][1])
    data["factors"].append(twin)
    found = problems_of(data)
    # sorted by path: the entry's own problem before the problems of its fields
    assert found[0].startswith("$.factors[6]: duplicate (activity, region, year, unit, boundary")
    assert found[1].startswith("$.factors[6].id: duplicate factor id (first at $.factors[1])")


def test_the_error_message_names_the_source_and_first_path() -> None:
    data = doc()
    data["factors"][0]["year"] = 1800
    with pytest.raises(FactorDataError) as info:
        load_json(data, source="mine.json")
    err = info.value
    assert err.source == "mine.json"
    assert err.json_path == "$.factors[0].year"
    assert "1800 is less than the minimum of 1900" in str(err)


def test_roundtrip_to_json_is_schema_valid() -> None:
    fs = load_json(FIXTURES / "defaults.json")
    assert load_json(fs.to_json()) == fs


# --- CSV ---------------------------------------------------------------------------------


def test_csv_layout() -> None:
    fs = load_csv(FIXTURES / "good.csv", name="csv-test", version="1", licence=CC0)
    assert fs.title == "csv-test"
    assert [f.id for f in fs] == ["d-l", "d-kwh-net", "grid"]
    first, second, third = fs.factors
    assert first.gas_values() == {"CO2": 2.62818, "CH4": 1.03571e-05, "N2O": 0.00012483}
    assert first.methods == ("default", "fuel-based")
    assert first.source is not None
    assert first.source.table == "illustrative"
    assert second.gas_values() == {"CO2": 0.25}  # empty CH4/N2O cells are absent, not zero
    assert second.calorific_basis == "net"
    assert third.co2e == 0.20705
    assert third.gwp == "AR5"
    assert third.licence == CC0


def test_csv_bad_rows_are_all_listed_with_row_and_column() -> None:
    with pytest.raises(FactorDataError) as info:
        load_csv(FIXTURES / "bad.csv", name="bad", version="1", licence=CC0)
    found = info.value.problems
    where = str(FIXTURES / "bad.csv")
    assert len(found) == 6
    assert all(where in p for p in found)
    assert "row 2, column 'CO2'" in found[0]
    assert "must be finite" in found[0]
    assert "row 3, column 'unit'" in found[1]
    assert "row 4, column 'year'" in found[2]
    assert "not a number: 'twenty'" in found[2]
    assert "row 5, column 'co2e'" in found[3]
    assert "row 6, column 'CO2'" in found[4]
    assert "must not be negative" in found[4]
    assert "row 7, column 'gases'" in found[5]


def test_csv_unknown_gas_column(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,activity,unit,year,C02\na,fuel.diesel,L,2024,2.6\n", encoding="utf-8")
    with pytest.raises(FactorDataError, match="neither a known field nor a known gas") as info:
        load_csv(path, name="x", version="1", licence=CC0)
    assert "column 'C02'" in str(info.value)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "CSV file is empty"),
        ("id,activity,unit\n", "lacks required columns"),
        ("id,activity,unit,year,CO2,CO2\n", "duplicate or empty column"),
        ('id,activity,unit,year,CO2\n"a,fuel.diesel,L,2024,1\n', "malformed CSV"),
        ("id,activity,unit,year,CO2\na,fuel.diesel,L\n", "row has 3 cells"),
        (
            "id,activity,unit,year,CO2\na,fuel.diesel,L,2024,1\na,fuel.diesel,L,2023,1\n",
            "duplicate factor id",
        ),
    ],
)
def test_csv_malformed(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactorDataError, match=fragment) as info:
        load_csv(path, name="x", version="1", licence=CC0)
    assert str(path) in str(info.value)


def test_csv_not_utf8_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"id,activity,unit,year\n\xff\xfe,x\n")
    with pytest.raises(FactorDataError, match="not UTF-8"):
        load_csv(path, name="x", version="1", licence=CC0)
    with pytest.raises(FactorDataError, match="cannot read file"):
        load_csv(tmp_path / "missing.csv", name="x", version="1", licence=CC0)


def test_csv_bad_set_metadata(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,activity,unit,year,CO2\na,fuel.diesel,L,2024,1\n", encoding="utf-8")
    with pytest.raises(FactorDataError, match=r"FactorSet\.name") as info:
        load_csv(path, name="bad name", version="1", licence=CC0)
    assert info.value.source == str(path)
