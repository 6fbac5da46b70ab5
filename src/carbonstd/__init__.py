"""carbonstd: carbon-footprint accounting standards as a typed Python library.

Importing carbonstd does no work: submodules, data and pint's unit registry
are loaded on first use. The public API is what ``__all__`` lists.

Examples
--------
>>> import carbonstd
>>> carbonstd.gwp.get("AR6").factor("CH4")
27.9
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from carbonstd.errors import (
    ActivityDataError,
    AllocationError,
    AmbiguousFactorError,
    CarbonStdError,
    ConformanceError,
    FactorDataError,
    FactorNotFoundError,
    GWPMismatchError,
    InventoryError,
    MissingFactorError,
    UnitError,
    UnknownGasError,
    UnknownGWPSetError,
)

__version__ = "0.1.0.dev0"

if TYPE_CHECKING:
    from carbonstd import (
        activities,
        allocation,
        calculation,
        conformance,
        factors,
        gwp,
        inventory,
        units,
    )
    from carbonstd.activities import Activity, ActivityTable
    from carbonstd.calculation import Emissions, GroupTable, calculate
    from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, default_registry
    from carbonstd.gwp import GWPSet
    from carbonstd.inventory import InventoryReport, compute_inventory

#: Lazily imported submodules and re-exported names: name -> (module, attribute or None).
_LAZY: dict[str, tuple[str, str | None]] = {
    "units": ("carbonstd.units", None),
    "gwp": ("carbonstd.gwp", None),
    "factors": ("carbonstd.factors", None),
    "allocation": ("carbonstd.allocation", None),
    "activities": ("carbonstd.activities", None),
    "calculation": ("carbonstd.calculation", None),
    "conformance": ("carbonstd.conformance", None),
    "inventory": ("carbonstd.inventory", None),
    "compute_inventory": ("carbonstd.inventory", "compute_inventory"),
    "InventoryReport": ("carbonstd.inventory", "InventoryReport"),
    "calculate": ("carbonstd.calculation", "calculate"),
    "Emissions": ("carbonstd.calculation", "Emissions"),
    "GroupTable": ("carbonstd.calculation", "GroupTable"),
    "Activity": ("carbonstd.activities", "Activity"),
    "ActivityTable": ("carbonstd.activities", "ActivityTable"),
    "default_registry": ("carbonstd.factors", "default_registry"),
    "GWPSet": ("carbonstd.gwp", "GWPSet"),
    "EmissionFactor": ("carbonstd.factors", "EmissionFactor"),
    "FactorSet": ("carbonstd.factors", "FactorSet"),
    "FactorRegistry": ("carbonstd.factors", "FactorRegistry"),
}

__all__ = [
    "Activity",
    "ActivityDataError",
    "ActivityTable",
    "AllocationError",
    "AmbiguousFactorError",
    "CarbonStdError",
    "ConformanceError",
    "EmissionFactor",
    "Emissions",
    "FactorDataError",
    "FactorNotFoundError",
    "FactorRegistry",
    "FactorSet",
    "GWPMismatchError",
    "GWPSet",
    "GroupTable",
    "InventoryError",
    "InventoryReport",
    "MissingFactorError",
    "UnitError",
    "UnknownGWPSetError",
    "UnknownGasError",
    "__version__",
    "activities",
    "allocation",
    "calculate",
    "calculation",
    "compute_inventory",
    "conformance",
    "default_registry",
    "factors",
    "gwp",
    "inventory",
    "units",
]


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'carbonstd' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
