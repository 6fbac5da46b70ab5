"""The compiled row kernels (accel extra) against the numpy path: the same sums, to the bit.

``CARBONSTD_JIT=0`` forces the chunked numpy passes and ``CARBONSTD_JIT=1`` the
numba kernels whatever the table size. Exact results (group sums, gas totals,
CO2e) must be bit-identical; ``exact=False`` results must agree within the
documented float64 bound. Tables cover the row plan's cases: normal triples
under several units, triples whose factor depends on the unit's dimension,
fuel-property conversions (which depend on the region), CO2e-only factors,
unresolved rows, negative amounts, wide magnitudes and wide key spaces.
"""

from __future__ import annotations

import math
import multiprocessing
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from carbonstd.activities import ActivityTable, Categorical
from carbonstd.calculation import Emissions, _rows, calculate
from carbonstd.errors import ActivityDataError
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, FuelProperties, Licence

numba = pytest.importorskip("numba")

REGIONS = ("GB", "FR", "DE", "CN", "US")
UNITS = ("kWh", "MWh", "GJ", "L", "kg", "piece")


def registry() -> FactorRegistry:
    rng = np.random.default_rng(7)
    factors = []
    for i, region in enumerate(REGIONS[:4]):  # US has no grid factor: unresolved rows
        co2, ch4, n2o = rng.uniform(0.05, 1.0), rng.uniform(1e-6, 1e-4), rng.uniform(1e-7, 1e-5)
        factors.append(
            EmissionFactor(
                id=f"grid-{i}",
                activity="electricity.grid",
                unit="kWh",
                region=region,
                year=2024,
                gases={"CO2": co2, "CH4": ch4, "N2O": n2o},
            )
        )
    factors += [
        # Per energy with fuel properties: litres and kg convert through density and NCV.
        EmissionFactor(
            id="diesel",
            activity="fuel.diesel",
            unit="TJ",
            region="GLO",
            year=2006,
            gases={"CO2": 74100.0, "CH4": 3.0, "N2O": 0.6},
            calorific_basis="net",
        ),
        # One station, two unit dimensions: the row's unit picks the factor.
        EmissionFactor(
            id="steel-kg",
            activity="material.steel",
            unit="kg",
            region="GLO",
            year=2024,
            gases={"CO2": 1.9},
        ),
        EmissionFactor(
            id="steel-eur",
            activity="material.steel",
            unit="kWh",
            region="GLO",
            year=2024,
            gases={"CO2": 0.4, "CH4": 1e-5},
        ),
        EmissionFactor(
            id="hotel",
            activity="hotel.night",
            unit="piece",
            region="GLO",
            year=2024,
            co2e=10.4,
            gwp="AR6",
        ),
    ]
    fuels = [FuelProperties(fuel="fuel.diesel", ncv=(43.0, "TJ/Gg"), density=(0.84, "kg/L"))]
    fs = FactorSet(
        name="jit",
        version="1",
        title="JIT test set",
        licence=Licence(id="CC0-1.0"),
        factors=factors,
        fuels=fuels,
    )
    return FactorRegistry([fs])


REG = registry()
ACTIVITIES = ("electricity.grid", "fuel.diesel", "material.steel", "hotel.night")
#: Units each activity may be given in.
ALLOWED = {
    "electricity.grid": ("kWh", "MWh", "GJ"),
    "fuel.diesel": ("L", "kg", "GJ"),
    "material.steel": ("kg", "kWh"),
    "hotel.night": ("piece",),
}


def random_table(
    n: int, seed: int, *, scale: float = 1.0, negative: bool = False, spread: float = 3.0
) -> ActivityTable:
    rng = np.random.default_rng(seed)
    act = rng.integers(0, len(ACTIVITIES), n)
    unit = np.array(
        [
            UNITS.index(ALLOWED[ACTIVITIES[a]][rng.integers(len(ALLOWED[ACTIVITIES[a]]))])
            for a in act
        ]
    )
    amount = scale * 10.0 ** rng.uniform(-spread, spread, n)
    if negative:
        amount *= rng.choice([-1.0, 1.0], n)
    return ActivityTable.from_columns(
        activity=Categorical(act.astype(np.int32), ACTIVITIES),
        amount=amount,
        unit=Categorical(unit.astype(np.int32), UNITS),
        region=Categorical(rng.integers(0, len(REGIONS), n).astype(np.int32), REGIONS),
        year=rng.integers(2023, 2025, n).astype(np.int32),
        tags={
            "site": Categorical(rng.integers(0, 7, n).astype(np.int32), tuple("ABCDEFG")),
            "scope": Categorical(rng.integers(0, 3, n).astype(np.int32), ("1", "2", "3")),
            "team": Categorical(rng.integers(0, 4, n).astype(np.int32), ("w", "x", "y", "z")),
            "lot": Categorical(rng.integers(0, 5, n).astype(np.int32), tuple("abcde")),
        },
        allow_negative=negative,
    )


def run(
    monkeypatch: pytest.MonkeyPatch, mode: str, table: ActivityTable, *, exact: bool = True
) -> Emissions:
    monkeypatch.setenv(_rows.JIT_ENV, mode)
    return calculate(table, factors=REG, gwp="AR6", on_missing="report", exact=exact)


GROUPINGS = [
    (),
    ("site",),
    ("site", "scope"),
    ("site", "scope", "team"),
    ("site", "scope", "team", "lot"),
]


def results(em: Emissions) -> Iterator[bytes]:
    for cols in GROUPINGS:
        groups = em.by(*cols)
        yield repr(groups.labels).encode()
        yield np.asarray(groups.values).tobytes()
        yield np.asarray(groups.co2e).tobytes()
    yield em.gas_sums.tobytes()
    yield repr(em.total()).encode()


@pytest.mark.parametrize(
    ("seed", "scale", "negative", "spread"),
    [(1, 1.0, False, 3.0), (2, 1.0, True, 3.0), (3, 1e-290, False, 10.0), (4, 1e250, True, 20.0)],
)
def test_exact_sums_bit_identical(
    monkeypatch: pytest.MonkeyPatch, seed: int, scale: float, negative: bool, spread: float
) -> None:
    table = random_table(3000, seed, scale=scale, negative=negative, spread=spread)
    numpy_path = list(results(run(monkeypatch, "0", table)))
    jit_path = list(results(run(monkeypatch, "1", table)))
    assert jit_path == numpy_path


def test_exact_sums_equal_fsum_of_row_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    table = random_table(2000, 11, negative=True)
    em = run(monkeypatch, "1", table)
    factors = em.factor_table
    index = em.row_index
    ok = index < factors.shape[0]
    rows = np.flatnonzero(ok)
    for j, gas in enumerate(em.gases):
        terms = (table.amount[rows] * factors[index[rows], j]).tolist()
        assert em.gas_totals()[gas] == math.fsum(terms)
    site = table.column("site").codes
    groups = em.by("site")
    for label, values in zip(groups.labels, groups.values, strict=True):
        code = "ABCDEFG".index(label[0])
        mine = rows[site[rows] == code]
        for j in range(len(em.gases)):
            assert values[j] == math.fsum((table.amount[mine] * factors[index[mine], j]).tolist())


def test_unresolved_rows_are_left_out_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    table = random_table(1000, 5)
    em = run(monkeypatch, "1", table)
    assert em.unresolved_rows > 0  # US grid rows and 2023 rows of factors dated 2024
    assert em.unresolved_rows == run(monkeypatch, "0", table).unresolved_rows


def test_fast_mode_within_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    table = random_table(3000, 6)
    exact = run(monkeypatch, "1", table).by("site", "scope")
    fast = run(monkeypatch, "1", table, exact=False).by("site", "scope")
    numpy_fast = run(monkeypatch, "0", table, exact=False).by("site", "scope")
    assert fast.labels == exact.labels == numpy_fast.labels
    # All terms are positive here: error <= (n - 1) * 2**-53 * |sum| per group of n rows.
    bound = 3000 * 2.0**-53 * np.abs(np.asarray(exact.values))
    assert np.all(np.abs(np.asarray(fast.values) - np.asarray(exact.values)) <= bound)
    assert np.all(np.abs(np.asarray(numpy_fast.values) - np.asarray(exact.values)) <= bound)


def test_parts_and_threads_do_not_change_results(monkeypatch: pytest.MonkeyPatch) -> None:
    table = random_table(5000, 8, negative=True)
    want_exact = list(results(run(monkeypatch, "0", table)))
    monkeypatch.setattr(_rows, "_PART_ROWS", 700)  # 4 parts of at most 1,250 rows
    assert _rows._parts(len(table)) == 4
    fast = []
    for cpus in (1, 2, 4):
        monkeypatch.setattr(_rows, "_cpus", lambda cpus=cpus: cpus)
        assert list(results(run(monkeypatch, "1", table))) == want_exact
        fast.append(list(results(run(monkeypatch, "1", table, exact=False))))
    assert fast[0] == fast[1] == fast[2]


def test_calls_from_many_threads_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    table = random_table(4000, 12)
    monkeypatch.setattr(_rows, "_PART_ROWS", 500)
    want = list(results(run(monkeypatch, "0", table)))

    def work(_: int) -> list[bytes]:
        em = calculate(table, factors=REG, gwp="AR6", on_missing="report")
        return list(results(em))

    monkeypatch.setenv(_rows.JIT_ENV, "1")
    with ThreadPoolExecutor(max_workers=6) as pool:
        outs = list(pool.map(work, range(12)))
    assert all(out == want for out in outs)


def test_many_blocks_carry_between_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    table = random_table(4000, 9, negative=True)
    want = list(results(run(monkeypatch, "0", table)))
    monkeypatch.setattr(_rows, "_JIT_BLOCK", 333)
    assert list(results(run(monkeypatch, "1", table))) == want


def test_wide_key_space_uses_per_row_triples(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 600
    rng = np.random.default_rng(3)
    # 60 activities x 600 regions x 35 years x 1 unit = 1.26 million keys for 600 rows:
    # more than a dense table is built for, so rows keep their triple codes. Every
    # region falls back to the activity's GLO factor.
    acts = tuple(f"a{i}" for i in range(60))
    regions = tuple(f"R{i}" for i in range(n))
    years = rng.integers(1990, 2025, n)
    years[:2] = (1990, 2024)
    factors = [
        EmissionFactor(
            id=f"f{a}",
            activity=acts[a],
            unit="kWh",
            region="GLO",
            year=1990,
            gases={"CO2": 0.1 + a / 7, "N2O": 1e-6 * (a + 1)},
        )
        for a in range(60)
    ]
    reg = FactorRegistry(
        [
            FactorSet(
                name="w", version="1", title="W", licence=Licence(id="CC0-1.0"), factors=factors
            )
        ]
    )
    table = ActivityTable.from_columns(
        activity=Categorical((np.arange(n) % 60).astype(np.int32), acts),
        amount=rng.uniform(1, 100, n),
        unit=Categorical(np.zeros(n, dtype=np.int32), ("kWh",)),
        region=Categorical(np.arange(n, dtype=np.int32), regions),
        year=years.astype(np.int32),
        tags={"site": Categorical(rng.integers(0, 3, n).astype(np.int32), ("A", "B", "C"))},
    )
    out = []
    for mode in ("0", "1"):
        monkeypatch.setenv(_rows.JIT_ENV, mode)
        em = calculate(table, factors=reg, gwp="AR6", year_rule="latest_earlier")
        assert em._plan.row_triple is not None
        assert em.unresolved_rows == 0
        out.append((em.by("site").values.tobytes(), em.gas_sums.tobytes(), em.row_index.tobytes()))
    assert out[0] == out[1]
    assert em.explain(5).lineage is not None


@pytest.mark.parametrize("mode", ["0", "1"])
@pytest.mark.parametrize("exact", [True, False])
def test_overflow_names_the_row(monkeypatch: pytest.MonkeyPatch, mode: str, exact: bool) -> None:
    n = 50
    amount = np.ones(n)
    amount[37] = 1e307  # x 74.1 kg CO2 per GJ > 1.8e308
    table = ActivityTable.from_columns(
        activity=["fuel.diesel"] * n,
        amount=amount,
        unit=["GJ"] * n,
        region=["GB"] * n,
        year=np.full(n, 2024),
    )
    monkeypatch.setenv(_rows.JIT_ENV, mode)
    em = calculate(table, factors=REG, gwp="AR6", exact=exact)
    with pytest.raises(ActivityDataError, match="overflows float64 at row 37") as info:
        em.by()
    assert info.value.value == 1e307


def test_jit_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_rows.JIT_ENV, "0")
    assert _rows.jit_kernels(10**9) is None
    monkeypatch.setenv(_rows.JIT_ENV, "1")
    assert _rows.jit_kernels(1) is not None
    monkeypatch.setenv(_rows.JIT_ENV, "auto")
    assert _rows.jit_kernels(_rows.JIT_MIN_ROWS - 1) is None
    assert _rows.jit_kernels(_rows.JIT_MIN_ROWS) is not None


def _child_total(queue: Any) -> None:
    table = random_table(3000, 13)
    em = calculate(table, factors=REG, gwp="AR6", on_missing="report")
    queue.put(em.by("site").values.tobytes())


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_fork_after_use_does_not_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_rows, "_PART_ROWS", 500)  # several parts: threads in the parent
    monkeypatch.setenv(_rows.JIT_ENV, "1")
    table = random_table(3000, 13)
    want = calculate(table, factors=REG, gwp="AR6", on_missing="report").by("site")
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_total, args=(queue,))
    child.start()
    try:
        got = queue.get(timeout=120)
    finally:
        child.join(timeout=10)
        if child.is_alive():  # pragma: no cover - the failure this test is about
            child.kill()
    assert got == want.values.tobytes()


def test_numba_threading_layer_is_never_started(tmp_path: Path) -> None:
    # numba's threading layers are not both fork- and thread-safe; the kernels must
    # never start one (parts run on Python threads).
    script = tmp_path / "probe.py"
    script.write_text(
        "import os, sys\n"
        "os.environ['CARBONSTD_JIT'] = '1'\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import numba\n"
        "from carbonstd.calculation import _rows, calculate\n"
        "from test_rows_jit import REG, random_table\n"
        "_rows._PART_ROWS = 500\n"
        "em = calculate(random_table(3000, 14), factors=REG, gwp='AR6', on_missing='report')\n"
        "em.by('site')\n"
        "calculate(random_table(3000, 15), factors=REG, gwp='AR6', on_missing='report',\n"
        "          exact=False).by('site')\n"
        "try:\n"
        "    print(numba.threading_layer())\n"
        "except ValueError:\n"
        "    print('none')\n"
    )
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "none"


def test_fast_totals_do_not_depend_on_the_grouping(monkeypatch: pytest.MonkeyPatch) -> None:
    # Groupings of any width take the same compiled path, so the float64 totals that a
    # first by() keeps are the same whichever grouping ran first.
    table = random_table(5000, 16, negative=True)
    monkeypatch.setenv(_rows.JIT_ENV, "1")
    totals = set()
    for cols in GROUPINGS:
        em = calculate(table, factors=REG, gwp="AR6", on_missing="report", exact=False)
        em.by(*cols)
        totals.add(em.gas_sums.tobytes())
    assert len(totals) == 1


def test_overflow_names_the_same_first_row_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    # Row 5 overflows only N2O (the second gas), row 12 only CO2: both paths name row 5.
    factor = EmissionFactor(
        id="big",
        activity="process.big",
        unit="kg",
        region="GLO",
        year=2024,
        gases={"CO2": 10.0, "N2O": 1e10},
    )
    reg = FactorRegistry(
        [
            FactorSet(
                name="b", version="1", title="B", licence=Licence(id="CC0-1.0"), factors=[factor]
            )
        ]
    )
    amount = np.ones(40)
    amount[5] = 1e300
    amount[12] = 1e308
    table = ActivityTable.from_columns(
        activity=["process.big"] * 40,
        amount=amount,
        unit=["kg"] * 40,
        region=["GB"] * 40,
        year=np.full(40, 2024),
    )
    messages = []
    for mode in ("0", "1"):
        monkeypatch.setenv(_rows.JIT_ENV, mode)
        em = calculate(table, factors=reg, gwp="AR6")
        with pytest.raises(ActivityDataError) as info:
            em.by()
        messages.append(str(info.value).splitlines()[0])
    assert messages[0] == messages[1]
    assert "at row 5" in messages[0]


def test_chunk_rows_above_the_exact_limit_work_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = random_table(1000, 17)
    out = []
    for mode in ("0", "1"):
        monkeypatch.setenv(_rows.JIT_ENV, mode)
        em = calculate(table, factors=REG, gwp="AR6", on_missing="report", chunk_rows=1 << 22)
        out.append(em.by("site").to_json())
    assert out[0] == out[1]


@pytest.mark.parametrize(("value", "compiled"), [("true", True), ("on", True), ("off", False)])
def test_jit_switch_words(monkeypatch: pytest.MonkeyPatch, value: str, compiled: bool) -> None:
    monkeypatch.setenv(_rows.JIT_ENV, value)
    assert (_rows.jit_kernels(1) is not None) is compiled
