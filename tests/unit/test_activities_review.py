"""carbonstd.activities: fixes of review #3 (collect mode, periods, DataFrames, record ids).

Each test reproduces one finding of the issue #3 review (items 2, 4, 5 and 7).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from carbonstd.activities import Activity, ActivityTable, Categorical
from carbonstd.calculation import calculate
from carbonstd.errors import ActivityDataError
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence

HEADER = "activity,amount,unit,region,year\n"


def write(tmp_path: Path, text: str, name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def registry() -> FactorRegistry:
    """Made-up per-kWh and per-litre factors (round numbers, for checking arithmetic)."""
    fs = FactorSet(
        name="test",
        version="1",
        title="Test",
        licence=Licence(id="CC0-1.0"),
        factors=[
            EmissionFactor(
                id="grid", activity="electricity.grid", unit="kWh", year=2024, gases={"CO2": 0.5}
            ),
            EmissionFactor(
                id="diesel", activity="fuel.diesel", unit="L", year=2024, gases={"CO2": 2.5}
            ),
        ],
    )
    return FactorRegistry([fs])


# ---------------------------------------------------------------- item 2: collect mode


def test_collected_rows_leave_no_labels_behind(tmp_path: Path) -> None:
    text = HEADER + (
        "electricity.grid,1000,kWh,GB,2024\n"
        "electricity.grid,1000,ton,GB,2024\n"  # refused unit
        "Fuel Diesel,5,L,FR,2024\n"  # bad key; 'FR' and 'L' only on this row
        "fuel.diesel,10,L,GB,2024\n"
    )
    t = ActivityTable.from_csv(write(tmp_path, text), on_error="collect")
    assert t.unit.labels == ("kWh", "L")
    assert t.activity.labels == ("electricity.grid", "fuel.diesel")
    assert t.region.labels == ("GB",)
    assert t.unit.values() == ("kWh", "L")
    assert [(p.row, p.column) for p in t.problems] == [(2, "unit"), (3, "activity")]
    em = calculate(t, factors=registry(), gwp="AR6")
    assert em.gas_totals() == {"CO2": 1000 * 0.5 + 10 * 2.5}


def test_collected_rows_in_later_chunks_keep_codes_stable(tmp_path: Path) -> None:
    text = HEADER + (
        "electricity.grid,1,kWh,GB,2024\n"
        "electricity.grid,2,ton,GB,2024\n"
        "electricity.grid,3,MWh,GB,2024\n"
        "electricity.grid,4,ton,GB,2024\n"
        "electricity.grid,5,kWh,GB,2024\n"
    )
    chunks = list(ActivityTable.iter_csv(write(tmp_path, text), chunk_rows=2, on_error="collect"))
    assert [c.unit.labels for c in chunks] == [("kWh",), ("kWh", "MWh"), ("kWh", "MWh")]
    assert [c.unit.values() for c in chunks] == [("kWh",), ("MWh",), ("kWh",)]
    em = calculate(iter(chunks), factors=registry(), gwp="AR6")
    assert em.gas_totals() == {"CO2": (1 + 3000 + 5) * 0.5}
    assert em.table.excluded_rows == 2


def test_unused_labels_of_a_categorical_input_are_dropped() -> None:
    t = ActivityTable.from_columns(
        activity=Categorical([1, 1], ("Not A Key", "electricity.grid")),
        amount=np.array([1.0, 2.0]),
        unit=Categorical([0, 0], ("kWh", "ton")),
        region=Categorical([0, 0], ("GB", "??")),
        year=np.array([2024, 2024]),
    )
    assert (t.activity.labels, t.unit.labels, t.region.labels) == (
        ("electricity.grid",),
        ("kWh",),
        ("GB",),
    )
    assert calculate(t, factors=registry(), gwp="AR6").gas_totals() == {"CO2": 1.5}


# ---------------------------------------------------------------- item 4: record ids


def test_record_ids_are_a_variable_width_numpy_string_array(tmp_path: Path) -> None:
    ids = [f"INV-{i:06d}" for i in range(50)] + ["a-much-longer-record-identifier-" + "x" * 40]
    text = "record_id," + HEADER + "".join(f"{r},fuel.diesel,1,L,GB,2024\n" for r in ids)
    t = ActivityTable.from_csv(write(tmp_path, text), chunk_rows=16)
    assert t.record_id is not None
    assert t.record_id.dtype == np.dtypes.StringDType()
    assert t.record_id.tolist() == ids
    assert t.record_id.nbytes == 16 * len(ids)  # not 4 bytes x the longest id per row
    assert t.record_id.flags.writeable is False
    assert t.record(50).record_id == ids[-1]
    cols = ActivityTable.from_columns(
        activity=["fuel.diesel"] * 2,
        amount=[1.0, 2.0],
        unit=["L", "L"],
        region=["GB", "GB"],
        year=[2024, 2024],
        record_id=np.array([" a ", "b"]),
    )
    assert cols.record_id is not None
    assert cols.record_id.tolist() == ["a", "b"]
    assert bool((cols.record_id == "b")[1])


def test_from_columns_does_not_copy_categorical_codes() -> None:
    codes = Categorical(np.arange(1000, dtype=np.int32) % 3, ("kWh", "MWh", "GJ"))
    amount = np.ones(1000)
    t = ActivityTable.from_columns(
        activity=Categorical(np.zeros(1000, dtype=np.int32), ("electricity.grid",)),
        amount=amount,
        unit=codes,
        region=Categorical(np.zeros(1000, dtype=np.int32), ("GB",)),
        year=np.full(1000, 2024, dtype=np.int32),
    )
    assert t.unit.codes is codes.codes  # read-only and owned: shared, not copied
    assert t.unit.labels == codes.labels
    assert not np.shares_memory(t.amount, amount)  # the caller's writable array is copied
    amount[0] = 5.0
    assert t.amount[0] == 1.0


# ---------------------------------------------------------------- item 5: periods


PERIOD_HEADER = "activity,amount,unit,region,year,period_start,period_end\n"


def test_empty_period_cells_with_a_year_mean_no_period(tmp_path: Path) -> None:
    text = PERIOD_HEADER + (
        "fuel.diesel,1,L,GB,2024,,\nfuel.diesel,2,L,GB,2024,2024-01-01,2024-01-31\n"
        "fuel.diesel,3,L,GB,,2023-05-01,2023-05-31\n"
    )
    t = ActivityTable.from_csv(write(tmp_path, text))
    assert t.year.tolist() == [2024, 2024, 2023]
    assert t.period_start is not None
    assert np.isnat(t.period_start[0])
    assert t.record(0).period_start is None
    assert t.record(0).period_end is None
    assert t.record(1).period_end == dt.date(2024, 1, 31)
    assert t.record(2).year == 2023


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("fuel.diesel,1,L,GB,2020,2024-01-01,2024-01-31", "year", "year does not match"),
        ("fuel.diesel,1,L,GB,2024,2024-01-01,", "period_end", "empty period_end"),
        ("fuel.diesel,1,L,GB,2024,,2024-01-31", "period_start", "empty period_start"),
        ("fuel.diesel,1,L,GB,,,", "year", "empty year"),
    ],
)
def test_period_problems_name_file_row_column(
    tmp_path: Path, line: str, column: str, message: str
) -> None:
    path = write(tmp_path, PERIOD_HEADER + "fuel.diesel,1,L,GB,2024,,\n" + line + "\n")
    with pytest.raises(ActivityDataError, match=message) as info:
        ActivityTable.from_csv(path)
    assert (info.value.source, info.value.row, info.value.column) == (str(path), 2, column)
    t = ActivityTable.from_csv(path, on_error="collect")
    assert (len(t), t.excluded_rows) == (1, 1)


def test_contradicting_year_message_says_what_to_do(tmp_path: Path) -> None:
    path = write(tmp_path, PERIOD_HEADER + "fuel.diesel,1,L,GB,2020,2024-01-01,2024-01-31\n")
    with pytest.raises(ActivityDataError) as info:
        ActivityTable.from_csv(path)
    assert str(info.value) == (
        f"year does not match the period: 2020 (in {path}, row 1, column 'year') "
        "(hint: the period starts in 2024 and the reporting year is the year of period_start; "
        "fix the year or the dates, or leave the year empty)"
    )


def test_empty_period_without_a_year_column_is_refused(tmp_path: Path) -> None:
    text = "activity,amount,unit,region,period_start,period_end\nfuel.diesel,1,L,GB,,\n"
    with pytest.raises(ActivityDataError, match="empty period_start") as info:
        ActivityTable.from_csv(write(tmp_path, text))
    assert info.value.column == "period_start"
    assert "add a year column" in str(info.value)


def test_period_from_datetime_arrays_and_nat() -> None:
    t = ActivityTable.from_columns(
        activity=["fuel.diesel"] * 2,
        amount=[1.0, 2.0],
        unit=["L", "L"],
        region=["GB", "GB"],
        year=np.array([2024.0, np.nan]),
        period_start=np.array(["NaT", "2023-02-01"], dtype="datetime64[D]"),
        period_end=np.array(["NaT", "2023-02-28"], dtype="datetime64[D]"),
    )
    assert t.year.tolist() == [2024, 2023]
    with pytest.raises(ActivityDataError, match="year does not match the period: 2022"):
        ActivityTable.from_columns(
            activity=["fuel.diesel"],
            amount=[1.0],
            unit=["L"],
            region=["GB"],
            year=[2022],
            period_start=np.array(["2023-02-01"], dtype="datetime64[D]"),
            period_end=np.array(["2023-02-28"], dtype="datetime64[D]"),
        )


def test_activity_record_refuses_a_contradicting_year() -> None:
    with pytest.raises(ActivityDataError, match="year does not match the period: 2020") as info:
        Activity(
            "fuel.diesel",
            1.0,
            "L",
            "GB",
            year=2020,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 1, 31),
        )
    assert info.value.column == "year"
    ok = Activity(
        "fuel.diesel",
        1.0,
        "L",
        "GB",
        year=2024,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 1, 31),
    )
    assert ActivityTable.from_records([ok]).year.tolist() == [2024]


# ---------------------------------------------------------------- item 7: DataFrames


def frame(**overrides: object) -> Any:
    pd = pytest.importorskip("pandas")
    data: dict[str, object] = {
        "activity": ["fuel.diesel", "fuel.diesel", "fuel.diesel"],
        "amount": [1.0, 2.0, 3.0],
        "unit": ["L", "L", "L"],
        "region": ["GB", "GB", "GB"],
        "year": [2024, 2024, 2024],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_dataframe_nullable_year_with_na_names_row_and_column() -> None:
    pd = pytest.importorskip("pandas")
    df = frame(year=pd.array([2024, None, 2024], dtype="Int64"))
    with pytest.raises(ActivityDataError, match="empty year") as info:
        ActivityTable.from_dataframe(df)
    assert (info.value.source, info.value.row, info.value.column) == ("<dataframe>", 2, "year")
    t = ActivityTable.from_dataframe(df, on_error="collect")
    assert (t.amount.tolist(), t.excluded_rows) == ([1.0, 3.0], 1)
    full = ActivityTable.from_dataframe(frame(year=pd.array([2023, 2024, 2024], dtype="Int64")))
    assert full.year.tolist() == [2023, 2024, 2024]


def test_dataframe_nullable_amounts_and_strings() -> None:
    pd = pytest.importorskip("pandas")
    df = frame(
        amount=pd.array([1, None, 3], dtype="Int64"),
        unit=pd.array(["L", "L", None], dtype="string"),
        site=pd.array(["A", None, "B"], dtype="string"),
    )
    t = ActivityTable.from_dataframe(df, on_error="collect")
    assert t.amount.tolist() == [1.0]
    assert [(p.row, p.column, p.message) for p in t.problems] == [
        (2, "amount", "amount is not finite"),
        (3, "unit", "empty unit"),
    ]
    assert t.column("site").values() == ("A",)
    floats = ActivityTable.from_dataframe(frame(amount=pd.array([1.5, 2.5, 3.5], dtype="Float64")))
    assert floats.amount.tolist() == [1.5, 2.5, 3.5]


def test_dataframe_dates_with_nat_and_a_year() -> None:
    pd = pytest.importorskip("pandas")
    df = frame(
        period_start=pd.to_datetime(["2024-01-01", None, "2024-03-01"]),
        period_end=pd.to_datetime(["2024-01-31", None, "2024-03-31"]),
    )
    t = ActivityTable.from_dataframe(df)
    assert t.period_start is not None
    assert np.isnat(t.period_start).tolist() == [False, True, False]


def test_dataframe_refuses_other_objects() -> None:
    pytest.importorskip("pandas")
    with pytest.raises(ActivityDataError, match="not a pandas DataFrame: 'dict'") as info:
        ActivityTable.from_dataframe({"activity": ["fuel.diesel"]})
    assert "ActivityTable.from_columns" in str(info.value)


def test_dataframe_conversion_errors_are_translated() -> None:
    pd = pytest.importorskip("pandas")
    df = frame(period_start=[object(), object(), object()], period_end=["x", "y", "z"])
    with pytest.raises(ActivityDataError, match="date does not parse"):
        ActivityTable.from_dataframe(df)
    tz = frame(
        period_start=pd.to_datetime(["2024-01-01"] * 3).tz_localize("Europe/London"),
        period_end=pd.to_datetime(["2024-01-31"] * 3).tz_localize("Europe/London"),
    )
    with pytest.raises(ActivityDataError, match="time-zone-aware dates") as info:
        ActivityTable.from_dataframe(tz)
    assert info.value.column == "period_start"


def test_dataframe_with_a_multiindex_column_header_is_refused() -> None:
    pd = pytest.importorskip("pandas")
    df = frame()
    df.columns = pd.MultiIndex.from_tuples([(c, "x") for c in df.columns])
    with pytest.raises(ActivityDataError, match="column names must be strings"):
        ActivityTable.from_dataframe(df)


def test_dataframe_categorical_columns_keep_their_codes() -> None:
    pd = pytest.importorskip("pandas")
    df = frame(
        unit=pd.Categorical(["L", "kWh", "L"], categories=["kWh", "L", "ton"]),
        activity=pd.Categorical(["fuel.diesel", "electricity.grid", "fuel.diesel"]),
        site=pd.Categorical(["A", None, "A"]),
    )
    t = ActivityTable.from_dataframe(df)
    assert t.unit.values() == ("L", "kWh", "L")
    assert t.unit.labels == ("kWh", "L")  # the unused category 'ton' is not kept
    assert t.column("site").values() == ("A", "", "A")
    bad = frame(unit=pd.Categorical(["L", "ton", "L"]))
    with pytest.raises(ActivityDataError, match="unknown or refused unit: 'ton'") as info:
        ActivityTable.from_dataframe(bad)
    assert (info.value.row, info.value.column) == (2, "unit")
