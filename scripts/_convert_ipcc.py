"""IPCC 2006 Guidelines, Volume 2 (Energy): Tier 1 default factors, typed from the tables.

The values below are facts read from the tables of the 2006 IPCC Guidelines for
National Greenhouse Gas Inventories, Volume 2: Energy (Chapter 1 Table 1.2 NCVs,
Table 1.4 default CO2 emission factors; Chapter 2 Tables 2.2-2.5 CH4/N2O defaults for
stationary combustion; Chapter 3 Table 3.2.2 road-transport CH4/N2O defaults).
They are typed in here with the table numbers; no IPCC file is read or shipped.
All emission factors are kg of gas per TJ on a net calorific value (NCV) basis.

Cross-check: every value was compared by hand against the IPCC EFDB export (kept
out of the package: its licence does not allow redistribution); see docs/data.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _convert_common import FORMAT, SetBuilder, quantity

NAME = "IPCC-2006-V2-Energy"
YEAR = 2006
GUIDELINES = "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 2: Energy"

# Fuel key -> (IPCC fuel name, NCV TJ/Gg [Table 1.2], CO2 kg/TJ [Table 1.4], sector group,
# biogenic CO2?). The sector group selects the CH4/N2O row of Tables 2.2-2.5.
FUELS: dict[str, tuple[str, float, float, str, bool]] = {
    "fuel.crude_oil": ("Crude oil", 42.3, 73_300, "oil", False),
    "fuel.motor_gasoline": ("Motor gasoline", 44.3, 69_300, "oil", False),
    "fuel.aviation_gasoline": ("Aviation gasoline", 44.3, 70_000, "oil", False),
    "fuel.jet_kerosene": ("Jet kerosene", 44.1, 71_500, "oil", False),
    "fuel.kerosene": ("Other kerosene", 43.8, 71_900, "oil", False),
    "fuel.diesel": ("Gas/diesel oil", 43.0, 74_100, "oil", False),
    "fuel.residual_fuel_oil": ("Residual fuel oil", 40.4, 77_400, "oil", False),
    "fuel.lpg": ("Liquefied petroleum gases", 47.3, 63_100, "lpg", False),
    "fuel.ethane": ("Ethane", 46.4, 61_600, "lpg", False),
    "fuel.naphtha": ("Naphtha", 44.5, 73_300, "oil", False),
    "fuel.bitumen": ("Bitumen", 40.2, 80_700, "oil", False),
    "fuel.lubricants": ("Lubricants", 40.2, 73_300, "oil", False),
    "fuel.petroleum_coke": ("Petroleum coke", 32.5, 97_500, "petcoke", False),
    "fuel.coal.anthracite": ("Anthracite", 26.7, 98_300, "coal", False),
    "fuel.coal.coking": ("Coking coal", 28.2, 94_600, "coal", False),
    "fuel.coal.bituminous": ("Other bituminous coal", 25.8, 94_600, "coal", False),
    "fuel.coal.sub_bituminous": ("Sub-bituminous coal", 18.9, 96_100, "coal", False),
    "fuel.coal.lignite": ("Lignite", 11.9, 101_000, "coal", False),
    "fuel.coke_oven_coke": ("Coke oven coke and lignite coke", 28.2, 107_000, "coal", False),
    "fuel.peat": ("Peat", 9.76, 106_000, "peat", False),
    "fuel.natural_gas": ("Natural gas", 48.0, 56_100, "gas", False),
    "fuel.municipal_waste.non_biomass": (
        "Municipal wastes (non-biomass fraction)",
        10.0,
        91_700,
        "waste",
        False,
    ),
    "fuel.wood": ("Wood/wood waste", 15.6, 112_000, "wood", True),
    "fuel.charcoal": ("Charcoal", 29.5, 112_000, "charcoal", True),
    "fuel.biogasoline": ("Biogasoline", 27.0, 70_800, "oil", True),
    "fuel.biodiesel": ("Biodiesels", 27.0, 70_800, "oil", True),
    "fuel.landfill_gas": ("Landfill gas", 50.4, 54_600, "gas", True),
}

# Sector -> (table, title, {sector group: (CH4 kg/TJ, N2O kg/TJ)}).
SECTORS: dict[str, tuple[str, str, dict[str, tuple[float, float]]]] = {
    "energy_industries": (
        "Table 2.2",
        "Default emission factors for stationary combustion in the energy industries",
        {
            "oil": (3, 0.6),
            "lpg": (1, 0.1),
            "petcoke": (3, 0.6),
            "coal": (1, 1.5),
            "peat": (1, 1.5),
            "gas": (1, 0.1),
            "waste": (30, 4),
            "wood": (30, 4),
            "charcoal": (200, 4),
        },
    ),
    "manufacturing_construction": (
        "Table 2.3",
        "Default emission factors for stationary combustion in manufacturing industries and"
        " construction",
        {
            "oil": (3, 0.6),
            "lpg": (1, 0.1),
            "petcoke": (3, 0.6),
            "coal": (10, 1.5),
            "peat": (2, 1.5),
            "gas": (1, 0.1),
            "waste": (30, 4),
            "wood": (30, 4),
            "charcoal": (200, 4),
        },
    ),
    "commercial_institutional": (
        "Table 2.4",
        "Default emission factors for stationary combustion in the commercial/institutional"
        " category",
        {
            "oil": (10, 0.6),
            "lpg": (5, 0.1),
            "petcoke": (10, 0.6),
            "coal": (10, 1.5),
            "peat": (10, 1.4),
            "gas": (5, 0.1),
            "waste": (300, 4),
            "wood": (300, 4),
            "charcoal": (200, 1),
        },
    ),
    "residential_agriculture": (
        "Table 2.5",
        "Default emission factors for stationary combustion in the residential and"
        " agriculture/forestry/fishing/fishing farms categories",
        {
            "oil": (10, 0.6),
            "lpg": (5, 0.1),
            "petcoke": (10, 0.6),
            "coal": (300, 1.5),
            "peat": (300, 1.4),
            "gas": (5, 0.1),
            "waste": (300, 4),
            "wood": (300, 4),
            "charcoal": (200, 1),
        },
    ),
}

# Road transport, Table 3.2.2 (CH4, N2O kg/TJ); CO2 from Table 3.2.1, which repeats the
# Table 1.4 defaults for these fuels.
ROAD: tuple[tuple[str, str, str, float, float], ...] = (
    ("fuel.motor_gasoline", "uncontrolled", "Motor gasoline, uncontrolled", 33, 3.2),
    ("fuel.motor_gasoline", "oxidation_catalyst", "Motor gasoline, oxidation catalyst", 25, 8.0),
    (
        "fuel.motor_gasoline",
        "low_mileage_ldv_1995",
        "Motor gasoline, low mileage light duty vehicle vintage 1995 or later",
        3.8,
        5.7,
    ),
    ("fuel.diesel", "", "Gas/diesel oil", 3.9, 3.9),
    ("fuel.natural_gas", "", "Natural gas", 92, 3),
    ("fuel.lpg", "", "Liquefied petroleum gases", 62, 0.2),
)


#: Fuels with a road-transport factor in Table 3.2.2.
ROAD_FUELS = frozenset(key for key, *_ in ROAD)


def _derived_keys(key: str) -> list[str]:
    """Activity keys of the sector and road factors of fuel ``key`` (they share its NCV)."""
    keys = [f"{key}.stationary.{sector}" for sector in SECTORS]
    keys += [
        f"{key}.mobile.road" + (f".{variant}" if variant else "")
        for fuel, variant, *_ in ROAD
        if fuel == key
    ]
    return keys


def _co2_gas(biogenic: bool) -> str:
    return "CO2_biogenic" if biogenic else "CO2"


def convert(raw: Path) -> dict[str, Any]:
    """Return the IPCC 2006 Vol. 2 default set (``raw`` is not read: values are typed)."""
    del raw
    b = SetBuilder(NAME, source="scripts/_convert_ipcc.py")
    for key, (label, ncv, co2, _group, biogenic) in FUELS.items():
        ident = key.removeprefix("fuel.")
        note = f"IPCC 2006 Vol. 2 Table 1.4 default CO2 for '{label}', NCV basis."
        if biogenic:
            note += " Biomass fuel: CO2 recorded as CO2_biogenic (reported outside the totals)."
        b.add(
            fid=f"IPCC2006:V2:T1.4:{ident}",
            activity=key,
            unit="TJ",
            year=YEAR,
            region="GLO",
            gases={_co2_gas(biogenic): float(co2)},
            boundary="combustion",
            calorific_basis="net",
            methods=["default", "tier-1"],
            table="Vol. 2 Ch. 1 Table 1.4",
            notes=note + " CO2 ONLY: this key carries no CH4 or N2O. For stationary"
            " combustion use the sector key, which adds the Chapter 2 CH4 and N2O: "
            + ", ".join(f"{key}.stationary.{s} ({t})" for s, (t, _, _) in SECTORS.items())
            + (
                f"; for road transport {key}.mobile.road (Table 3.2.2)."
                if key in ROAD_FUELS
                else "."
            ),
        )
        for fuel_key in (key, *_derived_keys(key)):
            b.add_fuel(
                fuel=fuel_key,
                region="GLO",
                ncv=quantity(ncv, "TJ/Gg", source=NAME),
                table="Vol. 2 Ch. 1 Table 1.2",
                notes=f"IPCC 2006 default net calorific value for '{label}' (1 TJ/Gg = 1 MJ/kg)."
                + (
                    ""
                    if fuel_key == key
                    else f" Same value as {key}, repeated under this key so"
                    " that amounts in mass convert for its factor."
                ),
            )
    for sector, (table, title, rows) in SECTORS.items():
        for key, (label, _ncv, co2, group, biogenic) in FUELS.items():
            ch4, n2o = rows[group]
            b.add(
                fid=f"IPCC2006:V2:T{table.removeprefix('Table ')}:{key.removeprefix('fuel.')}",
                activity=f"{key}.stationary.{sector}",
                unit="TJ",
                year=YEAR,
                region="GLO",
                gases={_co2_gas(biogenic): float(co2), "CH4": float(ch4), "N2O": float(n2o)},
                boundary="combustion",
                calorific_basis="net",
                methods=["default", "tier-1"],
                table=f"Vol. 2 Ch. 2 {table}; CO2 from Ch. 1 Table 1.4",
                notes=f"IPCC 2006 Vol. 2 {table} ({title}): CH4 and N2O for '{label}';"
                " CO2 from Table 1.4. kg per TJ, NCV basis.",
            )
    for key, variant, label, ch4, n2o in ROAD:
        co2 = FUELS[key][2]
        activity = f"{key}.mobile.road" + (f".{variant}" if variant else "")
        ident = activity.removeprefix("fuel.")
        b.add(
            fid=f"IPCC2006:V2:T3.2.2:{ident}",
            activity=activity,
            unit="TJ",
            year=YEAR,
            region="GLO",
            gases={"CO2": float(co2), "CH4": float(ch4), "N2O": float(n2o)},
            boundary="TTW",
            calorific_basis="net",
            methods=["default", "tier-1", "fuel-based"],
            table="Vol. 2 Ch. 3 Tables 3.2.1 and 3.2.2",
            notes=f"IPCC 2006 Vol. 2 Table 3.2.2 road transport CH4 and N2O for '{label}';"
            " CO2 from Table 3.2.1 (same value as Table 1.4). kg per TJ, NCV basis.",
        )
    return {
        "format": FORMAT,
        "name": NAME,
        "version": "2006",
        "title": "IPCC 2006 Guidelines Vol. 2 (Energy): Tier 1 default factors",
        "description": (
            "Tier 1 defaults from the " + GUIDELINES + ": Table 1.2 net calorific values"
            " (fuels), Table 1.4 default CO2 emission factors (keys fuel.<fuel>: CO2 ONLY, no"
            " CH4 or N2O), Tables 2.2-2.5 CO2, CH4 and N2O for stationary combustion by sector"
            " (keys fuel.<fuel>.stationary.<sector>: energy_industries 2.2,"
            " manufacturing_construction 2.3, commercial_institutional 2.4,"
            " residential_agriculture 2.5) and Table 3.2.2 road transport"
            " (fuel.<fuel>.mobile.road...). Use the sector or road key for a complete"
            " inventory. The Table 1.2 NCV of each fuel is repeated under its sector and road"
            " keys so that amounts in mass convert for those factors. kg of gas per TJ on a"
            " net calorific value basis; oxidation factor 1. Typed from the tables as facts;"
            " region GLO. The Guidelines give uncertainty ranges that are not reproduced here."
        ),
        "licence": {
            "id": "LicenseRef-Facts-IPCC-2006",
            "attribution": (
                "Default values from the 2006 IPCC Guidelines for National Greenhouse Gas"
                " Inventories, Volume 2: Energy (IPCC, 2006; Eggleston H.S., Buendia L., Miwa K.,"
                " Ngara T. and Tanabe K. (eds), IGES, Japan). Numeric defaults typed from the"
                " tables as facts with their table numbers; no IPCC text or file is"
                " redistributed."
            ),
            "url": "https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html",
        },
        "source": {
            "publisher": "IPCC National Greenhouse Gas Inventories Programme (IGES)",
            "document": GUIDELINES,
            "table": "Tables 1.2, 1.4, 2.2, 2.3, 2.4, 2.5, 3.2.1, 3.2.2",
            "edition": "2006",
            "url": "https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html",
        },
        "regions": {},
        "fuels": b.fuels,
        "factors": b.factors,
    }
