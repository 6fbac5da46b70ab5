"""The ``carbonstd`` command line: a thin layer over the public API.

Sub-commands are registered by small modules (``carbonstd.cli.factors``,
``carbonstd.cli.conformance``, ...) that each expose ``add_parser``. Errors of
carbonstd are printed as one readable message with exit status 2; they are
never shown as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from carbonstd.errors import CarbonStdError

#: Sub-command modules, in the order they appear in ``--help``.
_SUBCOMMANDS: tuple[str, ...] = (
    "carbonstd.cli.demo",
    "carbonstd.cli.calc",
    "carbonstd.cli.factors",
    "carbonstd.cli.gwp",
    "carbonstd.cli.conformance",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available sub-command."""
    import carbonstd

    parser = argparse.ArgumentParser(
        prog="carbonstd",
        description="Carbon-accounting standards: factors, GWP sets, calculations, conformance.",
    )
    parser.add_argument("--version", action="version", version=f"carbonstd {carbonstd.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _SUBCOMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> from carbonstd.cli import main
    >>> main(["gwp", "show", "AR6", "--gas", "CH4"])
    AR6-GWP100 CH4 27.9
    0
    """
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 1
    try:
        status: int = func(args)
    except CarbonStdError as exc:
        print(f"carbonstd: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        return 0
    return status
