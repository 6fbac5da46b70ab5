"""Snapshot of the public API: names in ``__all__`` and their signatures.

A change here is an API change: update the snapshot deliberately with
``CARBONSTD_UPDATE_API_SNAPSHOT=1 pytest tests/unit/test_public_api.py`` and
record it in CHANGELOG.md (see docs/compatibility.md).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).with_name("public_api.json")
PUBLIC_MODULES = (
    "carbonstd",
    "carbonstd.errors",
    "carbonstd.units",
    "carbonstd.gwp",
    "carbonstd.factors",
    "carbonstd.activities",
    "carbonstd.calculation",
    "carbonstd.allocation",
    "carbonstd.inventory",
    "carbonstd.conformance",
)


def _describe(obj: Any) -> Any:
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        members: dict[str, str] = {}
        for name, member in sorted(vars(obj).items()):
            if name.startswith("_") and name != "__init__":
                continue
            if callable(member) or isinstance(member, (staticmethod, classmethod)):
                wrapped = isinstance(member, (staticmethod, classmethod))
                func = member.__func__ if wrapped else member
                try:
                    members[name] = str(inspect.signature(func))
                except (TypeError, ValueError):
                    members[name] = "<no signature>"
            elif isinstance(member, property):
                members[name] = "property"
        bases = [b.__qualname__ for b in obj.__mro__[1:] if b is not object]
        return {"kind": "class", "bases": bases, "members": members}
    if callable(obj):
        try:
            return {"kind": "function", "signature": str(inspect.signature(obj))}
        except (TypeError, ValueError):
            return {"kind": "callable"}
    return {"kind": type(obj).__name__}


def current_api() -> dict[str, Any]:
    api: dict[str, Any] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names = sorted(module.__all__)
        api[module_name] = {name: _describe(getattr(module, name)) for name in names}
    return api


def test_every_public_module_has_all() -> None:
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        assert isinstance(module.__all__, list | tuple), module_name
        for name in module.__all__:
            assert hasattr(module, name), f"{module_name}.{name} is in __all__ but missing"


def test_public_api_matches_snapshot() -> None:
    api = current_api()
    text = json.dumps(api, indent=1, sort_keys=True) + "\n"
    if os.environ.get("CARBONSTD_UPDATE_API_SNAPSHOT") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert api == expected, (
        "the public API changed; if deliberate, regenerate the snapshot with "
        "CARBONSTD_UPDATE_API_SNAPSHOT=1 and add a CHANGELOG entry"
    )
