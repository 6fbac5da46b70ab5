"""China MEE/NBS electricity CO2 emission factors 2021-2023, typed from the notices.

The Ministry of Ecology and Environment (MEE) and the National Bureau of Statistics
(NBS) publish, per data year, national, regional-grid and provincial average electricity
CO2 factors, a national factor excluding market-traded non-fossil electricity, and a
national fossil-power factor (kg CO2/kWh). They are government statistics; the values
below are typed in as facts with the notice they come from. Confidence is [S]: checked
against secondary reports of the notices (news coverage quoting them), not against the
notice PDFs themselves. The notices give CO2 only.

Notices:
* 2021 factors: MEE/NBS announcement 2024 No. 12 (公告2024年第12号), 2024-04-12.
* 2022 factors: MEE/NBS announcement of 2024-12-20 (same method and data sources).
* 2023 factors: MEE/NBS announcement published around January 2026.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _convert_common import FORMAT, SetBuilder

NAME = "CN-MEE-Electricity"

NOTICES = {
    2021: "MEE/NBS, 关于发布2021年电力二氧化碳排放因子的公告 (公告2024年第12号, 2024-04-12)",
    2022: "MEE/NBS, 关于发布2022年电力二氧化碳排放因子的公告 (2024-12-20)",
    2023: "MEE/NBS, 2023年电力二氧化碳排放因子公告 (published about 2026-01)",
}

#: Secondary sources that reproduce each notice's figures (the [S] evidence).
EVIDENCE = {
    2021: "szcbn.com/newsinfo/7157203",
    2022: "daydaynews.cc/zh-hant/finance/3899452 (新京报 report of the notice)",
    2023: "163.com/dy/article/KIQVBKCG05567I2C (光明日报); reportify.ai (中国电力报)",
}

#: National average (全国电力平均二氧化碳排放因子), kg CO2/kWh.
NATIONAL = {2021: 0.5568, 2022: 0.5366, 2023: 0.5306}
#: National average excluding market-traded non-fossil electricity
#: (全国电力平均二氧化碳排放因子(不包括市场化交易的非化石能源电量)), kg CO2/kWh.
EXCLUDING_TRADED_NON_FOSSIL = {2021: 0.5942, 2022: 0.5856, 2023: 0.6096}
#: National fossil-power factor (全国化石能源电力二氧化碳排放因子), kg CO2/kWh.
FOSSIL = {2021: 0.8426, 2022: 0.8325, 2023: 0.8273}
#: Regional grid averages (区域电力平均二氧化碳排放因子), kg CO2/kWh; 2021 not retrieved.
REGIONAL: dict[str, tuple[str, dict[int, float]]] = {
    "CN-GRID-NORTH": ("华北 North China grid", {2022: 0.6776, 2023: 0.6361}),
    "CN-GRID-NORTHEAST": ("东北 Northeast China grid", {2022: 0.5564, 2023: 0.5122}),
    "CN-GRID-EAST": ("华东 East China grid", {2022: 0.5617, 2023: 0.5500}),
    "CN-GRID-CENTRAL": ("华中 Central China grid", {2022: 0.5395, 2023: 0.5271}),
    "CN-GRID-NORTHWEST": ("西北 Northwest China grid", {2022: 0.5857, 2023: 0.5543}),
    "CN-GRID-SOUTH": ("南方 China Southern grid", {2022: 0.3869, 2023: 0.4042}),
    "CN-GRID-SOUTHWEST": ("西南 Southwest China grid", {2022: 0.2268, 2023: 0.2472}),
}

_S_NOTE = (
    " Confidence [S]: value checked against secondary reports of the notice ({evidence}),"
    " not the notice PDF. CO2 only: the notice gives no CH4 or N2O factor."
)


def convert(raw: Path) -> dict[str, Any]:
    """Return the China electricity set (``raw`` is not read: values are typed facts)."""
    del raw
    b = SetBuilder(NAME, source="scripts/_convert_china.py")
    for year in sorted(NATIONAL):
        tail = _S_NOTE.format(evidence=EVIDENCE[year])
        b.add(
            fid=f"CN-MEE:{year}:national",
            activity="electricity.grid",
            unit="kWh",
            year=year,
            region="CN",
            gases={"CO2": NATIONAL[year]},
            boundary="generation",
            methods=["location-based", "average-data"],
            table=NOTICES[year],
            notes="National average electricity CO2 factor (全国电力平均二氧化碳排放因子)." + tail,
        )
        b.add(
            fid=f"CN-MEE:{year}:national-excl-traded-non-fossil",
            activity="electricity.residual_mix",
            unit="kWh",
            year=year,
            region="CN",
            gases={"CO2": EXCLUDING_TRADED_NON_FOSSIL[year]},
            boundary="generation",
            methods=["market-based", "residual-mix"],
            table=NOTICES[year],
            notes=(
                "National average excluding market-traded non-fossil electricity (不包括市场化"
                "交易的非化石能源电量); used as the residual mix for consumption not covered by"
                " green-power purchases."
            )
            + tail,
        )
        b.add(
            fid=f"CN-MEE:{year}:national-fossil",
            activity="electricity.fossil_average",
            unit="kWh",
            year=year,
            region="CN",
            gases={"CO2": FOSSIL[year]},
            boundary="generation",
            methods=["average-data"],
            table=NOTICES[year],
            notes="National fossil-power electricity CO2 factor (全国化石能源电力二氧化碳排放因子)."
            + tail,
        )
        for region, (label, values) in REGIONAL.items():
            if year not in values:
                continue
            b.add(
                fid=f"CN-MEE:{year}:{region.removeprefix('CN-GRID-').lower()}",
                activity="electricity.grid",
                unit="kWh",
                year=year,
                region=region,
                gases={"CO2": values[year]},
                boundary="generation",
                methods=["location-based", "average-data"],
                table=NOTICES[year],
                notes=f"Regional grid average electricity CO2 factor, {label}." + tail,
            )
    regions = dict.fromkeys(REGIONAL, "CN")
    regions["CN"] = "GLO"
    return {
        "format": FORMAT,
        "name": NAME,
        "version": "2021-2023",
        "title": "China MEE/NBS electricity CO2 emission factors, data years 2021-2023",
        "description": (
            "Electricity CO2 factors published by the Ministry of Ecology and Environment and"
            " the National Bureau of Statistics: national average (electricity.grid, CN),"
            " regional grid averages for 2022 and 2023 (electricity.grid, CN-GRID-*), the"
            " national factor excluding market-traded non-fossil electricity"
            " (electricity.residual_mix, CN) and the national fossil-power factor"
            " (electricity.fossil_average, CN). kg CO2 per kWh of electricity consumed; CO2"
            " only. Typed from the notices as facts; confidence [S] (secondary reports)."
            " Provincial factors and the 2021 regional factors are not included. The separate"
            " power-sector carbon-market series (e.g. 0.5703 t/MWh) is a different series and"
            " is not included."
        ),
        "licence": {
            "id": "LicenseRef-CN-Gov-Statistics-Facts",
            "attribution": (
                "Electricity CO2 emission factors published by the Ministry of Ecology and"
                " Environment of the People's Republic of China and the National Bureau of"
                " Statistics (生态环境部, 国家统计局). Official statistical figures reproduced"
                " as facts with their notices."
            ),
            "url": "https://www.mee.gov.cn/",
        },
        "source": {
            "publisher": "Ministry of Ecology and Environment (MEE) and National Bureau of"
            " Statistics (NBS), People's Republic of China",
            "document": "电力二氧化碳排放因子公告 (electricity CO2 emission factor notices)",
            "edition": "data years 2021, 2022, 2023",
            "url": "https://www.mee.gov.cn/",
        },
        "regions": dict(sorted(regions.items())),
        "factors": b.factors,
    }
