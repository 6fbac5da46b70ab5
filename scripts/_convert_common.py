"""Shared helpers for the raw-data converters (scripts/_convert_*.py).

Everything here is deterministic: no clocks, no randomness, no dict-order
dependence in the output (keys are sorted when written, lists keep the order in
which the converter added items, which follows the source file's own order).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from carbonstd import units
from carbonstd.errors import CarbonStdError, FactorDataError

FORMAT = "carbonstd.factor-set/1"

#: Pattern of an activity key (the schema's ``$defs/activity``).
ACTIVITY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+){0,7}$")
#: Pattern of an identifier (the schema's ``$defs/identifier``).
IDENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,127}$")

#: 1 lb = 0.45359237 kg exactly (international avoirdupois pound, 1959).
KG_PER_LB = 0.45359237

#: AR5 100-year GWPs that DESNZ and EPA used to build their CO2e numbers
#: (IPCC AR5 WG1 Table 8.7; EPA Hub Table 11; DESNZ methodology paper).
AR5_GWP100 = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}
AR5_GWP_SET = "AR5-GWP100"


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def slug(text: str) -> str:
    """Lower-case ``text`` and turn every run of other characters into one ``_``.

    >>> slug("Rigid (>3.5 - 7.5 tonnes)")
    'rigid_3_5_7_5_tonnes'
    """
    out = re.sub(r"[^a-z0-9]+", "_", text.strip().lower().replace("+", " plus "))
    return out.strip("_")


def check_unit(text: str, *, source: str) -> str:
    """Return ``text`` after checking that :func:`carbonstd.units.parse` accepts it."""
    try:
        units.parse(text, source=source)
    except CarbonStdError as exc:
        raise FactorDataError(
            "the converter produced a unit string carbonstd cannot parse",
            value=text,
            source=source,
            hint="fix the unit mapping in the converter",
        ) from exc
    return text


def quantity(value: float, unit: str, *, source: str) -> dict[str, Any]:
    """Return a schema ``quantity`` object after checking the value and unit."""
    if not (math.isfinite(value) and value > 0):
        raise FactorDataError(
            "a fuel property must be a finite positive number",
            value=value,
            source=source,
            hint="check the source table",
        )
    return {"unit": check_unit(unit, source=source), "value": value}


class SetBuilder:
    """Collects factors and fuel properties of one set and enforces the set rules.

    Rules checked on every ``add``: activity key and id patterns, unique ids,
    unit strings that parse, finite non-negative gas values, and uniqueness of
    (activity, region, year, unit, boundary, calorific_basis).
    """

    def __init__(self, name: str, *, source: str) -> None:
        self.name = name
        self.source = source
        self.factors: list[dict[str, Any]] = []
        self.fuels: list[dict[str, Any]] = []
        self._ids: set[str] = set()
        self._keys: dict[tuple[str, ...], str] = {}
        self._fuel_keys: set[tuple[str, str]] = set()

    def _fail(self, message: str, value: object, hint: str) -> FactorDataError:
        return FactorDataError(message, value=value, source=self.source, hint=hint)

    def add(
        self,
        *,
        fid: str,
        activity: str,
        unit: str,
        year: int,
        region: str,
        gases: Mapping[str, float] | None = None,
        co2e: float | None = None,
        gwp: str | None = None,
        boundary: str | None = None,
        calorific_basis: str | None = None,
        methods: Iterable[str] = (),
        table: str | None = None,
        notes: str | None = None,
    ) -> dict[str, Any]:
        """Add one factor; return the dict that will be written."""
        if not IDENT_RE.match(fid):
            raise self._fail("factor id does not match the identifier pattern", fid, "shorten")
        if fid in self._ids:
            raise self._fail("duplicate factor id", fid, "derive ids from the source's ids")
        if not ACTIVITY_RE.match(activity):
            raise self._fail("activity key is not lower-case dotted", activity, "fix the mapping")
        check_unit(unit, source=f"{self.source} factor {fid}")
        key = (activity, region, str(year), unit, boundary or "", calorific_basis or "")
        if key in self._keys:
            raise self._fail(
                f"factor {fid} repeats (activity, region, year, unit, boundary, calorific basis)"
                f" of factor {self._keys[key]}",
                key,
                "give the rows distinct activity keys",
            )
        factor: dict[str, Any] = {
            "activity": activity,
            "id": fid,
            "region": region,
            "unit": unit,
            "year": year,
        }
        if (gases is None) == (co2e is None):
            raise self._fail("give exactly one of gases or co2e", fid, "fix the converter")
        if gases is not None:
            if not gases:
                raise self._fail("empty gases", fid, "skip rows without values")
            for gas, value in gases.items():
                if not (math.isfinite(value) and value >= 0):
                    raise self._fail(f"bad value for {gas} in {fid}", value, "check the source")
            factor["gases"] = dict(gases)
        else:
            assert co2e is not None
            if not (math.isfinite(co2e) and co2e >= 0) or not gwp:
                raise self._fail(f"bad co2e or missing gwp in {fid}", co2e, "check the source")
            factor["co2e"] = co2e
            factor["gwp"] = gwp
        if boundary is not None:
            factor["boundary"] = boundary
        if calorific_basis is not None:
            factor["calorific_basis"] = calorific_basis
        method_list = list(dict.fromkeys(methods))
        if method_list:
            factor["methods"] = method_list
        if table is not None:
            factor["source"] = {"table": table}
        if notes:
            factor["notes"] = notes
        self._ids.add(fid)
        self._keys[key] = fid
        self.factors.append(factor)
        return factor

    def add_fuel(
        self,
        *,
        fuel: str,
        region: str,
        ncv: Mapping[str, Any] | None = None,
        gcv: Mapping[str, Any] | None = None,
        density: Mapping[str, Any] | None = None,
        table: str | None = None,
        notes: str | None = None,
    ) -> None:
        """Add fuel properties (at least one of ncv, gcv, density)."""
        if not ACTIVITY_RE.match(fuel):
            raise self._fail("fuel key is not lower-case dotted", fuel, "fix the mapping")
        if (fuel, region) in self._fuel_keys:
            raise self._fail("duplicate fuel properties", (fuel, region), "merge the entries")
        entry: dict[str, Any] = {"fuel": fuel, "region": region}
        for name, value in (("ncv", ncv), ("gcv", gcv), ("density", density)):
            if value is not None:
                entry[name] = dict(value)
        if len(entry) == 2:
            raise self._fail("fuel entry without properties", fuel, "give ncv, gcv or density")
        if table is not None:
            entry["source"] = {"table": table}
        if notes:
            entry["notes"] = notes
        self._fuel_keys.add((fuel, region))
        self.fuels.append(entry)


def dump_json(obj: Mapping[str, Any]) -> bytes:
    """Serialise deterministically: sorted keys, one-space indent, UTF-8, final newline."""
    text = json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")
