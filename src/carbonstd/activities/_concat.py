"""Join activity tables end to end, merging label dictionaries (no per-row Python work)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from carbonstd.activities._categorical import Categorical, _Encoder
from carbonstd.errors import ActivityDataError

if TYPE_CHECKING:
    from carbonstd.activities._table import ActivityTable


def _merge(columns: Sequence[Categorical | None], lengths: Sequence[int]) -> Categorical:
    encoder = _Encoder()
    parts: list[npt.NDArray[np.int32]] = []
    for col, n in zip(columns, lengths, strict=True):
        if col is None:
            parts.append(np.full(n, encoder.code(""), dtype=np.int32))
        elif len(col.labels) == 0:
            parts.append(np.zeros(0, dtype=np.int32))
        else:
            parts.append(encoder.remap(col.labels)[col.codes])
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    return Categorical(codes, tuple(encoder.labels))


def _join(arrays: Sequence[npt.NDArray[Any] | None], what: str) -> npt.NDArray[Any] | None:
    present = [a is not None for a in arrays]
    if not any(present):
        return None
    if not all(present):
        raise ActivityDataError(
            f"cannot join tables where only some have {what}",
            value=what,
            hint="give every table the same period and record-id columns",
        )
    return np.concatenate([a for a in arrays if a is not None])


def concat(tables: Sequence[ActivityTable], *, source: str | None) -> ActivityTable:
    """See :meth:`ActivityTable.concat`."""
    from carbonstd.activities._table import ActivityTable

    tables = list(tables)
    if not tables:
        empty = Categorical(np.zeros(0, dtype=np.int32), ())
        return ActivityTable(
            empty,
            np.zeros(0),
            empty,
            empty,
            np.zeros(0, dtype=np.int32),
            row_number=np.zeros(0, dtype=np.int64),
            source=source or "<empty>",
        )
    if len(tables) == 1 and source in (None, tables[0].source):
        return tables[0]
    lengths = [len(t) for t in tables]
    tag_names: list[str] = []
    for t in tables:
        tag_names.extend(name for name in t.tags if name not in tag_names)
    row_numbers = [
        t.row_number if t.row_number is not None else np.arange(1, len(t) + 1, dtype=np.int64)
        for t in tables
    ]
    sources = {t.source for t in tables}
    return ActivityTable(
        _merge([t.activity for t in tables], lengths),
        np.concatenate([t.amount for t in tables]),
        _merge([t.unit for t in tables], lengths),
        _merge([t.region for t in tables], lengths),
        np.concatenate([t.year for t in tables]),
        period_start=_join([t.period_start for t in tables], "period_start"),
        period_end=_join([t.period_end for t in tables], "period_end"),
        tags={name: _merge([t.tags.get(name) for t in tables], lengths) for name in tag_names},
        record_id=_join([t.record_id for t in tables], "record_id"),
        row_number=np.concatenate(row_numbers),
        source=source or (sources.pop() if len(sources) == 1 else "<several sources>"),
        problems=tuple(p for t in tables for p in t.problems),
        excluded_rows=sum(t.excluded_rows for t in tables),
    )
