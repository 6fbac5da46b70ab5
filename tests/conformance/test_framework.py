"""Tests of the conformance framework: loading, validation, dispatch, comparison, reports."""

from __future__ import annotations

import json
import math
import sys
import types
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonstd.conformance import (
    ExpectedError,
    Tolerance,
    Vector,
    compare,
    load_vectors,
    run,
    validate_document,
)
from carbonstd.conformance.methods import domains, input_number, resolve
from carbonstd.errors import ConformanceError, UnitError

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "conformance" / "schema" / "vector.schema.json"


def _vector(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "t-1",
        "title": "kWh to MJ",
        "standard": "SI Brochure (2019)",
        "clause": "Table 8",
        "method": "units.factor",
        "input": {"from": "kWh", "to": "MJ"},
        "expected": {"factor": 3.6, "from": "kWh", "to": "MJ"},
        "arithmetic": "1000 W x 3600 s = 3.6 MJ",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def _write(tmp_path: Path, vectors: list[dict[str, Any]], name: str = "v.json") -> Path:
    path = tmp_path / name
    doc = {"suite": "test", "description": "test vectors", "vectors": vectors}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _make(**changes: Any) -> Vector:
    raw = _vector(**changes)
    err = raw.pop("expected_error", None)
    tol = raw.pop("tolerance", None)
    return Vector(
        **raw,
        expected_error=ExpectedError(**err) if err else None,
        tolerance=Tolerance(**tol) if tol else Tolerance(),
    )


# ---------------------------------------------------------------- schema and loading


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_load_valid_file(tmp_path: Path) -> None:
    path = _write(tmp_path, [_vector(), _vector(id="t-2", arithmetic=["line 1", "line 2"])])
    vectors = load_vectors([path])
    assert [v.id for v in vectors] == ["t-1", "t-2"]
    assert vectors[1].arithmetic == "line 1\nline 2"
    assert vectors[0].suite == "test"
    assert vectors[0].file == str(path.resolve())
    assert vectors[1].json_path == "$.vectors[1]"
    assert vectors[0].tolerance == Tolerance(rel=1e-12, abs=0.0)


def test_vector_is_frozen() -> None:
    vector = _make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        vector.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        vector.input["from"] = "J"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"suite": "a", "suite": "b"}', "duplicate key in a JSON object: 'suite'"),
        ('{"suite": NaN}', "NaN and Infinity are not valid JSON numbers"),
        ('{"suite": "a",}', "invalid JSON at line 1"),
    ],
)
def test_malformed_json_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConformanceError, match=r"bad\.json") as info:
        load_vectors([path])
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("vector", "json_path", "fragment"),
    [
        (_vector(arithmetic=None), "$.vectors[0]", "'arithmetic' is a required property"),
        (_vector(method="Units.Factor"), "$.vectors[0].method", "does not match"),
        (_vector(colour="red"), "$.vectors[0]", "Additional properties are not allowed"),
        (_vector(tolerance={"rel": -1}), "$.vectors[0].tolerance.rel", "less than the minimum"),
        (
            _vector(expected_error={"type": "UnitError", "match": "x"}),
            "$.vectors[0]",
            "a vector needs exactly one of 'expected' and 'expected_error'",
        ),
        (_vector(expected=None), "$.vectors[0]", "exactly one of 'expected' and 'expected_error'"),
        (_vector(input=[1, 2]), "$.vectors[0].input", "[1, 2] is not of type 'object'"),
        (
            _vector(expected=None, expected_error={"type": "UnitError"}),
            "$.vectors[0].expected_error",
            "'match' is a required property",
        ),
    ],
)
def test_schema_violation_names_file_and_path(
    tmp_path: Path, vector: dict[str, Any], json_path: str, fragment: str
) -> None:
    path = _write(tmp_path, [vector])
    with pytest.raises(ConformanceError) as info:
        load_vectors([path])
    err = info.value
    assert err.source == str(path)
    assert err.json_path == json_path
    assert "vector file does not match the schema" in str(err)
    assert fragment in str(err)


def test_empty_vector_list_is_refused() -> None:
    with pytest.raises(ConformanceError, match=r"at \$\.vectors"):
        validate_document({"suite": "x", "description": "d", "vectors": []}, source="x.json")


def test_unknown_error_class_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path, [_vector(expected=None, expected_error={"type": "KeyError", "match": "x"})]
    )
    with pytest.raises(ConformanceError, match=r"not an error class of carbonstd\.errors") as info:
        load_vectors([path])
    assert info.value.json_path == "$.vectors[0]"
    assert "UnitError" in str(info.value.hint)


def test_bad_regex_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path, [_vector(expected=None, expected_error={"type": "UnitError", "match": "("})]
    )
    with pytest.raises(ConformanceError, match="not a valid regular expression") as info:
        load_vectors([path])
    assert info.value.source == str(path.resolve())


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    path = _write(tmp_path, [_vector(), _vector()])
    with pytest.raises(ConformanceError, match="vector id used twice: 't-1'") as info:
        load_vectors([path])
    assert info.value.json_path == "$.vectors[1]"


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    _write(tmp_path, [_vector()], "a.json")
    _write(tmp_path, [_vector()], "b.json")
    with pytest.raises(ConformanceError, match="vector id used twice") as info:
        load_vectors([tmp_path])
    assert "a.json" in str(info.value)
    assert str(info.value.source).endswith("b.json")


def test_directory_search_skips_schema_files(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "vector.schema.json").write_text("{}", encoding="utf-8")
    _write(tmp_path, [_vector()])
    assert [v.id for v in load_vectors([tmp_path])] == ["t-1"]


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(ConformanceError, match="no such file or directory"):
        load_vectors([tmp_path / "nope.json"])
    with pytest.raises(ConformanceError, match="holds no vector files"):
        load_vectors([tmp_path])


def test_tolerance_validation() -> None:
    with pytest.raises(ConformanceError, match="tolerance abs must be a finite number >= 0: inf"):
        Tolerance(abs=math.inf)


# ---------------------------------------------------------------- dispatch


def test_domains_lists_units() -> None:
    assert "units" in domains()


def test_resolve_bad_names() -> None:
    with pytest.raises(ConformanceError, match=r"method must be '<domain>\.<name>'"):
        resolve("units")
    with pytest.raises(ConformanceError, match="unknown method domain: 'zzz'") as info:
        resolve("zzz.convert")
    assert "units" in str(info.value.hint)
    with pytest.raises(ConformanceError, match=r"did you mean units\.convert"):
        resolve("units.convertt")


def test_input_number_refuses_bool_and_missing() -> None:
    with pytest.raises(ConformanceError, match=r"wrong type.*\$\.input\.value"):
        input_number({"value": True}, "value")
    with pytest.raises(ConformanceError, match="lacks a required key: 'value'"):
        input_number({}, "value")


@pytest.fixture
def fake_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    """A throwaway adapter module, installed only in sys.modules for one test."""

    def boom(data: Mapping[str, Any]) -> Any:
        raise ZeroDivisionError("bare bug")

    def nan(data: Mapping[str, Any]) -> Any:
        return {"value": math.nan}

    def unit_error(data: Mapping[str, Any]) -> Any:
        raise UnitError("misleading unit refused", value="ton")

    def echo(data: Mapping[str, Any]) -> Any:
        return data["out"]

    module = types.ModuleType("carbonstd.conformance.methods.fake")
    module.METHODS = {  # type: ignore[attr-defined]
        "fake.boom": boom,
        "fake.nan": nan,
        "fake.unit_error": unit_error,
        "fake.echo": echo,
    }
    monkeypatch.setitem(sys.modules, "carbonstd.conformance.methods.fake", module)
    nomethods = types.ModuleType("carbonstd.conformance.methods.nomethods")
    monkeypatch.setitem(sys.modules, "carbonstd.conformance.methods.nomethods", nomethods)


# ---------------------------------------------------------------- running


def test_run_passes_and_reports() -> None:
    report = run([_make()])
    assert (report.total, report.passed, report.failed, report.errored) == (1, 1, 0, 0)
    result = report.results[0]
    assert result.reason is None
    assert result.duration >= 0
    assert result.actual["factor"] == 3.6


@pytest.mark.usefixtures("fake_domain")
@pytest.mark.parametrize(
    ("changes", "status", "reason"),
    [
        ({"method": "zzz.thing"}, "failed", "unknown method domain: 'zzz'"),
        ({"method": "units.nosuch"}, "failed", "unknown method: 'units.nosuch'"),
        ({"method": "nomethods.x"}, "failed", "adapter module has no METHODS dict"),
        ({"method": "fake.boom"}, "error", "adapter raised ZeroDivisionError"),
        ({"method": "fake.nan"}, "error", "output is not JSON: $.value is nan"),
        ({"method": "fake.unit_error"}, "failed", "unexpected error"),
        (
            {"expected": {"factor": 3.7, "from": "kWh", "to": "MJ"}},
            "failed",
            "$.factor: expected 3.7, got 3.6",
        ),
        ({"expected": {"factor": 3.6, "from": "kWh"}}, "failed", "$.to: unexpected key in output"),
        (
            {"expected": {"factor": 3.6, "from": "kWh", "to": "MJ", "x": 1}},
            "failed",
            "$.x: missing from output",
        ),
        ({"input": {"from": "kWh"}}, "failed", "lacks a required key: 'to'"),
        (
            {"expected": None, "expected_error": {"type": "UnitError", "match": "x"}},
            "failed",
            "expected UnitError matching 'x', but got output",
        ),
        (
            {
                "method": "fake.unit_error",
                "expected": None,
                "expected_error": {"type": "ConformanceError", "match": "x"},
            },
            "failed",
            "expected ConformanceError, got UnitError",
        ),
        (
            {
                "method": "fake.unit_error",
                "expected": None,
                "expected_error": {"type": "UnitError", "match": "gallon"},
            },
            "failed",
            "does not match 'gallon'",
        ),
    ],
)
def test_run_failures_have_reasons(changes: dict[str, Any], status: str, reason: str) -> None:
    result = run([_make(**changes)]).results[0]
    assert result.status == status
    assert result.reason is not None
    assert reason in result.reason


@pytest.mark.usefixtures("fake_domain")
@pytest.mark.parametrize("type_name", ["UnitError", "CarbonStdError", "ValueError"])
def test_expected_error_matches_class_or_base(type_name: str) -> None:
    vector = _make(
        method="fake.unit_error",
        expected=None,
        expected_error={"type": "UnitError", "match": "refused: 'ton'"},
    )
    vector = attrs.evolve(vector, expected_error=ExpectedError("UnitError", "refused: 'ton'"))
    if type_name != "ValueError":
        vector = attrs.evolve(vector, expected_error=ExpectedError(type_name, "refused: 'ton'"))
        assert run([vector]).results[0].status == "passed"
    else:
        # builtin bases are not carbonstd error classes: refused when the vector is built
        with pytest.raises(ConformanceError, match="not an error class"):
            ExpectedError(type_name, "x")


@pytest.mark.usefixtures("fake_domain")
def test_tolerance_rel_and_abs() -> None:
    base = _make(method="fake.echo", input={"out": 100.0 + 1e-6}, expected=100.0)
    assert run([base]).results[0].status == "failed"
    assert run([attrs.evolve(base, tolerance=Tolerance(rel=1e-8))]).results[0].passed
    near_zero = attrs.evolve(base, input={"out": 1e-9}, expected=0.0)
    assert not run([near_zero]).results[0].passed
    assert run([attrs.evolve(near_zero, tolerance=Tolerance(abs=1e-8))]).results[0].passed


@pytest.mark.usefixtures("fake_domain")
def test_reports_formats() -> None:
    vectors = [
        _make(),
        _make(id="t-2", expected={"factor": 4.0, "from": "kWh", "to": "MJ"}),
        _make(id="t-3", method="fake.boom"),
    ]
    report = run(vectors)
    assert (report.passed, report.failed, report.errored, report.ok) == (1, 1, 1, False)

    data = json.loads(report.to_json())
    assert data["summary"] == {"total": 3, "passed": 1, "failed": 1, "errored": 1}
    assert [r["status"] for r in data["results"]] == ["passed", "failed", "error"]
    assert data["results"][0]["actual"] == {"factor": 3.6, "from": "kWh", "to": "MJ"}

    root = ET.fromstring(report.to_junit_xml().encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "default"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["t-1", "t-2", "t-3"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert "$.factor: expected 4.0, got 3.6" in str(failure.get("message"))
    assert cases[2].find("error") is not None

    table = report.to_table().splitlines()
    assert table[0].split() == ["STATUS", "ID", "METHOD", "MS", "REASON"]
    assert table[1].startswith("ok      t-1")
    assert table[2].startswith("FAILED  t-2")
    assert table[3].startswith("ERROR   t-3")
    assert table[-1] == "3 vectors: 1 passed, 1 failed, 1 errors"
    assert all(len(line) <= 100 for line in table)


@pytest.mark.usefixtures("fake_domain")
def test_junit_xml_survives_control_characters() -> None:
    vector = _make(method="fake.echo", input={"out": "a\x00b\x1b"}, expected="x")
    root = ET.fromstring(run([vector]).to_junit_xml().encode("utf-8"))
    assert root.get("failures") == "1"


# ---------------------------------------------------------------- comparison properties

_scalars = (
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False).map(lambda f: f + 0.0)
    | st.text(max_size=5)
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)
_EXACT = Tolerance(rel=0.0, abs=0.0)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


@given(_json)
def test_compare_value_with_itself_is_clean(value: Any) -> None:
    assert compare(value, value, _EXACT) == []


@given(_json, _json)
def test_compare_exact_is_json_equality(a: Any, b: Any) -> None:
    assert (compare(a, b, _EXACT) == []) == (_canonical(a) == _canonical(b))


@given(st.floats(min_value=-1e300, max_value=1e300), st.floats(min_value=-0.4, max_value=0.4))
def test_numbers_within_relative_tolerance_pass(x: float, frac: float) -> None:
    tol = Tolerance(rel=1e-9)
    assert compare(x, x * (1 + frac * 1e-9), tol) == []
