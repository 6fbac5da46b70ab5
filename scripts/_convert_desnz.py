"""Convert the UK DESNZ/Defra GHG conversion factors (2024 and 2025 flat files).

Sources (Open Government Licence v3.0):

* 2024: the official ``Factors by Category`` sheet of the 2024 flat file v1.1, as the
  DERIVED CSV ``ghg-conversion-factors-2024-FlatFormat_v1_1.factors-by-category.csv``
  (the unofficial ``Sheet1``/``Sheet2`` of the hosting repository are never read).
* 2025: the flat-format CSV export ``ghg-conversion-factors-2025-flat-format.csv``.

DESNZ gives per-gas rows as "kg CO2e of CH4 per unit" built with AR5 GWPs (CH4 28,
N2O 265). The converter divides by those GWPs to get kg of gas, so the DESNZ total
row is reproduced (to the publication's 5-decimal rounding) by CO2 + 28 CH4 + 265 N2O.
Rows that DESNZ publishes only as a CO2e total become ``co2e`` + ``gwp: AR5-GWP100``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from _convert_common import AR5_GWP100, AR5_GWP_SET, FORMAT, SetBuilder, sha256_file, slug
from carbonstd.errors import FactorDataError

FOLDER = Path("uk-desnz-ghg-conversion-factors")
FILES = {
    2024: FOLDER / "ghg-conversion-factors-2024-FlatFormat_v1_1.factors-by-category.csv",
    2025: FOLDER / "ghg-conversion-factors-2025-flat-format.csv",
}
NAME = "UK-DESNZ-GHG-CF"
REGION = "GB"

_GAS_COLUMN = {
    "kg CO2e": "total",
    "kg CO2e of CO2 per unit": "CO2",
    "kg CO2e of CH4 per unit": "CH4",
    "kg CO2e of N2O per unit": "N2O",
}

# --- names -> key segments ---------------------------------------------------------------

_FUELS = {
    "Butane": "fuel.butane",
    "CNG": "fuel.cng",
    "LNG": "fuel.lng",
    "LPG": "fuel.lpg",
    "Natural gas": "fuel.natural_gas",
    "Natural gas (100% mineral blend)": "fuel.natural_gas.mineral",
    "Other petroleum gas": "fuel.other_petroleum_gas",
    "Propane": "fuel.propane",
    "Aviation spirit": "fuel.aviation_gasoline",
    "Aviation turbine fuel": "fuel.jet_kerosene",
    "Burning oil": "fuel.kerosene",
    "Diesel (100% mineral diesel)": "fuel.diesel",
    "Diesel (average biofuel blend)": "fuel.diesel.biofuel_blend",
    "Fuel oil": "fuel.fuel_oil",
    "Gas oil": "fuel.gas_oil",
    "Lubricants": "fuel.lubricants",
    "Marine fuel oil": "fuel.marine_fuel_oil",
    "Marine gas oil": "fuel.marine_gas_oil",
    "Naphtha": "fuel.naphtha",
    "Petrol (100% mineral petrol)": "fuel.motor_gasoline",
    "Petrol (average biofuel blend)": "fuel.motor_gasoline.biofuel_blend",
    "Processed fuel oils - distillate oil": "fuel.processed_fuel_oil.distillate",
    "Processed fuel oils - residual oil": "fuel.processed_fuel_oil.residual",
    "Refinery miscellaneous": "fuel.refinery_miscellaneous",
    "Waste oils": "fuel.waste_oil",
    "Coal (domestic)": "fuel.coal.domestic",
    "Coal (electricity generation)": "fuel.coal.electricity_generation",
    "Coal (electricity generation - home produced coal only)": (
        "fuel.coal.electricity_generation.home_produced"
    ),
    "Coal (industrial)": "fuel.coal.industrial",
    "Coking coal": "fuel.coal.coking",
    "Petroleum coke": "fuel.petroleum_coke",
}

_CAR_FUEL = {
    "Battery Electric Vehicle": "bev",
    "Plug-in Hybrid Electric Vehicle": "phev",
    "Unknown": "unknown_fuel",
}

_HAUL = {
    "Domestic, to/from UK": "domestic",
    "Short-haul, to/from UK": "short_haul",
    "Long-haul, to/from UK": "long_haul",
    "International, to/from non-UK": "international_non_uk",
}

_WASTE_TREATMENT = {
    "Incineration with Energy Recovery": "combustion",  # 2025 label of the 2024 "Combustion"
    "Re-use": "reuse",
    "Re-used": "reused",
}


def _seg(text: str) -> str:
    """Turn a DESNZ label into one key segment, keeping comparison signs as words."""
    text = text.replace("–", " to ").replace(">", " over ").replace("<", " under ")
    text = text.replace("%", " pct ").replace(",", "")
    out = slug(text)
    if not out:
        raise FactorDataError("empty key segment", value=text, hint="map this label explicitly")
    return out


def _before_paren(text: str) -> str:
    return _seg(text.split("(", maxsplit=1)[0])


def _car_fuel(text: str) -> str:
    return _CAR_FUEL.get(text, _seg(text)) if text else ""


def _car_size(text: str) -> str:
    return _seg(text.removesuffix(" car"))


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


# (Level 1 with any "WTT- " prefix removed, Level 2 with it removed) -> key builder.
# A builder takes (Level 3, Level 4, Column Text) and returns the activity key.
Builder = Callable[[str, str, str], str]

_TRAVEL: dict[str, Builder] = {
    "cars (by market segment)": lambda l3, l4, ct: _join("travel.car", _seg(l3), _car_fuel(ct)),
    "cars (by size)": lambda l3, l4, ct: _join("travel.car", _car_size(l3), _car_fuel(ct)),
    "motorbike": lambda l3, l4, ct: _join("travel.motorbike", _seg(l3)),
    "taxis": lambda l3, l4, ct: _join("travel.taxi", _seg(l3)),
    "bus": lambda l3, l4, ct: _join("travel.bus", _seg(l3)),
    "rail": lambda l3, l4, ct: _join("travel.rail", _seg(l3)),
    "flights": lambda l3, l4, ct: _join(
        "travel.air",
        _HAUL[l3],
        _seg(l4.removesuffix(" class").removesuffix(" passenger")),
        _seg(ct),
    ),
    "ferry": lambda l3, l4, ct: _join("travel.ferry", _before_paren(l3) if "(" in l3 else _seg(l3)),
}

_FREIGHT: dict[str, Builder] = {
    "vans": lambda l3, l4, ct: _join("freight.van", _before_paren(l3), _car_fuel(ct)),
    "hgv (all diesel)": lambda l3, l4, ct: _join("freight.hgv", _seg(l3), _seg(ct)),
    "hgv refrigerated (all diesel)": lambda l3, l4, ct: _join(
        "freight.hgv_refrigerated", _seg(l3), _seg(ct)
    ),
    "freight flights": lambda l3, l4, ct: _join("freight.air", _HAUL[l3], _seg(ct)),
    "rail": lambda l3, l4, ct: "freight.rail",
    "sea tanker": lambda l3, l4, ct: _join("freight.sea_tanker", _seg(l3), _seg(l4)),
    "cargo ship": lambda l3, l4, ct: _join("freight.cargo_ship", _seg(l3), _seg(l4)),
}


def _bio(l3: str) -> str:
    return "fuel." + _seg(l3.replace("Biodiesel ME", "biodiesel_me"))


def _fuel(l3: str) -> str:
    if l3 not in _FUELS:
        raise FactorDataError(
            "DESNZ fuel without a key mapping", value=l3, hint="add it to _FUELS in _convert_desnz"
        )
    return _FUELS[l3]


def _key(l1: str, l2: str, l3: str, l4: str, ct: str) -> tuple[str, str] | None:
    """Return (activity key, kind) for a DESNZ row, or None for a skipped category.

    ``kind`` is one of fuel, bio, biogenic, electricity, td, heat, travel, freight,
    water, waste, material; a ``.wtt`` suffix is added by the caller for WTT rows.
    """
    l2n = l2.removeprefix("WTT- ").lower()
    if l1 in ("Fuels", "WTT- fuels"):
        return _fuel(l3), "fuel"
    if l1 in ("Bioenergy", "WTT- bioenergy"):
        return _bio(l3), "bio"
    if l1 == "Outside of scopes":
        if l2 == "Electricity generated":
            return "electricity.grid.biogenic_co2", "biogenic"
        if l2 == "Forecourt fuels containing biofuel":
            return _fuel(l3) + ".biogenic_co2", "biogenic"
        return _bio(l3) + ".biogenic_co2", "biogenic"
    if l1 == "UK electricity":
        return "electricity.grid", "electricity"
    if l1 == "WTT- UK electricity":
        key = "electricity.td_losses" if "T&D" in l2 else "electricity.grid"
        return key, "electricity"
    if l1 == "Transmission and distribution":
        if l2 == "T&D- UK electricity":
            return "electricity.td_losses", "td"
        return "steam_heat.district.distribution_losses", "td"
    if l1 == "Heat and steam":
        return "steam_heat." + _seg(l3.split(" ", maxsplit=1)[0]), "heat"
    if l1 == "WTT- heat and steam":
        if "distribution" in l2:
            return "steam_heat.district.distribution_losses", "heat"
        return "steam_heat." + _seg(l3.split(" ", maxsplit=1)[0]), "heat"
    if l1 in ("Business travel- land", "WTT- pass vehs & travel- land"):
        return _TRAVEL[l2n](l3, l4, ct), "travel"
    if l1 in ("Business travel- air", "WTT- business travel- air"):
        return _TRAVEL["flights"](l3, l4, ct), "travel"
    if l1 in ("Business travel- sea", "WTT- business travel- sea"):
        return _TRAVEL["ferry"](l3, l4, ct), "travel"
    if l1 in ("Freighting goods", "WTT- delivery vehs & freight"):
        return _FREIGHT[l2n](l3, l4, ct), "freight"
    if l1 == "Water supply":
        return "water.supply", "water"
    if l1 == "Water treatment":
        return "water.treatment", "water"
    if l1 == "Waste disposal":
        return _join("waste", _seg(l3), _WASTE_TREATMENT.get(ct) or _seg(ct)), "waste"
    if l1 == "Material use":
        source = ct.removesuffix(" source").replace("Primary material production", "primary")
        return _join("material", _seg(l3), _seg(source)), "material"
    return None


#: Level-1 categories deliberately not converted, with the reason (listed in docs/data.md).
SKIPPED = {
    "Refrigerant & other": "fugitive gases are masses of the gas itself (no factor needed)",
    "Passenger vehicles": "same factors as 'Business travel- land' (Scope 1 view)",
    "Delivery vehicles": "same factors as 'Freighting goods' per km (Scope 1 view)",
    "Managed assets- vehicles": "same factors as the travel and freight rows",
    "Managed assets- electricity": "same factor as 'UK electricity'",
    "SECR kWh pass & delivery vehs": "energy conversion (kWh per km), not an emission factor",
    "SECR kWh UK electricity for EVs": "energy conversion (kWh per km), not an emission factor",
    "UK electricity for EVs": "per-km electricity of EVs; use electricity.grid with kWh",
    "UK electricity T&D for EVs": "per-km T&D of EVs; use electricity.td_losses with kWh",
    "Hotel stay": "unit 'room per night' has no carbonstd unit yet",
    "Homeworking": "unit 'per FTE working hour' has no carbonstd unit yet",
}

_UNITS: dict[str, tuple[str, str | None]] = {
    "tonnes": ("t", None),
    "litres": ("L", None),
    "cubic metres": ("m3", None),
    "kWh (Net CV)": ("kWh", "net"),
    "kWh (Gross CV)": ("kWh", "gross"),
    "kWh": ("kWh", None),
    "GJ": ("GJ", None),
    "kg": ("kg", None),
    "km": ("vkm", None),
    "miles": ("vehicle * mile", None),
    "passenger.km": ("pkm", None),
    "tonne.km": ("tkm", None),
    "million litres": ("megaliter", None),
}

_BOUNDARY = {
    "fuel": "combustion",
    "bio": "combustion",
    "biogenic": "combustion",
    "electricity": "generation",
    "td": "T&D",
    "heat": "generation",
    "travel": "TTW",
    "freight": "TTW",
    "water": "cradle-to-grave",
    "waste": "end-of-life",
    "material": "cradle-to-gate",
}
_METHODS = {
    "fuel": ["default", "fuel-based"],
    "bio": ["default", "fuel-based"],
    "biogenic": ["default", "fuel-based"],
    "electricity": ["location-based", "average-data"],
    "td": ["location-based", "average-data"],
    "heat": ["default", "average-data"],
    "travel": ["default", "distance-based"],
    "freight": ["default", "distance-based"],
    "water": ["default", "average-data"],
    "waste": ["waste-type-specific", "average-data"],
    "material": ["default", "average-data"],
}


_NET_INFERRED = (
    " Net CV basis inferred: DESNZ labels this unit only 'kWh'/'GJ', and its per-mass to"
    " per-energy ratio equals the net calorific value (e.g. wood pellets 17.25 GJ/t,"
    " bioethanol 26.8 MJ/kg)."
)


def _dec(text: str) -> Decimal:
    return Decimal(text.strip())


def _read(path: Path, year: int) -> list[dict[str, str]]:
    column = f"GHG Conversion Factor {year}"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or column not in rows[0]:
        raise FactorDataError(
            "DESNZ CSV does not have the expected value column",
            value=column,
            source=str(path.name),
            hint="use the flat-format 'Factors by Category' CSV of that year",
        )
    out = []
    for row in rows:
        if row["Scope"] in ("", "END"):
            continue
        row["_value"] = row[column]
        out.append(row)
    return out


def _convert_year(raw: Path, year: int) -> dict[str, Any]:
    rel = FILES[year]
    path = raw / rel
    rows = _read(path, year)
    b = SetBuilder(f"{NAME}-{year}", source=str(rel))
    groups: dict[str, list[dict[str, str]]] = {}
    for line, row in enumerate(rows, start=1):
        match = re.fullmatch(r"(.+)_(\d)", row["ID"])
        if not match:
            raise FactorDataError("unexpected DESNZ ID", value=row["ID"], source=str(rel), row=line)
        groups.setdefault(match.group(1), []).append(row)
    blank = 0
    unstated = 0
    skipped: dict[str, int] = {}
    for base, members in groups.items():
        first = members[0]
        l1, l2 = first["Level 1"], first["Level 2"]
        l3, l4, ct = (first[k].strip() for k in ("Level 3", "Level 4", "Column Text"))
        if l1 in SKIPPED:
            skipped[l1] = skipped.get(l1, 0) + 1
            continue
        mapped = _key(l1, l2, l3, l4, ct)
        if mapped is None:
            raise FactorDataError(
                "DESNZ category without a mapping",
                value=(l1, l2),
                source=str(rel),
                hint="map it in _key() or list it in SKIPPED with a reason",
            )
        activity, kind = mapped
        wtt = l1.startswith("WTT-")
        if wtt:
            activity += ".wtt"
        values: dict[str, Decimal] = {}
        for member in members:
            gas = _GAS_COLUMN.get(member["GHG/Unit"])
            if gas is None:
                raise FactorDataError(
                    "unexpected GHG/Unit", value=member["GHG/Unit"], source=str(rel)
                )
            if member["_value"].strip():
                values[gas] = _dec(member["_value"])
        if not values:
            blank += 1
            continue
        unit, basis = _UNITS[first["UOM"]]
        path_text = " > ".join(p for p in (first["Scope"], l1, l2, l3, l4, ct) if p)
        notes = f"DESNZ {year}: {path_text}; per {first['UOM']}."
        gases: dict[str, float] | None = None
        co2e: float | None = None
        if kind == "biogenic":
            gases = {"CO2_biogenic": float(values["CO2"])}
            notes += " Biogenic CO2 'outside of scopes' (DESNZ gives kg CO2 per unit)."
        elif all(g in values for g in ("CO2", "CH4", "N2O")):
            gases = {
                "CO2": float(values["CO2"]),
                "CH4": float(values["CH4"] / Decimal(repr(AR5_GWP100["CH4"]))),
                "N2O": float(values["N2O"] / Decimal(repr(AR5_GWP100["N2O"]))),
            }
            notes += (
                " CH4 and N2O masses derived from DESNZ 'kg CO2e of gas per unit' divided by"
                " the AR5 GWPs DESNZ used (CH4 28, N2O 265)"
            )
            if "total" in values:
                notes += f"; DESNZ total {values['total']} kg CO2e"
            notes += "."
        elif "total" in values:
            co2e = float(values["total"])
            notes += " DESNZ gives only a CO2e total (AR5 GWPs)."
        else:
            raise FactorDataError("DESNZ group without a usable value", value=base, source=str(rel))
        if kind == "bio" and not wtt:
            notes += " Scope 1 CH4 and N2O only; the biogenic CO2 is in the .biogenic_co2 key."
        if unit in ("kWh", "GJ") and basis is None and kind in ("bio", "biogenic"):
            if l2 == "Forecourt fuels containing biofuel":
                # Basis not stated and the value is rounded to 0.01: it cannot be inferred.
                unstated += 1
                continue
            basis = "net"
            notes += _NET_INFERRED
        boundary: str | None = "WTT" if wtt else _BOUNDARY[kind]
        if kind in ("travel", "freight") and not wtt and ct in _CAR_FUEL and ct != "Unknown":
            boundary = None  # BEV/PHEV rows include grid electricity, not only tank-to-wheel
            notes += " Electric vehicle row: DESNZ includes electricity use, so no TTW boundary."
        b.add(
            fid=f"DESNZ-{year}:{base}",
            activity=activity,
            unit=unit,
            year=year,
            region=REGION,
            gases=gases,
            co2e=co2e,
            gwp=AR5_GWP_SET if co2e is not None else None,
            boundary=boundary,
            calorific_basis=basis,
            methods=_METHODS[kind],
            table=f"Factors by Category: {l1} / {l2}",
            notes=notes,
        )
    skipped_text = "; ".join(f"{k} ({v} groups): {SKIPPED[k]}" for k, v in sorted(skipped.items()))
    return {
        "format": FORMAT,
        "name": NAME,
        "version": str(year),
        "title": f"UK Government GHG Conversion Factors for Company Reporting {year}",
        "description": (
            f"DESNZ/Defra GHG conversion factors {year} (flat file, 'Factors by Category'),"
            " region GB (the factors are UK-wide). Per-gas masses derived from DESNZ's"
            " 'kg CO2e of gas per unit' rows with the AR5 GWPs DESNZ used (CH4 28, N2O 265);"
            " rows given only as a CO2e total are co2e + AR5-GWP100. Well-to-tank rows use the"
            " '.wtt' key suffix; biogenic CO2 'outside of scopes' rows use '.biogenic_co2'."
            f" {blank} blank groups (no factor published) are left out, and {unstated} per-kWh"
            " 'Forecourt fuels containing biofuel' rows whose calorific basis is not stated."
            " Bioenergy rows per kWh or GJ are on a net CV basis (inferred, see notes)."
            " Not converted: " + skipped_text + "."
        ),
        "licence": {
            "id": "OGL-UK-3.0",
            "attribution": (
                "Contains public sector information licensed under the Open Government Licence"
                f" v3.0. © Crown copyright {year}. UK Government GHG Conversion Factors for"
                " Company Reporting, Department for Energy Security and Net Zero (DESNZ) and"
                " Defra."
            ),
            "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        },
        "source": {
            "publisher": "Department for Energy Security and Net Zero (DESNZ) and Defra",
            "document": "UK Government GHG Conversion Factors for Company Reporting, flat file",
            "table": "Factors by Category",
            "edition": {2024: "2024 v1.1 (2024-10-18)", 2025: "2025"}[year],
            "url": (
                "https://www.gov.uk/government/publications/"
                f"greenhouse-gas-reporting-conversion-factors-{year}"
            ),
            "file": rel.name,
            "sha256": sha256_file(path),
        },
        "regions": {REGION: "GLO"},
        "factors": b.factors,
    }


def convert_all(raw: Path) -> list[dict[str, Any]]:
    """Return the 2024 and 2025 sets (in that order)."""
    return [_convert_year(raw, year) for year in sorted(FILES)]
