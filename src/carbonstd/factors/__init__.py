"""Emission factors: frozen values, factor sets, loaders and a layered registry with lookup.

An emission factor gives kg of each gas per unit of an activity (GHG Protocol
Corporate Standard ch. 6; IPCC 2006 Guidelines Vol. 2 Eq. 2.1). Factors live
in named, versioned, content-hashed :class:`FactorSet` values loaded from
JSON (:func:`load_json`, validated against the bundled schema) or CSV
(:func:`load_csv`). A :class:`FactorRegistry` stacks sets in layers and
looks factors up along an explicit, recorded fallback chain: region chain
(site -> grid region -> country -> GLO), layer priority, and a year rule.

Examples
--------
>>> from carbonstd import factors
>>> fs = factors.FactorSet(
...     name="mine", version="1", title="Mine", licence=factors.Licence(id="CC0-1.0"),
...     factors=[factors.EmissionFactor(id="gb", activity="electricity.grid", unit="kWh",
...                                     region="GB", year=2023, gases={"CO2": 0.2})])
>>> res = factors.FactorRegistry([fs]).lookup("electricity.grid", region="GB", year=2024)
>>> res.factor.id, res.set_name
('gb', 'mine')
"""

from __future__ import annotations

from carbonstd.factors._bundled import BundledSet, bundled_sets, default_registry
from carbonstd.factors._fuels import FuelConversion, FuelProperties, Measure
from carbonstd.factors._load import CSV_COLUMNS, load_csv, load_json
from carbonstd.factors._model import BOUNDARIES, CALORIFIC_BASES, EmissionFactor, Licence, Source
from carbonstd.factors._registry import (
    YEAR_RULES,
    FactorHit,
    FactorRegistry,
    Resolution,
    YearRule,
)
from carbonstd.factors._resolve import Resolved
from carbonstd.factors._set import FactorSet

__all__ = [
    "BOUNDARIES",
    "CALORIFIC_BASES",
    "CSV_COLUMNS",
    "YEAR_RULES",
    "BundledSet",
    "EmissionFactor",
    "FactorHit",
    "FactorRegistry",
    "FactorSet",
    "FuelConversion",
    "FuelProperties",
    "Licence",
    "Measure",
    "Resolution",
    "Resolved",
    "Source",
    "YearRule",
    "bundled_sets",
    "default_registry",
    "load_csv",
    "load_json",
]
