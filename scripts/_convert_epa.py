"""Convert the US EPA GHG Emission Factors Hub 2025 workbook into a carbonstd factor set.

Source: U.S. EPA, "Emission Factors for Greenhouse Gas Inventories" (GHG Emission
Factors Hub), last modified January 15, 2025. US Government work, public domain
(17 U.S.C. 105). Only the sheet ``Emission Factors Hub`` is read; the extra sheet
``Sheet1`` that the hosting repository added is ignored.

Tables converted: 1 (stationary combustion, HHV), 2 (mobile CO2), 3 and 4 (on-road
CH4/N2O per vehicle-mile), 5 (non-road CH4/N2O per gallon, combined with the
Table 2 CO2 per gallon), 6 (eGRID2023 total output rates), 7 (steam and heat),
8 (Scope 3 cat. 4/9 transport), 9 (Scope 3 cat. 5/12 waste, CO2e, AR5),
10 (Scope 3 cat. 6/7 business travel). Tables 11-12 (GWPs) belong to the GWP
converter.
"""

from __future__ import annotations

import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from _convert_common import (
    AR5_GWP_SET,
    FORMAT,
    KG_PER_LB,
    SetBuilder,
    quantity,
    sha256_file,
    slug,
)
from carbonstd.errors import FactorDataError

RAW = Path("us-epa-ghg-emission-factors-hub") / "ghg-emission-factors-hub-2025.xlsx"
SHEET = "Emission Factors Hub"
NAME = "US-EPA-GHG-Hub"
VERSION = "2025"
#: Year stamped on every factor except eGRID: the inventory (reporting) year the edition is
#: published for. EPA releases the Hub each January (this one on 2025-01-15) for organisations
#: compiling the inventory of the calendar year just ended, and states no other year: the 2025
#: Hub is the current edition when 2024 inventories are prepared. Under the registry's
#: "latest earlier year" rule the factors then serve 2024 and every later year until a newer
#: edition is bundled (docs/data.md, "Years").
YEAR = 2024
#: eGRID2023 rates keep their data year.
EGRID_YEAR = 2023
PREFIX = "EPA-2025"
DOC = "Emission Factors for Greenhouse Gas Inventories (GHG Emission Factors Hub)"

Row = tuple[Any, ...]


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _g_to_kg(value: float) -> float:
    return float(_dec(value) / 1000)


def _lb_to_kg(value: float) -> float:
    return float(_dec(value) * Decimal(repr(KG_PER_LB)))


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _strip_note(name: str) -> str:
    """Drop a trailing footnote letter ("Passenger Car A", "TruckC", "EquipmentB")."""
    name = _text(name)
    name = re.sub(r"\s+[A-E]$", "", name)
    return re.sub(r"(?<=[a-z])[A-E]$", "", name)


def _read_rows(path: Path) -> list[Row]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about header/footer extensions
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book[SHEET]
            rows = [tuple(row) + (None,) * 12 for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    return rows


def _tables(rows: list[Row]) -> dict[int, list[Row]]:
    starts: list[tuple[int, int]] = []
    for index, row in enumerate(rows):
        match = re.fullmatch(r"Table (\d+)", _text(row[1]))
        if match:
            starts.append((int(match.group(1)), index))
    found = {n for n, _ in starts}
    if not set(range(1, 11)) <= found:
        raise FactorDataError(
            "the EPA workbook does not have the expected 'Table N' markers",
            value=sorted(found),
            source=str(RAW),
            hint="the layout changed; update scripts/_convert_epa.py",
        )
    out: dict[int, list[Row]] = {}
    for pos, (number, start) in enumerate(starts):
        end = starts[pos + 1][1] if pos + 1 < len(starts) else len(rows)
        out[number] = rows[start + 1 : end]
    return out


# --- Table 1 -----------------------------------------------------------------------------

#: Table 1 names whose key is not the slug of the EPA name: the coal ranks, fuels whose EPA
#: name differs from the vocabulary's (docs/vocabulary.md), and names with footnote text.
_T1_KEYS = {
    "Anthracite": "fuel.coal.anthracite",
    "Bituminous": "fuel.coal.bituminous",
    "Sub-bituminous": "fuel.coal.sub_bituminous",
    "Lignite": "fuel.coal.lignite",
    "Mixed (Commercial Sector)": "fuel.coal.mixed.commercial",
    "Mixed (Electric Power Sector)": "fuel.coal.mixed.electric_power",
    "Mixed (Industrial Coking)": "fuel.coal.mixed.industrial_coking",
    "Mixed (Industrial Sector)": "fuel.coal.mixed.industrial",
    "Coal Coke": "fuel.coke_oven_coke",
    "Petroleum Coke (Solid)": "fuel.petroleum_coke",
    "Municipal Solid Waste": "fuel.municipal_solid_waste",
    "Wood and Wood Residuals": "fuel.wood",
    "Natural Gas": "fuel.natural_gas",
    "Propane Gas": "fuel.propane_gas",
    "Kerosene-Type Jet Fuel": "fuel.jet_kerosene",
    "Liquefied Petroleum Gases (LPG)": "fuel.lpg",
    "Naphtha (<401 deg F)": "fuel.naphtha",
    "Other Oil (>401 deg F)": "fuel.other_oil",
    "Biodiesel (100%)": "fuel.biodiesel",
    "Ethanol (100%)": "fuel.ethanol",
    "Distillate Fuel Oil No. 2": "fuel.diesel",
    "Residual Fuel Oil No. 6": "fuel.residual_fuel_oil",
}
#: Why a Table 1 fuel carries a vocabulary key rather than the slug of its EPA name.
_T1_RENAMED = {
    "Distillate Fuel Oil No. 2": (
        "EPA's 'Distillate Fuel Oil No. 2' is diesel fuel and heating oil (its CO2 per gallon,"
        " 10.21 kg, is Table 2's 'Diesel Fuel'), so it is keyed fuel.diesel."
    ),
    "Residual Fuel Oil No. 6": (
        "EPA's 'Residual Fuel Oil No. 6' is the residual fuel oil of Table 2 (11.27 kg CO2 per"
        " gallon), so it is keyed fuel.residual_fuel_oil; No. 5 keeps fuel.residual_fuel_oil_no_5."
    ),
    "Coal Coke": "EPA's 'Coal Coke' is keyed fuel.coke_oven_coke, the IPCC set's key for coke.",
}
_PER_UNIT = {"short ton": "short_ton", "scf": "scf", "gallon": "US_gallon"}


def _t1_key(category: str, name: str) -> str:
    if name in _T1_KEYS:
        return _T1_KEYS[name]
    if category.startswith("Biomass Fuels - Kraft"):
        return "fuel.kraft_pulping_liquor." + slug(name)
    return "fuel." + slug(name)


def _table1(b: SetBuilder, rows: list[Row]) -> None:
    table = "Table 1 Stationary Combustion"
    category = ""
    per_unit = ""
    for row in rows:
        name = _text(row[2])
        heat = row[3]
        if isinstance(heat, str) and heat.startswith("mmBtu per "):
            per_unit = _PER_UNIT[heat.removeprefix("mmBtu per ")]
            continue
        if name.startswith("Source"):
            break
        co2_mmbtu = _num(row[4])
        if co2_mmbtu is None:
            if name and name not in ("Fuel Type",):
                category = name
            continue
        biogenic = category.startswith("Biomass")
        co2_gas = "CO2_biogenic" if biogenic else "CO2"
        key = _t1_key(category, name)
        ident = slug(name)
        notes = f"EPA Hub 2025 Table 1, '{name}' ({category}); HHV basis."
        if name in _T1_RENAMED:
            notes += " " + _T1_RENAMED[name]
        if biogenic:
            notes += (
                " Listed by EPA under biomass fuels: CO2 recorded as CO2_biogenic"
                " (reported outside the scopes)."
            )
            if name == "Peat":
                notes += " IPCC 2006 treats peat as a fossil fuel; EPA's grouping is kept."
        b.add(
            fid=f"{PREFIX}:T1:{ident}:mmBtu",
            activity=key,
            unit="mmBtu",
            year=YEAR,
            region="US",
            gases={
                co2_gas: co2_mmbtu,
                "CH4": _g_to_kg(_num(row[5]) or 0.0),
                "N2O": _g_to_kg(_num(row[6]) or 0.0),
            },
            boundary="combustion",
            calorific_basis="gross",
            methods=["default", "fuel-based"],
            table=table,
            notes=notes,
        )
        hhv = _num(row[3])
        co2_unit = _num(row[7])
        if hhv is None or co2_unit is None:
            continue  # kraft liquors: per mmBtu only
        b.add(
            fid=f"{PREFIX}:T1:{ident}:{per_unit}",
            activity=key,
            unit=per_unit,
            year=YEAR,
            region="US",
            gases={
                co2_gas: co2_unit,
                "CH4": _g_to_kg(_num(row[8]) or 0.0),
                "N2O": _g_to_kg(_num(row[9]) or 0.0),
            },
            boundary="combustion",
            methods=["default", "fuel-based"],
            table=table,
            notes=notes.replace("HHV basis.", f"per {per_unit} at the default HHV."),
        )
        b.add_fuel(
            fuel=key,
            region="US",
            gcv=quantity(hhv, f"mmBtu/{per_unit}", source=str(RAW)),
            table=table,
            notes=f"EPA default heat content (HHV) for '{name}'.",
        )


# --- Table 2 and 5 -----------------------------------------------------------------------

_MOBILE = {
    "Aviation Gasoline": "aviation_gasoline",
    "Biodiesel (100%)": "biodiesel",
    "Compressed Natural Gas (CNG)": "cng",
    "Diesel Fuel": "diesel",
    "Ethanol (100%)": "ethanol",
    "Kerosene-Type Jet Fuel": "jet_kerosene",
    "Liquefied Natural Gas (LNG)": "lng",
    "Liquefied Petroleum Gases (LPG)": "lpg",
    "Motor Gasoline": "motor_gasoline",
    "Residual Fuel Oil": "residual_fuel_oil",
}
_BIOGENIC_MOBILE = {"biodiesel", "ethanol"}


def _table2(b: SetBuilder, rows: list[Row]) -> dict[str, float]:
    table = "Table 2 Mobile Combustion CO2"
    per_gallon: dict[str, float] = {}
    for row in rows:
        name = _text(row[2])
        value = _num(row[3])
        if name.startswith("Source"):
            break
        if value is None:
            continue
        fuel = _MOBILE[name]
        unit = {"gallon": "US_gallon", "scf": "scf"}[_text(row[4])]
        gas = "CO2_biogenic" if fuel in _BIOGENIC_MOBILE else "CO2"
        if unit == "US_gallon":
            per_gallon[fuel] = value
        b.add(
            fid=f"{PREFIX}:T2:{fuel}",
            activity=f"fuel.{fuel}.mobile",
            unit=unit,
            year=YEAR,
            region="US",
            gases={gas: value},
            boundary="TTW",
            methods=["default", "fuel-based"],
            table=table,
            notes=(
                f"EPA Hub 2025 Table 2, '{name}': CO2 only. CH4 and N2O depend on the vehicle:"
                " see vehicle.* (Tables 3-4, per vehicle-mile) and fuel.<fuel>.mobile.<vehicle>"
                " (Table 5, per gallon)."
            ),
        )
    return per_gallon


_T5_FUEL = {
    "Residual Fuel Oil": ("residual_fuel_oil", None),
    "Gasoline (2 stroke)": ("motor_gasoline", "2_stroke"),
    "Gasoline (4 stroke)": ("motor_gasoline", "4_stroke"),
    "Gasoline": ("motor_gasoline", None),
    "Gasoline Off-Road Trucks": ("motor_gasoline", "off_road_trucks"),
    "Diesel": ("diesel", None),
    "Diesel Equipment": ("diesel", "equipment"),
    "Diesel Off-Road Trucks": ("diesel", "off_road_trucks"),
    "Jet Fuel": ("jet_kerosene", None),
    "Aviation Gasoline": ("aviation_gasoline", None),
    "LPG": ("lpg", None),
}


def _table5(b: SetBuilder, rows: list[Row], co2_per_gallon: dict[str, float]) -> None:
    table = "Table 5 Mobile Combustion CH4 and N2O for Non-Road Vehicles; CO2 from Table 2"
    vehicle = ""
    for row in rows:
        if _text(row[2]).startswith("Source"):
            break
        ch4 = _num(row[4])
        if ch4 is None:
            continue
        if row[2] is not None:
            vehicle = _strip_note(_text(row[2]))
        fuel_label = _text(row[3])
        fuel, variant = _T5_FUEL[fuel_label]
        key = f"fuel.{fuel}.mobile.{slug(vehicle)}" + (f".{variant}" if variant else "")
        co2 = co2_per_gallon[fuel]
        b.add(
            fid=f"{PREFIX}:T5:{slug(vehicle)}:{slug(fuel_label)}",
            activity=key,
            unit="US_gallon",
            year=YEAR,
            region="US",
            gases={"CO2": co2, "CH4": _g_to_kg(ch4), "N2O": _g_to_kg(_num(row[5]) or 0.0)},
            boundary="TTW",
            methods=["default", "fuel-based"],
            table=table,
            notes=(
                f"EPA Hub 2025: CH4 and N2O from Table 5 ('{vehicle}', '{fuel_label}');"
                f" CO2 {co2} kg/gallon from Table 2 for the same fuel."
            ),
        )


# --- Tables 3 and 4 ----------------------------------------------------------------------


def _model_year(text: Any) -> str:
    label = _text(text)
    if not label:
        return ""
    label = label.replace("≤", "up_to_")
    return "model_year_" + slug(label)


def _on_road(b: SetBuilder, rows: list[Row], number: int) -> None:
    title = {
        3: "Table 3 Mobile Combustion CH4 and N2O for On-Road Gasoline Vehicles",
        4: "Table 4 Mobile Combustion CH4 and N2O for On-Road Diesel and Alternative Fuel Vehicles",
    }[number]
    vehicle = ""
    fuel = "gasoline"
    for row in rows:
        if _text(row[2]).startswith("Source"):
            break
        if number == 3:
            year_cell, ch4_cell, n2o_cell = row[3], row[4], row[5]
            if row[2] is not None and not _text(row[2]).startswith("("):
                vehicle = _text(row[2]).removeprefix("Gasoline ")
        else:
            year_cell, ch4_cell, n2o_cell = row[4], row[5], row[6]
            if row[2] is not None:
                vehicle = _text(row[2])
            if row[3] is not None:
                fuel = slug(_text(row[3]))
        ch4 = _num(ch4_cell)
        if ch4 is None:
            continue
        segments = ["vehicle", slug(vehicle), fuel]
        year_seg = _model_year(year_cell)
        if year_seg:
            segments.append(year_seg)
        key = ".".join(segments)
        b.add(
            fid=f"{PREFIX}:T{number}:" + ":".join(segments[1:]),
            activity=key,
            unit="vehicle * mile",
            year=YEAR,
            region="US",
            gases={"CH4": _g_to_kg(ch4), "N2O": _g_to_kg(_num(n2o_cell) or 0.0)},
            boundary="TTW",
            methods=["default", "distance-based"],
            table=title,
            notes=(
                f"EPA Hub 2025 Table {number}: '{vehicle}', fuel '{fuel}', model year"
                f" '{_text(year_cell) or 'all'}'. CH4 and N2O only; add CO2 from the fuel used"
                " (Table 2, fuel.<fuel>.mobile)."
            ),
        )


# --- Table 6 -----------------------------------------------------------------------------


def _table6(b: SetBuilder, rows: list[Row]) -> None:
    table = "Table 6 Electricity (eGRID2023 total output emission rates)"
    for row in rows:
        acronym = _text(row[2])
        co2 = _num(row[4])
        if acronym.startswith("Source"):
            break
        if co2 is None:
            continue
        if acronym == "US Average":
            region, ident = "US", "US"
        else:
            if not re.fullmatch(r"[A-Z]{4}", acronym):
                raise FactorDataError(
                    "unexpected eGRID subregion acronym",
                    value=acronym,
                    source=str(RAW),
                    hint="update scripts/_convert_epa.py",
                )
            region, ident = f"US-GRID-{acronym}", acronym
        loss = _num(row[10])
        notes = (
            f"eGRID2023 subregion '{_text(row[3])}', total output emission rate, converted from"
            " lb/MWh with 1 lb = 0.45359237 kg."
        )
        if loss is not None:
            notes += f" eGRID grid gross loss: {loss * 100:.1f} %."
        b.add(
            fid=f"{PREFIX}:T6:{ident}",
            activity="electricity.grid",
            unit="MWh",
            year=EGRID_YEAR,
            region=region,
            gases={
                "CO2": _lb_to_kg(co2),
                "CH4": _lb_to_kg(_num(row[5]) or 0.0),
                "N2O": _lb_to_kg(_num(row[6]) or 0.0),
            },
            boundary="generation",
            methods=["location-based", "average-data"],
            table=table,
            notes=notes,
        )


# --- Table 7 -----------------------------------------------------------------------------


def _table7(b: SetBuilder, rows: list[Row]) -> None:
    for row in rows:
        co2 = _num(row[3])
        if co2 is None:
            continue
        b.add(
            fid=f"{PREFIX}:T7:steam_and_heat",
            activity="steam_heat.purchased",
            unit="mmBtu",
            year=YEAR,
            region="US",
            gases={
                "CO2": co2,
                "CH4": _g_to_kg(_num(row[4]) or 0.0),
                "N2O": _g_to_kg(_num(row[5]) or 0.0),
            },
            boundary="generation",
            methods=["default", "average-data"],
            table="Table 7 Steam and Heat",
            notes=(
                "Per mmBtu of steam or heat purchased; EPA assumes natural gas boilers at"
                " 80 % thermal efficiency."
            ),
        )
        return
    raise FactorDataError("no value found in Table 7", source=str(RAW), hint="layout changed")


# --- Tables 8 and 10 ---------------------------------------------------------------------

_T8 = {
    "Medium- and Heavy-Duty Truck": "freight.truck.medium_heavy_duty",
    "Passenger Car": "freight.passenger_car",
    "Light-Duty Truck": "freight.light_duty_truck",
    "Rail": "freight.rail",
    "Waterborne Craft": "freight.waterborne",
    "Aircraft": "freight.air",
}
_T10 = {
    "Passenger Car": "travel.car",
    "Light-Duty Truck": "travel.light_duty_truck",
    "Motorcycle": "travel.motorbike",
    "Intercity Rail - Northeast Corridor": "travel.rail.intercity.northeast_corridor",
    "Intercity Rail - Other Routes": "travel.rail.intercity.other_routes",
    "Intercity Rail - National Average": "travel.rail.intercity",
    "Commuter Rail": "travel.rail.commuter",
    "Transit Rail (i.e. Subway, Tram)": "travel.rail.transit",
    "Bus": "travel.bus",
    "Air Travel - Short Haul (< 300 miles)": "travel.air.short_haul",
    "Air Travel - Medium Haul (>= 300 miles, < 2300 miles)": "travel.air.medium_haul",
    "Air Travel - Long Haul (>= 2300 miles)": "travel.air.long_haul",
}
_UNITS = {
    "vehicle-mile": "vehicle * mile",
    "short ton-mile": "short_ton * mile",
    "passenger-mile": "passenger * mile",
}


def _transport(b: SetBuilder, rows: list[Row], number: int) -> None:
    keys = _T8 if number == 8 else _T10
    title = {
        8: "Table 8 Scope 3 Category 4 and 9 Upstream and Downstream Transportation",
        10: "Table 10 Scope 3 Category 6 Business Travel and Category 7 Employee Commuting",
    }[number]
    for row in rows:
        co2 = _num(row[3])
        if co2 is None:
            continue
        name = _strip_note(_text(row[2]))
        unit = _UNITS[_text(row[6])]
        b.add(
            fid=f"{PREFIX}:T{number}:{slug(name)}:{slug(_text(row[6]))}",
            activity=keys[name],
            unit=unit,
            year=YEAR,
            region="US",
            gases={
                "CO2": co2,
                "CH4": _g_to_kg(_num(row[4]) or 0.0),
                "N2O": _g_to_kg(_num(row[5]) or 0.0),
            },
            boundary="TTW",
            methods=["default", "distance-based"],
            table=title,
            notes=f"EPA Hub 2025 Table {number}, '{name}' per {_text(row[6])}; combustion only.",
        )


# --- Table 9 -----------------------------------------------------------------------------

_T9_TREATMENT = {
    3: "recycling",
    4: "landfill",
    5: "combustion",
    6: "composting",
    7: "anaerobic_digestion.dry_digestate",
    8: "anaerobic_digestion.wet_digestate",
}


def _table9(b: SetBuilder, rows: list[Row]) -> int:
    table = "Table 9 Scope 3 Category 5 and 12 Waste (metric tons CO2e per short ton)"
    skipped = 0
    header_seen = False
    for row in rows:
        name = _text(row[2])
        if name == "Material":
            header_seen = True
            continue
        if not header_seen or not name:
            continue
        if name.startswith("Source"):
            break
        for column, treatment in _T9_TREATMENT.items():
            value = _num(row[column])
            if value is None:
                if _text(row[column]) != "NA":
                    raise FactorDataError(
                        "unexpected cell in EPA Table 9",
                        value=row[column],
                        source=str(RAW),
                        column=treatment,
                        hint="expected a number or 'NA'",
                    )
                skipped += 1
                continue
            b.add(
                fid=f"{PREFIX}:T9:{slug(name)}:{treatment.replace('.', ':')}",
                activity=f"waste.{slug(name)}.{treatment}",
                unit="short_ton",
                co2e=float(_dec(value) * 1000),
                gwp=AR5_GWP_SET,
                year=YEAR,
                region="US",
                boundary="end-of-life",
                methods=["waste-type-specific", "average-data"],
                table=table,
                notes=(
                    f"EPA Hub 2025 Table 9, '{name}', {treatment.replace('.', ' ')}: published"
                    f" as {value} metric t CO2e per short ton (x1000 = kg CO2e per short ton);"
                    " WARM factors without avoided emissions; CO2e only, AR5 GWPs."
                ),
            )
    return skipped


def convert(raw: Path) -> dict[str, Any]:
    """Read the EPA workbook under ``raw`` and return the factor-set document."""
    path = raw / RAW
    rows = _read_rows(path)
    tables = _tables(rows)
    b = SetBuilder(NAME, source=str(RAW))
    _table1(b, tables[1])
    co2_per_gallon = _table2(b, tables[2])
    _on_road(b, tables[3], 3)
    _on_road(b, tables[4], 4)
    _table5(b, tables[5], co2_per_gallon)
    _table6(b, tables[6])
    _table7(b, tables[7])
    _transport(b, tables[8], 8)
    na_cells = _table9(b, tables[9])
    _transport(b, tables[10], 10)
    regions = {f["region"]: "US" for f in b.factors if f["region"].startswith("US-GRID-")}
    regions["US"] = "GLO"
    return {
        "format": FORMAT,
        "name": NAME,
        "version": VERSION,
        "title": "US EPA GHG Emission Factors Hub 2025",
        "description": (
            "US EPA Emission Factors for Greenhouse Gas Inventories, January 15, 2025: Tables 1-10"
            " (stationary and mobile combustion, eGRID2023 electricity, steam and heat, Scope 3"
            " transport, waste and business travel). Masses of each gas per unit; CH4 and N2O"
            " converted from grams to kg and eGRID rates from lb/MWh to kg/MWh (exact decimal"
            " scaling, one rounding to float64). Combustion factors are on a higher heating value"
            " (gross) basis. Table 9 waste factors are CO2e only (AR5 GWPs) per short ton;"
            f" {na_cells} 'NA' cells of Table 9 have no factor. eGRID factors carry year 2023"
            " (the eGRID data year); all other factors carry year 2024, the inventory year the"
            " 2025 edition is published for (EPA releases the Hub each January for the inventory"
            " of the calendar year just ended), so that they apply to 2024 and later years."
            " Table 1 'Distillate Fuel Oil No. 2' is keyed fuel.diesel, 'Residual Fuel Oil No. 6'"
            " fuel.residual_fuel_oil and 'Coal Coke' fuel.coke_oven_coke (the vocabulary's keys)."
        ),
        "licence": {
            "id": "LicenseRef-US-Gov-Public-Domain",
            "attribution": (
                "U.S. EPA, Emission Factors for Greenhouse Gas Inventories (GHG Emission Factors"
                " Hub), January 2025. U.S. Government work, not subject to copyright in the"
                " United States (17 U.S.C. 105)."
            ),
            "url": "https://www.epa.gov/climateleadership/ghg-emission-factors-hub",
        },
        "source": {
            "publisher": "U.S. Environmental Protection Agency, Center for Corporate Climate"
            " Leadership",
            "document": DOC,
            "edition": "2025 (last modified January 15, 2025)",
            "url": "https://www.epa.gov/climateleadership/ghg-emission-factors-hub",
            "file": RAW.name,
            "sha256": sha256_file(path),
        },
        "regions": dict(sorted(regions.items())),
        "fuels": b.fuels,
        "factors": b.factors,
    }
