"""Turn raw columns (strings or arrays) into validated table columns, reporting bad rows.

Every constructor of :class:`~carbonstd.activities.ActivityTable` ends here, so
the rules for bad rows are written once: an unknown unit, an amount that is not
a finite number (or negative where that is not allowed), an empty activity key
or region, a year or date that does not parse. Each problem names the source,
the 1-based data row and the column.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
from numpy.dtypes import StringDType

from carbonstd.activities._categorical import Categorical, _Encoder, frozen_array
from carbonstd.errors import ActivityDataError, UnitError

#: A raw column: strings (from a file or records) or a numpy array.
RawColumn: TypeAlias = Sequence[Any] | npt.NDArray[Any] | Categorical

OnError: TypeAlias = Literal["raise", "collect"]

#: Columns with a fixed meaning; every other column becomes a free categorical tag.
CORE_COLUMNS = (
    "activity",
    "amount",
    "unit",
    "region",
    "year",
    "period_start",
    "period_end",
    "record_id",
)
#: Optional categorical columns with a documented meaning (they are tags too).
STANDARD_TAGS = ("facility", "scope", "category", "data_quality", "data_source")
#: Columns that must be present.
REQUIRED = ("activity", "amount", "unit", "region")

YEAR_MIN, YEAR_MAX = 1900, 2200
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")

_COLUMN_ORDER = {name: i for i, name in enumerate(CORE_COLUMNS)}


class _Problems:
    """Problems found in one batch of rows, with the row (0-based in batch) of each."""

    def __init__(
        self, n: int, source: str, first_row: int, numbers: Sequence[int] | None = None
    ) -> None:
        #: 1-based source row number of each row of the batch.
        self.numbers = (
            np.arange(first_row, first_row + n, dtype=np.int64)
            if numbers is None
            else np.asarray(numbers, dtype=np.int64)
        )
        self.bad = np.zeros(n, dtype=np.bool_)
        # Rows already reported as malformed (wrong number of fields): no further reports.
        self.malformed = np.zeros(n, dtype=np.bool_)
        self.items: list[tuple[int, int, ActivityDataError]] = []
        self.source = source

    def add(
        self,
        rows: npt.NDArray[np.intp],
        column: str,
        message: str,
        values: Sequence[object],
        hint: str | None,
    ) -> None:
        if self.malformed.any():
            keep = ~self.malformed[rows]
            rows = rows[keep]
            values = [v for v, k in zip(values, keep.tolist(), strict=True) if k]
        self.bad[rows] = True
        order = _COLUMN_ORDER.get(column, len(_COLUMN_ORDER))
        for i, value in zip(rows.tolist(), values, strict=True):
            err = ActivityDataError(
                message,
                value=value.item() if isinstance(value, np.generic) else value,
                source=self.source,
                row=int(self.numbers[i]),
                column=column,
                hint=hint,
            )
            self.items.append((i, order, err))

    def add_row(self, i: int, message: str, value: object, hint: str | None) -> None:
        self.bad[i] = True
        self.malformed[i] = True
        err = ActivityDataError(
            message, value=value, source=self.source, row=int(self.numbers[i]), hint=hint
        )
        self.items.append((i, -1, err))

    def sorted(self) -> list[ActivityDataError]:
        return [err for _, _, err in sorted(self.items, key=lambda t: (t[0], t[1]))]


def _as_strings(column: RawColumn) -> npt.NDArray[np.str_]:
    if isinstance(column, Categorical):
        return (
            np.asarray(column.labels, dtype=np.str_)[column.codes]
            if len(column.labels)
            else (np.zeros(len(column), dtype=np.str_))
        )
    arr = np.asarray(column)
    if arr.dtype.kind in "US":
        return np.char.strip(arr.astype(np.str_))
    if arr.dtype.kind == "T":
        return np.asarray(np.strings.strip(arr), dtype=np.str_)
    if arr.dtype == object:
        return np.char.strip(np.array(["" if v is None else str(v) for v in arr], dtype=np.str_))
    return arr.astype(np.str_)


def encode(
    column: RawColumn, encoder: _Encoder, name: str, problems: _Problems, *, required: bool
) -> npt.NDArray[np.int32]:
    """Categorical codes of a column; empty cells are problems when ``required``."""
    if isinstance(column, Categorical):
        codes = encoder.encode_categorical(column)
    else:
        codes = encoder.encode(column, strip=True)
    if required and "" in encoder.index:
        empty = np.flatnonzero(codes == encoder.index[""])
        if empty.size:
            problems.add(
                empty, name, f"empty {name}", [""] * empty.size, f"every row needs a {name}"
            )
    return codes


def check_pattern(  # noqa: PLR0917 - private helper, all arguments needed
    codes: npt.NDArray[np.int32],
    encoder: _Encoder,
    name: str,
    pattern: re.Pattern[str],
    hint: str,
    problems: _Problems,
    base: int,
) -> None:
    """Check each label added since ``base`` once against ``pattern``; report its rows.

    Labels before ``base`` were checked with an earlier chunk (and kept only
    if a row that passed used them), so only new labels are looked at.
    """
    for code in range(base, len(encoder.labels)):
        label = encoder.labels[code]
        if label and not pattern.match(label):
            rows = np.flatnonzero(codes == code)
            problems.add(rows, name, f"not a valid {name} code", [label] * rows.size, hint)


def _text_amounts(
    column: Sequence[Any] | npt.NDArray[Any], problems: _Problems
) -> npt.NDArray[np.float64]:
    """Text (or Python numbers) -> float64; cells that are not numbers are reported (0.0)."""
    items: Sequence[Any] = column.tolist() if isinstance(column, np.ndarray) else column
    try:
        # float() ignores surrounding spaces and reads what numpy's string cast reads.
        return np.fromiter(map(float, items), dtype=np.float64, count=len(items))
    except (ValueError, TypeError):
        pass
    out = np.zeros(len(items), dtype=np.float64)
    bad_rows: list[int] = []
    bad_text: list[str] = []
    for i, item in enumerate(items):
        text = "" if item is None else str(item).strip()
        try:
            out[i] = float(text)
        except ValueError:
            bad_rows.append(i)
            bad_text.append(text)
    if bad_rows:
        problems.add(
            np.array(bad_rows, dtype=np.intp),
            "amount",
            "amount is not a number",
            bad_text,
            "write a decimal number such as 1250.5",
        )
    return out


def _factorize(column: RawColumn) -> tuple[npt.NDArray[np.int32], list[str]]:
    """Codes and distinct stripped labels of a text column (one hash look-up per row)."""
    if isinstance(column, Categorical):
        return column.codes, [label.strip() for label in column.labels]
    encoder = _Encoder()
    return encoder.encode(column, strip=True), encoder.labels


def _is_array(column: RawColumn) -> bool:
    return isinstance(column, np.ndarray)


def parse_amounts(
    column: RawColumn, problems: _Problems, *, allow_negative: bool
) -> npt.NDArray[np.float64]:
    """Amounts as float64; text that is not a number, NaN, infinities and negatives are reported."""
    raw: Sequence[Any] | npt.NDArray[Any] = (
        _as_strings(column) if isinstance(column, Categorical) else column
    )
    arr = raw if isinstance(raw, np.ndarray) else None
    if arr is not None and arr.dtype.kind in "iuf":
        out = frozen_array(arr, np.float64)
    elif arr is not None and arr.dtype.kind not in "USOT":
        raise ActivityDataError(
            "amount column has an unsupported type",
            value=str(arr.dtype),
            source=problems.source,
            column="amount",
            hint="pass numbers",
        )
    else:
        out = _text_amounts(raw, problems)
    nonfinite = np.flatnonzero(~np.isfinite(out))
    if nonfinite.size:
        if not out.flags.writeable:
            out = out.copy()
        problems.add(
            nonfinite,
            "amount",
            "amount is not finite",
            out[nonfinite].tolist(),
            "amounts must be finite numbers; fix or remove the row",
        )
        out[nonfinite] = 0.0
    if not allow_negative and out.size and float(out.min()) < 0:
        negative = np.flatnonzero(out < 0)
        if negative.size:
            problems.add(
                negative,
                "amount",
                "amount is negative",
                out[negative].tolist(),
                "activity amounts must be >= 0; pass allow_negative=True for corrections",
            )
    return out


def check_units(
    codes: npt.NDArray[np.int32], encoder: _Encoder, problems: _Problems, base: int
) -> None:
    """Parse each unit string added since ``base`` once with the safe parser; report its rows."""
    from carbonstd import units

    for code in range(base, len(encoder.labels)):
        label = encoder.labels[code]
        if label == "":
            continue  # reported as an empty cell already
        try:
            units.parse(label)
        except UnitError as exc:
            rows = np.flatnonzero(codes == code)
            hint = exc.hint or exc.message
            problems.add(rows, "unit", "unknown or refused unit", [label] * rows.size, hint)


def parse_years(
    column: RawColumn, problems: _Problems
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Years as int32, with the empty cells and the bad cells (reported here) as masks.

    An empty cell (``""``, NaN) is not reported here: it means "take the year
    from the period", which :func:`reconcile_periods` checks. Bad and empty
    cells hold 0.
    """
    arr: npt.NDArray[Any] = (
        np.asarray(column) if _is_array(column) else np.zeros(raw_len(column), dtype=np.str_)
    )
    n = arr.shape[0]
    empty = np.zeros(n, dtype=np.bool_)
    bad = np.zeros(n, dtype=np.bool_)
    if arr.dtype.kind in "iu":
        if n and int(arr.min()) >= YEAR_MIN and int(arr.max()) <= YEAR_MAX:
            return arr.astype(np.int32), empty, bad
        out = np.array(arr, dtype=np.int64)
    elif arr.dtype.kind == "f":
        empty = np.isnan(arr)
        whole = np.isfinite(arr) & (arr == np.round(arr))
        rows = np.flatnonzero(~whole & ~empty)
        if rows.size:
            bad[rows] = True
            problems.add(rows, "year", "year is not a whole number", arr[rows].tolist(), None)
        out = np.where(whole, arr, 0).astype(np.int64)
    else:
        codes, labels = _factorize(column)
        values = np.zeros(len(labels), dtype=np.int64)
        bad_u = np.zeros(len(labels), dtype=np.bool_)
        empty_u = np.zeros(len(labels), dtype=np.bool_)
        for j, item in enumerate(labels):
            if _YEAR.match(item):
                values[j] = int(item)
            elif item == "":
                empty_u[j] = True
            else:
                bad_u[j] = True
        out = values[codes]
        empty = empty_u[codes]
        rows = np.flatnonzero(bad_u[codes])
        if rows.size:
            bad[rows] = True
            problems.add(
                rows,
                "year",
                "year does not parse",
                [labels[c] for c in codes[rows].tolist()],
                "write a year as 2024",
            )
    outside = (out < YEAR_MIN) | (out > YEAR_MAX)
    rows = np.flatnonzero(outside & ~bad & ~empty)
    if rows.size:
        bad[rows] = True
        problems.add(
            rows,
            "year",
            "year out of range",
            out[rows].tolist(),
            f"years must be within {YEAR_MIN}..{YEAR_MAX}",
        )
    return np.where(outside, 0, out).astype(np.int32), empty, bad


def parse_dates(
    column: RawColumn, name: str, problems: _Problems
) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """ISO dates (``YYYY-MM-DD``) as ``datetime64[D]``, with empty and bad cells as masks.

    Each distinct string is parsed once. Empty cells (``""``, NaT) are NaT and
    not reported here (:func:`reconcile_periods` decides whether a row needs
    a period); cells that do not parse are reported and hold NaT.
    """
    arr = np.asarray(column) if _is_array(column) else None
    if arr is not None and arr.dtype.kind == "M":
        out = arr.astype("datetime64[D]")
        empty = np.isnat(out)
        timed = np.flatnonzero(~empty & (out != arr))
        bad = np.zeros(out.shape[0], dtype=np.bool_)
        if timed.size:
            bad[timed] = True
            problems.add(
                timed,
                name,
                "date has a time of day",
                [str(v) for v in arr[timed].tolist()],
                "give calendar dates (YYYY-MM-DD) without a time",
            )
            out[timed] = np.datetime64("NaT")
        return out, empty, bad
    codes, labels = _factorize(column)
    values = np.empty(len(labels), dtype="datetime64[D]")
    bad_u = np.zeros(len(labels), dtype=np.bool_)
    for j, item in enumerate(labels):
        values[j] = np.datetime64("NaT")
        if item == "":
            continue
        try:
            if not _DATE.match(item):
                raise ValueError(item)
            values[j] = np.datetime64(_dt.date.fromisoformat(item), "D")
        except ValueError:
            bad_u[j] = True
    out = values[codes]
    bad = bad_u[codes]
    rows = np.flatnonzero(bad)
    if rows.size:
        problems.add(
            rows,
            name,
            "date does not parse",
            [labels[c] for c in codes[rows].tolist()],
            "write dates as YYYY-MM-DD",
        )
    return out, np.isnat(out) & ~bad, bad


def _start_years(start: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int64]:
    """Calendar year of each date (0 for NaT)."""
    years = start.astype("datetime64[Y]").astype(np.int64) + 1970
    return np.where(np.isnat(start), 0, years)


def reconcile_periods(
    columns: Mapping[str, RawColumn], problems: _Problems
) -> tuple[
    npt.NDArray[np.int32], npt.NDArray[np.datetime64] | None, npt.NDArray[np.datetime64] | None
]:
    """The reporting year of every row, and the period columns (NaT where a row has none).

    Rules (docs/calculation.md, "CSV layout"): a row needs a year or a
    period. Both period cells empty means no period; one of them empty is an
    error. An empty year cell takes the year of ``period_start``; a year that
    is not the year of ``period_start`` is refused (GHG Protocol Corporate
    Standard ch. 9: emissions are reported for the stated reporting period).
    """
    has_year = "year" in columns
    start = end = None
    period = np.zeros(problems.bad.shape[0], dtype=np.bool_)
    start_years = np.zeros(problems.bad.shape[0], dtype=np.int64)
    if "period_start" in columns and "period_end" in columns:
        start, no_start, bad_start = parse_dates(columns["period_start"], "period_start", problems)
        end, no_end, bad_end = parse_dates(columns["period_end"], "period_end", problems)
        for name, alone in (
            ("period_start", no_start & ~no_end),
            ("period_end", no_end & ~no_start),
        ):
            rows = np.flatnonzero(alone & ~bad_start & ~bad_end)
            if rows.size:
                problems.add(
                    rows,
                    name,
                    f"empty {name}",
                    [""] * rows.size,
                    "give both dates of the period, or neither (with a year)",
                )
        if not has_year:
            rows = np.flatnonzero(no_start & no_end)
            if rows.size:
                problems.add(
                    rows,
                    "period_start",
                    "empty period_start",
                    [""] * rows.size,
                    "every row needs a period (YYYY-MM-DD dates); or add a year column",
                )
        period = ~(no_start | no_end | bad_start | bad_end)
        backwards = np.flatnonzero(period & (end < start))
        if backwards.size:
            problems.add(
                backwards,
                "period_end",
                "period ends before it starts",
                [str(end[i]) for i in backwards.tolist()],
                "period_end must be >= period_start",
            )
        start_years = _start_years(start)
        outside = np.flatnonzero(period & ((start_years < YEAR_MIN) | (start_years > YEAR_MAX)))
        if outside.size:
            problems.add(
                outside,
                "period_start",
                "period starts outside the supported years",
                [str(start[i]) for i in outside.tolist()],
                f"years must be within {YEAR_MIN}..{YEAR_MAX}",
            )
            period[outside] = False
    if not has_year:
        return np.where(period, start_years, 0).astype(np.int32), start, end
    year, no_year, bad_year = parse_years(columns["year"], problems)
    if start is not None:
        take = no_year & period
        if take.any():
            year = np.where(take, start_years, year).astype(np.int32)
        no_year = no_year & ~period
        mismatch = np.flatnonzero(period & ~no_year & ~bad_year & (year != start_years))
        for first in np.unique(start_years[mismatch]).tolist():
            rows = mismatch[start_years[mismatch] == first]
            problems.add(
                rows,
                "year",
                "year does not match the period",
                year[rows].tolist(),
                f"the period starts in {first} and the reporting year is the "
                "year of period_start; fix the year or the dates, or leave the year empty",
            )
    rows = np.flatnonzero(no_year)
    if rows.size:
        problems.add(
            rows,
            "year",
            "empty year",
            [""] * rows.size,
            "every row needs a year"
            + (" or a period" if start is not None else " (or period_start and period_end)"),
        )
    return year, start, end


def record_ids(column: RawColumn) -> npt.NDArray[Any]:
    """Record ids as a variable-width numpy string array (``StringDType``), stripped.

    Each id takes 16 bytes in the array, plus its UTF-8 bytes beyond 15 in
    numpy's string arena; no Python object per row.
    """
    if isinstance(column, Categorical):
        labels = np.array(column.labels, dtype=StringDType())
        return labels[column.codes] if len(column.labels) else np.zeros(0, dtype=StringDType())
    arr = np.asarray(column)
    if arr.dtype.kind == "O":
        arr = np.array(["" if v is None else str(v) for v in arr.tolist()], dtype=StringDType())
    elif arr.dtype.kind not in "UST":
        arr = arr.astype(np.str_)
    return np.strings.strip(arr.astype(StringDType()))


def check_columns(names: Sequence[str], source: str) -> None:
    """Refuse a header without the required columns or with repeated or empty names."""
    seen: set[str] = set()
    for name in names:
        if name == "":
            raise ActivityDataError(
                "empty column name in the header", source=source, hint="name every column"
            )
        if name in seen:
            raise ActivityDataError(
                "column appears twice", value=name, source=source, hint="rename one of them"
            )
        seen.add(name)
    missing = [c for c in REQUIRED if c not in seen]
    if missing:
        raise ActivityDataError(
            "required column missing",
            value=", ".join(missing),
            source=source,
            hint=f"activity data needs the columns {', '.join(REQUIRED)} and year "
            "(or period_start and period_end)",
        )
    if "year" not in seen and "period_start" not in seen:
        raise ActivityDataError(
            "no period column",
            source=source,
            hint="give a 'year' column, or 'period_start' and 'period_end' (YYYY-MM-DD)",
        )
    if ("period_start" in seen) != ("period_end" in seen):
        raise ActivityDataError(
            "period_start and period_end go together",
            source=source,
            hint="give both columns, or neither and a 'year' column",
        )


def tag_names(names: Sequence[str]) -> tuple[str, ...]:
    """Tag columns: every column that is not a core column, in header order."""
    return tuple(n for n in names if n not in CORE_COLUMNS)


def raw_len(column: RawColumn) -> int:
    """Number of rows of a raw column."""
    if isinstance(column, Categorical):
        return len(column)
    return len(column)


def check_lengths(columns: Mapping[str, RawColumn], source: str) -> int:
    """The common length of the columns, or an error naming the column that differs."""
    lengths = {name: raw_len(col) for name, col in columns.items()}
    n = lengths.get("amount", 0)
    for name, length in lengths.items():
        if length != n:
            raise ActivityDataError(
                "columns have different lengths",
                value=f"{name}: {length} rows, amount: {n} rows",
                source=source,
                column=name,
                hint="every column needs one value per row",
            )
    return n
