"""Method adapters for conformance vectors, found by name and imported lazily.

A vector's ``method`` is ``"<domain>.<name>"``. The adapter lives in the
module ``carbonstd.conformance.methods.<domain>``, which lists its adapters in
a module-level ``METHODS`` dict mapping the full method name to a callable
that takes the vector's ``input`` (a read-only mapping) and returns a JSON-like
value (dicts, lists, strings, numbers, booleans, ``None``) compared with the
vector's ``expected``. Adapters raise :class:`~carbonstd.errors.CarbonStdError`
subclasses for bad input; vectors with ``expected_error`` check exactly that.

To add a domain, add a module here with ``METHODS``; nothing else is
registered anywhere, and nothing is mutated at run time.

Examples
--------
>>> adapter = resolve("units.factor")
>>> adapter({"from": "kWh", "to": "MJ"})
{'factor': 3.6, 'from': 'kWh', 'to': 'MJ'}
>>> resolve("nosuch.thing")
Traceback (most recent call last):
...
carbonstd.errors.ConformanceError: unknown method domain: 'nosuch' ...
"""

from __future__ import annotations

import difflib
import importlib
import math
import pkgutil
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, TypeVar, cast

from carbonstd.errors import ConformanceError

__all__ = ["Adapter", "domains", "input_number", "input_str", "input_value", "resolve"]

#: An adapter: takes a vector's ``input`` and returns JSON-like output.
Adapter: TypeAlias = Callable[[Mapping[str, Any]], Any]

_T = TypeVar("_T")

_METHOD = re.compile(r"^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)$")


def domains() -> list[str]:
    """Names of the adapter modules available in this installation.

    Examples
    --------
    >>> "units" in domains()
    True
    """
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def resolve(method: str) -> Adapter:
    """Return the adapter for ``method`` (``"<domain>.<name>"``), importing its module lazily.

    Raises
    ------
    ConformanceError
        If the name is malformed, the domain module does not exist or has no
        ``METHODS``, or the method is not listed in it; the hint lists what exists.

    Examples
    --------
    >>> resolve("units.nosuch")
    Traceback (most recent call last):
    ...
    carbonstd.errors.ConformanceError: unknown method: 'units.nosuch' ...
    """
    match = _METHOD.match(method)
    if match is None:
        raise ConformanceError(
            "method must be '<domain>.<name>' in lower case",
            value=method,
            hint="e.g. 'units.convert'",
        )
    domain = match.group(1)
    module_name = f"{__name__}.{domain}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ConformanceError(
            "unknown method domain",
            value=domain,
            hint="available domains: " + (", ".join(domains()) or "none"),
        ) from None
    table = getattr(module, "METHODS", None)
    if not isinstance(table, Mapping):
        raise ConformanceError(
            "adapter module has no METHODS dict",
            value=module_name,
            hint="define METHODS = {'<domain>.<name>': adapter, ...} in that module",
        )
    adapter = table.get(method)
    if adapter is None or not callable(adapter):
        close = difflib.get_close_matches(method, [str(k) for k in table], n=3)
        listed = ", ".join(sorted(str(k) for k in table)) or "none"
        raise ConformanceError(
            "unknown method",
            value=method,
            hint=(f"did you mean {', '.join(close)}? " if close else "")
            + f"methods of {domain!r}: {listed}",
        )
    return adapter  # type: ignore[no-any-return]


def input_value(data: Mapping[str, Any], key: str, kind: type[_T] | tuple[type, ...]) -> _T:
    """Read ``data[key]`` from a vector's input, checking its JSON type.

    For adapter authors: a missing key or a value of the wrong type raises
    :class:`~carbonstd.errors.ConformanceError` naming ``$.input.<key>``.

    Examples
    --------
    >>> input_value({"unit": "kg"}, "unit", str)
    'kg'
    >>> input_value({}, "unit", str)
    Traceback (most recent call last):
    ...
    carbonstd.errors.ConformanceError: vector input lacks a required key: 'unit' (at $.input) ...
    """
    if key not in data:
        raise ConformanceError(
            "vector input lacks a required key",
            value=key,
            json_path="$.input",
            hint="see the adapter's docstring for the keys it reads",
        )
    value: Any = data[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise ConformanceError(
            f"vector input has the wrong type (expected {names})",
            value=value,
            json_path=f"$.input.{key}",
        )
    return cast("_T", value)


def input_str(data: Mapping[str, Any], key: str) -> str:
    """Read a string from a vector's input (see :func:`input_value`).

    Examples
    --------
    >>> input_str({"to": "MJ"}, "to")
    'MJ'
    """
    return input_value(data, key, str)


def input_number(data: Mapping[str, Any], key: str) -> float:
    """Read a finite number (JSON integer or float) from a vector's input.

    Examples
    --------
    >>> input_number({"value": 2}, "value")
    2.0
    >>> input_number({"value": "2"}, "value")
    Traceback (most recent call last):
    ...
    carbonstd.errors.ConformanceError: vector input has the wrong type (expected int or float): '2'
    (at $.input.value)
    """
    value = float(input_value(data, key, (int, float)))
    if not math.isfinite(value):
        raise ConformanceError(
            "vector input number is not finite", value=value, json_path=f"$.input.{key}"
        )
    return value
