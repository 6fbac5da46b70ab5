"""``carbonstd calc`` and ``carbonstd demo`` through carbonstd.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonstd.activities import ActivityTable, example_path
from carbonstd.calculation import calculate
from carbonstd.cli import main
from carbonstd.factors import default_registry, load_json

CSV = str(example_path("ev-maker-2024.csv"))
SET = str(example_path("ev-maker-factors.json"))


def expected_total(gwp: str) -> float:
    registry = default_registry().with_set(load_json(SET), position="top")
    return calculate(ActivityTable.from_csv(CSV), factors=registry, gwp=gwp).total()


def test_calc_table_by_scope_and_facility(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["calc", CSV, "--factors", SET, "--gwp", "AR6", "--by", "scope,facility"])
    out, err = capsys.readouterr()
    assert status == 0
    assert err == ""  # not a terminal: no progress bar
    assert "scope  facility" in out
    assert "Ningbo plant" in out
    assert "Sunderland plant" in out
    assert f"{expected_total('AR6'):,.3f}" in out


def test_calc_json_with_explain(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "calc",
            CSV,
            "--factors",
            SET,
            "--gwp",
            "AR5",
            "--by",
            "scope",
            "--format",
            "json",
            "--explain",
            "2",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert doc["emissions"]["kg_co2e"] == expected_total("AR5")
    assert [g["key"]["scope"] for g in doc["groups"]["groups"]] == ["1", "2", "3"]
    assert doc["explain"]["source_row"] == 2
    assert doc["explain"]["lineage"]["conversion_steps"][0].startswith("fuel properties")


def test_calc_csv_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["calc", CSV, "--factors", SET, "--gwp", "AR6", "--by", "facility", "--format", "csv"]
    main(args)
    first = capsys.readouterr().out
    main([*args, "--chunk-rows", "7"])
    second = capsys.readouterr().out
    assert first == second
    assert first.splitlines()[0].startswith("facility,kg_CO2,")


def test_calc_missing_factors_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No bundled set has a factor for this (made-up) refrigerant.
    path = tmp_path / "a.csv"
    path.write_text(
        "activity,amount,unit,region,year\nfuel.diesel,10,L,GB,2024\n"
        "refrigerant.r_999x,2,kg,CN,2024\nrefrigerant.r_999x,3,kg,CN,2024\n",
        encoding="utf-8",
    )
    status = main(["calc", str(path), "--gwp", "AR6"])
    err = capsys.readouterr().err
    assert status == 2
    assert "no emission factor for 2 of 3 rows" in err
    assert "refrigerant.r_999x in CN for 2024" in err


def test_calc_report_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "activity,amount,unit,region,year\nfuel.diesel,10,L,GB,2024\n"
        "refrigerant.r_999x,2,kg,GB,2024\n",
        encoding="utf-8",
    )
    status = main(["calc", str(path), "--gwp", "AR6", "--on-missing", "report"])
    out = capsys.readouterr().out
    assert status == 0
    assert "WARNING: 1 rows have no factor and are NOT in the totals" in out
    assert "refrigerant.r_999x/GB/2024" in out


def test_calc_unit_conversion_error_names_the_row(capsys: pytest.CaptureFixture[str]) -> None:
    # Without the example set there is no calorific value to turn m3 of gas in China into TJ.
    status = main(["calc", CSV, "--gwp", "AR6", "--on-missing", "report"])
    err = capsys.readouterr().err
    assert status == 2
    assert "cannot convert the activity unit 'm3' (volume) to the factor's unit 'TJ'" in err
    assert "row 2" in err


def test_calc_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "activity,amount,unit,region,year\nfuel.diesel,10,L,GB,2024\nfuel.diesel,-3,L,GB,2024\n",
        encoding="utf-8",
    )
    assert main(["calc", str(path), "--gwp", "AR6"]) == 2
    err = capsys.readouterr().err
    assert f"amount is negative: -3.0 (in {path}, row 2, column 'amount')" in err
    assert main(["calc", str(path), "--gwp", "AR6", "--collect-errors"]) == 0
    out, err = capsys.readouterr()
    assert "bad row excluded: amount is negative" in err
    assert "WARNING: 1 bad input rows were excluded" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gwp", "AR99"], "AR99"),
        (["--gwp", "AR6", "--format", "csv", "--explain", "1"], "--explain cannot be combined"),
        (["--gwp", "AR6", "--no-default-factors"], "needs at least one --factors"),
        (["--gwp", "AR6", "--factors", SET, "--explain", "999"], "no such row"),
        (["--gwp", "AR6", "--factors", SET, "--by", "plant"], "no such column: 'plant'"),
    ],
)
def test_calc_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", CSV, *args]) == 2
    assert message in capsys.readouterr().err


def test_calc_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "no-such.csv", "--gwp", "AR6"]) == 2
    assert "cannot open activity file" in capsys.readouterr().err


def test_demo_runs_and_stays_short(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) <= 80
    assert "US-GRID-CAMX" in out
    assert "CN-GRID-EAST" in out
    assert "found 'IPCC2006" in out  # a region that falls back to GLO
    assert "AR6-GWP20" in out
    assert f"{expected_total('AR6'):,.3f}" in out
    assert "== Explain row 2" in out


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from carbonstd.cli.calc import PROGRESS_MIN_BYTES, _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    bar = _Progress(tty, "big.csv", PROGRESS_MIN_BYTES)
    bar(PROGRESS_MIN_BYTES // 2, PROGRESS_MIN_BYTES)
    bar.close()
    assert "big.csv [" in tty.getvalue()
    assert "50.0%" in tty.getvalue()
    pipe = io.StringIO()
    quiet = _Progress(pipe, "big.csv", PROGRESS_MIN_BYTES)
    quiet(1, PROGRESS_MIN_BYTES)
    quiet.close()
    assert pipe.getvalue() == ""
    small = Terminal()
    _Progress(small, "small.csv", 10)(5, 10)
    assert small.getvalue() == ""
