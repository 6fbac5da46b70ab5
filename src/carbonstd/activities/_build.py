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

from carbonstd.activities._categorical import Categorical, _Encoder
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
    if arr.dtype == object:
        return np.char.strip(np.array(["" if v is None else str(v) for v in arr], dtype=np.str_))
    return arr.astype(np.str_)


def encode(
    column: RawColumn, encoder: _Encoder, name: str, problems: _Problems, *, required: bool
) -> npt.NDArray[np.int32]:
    """Categorical codes of a column; empty cells are problems when ``required``."""
    if isinstance(column, Categorical):
        codes = (
            encoder.remap(column.labels)[column.codes]
            if len(column)
            else (np.zeros(0, dtype=np.int32))
        )
    else:
        codes = encoder.encode(_as_strings(column))
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
) -> None:
    """Check each distinct label once against ``pattern``; report the rows of bad ones."""
    for code in np.unique(codes).tolist():
        label = encoder.labels[code]
        if label and not pattern.match(label):
            rows = np.flatnonzero(codes == code)
            problems.add(rows, name, f"not a valid {name} code", [label] * rows.size, hint)


def parse_amounts(
    column: RawColumn, problems: _Problems, *, allow_negative: bool
) -> npt.NDArray[np.float64]:
    """Amounts as float64; text that is not a number, NaN, infinities and negatives are reported."""
    if isinstance(column, Categorical):
        column = _as_strings(column)
    arr = np.asarray(column)
    if arr.dtype.kind in "USO":
        text = _as_strings(column)
        try:
            out = np.array(text, dtype=np.float64)
        except ValueError:
            out = np.empty(text.shape[0], dtype=np.float64)
            bad_rows: list[int] = []
            for i, item in enumerate(text.tolist()):
                try:
                    out[i] = float(item)
                except ValueError:
                    out[i] = 0.0
                    bad_rows.append(i)
            if bad_rows:
                idx = np.array(bad_rows, dtype=np.intp)
                problems.add(
                    idx,
                    "amount",
                    "amount is not a number",
                    [text[i] for i in bad_rows],
                    "write a decimal number such as 1250.5",
                )
    elif arr.dtype.kind in "iuf":
        out = np.array(arr, dtype=np.float64)
    else:
        raise ActivityDataError(
            "amount column has an unsupported type",
            value=str(arr.dtype),
            source=problems.source,
            column="amount",
            hint="pass numbers",
        )
    nonfinite = np.flatnonzero(~np.isfinite(out))
    if nonfinite.size:
        problems.add(
            nonfinite,
            "amount",
            "amount is not finite",
            out[nonfinite].tolist(),
            "amounts must be finite numbers; fix or remove the row",
        )
        out[nonfinite] = 0.0
    if not allow_negative:
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


def check_units(codes: npt.NDArray[np.int32], encoder: _Encoder, problems: _Problems) -> None:
    """Parse each distinct unit string once with the safe parser; report rows of bad ones."""
    from carbonstd import units

    used = np.unique(codes)
    for code in used.tolist():
        label = encoder.labels[code]
        if label == "":
            continue  # reported as an empty cell already
        try:
            units.parse(label)
        except UnitError as exc:
            rows = np.flatnonzero(codes == code)
            hint = exc.hint or exc.message
            problems.add(rows, "unit", "unknown or refused unit", [label] * rows.size, hint)


def parse_years(column: RawColumn, problems: _Problems) -> npt.NDArray[np.int32]:
    """Years as int32 (0 where the row is bad)."""
    arr: npt.NDArray[Any] = (
        np.asarray(column) if not isinstance(column, Categorical) else _as_strings(column)
    )
    if arr.dtype.kind in "iu":
        out = np.array(arr, dtype=np.int64)
    elif arr.dtype.kind == "f":
        ok = np.isfinite(arr) & (arr == np.round(arr))
        out = np.where(ok, arr, 0).astype(np.int64)
        bad = np.flatnonzero(~ok)
        if bad.size:
            problems.add(bad, "year", "year is not a whole number", arr[bad].tolist(), None)
    else:
        text = _as_strings(column)
        uniq, inverse = np.unique(text, return_inverse=True)
        values = np.zeros(len(uniq), dtype=np.int64)
        bad_u = np.zeros(len(uniq), dtype=np.bool_)
        for j, item in enumerate(uniq.tolist()):
            if _YEAR.match(item):
                values[j] = int(item)
            else:
                bad_u[j] = True
        inverse = inverse.reshape(-1)
        out = values[inverse]
        bad = np.flatnonzero(bad_u[inverse])
        if bad.size:
            problems.add(
                bad, "year", "year does not parse", text[bad].tolist(), "write a year as 2024"
            )
    already = problems.bad.copy()
    outside = np.flatnonzero(((out < YEAR_MIN) | (out > YEAR_MAX)) & ~already)
    if outside.size:
        problems.add(
            outside,
            "year",
            "year out of range",
            out[outside].tolist(),
            f"years must be within {YEAR_MIN}..{YEAR_MAX}",
        )
    return np.where((out < YEAR_MIN) | (out > YEAR_MAX), 0, out).astype(np.int32)


def parse_dates(column: RawColumn, name: str, problems: _Problems) -> npt.NDArray[np.datetime64]:
    """ISO dates (``YYYY-MM-DD``) as ``datetime64[D]``; each distinct string parsed once."""
    arr = np.asarray(column) if not isinstance(column, Categorical) else None
    if arr is not None and arr.dtype.kind == "M":
        out = arr.astype("datetime64[D]")
        bad = np.flatnonzero(np.isnat(out))
        if bad.size:
            problems.add(bad, name, "date is missing", ["NaT"] * bad.size, None)
        return out
    text = _as_strings(column)
    uniq, inverse = np.unique(text, return_inverse=True)
    values = np.empty(len(uniq), dtype="datetime64[D]")
    bad_u = np.zeros(len(uniq), dtype=np.bool_)
    for j, item in enumerate(uniq.tolist()):
        try:
            if not _DATE.match(item):
                raise ValueError(item)
            values[j] = np.datetime64(_dt.date.fromisoformat(item), "D")
        except ValueError:
            bad_u[j] = True
            values[j] = np.datetime64("1970-01-01", "D")
    inverse = inverse.reshape(-1)
    bad = np.flatnonzero(bad_u[inverse])
    if bad.size:
        problems.add(
            bad, name, "date does not parse", text[bad].tolist(), "write dates as YYYY-MM-DD"
        )
    return values[inverse]


def record_ids(column: RawColumn) -> npt.NDArray[np.str_]:
    """Record ids as a numpy string array (never Python objects)."""
    return _as_strings(column)


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
