"""Conformance vectors: the frozen value and the strict, schema-checked loader."""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from carbonstd import _jsonsafe, errors
from carbonstd.errors import CarbonStdError, ConformanceError

#: Tolerance used when a vector gives none: relative 1e-12, absolute 0.
DEFAULT_REL = 1e-12
DEFAULT_ABS = 0.0

_SCHEMA_RESOURCE = "vector.schema.json"


def _finite_non_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ConformanceError(
            f"tolerance {attribute.name} must be a finite number >= 0",
            value=value,
            hint='write e.g. "tolerance": {"rel": 1e-9, "abs": 0}',
        )


@attrs.frozen
class Tolerance:
    """How close a computed number must be to the expected one.

    A number passes when ``math.isclose(actual, expected, rel_tol=rel, abs_tol=abs)``.

    Examples
    --------
    >>> Tolerance()
    Tolerance(rel=1e-12, abs=0.0)
    >>> Tolerance(rel=-1.0)
    Traceback (most recent call last):
    ...
    carbonstd.errors.ConformanceError: tolerance rel must be a finite number >= 0: -1.0 ...
    """

    rel: float = attrs.field(default=DEFAULT_REL, converter=float, validator=_finite_non_negative)
    abs: float = attrs.field(default=DEFAULT_ABS, converter=float, validator=_finite_non_negative)


def _error_class_names() -> frozenset[str]:
    return frozenset(
        name
        for name in errors.__all__
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), CarbonStdError)
    )


def _check_error_type(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    known = _error_class_names()
    if value not in known:
        raise ConformanceError(
            "expected_error.type is not an error class of carbonstd.errors",
            value=value,
            hint="use one of " + ", ".join(sorted(known)),
        )


def _check_regex(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        re.compile(value)
    except re.error as exc:
        raise ConformanceError(
            f"expected_error.match is not a valid regular expression ({exc})",
            value=value,
            hint="escape special characters such as '(' and '.' with a backslash",
        ) from exc


@attrs.frozen
class ExpectedError:
    """The error a vector expects: a :mod:`carbonstd.errors` class name and a regex.

    Examples
    --------
    >>> ExpectedError(type="UnitError", match="ambiguous")
    ExpectedError(type='UnitError', match='ambiguous')
    >>> ExpectedError(type="KeyError", match="x")
    Traceback (most recent call last):
    ...
    carbonstd.errors.ConformanceError: expected_error.type is not an error class ...
    """

    type: str = attrs.field(validator=_check_error_type)
    match: str = attrs.field(validator=_check_regex)


def freeze(value: Any) -> Any:
    """Return a read-only copy of a JSON value: mappings become read-only, lists tuples.

    Examples
    --------
    >>> freeze({"a": [1, {"b": 2}]})
    mappingproxy({'a': (1, mappingproxy({'b': 2}))})
    """
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Return a plain JSON value (dicts and lists) from a frozen one.

    Examples
    --------
    >>> thaw(freeze({"a": [1, 2]}))
    {'a': [1, 2]}
    """
    if isinstance(value, Mapping):
        return {str(k): thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value


@attrs.frozen
class Vector:
    """One conformance test vector, as read from a vector file.

    Build vectors with :func:`load_vectors`; the fields mirror the vector
    schema (``conformance/schema/vector.schema.json``). ``input`` and
    ``expected`` are read-only (mappings are read-only views, lists are
    tuples). ``file`` and ``json_path`` say where the vector was read from.

    Examples
    --------
    >>> v = Vector(id="u-1", title="kWh to MJ", standard="SI Brochure (2019)",
    ...            clause="Table 8", method="units.factor", input={"from": "kWh", "to": "MJ"},
    ...            expected={"factor": 3.6}, arithmetic="1 kWh = 1000 W x 3600 s = 3.6 MJ")
    >>> v.method, v.domain, v.tolerance.rel
    ('units.factor', 'units', 1e-12)
    """

    id: str
    title: str
    standard: str
    clause: str
    method: str
    input: Mapping[str, Any] = attrs.field(converter=freeze)
    arithmetic: str
    expected: Any = attrs.field(default=None, converter=freeze)
    expected_error: ExpectedError | None = None
    tolerance: Tolerance = Tolerance()
    tags: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    source: str | None = None
    notes: str | None = None
    suite: str = ""
    file: str = "<memory>"
    json_path: str = "$"

    @property
    def domain(self) -> str:
        """The part of ``method`` before the dot (the adapter module's name)."""
        return self.method.partition(".")[0]


@functools.cache
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped,unused-ignore]

    text = resources.files(__package__).joinpath(_SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema = json.loads(text)
    return jsonschema.Draft202012Validator(schema)


def validate_document(document: Any, *, source: str) -> None:
    """Check a parsed vector file against the vector schema.

    Raises
    ------
    ConformanceError
        Naming ``source`` and the JSON path of the most relevant problem,
        with the number of problems found.

    Examples
    --------
    >>> validate_document({"suite": "x", "description": "d", "vectors": []}, source="x.json")
    Traceback (most recent call last):
    ...
    carbonstd.errors.ConformanceError: vector file does not match the schema: [] should be
    non-empty (in x.json, at $.vectors) ...
    """
    from jsonschema.exceptions import (  # type: ignore[import-untyped,unused-ignore]
        best_match,
    )

    problems = list(_validator().iter_errors(document))
    if not problems:
        return
    first = best_match(problems)
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    raise ConformanceError(
        f"vector file does not match the schema: {_describe(first)}{more}",
        source=source,
        json_path=_jsonsafe.json_path(first.absolute_path),
        hint="see conformance/schema/vector.schema.json and conformance/README.md",
    )


def _describe(error: Any, limit: int = 200) -> str:
    """A readable one-line description of a jsonschema error."""
    if error.validator == "oneOf" and list(error.relative_schema_path)[-1:] == ["oneOf"]:
        alternatives = error.validator_value
        if any("expected_error" in alt.get("required", ()) for alt in alternatives):
            return "a vector needs exactly one of 'expected' and 'expected_error'"
    message: str = error.message
    shown = repr(error.instance)
    if len(shown) > 60 and message.startswith(shown):
        message = "the value" + message[len(shown) :]
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _vector_from(raw: Mapping[str, Any], *, suite: str, file: str, path: str) -> Vector:
    try:
        tolerance = Tolerance(**raw.get("tolerance", {}))
        expected_error = ExpectedError(**raw["expected_error"]) if "expected_error" in raw else None
    except ConformanceError as exc:
        raise ConformanceError(
            exc.message, value=exc.value, source=file, json_path=path, hint=exc.hint
        ) from exc
    arithmetic = raw["arithmetic"]
    return Vector(
        id=raw["id"],
        title=raw["title"],
        standard=raw["standard"],
        clause=raw["clause"],
        method=raw["method"],
        input=raw["input"],
        arithmetic=arithmetic if isinstance(arithmetic, str) else "\n".join(arithmetic),
        expected=raw.get("expected"),
        expected_error=expected_error,
        tolerance=tolerance,
        tags=raw.get("tags", ()),
        source=raw.get("source"),
        notes=raw.get("notes"),
        suite=suite,
        file=file,
        json_path=path,
    )


def load_file(path: str | PathLike[str]) -> list[Vector]:
    """Read one vector file strictly, validate it and return its vectors.

    Raises
    ------
    ConformanceError
        If the file cannot be read, is not strict JSON, does not match the
        schema, repeats an id, or names an unknown error class or a bad regex.
        The message names the file and the JSON path.
    """
    file = str(path)
    document = _jsonsafe.load_path(Path(path), error=ConformanceError)
    validate_document(document, source=file)
    vectors = [
        _vector_from(raw, suite=document["suite"], file=file, path=f"$.vectors[{i}]")
        for i, raw in enumerate(document["vectors"])
    ]
    _check_unique(vectors)
    return vectors


def _check_unique(vectors: Iterable[Vector]) -> None:
    seen: dict[str, Vector] = {}
    for vector in vectors:
        first = seen.setdefault(vector.id, vector)
        if first is not vector:
            raise ConformanceError(
                "vector id used twice",
                value=vector.id,
                source=vector.file,
                json_path=vector.json_path,
                hint=f"it is already used in {first.file} at {first.json_path}; "
                "ids must be unique across the whole suite",
            )


def _is_vector_file(path: Path) -> bool:
    return path.suffix == ".json" and not path.name.endswith(".schema.json")


def vector_files(paths: Iterable[str | PathLike[str]]) -> list[Path]:
    """Expand files and directories (searched recursively) into vector files.

    Files named ``*.schema.json`` are skipped when a directory is searched.

    Raises
    ------
    ConformanceError
        For a path that does not exist or a directory without vector files.
    """
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file() and _is_vector_file(p))
            if not found:
                raise ConformanceError(
                    "directory holds no vector files (*.json)",
                    value=str(path),
                    hint="point at a directory such as the repository's conformance/",
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ConformanceError(
                "no such file or directory", value=str(path), hint="check the path"
            )
    unique: dict[Path, None] = dict.fromkeys(p.resolve() for p in files)
    return list(unique)


def load_vectors(paths: Iterable[str | PathLike[str]]) -> list[Vector]:
    """Load every vector from files and directories, validated, ids unique.

    Implements the vector-file format of the carbonstd conformance suite
    (``docs/design-contracts.md``, "Conformance vectors"; schema
    ``conformance/schema/vector.schema.json``, JSON Schema Draft 2020-12).

    Parameters
    ----------
    paths
        Vector files, or directories searched recursively for ``*.json``
        (``*.schema.json`` skipped).

    Returns
    -------
    list[Vector]
        In file order (sorted paths), then in order within each file.

    Raises
    ------
    ConformanceError
        For a missing path, a file that is not strict JSON or breaks the
        schema (the message names the file and JSON path), or an id used twice.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> doc = '''{"suite": "demo", "description": "d", "vectors": [{"id": "demo-1",
    ...   "title": "t", "standard": "SI Brochure", "clause": "Table 8",
    ...   "method": "units.factor", "input": {"from": "kWh", "to": "MJ"},
    ...   "expected": {"factor": 3.6}, "arithmetic": "1000 W x 3600 s = 3.6 MJ"}]}'''
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "demo.json")
    ...     _ = p.write_text(doc)
    ...     [v.id for v in load_vectors([d])]
    ['demo-1']
    """
    vectors: list[Vector] = []
    for file in vector_files(paths):
        vectors.extend(load_file(file))
    _check_unique(vectors)
    return vectors


def default_paths(start: str | PathLike[str] | None = None) -> list[Path]:
    """The repository's ``conformance/`` directory, when run from a checkout.

    Looks in ``start`` (default: the current directory) and its parents for
    ``conformance/schema/vector.schema.json``, then beside the source tree of
    an editable install.

    Raises
    ------
    ConformanceError
        If no checkout is found; pass the vector directory explicitly then.
    """
    here = Path.cwd() if start is None else Path(start)
    candidates = [d / "conformance" for d in (here.resolve(), *here.resolve().parents)]
    candidates.append(Path(__file__).resolve().parents[3] / "conformance")
    for candidate in candidates:
        if (candidate / "schema" / "vector.schema.json").is_file():
            return [candidate]
    raise ConformanceError(
        "no conformance/ directory found (not running from a carbonstd checkout)",
        value=str(here),
        hint="pass the vector directory or files explicitly: carbonstd conformance run PATH",
    )
