"""Units: a safe parser for unit strings, exact conversion factors, pint interop.

This is the only package of carbonstd that imports pint, and it does so on
first use. Units live at the boundary: each *distinct* unit string is parsed
once (:func:`parse`), and amounts are converted as float64 arrays with one
factor per distinct unit (:func:`convert`).

carbonstd keeps its own private pint registry with exact rational arithmetic;
a caller's registry, and pint's application registry, are never mutated.
Quantities from any registry are accepted (:func:`split_quantity`,
:func:`magnitude_in`) and returned in the caller's registry (:func:`to_quantity`).

Carbon-accounting aliases: ``tkm``, ``pkm``, ``vkm``, ``TEUkm``, ``kWh``,
``MWh``, ``GJ``, ``TJ``, ``mmBtu``, ``L``, ``m3``, ``t``/``tonne``,
``piece``, currencies (``USD``, ``EUR``, ``GBP``, ``CNY``, ``JPY``: each its
own dimension, so there is no silent exchange-rate conversion).

Refused with a hint: ``ton``/``tons`` (say ``t``, ``short_ton`` or
``long_ton``), ``gallon``/``gal`` (say ``US_gallon`` or ``imperial_gallon``),
and ``CO2e`` or any gas name (gases are tracked by name, not as units).

Examples
--------
>>> from carbonstd import units
>>> units.parse("L/(100 km)").kind
'area'
>>> units.conversion_factor("t", "kg")
1000.0
"""

from __future__ import annotations

from carbonstd.units._grammar import REFUSED
from carbonstd.units._interop import (
    QuantityLike,
    magnitude_in,
    magnitudes_in,
    split_quantity,
    to_quantity,
)
from carbonstd.units._unit import Unit, conversion_factor, conversion_factors, convert, parse

__all__ = [
    "REFUSED",
    "QuantityLike",
    "Unit",
    "conversion_factor",
    "conversion_factors",
    "convert",
    "magnitude_in",
    "magnitudes_in",
    "parse",
    "split_quantity",
    "to_quantity",
]
