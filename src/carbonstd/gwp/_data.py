"""Read and validate the bundled GWP data (once, on first use).

The data is ``carbonstd/data/gwp/gwp-sets.json``, written by
``scripts/convert_gwp.py`` and checked against
``carbonstd/data/schemas/gwp-set.schema.json`` when it is first read. Nothing
here runs at import time.
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
from types import MappingProxyType
from typing import Any

import attrs

from carbonstd import _jsonsafe
from carbonstd.errors import FactorDataError

DATA_FILE = "data/gwp/gwp-sets.json"
SCHEMA_FILE = "data/schemas/gwp-set.schema.json"


def _key(name: str) -> str:
    """Lookup key of a name: lower case without spaces, hyphens and underscores."""
    text = name.strip().lower()
    for ch in " -_\t":
        text = text.replace(ch, "")
    return text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))


@attrs.frozen
class Bundle:
    """The parsed bundled data: raw JSON plus the lookup tables built from it."""

    raw: Any
    source: str
    #: lookup key -> canonical gas (from canonical names and aliases)
    gas_keys: MappingProxyType[str, str]
    #: canonical blend name -> (component -> mass fraction)
    blends: MappingProxyType[str, MappingProxyType[str, float]]
    #: lookup key -> canonical blend name
    blend_keys: MappingProxyType[str, str]


def _read(relative: str) -> tuple[bytes, str]:
    resource = importlib.resources.files("carbonstd").joinpath(relative)
    try:
        return resource.read_bytes(), f"carbonstd/{relative}"
    except OSError as exc:
        raise FactorDataError(
            "bundled GWP data file cannot be read",
            source=f"carbonstd/{relative}",
            hint="reinstall carbonstd; the package data is incomplete",
        ) from exc


def _validate(data: Any, source: str) -> None:
    jsonschema: Any = importlib.import_module("jsonschema")

    raw_schema, schema_source = _read(SCHEMA_FILE)
    schema = _jsonsafe.loads(raw_schema, source=schema_source, error=FactorDataError)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise FactorDataError(
            f"bundled GWP data violates its schema ({len(errors)} problem(s))",
            source=source,
            json_path=_jsonsafe.json_path(first.absolute_path),
            hint="regenerate it with scripts/convert_gwp.py",
            problems=[f"{_jsonsafe.json_path(e.absolute_path)}: {e.message}" for e in errors],
        )


def build(data: Any, source: str) -> Bundle:
    """Validate parsed GWP data and build its lookup tables.

    Raises :class:`~carbonstd.errors.FactorDataError` naming ``source`` and the
    JSON path of the first problem.
    """
    _validate(data, source)
    gas_keys: dict[str, str] = {}

    def claim(table: dict[str, str], name: str, owner: str, path: str) -> None:
        k = _key(name)
        if table.get(k, owner) != owner or gas_keys.get(k, owner) != owner:
            raise FactorDataError(
                "a gas name is claimed by two gases",
                value=name,
                source=source,
                json_path=path,
                hint="regenerate the data with scripts/convert_gwp.py",
            )
        table[k] = owner

    for gas, info in data["gases"].items():
        claim(gas_keys, gas, gas, f"$.gases.{gas}")
        for alias in info.get("aliases", []):
            claim(gas_keys, alias, gas, f"$.gases.{gas}.aliases")
    blend_keys: dict[str, str] = {}
    blends: dict[str, MappingProxyType[str, float]] = {}
    for blend, info in data["blends"].items():
        claim(blend_keys, blend, blend, f"$.blends.{blend}")
        for component in info["components"]:
            if component not in data["gases"]:
                raise FactorDataError(
                    "a blend component is not a known gas",
                    value=component,
                    source=source,
                    json_path=f"$.blends.{blend}.components",
                )
        blends[blend] = MappingProxyType(dict(info["components"]))
    return Bundle(
        raw=data,
        source=source,
        gas_keys=MappingProxyType(gas_keys),
        blends=MappingProxyType(blends),
        blend_keys=MappingProxyType(blend_keys),
    )


@functools.cache
def bundle() -> Bundle:
    """Return the bundled GWP data, read and validated on the first call."""
    raw, source = _read(DATA_FILE)
    data = _jsonsafe.loads(raw, source=source, error=FactorDataError)
    return build(data, source)
