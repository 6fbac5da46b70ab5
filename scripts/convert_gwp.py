"""Build ``src/carbonstd/data/gwp/gwp-sets.json`` from the raw GWP tables.

Usage::

    python scripts/convert_gwp.py --raw /work/shared/data

``--raw`` is a folder holding the three raw files (paths relative to it):

- ``ipcc-gwp-globalwarmingpotentials/globalwarmingpotentials.csv`` (CC0-1.0):
  SAR/AR4/AR5 GWP100 (from the GHG Protocol Feb 2016 table) and AR5 GWP100
  with climate-carbon feedback (AR5 WG1 Table 8.7 / 8.SM.16);
- ``ipcc-ar6-metrics-chrisroadmap/metrics_supplement_cleaned.csv`` (MIT,
  (c) 2020 Chris Smith): IPCC AR6 WG1 Table 7.SM.7;
- ``us-epa-ghg-emission-factors-hub/ghg-emission-factors-hub-2025.xlsx``
  (US Government work): blend compositions of Table 12.

The output is deterministic (no clock, no randomness). The converter checks
that every AR6 value of the first file equals the 7.SM.7 value of the second,
and prints what it leaves out and why.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

OCD_FILE = "ipcc-gwp-globalwarmingpotentials/globalwarmingpotentials.csv"
SM7_FILE = "ipcc-ar6-metrics-chrisroadmap/metrics_supplement_cleaned.csv"
EPA_FILE = "us-epa-ghg-emission-factors-hub/ghg-emission-factors-hub-2025.xlsx"
OUT = Path(__file__).resolve().parents[1] / "src" / "carbonstd" / "data" / "gwp" / "gwp-sets.json"

FORMAT = "carbonstd.gwp-sets/1"

OCD_SOURCE = {
    "data_file": OCD_FILE,
    "data_origin": "PyPI globalwarmingpotentials 0.13.2, file globalwarmingpotentials.csv "
    "(github.com/openclimatedata/globalwarmingpotentials)",
    "licence": "CC0-1.0",
}
SM7_SOURCE = {
    "document": "IPCC AR6 WG1 (2021), Chapter 7 Supplementary Material (Forster et al.)",
    "table": "Table 7.SM.7",
    "url": "https://www.ipcc.ch/report/ar6/wg1/downloads/report/IPCC_AR6_WGI_Chapter07_SM.pdf",
    "data_file": SM7_FILE,
    "data_origin": "github.com/chrisroadmap/ar6 data_output/7sm/metrics_supplement_cleaned.csv "
    "at commit 8fc6c133b7294b44e96670a2d257b07ceba80af5",
    "licence": "MIT, Copyright (c) 2020 Chris Smith (values: IPCC AR6 WG1 Table 7.SM.7)",
}
GHGP_2016_URL = (
    "https://www.ghgprotocol.org/sites/default/files/ghgp/"
    "Global-Warming-Potential-Values%20%28Feb%2016%202016%29_1.pdf"
)
GHGP_2024_DOC = "GHG Protocol, Global Warming Potential Values (version 2.0, August 2024)"
GHGP_2024_URL = (
    "https://ghgprotocol.org/sites/default/files/2024-08/"
    "Global-Warming-Potential-Values%20%28August%202024%29.pdf"
)
GHGP_2024_NOTE = (
    "value from the GHG Protocol August 2024 table as transcribed by a third party; "
    "the PDF itself was not consulted (confidence: secondary)"
)
TABLE_715 = (
    "IPCC AR6 WG1 Chapter 7, Table 7.15 (includes the CO2 from oxidation of fossil CH4; "
    "section 7.6.1.3)"
)

#: Names of acronym families whose acronym is the canonical gas identifier.
FAMILY_RE = re.compile(r"^([nieEZ]-)?(CFC|HCFC|HFC|HFO|HCFO|HFE|HCFE|Halon|PFC|HG'?)[- ]?\d")
#: A chemical formula usable as an identifier.
FORMULA_RE = re.compile(r"^[A-Za-z0-9()=\-]+$")
#: Perfluorocarbons are named by formula (docs/design-contracts.md); the
#: 7.SM.7 formula -> canonical formula.
PFC_FORMULA = {
    "CF4": "CF4",
    "C2F6": "C2F6",
    "C3F8": "C3F8",
    "cyc (-CF2CF2CF2CF2-)": "c-C4F8",
    "n-C4F10": "C4F10",
    "n-C5F12": "C5F12",
    "n-C6F14": "C6F14",
    "n-C7F16": "C7F16",
    "n-C8F18": "C8F18",
    "C10F18": "C10F18",
}
#: Extra aliases (key -> canonical) for spellings people use.
EXTRA_ALIASES = {
    "CO2": ["carbon dioxide", "CO2 fossil", "fossil CO2", "R-744"],
    "CO2_biogenic": ["biogenic CO2", "CO2 biogenic", "CO2 non-fossil", "CO2_non_fossil"],
    "CH4": ["methane", "R-50"],
    "CH4_fossil": ["fossil methane", "methane fossil", "fossil CH4"],
    "CH4_non_fossil": [
        "non-fossil methane",
        "methane non-fossil",
        "non-fossil CH4",
        "CH4 biogenic",
        "biogenic CH4",
        "biogenic methane",
    ],
    "N2O": ["nitrous oxide", "R-744A"],
    "SF6": ["sulphur hexafluoride"],
    "c-C4F8": ["PFC-318", "perfluorocyclobutane"],
    "C3F8": ["perfluoropropane"],
    "C2F6": ["perfluoroethane"],
    "CF4": ["perfluoromethane", "carbon tetrafluoride"],
}
#: The sets built from the openclimatedata file: name -> (column, title, document, table).
OCD_SETS = {
    "SAR-GWP100": (
        "SARGWP100",
        "IPCC Second Assessment Report (1995) 100-year GWP",
        "IPCC SAR (1995), as tabulated in the GHG Protocol Global Warming Potential Values "
        "(February 2016)",
        "GHG Protocol GWP table, SAR column",
        GHGP_2016_URL,
    ),
    "AR4-GWP100": (
        "AR4GWP100",
        "IPCC Fourth Assessment Report (2007) 100-year GWP",
        "IPCC AR4 WG1 (2007) Table 2.14 (with errata), as tabulated in the GHG Protocol "
        "Global Warming Potential Values (February 2016)",
        "GHG Protocol GWP table, AR4 column",
        GHGP_2016_URL,
    ),
    "AR5-GWP100": (
        "AR5GWP100",
        "IPCC Fifth Assessment Report (2013) 100-year GWP, no climate-carbon feedback",
        "IPCC AR5 WG1 (2013) Chapter 8 Table 8.A.1, as tabulated in the GHG Protocol "
        "Global Warming Potential Values (February 2016)",
        "GHG Protocol GWP table, AR5 column",
        GHGP_2016_URL,
    ),
    "AR5-CCF-GWP100": (
        "AR5CCFGWP100",
        "IPCC Fifth Assessment Report (2013) 100-year GWP with climate-carbon feedback",
        "IPCC AR5 WG1 (2013) Chapter 8, Table 8.7 and Supplementary Table 8.SM.16",
        "Table 8.7 / 8.SM.16 (with climate-carbon feedbacks)",
        "https://www.ipcc.ch/site/assets/uploads/2018/07/WGI_AR5.Chap_.8_SM.pdf",
    ),
}
#: AR6 sets from 7.SM.7: name -> (column, horizon).
SM7_SETS = {
    "AR6-GWP100": ("GWP100", 100),
    "AR6-GWP20": ("GWP20", 20),
    "AR6-GWP500": ("GWP500", 500),
}
#: Added values (set -> gas -> (value, provenance)).
EXTRAS: dict[str, dict[str, tuple[float, str]]] = {
    "AR4-GWP100": {
        "CH4_non_fossil": (
            25.0,
            "GHG Protocol (August 2024) 'Methane - non-fossil', AR4 column: " + GHGP_2024_NOTE,
        )
    },
    "AR5-GWP100": {
        "CH4_fossil": (
            30.0,
            "GHG Protocol (August 2024) 'Methane - fossil', AR5 column "
            "(AR5 WG1 Table 8.A.1 fossil methane without feedback): " + GHGP_2024_NOTE,
        ),
        "CH4_non_fossil": (
            28.0,
            "GHG Protocol (August 2024) 'Methane - non-fossil', AR5 column: " + GHGP_2024_NOTE,
        ),
    },
    "AR6-GWP100": {
        "CH4_fossil": (29.8, TABLE_715 + ", CH4-fossil GWP-100 29.8 +/- 11"),
        "CH4_non_fossil": (27.0, TABLE_715 + ", CH4-non fossil GWP-100 27.0 +/- 11"),
    },
}
#: The GHG Protocol August 2024 AR6 column: only the rows checked (third-party transcription).
GHGP_2024_AR6 = {
    "CH4_fossil": 29.8,
    "CH4_non_fossil": 27.0,
    "N2O": 273.0,
    "SF6": 24300.0,
    "HFC-23": 14600.0,
    "CFC-11": 6230.0,
    "HCFC-22": 1960.0,
}
#: Component names used by EPA Table 12 that are not GWP gases of these sets.
NON_GWP_COMPONENTS = {"propane", "isobutane", "butane", "propylene", "isopentane"}


def key(name: str) -> str:
    """The lookup key of a gas name (same rule as carbonstd.gwp._names.key)."""
    text = name.strip().lower()
    for ch in " -_\t":
        text = text.replace(ch, "")
    return text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise SystemExit(f"bad GWP value {text!r}")
    return value


class Vocabulary:
    def __init__(self) -> None:
        self.gases: dict[str, dict[str, Any]] = {}
        self.lookup: dict[str, str] = {}
        self.dropped_aliases: list[str] = []

    def add(
        self, canonical: str, *, name: str | None, formula: str | None, cas: str | None
    ) -> None:
        if key(canonical) in self.lookup:
            raise SystemExit(f"duplicate canonical gas {canonical!r}")
        self.gases[canonical] = {"name": name, "formula": formula, "cas": cas, "aliases": []}
        self.lookup[key(canonical)] = canonical

    def alias(self, canonical: str, alias: str) -> None:
        k = key(alias)
        if not k:
            return
        owner = self.lookup.get(k)
        if owner == canonical:
            return  # already reachable by this spelling
        if owner is not None:
            self.dropped_aliases.append(f"{alias!r} (would name both {owner} and {canonical})")
            return
        self.lookup[k] = canonical
        self.gases[canonical]["aliases"].append(alias)

    def find(self, name: str) -> str | None:
        return self.lookup.get(key(name))


def read_sm7(path: Path, vocab: Vocabulary, report: list[str]) -> dict[str, dict[str, float]]:
    columns = {col: {} for col, _ in SM7_SETS.values()}  # type: dict[str, dict[str, float]]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names: dict[str, int] = {}
    for row in rows:
        names[row["Name"].strip().lower()] = names.get(row["Name"].strip().lower(), 0) + 1
    for number_, row in enumerate(rows, start=2):
        formula = row["Formula"].strip()
        acronym = row["Acronym"].strip()
        cas = re.sub(r'^="(.*)"$', r"\1", row["CAS"].strip()) or None
        if formula == "CO2":
            continue  # CO2 = 1 by definition, hard-coded
        if formula in PFC_FORMULA:
            canonical = PFC_FORMULA[formula]
        elif acronym and FAMILY_RE.match(acronym):
            canonical = acronym.replace(" ", "-")
        elif acronym and (any(c.isdigit() for c in acronym) or acronym.isupper()):
            canonical = acronym
        elif FORMULA_RE.match(formula):
            canonical = formula
        else:
            report.append(
                f"7.SM.7 line {number_}: {row['Name']!r} ({formula!r}) skipped: "
                "no usable identifier"
            )
            continue
        if vocab.find(canonical) is not None:
            report.append(
                f"7.SM.7 line {number_}: {row['Name']!r} ({formula!r}) skipped: "
                f"identifier {canonical!r} already used by an earlier row"
            )
            continue
        vocab.add(canonical, name=row["Name"].strip() or None, formula=formula, cas=cas)
        for alias in (acronym, formula):
            if alias:
                vocab.alias(canonical, alias)
        name = row["Name"].strip()
        if name and names[name.lower()] == 1:
            vocab.alias(canonical, name)
        for col, column in columns.items():
            value = number(row[col])
            if value is None:
                raise SystemExit(f"7.SM.7 line {number_}: no {col}")
            column[canonical] = value
    return columns


def ocd_canonical(name: str, vocab: Vocabulary) -> str:
    found = vocab.find(name)
    if found is not None:
        return found
    m = re.match(r"^(HFC|HCFC|CFC|HFE|HCFE|Halon)(\d.*)$", name)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    if name.startswith("c") and name[1:2].isupper():
        return "c-" + name[1:]
    return name


def read_ocd(
    path: Path, vocab: Vocabulary, sm7: dict[str, dict[str, float]], report: list[str]
) -> dict[str, dict[str, float]]:
    text = "".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("#")
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    wanted = [spec[0] for spec in OCD_SETS.values()]
    columns: dict[str, dict[str, float]] = {col: {} for col in wanted}
    for row in rows:
        species = row["Species"].strip()
        values = {col: number(row[col]) for col in wanted}
        ar6 = {
            "GWP100": number(row["AR6GWP100"]),
            "GWP20": number(row["AR6GWP20"]),
            "GWP500": number(row["AR6GWP500"]),
        }
        if all(v is None for v in values.values()):
            if any(v is not None for v in ar6.values()):
                raise SystemExit(f"{species}: AR6-only row not in 7.SM.7")
            report.append(f"globalwarmingpotentials: {species!r} skipped: only TAR values")
            continue
        canonical = ocd_canonical(species, vocab)
        if canonical not in vocab.gases:
            vocab.add(canonical, name=None, formula=None, cas=None)
        vocab.alias(canonical, species)
        for col, value in ar6.items():
            if value is not None and sm7[col].get(canonical) != value:
                raise SystemExit(
                    f"{species}: AR6 {col} {value} differs from 7.SM.7 {sm7[col].get(canonical)}"
                )
        for col, value in values.items():
            if value is not None:
                columns[col][canonical] = value
    return columns


def read_blends(path: Path, vocab: Vocabulary, report: list[str]) -> dict[str, Any]:
    import openpyxl  # only the converter needs it (extra "convert")

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb["Emission Factors Hub"]
    blends: dict[str, Any] = {}
    in_table = False
    for row in ws.iter_rows(values_only=True):
        cells = [c for c in row if c is not None]
        if not cells:
            continue
        if cells[0] == "Table 12":
            in_table = True
            continue
        if not in_table or not (isinstance(cells[0], str) and cells[0].startswith("R-")):
            continue
        name, composition = str(cells[0]), str(cells[2])
        components: dict[str, float] = {}
        unknown = []
        for part in composition.split(","):
            m = re.fullmatch(r"\s*([\d.]+)%\s+(.+?)\s*", part)
            if not m:
                raise SystemExit(f"Table 12 {name}: cannot read {part!r}")
            gas = vocab.find(m.group(2))
            if gas is None:
                if m.group(2) not in NON_GWP_COMPONENTS:
                    raise SystemExit(f"Table 12 {name}: unknown component {m.group(2)!r}")
                unknown.append(m.group(2))
                continue
            components[gas] = float(m.group(1)) / 100.0
        if unknown:
            report.append(
                f"EPA Table 12: {name} skipped: component(s) {', '.join(unknown)} "
                "have no GWP in these sets"
            )
            continue
        total = math.fsum(components.values())
        if abs(total - 1.0) > 1e-12:
            raise SystemExit(f"Table 12 {name}: mass fractions sum to {total}")
        blends[name] = {
            "components": components,
            "source": "U.S. EPA GHG Emission Factors Hub (January 2025), Table 12 "
            "'Blend Composition' (ASHRAE Standard 34 designation; compositions from EPA SNAP "
            "'Compositions of refrigerant blends')",
        }
    if not blends:
        raise SystemExit("no blends read from Table 12")
    return blends


def base_set(name: str, *, title: str, horizon: int, source: dict[str, str]) -> dict[str, Any]:
    return {
        "name": name,
        "version": "1",
        "title": title,
        "metric": "GWP",
        "horizon": horizon,
        "source": source,
        "notes": [],
        "values": {},
        "value_sources": {},
    }


def finish(
    entry: dict[str, Any], values: dict[str, float], extras: dict[str, tuple[float, str]]
) -> dict[str, Any]:
    out = {"CO2": 1.0, "CO2_biogenic": 1.0}
    sources = {
        "CO2": "1 by definition (reference gas)",
        "CO2_biogenic": "1 by definition; reported outside the scopes",
    }
    out.update(values)
    for gas, (value, why) in extras.items():
        out[gas] = value
        sources[gas] = why
    entry["values"] = out
    entry["value_sources"] = sources
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of the raw data files")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    raw: Path = args.raw
    report: list[str] = []
    vocab = Vocabulary()
    for gas, name in (
        ("CO2", "Carbon dioxide"),
        ("CO2_biogenic", "Biogenic carbon dioxide"),
        ("CH4_fossil", "Methane of fossil origin"),
        ("CH4_non_fossil", "Methane of non-fossil origin"),
    ):
        vocab.add(gas, name=name, formula="CO2" if gas.startswith("CO2") else "CH4", cas=None)
    sm7 = read_sm7(raw / SM7_FILE, vocab, report)
    ocd = read_ocd(raw / OCD_FILE, vocab, sm7, report)
    for canonical, extra in EXTRA_ALIASES.items():
        for alias in extra:
            vocab.alias(canonical, alias)
    blends = read_blends(raw / EPA_FILE, vocab, report)
    sm7_source = dict(SM7_SOURCE, data_sha256=sha256(raw / SM7_FILE))
    sets: list[dict[str, Any]] = []
    for name, (col, title, doc, table, url) in OCD_SETS.items():
        source = dict(
            OCD_SOURCE, document=doc, table=table, url=url, data_sha256=sha256(raw / OCD_FILE)
        )
        entry = base_set(name, title=title, horizon=100, source=source)
        sets.append(finish(entry, ocd[col], EXTRAS.get(name, {})))
    for name, (col, horizon) in SM7_SETS.items():
        title = f"IPCC Sixth Assessment Report (2021) {horizon}-year GWP (Table 7.SM.7)"
        entry = base_set(name, title=title, horizon=horizon, source=sm7_source)
        sets.append(finish(entry, sm7[col], EXTRAS.get(name, {})))
    ghgp = base_set(
        "GHGP-2024-AR6-GWP100",
        title="GHG Protocol Global Warming Potential Values (August 2024), AR6 column",
        horizon=100,
        source={
            "document": GHGP_2024_DOC,
            "table": "AR6 GWP100 column",
            "url": GHGP_2024_URL,
            "data_file": "(transcribed rows; see notes)",
            "data_origin": "third-party transcription of the PDF's rows",
            "data_sha256": "",
            "licence": "facts (numbers) cited from the GHG Protocol table",
        },
    )
    ghgp["notes"] = [
        "Only the rows that could be checked against a transcription of the GHG Protocol "
        "August 2024 table are included; add rows only from the PDF itself.",
        "SF6 is 24,300 here but 25,200 in IPCC AR6 Table 7.SM.7 (set AR6-GWP100).",
        "The table has no single CH4 value: use CH4_fossil or CH4_non_fossil.",
    ]
    sets.append(finish(ghgp, {}, {g: (v, GHGP_2024_NOTE) for g, v in GHGP_2024_AR6.items()}))
    notes = {
        "AR6-GWP100": [
            "CH4 27.9 is Table 7.SM.7; CH4_fossil 29.8 and CH4_non_fossil 27.0 are "
            "Table 7.15, which includes the chemical effects of CH4 (section 7.6.1.3).",
            "SF6 25,200 (7.SM.7) differs from the GHG Protocol August 2024 table "
            "(24,300, set GHGP-2024-AR6-GWP100).",
        ],
        "AR6-GWP20": [
            "The Table 7.15 fossil / non-fossil CH4 GWP-20 values could not be "
            "checked against a primary text and are not included."
        ],
        "AR5-GWP100": ["CH4_fossil 30 and CH4_non_fossil 28 follow the GHG Protocol table."],
        "AR4-GWP100": ["AR4 gives one CH4 value (25); the GHG Protocol labels it non-fossil."],
    }
    for entry in sets:
        entry["notes"] = entry["notes"] + notes.get(entry["name"], [])
    set_aliases = {
        "AR4": "AR4-GWP100",
        "AR5": "AR5-GWP100",
        "AR6": "AR6-GWP100",
        "SAR": "SAR-GWP100",
        "GHGP-2024-AR6": "GHGP-2024-AR6-GWP100",
    }
    gases: dict[str, dict[str, Any]] = {}
    for canonical in sorted(vocab.gases, key=str.lower):
        info = vocab.gases[canonical]
        gases[canonical] = {k: v for k, v in info.items() if v not in (None, [])}
    document: dict[str, Any] = {
        "format": FORMAT,
        "generated_by": "scripts/convert_gwp.py",
        "attribution": [
            "GWP values from openclimatedata/globalwarmingpotentials (CC0-1.0).",
            "IPCC AR6 WG1 Table 7.SM.7 values from github.com/chrisroadmap/ar6, MIT License, "
            "Copyright (c) 2020 Chris Smith (see LICENSE-chrisroadmap-ar6-MIT.txt).",
            "Refrigerant blend compositions from U.S. EPA, Emission Factors for Greenhouse Gas "
            "Inventories (GHG Emission Factors Hub), January 2025, Table 12 (public domain).",
        ],
        "set_aliases": set_aliases,
        "gases": gases,
        "blends": blends,
        "sets": sets,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for line in report + [f"alias dropped: {a}" for a in vocab.dropped_aliases]:
        print(line, file=sys.stderr)
    print(f"wrote {args.out}: {len(sets)} sets, {len(gases)} gases, {len(blends)} blends")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
