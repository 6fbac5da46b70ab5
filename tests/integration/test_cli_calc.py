"""``carbonstd calc`` and ``carbonstd demo`` through carbonstd.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonstd.activities import ActivityTable, example_path
from carbonstd.calculation import calculate
from carbonstd.cli import main
from carbonstd.factors import (
    EmissionFactor,
    FactorSet,
    Licence,
    default_registry,
    load_json,
)

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


# ---------------------------------------------------------------- review #3 items 2 and 10


def test_calc_collect_errors_with_a_refused_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The refused unit 'ton' must not reach the calculation through the unit labels.
    path = tmp_path / "act2.csv"
    path.write_text(
        "activity,amount,unit,region,year\nfuel.diesel,100,L,GB,2024\nfuel.diesel,2,ton,GB,2024\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.csv"
    good.write_text("activity,amount,unit,region,year\nfuel.diesel,100,L,GB,2024\n")
    assert main(["calc", str(path), "--gwp", "AR6", "--collect-errors", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert f"bad row excluded: unknown or refused unit: 'ton' (in {path}, row 2" in err
    total = json.loads(out)["emissions"]["kg_co2e"]
    expected = calculate(ActivityTable.from_csv(good), factors=default_registry(), gwp="AR6")
    assert total == expected.total()


def _write_set(tmp_path: Path, factors: list[EmissionFactor]) -> str:
    fs = FactorSet(
        name="CLI-TEST",
        version="1",
        title="Made-up factors for the command-line tests",
        licence=Licence(id="CC0-1.0"),
        factors=factors,
    )
    path = tmp_path / "set.json"
    path.write_text(json.dumps(fs.to_json()), encoding="utf-8")
    return str(path)


def _csv(tmp_path: Path, line: str) -> str:
    path = tmp_path / "a.csv"
    path.write_text("activity,amount,unit,region,year\n" + line + "\n", encoding="utf-8")
    return str(path)


def _kg_co2(args: list[str], capsys: pytest.CaptureFixture[str]) -> float:
    assert main([*args, "--format", "json"]) == 0
    kg: float = json.loads(capsys.readouterr().out)["emissions"]["kg"]["CO2"]
    return kg


def test_calc_calorific_basis(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # UK DESNZ gives diesel per kWh on both bases: without a choice it is ambiguous.
    path = _csv(tmp_path, "fuel.diesel,1000,kWh,GB,2024")
    assert main(["calc", path, "--gwp", "AR6"]) == 2
    err = capsys.readouterr().err
    assert "2 factors match 'fuel.diesel' in GB for 2024" in err
    assert "(hint: choose with --calorific-basis gross|net)" in err
    assert "calorific_basis=" not in err
    for basis in ("net", "gross"):
        table = ActivityTable.from_csv(path)
        expected = calculate(
            table, factors=default_registry(), gwp="AR6", calorific_basis=basis
        ).gas_totals()["CO2"]
        got = _kg_co2(["calc", path, "--gwp", "AR6", "--calorific-basis", basis], capsys)
        assert got == expected
    net = _kg_co2(["calc", path, "--gwp", "AR6", "--calorific-basis", "net"], capsys)
    gross = _kg_co2(["calc", path, "--gwp", "AR6", "--calorific-basis", "gross"], capsys)
    assert net > gross  # per kWh on a net basis is more CO2 than per kWh gross


def test_calc_boundary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    factors = [
        EmissionFactor(
            id=f"heat-{b}",
            activity="process.heat",
            unit="kWh",
            year=2024,
            boundary=b,
            gases={"CO2": co2},
        )
        for b, co2 in (("combustion", 0.25), ("WTT", 0.0625))
    ]
    base = ["calc", _csv(tmp_path, "process.heat,100,kWh,GB,2024"), "--gwp", "AR6"]
    base += ["--no-default-factors", "--factors", _write_set(tmp_path, factors)]
    assert main(base) == 2
    err = capsys.readouterr().err
    assert "choose with --boundary WTT|combustion" in err
    assert _kg_co2([*base, "--boundary", "WTT"], capsys) == 100 * 0.0625
    assert _kg_co2([*base, "--boundary", "combustion"], capsys) == 100 * 0.25


def test_calc_year_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    factors = [
        EmissionFactor(
            id=f"heat-{y}", activity="process.heat", unit="kWh", year=y, gases={"CO2": c}
        )
        for y, c in ((2020, 0.5), (2023, 0.25))
    ]
    base = ["calc", _csv(tmp_path, "process.heat,100,kWh,GB,2022"), "--gwp", "AR6"]
    base += ["--no-default-factors", "--factors", _write_set(tmp_path, factors)]
    assert _kg_co2(base, capsys) == 100 * 0.5  # default: latest earlier year (2020)
    assert _kg_co2([*base, "--year-rule", "latest_earlier"], capsys) == 100 * 0.5
    assert _kg_co2([*base, "--year-rule", "nearest"], capsys) == 100 * 0.25  # 2023 is nearer
    assert main([*base, "--year-rule", "exact"]) == 2
    assert "no emission factor for 1 of 1 rows" in capsys.readouterr().err


def test_calc_option_choices_match_the_library() -> None:
    from carbonstd import factors
    from carbonstd.cli import calc

    assert calc.CALORIFIC_BASES == factors.CALORIFIC_BASES
    assert calc.BOUNDARIES == factors.BOUNDARIES
    assert calc.YEAR_RULES == factors.YEAR_RULES


def test_calc_refuses_an_unknown_choice(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calc", CSV, "--gwp", "AR6", "--calorific-basis", "higher"])
    assert "invalid choice: 'higher'" in capsys.readouterr().err


def test_option_hint_without_keywords_still_names_the_options() -> None:
    from carbonstd.cli.calc import _option_hint

    assert _option_hint("choose with a more specific activity key") == (
        "choose with a more specific activity key; on the command line choose with "
        "--calorific-basis, --boundary or --year-rule"
    )
    assert _option_hint("choose with boundary='WTT'|'combustion' or calorific_basis='net'") == (
        "choose with --boundary WTT|combustion or --calorific-basis net"
    )
