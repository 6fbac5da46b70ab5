"""Loading factor sets from JSON (schema-validated) and CSV files, reporting every problem."""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from carbonstd import _jsonsafe
from carbonstd.errors import CarbonStdError, FactorDataError
from carbonstd.factors._fuels import FuelProperties
from carbonstd.factors._model import EmissionFactor, Licence, Source, canonical_gas
from carbonstd.factors._set import CrossProblem, FactorSet, cross_problems, set_problems

__all__ = ["CSV_COLUMNS", "load_csv", "load_json"]

#: Largest CSV file accepted (bytes).
MAX_CSV_BYTES = 64 * 1024 * 1024

#: Non-gas columns of the CSV layout; every other column is a gas (kg per unit).
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "activity",
    "unit",
    "region",
    "year",
    "valid_from",
    "valid_to",
    "boundary",
    "calorific_basis",
    "methods",
    "co2e",
    "gwp",
    "source_publisher",
    "source_document",
    "source_table",
    "source_edition",
    "source_url",
    "notes",
)
_REQUIRED_CSV = ("id", "activity", "unit", "year")


@functools.cache
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped,unused-ignore]
    import referencing

    resource = importlib.resources.files("carbonstd").joinpath(
        "data", "schemas", "factor-set.schema.json"
    )
    schema = json.loads(resource.read_text(encoding="utf-8"))
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        schema["$id"], referencing.Resource.from_contents(schema)
    )
    cls = jsonschema.Draft202012Validator
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


def _schema_message(error: Any) -> str:
    if error.validator == "oneOf":
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        if "gases" in instance and ("co2e" in instance or "gwp" in instance):
            return "give per-gas values ('gases') or 'co2e' with 'gwp', not both"
        return "needs per-gas values ('gases') or 'co2e' with 'gwp'"
    if error.validator == "anyOf":
        return "needs at least one of 'ncv', 'gcv', 'density'"
    message = str(error.message)
    return message if len(message) <= 300 else message[:297] + "..."


def _schema_problems(data: object) -> list[tuple[tuple[str | int, ...], str]]:
    # Sort by path with array indexes compared as numbers ($.factors[2] before [10]).
    errors = sorted(
        _validator().iter_errors(data),
        key=lambda e: (
            [(1, 0, p) if isinstance(p, str) else (0, p, "") for p in e.absolute_path],
            str(e.message),
        ),
    )
    return [(tuple(e.absolute_path), _schema_message(e)) for e in errors]


def _field_path(base: str, exc: CarbonStdError) -> str:
    return f"{base}.{exc.column}" if exc.column else base


def _entry_problem(base: str, exc: CarbonStdError) -> tuple[str, str]:
    """``(json path, message)`` of a model validation error for one array entry."""
    message = exc.message.split(": ", 1)[1] if exc.column and ": " in exc.message else exc.message
    text = (
        str(CarbonStdError(message, value=exc.value, hint=exc.hint))
        if exc.has_value
        else str(CarbonStdError(message, hint=exc.hint))
    )
    return _field_path(base, exc), text


_PATH_PART = re.compile(r"\[(\d+)\]|\.([^.\[]+)")


def _path_key(path: str) -> list[tuple[int, int, str]]:
    """Sort key of a JSON path: array indexes compare as numbers, keys as text."""
    return [
        (0, int(index), "") if index else (1, 0, key) for index, key in _PATH_PART.findall(path)
    ]


def _raise(source: str, problems: Sequence[tuple[str, str]]) -> None:
    if problems:
        problems = sorted(problems, key=lambda item: _path_key(item[0]))
        path, message = problems[0]
        raise FactorDataError(
            f"{len(problems)} problem(s) in factor set; first: {message}",
            source=source,
            json_path=path,
            problems=[f"{p}: {m}" for p, m in problems],
            hint="fix every listed problem; the schema is "
            "carbonstd/data/schemas/factor-set.schema.json",
        )


def _build(data: Mapping[str, Any], source: str) -> FactorSet:
    schema = _schema_problems(data)
    problems = [(_jsonsafe.json_path(p), m) for p, m in schema]
    bad_entries = {p[:2] for p, _ in schema if len(p) >= 2 and p[0] in ("factors", "fuels")}
    if any(len(p) < 2 or p[0] not in ("factors", "fuels") for p, _ in schema):
        _raise(source, problems)  # the set itself is malformed: entries cannot be checked
    licence = Licence.from_json(data["licence"])
    factors: list[EmissionFactor] = []
    for i, entry in enumerate(data.get("factors", [])):
        if ("factors", i) in bad_entries:
            continue
        try:
            factors.append(EmissionFactor.from_json(entry, licence=licence))
        except CarbonStdError as exc:
            problems.append(_entry_problem(f"$.factors[{i}]", exc))
    fuels: list[FuelProperties] = []
    for i, entry in enumerate(data.get("fuels", [])):
        if ("fuels", i) in bad_entries:
            continue
        try:
            fuels.append(FuelProperties.from_json(entry))
        except CarbonStdError as exc:
            problems.append(_entry_problem(f"$.fuels[{i}]", exc))
    regions = tuple(sorted(data.get("regions", {}).items()))
    if not bad_entries:  # indices in cross-entry messages are only right for complete arrays
        problems.extend((p, f"{m}: {v!r}") for p, m, v in set_problems(factors, fuels, regions))
    _raise(source, problems)
    try:
        return FactorSet(
            name=data["name"],
            version=data["version"],
            title=data["title"],
            description=data.get("description", ""),
            licence=licence,
            source=Source.from_json(data["source"]),
            regions=regions,
            fuels=fuels,
            factors=factors,
        )
    except FactorDataError as exc:  # pragma: no cover - every check above runs first
        raise FactorDataError(
            exc.message,
            value=exc.value,
            source=source,
            json_path=exc.json_path,
            problems=exc.problems,
        ) from exc


def _thaw(value: object) -> object:
    """Plain dicts and lists from read-only mappings and tuples (JSON-like input)."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v) for v in value]
    return value


def _looks_like_json_text(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def load_json(
    document: str | os.PathLike[str] | bytes | Mapping[str, Any],
    *,
    source: str | None = None,
) -> FactorSet:
    """Load a factor set from a JSON file, JSON text, or an already-parsed mapping.

    The document is parsed strictly (:mod:`carbonstd._jsonsafe`: no NaN or
    Infinity, no duplicate keys, bounded nesting and size), validated against
    the bundled Draft 2020-12 schema ``factor-set.schema.json``, then checked
    for what a schema cannot express: known gas names (GHG Protocol Corporate
    Standard ch. 4 lists the seven Kyoto gases; names are resolved by
    :func:`carbonstd.gwp.canonical_gas`), parseable units, calorific bases,
    duplicate ids and duplicate ``(activity, region, year, unit, boundary,
    calorific_basis)`` combinations.

    Parameters
    ----------
    document
        A path, JSON text (starting with ``{``), UTF-8 bytes, or a mapping.
    source
        Name used in error messages; defaults to the path or ``"<string>"``.

    Returns
    -------
    FactorSet

    Raises
    ------
    FactorDataError
        With every problem in ``problems``, each prefixed by its JSON path.

    Examples
    --------
    >>> text = '''{"format": "carbonstd.factor-set/1", "name": "demo", "version": "1",
    ...   "title": "Demo", "licence": {"id": "CC0-1.0", "attribution": ""}, "source": {},
    ...   "factors": [{"id": "a", "activity": "electricity.grid", "unit": "kWh",
    ...                "region": "GB", "year": 2024, "gases": {"CO2": 0.2}}]}'''
    >>> load_json(text).factors[0].gas_values()
    {'CO2': 0.2}
    >>> load_json(text.replace('"year": 2024', '"year": "2024"'))
    Traceback (most recent call last):
    ...
    carbonstd.errors.FactorDataError: 1 problem(s) in factor set; first: ...
      - $.factors[0].year: '2024' is not of type 'integer'
    """
    data: Any
    if isinstance(document, Mapping):
        name = source or "<mapping>"
        data = document
        try:  # a mapping built in Python may hold NaN or objects JSON cannot represent
            text = json.dumps(_thaw(document), allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise FactorDataError(
                "mapping is not JSON-serializable (NaN, Infinity or a non-JSON object)",
                source=name,
                hint="use only dict, list, str, finite numbers, bool and None",
            ) from exc
        data = _jsonsafe.loads(text, source=name, error=FactorDataError)
    elif isinstance(document, bytes):
        name = source or "<bytes>"
        data = _jsonsafe.loads(document, source=name, error=FactorDataError)
    elif isinstance(document, str) and _looks_like_json_text(document):
        name = source or "<string>"
        data = _jsonsafe.loads(document, source=name, error=FactorDataError)
    elif isinstance(document, (str, os.PathLike)):
        name = source or os.fspath(document)
        data = _jsonsafe.load_path(os.fspath(document), error=FactorDataError)
    else:
        raise FactorDataError(
            "expected a path, JSON text, bytes or a mapping",
            value=document,
            source=source,
        )
    return _build(data, name)


def _csv_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise FactorDataError(f"CSV file larger than {MAX_CSV_BYTES} bytes", source=str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise FactorDataError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactorDataError(
            "file is not UTF-8 text", source=str(path), hint="save the file as UTF-8"
        ) from exc


def _cell_number(text: str, column: str) -> float | int:
    try:
        return int(text) if column == "year" else float(text)
    except ValueError:
        raise FactorDataError("not a number", value=text, column=column) from None


def load_csv(
    path: str | os.PathLike[str],
    *,
    name: str,
    version: str,
    licence: Licence,
    title: str | None = None,
    description: str = "",
    source: Source | None = None,
    regions: Mapping[str, str] | None = None,
    fuels: Sequence[FuelProperties] = (),
) -> FactorSet:
    r"""Load a factor set from a CSV file with one factor per row.

    Layout (header row required, column order free): ``id``, ``activity``,
    ``unit``, ``year`` (required); ``region`` (default ``GLO``),
    ``valid_from``, ``valid_to`` (``YYYY-MM-DD``), ``boundary``,
    ``calorific_basis``, ``methods`` (separated by ``;``), ``co2e`` and
    ``gwp``, ``source_publisher``, ``source_document``, ``source_table``,
    ``source_edition``, ``source_url``, ``notes``. **Every other column is a
    gas** (``CO2``, ``CH4``, ``N2O``, ``HFC-134a``, ...) holding kg of that gas
    per unit; an empty cell means the factor does not give that gas (it is
    not read as zero). Per-gas and ``co2e``+``gwp`` values are exclusive, as
    in GHG Protocol Corporate Standard ch. 6 factor tables.

    Parameters
    ----------
    path
        The CSV file (UTF-8, comma-separated, RFC 4180 quoting).
    name, version, licence
        Identity and licence of the resulting set.
    title, description, source, regions, fuels
        The rest of the set's metadata; ``title`` defaults to ``name``.

    Raises
    ------
    FactorDataError
        Listing every bad row with its file, row (data rows from 1) and column.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = tmp.write_text("id,activity,unit,region,year,CO2,CH4\n"
    ...                    "a,electricity.grid,kWh,GB,2024,0.2,\n")
    >>> fs = load_csv(tmp, name="mine", version="1", licence=Licence(id="CC0-1.0"))
    >>> fs.factors[0].gas_values()
    {'CO2': 0.2}
    """
    p = Path(path)
    where = str(p)
    text = _csv_text(p)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        rows = list(reader)
    except csv.Error as exc:
        raise FactorDataError(f"malformed CSV: {exc}", source=where) from exc
    if header is None:
        raise FactorDataError("CSV file is empty", source=where, hint="add a header row")
    header = [h.strip() for h in header]
    missing = [c for c in _REQUIRED_CSV if c not in header]
    if missing:
        raise FactorDataError(
            "CSV header lacks required columns",
            value=missing,
            source=where,
            hint=f"the header needs {', '.join(_REQUIRED_CSV)}",
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes or "" in header:
        raise FactorDataError(
            "CSV header has duplicate or empty column names", value=dupes or [""], source=where
        )
    gas_columns = [h for h in header if h not in CSV_COLUMNS]
    problems: list[FactorDataError] = []
    for column in gas_columns:
        try:
            canonical_gas("EmissionFactor", column)
        except CarbonStdError as exc:
            problems.append(
                FactorDataError(
                    "column is neither a known field nor a known gas",
                    value=column,
                    source=where,
                    column=column,
                    hint=f"{exc.hint}; the fields are {', '.join(CSV_COLUMNS)}",
                )
            )
    if problems:
        raise _csv_error("CSV header", where, problems)
    factors: list[EmissionFactor] = []
    rows_of: list[int] = []  # CSV data row of each factor (blank rows are skipped)
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        try:
            factors.append(_row_factor(header, row, gas_columns, licence))
            rows_of.append(number)
        except CarbonStdError as exc:
            problems.append(_locate(where, number, exc))
    fuel_list = list(fuels)
    region_items = tuple(sorted((regions or {}).items()))
    if not problems:
        problems.extend(
            _cross_located(where, problem, rows_of)
            for problem in cross_problems(factors, fuel_list, region_items)
        )
    if problems:
        raise _csv_error("CSV factor file", where, problems)
    try:
        return FactorSet(
            name=name,
            version=version,
            title=title or name,
            description=description,
            licence=licence,
            source=source or Source(file=p.name),
            regions=region_items,
            fuels=fuel_list,
            factors=factors,
        )
    except FactorDataError as exc:  # the set's own fields (name, version, licence, ...)
        raise FactorDataError(
            exc.message,
            value=exc.value if exc.has_value else None,
            source=where,
            column=exc.column,
            hint=exc.hint,
            problems=exc.problems,
        ) from exc


def _csv_error(what: str, where: str, problems: Sequence[FactorDataError]) -> FactorDataError:
    """One error for every problem of a CSV file: the file named once, each problem located."""
    first = problems[0]
    return FactorDataError(
        f"{len(problems)} problem(s) in {what}; first: {first.message}",
        **_value_of(first),
        source=where,
        row=first.row,
        column=first.column,
        problems=[str(p) for p in problems],
        hint=first.hint or "see the CSV layout in carbonstd.factors.load_csv",
    )


def _value_of(exc: CarbonStdError) -> dict[str, Any]:
    """``{"value": ...}`` when ``exc`` names a value (a missing field's ``None`` is not one)."""
    return {"value": exc.value} if exc.has_value and exc.value is not None else {}


def _cross_located(where: str, problem: CrossProblem, rows_of: Sequence[int]) -> FactorDataError:
    """A cross-entry problem of a CSV file, with factors named by their CSV row."""
    section, index, field, message, other, value = problem
    if section == "factors":
        assert isinstance(index, int)
        text = message.format(other=f"row {rows_of[other]}" if other is not None else "")
        return FactorDataError(text, value=value, source=where, row=rows_of[index], column=field)
    argument = f"fuels[{index}]" if section == "fuels" else f"regions[{index!r}]"
    text = message.format(other=f"fuels[{other}]" if other is not None else "")
    return FactorDataError(f"{text} (load_csv argument {argument})", value=value, source=where)


def _locate(where: str, number: int, exc: CarbonStdError) -> FactorDataError:
    column = exc.column
    if column is not None and column.startswith("gases."):
        column = column[len("gases.") :]
    message = exc.message.removeprefix("EmissionFactor.")
    if exc.column and message.startswith(f"{exc.column}: "):
        message = message[len(exc.column) + 2 :]  # the column is named in the location
    return FactorDataError(
        message,
        **_value_of(exc),
        source=where,
        row=number,
        column=column,
        hint=exc.hint,
    )


def _row_factor(
    header: list[str], row: list[str], gas_columns: list[str], licence: Licence
) -> EmissionFactor:
    if len(row) != len(header):
        raise FactorDataError(
            f"row has {len(row)} cells, the header has {len(header)}", value=row[:8]
        )
    cells = {h: c.strip() for h, c in zip(header, row, strict=True)}
    data: dict[str, Any] = {
        k: cells[k] for k in CSV_COLUMNS if cells.get(k) and not k.startswith("source_")
    }
    for column in ("year", "co2e"):
        if column in data:
            data[column] = _cell_number(data[column], column)
    if "methods" in data:
        data["methods"] = [m.strip() for m in data["methods"].split(";") if m.strip()]
    gases = {}
    for gas in gas_columns:
        if cells[gas]:
            gases[gas] = _cell_number(cells[gas], gas)
    if gases:
        data["gases"] = gases
    src = {
        k[len("source_") :]: cells[k]
        for k in CSV_COLUMNS
        if k.startswith("source_") and cells.get(k)
    }
    if src:
        data["source"] = src
    return EmissionFactor.from_json(data, licence=licence)
