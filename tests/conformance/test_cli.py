"""Tests of `carbonstd conformance run` (the sub-command module and its wiring)."""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from carbonstd.cli.conformance import add_parser
from carbonstd.conformance import default_paths
from carbonstd.errors import ConformanceError

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "conformance" / "units"


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="carbonstd")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    status: int = args.func(args)
    return status


def _failing_file(tmp_path: Path) -> Path:
    doc: dict[str, Any] = {
        "suite": "demo",
        "description": "one wrong vector",
        "vectors": [
            {
                "id": "demo-wrong",
                "title": "wrong on purpose",
                "standard": "SI Brochure (2019)",
                "clause": "Table 8",
                "method": "units.factor",
                "input": {"from": "kWh", "to": "MJ"},
                "expected": {"factor": 3.7, "from": "kWh", "to": "MJ"},
                "arithmetic": "deliberately wrong: 3.6 is right",
            }
        ],
    }
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_run_units_prints_table_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["conformance", "run", str(UNITS)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["STATUS", "ID", "METHOD"]
    assert "units-us-gallon-litre" in out
    assert " 0 failed, 0 errors" in out.splitlines()[-1]


def test_failing_vector_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["conformance", "run", str(_failing_file(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "FAILED  demo-wrong" in out
    assert "$.factor: expected 3.7, got 3.6" in out


def test_json_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    status = _cli(["conformance", "run", str(UNITS), "--format", "json", "--output", str(target)])
    assert status == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["summary"]["failed"] == 0
    assert data["summary"]["total"] == len(data["results"]) > 0
    assert "vectors:" in capsys.readouterr().out  # the table is still printed


def test_junit_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["conformance", "run", str(_failing_file(tmp_path)), "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert root.get("failures") == "1"
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("name") == "demo-wrong"
    assert case.find("failure") is not None


def test_default_is_the_checkout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO / "tests")
    assert default_paths() == [REPO / "conformance"]
    _cli(["conformance", "run"])
    assert "units-kwh-mj" in capsys.readouterr().out


def test_malformed_file_raises_conformance_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"suite": "x", "description": "d", "vectors": [{}]}', encoding="utf-8")
    with pytest.raises(ConformanceError, match=r"bad\.json, at \$\.vectors\[0\]"):
        _cli(["conformance", "run", str(bad)])


def test_unwritable_output(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "r.json"
    with pytest.raises(ConformanceError, match="cannot write the report"):
        _cli(["conformance", "run", str(UNITS), "--format", "json", "--output", str(target)])


def test_main_cli_reports_error_with_status_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main = pytest.importorskip("carbonstd.cli").main
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["conformance", "run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "invalid JSON" in err
    assert "bad.json" in err
