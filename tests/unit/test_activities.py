"""carbonstd.activities: records, columns, CSV streaming, DataFrames and bad-row reporting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from carbonstd.activities import Activity, ActivityTable, Categorical, example_path
from carbonstd.errors import ActivityDataError

HEADER = "activity,amount,unit,region,year,facility\n"


def write(tmp_path: Path, text: str, name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_from_columns_encodes_each_distinct_label_once() -> None:
    t = ActivityTable.from_columns(
        activity=["fuel.diesel", "fuel.diesel", "electricity.grid"],
        amount=np.array([1.0, 2.0, 3.0]),
        unit=["L", "L", "kWh"],
        region=["GB", "GB", "GB"],
        year=np.array([2024, 2024, 2023]),
    )
    assert t.activity.labels == ("fuel.diesel", "electricity.grid")
    assert t.activity.codes.tolist() == [0, 0, 1]
    assert t.unit.labels == ("L", "kWh")
    assert t.year.dtype == np.int32
    assert t.amount.flags.writeable is False
    assert t.row_number is not None
    assert t.row_number.tolist() == [1, 2, 3]


def test_from_records_mixes_activities_and_mappings() -> None:
    t = ActivityTable.from_records(
        [
            Activity("fuel.diesel", 2.5, "L", "GB", year=2024, tags={"site": "A"}),
            {"activity": "fuel.diesel", "amount": "3", "unit": "L", "region": "GB", "year": 2024},
        ]
    )
    assert t.amount.tolist() == [2.5, 3.0]
    assert t.column("site").values() == ("A", "")


def test_period_columns_give_the_year() -> None:
    t = ActivityTable.from_columns(
        activity=["fuel.diesel"],
        amount=[1.0],
        unit=["L"],
        region=["GB"],
        period_start=["2023-12-01"],
        period_end=["2023-12-31"],
    )
    assert t.year.tolist() == [2023]
    assert t.record(0).period_end == dt.date(2023, 12, 31)


def test_csv_round_trip_and_free_tags(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "fuel.diesel,10,L,GB,2024,North\nfuel.diesel, 5 ,L,GB,2024,\n")
    t = ActivityTable.from_csv(path)
    assert t.amount.tolist() == [10.0, 5.0]
    assert t.column("facility").values() == ("North", "")
    assert t.source == str(path)


def test_iter_csv_chunks_share_label_dictionaries(tmp_path: Path) -> None:
    rows = "".join(f"fuel.diesel,{i},{'L' if i % 2 else 'm3'},GB,2024,S{i % 3}\n" for i in range(7))
    chunks = list(ActivityTable.iter_csv(write(tmp_path, HEADER + rows), chunk_rows=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    last = chunks[-1].unit.labels
    for chunk in chunks:
        assert chunk.unit.labels == last[: len(chunk.unit.labels)]
    joined = ActivityTable.concat(chunks)
    assert joined.amount.tolist() == [float(i) for i in range(7)]
    assert joined.row_number is not None
    assert joined.row_number.tolist() == list(range(1, 8))


def test_iter_csv_reports_progress(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = write(tmp_path, HEADER + "fuel.diesel,1,L,GB,2024,A\n" * 5)
    list(ActivityTable.iter_csv(path, chunk_rows=2, progress=lambda d, t: calls.append((d, t))))
    size = path.stat().st_size
    assert calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_blank_lines_keep_row_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "fuel.diesel,1,L,GB,2024,A\n\nfuel.diesel,x,L,GB,2024,A\n")
    with pytest.raises(ActivityDataError, match="amount is not a number") as info:
        ActivityTable.from_csv(path)
    assert info.value.row == 3
    assert info.value.column == "amount"
    assert info.value.source == str(path)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("fuel.diesel,abc,L,GB,2024,A", "amount", "amount is not a number: 'abc'"),
        ("fuel.diesel,nan,L,GB,2024,A", "amount", "amount is not finite: nan"),
        ("fuel.diesel,inf,L,GB,2024,A", "amount", "amount is not finite: inf"),
        ("fuel.diesel,-4,L,GB,2024,A", "amount", "amount is negative: -4.0"),
        ("fuel.diesel,1,gallon,GB,2024,A", "unit", "unknown or refused unit: 'gallon'"),
        ("fuel.diesel,1,blorps,GB,2024,A", "unit", "unknown or refused unit: 'blorps'"),
        (",1,L,GB,2024,A", "activity", "empty activity"),
        ("Fuel Diesel,1,L,GB,2024,A", "activity", "not a valid activity code: 'Fuel Diesel'"),
        ("fuel.diesel,1,L,,2024,A", "region", "empty region"),
        ("fuel.diesel,1,L,gb,2024,A", "region", "not a valid region code: 'gb'"),
        ("fuel.diesel,1,L,GB,24,A", "year", "year does not parse: '24'"),
        ("fuel.diesel,1,L,GB,1066,A", "year", "year out of range: 1066"),
        ("fuel.diesel,1,L,GB,2024", None, "malformed CSV row: '5 fields where the header has 6'"),
    ],
)
def test_bad_row_raises_with_file_row_column(
    tmp_path: Path, line: str, column: str | None, message: str
) -> None:
    path = write(tmp_path, HEADER + "fuel.diesel,1,L,GB,2024,A\n" + line + "\n")
    with pytest.raises(ActivityDataError) as info:
        ActivityTable.from_csv(path)
    err = info.value
    assert message in str(err)
    assert err.row == 2
    assert err.column == column
    assert str(path) in str(err)


def test_bad_dates_are_reported(tmp_path: Path) -> None:
    text = (
        "activity,amount,unit,region,period_start,period_end\n"
        "fuel.diesel,1,L,GB,2024-02-30,2024-03-01\n"
        "fuel.diesel,1,L,GB,2024-03-01,2024-02-01\n"
    )
    t = ActivityTable.from_csv(write(tmp_path, text), on_error="collect")
    assert len(t) == 0
    assert t.excluded_rows == 2
    assert [(p.row, p.column) for p in t.problems] == [(1, "period_start"), (2, "period_end")]
    assert "date does not parse: '2024-02-30'" in str(t.problems[0])
    assert "period ends before it starts" in str(t.problems[1])


def test_collect_keeps_good_rows_and_counts_bad_ones(tmp_path: Path) -> None:
    text = HEADER + (
        "fuel.diesel,1,L,GB,2024,A\nfuel.diesel,-1,ton,GB,2024,A\nfuel.diesel,2,L,GB,2024,B\n"
    )
    t = ActivityTable.from_csv(write(tmp_path, text), on_error="collect")
    assert t.amount.tolist() == [1.0, 2.0]
    assert t.row_number is not None
    assert t.row_number.tolist() == [1, 3]
    assert t.excluded_rows == 1
    assert [p.column for p in t.problems] == ["amount", "unit"]
    assert "EXCLUDED 1 bad rows" in repr(t)


def test_raise_mentions_further_problems(tmp_path: Path) -> None:
    text = HEADER + "fuel.diesel,-1,L,GB,2024,A\nfuel.diesel,-2,L,GB,2024,A\n"
    with pytest.raises(ActivityDataError, match="1 more problem") as info:
        ActivityTable.from_csv(write(tmp_path, text))
    assert info.value.row == 1


def test_allow_negative() -> None:
    t = ActivityTable.from_columns(
        activity=["fuel.diesel"],
        amount=[-2.0],
        unit=["L"],
        region=["GB"],
        year=[2024],
        allow_negative=True,
    )
    assert t.amount.tolist() == [-2.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "activity file is empty"),
        ("activity,amount,unit\n", "required column missing: 'region'"),
        ("activity,amount,unit,region\n", "no period column"),
        ("activity,amount,unit,region,year,year\n", "column appears twice: 'year'"),
        ("activity,amount,unit,region,,year\n", "empty column name"),
        ("activity,amount,unit,region,period_start\n", "period_start and period_end go together"),
    ],
)
def test_bad_header(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ActivityDataError, match=message):
        ActivityTable.from_csv(write(tmp_path, text))


def test_missing_file_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(ActivityDataError, match="cannot open activity file"):
        ActivityTable.from_csv(tmp_path / "nope.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "fuel.diesel,1,L,GB,2024,Gen\xe8ve\n".encode("latin-1"))
    with pytest.raises(ActivityDataError, match="not UTF-8"):
        ActivityTable.from_csv(path)


def test_bad_arguments() -> None:
    with pytest.raises(ActivityDataError, match="on_error must be"):
        ActivityTable.from_columns(
            activity=["fuel.diesel"],
            amount=[1.0],
            unit=["L"],
            region=["GB"],
            year=[2024],
            on_error="ignore",  # type: ignore[arg-type]
        )
    with pytest.raises(ActivityDataError, match="columns have different lengths"):
        ActivityTable.from_columns(
            activity=["fuel.diesel"], amount=[1.0, 2.0], unit=["L"], region=["GB"], year=[2024]
        )
    with pytest.raises(ActivityDataError, match="chunk_rows must be a positive integer"):
        list(ActivityTable.iter_csv(example_path("ev-maker-2024.csv"), chunk_rows=0))
    with pytest.raises(ActivityDataError, match="no such column: 'site'"):
        ActivityTable.from_records([Activity("fuel.diesel", 1.0, "L", "GB", year=2024)]).column(
            "site"
        )
    with pytest.raises(ActivityDataError, match="a record must be an Activity or a mapping"):
        ActivityTable.from_records([("fuel.diesel", 1.0)])  # type: ignore[list-item]


def test_activity_record_validation() -> None:
    with pytest.raises(ActivityDataError, match="amount is not finite"):
        Activity("fuel.diesel", float("nan"), "L", "GB", year=2024)
    with pytest.raises(ActivityDataError, match="empty activity"):
        Activity(" ", 1.0, "L", "GB", year=2024)
    with pytest.raises(ActivityDataError, match="activity has no period"):
        Activity("fuel.diesel", 1.0, "L", "GB")
    with pytest.raises(ActivityDataError, match="period ends before it starts"):
        Activity(
            "fuel.diesel",
            1.0,
            "L",
            "GB",
            period_start=dt.date(2024, 2, 1),
            period_end=dt.date(2024, 1, 1),
        )
    with pytest.raises(ActivityDataError, match="tags must map free column names"):
        Activity("fuel.diesel", 1.0, "L", "GB", year=2024, tags={"amount": "1"})


def test_categorical_validation() -> None:
    with pytest.raises(ActivityDataError, match="categorical code out of range: 2"):
        Categorical([0, 2], ("a", "b"))
    with pytest.raises(ActivityDataError, match="categorical labels repeat: 'a'"):
        Categorical([0], ("a", "a"))


def test_from_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "activity": ["fuel.diesel", "fuel.diesel"],
            "amount": [1.0, float("nan")],
            "unit": ["L", "L"],
            "region": ["GB", "GB"],
            "year": [2024, 2024],
            "site": ["A", None],
        }
    )
    with pytest.raises(ActivityDataError, match="amount is not finite") as info:
        ActivityTable.from_dataframe(df)
    assert info.value.row == 2
    t = ActivityTable.from_dataframe(df, on_error="collect")
    assert len(t) == 1
    assert t.column("site").values() == ("A",)


def test_bundled_example_reads_cleanly() -> None:
    t = ActivityTable.from_csv(example_path("ev-maker-2024.csv"))
    assert len(t) == 88
    assert t.excluded_rows == 0
    assert set(t.column("scope").used_labels()) == {"1", "2", "3"}
    assert t.record_id is not None
    assert len(set(t.record_id.tolist())) == 88
    with pytest.raises(ActivityDataError, match="no such example file"):
        example_path("nope.csv")
