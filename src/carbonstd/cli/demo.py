"""``carbonstd demo`` (``make demo``): a short tour of the registry, GWP sets and a calculation."""

from __future__ import annotations

import argparse
from typing import Any

#: Lookups shown by the demo: (what it shows, activity, region, year, unit).
LOOKUPS: tuple[tuple[str, str, str, int, str], ...] = (
    ("US eGRID subregion", "electricity.grid", "US-GRID-CAMX", 2024, "MWh"),
    ("Chinese regional grid", "electricity.grid", "CN-GRID-EAST", 2024, "kWh"),
    ("UK fuel", "fuel.diesel", "GB", 2024, "L"),
    ("region without its own factor", "fuel.diesel", "FR", 2024, "TJ"),
)

#: A multi-gas mixture (kg) shown under several GWP sets.
MIXTURE: dict[str, float] = {"CO2": 1000.0, "CH4": 10.0, "N2O": 1.0, "SF6": 0.01}
DEMO_SETS = ("SAR-GWP100", "AR4-GWP100", "AR5-GWP100", "AR6-GWP100", "AR6-GWP20")

#: Row of the example CSV explained at the end (Ningbo natural gas, converted m3 -> TJ).
EXPLAIN_ROW = 2


def add_parser(subparsers: Any) -> None:
    """Register ``carbonstd demo``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo", help="a short tour: bundled factor sets, lookups, GWP sets, an example calculation"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the tour (about 70 lines)."""
    from carbonstd import factors, gwp
    from carbonstd.activities import ActivityTable, example_path
    from carbonstd.calculation import calculate

    print("== Bundled factor sets (default registry, top layer first)")
    for b in factors.bundled_sets():
        print(f"  {b.name:<22} {b.version:<10} {b.factor_count:>5} factors  {b.licence.id}")
    registry = factors.default_registry()

    print("\n== Lookups with their fallback steps")
    for what, activity, region, year, unit in LOOKUPS:
        res = registry.lookup(activity, region=region, year=year, unit=unit)
        print(f"  {what}: {activity} in {region} for {year}")
        print(f"    -> {res.factor.describe()}")
        print(f"       from {res.set_name} {res.set_version}; {len(res.steps)} steps, last:")
        print(f"       {res.steps[-1]}")

    print(
        "\n== One mixture, several GWP sets: "
        + ", ".join(f"{v:g} kg {g}" for g, v in MIXTURE.items())
    )
    for name in DEMO_SETS:
        s = gwp.get(name)
        print(f"  {s.name:<22} {s.co2e(MIXTURE):>12,.1f} kg CO2e")

    csv_path = example_path("ev-maker-2024.csv")
    example_set = factors.load_json(example_path("ev-maker-factors.json"))
    registry = registry.with_set(example_set, position="top")
    table = ActivityTable.from_csv(csv_path)
    emissions = calculate(table, factors=registry, gwp="AR6")
    print(
        f"\n== carbonstd calc {csv_path.name} --factors {example_set.name} --gwp AR6 "
        "--by scope,facility"
    )
    print(f"  {len(table)} rows, {len(emissions.lineage)} distinct factors")
    print(emissions.by("scope", "facility").to_text().rstrip())
    print("\n  The same inventory under other GWP sets (no recalculation):")
    for name in ("AR4", "AR5", "AR6-GWP20"):
        print(f"  {gwp.get(name).name:<22} {emissions.total(name):>16,.1f} kg CO2e")
    print(f"\n== Explain row {EXPLAIN_ROW} (--explain {EXPLAIN_ROW})")
    print(emissions.explain(EXPLAIN_ROW, source_row=True).to_text().rstrip())
    return 0
