"""``carbonstd conformance run``: run the conformance vectors and report the result.

Without a PATH it runs the repository's ``conformance/`` directory, found from
the current directory upwards (so it works anywhere inside a checkout). Give
one or more files or directories to run other vectors. The table is printed
to standard output; ``--format json`` or ``--format junit`` writes a
machine-readable report (to ``--output FILE``, or to standard output instead
of the table). The exit status is 0 when every vector passed, 1 otherwise;
a malformed vector file is reported as an error (exit status 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from carbonstd.errors import ConformanceError


def add_parser(subparsers: Any) -> None:
    """Register ``carbonstd conformance run [PATH ...] [--format ...] [--output FILE]``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="carbonstd")
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["conformance", "run", "vectors/", "--format", "junit"])
    >>> args.paths, args.format, args.output
    (['vectors/'], 'junit', None)
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "conformance", help="run the conformance test vectors (standards as JSON)"
    )
    sub = parser.add_subparsers(dest="conformance_command", metavar="ACTION", required=True)
    p_run = sub.add_parser(
        "run",
        help="run vector files; default: the checkout's conformance/ directory",
        description="Run conformance vectors. PATH is a vector file or a directory searched "
        "recursively for *.json (schema files skipped). Without PATH, the conformance/ "
        "directory of the carbonstd checkout containing the current directory is used.",
    )
    p_run.add_argument("paths", nargs="*", metavar="PATH", help="vector files or directories")
    p_run.add_argument(
        "--format",
        choices=("table", "json", "junit"),
        default="table",
        help="report format (default: table)",
    )
    p_run.add_argument("--output", metavar="FILE", default=None, help="write the report to FILE")
    p_run.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    """Run the vectors named by ``args``; print and write the report; return the exit status.

    Raises
    ------
    ConformanceError
        If a path is missing or a vector file is malformed (the main CLI
        prints it and exits with status 2).
    """
    from carbonstd import conformance

    paths = [Path(p) for p in args.paths] if args.paths else conformance.default_paths()
    report = conformance.run(conformance.load_vectors(paths))
    table = report.to_table()
    if args.format == "table":
        text = table + "\n"
    elif args.format == "json":
        text = report.to_json()
    else:
        text = report.to_junit_xml()
    if args.output is not None:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConformanceError(
                f"cannot write the report: {exc.strerror}",
                value=args.output,
                hint="check that the directory exists and is writable",
            ) from exc
        print(table)
    elif args.format == "table":
        print(table)
    else:
        sys.stdout.write(text)
    return 0 if report.ok else 1
