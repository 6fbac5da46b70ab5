"""pytest-benchmark cases for the public calculation path at 10**3, 10**5 and 10**6 rows.

Run with ``.venv/bin/pytest benchmarks/bench_calculate.py --benchmark-only`` (see README.md).
The activity table is built once per size (outside the timing) from synthetic data: 200
activity keys over 50 regions and 40 facilities, three units, factors in one in-memory set.
Timed: ``calculate`` (resolution, unit conversion, exact per-gas totals), ``Emissions.by``
over two columns, and CSV reading with ``ActivityTable.from_csv``. Each case checks its
result against an independent computation once, outside the timing.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from carbonstd.activities import ActivityTable
from carbonstd.calculation import Emissions, calculate
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence

ROWS = [10**3, 10**5, 10**6]
N_KEYS = 200
REGIONS = [f"X{i:02d}" for i in range(50)]
UNITS = ["kWh", "MWh", "GJ"]


@cache
def registry() -> FactorRegistry:
    rng = np.random.default_rng(1)
    factors = [
        EmissionFactor(
            id=f"f{i}",
            activity=f"process.p{i:03d}",
            unit="kWh",
            region="GLO",
            year=2024,
            gases={"CO2": float(rng.uniform(0.1, 1.0)), "CH4": 1e-5, "N2O": 2e-6},
        )
        for i in range(N_KEYS)
    ]
    fs = FactorSet(
        name="bench", version="1", title="Bench", licence=Licence(id="CC0-1.0"), factors=factors
    )
    return FactorRegistry([fs])


@cache
def table(n_rows: int) -> ActivityTable:
    rng = np.random.default_rng(n_rows)
    keys = np.array([f"process.p{i:03d}" for i in range(N_KEYS)])
    return ActivityTable.from_columns(
        activity=keys[rng.integers(0, N_KEYS, n_rows)],
        amount=rng.lognormal(5.0, 2.0, n_rows),
        unit=np.array(UNITS)[rng.integers(0, len(UNITS), n_rows)],
        region=np.array(REGIONS)[rng.integers(0, len(REGIONS), n_rows)],
        year=np.full(n_rows, 2024),
        tags={"facility": np.array([f"F{i}" for i in range(40)])[rng.integers(0, 40, n_rows)]},
    )


def check_total(em: Emissions) -> None:
    t = em.table
    per_unit = {"kWh": 1.0, "MWh": 1000.0, "GJ": 1000 / 3.6}
    co2 = {f.activity: dict(f.gases or ())["CO2"] for fs in registry() for f in fs}
    unit = np.array([per_unit[u] for u in t.unit.labels])[t.unit.codes]
    factor = np.array([co2[a] for a in t.activity.labels])[t.activity.codes]
    expected = math.fsum((t.amount * unit * factor).tolist())
    assert math.isclose(em.gas_totals()["CO2"], expected, rel_tol=1e-12)


@pytest.mark.parametrize("n_rows", ROWS)
def test_calculate(benchmark: Any, n_rows: int) -> None:
    t, reg = table(n_rows), registry()
    em = benchmark(lambda: calculate(t, factors=reg, gwp="AR6"))
    check_total(em)


@pytest.mark.parametrize("n_rows", ROWS)
def test_calculate_fast(benchmark: Any, n_rows: int) -> None:
    t, reg = table(n_rows), registry()
    em = benchmark(lambda: calculate(t, factors=reg, gwp="AR6", exact=False))
    check_total(em)


@pytest.mark.parametrize("n_rows", ROWS)
def test_by_two_columns(benchmark: Any, n_rows: int) -> None:
    em = calculate(table(n_rows), factors=registry(), gwp="AR6")
    groups = benchmark(lambda: em.by("region", "facility"))
    assert math.isclose(math.fsum(groups.co2e.tolist()), em.total(), rel_tol=1e-12, abs_tol=1e-9)


@pytest.mark.parametrize("n_rows", ROWS)
def test_from_csv(benchmark: Any, n_rows: int, tmp_path: Path) -> None:
    t = table(n_rows)
    path = tmp_path / "activities.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("activity,amount,unit,region,year,facility\n")
        acts, units, regions = t.activity.values(), t.unit.values(), t.region.values()
        facilities = t.column("facility").values()
        for i, amount in enumerate(t.amount.tolist()):
            f.write(f"{acts[i]},{amount!r},{units[i]},{regions[i]},2024,{facilities[i]}\n")
    read = benchmark(lambda: ActivityTable.from_csv(path))
    assert np.array_equal(read.amount, t.amount)
