"""pandas DataFrame -> raw activity columns (the pandas extra), with pandas errors translated."""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from carbonstd.activities import _build
from carbonstd.activities._build import RawColumn
from carbonstd.activities._categorical import Categorical
from carbonstd.errors import ActivityDataError

#: What pandas raises while converting a column (its own errors derive from these).
_PANDAS_ERRORS = (ValueError, TypeError, OverflowError, AttributeError, KeyError, IndexError)


def _pandas(source: str) -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise ActivityDataError(
            "pandas is not installed",
            source=source,
            hint="install the pandas extra (pip install 'carbonstd[pandas]'), or use "
            "ActivityTable.from_columns with numpy arrays",
        ) from exc


def dataframe_columns(df: object, source: str) -> dict[str, RawColumn]:
    """The columns of ``df`` as numpy arrays the table builder accepts.

    Missing values become empty cells (text, year, dates) or NaN (amount),
    which the builder then reports with their 1-based row and column.
    """
    pd = _pandas(source)
    if not isinstance(df, pd.DataFrame):
        raise ActivityDataError(
            "not a pandas DataFrame",
            value=type(df).__name__,
            source=source,
            hint="pass a pandas.DataFrame; for dicts of columns use ActivityTable.from_columns, "
            "for lists of rows ActivityTable.from_records",
        )
    names: list[str] = []
    for label in df.columns:
        if not isinstance(label, str):
            raise ActivityDataError(
                "column names must be strings",
                value=label,
                source=source,
                hint="name the columns activity, amount, unit, region, year, ... "
                "(flatten a MultiIndex header first)",
            )
        names.append(label)
    _build.check_columns(names, source)
    columns: dict[str, RawColumn] = {}
    for position, name in enumerate(names):
        series = df.iloc[:, position]
        try:
            columns[name] = _column(pd, name, series, source)
        except ActivityDataError:
            raise
        except _PANDAS_ERRORS as exc:
            raise ActivityDataError(
                "cannot read DataFrame column",
                value=str(series.dtype),
                source=source,
                column=name,
                hint=f"pandas said: {type(exc).__name__}: {exc}",
            ) from exc
    return columns


def _column(pd: Any, name: str, series: Any, source: str) -> RawColumn:
    types = pd.api.types
    dtype = series.dtype
    numeric = types.is_numeric_dtype(dtype) and not types.is_bool_dtype(dtype)
    if name == "amount" and numeric:
        return np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
    if name == "year" and numeric:
        if types.is_integer_dtype(dtype) and not series.hasnans:
            return np.asarray(series.to_numpy(dtype=np.int64))
        # NaN / NA is an empty year cell (the year then comes from the period, if any).
        return np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
    if name in ("period_start", "period_end") and types.is_datetime64_any_dtype(dtype):
        if isinstance(dtype, pd.DatetimeTZDtype):
            raise ActivityDataError(
                "time-zone-aware dates",
                value=str(dtype),
                source=source,
                column=name,
                hint="periods are calendar dates; convert with .dt.tz_localize(None) "
                "(local dates) first",
            )
        return np.asarray(series.to_numpy())
    text_column = name in ("activity", "unit", "region") or name not in _build.CORE_COLUMNS
    if text_column and isinstance(dtype, pd.CategoricalDtype):
        categorical = _categorical(series)
        if categorical is not None:
            return categorical
    mask = np.asarray(series.isna().to_numpy(dtype=np.bool_))
    text = np.asarray(series.astype(str).to_numpy(dtype=np.str_))
    return np.where(mask, "", text)


def _categorical(series: Any) -> Categorical | None:
    """A pandas categorical text column as a :class:`Categorical` (codes kept, no strings made).

    Missing values (code -1) become the label ``""``. None when the
    categories do not give distinct labels as text (then the column is read
    as text instead).
    """
    labels = [str(c).strip() for c in series.cat.categories]
    codes = np.asarray(series.cat.codes.to_numpy(), dtype=np.int32)
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(labels), codes).astype(np.int32)
        labels.append("")
    if len(set(labels)) != len(labels):
        return None
    return Categorical(codes, tuple(labels))
