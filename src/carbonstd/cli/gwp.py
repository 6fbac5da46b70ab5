"""``carbonstd gwp``: list GWP sets, show values, convert a gas mixture to CO2e."""

from __future__ import annotations

import argparse
from typing import Any

from carbonstd.errors import CarbonStdError


def add_parser(subparsers: Any) -> None:
    """Register ``carbonstd gwp list|show|co2e``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "gwp", help="GWP sets: list them, show values, convert masses to CO2e"
    )
    sub = parser.add_subparsers(dest="gwp_command", metavar="ACTION", required=True)
    p_list = sub.add_parser("list", help="list the available GWP sets")
    p_list.set_defaults(func=_list)
    p_show = sub.add_parser("show", help="show a set, or one gas of it")
    p_show.add_argument("name")
    p_show.add_argument("--gas", default=None)
    p_show.set_defaults(func=_show)
    p_co2e = sub.add_parser("co2e", help="CO2e of masses given as GAS=KG under one or more sets")
    p_co2e.add_argument("masses", nargs="+", metavar="GAS=KG")
    p_co2e.add_argument("--gwp", action="append", default=None, help="GWP set (repeatable)")
    p_co2e.set_defaults(func=_co2e)


def _list(args: argparse.Namespace) -> int:
    from carbonstd import gwp

    for name in gwp.available():
        s = gwp.get(name)
        print(f"{s.name:<24} {s.version:<12} {len(s.gases):>4} gases  {s.title}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from carbonstd import gwp

    s = gwp.get(args.name)
    if args.gas is not None:
        print(f"{s.name} {gwp.canonical_gas(args.gas)} {s.factor(args.gas):g}")
        return 0
    print(f"{s.name} ({s.version}): {s.title}")
    for gas in s.gases:
        print(f"  {gas:<20} {s.factor(gas):g}")
    return 0


def _co2e(args: argparse.Namespace) -> int:
    from carbonstd import gwp

    masses: dict[str, float] = {}
    for item in args.masses:
        gas, sep, value = item.partition("=")
        try:
            masses[gas] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise CarbonStdError(
                "expected GAS=KG", value=item, source="command line", hint="e.g. CH4=2.5"
            )
    for name in args.gwp or ["AR6-GWP100"]:
        s = gwp.get(name)
        print(f"{s.name:<24} {s.co2e(masses):.6g} kg CO2e")
    return 0
