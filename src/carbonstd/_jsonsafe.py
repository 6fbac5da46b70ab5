"""Strict JSON reading for untrusted files: no NaN, no duplicate keys, bounded.

Used by every loader in carbonstd (factor sets, conformance vectors). Errors
are raised as the caller's :class:`~carbonstd.errors.CarbonStdError` subclass
with the file and JSON path; the :mod:`json` exception is kept as ``__cause__``.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from carbonstd.errors import CarbonStdError

#: Largest JSON document carbonstd reads (bytes).
MAX_BYTES = 64 * 1024 * 1024
#: Deepest nesting of arrays and objects accepted.
MAX_DEPTH = 32
#: Most digits of a JSON integer (float64 holds at most 309 integer digits).
MAX_INT_DIGITS = 309


_FLOAT_MAX = int(sys.float_info.max)
#: A lone UTF-16 surrogate: JSON's ``\\ud800`` escapes decode to one; UTF-8 cannot encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")


class _RejectError(Exception):
    def __init__(self, message: str, value: object, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.hint = hint or "fix the JSON so that it is strict (RFC 8259)"


_RANGE_HINT = "numbers must fit a float64 (magnitudes from about 5e-324 to 1.8e308, or 0)"


def _no_constants(name: str) -> Any:
    raise _RejectError("NaN and Infinity are not valid JSON numbers", name)


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _RejectError(
            f"integer with {digits} digits is too large for a float64 number", text, _RANGE_HINT
        )
    value = int(text)
    if abs(value) > _FLOAT_MAX:
        raise _RejectError("integer is too large for a float64 number", text, _RANGE_HINT)
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _RejectError("number is too large for a float64 number", text, _RANGE_HINT)
    if value == 0.0 and any(c in "123456789" for c in text.lower().split("e")[0]):
        raise _RejectError(
            "number is too small for a float64 number (it would read as 0)", text, _RANGE_HINT
        )
    return value


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RejectError("duplicate key in a JSON object", key)
        out[key] = value
    return out


def _depth_path(obj: Any, limit: int) -> str | None:
    """Return the JSON path of the first place deeper than ``limit``, or None."""
    stack: list[tuple[Any, str, int]] = [(obj, "$", 0)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, dict):
            if depth >= limit:
                return path
            stack.extend((v, f"{path}.{k}", depth + 1) for k, v in node.items())
        elif isinstance(node, list):
            if depth >= limit:
                return path
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(node))
    return None


def _surrogate_path(obj: Any) -> tuple[str, str] | None:
    """``(json path, text)`` of the first string or key holding a lone surrogate, or None."""
    stack: list[tuple[Any, str]] = [(obj, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return path, node
        elif isinstance(node, dict):
            for k, v in node.items():
                if _SURROGATE.search(k):
                    return f"{path}.{k.encode('utf-8', 'backslashreplace').decode()}", k
                stack.append((v, f"{path}.{k}"))
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node))
    return None


def loads(
    text: str | bytes,
    *,
    source: str,
    error: type[CarbonStdError],
    max_depth: int = MAX_DEPTH,
) -> Any:
    """Parse JSON strictly; raise ``error`` naming ``source`` and the place.

    Examples
    --------
    >>> from carbonstd.errors import FactorDataError
    >>> loads('{"a": 1}', source="<string>", error=FactorDataError)
    {'a': 1}
    >>> loads('{"a": 1, "a": 2}', source="x.json", error=FactorDataError)
    Traceback (most recent call last):
    ...
    carbonstd.errors.FactorDataError: duplicate key in a JSON object: 'a' (in x.json) ...
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise error(f"JSON document larger than {MAX_BYTES} bytes", source=source)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(
                "file is not UTF-8 text", source=source, hint="save the file as UTF-8"
            ) from exc
    elif len(text) > MAX_BYTES:
        raise error(f"JSON document larger than {MAX_BYTES} characters", source=source)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_no_constants,
            parse_int=_int,
            parse_float=_float,
        )
    except _RejectError as exc:
        raise error(
            exc.message,
            value=exc.value,
            source=source,
            hint=exc.hint,
        ) from exc
    except json.JSONDecodeError as exc:
        raise error(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            source=source,
            hint="check the file with a JSON validator",
        ) from exc
    except RecursionError as exc:
        raise error(f"JSON nested deeper than {max_depth} levels", source=source) from exc
    where = _depth_path(data, max_depth)
    if where is not None:
        raise error(f"JSON nested deeper than {max_depth} levels", source=source, json_path=where)
    if "\\u" in text or _SURROGATE.search(text):  # only escapes or str input can hold one
        lone = _surrogate_path(data)
        if lone is not None:
            raise error(
                "text holds a lone UTF-16 surrogate, which is not valid Unicode",
                value=lone[1],
                source=source,
                json_path=lone[0],
                hint="a \\ud800-\\udfff escape must be half of a surrogate pair; fix or remove it",
            )
    return data


def load_path(path: str | Path, *, error: type[CarbonStdError], max_depth: int = MAX_DEPTH) -> Any:
    """Read and parse a JSON file strictly (see :func:`loads`)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise error(f"JSON file larger than {MAX_BYTES} bytes", source=str(p))
        raw = p.read_bytes()
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", source=str(p)) from exc
    return loads(raw, source=str(p), error=error, max_depth=max_depth)


def json_path(parts: Any) -> str:
    """Format a jsonschema ``absolute_path`` deque as ``$.a[0].b``.

    Examples
    --------
    >>> json_path(["factors", 3, "gases", "CH4"])
    '$.factors[3].gases.CH4'
    """
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
