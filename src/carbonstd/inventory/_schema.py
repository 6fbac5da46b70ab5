"""Validation of the inventory report's JSON form against the bundled schema."""

from __future__ import annotations

import functools
import importlib.resources
import json
from typing import Any

from carbonstd import _jsonsafe
from carbonstd.errors import InventoryError

__all__ = ["validate_report"]

SCHEMA = "inventory-report.schema.json"


@functools.cache
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped,unused-ignore]
    import referencing

    resource = importlib.resources.files("carbonstd").joinpath("data", "schemas", SCHEMA)
    schema = json.loads(resource.read_text(encoding="utf-8"))
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        schema["$id"], referencing.Resource.from_contents(schema)
    )
    cls = jsonschema.Draft202012Validator
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


def validate_report(document: object) -> None:
    """Check a report document against ``inventory-report.schema.json`` (Draft 2020-12).

    Raises
    ------
    InventoryError
        Listing the first problem with its JSON path.

    Examples
    --------
    >>> validate_report({"format": "carbonstd.inventory/1"})
    Traceback (most recent call last):
    ...
    carbonstd.errors.InventoryError: inventory report does not match its schema: ...
    """
    errors = sorted(
        _validator().iter_errors(document),
        key=lambda e: ([str(p) for p in e.absolute_path], str(e.message)),
    )
    if errors:
        first = errors[0]
        raise InventoryError(
            "inventory report does not match its schema",
            value=str(first.message)[:200],
            json_path=_jsonsafe.json_path(tuple(first.absolute_path)),
            source=SCHEMA,
            hint=f"{len(errors)} problem(s); see carbonstd/data/schemas/{SCHEMA}",
        )
