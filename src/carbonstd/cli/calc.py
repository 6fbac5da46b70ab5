"""``carbonstd calc``: activity CSV -> emissions by group, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, TextIO

from carbonstd.errors import ActivityDataError, AmbiguousFactorError

#: Inputs at least this large (bytes) get a progress bar when stderr is a terminal.
PROGRESS_MIN_BYTES = 4 * 1024 * 1024

#: Choices of --calorific-basis, --boundary and --year-rule. They are the values of
#: carbonstd.factors.CALORIFIC_BASES, BOUNDARIES and YEAR_RULES, written out so that
#: building the parser does not import the factor package (a test keeps them equal).
CALORIFIC_BASES = ("net", "gross")
BOUNDARIES = (
    "combustion",
    "WTT",
    "WTW",
    "TTW",
    "generation",
    "T&D",
    "cradle-to-gate",
    "cradle-to-grave",
    "gate-to-gate",
    "end-of-life",
)
YEAR_RULES = ("exact", "latest_earlier", "nearest")

#: Library keyword -> command-line option, for hints written for the Python API.
_OPTIONS = {
    "calorific_basis": "--calorific-basis",
    "boundary": "--boundary",
    "year_rule": "--year-rule",
}


def add_parser(subparsers: Any) -> None:
    """Register ``carbonstd calc``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "calc",
        help="calculate emissions of an activity CSV (per gas, CO2e under a GWP set)",
        description="Calculate emissions of an activity CSV: a factor for every row through "
        "the registry's fallback rules, per-gas sums, CO2e under the chosen GWP set.",
    )
    parser.add_argument("activities", metavar="ACTIVITIES.csv", help="activity data (CSV)")
    parser.add_argument(
        "--factors",
        action="append",
        default=[],
        metavar="SET.json",
        help="factor set placed above the bundled ones (repeatable; the last is on top)",
    )
    parser.add_argument(
        "--no-default-factors",
        action="store_true",
        help="use only the --factors sets, not the bundled registry",
    )
    parser.add_argument(
        "--gwp", required=True, help="GWP set for CO2e, e.g. AR6, AR5, GHGP-2024-AR6-GWP100"
    )
    parser.add_argument(
        "--by", default="", metavar="COL,COL", help="group by these columns (e.g. scope,facility)"
    )
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument(
        "--explain",
        type=int,
        default=None,
        metavar="ROW",
        help="explain one row (1-based data row of the CSV, header excluded)",
    )
    parser.add_argument(
        "--on-missing",
        choices=("raise", "report"),
        default="raise",
        help="rows without a factor: fail (default) or report them and leave them out",
    )
    parser.add_argument(
        "--collect-errors",
        action="store_true",
        help="report every bad input row and leave them out (default: stop at the first)",
    )
    parser.add_argument(
        "--calorific-basis",
        choices=CALORIFIC_BASES,
        default=None,
        help="use only factors per energy on this basis (net = NCV, gross = GCV); needed when "
        "a source gives both, e.g. UK DESNZ fuels per kWh",
    )
    parser.add_argument(
        "--boundary",
        choices=BOUNDARIES,
        default=None,
        metavar="BOUNDARY",
        help="use only factors with this boundary: " + ", ".join(BOUNDARIES),
    )
    parser.add_argument(
        "--year-rule",
        choices=YEAR_RULES,
        default=None,
        help="which factor year serves an activity year: exact, latest_earlier (the "
        "registry default) or nearest",
    )
    parser.add_argument(
        "--allow-gwp-conversion",
        action="store_true",
        help="carry CO2e-only factors built with another GWP set at face value (flagged)",
    )
    parser.add_argument("--chunk-rows", type=int, default=1 << 16, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


class _Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO, label: str, total: int) -> None:
        self.stream = stream
        self.label = label
        self.enabled = stream.isatty() and total >= PROGRESS_MIN_BYTES
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        frac = min(done / total, 1.0)
        width = 30
        bar = "#" * int(frac * width)
        self.stream.write(f"\r{self.label} [{bar:<{width}}] {frac:6.1%}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _registry(args: argparse.Namespace) -> Any:
    from carbonstd import factors

    sets = [factors.load_json(path) for path in args.factors]
    if args.no_default_factors:
        if not sets:
            raise ActivityDataError(
                "--no-default-factors needs at least one --factors SET.json",
                source="command line",
            )
        return factors.FactorRegistry(list(reversed(sets)))
    registry = factors.default_registry()
    for s in sets:
        registry = registry.with_set(s, position="top")
    return registry


def _option_hint(hint: str) -> str:
    """A hint naming library keywords (``calorific_basis='gross'|'net'``) as options."""

    def option(match: re.Match[str]) -> str:
        values = "|".join(v.strip("'\"") for v in match.group(2).split("|"))
        return f"{_OPTIONS[match.group(1)]} {values}"

    quoted = r"""(?:'[^']*'|"[^"]*")"""
    pattern = rf"\b(calorific_basis|boundary|year_rule)=({quoted}(?:\|{quoted})*)"
    text, count = re.subn(pattern, option, hint)
    if count:
        return text
    return hint + "; on the command line choose with --calorific-basis, --boundary or --year-rule"


def _for_command_line(exc: AmbiguousFactorError) -> AmbiguousFactorError:
    """The same error with a hint a command-line user can act on."""
    return AmbiguousFactorError(
        exc.message,
        value=exc.value,
        source=exc.source,
        row=exc.row,
        column=exc.column,
        hint=_option_hint(exc.hint or "several factors match"),
    )


def run(args: argparse.Namespace) -> int:
    """Run ``carbonstd calc`` with parsed arguments; return the exit status."""
    from carbonstd import gwp as gwp_module
    from carbonstd.activities import ActivityTable
    from carbonstd.calculation import calculate

    gwp_set = gwp_module.get(args.gwp)
    registry = _registry(args)
    columns = tuple(c.strip() for c in args.by.split(",") if c.strip())
    if args.format == "csv" and args.explain is not None:
        raise ActivityDataError(
            "--explain cannot be combined with --format csv",
            source="command line",
            hint="use --format table or json",
        )
    try:
        size = os.path.getsize(args.activities)
    except OSError:
        size = 0
    progress = _Progress(sys.stderr, os.path.basename(args.activities), size)
    chunks = ActivityTable.iter_csv(
        args.activities,
        chunk_rows=args.chunk_rows,
        on_error="collect" if args.collect_errors else "raise",
        progress=progress,
    )
    try:
        emissions = calculate(
            chunks,
            factors=registry,
            gwp=gwp_set,
            on_missing=args.on_missing,
            allow_gwp_conversion=args.allow_gwp_conversion,
            chunk_rows=min(args.chunk_rows, 1 << 20),
            boundary=args.boundary,
            calorific_basis=args.calorific_basis,
            year_rule=args.year_rule,
        )
    except AmbiguousFactorError as exc:
        raise _for_command_line(exc) from exc
    finally:
        progress.close()
    for problem in emissions.table.problems[:20]:
        print(f"carbonstd: bad row excluded: {problem}", file=sys.stderr)
    if len(emissions.table.problems) > 20:
        print(
            f"carbonstd: ... and {len(emissions.table.problems) - 20} more bad rows excluded",
            file=sys.stderr,
        )
    groups = emissions.by(*columns) if columns else None
    explanation = (
        emissions.explain(args.explain, source_row=True) if args.explain is not None else None
    )
    out = sys.stdout
    if args.format == "json":
        doc: dict[str, Any] = {"emissions": json.loads(emissions.to_json())}
        if groups is not None:
            doc["groups"] = json.loads(groups.to_json())
        if explanation is not None:
            doc["explain"] = json.loads(explanation.to_json())
        out.write(json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        out.write((groups if groups is not None else emissions.by()).to_csv())
    else:
        out.write(emissions.summary() + "\n")
        if groups is not None:
            out.write("\n" + groups.to_text())
        if explanation is not None:
            out.write("\n" + explanation.to_text())
    return 0
