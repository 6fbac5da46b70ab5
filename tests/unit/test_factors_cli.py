"""``carbonstd factors`` sub-commands, run through argparse as the main CLI does."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from carbonstd.cli.factors import add_parser
from carbonstd.errors import AmbiguousFactorError, FactorNotFoundError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
COMPANY = str(FIXTURES / "company.json")


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="carbonstd")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    status: int = args.func(args)
    return status


def test_list_shows_sets_with_hash(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("factors", "list", "--set", COMPANY) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["0", "acme-supplier", "2024.1", "LicenseRef-ACME-internal"]
    assert len(out) >= 2
    assert all("sha256 " in line for line in out)


def test_search_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            "factors",
            "search",
            "grid",
            "--region",
            "GB",
            "--year",
            "2024",
            "--set",
            COMPANY,
            "--limit",
            "1",
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("[0 acme-supplier 2024.1] acme-gb-grid: electricity.grid GB 2024")
    assert out[-1].startswith("... ")
    assert run("factors", "search", "no-such-thing-anywhere") == 1


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("factors", "show", "acme-gb-grid", "--set", COMPANY) == 0
    out = capsys.readouterr().out
    assert "layer 0: acme-supplier 2024.1" in out
    assert '"CO2": 0.05' in out
    with pytest.raises(FactorNotFoundError, match="no factor with this id"):
        run("factors", "show", "nope")


def test_lookup_prints_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            "factors",
            "lookup",
            "electricity.grid",
            "--region",
            "GB",
            "--year",
            "2024",
            "--set",
            COMPANY,
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "acme-gb-grid" in out
    assert "region chain: GB -> GLO; year rule latest_earlier" in out
    with pytest.raises((FactorNotFoundError, AmbiguousFactorError)):
        run("factors", "lookup", "nothing.here", "--region", "GB", "--year", "2024")
