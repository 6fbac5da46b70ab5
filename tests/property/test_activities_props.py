"""Property tests of carbonstd.activities: chunking, collect mode, encodings, periods."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonstd.activities import ActivityTable, Categorical

UNITS = ("kWh", "MWh", "L", "ton", "gallon", "")  # 'ton', 'gallon', '' are refused
ACTIVITIES = ("electricity.grid", "fuel.diesel", "Not A Key", "")
REGIONS = ("GB", "FR", "gb")
AMOUNTS = ("1", "2.5", "-3", "nan", "x", "1e3")
YEARS = ("2024", "2023", "", "24")

row = st.tuples(
    st.sampled_from(ACTIVITIES),
    st.sampled_from(AMOUNTS),
    st.sampled_from(UNITS),
    st.sampled_from(REGIONS),
    st.sampled_from(YEARS),
    st.sampled_from(("A", "B", "")),
)


def write_csv(directory: str, rows: list[tuple[str, ...]]) -> Path:
    path = Path(directory) / "a.csv"
    text = "activity,amount,unit,region,year,facility\n" + "".join(",".join(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(t: ActivityTable) -> tuple[object, ...]:
    assert t.row_number is not None
    return (
        t.activity.values(),
        t.amount.tolist(),
        t.unit.values(),
        t.region.values(),
        t.year.tolist(),
        t.column("facility").values(),
        t.row_number.tolist(),
        [(p.row, p.column, p.message) for p in t.problems],
        t.excluded_rows,
    )


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(row, max_size=25), chunk_rows=st.integers(1, 30))
def test_collect_mode_is_chunk_size_invariant_and_keeps_only_used_labels(
    rows: list[tuple[str, ...]], chunk_rows: int
) -> None:
    with TemporaryDirectory() as d:
        path = write_csv(d, rows)
        whole = ActivityTable.from_csv(path, on_error="collect", chunk_rows=1 << 16)
        chunked = ActivityTable.from_csv(path, on_error="collect", chunk_rows=chunk_rows)
        chunks = list(ActivityTable.iter_csv(path, on_error="collect", chunk_rows=chunk_rows))
    assert snapshot(whole) == snapshot(chunked)
    assert snapshot(ActivityTable.concat(chunks, source=str(path))) == snapshot(whole)
    # Every row is kept or excluded, never both, never neither.
    assert len(whole) + whole.excluded_rows == len(rows)
    assert {p.row for p in whole.problems} == set(range(1, len(rows) + 1)) - set(
        whole.row_number.tolist() if whole.row_number is not None else []
    )
    # Labels are exactly those of kept rows: nothing a refused row brought in.
    for col in (whole.activity, whole.unit, whole.region):
        assert set(col.labels) == set(col.used_labels())
    assert not {"ton", "gallon", "", "Not A Key", "gb"} & set(
        whole.unit.labels + whole.activity.labels + whole.region.labels
    )
    # In the chunks, codes are stable: each chunk's labels extend the previous chunk's.
    for before, after in itertools.pairwise(chunks):
        assert after.unit.labels[: len(before.unit.labels)] == before.unit.labels


@settings(max_examples=60, deadline=None)
@given(
    codes=st.lists(st.integers(0, 4), min_size=1, max_size=40),
    unused=st.lists(st.sampled_from(("ton", "gallon", "MJ")), unique=True, max_size=3),
)
def test_categorical_and_string_inputs_give_the_same_table(
    codes: list[int], unused: list[str]
) -> None:
    labels = ("kWh", "MWh", "L", "GJ", "m3")
    extra = tuple(u for u in unused if u not in labels)
    n = len(codes)

    def table(unit: Categorical | list[str]) -> ActivityTable:
        return ActivityTable.from_columns(
            activity=["electricity.grid"] * n,
            amount=np.arange(n, dtype=np.float64),
            unit=unit,
            region=["GB"] * n,
            year=np.full(n, 2024),
        )

    by_codes = table(Categorical(codes, labels + extra))
    by_text = table([labels[c] for c in codes])
    assert by_codes.unit.values() == by_text.unit.values()
    # Unused labels are not carried over (the order of the labels may differ).
    assert set(by_codes.unit.labels) == set(by_text.unit.labels) == {labels[c] for c in codes}


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=80, deadline=None)
@given(start=dates, days=st.integers(0, 400), year=st.one_of(st.none(), st.integers(1990, 2100)))
def test_year_and_period_agree_or_the_row_is_refused(
    start: dt.date, days: int, year: int | None
) -> None:
    end = start + dt.timedelta(days=days)
    t = ActivityTable.from_columns(
        activity=["fuel.diesel"],
        amount=[1.0],
        unit=["L"],
        region=["GB"],
        year=["" if year is None else str(year)],
        period_start=[start.isoformat()],
        period_end=[end.isoformat()],
        on_error="collect",
    )
    if year is None or year == start.year:
        assert t.year.tolist() == [start.year]
        assert t.record(0).period_start == start
    else:
        assert len(t) == 0
        assert [(p.column, p.value) for p in t.problems] == [("year", year)]
