"""Recursive comparison of an adapter's output with a vector's expected value."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from carbonstd.conformance._vectors import Tolerance


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Sequence):
        return "array"
    return type(value).__name__


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"


def compare(expected: Any, actual: Any, tolerance: Tolerance, path: str = "$") -> list[str]:
    """List every difference between ``expected`` and ``actual``, each with its path.

    Objects are compared key by key (missing and extra keys are reported),
    arrays element by element, numbers with ``math.isclose`` using the
    tolerance's ``rel`` and ``abs``; strings, booleans and null exactly.

    Examples
    --------
    >>> compare({"a": 1.0, "b": [1, 2]}, {"a": 1.0 + 1e-15, "b": [1, 3], "c": 0}, Tolerance())
    ['$.b[1]: expected 2, got 3 (difference 1, relative 0.5)', '$.c: unexpected key in output']
    >>> compare(True, 1, Tolerance())
    ['$: expected boolean True, got number 1']
    """
    problems: list[str] = []
    e_kind, a_kind = _kind(expected), _kind(actual)
    if e_kind != a_kind:
        problems.append(f"{path}: expected {e_kind} {expected!r}, got {a_kind} {actual!r}")
    elif e_kind == "number":
        if not (
            math.isfinite(actual)
            and math.isclose(actual, expected, rel_tol=tolerance.rel, abs_tol=tolerance.abs)
        ):
            problems.append(
                f"{path}: expected {expected!r}, got {actual!r}" + _diff(expected, actual)
            )
    elif e_kind == "object":
        for key in expected:
            sub = _key_path(path, str(key))
            if key in actual:
                problems.extend(compare(expected[key], actual[key], tolerance, sub))
            else:
                problems.append(f"{sub}: missing from output")
        problems.extend(
            f"{_key_path(path, str(key))}: unexpected key in output"
            for key in actual
            if key not in expected
        )
    elif e_kind == "array":
        if len(expected) != len(actual):
            problems.append(f"{path}: expected {len(expected)} items, got {len(actual)}")
        for i, (e_item, a_item) in enumerate(zip(expected, actual, strict=False)):
            problems.extend(compare(e_item, a_item, tolerance, f"{path}[{i}]"))
    elif expected != actual:
        problems.append(f"{path}: expected {expected!r}, got {actual!r}")
    return problems


def _diff(expected: float, actual: float) -> str:
    if not math.isfinite(actual):
        return ""
    delta = actual - expected
    if expected != 0:
        return f" (difference {delta:.3g}, relative {delta / abs(expected):.3g})"
    return f" (difference {delta:.3g})"
