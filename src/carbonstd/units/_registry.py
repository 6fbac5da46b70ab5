"""carbonstd's private pint registry, built on first use.

It uses exact rational arithmetic (``non_int_type=Fraction``) so that every
conversion factor is computed exactly and rounded to float64 once. It never
leaves this package: callers get :class:`~carbonstd.units.Unit` values, floats
and arrays, or quantities in *their own* registry.
"""

from __future__ import annotations

import functools
import importlib.resources
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
    # normal cubic metre: gas volume at normal conditions (273.15 K, 101.325 kPa; DIN 1343).
    # Its own dimension: turning it into m3 (or into another reference condition) needs the
    # gas's temperature, pressure and composition, which a unit cannot know.
    "Nm3 = [normal_volume] = normal_cubic_meter = normal_cubic_metre",
    "scf = foot ** 3 = standard_cubic_foot",
    "US_gallon = gallon",
    "US_quart = quart",
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

#: Physical constants always refused as units, whatever pint's constants file says
#: (the file is read too; see :func:`constant_names`).
_KNOWN_CONSTANTS = frozenset(
    {
        "pi",
        "speed_of_light",
        "planck_constant",
        "elementary_charge",
        "boltzmann_constant",
        "avogadro_constant",
        "avogadro_number",
        "molar_gas_constant",
        "newtonian_constant_of_gravitation",
        "standard_gravity",
        "eulers_number",
    }
)
#: Entries of pint's constants file that are units in their own right.
_CONSTANT_FILE_UNITS = frozenset({"standard_atmosphere"})


@functools.cache
def constant_names() -> frozenset[str]:
    """Canonical pint names of physical constants (``c``, ``k``, ``e``, ``pi``, ``R``, ...).

    Read from the ``constants_en.txt`` file that pint's default registry imports, so that
    a constant added by a newer pint is refused too; ``standard_atmosphere`` (``atm``) is a
    unit and is kept.

    Examples
    --------
    >>> names = constant_names()
    >>> "speed_of_light" in names, "standard_atmosphere" in names
    (True, False)
    """
    found: set[str] = set()
    try:
        text = importlib.resources.files("pint").joinpath("constants_en.txt").read_text("utf-8")
    except (OSError, ModuleNotFoundError):  # pragma: no cover - pint moved the file
        text = ""
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if not body or body.startswith("@") or "=" not in body:
            continue
        name = body.split("=", 1)[0].strip()
        if name and name != "_":
            found.add(name)
    return frozenset((found | _KNOWN_CONSTANTS) - _CONSTANT_FILE_UNITS)


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
