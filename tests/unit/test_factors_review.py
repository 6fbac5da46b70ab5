"""Review findings on carbonstd.factors and strict JSON reading (review #2/#3, items 7 and 12).

Item 7: a 5001-digit integer raised a bare ValueError; a lone surrogate in a title loaded and
then ``content_hash`` raised a bare UnicodeEncodeError. Item 12: the registry's repr ran to
4.2 MB; ``with_set`` accepted one set twice and raised ActivityDataError for a non-set; CSV
duplicate ids were located by JSON path and printed the file twice; schema problems were
sorted as text ([10] before [2]).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from carbonstd import _jsonsafe
from carbonstd.errors import FactorDataError
from carbonstd.factors import (
    EmissionFactor,
    FactorRegistry,
    FactorSet,
    Licence,
    default_registry,
    load_csv,
    load_json,
)

CC0 = Licence(id="CC0-1.0")


def _document(co2: str = "0.2", title: str = '"Demo"') -> str:
    return (
        '{"format": "carbonstd.factor-set/1", "name": "demo", "version": "1", '
        f'"title": {title}, "licence": {{"id": "CC0-1.0", "attribution": ""}}, "source": {{}}, '
        '"factors": [{"id": "a", "activity": "electricity.grid", "unit": "kWh", '
        f'"region": "GB", "year": 2024, "gases": {{"CO2": {co2}}}}}]}}'
    )


# --- item 7: numbers and text JSON cannot hold as float64 / UTF-8 ----------------------------


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1" * 5001, "integer with 5001 digits is too large for a float64 number"),
        ("1" + "0" * 400, "integer with 401 digits is too large for a float64 number"),
        ("9" * 309, "integer is too large for a float64 number"),
        ("1e400", "number is too large for a float64 number"),
        ("-1e400", "number is too large for a float64 number"),
        ("1e-400", "number is too small for a float64 number \\(it would read as 0\\)"),
    ],
)
def test_json_numbers_outside_float64_are_refused(number: str, message: str) -> None:
    with pytest.raises(FactorDataError, match=message) as info:
        load_json(_document(co2=number), source="big.json")
    assert info.value.source == "big.json"
    assert "float64" in str(info.value.hint)


def test_json_numbers_inside_float64_are_kept() -> None:
    data = _jsonsafe.loads(
        '{"a": [0, 0.0, -0.0, 1e308, 5e-324, 123456789012345678901234567890]}',
        source="<string>",
        error=FactorDataError,
    )
    assert data["a"][3] == 1e308
    assert data["a"][4] == 5e-324
    assert data["a"][5] == 123456789012345678901234567890


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"a": "\\ud800"}', "$.a"),
        ('{"a": {"b": ["x", "\\udc00 tail"]}}', "$.a.b[1]"),
        ('{"\\udfff": 1}', "$.\\udfff"),
    ],
)
def test_json_lone_surrogates_are_refused(text: str, path: str) -> None:
    with pytest.raises(FactorDataError, match="lone UTF-16 surrogate") as info:
        _jsonsafe.loads(text, source="s.json", error=FactorDataError)
    assert info.value.json_path == path
    str(info.value).encode("utf-8")  # the message itself can be printed


def test_json_surrogate_pairs_are_kept() -> None:
    data = _jsonsafe.loads('{"a": "\\ud83d\\ude00"}', source="<string>", error=FactorDataError)
    assert data == {"a": "\U0001f600"}


def test_lone_surrogate_in_a_title_is_refused_at_load() -> None:
    with pytest.raises(FactorDataError, match="lone UTF-16 surrogate") as info:
        load_json(_document(title='"\\ud800"'))
    assert info.value.json_path == "$.title"


def test_lone_surrogate_in_python_built_sets_is_refused() -> None:
    with pytest.raises(FactorDataError, match=r"FactorSet.title: text holds a lone UTF-16"):
        FactorSet(name="x", version="1", title="bad \ud800", licence=CC0)
    with pytest.raises(FactorDataError, match=r"EmissionFactor.notes: text holds a lone"):
        EmissionFactor(
            id="a",
            activity="electricity.grid",
            unit="kWh",
            year=2024,
            gases={"CO2": 0.2},
            notes="\udfff",
        )
    with pytest.raises(FactorDataError, match="lone UTF-16 surrogate"):
        load_json({**json.loads(_document()), "description": "\ud800"})


def test_content_hash_of_a_set_with_non_ascii_text() -> None:
    fs = load_json(_document(title='"Émissions \\u2013 😀"'))
    assert len(fs.content_hash) == 64


@pytest.mark.parametrize("bad", ["a\n", "electricity.grid\n"])
def test_trailing_newline_is_not_part_of_a_valid_key(bad: str) -> None:
    with pytest.raises(FactorDataError, match="not a valid"):
        EmissionFactor(id=bad, activity="electricity.grid", unit="kWh", year=2024, gases={"CO2": 1})
    with pytest.raises(FactorDataError, match="not a valid activity key"):
        EmissionFactor(id="a", activity=bad, unit="kWh", year=2024, gases={"CO2": 1})


# --- item 12 ---------------------------------------------------------------------------------


def test_registry_and_set_reprs_are_short() -> None:
    reg = default_registry()
    text = repr(reg)
    assert len(text) < 1000
    assert text.startswith("FactorRegistry([")
    assert "US-EPA-GHG-Hub 2025 (" in text
    assert text.endswith("year_rule='latest_earlier')")
    epa = next(s for s in reg.layers if s.name == "US-EPA-GHG-Hub")
    assert repr(epa) == (
        f"FactorSet(name='US-EPA-GHG-Hub', version='2025', factors={len(epa)}, "
        f"fuels={len(epa.fuels)}, licence={epa.licence.id!r})"
    )


def _set(name: str, version: str = "1") -> FactorSet:
    return FactorSet(name=name, version=version, title=name, licence=CC0)


def test_with_set_refuses_the_same_set_twice() -> None:
    a = _set("a")
    with pytest.raises(FactorDataError, match="factor set 'a' 1 is already layer 0") as info:
        FactorRegistry([a]).with_set(a)
    assert info.value.source == "with_set(factor_set=...)"
    with pytest.raises(FactorDataError, match="is already layer 1"):
        FactorRegistry([_set("b"), a]).with_set(_set("a"), position="top")
    with pytest.raises(FactorDataError, match="already layer 0") as info:
        FactorRegistry([a, a])
    assert info.value.source == "layers[1]"
    # another edition of the same set is a different layer
    assert [s.version for s in FactorRegistry([a]).with_set(_set("a", "2")).layers] == ["2", "1"]


@pytest.mark.parametrize("bad", ["x", None, {"name": "a"}])
def test_with_set_refuses_a_non_set_with_factor_data_error(bad: Any) -> None:
    with pytest.raises(FactorDataError, match="registry layers must be FactorSet values") as info:
        FactorRegistry([_set("a")]).with_set(bad)
    assert "load_json" in str(info.value.hint)


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "f.csv"
    path.write_text("id,activity,unit,region,year,CO2\n" + body, encoding="utf-8")
    return path


def test_csv_duplicate_id_is_located_by_row(tmp_path: Path) -> None:
    body = "a,electricity.grid,kWh,GB,2024,0.2\n\na,electricity.grid,kWh,GB,2023,0.2\n"
    path = _csv(tmp_path, body)
    with pytest.raises(FactorDataError) as info:
        load_csv(path, name="m", version="1", licence=CC0)
    err = info.value
    text = str(err)
    assert text.startswith("1 problem(s) in CSV factor file; first: duplicate factor id")
    assert "(first at row 1)" in text
    assert err.row == 3  # the blank row 2 counts, as the file's rows do
    assert err.column == "id"
    assert "$.factors" not in text
    assert text.count(f"(in {path}") == 2  # the headline and the one listed problem
    assert f"(in {path}) (in {path})" not in text


def test_csv_duplicate_combination_is_located_by_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a,electricity.grid,kWh,GB,2024,0.2\nb,electricity.grid,kWh,GB,2024,1\n")
    with pytest.raises(FactorDataError, match="calorific_basis\\) of row 1: 'b'") as info:
        load_csv(path, name="m", version="1", licence=CC0)
    assert info.value.row == 2


def test_csv_bad_row_names_the_file_once_in_the_headline(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a,electricity.grid,ton,GB,2024,0.2\n")
    with pytest.raises(FactorDataError) as info:
        load_csv(path, name="m", version="1", licence=CC0)
    headline = str(info.value).splitlines()[0]
    assert headline == (
        "1 problem(s) in CSV factor file; first: misleading unit refused: 'ton' "
        f"(in {path}, row 1, column 'unit') (hint: 'ton' is ambiguous; say 't' (metric tonne), "
        "'short_ton' or 'long_ton')"
    )


def test_schema_problems_are_sorted_by_index_as_numbers() -> None:
    factors = [
        {
            "id": f"f{i}",
            "activity": "electricity.grid",
            "unit": "kWh",
            "region": "GB",
            "year": 2000 + i,
            "gases": {"CO2": 0.1},
        }
        for i in range(12)
    ]
    factors[10]["year"] = "x"
    factors[2]["gases"] = {"CO2": -1}
    factors[3]["unit"] = "ton"  # found by the model check after the schema, still in order
    document = json.loads(_document())
    document["factors"] = factors
    with pytest.raises(FactorDataError) as info:
        load_json(document)
    paths = [p.split(":", 1)[0] for p in info.value.problems]
    assert paths == ["$.factors[2].gases.CO2", "$.factors[3].unit", "$.factors[10].year"]
    assert info.value.json_path == "$.factors[2].gases.CO2"
