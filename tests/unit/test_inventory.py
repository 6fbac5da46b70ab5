"""Unit tests for carbonstd.inventory (boundary, classification, compute_inventory, report)."""

from __future__ import annotations

import importlib
import json
import math
from typing import Any

import pytest

from carbonstd.activities import Activity, ActivityTable
from carbonstd.errors import InventoryError, MissingFactorError
from carbonstd.factors import EmissionFactor, FactorSet, Licence
from carbonstd.inventory import (
    CONSOLIDATION_RULES,
    ENTITY_KINDS,
    Entity,
    Organization,
    classify,
    compute_inventory,
    disclosures,
    refrigerant_mass_balance,
)
from carbonstd.inventory._schema import validate_report

# Synthetic factors written for these tests (round numbers so the arithmetic is visible);
# not taken from any publication.
FS = FactorSet(
    name="test-inventory",
    version="1",
    title="Synthetic inventory test factors",
    licence=Licence(id="CC0-1.0"),
    factors=[
        EmissionFactor(id="gas", activity="fuel.natural_gas", unit="kWh", region="GB", year=2024,
                       gases={"CO2": 0.2, "CH4": 0.001}, calorific_basis="gross"),
        EmissionFactor(id="diesel-mob", activity="fuel.diesel.mobile", unit="L", region="GB",
                       year=2024, gases={"CO2": 2.5}),
        EmissionFactor(id="wood", activity="fuel.wood", unit="kg", region="GB", year=2024,
                       gases={"CO2_biogenic": 1.5, "CH4": 0.01}),
        EmissionFactor(id="grid-gb", activity="electricity.grid", unit="kWh", region="GB",
                       year=2024, gases={"CO2": 0.1}),
        EmissionFactor(id="rm-gb", activity="electricity.residual_mix", unit="kWh", region="GB",
                       year=2024, gases={"CO2": 0.3}),
        EmissionFactor(id="grid-xx", activity="electricity.grid", unit="kWh", region="XX",
                       year=2024, gases={"CO2": 0.5}),
        EmissionFactor(id="heat", activity="steam_heat.purchased", unit="kWh", region="GB",
                       year=2024, gases={"CO2": 0.05}),
        EmissionFactor(id="td", activity="electricity.td_losses", unit="kWh", region="GB",
                       year=2024, gases={"CO2": 0.01}),
        EmissionFactor(id="steel", activity="material.steel", unit="t", region="GLO", year=2024,
                       gases={"CO2": 2000.0}),
        EmissionFactor(id="steel-sup", activity="material.steel.supplier_a", unit="t",
                       region="GLO", year=2024, gases={"CO2": 1000.0}),
        EmissionFactor(id="truck", activity="freight.hgv", unit="tkm", region="GB", year=2024,
                       gases={"CO2": 0.1}),
        EmissionFactor(id="air", activity="travel.air", unit="pkm", region="GB", year=2024,
                       gases={"CO2": 0.2}),
    ],
)  # fmt: skip


def ent(name: str, kind: str = "parent", **kw: Any) -> Entity:
    defaults: dict[str, Any] = {
        "equity_share": 1.0,
        "financial_control": "full",
        "operational_control": True,
    }
    defaults.update(kw)
    return Entity(name, kind=kind, **defaults)  # type: ignore[arg-type]


ORG = Organization(
    entities=[
        ent("Parent"),
        ent("JV", "joint_venture", equity_share=0.4, financial_control="joint",
            operational_control=True),
        ent("Assoc", "associate", equity_share=0.3, financial_control="none",
            operational_control=False),
        ent("Warehouse", "leased_asset", equity_share=0.0, financial_control="none",
            operational_control=True, lease="operating", lease_role="lessee"),
    ]
)  # fmt: skip


def act(activity: str, amount: float, unit: str, region: str = "GB", **tags: str) -> Activity:
    return Activity(activity, amount, unit, region, year=2024, tags=tags)


def run(
    rows: list[Activity] | ActivityTable, approach: str = "operational_control", **kw: Any
) -> Any:
    return compute_inventory(
        rows,
        organization=kw.pop("organization", ORG),
        approach=approach,  # type: ignore[arg-type]
        factors=FS,
        gwp="AR6",
        reporting_year=2024,
        **kw,
    )


# ---------------------------------------------------------------- boundary


# Expected shares from GHG Protocol Corporate Standard ch. 3 (equity share and control
# approaches, Table 1) for an entity with 40 % equity.
@pytest.mark.parametrize(
    ("kind", "fin", "op", "expected"),
    [
        ("subsidiary", "full", True, {"equity_share": 0.4, "financial_control": 1.0,
                                      "operational_control": 1.0}),
        ("subsidiary", "full", False, {"equity_share": 0.4, "financial_control": 1.0,
                                       "operational_control": 0.0}),
        ("joint_venture", "joint", True, {"equity_share": 0.4, "financial_control": 0.4,
                                          "operational_control": 1.0}),
        ("joint_venture", "joint", False, {"equity_share": 0.4, "financial_control": 0.4,
                                           "operational_control": 0.0}),
        ("associate", "none", True, {"equity_share": 0.4, "financial_control": 0.0,
                                     "operational_control": 1.0}),
        ("associate", "none", False, {"equity_share": 0.4, "financial_control": 0.0,
                                      "operational_control": 0.0}),
        ("fixed_asset_investment", "none", False, {"equity_share": 0.0, "financial_control": 0.0,
                                                   "operational_control": 0.0}),
        ("franchise", "none", False, {"equity_share": 0.4, "financial_control": 0.0,
                                      "operational_control": 0.0}),
        ("franchise", "full", True, {"equity_share": 0.4, "financial_control": 1.0,
                                     "operational_control": 1.0}),
    ],
)  # fmt: skip
def test_consolidation_shares_by_kind(
    kind: str, fin: str, op: bool, expected: dict[str, float]
) -> None:
    org = Organization(
        entities=[ent("E", kind, equity_share=0.4, financial_control=fin, operational_control=op)]
    )
    for approach, share in expected.items():
        assert org.inclusion(approach)["E"].share == share, approach  # type: ignore[arg-type]


def test_every_kind_has_a_rule_for_every_approach() -> None:
    kinds = {k for k, _ in CONSOLIDATION_RULES}
    assert kinds | {"leased_asset"} == set(ENTITY_KINDS)


def test_left_out_operations_go_to_scope3_categories() -> None:
    org = Organization(
        entities=[
            ent("A", "associate", equity_share=0.3, financial_control="none",
                operational_control=False),
            ent("F", "franchise", equity_share=0.0, financial_control="none",
                operational_control=False),
            ent("Z", "fixed_asset_investment", equity_share=0.0, financial_control="none",
                operational_control=False),
        ]
    )  # fmt: skip
    inc = org.inclusion("financial_control")
    assert (inc["A"].destination, inc["A"].scope3_share) == ("scope3.15", 0.3)
    assert (inc["F"].destination, inc["F"].scope3_share) == ("scope3.14", 1.0)
    assert inc["Z"].destination == "excluded"


@pytest.mark.parametrize(
    ("lease", "role", "approach", "destination"),
    [
        ("operating", "lessee", "operational_control", "scopes_1_2"),
        ("operating", "lessee", "financial_control", "scope3.8"),
        ("operating", "lessee", "equity_share", "scope3.8"),
        ("finance", "lessee", "financial_control", "scopes_1_2"),
        ("operating", "lessor", "operational_control", "scope3.13"),
        ("operating", "lessor", "equity_share", "scopes_1_2"),
        ("finance", "lessor", "operational_control", "scope3.13"),
    ],
)
def test_leased_assets_follow_appendix_f(
    lease: str, role: str, approach: str, destination: str
) -> None:
    org = Organization(
        entities=[ent("L", "leased_asset", equity_share=0.0, financial_control="none",
                      operational_control=True, lease=lease, lease_role=role)]
    )  # fmt: skip
    assert org.inclusion(approach)["L"].destination == destination  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"equity_share": 1.5}, r"equity_share must be a fraction in \[0, 1\]: 1.5"),
        ({"equity_share": -0.1}, r"fraction in \[0, 1\]: -0.1"),
        ({"equity_share": math.nan}, r"fraction in \[0, 1\]: nan"),
        ({"kind": "spv"}, r"unknown kind: 'spv'.*hint: use one of 'parent'"),
        ({"financial_control": "some"}, r"unknown financial_control: 'some'"),
        ({"kind": "subsidiary", "financial_control": "none"},
         r"a subsidiary cannot have financial_control='none'"),
        ({"kind": "associate", "financial_control": "full"},
         r"an? associate cannot have financial_control='full'"),
        ({"kind": "fixed_asset_investment", "financial_control": "none",
          "operational_control": True}, r"fixed asset investment has neither influence"),
        ({"kind": "leased_asset"}, r"a leased asset needs lease="),
        ({"lease": "operating", "lease_role": "lessee"}, r"only for kind='leased_asset'"),
        ({"operational_control": "yes"}, r"operational_control must be True or False"),
    ],
)  # fmt: skip
def test_bad_entities(kwargs: dict[str, Any], match: str) -> None:
    base: dict[str, Any] = {
        "kind": "parent",
        "equity_share": 1.0,
        "financial_control": "full",
        "operational_control": True,
    }
    base.update(kwargs)
    with pytest.raises(InventoryError, match=match):
        Entity("E", **base)


def test_bad_organizations() -> None:
    with pytest.raises(InventoryError, match="at least one entity"):
        Organization(entities=[])
    with pytest.raises(InventoryError, match="names must be unique: 'A'"):
        Organization(entities=[ent("A"), ent("A")])
    with pytest.raises(InventoryError, match="equity shares of one asset sum past 100 %: 'Mine'"):
        Organization(
            entities=[
                ent("A", "subsidiary", equity_share=0.6, asset="Mine"),
                ent("B", "associate", equity_share=0.5, financial_control="none", asset="Mine"),
            ]
        )
    with pytest.raises(InventoryError, match="must be Entity values"):
        Organization(entities=["A"])  # type: ignore[list-item]
    with pytest.raises(InventoryError, match="unknown consolidation approach: 'control'"):
        ORG.inclusion("control")  # type: ignore[arg-type]
    with pytest.raises(InventoryError, match=r"unknown entity: 'Nope'.*known entities: 'Parent'"):
        ORG.entity("Nope")


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("activity", "tags", "expected"),
    [
        ("fuel.natural_gas", {}, ("1", "stationary_combustion", "")),
        ("fuel.diesel.mobile", {}, ("1", "mobile_combustion", "")),
        ("vehicle.car.petrol", {}, ("1", "mobile_combustion", "")),
        ("refrigerant.hfc_134a", {}, ("1", "fugitive", "")),
        ("process.cement", {}, ("1", "process", "")),
        ("fuel.diesel", {"category": "mobile_combustion"}, ("1", "mobile_combustion", "")),
        ("electricity.grid", {}, ("2", "electricity", "")),
        ("steam_heat.purchased", {}, ("2", "steam_heat_cooling", "")),
        ("electricity.td_losses", {"method": "average-data"}, ("3", "3", "average-data")),
        ("fuel.diesel.wtt", {"method": "fuel-based"}, ("3", "3", "fuel-based")),
        ("travel.air", {"method": "distance-based"}, ("3", "6", "distance-based")),
        ("freight.hgv", {"method": "distance-based", "paid_by": "company"},
         ("3", "4", "distance-based")),
        ("freight.hgv", {"method": "distance-based", "paid_by": "customer"},
         ("3", "9", "distance-based")),
        ("material.steel", {"scope": "3", "category": "1", "method": "spend-based"},
         ("3", "1", "spend-based")),
    ],
)  # fmt: skip
def test_classification(activity: str, tags: dict[str, str], expected: tuple[str, ...]) -> None:
    got = classify(
        activity,
        scope=tags.get("scope", ""),
        category=tags.get("category", ""),
        method=tags.get("method", ""),
        paid_by=tags.get("paid_by", ""),
        where="t",
    )
    assert (got.scope, got.category, got.method) == expected


@pytest.mark.parametrize(
    ("activity", "tags", "match"),
    [
        ("electricity.td_losses", {"scope": "2"}, "T&D losses .* not Scope 2"),
        ("electricity.grid.wtt", {"scope": "2"}, "belong in Scope 3 category 3"),
        ("electricity.td_losses", {"scope": "3", "category": "1", "method": "average-data"},
         "belong in Scope 3 category 3.*'electricity.td_losses in category 1'"),
        ("freight.hgv", {"category": "9", "paid_by": "company", "method": "distance-based"},
         "paid for by the company is category 4"),
        ("freight.hgv", {"paid_by": "supplier", "method": "distance-based"},
         "paid_by must be 'company' or 'customer': 'supplier'"),
        ("freight.hgv", {"method": "distance-based"}, "a Scope 3 row needs its category"),
        ("travel.air", {}, "a Scope 3 row needs its calculation method"),
        ("travel.air", {"method": "guess"}, "calculation method: 'guess'"),
        ("material.steel", {"scope": "3", "category": "16", "method": "average-data"},
         "unknown Scope 3 category: '16'"),
        ("fuel.natural_gas", {"scope": "2"}, "are Scope 1, not Scope 2"),
        ("electricity.grid", {"scope": "1"}, "are Scope 2, not Scope 1"),
        ("fuel.diesel", {"category": "combustion"}, "unknown Scope 1 category: 'combustion'"),
        ("widgets.made", {}, "cannot tell the scope"),
        ("widgets.made", {"scope": "1"}, "cannot tell the Scope 1 category"),
        ("fuel.diesel", {"scope": "4"}, "scope must be 1, 2 or 3: '4'"),
    ],
)  # fmt: skip
def test_classification_errors(activity: str, tags: dict[str, str], match: str) -> None:
    with pytest.raises(InventoryError, match=match):
        classify(
            activity,
            scope=tags.get("scope", ""),
            category=tags.get("category", ""),
            method=tags.get("method", ""),
            paid_by=tags.get("paid_by", ""),
            where="rows.csv, row 3",
        )


# ---------------------------------------------------------------- compute_inventory


def test_scope1_categories_and_biogenic() -> None:
    rep = run(
        [
            act("fuel.natural_gas", 1000.0, "kWh", entity="Parent"),
            act("fuel.diesel.mobile", 100.0, "L", entity="Parent"),
            act("fuel.wood", 10.0, "kg", entity="Parent"),
        ]
    )
    # gas: 1000 x (0.2 + 0.001 x 27.9) = 227.9; diesel 250; wood 10 x 0.01 x 27.0 = 2.7 (CH4
    # non-fossil weight of AR6 is 27.0 for "CH4"? AR6 CH4 = 27.9 here, see gwp set).
    ch4 = 27.9
    assert rep.scope1_by_category["stationary_combustion"] == pytest.approx(
        1000 * 0.2 + 1000 * 0.001 * ch4 + 10 * 0.01 * ch4, rel=1e-12
    )
    assert rep.scope1_by_category["mobile_combustion"] == 250.0
    assert rep.biogenic_co2 == 15.0
    assert "CO2_biogenic" not in rep.gases["scope1"]
    assert rep.scope1 == pytest.approx(math.fsum(rep.scope1_by_category.values()), rel=1e-15)


def test_equity_share_weights_joint_venture() -> None:
    rows = [
        act("fuel.natural_gas", 1000.0, "kWh", entity="Parent"),
        act("fuel.natural_gas", 1000.0, "kWh", entity="JV"),
        act("fuel.natural_gas", 1000.0, "kWh", entity="Assoc"),
    ]
    one = 1000 * 0.2 + 1000 * 0.001 * 27.9
    eq = run(rows, "equity_share")
    fin = run(rows, "financial_control")
    op = run(rows, "operational_control")
    assert eq.scope1 == pytest.approx(one * (1 + 0.4 + 0.3), rel=1e-12)
    assert fin.scope1 == pytest.approx(one * (1 + 0.4), rel=1e-12)
    # associate without control: category 15 at its equity share
    assert fin.scope3[15] == pytest.approx(one * 0.3, rel=1e-12)
    assert op.scope1 == pytest.approx(one * 2, rel=1e-12)
    assert op.scope3[15] == pytest.approx(one * 0.3, rel=1e-12)


def test_leased_warehouse_moves_between_scopes_and_category_8() -> None:
    rows = [
        act("electricity.grid", 1000.0, "kWh", entity="Warehouse"),
        act("fuel.natural_gas", 100.0, "kWh", entity="Warehouse"),
    ]
    op = run(rows, "operational_control")
    fin = run(rows, "financial_control")
    assert op.scope2_location == 100.0
    assert op.scope1 > 0.0
    assert 8 not in op.scope3
    assert (fin.scope1, fin.scope2_location, fin.scope2_market) == (0.0, 0.0, 0.0)
    assert fin.scope3[8] == pytest.approx(op.scope1 + op.scope2_location, rel=1e-12)
    assert {ln.method for ln in fin.lines} == {"asset-specific"}


def test_scope2_dual_reporting_from_the_same_rows() -> None:
    rep = run(
        [
            act("electricity.grid", 1000.0, "kWh", entity="Parent", facility="Plant A"),
            act("electricity.grid", 2.0, "MWh", entity="Parent", facility="Plant B"),
            act("steam_heat.purchased", 100.0, "kWh", entity="Parent"),
        ]
    )
    # location: 3000 kWh x 0.1 + 100 x 0.05; market: 3000 x 0.3 (residual mix) + 5
    assert rep.scope2_location == 305.0
    assert rep.scope2_market == 905.0
    assert rep.scope2_market > rep.scope2_location  # expected with a residual mix, no error
    assert rep.total(scope2="location") == 305.0
    assert any("steam" in f for f in rep.flags)
    elec = [ln for ln in rep.lines if ln.category == "electricity"]
    assert {ln.method for ln in elec} == {"location", "market"}
    assert rep.scope2_detail is not None
    points = disclosures(rep)
    assert points.value("IFRS-S2-29a-v") == {
        "location_based": 0.305,
        "instruments": "market-based 0.905 t CO2e; 0 instruments, 0 failed the Scope 2 Quality "
        "Criteria",
    }


def test_scope3_methods_primary_share_and_replacement() -> None:
    rows = ActivityTable.from_records(
        [
            {"activity": "material.steel", "amount": 10.0, "unit": "t", "region": "GLO",
             "year": 2024, "entity": "Parent", "scope": "3", "category": "1",
             "method": "average-data", "record_id": "steel-avg", "replaces": ""},
            {"activity": "material.steel.supplier_a", "amount": 4.0, "unit": "t",
             "region": "GLO", "year": 2024, "entity": "Parent", "scope": "3", "category": "1",
             "method": "supplier-specific", "record_id": "steel-sup",
             "replaces": "steel-avg"},
            {"activity": "travel.air", "amount": 10000.0, "unit": "pkm", "region": "GB",
             "year": 2024, "entity": "Parent", "scope": "", "category": "",
             "method": "distance-based", "record_id": "air", "replaces": ""},
        ]
    )  # fmt: skip
    rep = run(rows)
    assert rep.scope3 == {1: 4000.0, 6: 2000.0}
    assert rep.data_quality.primary_share == pytest.approx(4000.0 / 6000.0, rel=1e-15)
    assert any("steel-avg" in e.what and "replaced" in e.reason for e in rep.exclusions)
    assert any("categories without data" in f for f in rep.flags)


def test_upstream_energy_goes_to_category_3_not_scope2() -> None:
    rep = run(
        [
            act("electricity.grid", 1000.0, "kWh", entity="Parent"),
            act("electricity.td_losses", 1000.0, "kWh", entity="Parent", method="average-data"),
        ]
    )
    assert rep.scope2_location == 100.0
    assert rep.scope3[3] == 10.0


def test_fugitive_estimate_enters_scope1() -> None:
    est = refrigerant_mass_balance(
        "HFC-134a", inventory_start_kg=10.0, inventory_end_kg=8.0, purchased_kg=3.0
    )
    rep = run([est.to_activity(entity="Parent", region="GB", year=2024)])
    assert rep.scope1_by_category == {"fugitive": 5.0 * 1530.0}
    assert rep.gases["scope1"] == {"HFC-134a": 5.0}


def test_excluded_entities_are_listed() -> None:
    org = Organization(
        entities=[
            ent("Parent"),
            ent("Z", "fixed_asset_investment", equity_share=0.0, financial_control="none",
                operational_control=False),
        ]
    )  # fmt: skip
    rep = run(
        [
            act("fuel.natural_gas", 1000.0, "kWh", entity="Parent"),
            act("fuel.natural_gas", 1000.0, "kWh", entity="Z"),
        ],
        organization=org,
    )
    assert rep.scope1 == pytest.approx(227.9, rel=1e-12)
    assert [(e.rows, "Z" in e.what) for e in rep.exclusions] == [(1, True)]


def test_bad_inventory_inputs() -> None:
    good = act("fuel.natural_gas", 1.0, "kWh", entity="Parent")
    with pytest.raises(InventoryError, match="unknown consolidation approach: 'equity'"):
        run([good], "equity")
    with pytest.raises(InventoryError, match=r"unknown entity: 'Ghost'.*row 1, column 'entity'"):
        run([act("fuel.natural_gas", 1.0, "kWh", entity="Ghost")])
    with pytest.raises(InventoryError, match="need an 'entity' column"):
        run([act("fuel.natural_gas", 1.0, "kWh")])
    with pytest.raises(InventoryError, match="not in the reporting year 2024: 2023"):
        run([good, Activity("fuel.natural_gas", 1.0, "kWh", "GB", year=2023,
                            tags={"entity": "Parent"})])  # fmt: skip
    with pytest.raises(InventoryError, match="no activity rows"):
        run([])
    with pytest.raises(InventoryError, match="organization must be an Organization"):
        run([good], organization="ORG")
    with pytest.raises(InventoryError, match="factors must be a FactorRegistry"):
        compute_inventory(
            [good],
            organization=ORG,
            approach="equity_share",
            factors="FS",  # type: ignore[arg-type]
            gwp="AR6",
            reporting_year=2024,
        )
    with pytest.raises(InventoryError, match="reporting_year must be an integer year"):
        compute_inventory(
            [good],
            organization=ORG,
            approach="equity_share",
            factors=FS,
            gwp="AR6",
            reporting_year="2024",  # type: ignore[arg-type]
        )
    with pytest.raises(InventoryError, match="electricity must be given as an energy: 'kg'"):
        run([act("electricity.grid", 1.0, "kg", entity="Parent")])
    with pytest.raises(MissingFactorError):
        run([act("fuel.natural_gas", 1.0, "kWh", "FR", entity="Parent")])


def test_bad_replacements() -> None:
    def rows(method: str, target: str, category: str = "1") -> ActivityTable:
        return ActivityTable.from_records(
            [
                {"activity": "material.steel", "amount": 1.0, "unit": "t", "region": "GLO",
                 "year": 2024, "entity": "Parent", "scope": "3", "category": "1",
                 "method": "average-data", "record_id": "a", "replaces": ""},
                {"activity": "material.steel.supplier_a", "amount": 1.0, "unit": "t",
                 "region": "GLO", "year": 2024, "entity": "Parent", "scope": "3",
                 "category": category, "method": method, "record_id": "b", "replaces": target},
            ]
        )  # fmt: skip

    with pytest.raises(InventoryError, match="only a supplier-specific row can replace"):
        run(rows("average-data", "a"))
    with pytest.raises(InventoryError, match="the row to replace does not exist: 'zz'"):
        run(rows("supplier-specific", "zz"))
    with pytest.raises(InventoryError, match="same Scope 3 category only"):
        run(rows("supplier-specific", "a", category="2"))


# ---------------------------------------------------------------- report exports


def _report() -> Any:
    return run(
        [
            act("fuel.natural_gas", 1000.0, "kWh", entity="Parent"),
            act("electricity.grid", 1000.0, "kWh", entity="JV", facility="<Cell & Co>"),
            act("travel.air", 1000.0, "pkm", entity="Parent", method="distance-based"),
        ],
        "equity_share",
    )


def test_json_export_validates_and_round_trips() -> None:
    rep = _report()
    doc = json.loads(rep.to_json())
    validate_report(doc)
    assert (doc["scope2"]["location_based"], doc["scope2"]["market_based"]) == (40.0, 120.0)
    # the Scope 2 ledger is exported too (review finding 7): the JV's site at its 40 % share
    assert doc["scope2"]["detail"]["sites"][0]["share"] == 0.4
    assert doc["scope2"]["detail"]["coverage"]["residual_mix_mwh"] == 1.0
    assert doc["totals"]["scope1_2_location"] == rep.total(scope2="location")
    assert doc["consolidation_approach"] == "equity_share"
    assert rep.to_json() == rep.to_json()
    doc["scope2"]["location_based"] = "40"
    with pytest.raises(InventoryError, match=r"does not match its schema.*\$\.scope2"):
        validate_report(doc)


def test_text_and_html_round_only_in_presentation() -> None:
    rep = _report()
    text = rep.to_text()
    assert "Scopes 1+2 (market-based)" in text
    assert "rounded half to even" in text
    html = rep.to_html()
    assert "<script" not in html
    assert html.startswith("<table")
    assert "</table>" in html
    org = Organization(
        entities=[
            ent("P"),
            ent("<b>x</b>", "fixed_asset_investment", equity_share=0.0,
                financial_control="none", operational_control=False),
        ]
    )  # fmt: skip
    evil = run(
        [act("fuel.natural_gas", 1.0, "kWh", entity="P"),
         act("fuel.natural_gas", 1.0, "kWh", entity="<b>x</b>")],
        organization=org,
    )  # fmt: skip
    page = evil.to_html()
    assert "<b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_to_dataframe() -> None:
    df = _report().to_dataframe()
    assert list(df.columns[:7]) == [
        "scope", "category", "entity", "activity", "region", "method", "share"
    ]  # fmt: skip
    assert df["kg_co2e"].sum() == pytest.approx(227.9 + 40.0 + 120.0 + 200.0, rel=1e-12)


def test_to_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name == "pandas":
            raise ImportError("no pandas")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(InventoryError, match=r"needs pandas.*carbonstd\[pandas\]"):
        _report().to_dataframe()


def test_total_requires_a_known_scope2_method() -> None:
    with pytest.raises(InventoryError, match="scope2 must be 'location' or 'market': 'both'"):
        _report().total(scope2="both")
