"""Fuel densities (and heating values) from carculator's fuel_specs.yaml, as a fuel-property set.

Source: ``carculator_utils/data/fuel/fuel_specs.yaml`` of the PyPI package
carculator-utils 1.3.5, (c) 2020 Paul Scherrer Institut, BSD-3-Clause. Per fuel
pathway the file gives ``lhv`` (MJ/kg), ``density`` (kg/L, stated in a comment on
every density line, which this converter checks), ``co2`` and ``biogenic_share``;
the ``name`` lists are ecoinvent activity names, used by carculator as labels
only, and are not read.

The set holds no emission factors, only ``fuels`` entries (region ``GLO``):

- fossil fuels that the IPCC 2006 set covers (diesel, petrol, kerosene-type jet
  fuel, biodiesel): carculator's density paired with the IPCC 2006 Vol. 2
  Table 1.2 net calorific value of the same fuel, under the IPCC key and under
  each of its sector and road keys. A registry takes one fuel-property record
  whole (first match in region order, then layer order), so the density has to
  sit in the same record as the NCV for litres to reach an IPCC factor per TJ;
  carculator's own LHV is quoted in the notes and not used, so mass-to-energy
  conversions stay on the IPCC defaults;
- fuels without an IPCC key here (bioethanol, hydrogen, methane): carculator's
  LHV as the net calorific value, with its density.

E-fuel and synthetic pathways (``... - synthetic - ...``, kerosene and methane
from coal, wood, electrolysis, ...) are not converted: carbonstd has no activity
keys for them. The converter lists every pathway it reads and fails when a
pathway it maps disagrees with the others of its group.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import _convert_ipcc
from _convert_common import FORMAT, SetBuilder, quantity, sha256_file
from carbonstd.errors import FactorDataError

RAW = Path("carculator") / "fuel_specs.yaml"
LICENSE = Path("carculator") / "LICENSE-carculator-BSD-3-Clause.txt"
NAME = "Carculator-Fuel-Specs"
VERSION = "1.3.5"
PACKAGE = "carculator-utils 1.3.5"
NOTICE = "Copyright (c) 2020, Paul Scherrer Institut"

#: Pathway group -> (carbonstd fuel key, pathway names or a prefix ending in " - *",
#: whether the IPCC 2006 set has this key).
GROUPS: tuple[tuple[str, str, bool], ...] = (
    ("fuel.diesel", "diesel", True),
    ("fuel.motor_gasoline", "petrol", True),
    ("fuel.jet_kerosene", "kerosene", True),
    ("fuel.biodiesel", "diesel - biodiesel - *", True),
    ("fuel.ethanol", "petrol - bioethanol - *", False),
    ("fuel.hydrogen", "hydrogen - *", False),
    ("fuel.methane", "methane", False),
)

#: What the carculator pathway is, for the notes.
_MEANING = {
    "fuel.diesel": "fossil diesel",
    "fuel.motor_gasoline": "fossil petrol (motor gasoline)",
    "fuel.jet_kerosene": "fossil kerosene (aviation kerosene, as carculator uses it)",
    "fuel.biodiesel": "biodiesel (FAME) from cooking oil, algae, rapeseed or palm oil",
    "fuel.ethanol": "bioethanol from wheat straw, maize starch, sugar beet or forest residues",
    "fuel.hydrogen": (
        "hydrogen, every production route (0.0899 kg/m3: the pure gas at 0 degC and 1 atm;"
        " carculator states no reference conditions)"
    ),
    "fuel.methane": (
        "methane, not natural gas (0.717 kg/m3: the pure gas at 0 degC and 1 atm;"
        " carculator states no reference conditions)"
    ),
}

_DENSITY_LINE = re.compile(r"^\s+density:\s*(?P<value>[^#\s]+)\s*(?:#\s*(?P<unit>.*?))?\s*$")


def _fail(message: str, value: object, hint: str) -> FactorDataError:
    return FactorDataError(message, value=value, source=str(RAW), hint=hint)


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        import yaml  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise _fail(
            "PyYAML is needed to read the carculator file", "yaml", "pip install pyyaml"
        ) from exc
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DENSITY_LINE.match(line)
        if match and match.group("unit") != "kg/L":
            raise FactorDataError(
                "a density line does not state its unit as '# kg/L'",
                value=line.strip(),
                source=str(RAW),
                row=number,
                hint="the file layout changed; check the unit and update the converter",
            )
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise _fail("expected a mapping of pathway -> properties", type(data).__name__, "")
    return {str(k): v for k, v in data.items()}


def _number(pathway: str, entry: dict[str, Any], field: str) -> float:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise _fail(f"pathway {pathway!r}: {field} must be a positive number", value, "")
    return float(value)


def _members(pattern: str, names: list[str]) -> list[str]:
    if pattern.endswith(" - *"):
        prefix = pattern.removesuffix("*")
        return [n for n in names if n.startswith(prefix)]
    return [n for n in names if n == pattern]


def convert(raw: Path) -> dict[str, Any]:
    """Read ``carculator/fuel_specs.yaml`` under ``raw`` and return the fuel-property set."""
    path = raw / RAW
    licence_text = (raw / LICENSE).read_text(encoding="utf-8")
    if NOTICE not in licence_text or "BSD 3-Clause" not in licence_text:
        raise _fail("the carculator licence file is not the expected BSD-3-Clause", LICENSE, "")
    data = _read(path)
    names = list(data)
    b = SetBuilder(NAME, source=str(RAW))
    used: set[str] = set()
    for key, pattern, in_ipcc in GROUPS:
        members = _members(pattern, names)
        if not members:
            raise _fail("no carculator pathway matches", pattern, "update GROUPS")
        props = {(_number(m, data[m], "lhv"), _number(m, data[m], "density")) for m in members}
        if len(props) != 1:
            raise _fail(
                f"the pathways of {pattern!r} disagree on lhv/density", sorted(props), "split them"
            )
        ((lhv, density),) = props
        used.update(members)
        origin = f"{PACKAGE} fuel_specs.yaml, pathway '{pattern}'"
        if len(members) > 1:
            origin += f" ({len(members)} pathways, identical values)"
        meaning = _MEANING[key]
        if in_ipcc:
            label, ncv = _convert_ipcc.FUELS[key][0], _convert_ipcc.FUELS[key][1]
            for fuel_key in (key, *_convert_ipcc._derived_keys(key)):
                b.add_fuel(
                    fuel=fuel_key,
                    region="GLO",
                    density=quantity(density, "kg/L", source=str(RAW)),
                    ncv=quantity(ncv, "TJ/Gg", source=str(RAW)),
                    table=f"density: {origin}; ncv: IPCC 2006 Vol. 2 Ch. 1 Table 1.2 '{label}'",
                    notes=(
                        f"Density of {meaning} from carculator ({NOTICE}, BSD-3-Clause);"
                        f" net calorific value {ncv} TJ/Gg is the IPCC 2006 default for"
                        f" '{label}' (the same as in the IPCC-2006-V2-Energy set), kept so that"
                        " litres reach the IPCC factor per TJ through IPCC's own NCV."
                        f" carculator's LHV, {lhv:g} MJ/kg, is not used."
                    ),
                )
        else:
            b.add_fuel(
                fuel=key,
                region="GLO",
                density=quantity(density, "kg/L", source=str(RAW)),
                ncv=quantity(lhv, "MJ/kg", source=str(RAW)),
                table=origin,
                notes=(
                    f"Density and lower heating value (net calorific value) of {meaning} from"
                    f" carculator ({NOTICE}, BSD-3-Clause)."
                ),
            )
    skipped = [n for n in names if n not in used]
    return {
        "format": FORMAT,
        "name": NAME,
        "version": VERSION,
        "title": "Fuel densities from carculator (PSI), for converting fuel volumes",
        "description": (
            f"Fuel properties only (no emission factors), region GLO, from {PACKAGE}"
            " (carculator_utils/data/fuel/fuel_specs.yaml, Paul Scherrer Institut,"
            " BSD-3-Clause): densities in kg/L and lower heating values in MJ/kg per fuel"
            " pathway. For diesel, petrol, kerosene-type jet fuel and biodiesel the density is"
            " paired with the IPCC 2006 Vol. 2 Table 1.2 net calorific value of the same fuel,"
            " under the IPCC key and its .stationary.<sector> and .mobile.road keys, because a"
            " registry uses one fuel-property record whole: litres of these fuels then reach"
            " the IPCC factors per TJ as volume x density x IPCC NCV; carculator's LHV is quoted"
            " in the notes, not used. Bioethanol (fuel.ethanol), hydrogen (fuel.hydrogen) and"
            " methane (fuel.methane) carry carculator's LHV as the net calorific value. This set"
            " is layered above the IPCC set (it sorts first by name among the global sets)."
            f" {len(used)} of {len(names)} pathways are used; {len(skipped)} e-fuel, synthetic and"
            " biomethane pathways are not converted (no carbonstd activity keys for them)."
        ),
        "licence": {
            "id": "BSD-3-Clause",
            "attribution": (
                f"{NOTICE}. Fuel densities and lower heating values from {PACKAGE}"
                " (carculator_utils/data/fuel/fuel_specs.yaml), BSD-3-Clause; the licence text"
                " and disclaimer are reproduced in carbonstd/data/LICENSES.md. Net calorific"
                " values paired with them under IPCC keys are IPCC 2006 defaults (facts)."
            ),
            "url": "https://opensource.org/license/bsd-3-clause",
        },
        "source": {
            "publisher": "Paul Scherrer Institut (carculator)",
            "document": f"{PACKAGE}, carculator_utils/data/fuel/fuel_specs.yaml",
            "edition": VERSION,
            "url": "https://pypi.org/project/carculator-utils/1.3.5/",
            "file": RAW.name,
            "sha256": sha256_file(path),
        },
        "regions": {},
        "fuels": b.fuels,
        "factors": [],
    }
