"""Streaming CSV reader for activity data (chunks of rows, shared label dictionaries)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from carbonstd.activities import _build
from carbonstd.activities._build import OnError, RawColumn
from carbonstd.activities._categorical import _Encoder
from carbonstd.activities._table import ActivityTable, Parts, join_parts, validate
from carbonstd.errors import ActivityDataError

#: Largest accepted CSV field (characters); longer fields are refused, not truncated.
MAX_FIELD = 1 << 16


def _columns(
    records: list[list[str]], width: int, malformed: list[tuple[int, str]]
) -> list[Sequence[str]]:
    """Rows -> columns (one C-level transpose); rows with a field over MAX_FIELD are blanked."""
    if not records:
        return [() for _ in range(width)]
    columns: list[Sequence[str]] = list(zip(*records, strict=True))
    long_rows: set[int] = set()
    for col in columns:
        if max(map(len, col)) > MAX_FIELD:
            long_rows.update(i for i, cell in enumerate(col) if len(cell) > MAX_FIELD)
    if long_rows:
        malformed.extend((i, f"a field longer than {MAX_FIELD} characters") for i in long_rows)
        columns = [
            [("" if i in long_rows else cell) for i, cell in enumerate(col)] for col in columns
        ]
    return columns


def iter_csv(
    path: str | Path,
    *,
    chunk_rows: int,
    on_error: OnError,
    allow_negative: bool,
    progress: Callable[[int, int], object] | None,
) -> Iterator[ActivityTable]:
    """Yield validated tables of at most ``chunk_rows`` rows (see ActivityTable.iter_csv)."""
    encoders: dict[str, _Encoder] = {}
    for parts in _iter_parts(
        path,
        chunk_rows=chunk_rows,
        on_error=on_error,
        allow_negative=allow_negative,
        progress=progress,
        encoders=encoders,
    ):
        yield parts.table(encoders, str(path))


def read_csv(
    path: str | Path, *, chunk_rows: int, on_error: OnError, allow_negative: bool
) -> ActivityTable:
    """The whole file as one table (see ActivityTable.from_csv): chunks joined column-wise."""
    encoders: dict[str, _Encoder] = {}
    parts = list(
        _iter_parts(
            path,
            chunk_rows=chunk_rows,
            on_error=on_error,
            allow_negative=allow_negative,
            progress=None,
            encoders=encoders,
        )
    )
    return join_parts(parts, encoders, str(path))


def _iter_parts(
    path: str | Path,
    *,
    chunk_rows: int,
    on_error: OnError,
    allow_negative: bool,
    progress: Callable[[int, int], object] | None,
    encoders: dict[str, _Encoder],
) -> Iterator[Parts]:
    if isinstance(chunk_rows, bool) or chunk_rows < 1:
        raise ActivityDataError(
            "chunk_rows must be a positive integer", value=chunk_rows, source="chunk_rows"
        )
    if on_error not in ("raise", "collect"):
        raise ActivityDataError(
            "on_error must be 'raise' or 'collect'", value=on_error, source="on_error"
        )
    source = str(path)
    try:
        total = os.path.getsize(path)
        binary = open(path, "rb")  # noqa: SIM115 - closed by the TextIOWrapper below
    except OSError as exc:
        raise ActivityDataError(
            "cannot open activity file",
            value=source,
            source=source,
            hint=exc.strerror or "check the path",
        ) from exc
    handle = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise ActivityDataError(
                "activity file is empty", source=source, hint="the first line is the header"
            ) from None
        except UnicodeDecodeError as exc:
            raise ActivityDataError(
                "activity file is not UTF-8", source=source, hint="save the file as UTF-8"
            ) from exc
        except csv.Error as exc:
            raise ActivityDataError(
                "cannot read the CSV header", value=str(exc), source=source
            ) from exc
        names = [h.strip() for h in header]
        _build.check_columns(names, source)
        width = len(names)
        blank = [""] * width
        row = 0  # data records seen so far (blank lines count, so row = line - 1)
        done = False
        yielded = False
        while not done:
            records: list[list[str]] = []
            numbers: list[int] = []
            malformed: list[tuple[int, str]] = []
            while len(numbers) < chunk_rows:
                try:
                    record = next(reader)
                except StopIteration:
                    done = True
                    break
                except UnicodeDecodeError as exc:
                    raise ActivityDataError(
                        "activity file is not UTF-8",
                        source=source,
                        row=row + 1,
                        hint="save the file as UTF-8",
                    ) from exc
                except csv.Error as exc:
                    row += 1
                    malformed.append((len(numbers), f"CSV syntax error: {exc}"))
                    record = blank
                else:
                    row += 1
                    if len(record) != width:
                        if not record:
                            continue  # a blank line holds no data
                        malformed.append(
                            (len(numbers), f"{len(record)} fields where the header has {width}")
                        )
                        record = blank
                records.append(record)
                numbers.append(row)
            if not numbers and yielded:
                break
            cells = _columns(records, width, malformed)
            del records
            columns: dict[str, RawColumn] = dict(zip(names, cells, strict=True))
            problems = _build._Problems(len(numbers), source, numbers[0] if numbers else 1, numbers)
            for i, message in sorted(malformed):
                problems.add_row(
                    i, "malformed CSV row", message, "every row needs one field per column"
                )
            del cells
            parts = validate(
                columns,
                problems,
                on_error=on_error,
                allow_negative=allow_negative,
                encoders=encoders,
            )
            del columns
            if progress is not None:
                progress(min(binary.tell(), total), total)
            yielded = True
            yield parts
        if progress is not None:
            progress(total, total)
