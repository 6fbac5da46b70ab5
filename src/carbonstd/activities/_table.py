"""The columnar :class:`ActivityTable` and the friendly :class:`Activity` record."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.activities import _build
from carbonstd.activities._build import OnError, RawColumn
from carbonstd.activities._categorical import Categorical, _Encoder, frozen_array
from carbonstd.errors import ActivityDataError, UnitError
from carbonstd.factors._model import ACTIVITY_RE, REGION_RE

__all__ = ["Activity", "ActivityTable"]

_STRINGS = np.dtypes.StringDType()


def _finite(instance: Activity, attribute: attrs.Attribute[float], value: float) -> None:
    if not np.isfinite(value):
        raise ActivityDataError(
            "amount is not finite",
            value=value,
            source="Activity",
            column="amount",
            hint="amounts must be finite numbers",
        )


def _nonempty(instance: Activity, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ActivityDataError(
            f"empty {attribute.name}",
            value=value,
            source="Activity",
            column=attribute.name,
            hint=f"every activity needs a {attribute.name}",
        )


def _unit(instance: Activity, attribute: attrs.Attribute[str], value: str) -> None:
    from carbonstd import units

    try:
        units.parse(value)
    except UnitError as exc:
        raise ActivityDataError(
            "unknown or refused unit",
            value=value,
            source="Activity",
            column="unit",
            hint=exc.hint or exc.message,
        ) from exc


def _tags(value: Mapping[str, str]) -> Mapping[str, str]:
    import types

    for key, item in value.items():
        if key in _build.CORE_COLUMNS or not isinstance(item, str):
            raise ActivityDataError(
                "tags must map free column names to strings",
                value=key,
                source="Activity",
                hint=f"core columns ({', '.join(_build.CORE_COLUMNS)}) are fields, not tags",
            )
    return types.MappingProxyType(dict(sorted(value.items())))


@attrs.frozen
class Activity:
    """One activity record: an amount of something done somewhere in a period.

    Activity data times an emission factor is the basic calculation of the
    GHG Protocol Corporate Standard (chapter 6, "Identifying and calculating
    GHG emissions") and of the IPCC 2006 Guidelines (Vol. 1 ch. 1, eq. 1.1).
    Use records for small, friendly inputs; use :class:`ActivityTable` for volume.

    Parameters
    ----------
    activity
        Activity key, a lower-case dotted path such as ``"fuel.diesel"``.
    amount
        Finite amount in ``unit``.
    unit
        Unit string, checked with :func:`carbonstd.units.parse`.
    region
        Region code (``"GB"``, ``"CN-GRID-EAST"``, ``"GLO"``).
    year
        Reporting year; optional when ``period_start`` is given.
    period_start, period_end
        Optional period of the activity (inclusive dates).
    tags
        Other categorical columns: ``facility``, ``scope``, ``category``,
        ``data_quality``, ``data_source`` and free tags.
    record_id
        Optional identifier of the record in the caller's system.

    Examples
    --------
    >>> from carbonstd.activities import Activity
    >>> a = Activity("fuel.diesel", 1200.0, "L", "GB", year=2024, tags={"facility": "Plant A"})
    >>> a.tags["facility"]
    'Plant A'
    >>> Activity("fuel.diesel", 1.0, "gallon", "GB", year=2024)
    Traceback (most recent call last):
    ...
    carbonstd.errors.ActivityDataError: unknown or refused unit: 'gallon' (in Activity, ...
    """

    activity: str = attrs.field(validator=_nonempty)
    amount: float = attrs.field(converter=float, validator=_finite)
    unit: str = attrs.field(validator=_unit)
    region: str = attrs.field(validator=_nonempty)
    year: int | None = attrs.field(default=None, kw_only=True)
    period_start: _dt.date | None = attrs.field(default=None, kw_only=True)
    period_end: _dt.date | None = attrs.field(default=None, kw_only=True)
    tags: Mapping[str, str] = attrs.field(factory=dict, converter=_tags, kw_only=True)
    record_id: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.year is None and self.period_start is None:
            raise ActivityDataError(
                "activity has no period",
                value=self.activity,
                source="Activity",
                hint="give year=... or period_start=... and period_end=...",
            )
        if (self.period_start is None) != (self.period_end is None):
            raise ActivityDataError(
                "period_start and period_end go together",
                source="Activity",
                hint="give both dates or neither",
            )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ActivityDataError(
                "period ends before it starts",
                value=str(self.period_end),
                source="Activity",
                column="period_end",
            )
        if (
            self.year is not None
            and self.period_start is not None
            and self.year != self.period_start.year
        ):
            raise ActivityDataError(
                "year does not match the period",
                value=self.year,
                source="Activity",
                column="year",
                hint=f"the period starts in {self.period_start.year} and the reporting year is "
                "the year of period_start; fix the year or the dates, or leave the year out",
            )


def _readonly(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    return frozen_array(arr)


def _opt_readonly(arr: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
    return None if arr is None else frozen_array(arr)


def _record_id_array(arr: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
    if arr is None:
        return None
    if arr.dtype == _STRINGS:
        return frozen_array(arr)
    return frozen_array(_build.record_ids(arr))


def _freeze(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Mark an array this module just made read-only, so the table shares it."""
    arr.setflags(write=False)
    return arr


def _problem_tuple(value: Iterable[ActivityDataError]) -> tuple[ActivityDataError, ...]:
    return tuple(value)


def _tag_map(value: Mapping[str, Categorical]) -> Mapping[str, Categorical]:
    import types

    return types.MappingProxyType(dict(value))


@attrs.frozen(eq=False, repr=False)
class ActivityTable:
    """Columnar activity data: float64 amounts, int32 categorical codes, int32 years.

    The table is the volume form of :class:`Activity` (GHG Protocol Corporate
    Standard ch. 6; IPCC 2006 Vol. 1 eq. 1.1: emissions = activity data x
    emission factor). Each distinct unit string is parsed once; text columns
    are :class:`Categorical`. Tables are immutable; arrays are read-only.

    Build one with :meth:`from_records`, :meth:`from_columns`,
    :meth:`from_csv`, :meth:`iter_csv` or :meth:`from_dataframe`. Those
    constructors check every row: with ``on_error="raise"`` the first bad row
    raises :class:`~carbonstd.errors.ActivityDataError` naming the source, row
    and column; with ``on_error="collect"`` every problem is kept in
    :attr:`problems`, the bad rows are left out and counted in
    :attr:`excluded_rows`, and the count is shown in the ``repr``.

    Attributes
    ----------
    activity, unit, region
        Categorical core columns.
    amount
        float64 amounts, finite.
    year
        int32 reporting year of each row (from ``period_start`` when only the
        period was given).
    period_start, period_end
        ``datetime64[D]`` arrays (NaT where a row has a year but no period),
        or None.
    tags
        Other categorical columns by name: ``facility``, ``scope``,
        ``category``, ``data_quality``, ``data_source`` and any free column.
    record_id
        Record ids as a variable-width numpy string array
        (``numpy.dtypes.StringDType``: 16 bytes per id, plus the UTF-8 bytes
        of ids longer than 15 in numpy's string arena; no Python object per
        row), or None.
    row_number
        1-based number of each row in its source (data rows, header excluded).
    source
        Where the rows came from (a file path or ``"<records>"``).
    problems
        Every problem found with ``on_error="collect"``.
    excluded_rows
        Number of source rows left out because they had problems.

    Examples
    --------
    >>> import numpy as np
    >>> from carbonstd.activities import ActivityTable
    >>> t = ActivityTable.from_columns(
    ...     activity=["electricity.grid", "fuel.diesel"], amount=np.array([1000.0, 50.0]),
    ...     unit=["kWh", "L"], region=["GB", "GB"], year=np.array([2024, 2024]),
    ...     tags={"facility": ["Plant A", "Plant A"]})
    >>> len(t), t.unit.labels, t.column("facility").values()
    (2, ('kWh', 'L'), ('Plant A', 'Plant A'))
    """

    activity: Categorical
    amount: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    unit: Categorical
    region: Categorical
    year: npt.NDArray[np.int32] = attrs.field(converter=_readonly)
    period_start: npt.NDArray[np.datetime64] | None = attrs.field(
        default=None, converter=_opt_readonly, kw_only=True
    )
    period_end: npt.NDArray[np.datetime64] | None = attrs.field(
        default=None, converter=_opt_readonly, kw_only=True
    )
    tags: Mapping[str, Categorical] = attrs.field(factory=dict, converter=_tag_map, kw_only=True)
    record_id: npt.NDArray[Any] | None = attrs.field(
        default=None, converter=_record_id_array, kw_only=True
    )
    row_number: npt.NDArray[np.int64] | None = attrs.field(
        default=None, converter=_opt_readonly, kw_only=True
    )
    source: str = attrs.field(default="<columns>", kw_only=True)
    problems: tuple[ActivityDataError, ...] = attrs.field(
        default=(), converter=_problem_tuple, kw_only=True
    )
    excluded_rows: int = attrs.field(default=0, kw_only=True)

    def __attrs_post_init__(self) -> None:
        n = self.amount.shape[0]
        if self.amount.dtype != np.float64 or self.amount.ndim != 1:
            raise ActivityDataError("amount must be a 1-d float64 array", source=self.source)
        columns: dict[str, int] = {
            "activity": len(self.activity),
            "unit": len(self.unit),
            "region": len(self.region),
            "year": int(self.year.shape[0]),
        }
        for name, col in self.tags.items():
            if name in _build.CORE_COLUMNS:
                raise ActivityDataError(
                    "a tag cannot be named like a core column", value=name, source=self.source
                )
            columns[name] = len(col)
        for name, arr in (
            ("period_start", self.period_start),
            ("period_end", self.period_end),
            ("record_id", self.record_id),
            ("row_number", self.row_number),
        ):
            if arr is not None:
                columns[name] = int(arr.shape[0])
        for name, length in columns.items():
            if length != n:
                raise ActivityDataError(
                    "columns have different lengths",
                    value=f"{name}: {length} rows, amount: {n} rows",
                    source=self.source,
                    column=name,
                )
        if n and not bool(np.isfinite(self.amount).all()):
            bad = int(np.flatnonzero(~np.isfinite(self.amount))[0])
            raise ActivityDataError(
                "amount is not finite",
                value=float(self.amount[bad]),
                source=self.source,
                row=bad + 1,
                column="amount",
            )

    # ------------------------------------------------------------------ constructors

    @classmethod
    def from_columns(
        cls,
        *,
        activity: RawColumn,
        amount: RawColumn,
        unit: RawColumn,
        region: RawColumn,
        year: RawColumn | None = None,
        period_start: RawColumn | None = None,
        period_end: RawColumn | None = None,
        record_id: RawColumn | None = None,
        tags: Mapping[str, RawColumn] | None = None,
        on_error: OnError = "raise",
        allow_negative: bool = False,
        source: str = "<columns>",
    ) -> ActivityTable:
        """Build a table from columns: numpy arrays, sequences of strings or :class:`Categorical`.

        Parameters
        ----------
        activity, unit, region
            Text columns (or :class:`Categorical`).
        amount
            Numbers (any numeric array), or text that parses as numbers.
        year
            Integer years (NaN or ``""`` for none: the year of the period);
            or give only ``period_start`` and ``period_end``.
        period_start, period_end
            ``datetime64`` arrays or ``YYYY-MM-DD`` strings; NaT or ``""`` in
            both for a row without a period (it then needs a year). A year
            must be the year of ``period_start``.
        record_id
            Optional record identifiers.
        tags
            Other categorical columns by name.
        on_error
            ``"raise"``: the first bad row raises. ``"collect"``: every
            problem goes to :attr:`problems` and the bad rows are excluded.
        allow_negative
            Accept negative amounts (for corrections). Default False.
        source
            Name used in error messages.

        Notes
        -----
        The fast path is :class:`Categorical` text columns (integer codes and
        labels) with numpy number arrays: read-only codes are shared, not
        copied, and each label is checked once, so the work per row is a few
        array passes (10^7 rows with six categorical columns: about 0.2 s).
        Text given as strings is encoded with one dictionary look-up per row
        (about 1 s per 10^7-row column). Only labels that a kept row uses end
        up in the table.

        Raises
        ------
        ActivityDataError
            For a bad row (``on_error="raise"``) or columns of unequal length.

        Examples
        --------
        >>> from carbonstd.activities import ActivityTable
        >>> t = ActivityTable.from_columns(
        ...     activity=["fuel.diesel", ""], amount=[10.0, -1.0], unit=["L", "L"],
        ...     region=["GB", "GB"], year=[2024, 2024], on_error="collect")
        >>> len(t), t.excluded_rows, [p.column for p in t.problems]
        (1, 1, ['activity', 'amount'])
        """
        columns: dict[str, RawColumn] = {
            "activity": activity,
            "amount": amount,
            "unit": unit,
            "region": region,
        }
        optional = {
            "year": year,
            "period_start": period_start,
            "period_end": period_end,
            "record_id": record_id,
        }
        columns.update({name: col for name, col in optional.items() if col is not None})
        columns.update(tags or {})
        return assemble(
            columns,
            source=source,
            first_row=1,
            on_error=on_error,
            allow_negative=allow_negative,
            encoders={},
        )

    @classmethod
    def from_records(
        cls,
        records: Iterable[Activity | Mapping[str, object]],
        *,
        on_error: OnError = "raise",
        allow_negative: bool = False,
        source: str = "<records>",
    ) -> ActivityTable:
        """Build a table from :class:`Activity` records or mappings of column -> value.

        Mappings use the CSV column names (``activity``, ``amount``, ``unit``,
        ``region``, ``year``, ...; other keys become tags); a key missing from
        a mapping is an empty cell. Bad mappings are reported with their
        1-based position as the row.

        Examples
        --------
        >>> from carbonstd.activities import Activity, ActivityTable
        >>> t = ActivityTable.from_records([
        ...     Activity("fuel.diesel", 10.0, "L", "GB", year=2024),
        ...     {"activity": "electricity.grid", "amount": 5.0, "unit": "MWh",
        ...      "region": "GB", "year": 2024, "facility": "HQ"},
        ... ])
        >>> t.amount.tolist(), t.column("facility").values()
        ([10.0, 5.0], ('', 'HQ'))
        """
        rows: list[Mapping[str, object]] = []
        row: dict[str, object]
        for rec in records:
            if isinstance(rec, Activity):
                row = {
                    "activity": rec.activity,
                    "amount": rec.amount,
                    "unit": rec.unit,
                    "region": rec.region,
                    "record_id": rec.record_id,
                }
                if rec.year is not None:
                    row["year"] = str(rec.year)
                if rec.period_start is not None and rec.period_end is not None:
                    row["period_start"] = rec.period_start.isoformat()
                    row["period_end"] = rec.period_end.isoformat()
                row.update(rec.tags)
                rows.append(row)
            elif isinstance(rec, Mapping):
                rows.append(dict(rec))
            else:
                raise ActivityDataError(
                    "a record must be an Activity or a mapping",
                    value=type(rec).__name__,
                    source=source,
                    row=len(rows) + 1,
                )
        names: list[str] = []
        seen: set[str] = set()
        for rec_map in rows:
            for key in rec_map:
                if key not in seen:
                    seen.add(key)
                    names.append(str(key))
        if not rows:
            names = ["activity", "amount", "unit", "region", "year"]
        _build.check_columns(names, source)
        columns: dict[str, RawColumn] = {}
        for name in names:
            values = [rec_map.get(name) for rec_map in rows]
            if name == "amount":
                columns[name] = [_amount_text(v) for v in values]
            else:
                columns[name] = ["" if v is None else str(v) for v in values]
        return assemble(
            columns,
            source=source,
            first_row=1,
            on_error=on_error,
            allow_negative=allow_negative,
            encoders={},
        )

    @classmethod
    def from_csv(
        cls,
        path: str | Path,
        *,
        on_error: OnError = "raise",
        allow_negative: bool = False,
        chunk_rows: int = 1 << 16,
    ) -> ActivityTable:
        r"""Read a CSV file of activity data, streaming it in chunks.

        The file is read ``chunk_rows`` rows at a time and the chunks are
        joined column by column. What stays in memory is the columnar table:
        32 bytes per row (float64 amount, int32 year, int32 codes of
        activity, unit and region, int64 source row number), plus 4 per tag
        column, 16 for the two period columns and 16 per record id (ids
        longer than 15 UTF-8 bytes also keep their bytes). Measured with
        ``tracemalloc`` at 10^6 rows: 32 bytes per row for the five required
        columns (peak 65), 56 with a record id and two tags (peak 96); the
        peak includes about 25 MB for the chunk being parsed, which does not
        grow with the file. Each distinct label is kept once. For input that
        does not fit in memory, use :meth:`iter_csv`.

        The layout is documented in ``docs/calculation.md``: required columns
        ``activity``, ``amount``, ``unit``, ``region`` and ``year`` (or
        ``period_start`` and ``period_end``); optional ``record_id``,
        ``facility``, ``scope``, ``category``, ``data_quality``,
        ``data_source``; any other column is a free tag. Cells are stripped
        of surrounding spaces. An empty ``year`` takes the year of
        ``period_start``; empty period cells mean no period (the row then
        needs a year); a year that is not the year of ``period_start`` is
        refused.

        Raises
        ------
        ActivityDataError
            For a missing file, a bad header, or a bad row (with file, row
            and column) when ``on_error="raise"``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from carbonstd.activities import ActivityTable
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.csv").write_text(
        ...     "activity,amount,unit,region,year\nfuel.diesel,12.5,L,GB,2024\n")
        >>> ActivityTable.from_csv(d / "a.csv").amount.tolist()
        [12.5]
        """
        from carbonstd.activities._csv import read_csv

        return read_csv(
            path, chunk_rows=chunk_rows, on_error=on_error, allow_negative=allow_negative
        )

    @classmethod
    def iter_csv(
        cls,
        path: str | Path,
        *,
        chunk_rows: int = 1 << 16,
        on_error: OnError = "raise",
        allow_negative: bool = False,
        progress: Any = None,
    ) -> Iterator[ActivityTable]:
        r"""Yield the rows of a CSV file as tables of at most ``chunk_rows`` rows.

        The chunks share their label dictionaries: a code in one chunk means
        the same label in every later chunk (labels are only appended, and a
        label that only rows left out with ``on_error="collect"`` used is not
        kept). Each chunk holds only its own rows, so memory follows
        ``chunk_rows``, not the file size, as long as the consumer does not
        keep the chunks. :func:`carbonstd.calculation.calculate` accepts the
        iterator (it joins the chunks into one table, so its memory is that
        of :meth:`from_csv`).

        Parameters
        ----------
        progress
            Optional callable ``progress(bytes_read, total_bytes)`` called
            after each chunk (the command line draws its progress bar with it).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from carbonstd.activities import ActivityTable
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> rows = "".join(f"fuel.diesel,{i},L,GB,2024\n" for i in range(5))
        >>> _ = (d / "a.csv").write_text("activity,amount,unit,region,year\n" + rows)
        >>> [len(t) for t in ActivityTable.iter_csv(d / "a.csv", chunk_rows=2)]
        [2, 2, 1]
        """
        from carbonstd.activities._csv import iter_csv

        return iter_csv(
            path,
            chunk_rows=chunk_rows,
            on_error=on_error,
            allow_negative=allow_negative,
            progress=progress,
        )

    @classmethod
    def from_dataframe(
        cls,
        df: Any,
        *,
        on_error: OnError = "raise",
        allow_negative: bool = False,
        source: str = "<dataframe>",
    ) -> ActivityTable:
        """Build a table from a pandas DataFrame with the CSV column names (pandas extra).

        Same layout and rules as :meth:`from_csv` (GHG Protocol Corporate
        Standard ch. 6 activity data). pandas nullable dtypes (``Int64``,
        ``Float64``, ``string``) are accepted. Missing values (NaN, None,
        ``pd.NA``, NaT) are empty cells: reported as ``empty year`` (unless
        the row has a period), ``empty unit`` and so on, and in ``amount`` as
        not finite, each with its 1-based row position and column.

        Raises
        ------
        ActivityDataError
            For an object that is not a DataFrame, column names that are not
            strings, a column pandas cannot convert (its error is chained),
            time-zone-aware period dates, or a bad row (``on_error="raise"``).

        Examples
        --------
        >>> import pandas as pd
        >>> from carbonstd.activities import ActivityTable
        >>> df = pd.DataFrame({"activity": ["fuel.diesel"], "amount": [3.0], "unit": ["L"],
        ...                    "region": ["GB"], "year": [2024], "site": ["North"]})
        >>> ActivityTable.from_dataframe(df).column("site").values()
        ('North',)
        """
        from carbonstd.activities._dataframe import dataframe_columns

        columns = dataframe_columns(df, source)
        return assemble(
            columns,
            source=source,
            first_row=1,
            on_error=on_error,
            allow_negative=allow_negative,
            encoders={},
        )

    @classmethod
    def concat(cls, tables: Sequence[ActivityTable], *, source: str | None = None) -> ActivityTable:
        """Join tables end to end, merging their label dictionaries.

        Tag columns missing from a table are empty cells there. Problems and
        excluded-row counts add up.

        Examples
        --------
        >>> from carbonstd.activities import Activity, ActivityTable
        >>> a = ActivityTable.from_records([Activity("fuel.diesel", 1.0, "L", "GB", year=2024)])
        >>> b = ActivityTable.from_records([Activity("fuel.petrol", 2.0, "L", "FR", year=2024)])
        >>> ActivityTable.concat([a, b]).region.labels
        ('GB', 'FR')
        """
        from carbonstd.activities._concat import concat

        return concat(tables, source=source)

    # ------------------------------------------------------------------ access

    def __len__(self) -> int:
        return int(self.amount.shape[0])

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names usable with :meth:`column` (and ``Emissions.by``)."""
        return ("activity", "unit", "region", "year", *self.tags)

    def column(self, name: str) -> Categorical:
        """A categorical column by name; ``"year"`` is encoded on the fly.

        Raises
        ------
        ActivityDataError
            If there is no such column; the message lists the columns.
        """
        if name in ("activity", "unit", "region"):
            col: Categorical = getattr(self, name)
            return col
        if name == "year":
            uniq, inverse = np.unique(self.year, return_inverse=True)
            return Categorical(inverse.reshape(-1), tuple(str(int(y)) for y in uniq))
        try:
            return self.tags[name]
        except KeyError:
            raise ActivityDataError(
                "no such column",
                value=name,
                source=self.source,
                hint=f"the columns are {', '.join(self.column_names)}",
            ) from None

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> ActivityTable:
        """The rows selected by an index array or boolean mask (labels unchanged)."""

        def opt(arr: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
            return None if arr is None else arr[index]

        return ActivityTable(
            self.activity.take(index),
            self.amount[index],
            self.unit.take(index),
            self.region.take(index),
            self.year[index],
            period_start=opt(self.period_start),
            period_end=opt(self.period_end),
            tags={k: v.take(index) for k, v in self.tags.items()},
            record_id=opt(self.record_id),
            row_number=opt(self.row_number),
            source=self.source,
            problems=self.problems,
            excluded_rows=self.excluded_rows,
        )

    def record(self, row: int) -> Activity:
        """Row ``row`` (0-based) as an :class:`Activity`.

        Examples
        --------
        >>> from carbonstd.activities import Activity, ActivityTable
        >>> t = ActivityTable.from_records([Activity("fuel.diesel", 1.0, "L", "GB", year=2024)])
        >>> t.record(0).unit
        'L'
        """
        n = len(self)
        if not -n <= row < n:
            raise ActivityDataError(
                "row out of range",
                value=row,
                source=self.source,
                hint=f"the table has {n} rows (0-based positions)",
            )
        start = end = None
        if (
            self.period_start is not None
            and self.period_end is not None
            and not np.isnat(self.period_start[row])
        ):
            start = self.period_start[row].astype(_dt.date)
            end = self.period_end[row].astype(_dt.date)
        return Activity(
            self.activity.labels[int(self.activity.codes[row])],
            float(self.amount[row]),
            self.unit.labels[int(self.unit.codes[row])],
            self.region.labels[int(self.region.codes[row])],
            year=int(self.year[row]),
            period_start=start,
            period_end=end,
            tags={k: v.labels[int(v.codes[row])] for k, v in self.tags.items()},
            record_id="" if self.record_id is None else str(self.record_id[row]),
        )

    def __iter__(self) -> Iterator[Activity]:
        for i in range(len(self)):
            yield self.record(i)

    def __repr__(self) -> str:
        text = f"ActivityTable(rows={len(self)}, source={self.source!r}"
        if self.excluded_rows:
            text += f", EXCLUDED {self.excluded_rows} bad rows ({len(self.problems)} problems)"
        return text + ")"


def _amount_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def assemble(
    columns: Mapping[str, RawColumn],
    *,
    source: str,
    first_row: int,
    on_error: OnError,
    allow_negative: bool,
    encoders: dict[str, _Encoder],
) -> ActivityTable:
    """Validate raw columns and build a table; the path every in-memory constructor takes."""
    if on_error not in ("raise", "collect"):
        raise ActivityDataError(
            "on_error must be 'raise' or 'collect'", value=on_error, source="on_error"
        )
    _build.check_columns(list(columns), source)
    n = _build.check_lengths(columns, source)
    problems = _build._Problems(n, source, first_row)
    parts = validate(
        columns,
        problems,
        on_error=on_error,
        allow_negative=allow_negative,
        encoders=encoders,
    )
    return parts.table(encoders, source)


class Parts:
    """The validated columns of one batch of rows, before they become a table (private).

    Codes index the shared label dictionaries (``encoders``), so the parts of
    several chunks of one file can be joined column by column without
    remapping (:func:`join_parts`).
    """

    def __init__(
        self,
        *,
        codes: dict[str, npt.NDArray[np.int32]],
        amount: npt.NDArray[np.float64],
        year: npt.NDArray[np.int32],
        start: npt.NDArray[np.datetime64] | None,
        end: npt.NDArray[np.datetime64] | None,
        rid: npt.NDArray[Any] | None,
        row_number: npt.NDArray[np.int64],
        problems: tuple[ActivityDataError, ...],
        excluded: int,
    ) -> None:
        self.codes = codes
        self.amount = amount
        self.year = year
        self.start = start
        self.end = end
        self.rid = rid
        self.row_number = row_number
        self.problems = problems
        self.excluded = excluded

    def table(self, encoders: Mapping[str, _Encoder], source: str) -> ActivityTable:
        """The table of these rows, with the labels the dictionaries hold now."""

        def cat(name: str) -> Categorical:
            return Categorical(_freeze(self.codes[name]), tuple(encoders[name].labels))

        def opt(arr: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
            return None if arr is None else _freeze(arr)

        return ActivityTable(
            cat("activity"),
            _freeze(self.amount),
            cat("unit"),
            cat("region"),
            _freeze(self.year),
            period_start=opt(self.start),
            period_end=opt(self.end),
            tags={name: cat(name) for name in self.codes if name not in _CATEGORICAL_CORE},
            record_id=opt(self.rid),
            row_number=_freeze(self.row_number),
            source=source,
            problems=self.problems,
            excluded_rows=self.excluded,
        )


_CATEGORICAL_CORE = ("activity", "unit", "region")


def join_parts(parts: list[Parts], encoders: Mapping[str, _Encoder], source: str) -> ActivityTable:
    """One table from the parts of one file (sharing ``encoders``), joined column by column.

    ``parts`` is emptied first; each column is then concatenated and its
    pieces released before the next, so the peak is the joined table plus
    one column, not two copies of the table.
    """
    pieces: dict[str, list[Any]] = {name: [p.codes[name] for p in parts] for name in parts[0].codes}
    for attr in ("amount", "year", "start", "end", "rid", "row_number"):
        pieces["." + attr] = [getattr(p, attr) for p in parts]
    problems = tuple(err for p in parts for err in p.problems)
    excluded = sum(p.excluded for p in parts)
    parts.clear()

    def join(key: str) -> Any:
        arrays = pieces.pop(key)
        if arrays[0] is None:
            return None
        return np.concatenate(arrays) if len(arrays) > 1 else arrays[0]

    codes = {name: join(name) for name in [k for k in pieces if not k.startswith(".")]}
    joined = Parts(
        codes=codes,
        amount=join(".amount"),
        year=join(".year"),
        start=join(".start"),
        end=join(".end"),
        rid=join(".rid"),
        row_number=join(".row_number"),
        problems=problems,
        excluded=excluded,
    )
    return joined.table(encoders, source)


def validate(
    columns: Mapping[str, RawColumn],
    problems: _build._Problems,
    *,
    on_error: OnError,
    allow_negative: bool,
    encoders: dict[str, _Encoder],
) -> Parts:
    """Check every row of a batch; raise on the first problem or leave the bad rows out.

    With ``on_error="collect"``, labels that only left-out rows used are
    removed from the dictionaries again, so every label a table holds belongs
    to a kept row (a refused unit never reaches the calculation).
    """
    tag_names = _build.tag_names(list(columns))
    categorical = (*_CATEGORICAL_CORE, *tag_names)
    base = {name: len(encoders.setdefault(name, _Encoder()).labels) for name in categorical}

    def enc(name: str) -> _Encoder:
        return encoders[name]

    codes: dict[str, npt.NDArray[np.int32]] = {}
    codes["activity"] = _build.encode(
        columns["activity"], enc("activity"), "activity", problems, required=True
    )
    amount = _build.parse_amounts(columns["amount"], problems, allow_negative=allow_negative)
    codes["unit"] = _build.encode(columns["unit"], enc("unit"), "unit", problems, required=True)
    _build.check_units(codes["unit"], enc("unit"), problems, base["unit"])
    _build.check_pattern(
        codes["activity"],
        enc("activity"),
        "activity",
        ACTIVITY_RE,
        "activity keys are lower-case dotted paths such as 'fuel.diesel'",
        problems,
        base["activity"],
    )
    codes["region"] = _build.encode(
        columns["region"], enc("region"), "region", problems, required=True
    )
    _build.check_pattern(
        codes["region"],
        enc("region"),
        "region",
        REGION_RE,
        "use 'GLO', an ISO 3166-1 alpha-2 code such as 'GB', or e.g. 'CN-GRID-EAST'",
        problems,
        base["region"],
    )
    year, start, end = _build.reconcile_periods(columns, problems)
    rid = _build.record_ids(columns["record_id"]) if "record_id" in columns else None
    for name in tag_names:
        codes[name] = _build.encode(columns[name], enc(name), name, problems, required=False)
    found = problems.sorted()
    if found and on_error == "raise":
        first = found[0]
        hint = first.hint
        if len(found) > 1:
            hint = (hint + "; " if hint else "") + (
                f"{len(found) - 1} more problem(s) in this chunk; "
                "pass on_error='collect' to see them all"
            )
        raise ActivityDataError(
            first.message,
            value=first.value,
            source=first.source,
            row=first.row,
            column=first.column,
            hint=hint,
        )
    row_number = problems.numbers
    if found:
        idx = np.flatnonzero(~problems.bad)
        amount, year, row_number = amount[idx], year[idx], row_number[idx]
        start = None if start is None else start[idx]
        end = None if end is None else end[idx]
        rid = None if rid is None else rid[idx]
        codes = {name: enc(name).keep_used(base[name], col[idx]) for name, col in codes.items()}
    return Parts(
        codes=codes,
        amount=amount,
        year=year,
        start=start,
        end=end,
        rid=rid,
        row_number=row_number,
        problems=tuple(found),
        excluded=int(problems.bad.sum()),
    )
