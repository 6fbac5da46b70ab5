"""Streaming CSV reader for activity data (chunks of rows, shared label dictionaries)."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from carbonstd.activities import _build
from carbonstd.activities._build import OnError, RawColumn
from carbonstd.activities._categorical import _Encoder
from carbonstd.activities._table import ActivityTable, _finish
from carbonstd.errors import ActivityDataError

#: Largest accepted CSV field (characters); longer fields are refused, not truncated.
MAX_FIELD = 1 << 16


class _Counting:
    """Iterate the lines of a text file, counting the characters read (for progress)."""

    def __init__(self, handle: Iterator[str]) -> None:
        self.handle = handle
        self.chars = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.handle:
            self.chars += len(line)
            yield line


def iter_csv(
    path: str | Path,
    *,
    chunk_rows: int,
    on_error: OnError,
    allow_negative: bool,
    progress: Callable[[int, int], object] | None,
) -> Iterator[ActivityTable]:
    """Yield validated tables of at most ``chunk_rows`` rows (see ActivityTable.iter_csv)."""
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
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as exc:
        raise ActivityDataError(
            "cannot open activity file",
            value=source,
            source=source,
            hint=exc.strerror or "check the path",
        ) from exc
    with handle:
        counter = _Counting(handle)
        reader = csv.reader(counter, strict=True)
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
        encoders: dict[str, _Encoder] = {}
        row = 0  # data records seen so far (blank lines count, so row = line - 1)
        done = False
        yielded = False
        while not done:
            cells: list[list[str]] = [[] for _ in names]
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
                    record = [""] * width
                else:
                    row += 1
                    if not record:
                        continue  # a blank line holds no data
                    if len(record) != width:
                        malformed.append(
                            (len(numbers), f"{len(record)} fields where the header has {width}")
                        )
                        record = [""] * width
                    elif any(len(cell) > MAX_FIELD for cell in record):
                        malformed.append(
                            (len(numbers), f"a field longer than {MAX_FIELD} characters")
                        )
                        record = [""] * width
                for j, cell in enumerate(record):
                    cells[j].append(cell)
                numbers.append(row)
            if not numbers and yielded:
                break
            columns: dict[str, RawColumn] = dict(zip(names, cells, strict=True))
            problems = _build._Problems(len(numbers), source, numbers[0], numbers)
            for i, message in malformed:
                problems.add_row(
                    i, "malformed CSV row", message, "every row needs one field per column"
                )
            table = _finish(
                columns,
                problems,
                source=source,
                on_error=on_error,
                allow_negative=allow_negative,
                encoders=encoders,
                n=len(numbers),
            )
            if progress is not None:
                progress(min(counter.chars, total), total)
            yielded = True
            yield table
        if progress is not None:
            progress(total, total)
