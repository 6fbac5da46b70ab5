"""Named, versioned global warming potential (GWP) sets and gas identifiers.

A GWP converts a mass of a gas into the mass of CO2 with the same radiative
forcing integrated over a time horizon (IPCC AR6 WG1 section 7.6.1.1). The
sets are kept apart by name and version, never merged: they differ for CH4
(AR6 Table 7.SM.7 27.9 versus Table 7.15 fossil 29.8 / non-fossil 27.0) and
SF6 (7.SM.7 25,200 versus the GHG Protocol August 2024 table's 24,300).

Bundled sets (see :func:`available`): ``SAR-GWP100``, ``AR4-GWP100``,
``AR5-GWP100``, ``AR5-CCF-GWP100`` (with climate-carbon feedback),
``AR6-GWP100``, ``AR6-GWP20``, ``AR6-GWP500`` and ``GHGP-2024-AR6-GWP100``;
``AR4``, ``AR5`` and ``AR6`` are aliases of the 100-year sets.

Importing this module reads no file: the bundled JSON is read and validated on
the first call that needs it and cached as immutable values.

Examples
--------
>>> import carbonstd.gwp as gwp
>>> gwp.get("AR6").factor("CH4"), gwp.get("AR6").factor("CH4_fossil")
(27.9, 29.8)
>>> gwp.get("AR5").co2e({"CO2": 10.0, "HFC134a": 1.0})
1310.0
"""

from __future__ import annotations

from carbonstd.gwp._names import blends, canonical_gas, decompose, known_gases
from carbonstd.gwp._registry import aliases, available, get
from carbonstd.gwp._set import GWPSet, GWPSource

__all__ = [
    "GWPSet",
    "GWPSource",
    "aliases",
    "available",
    "blends",
    "canonical_gas",
    "decompose",
    "get",
    "known_gases",
]
