"""carbonstd's private pint registry, built on first use.

It uses exact rational arithmetic (``non_int_type=Fraction``) so that every
conversion factor is computed exactly and rounded to float64 once. It never
leaves this package: callers get :class:`~carbonstd.units.Unit` values, floats
and arrays, or quantities in *their own* registry.
"""

from __future__ import annotations

import threading
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

_LOCK = threading.Lock()
_REGISTRY: pint.UnitRegistry[Any] | None = None

#: Definitions added to carbonstd's private registry (never to a caller's).
DEFINITIONS: tuple[str, ...] = (
    # transport activity
    "tkm = tonne * kilometer = tonne_kilometer",
    "vehicle = [vehicle] = veh",
    "passenger = [passenger] = pax",
    "TEU = [container] = twenty_foot_equivalent_unit",
    "vkm = vehicle * kilometer = vehicle_kilometer",
    "pkm = passenger * kilometer = passenger_kilometer",
    "TEUkm = TEU * kilometer",
    # counts
    "piece = [piece] = item",
    # volumes as written in emission-factor tables
    "m3 = meter ** 3",
    "Nm3 = meter ** 3",
    "scf = foot ** 3 = standard_cubic_foot",
    "US_gallon = gallon",
    # energy as written in US tables: million Btu, on the International Table Btu that
    # US energy statistics (EIA, EPA) use, not pint's ISO 31-4 `Btu`
    "mmBtu = 1000000 * Btu_it = MMBtu",
    # currencies: each its own dimension, so no silent exchange-rate conversion
    "USD = [currency_USD]",
    "EUR = [currency_EUR]",
    "GBP = [currency_GBP]",
    "CNY = [currency_CNY]",
    "JPY = [currency_JPY]",
)

#: Canonical pint names that are not proportional scales and are refused.
OFFSET_UNITS = frozenset(
    {"degree_Celsius", "degree_Fahrenheit", "degree_Reaumur", "atomic_unit_of_temperature"}
)


def registry() -> pint.UnitRegistry[Any]:
    """Return carbonstd's private registry, building it once (thread-safe)."""
    global _REGISTRY  # noqa: PLW0603 - a lazily built, never mutated cache
    if _REGISTRY is None:
        with _LOCK:
            if _REGISTRY is None:
                import pint

                reg: pint.UnitRegistry[Any] = pint.UnitRegistry(
                    cache_folder=None, non_int_type=Fraction, autoconvert_offset_to_baseunit=False
                )
                for line in DEFINITIONS:
                    reg.define(line)
                _REGISTRY = reg
    return _REGISTRY


def is_built() -> bool:
    """Whether the private registry has been built in this process."""
    return _REGISTRY is not None
