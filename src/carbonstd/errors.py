"""The carbonstd exception hierarchy.

Every error raised on purpose by carbonstd derives from :class:`CarbonStdError`.
Each subclass also inherits the builtin exception a caller would naturally
catch (a :class:`UnitError` is a :class:`ValueError`, a
:class:`FactorNotFoundError` is a :class:`KeyError`), and carries structured
data about what went wrong: the offending value, where it came from (a file, a
row, a column, a JSON path) and a hint on how to fix it.

Errors raised by dependencies (pint, jsonschema, json) are translated at the
boundary and chained as ``__cause__``; they never reach a caller bare.

Examples
--------
>>> from carbonstd.errors import UnitError
>>> err = UnitError("unit string is not allowed", value="ton", hint="say 't'")
>>> isinstance(err, ValueError)
True
>>> print(err)
unit string is not allowed: 'ton' (hint: say 't')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "ActivityDataError",
    "AllocationError",
    "AmbiguousFactorError",
    "CarbonStdError",
    "ConformanceError",
    "FactorDataError",
    "FactorNotFoundError",
    "GWPMismatchError",
    "InventoryError",
    "MissingFactorError",
    "UnitError",
    "UnknownGWPSetError",
    "UnknownGasError",
]


class _Missing:
    """Sentinel for "no value given" (a stable repr for signatures and docs)."""

    def __repr__(self) -> str:
        return "<no value>"


_MISSING: object = _Missing()


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 5] + "...'" if text[0] in "'\"" else text[: limit - 3] + "..."
    return text


class CarbonStdError(Exception):
    """Root of every error carbonstd raises on purpose.

    Parameters
    ----------
    message
        What went wrong, in one sentence without a trailing full stop.
    value
        The offending value, if there is one. It is shown with :func:`repr`,
        shortened to 80 characters.
    source
        Where the value came from: a file path, ``"<string>"``, an argument name.
    row, column
        1-based row number (data rows, header excluded) and column name, for
        tabular input.
    json_path
        A JSON path such as ``$.factors[3].gases.CH4`` for JSON input.
    hint
        How to fix it.
    problems
        Further problems of the same input (for errors that report every
        problem at once); the first 20 are shown in the message.

    Examples
    --------
    >>> err = CarbonStdError("amount is negative", value=-3.0, source="a.csv", row=7,
    ...                      column="amount", hint="use a non-negative amount")
    >>> print(err)
    amount is negative: -3.0 (in a.csv, row 7, column 'amount') (hint: use a non-negative amount)
    >>> err.row
    7
    """

    def __init__(
        self,
        message: str,
        *,
        value: object = _MISSING,
        source: str | None = None,
        row: int | None = None,
        column: str | None = None,
        json_path: str | None = None,
        hint: str | None = None,
        problems: Sequence[object] = (),
    ) -> None:
        self.message = message
        self.problems: tuple[Any, ...] = tuple(problems)
        self.value = None if value is _MISSING else value
        self.has_value = value is not _MISSING
        self.source = source
        self.row = row
        self.column = column
        self.json_path = json_path
        self.hint = hint
        super().__init__(self._render())

    def _where(self) -> str:
        parts: list[str] = []
        if self.source is not None:
            parts.append(f"in {self.source}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.json_path is not None:
            parts.append(f"at {self.json_path}")
        return ", ".join(parts)

    def _render(self) -> str:
        text = self.message
        if self.has_value:
            text += f": {_short(self.value)}"
        where = self._where()
        if where:
            text += f" ({where})"
        if self.hint:
            text += f" (hint: {self.hint})"
        if self.problems:
            text += "\n" + "\n".join(f"  - {p}" for p in self.problems[:20])
            if len(self.problems) > 20:
                text += f"\n  ... and {len(self.problems) - 20} more"
        return text

    def __str__(self) -> str:
        # KeyError would otherwise repr() its argument; keep messages readable.
        return self._render()


class UnitError(CarbonStdError, ValueError):
    """A unit string or quantity that cannot be used.

    Raised for strings outside the safe unit grammar, unknown or misleading
    unit names (``ton``, ``gallon``), and incompatible dimensions.
    """


class UnknownGasError(CarbonStdError, KeyError):
    """A gas name that carbonstd does not know, or that a GWP set lacks."""


class UnknownGWPSetError(CarbonStdError, KeyError):
    """A GWP set name that is not available."""


class GWPMismatchError(CarbonStdError, ValueError):
    """A CO2e-only value would be re-expressed under a GWP set it was not built with."""


class FactorNotFoundError(CarbonStdError, KeyError):
    """No emission factor matches a lookup; the message lists what was tried."""

    def __init__(
        self,
        message: str,
        *,
        tried: Sequence[str] = (),
        value: object = _MISSING,
        source: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.tried = tuple(tried)
        super().__init__(message, value=value, source=source, hint=hint)

    def _render(self) -> str:
        text = super()._render()
        if self.tried:
            text += "\ntried:\n" + "\n".join(f"  - {step}" for step in self.tried)
        return text


class AmbiguousFactorError(CarbonStdError, LookupError):
    """Several factors match a lookup equally well; the message lists them and how to choose."""


class MissingFactorError(FactorNotFoundError):
    """Rows of an activity table for which no factor could be resolved."""


class FactorDataError(CarbonStdError, ValueError):
    """A factor-set file (JSON or CSV) that is malformed or violates the schema.

    Carries the file (``source``) and the JSON path (``json_path``) or the
    row and column of the problem. When a file has several problems,
    ``problems`` lists every one of them.
    """


class ActivityDataError(CarbonStdError, ValueError):
    """Bad activity rows: unknown unit, NaN, negative amount, empty key, bad date.

    With ``on_error="collect"``, ``problems`` holds one error per bad row.
    """


class AllocationError(CarbonStdError, ValueError):
    """Inputs to an allocation or end-of-life method that the method forbids."""


class InventoryError(CarbonStdError, ValueError):
    """An organizational boundary, instrument or inventory input that is invalid."""


class ConformanceError(CarbonStdError, ValueError):
    """A conformance vector that is malformed or names an unknown method."""
