"""``carbonstd factors``: list bundled sets, search and show factors, explain a lookup."""

from __future__ import annotations

import argparse
from typing import Any

from carbonstd.errors import FactorNotFoundError

__all__ = ["add_parser"]


def add_parser(subparsers: Any) -> None:
    """Register ``carbonstd factors list|search|show|lookup``.

    Every action accepts ``--set FILE`` (repeatable) to put your own factor-set
    JSON files above the bundled sets (the first ``--set`` is the top layer).

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="carbonstd")
    >>> add_parser(parser.add_subparsers())
    >>> args = parser.parse_args(["factors", "lookup", "fuel.diesel", "--region", "GB",
    ...                           "--year", "2024"])
    >>> args.func.__name__, args.region, args.year
    ('_lookup', 'GB', 2024)
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "factors", help="emission-factor sets: list, search, show, lookup"
    )
    sub = parser.add_subparsers(dest="factors_command", metavar="ACTION", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--set",
            dest="sets",
            action="append",
            default=[],
            metavar="FILE",
            help="a factor-set JSON file placed above the bundled sets (repeatable)",
        )

    p_list = sub.add_parser("list", help="list the factor sets with version, licence, size, hash")
    common(p_list)
    p_list.set_defaults(func=_list)

    p_search = sub.add_parser("search", help="factors whose id, activity or notes contain TEXT")
    p_search.add_argument("text")
    p_search.add_argument("--region", default=None)
    p_search.add_argument("--year", type=int, default=None)
    p_search.add_argument("--limit", type=int, default=50, help="print at most this many")
    common(p_search)
    p_search.set_defaults(func=_search)

    p_show = sub.add_parser("show", help="show every factor with this id")
    p_show.add_argument("id")
    common(p_show)
    p_show.set_defaults(func=_show)

    p_lookup = sub.add_parser("lookup", help="resolve a factor and print the fallback steps")
    p_lookup.add_argument("activity")
    p_lookup.add_argument("--region", required=True)
    p_lookup.add_argument("--year", type=int, required=True)
    p_lookup.add_argument("--unit", default=None, help="the activity's unit")
    p_lookup.add_argument("--boundary", default=None)
    p_lookup.add_argument(
        "--calorific-basis", dest="calorific_basis", default=None, choices=["net", "gross"]
    )
    p_lookup.add_argument(
        "--year-rule",
        dest="year_rule",
        default=None,
        choices=["exact", "latest_earlier", "nearest"],
    )
    common(p_lookup)
    p_lookup.set_defaults(func=_lookup)


def _registry(args: argparse.Namespace) -> Any:
    from carbonstd import factors

    registry = factors.default_registry()
    for path in reversed(args.sets):
        registry = registry.with_set(factors.load_json(path))
    return registry


def _list(args: argparse.Namespace) -> int:
    registry = _registry(args)
    for i, fs in enumerate(registry.layers):
        print(
            f"{i:>2}  {fs.name:<24} {fs.version:<12} {fs.licence.id:<36} "
            f"{len(fs):>6} factors  sha256 {fs.content_hash}"
        )
    return 0


def _search(args: argparse.Namespace) -> int:
    hits = _registry(args).search(args.text, region=args.region, year=args.year)
    for hit in hits[: args.limit]:
        print(f"[{hit.layer} {hit.set_name} {hit.set_version}] {hit.factor.describe()}")
    if len(hits) > args.limit:
        print(f"... {len(hits) - args.limit} more (use --limit)")
    if not hits:
        print(f"no factor matches {args.text!r}")
        return 1
    return 0


def _show(args: argparse.Namespace) -> int:
    import json

    registry = _registry(args)
    shown = 0
    for i, fs in enumerate(registry.layers):
        for factor in fs:
            if factor.id == args.id:
                shown += 1
                print(f"layer {i}: {fs.name} {fs.version} (licence {fs.licence.id})")
                print(json.dumps(factor.to_json(), indent=2, ensure_ascii=False))
    if not shown:
        raise FactorNotFoundError(
            "no factor with this id in any set",
            value=args.id,
            hint="find ids with 'carbonstd factors search TEXT'",
        )
    return 0


def _lookup(args: argparse.Namespace) -> int:
    res = _registry(args).lookup(
        args.activity,
        region=args.region,
        year=args.year,
        unit=args.unit,
        boundary=args.boundary,
        calorific_basis=args.calorific_basis,
        year_rule=args.year_rule,
    )
    print(res.describe())
    return 0
