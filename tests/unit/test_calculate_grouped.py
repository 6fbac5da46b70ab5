"""calculate_grouped: sums over a stream of tables equal calculate(concat).by(), to the bit."""

from __future__ import annotations

import csv
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from carbonstd.activities import ActivityTable, Categorical
from carbonstd.calculation import _rows, calculate, calculate_grouped
from carbonstd.errors import ActivityDataError, MissingFactorError
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence

REG = FactorRegistry(
    [
        FactorSet(
            name="s",
            version="1",
            title="S",
            licence=Licence(id="CC0-1.0"),
            factors=[
                EmissionFactor(
                    id="grid",
                    activity="electricity.grid",
                    unit="kWh",
                    region="GB",
                    year=2024,
                    gases={"CO2": 0.20705, "CH4": 3.1e-5, "N2O": 4.6e-6},
                ),
                EmissionFactor(
                    id="r134a",
                    activity="refrigerant.hfc_134a",
                    unit="kg",
                    region="GLO",
                    year=2024,
                    gases={"HFC-134a": 1.0},
                ),
                EmissionFactor(
                    id="pellets",
                    activity="fuel.wood_pellets",
                    unit="t",
                    region="GLO",
                    year=2024,
                    gases={"CO2_biogenic": 1600.0, "CH4": 0.5},
                ),
            ],
        )
    ]
)
ACTS = ("electricity.grid", "refrigerant.hfc_134a", "fuel.wood_pellets", "fuel.unknown")
UNITS = ("kWh", "kg", "t", "L")


def table(n: int, seed: int, *, acts: tuple[int, ...] = (0, 1, 2)) -> ActivityTable:
    rng = np.random.default_rng(seed)
    a = rng.choice(acts, n)
    return ActivityTable.from_columns(
        activity=Categorical(a.astype(np.int32), ACTS),
        amount=10.0 ** rng.uniform(-8, 8, n),
        unit=Categorical(a.astype(np.int32), UNITS),
        region=["GB"] * n,
        year=np.full(n, 2024),
        tags={
            "site": Categorical(rng.integers(0, 5, n).astype(np.int32), tuple("ABCDE")),
            "scope": Categorical(rng.integers(0, 2, n).astype(np.int32), ("1", "2")),
        },
    )


@pytest.mark.parametrize("mode", ["0", "1"])
@pytest.mark.parametrize("by", [(), ("site",), ("scope", "site"), ("activity", "unit")])
def test_equals_calculate_of_the_concatenation(
    monkeypatch: pytest.MonkeyPatch, mode: str, by: tuple[str, ...]
) -> None:
    if mode == "1":
        pytest.importorskip("numba")
    monkeypatch.setenv(_rows.JIT_ENV, mode)
    # Chunks whose gases and groups differ: the first has no refrigerant rows.
    chunks = [table(300, 1, acts=(0, 2)), table(500, 2), table(1, 3), table(700, 4, acts=(1,))]
    whole = calculate(ActivityTable.concat(chunks), factors=REG, gwp="AR6").by(*by)
    streamed = calculate_grouped(iter(chunks), by=by, factors=REG, gwp="AR6")
    assert streamed.to_json() == whole.to_json()
    assert np.asarray(streamed.values).tobytes() == np.asarray(whole.values).tobytes()
    assert np.asarray(streamed.co2e).tobytes() == np.asarray(whole.co2e).tobytes()


def test_include_biogenic_and_other_gwp() -> None:
    chunks = [table(200, 5), table(300, 6)]
    whole = calculate(ActivityTable.concat(chunks), factors=REG, gwp="AR5")
    streamed = calculate_grouped(chunks, by=["site"], factors=REG, gwp="AR5", include_biogenic=True)
    assert streamed.to_json() == whole.by("site", include_biogenic=True).to_json()


def test_fast_mode_within_bound() -> None:
    chunks = [table(400, 7), table(400, 8)]
    exact = calculate_grouped(chunks, by=["site"], factors=REG, gwp="AR6")
    fast = calculate_grouped(chunks, by=["site"], factors=REG, gwp="AR6", exact=False)
    assert fast.labels == exact.labels
    bound = 800 * 2.0**-53 * np.abs(np.asarray(exact.values))
    assert np.all(np.abs(np.asarray(fast.values) - np.asarray(exact.values)) <= bound)


def test_csv_stream_matches_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    rng = np.random.default_rng(9)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["activity", "amount", "unit", "region", "year", "site"])
        for i in range(2500):
            w.writerow(
                [
                    "electricity.grid",
                    repr(float(rng.uniform(0, 1e4))),
                    "kWh",
                    "GB",
                    2024,
                    "AB"[i % 2],
                ]
            )
    whole = calculate(ActivityTable.from_csv(path), factors=REG, gwp="AR6").by("site")
    streamed = calculate_grouped(
        ActivityTable.iter_csv(path, chunk_rows=300), by=["site"], factors=REG, gwp="AR6"
    )
    assert streamed.to_json() == whole.to_json()


def test_missing_factor_in_a_later_chunk() -> None:
    chunks = [table(50, 10), table(50, 11, acts=(0, 3))]
    with pytest.raises(MissingFactorError, match=r"fuel\.unknown"):
        calculate_grouped(chunks, by=["site"], factors=REG, gwp="AR6")
    report = calculate_grouped(chunks, by=["site"], factors=REG, gwp="AR6", on_missing="report")
    whole = calculate(ActivityTable.concat(chunks), factors=REG, gwp="AR6", on_missing="report")
    assert report.unresolved_rows == whole.unresolved_rows > 0
    assert report.to_json() == whole.by("site").to_json()


def test_no_chunks_gives_an_empty_table() -> None:
    out = calculate_grouped([], by=["site"], factors=REG, gwp="AR6")
    assert out.labels == ()
    assert np.asarray(out.values).shape[0] == 0


@pytest.mark.parametrize(
    ("activities", "by"),
    [
        ("a.csv", ()),
        (table(3, 1), ()),
        ([table(3, 1), "x"], ()),
        ([table(3, 1)], "site"),
        ([table(3, 1)], ("site", "site")),
    ],
)
def test_bad_arguments(activities: object, by: object) -> None:
    with pytest.raises(ActivityDataError):
        calculate_grouped(activities, by=by, factors=REG, gwp="AR6")  # type: ignore[arg-type]


def test_memory_follows_the_chunk_not_the_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_rows.JIT_ENV, "0")

    def chunks(n: int) -> Iterator[ActivityTable]:
        for i in range(n):
            yield table(20_000, 100 + i)

    tracemalloc.start()
    try:
        calculate_grouped(chunks(2), by=["site"], factors=REG, gwp="AR6")
        _, peak_small = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        calculate_grouped(chunks(20), by=["site"], factors=REG, gwp="AR6")
        _, peak_large = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Ten times the rows (400,000: their amounts alone are 3.2 MB) within 1.5x the peak.
    assert peak_large < 1.5 * peak_small


def tagged(n: int, seed: int, tags: dict[str, tuple[str, ...]]) -> ActivityTable:
    rng = np.random.default_rng(seed)
    return ActivityTable.from_columns(
        activity=["electricity.grid"] * n,
        amount=rng.uniform(1, 1000, n),
        unit=["kWh"] * n,
        region=["GB"] * n,
        year=np.full(n, 2024),
        tags={
            name: Categorical(rng.integers(0, len(labels), n).astype(np.int32), labels)
            for name, labels in tags.items()
        },
    )


@pytest.mark.parametrize("exact", [True, False])
def test_a_tag_missing_from_some_chunks_is_an_empty_label(exact: bool) -> None:
    chunks = [
        tagged(100, 1, {"scope": ("1", "2")}),
        tagged(100, 2, {"site": ("A", "B"), "scope": ("1",)}),
        tagged(50, 3, {}),
    ]
    whole = calculate(ActivityTable.concat(chunks), factors=REG, gwp="AR6", exact=exact)
    streamed = calculate_grouped(chunks, by=["site", "scope"], factors=REG, gwp="AR6", exact=exact)
    assert streamed.labels == whole.by("site", "scope").labels
    assert ("", "1") in streamed.labels
    if exact:
        assert streamed.to_json() == whole.by("site", "scope").to_json()


def test_a_column_in_no_chunk_is_refused() -> None:
    chunks = [tagged(10, 1, {"site": ("A",)}), tagged(10, 2, {})]
    with pytest.raises(ActivityDataError, match="no such column") as info:
        calculate_grouped(chunks, by=["sight"], factors=REG, gwp="AR6")
    assert info.value.value == "sight"


def test_zero_chunks_do_not_widen_the_digit_window() -> None:
    zeros = ActivityTable.from_columns(
        activity=["electricity.grid"] * 5,
        amount=np.zeros(5),
        unit=["kWh"] * 5,
        region=["GB"] * 5,
        year=np.full(5, 2024),
        tags={"site": ["Z"] * 5},
    )
    chunks = [zeros, tagged(200, 4, {"site": ("A", "B")}), zeros]
    whole = calculate(ActivityTable.concat(chunks), factors=REG, gwp="AR6").by("site")
    streamed = calculate_grouped(chunks, by=["site"], factors=REG, gwp="AR6")
    assert streamed.to_json() == whole.to_json()
    assert ("Z",) in streamed.labels
