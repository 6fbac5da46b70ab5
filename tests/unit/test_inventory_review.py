"""Regression tests for the review of carbonstd.inventory (issue #4; review findings 1-4, 6-8, 12).

Each test reproduces one finding: it failed before the fix and passes after it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from carbonstd.activities import Activity
from carbonstd.errors import InventoryError
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
from carbonstd.inventory import (
    DATA_POINTS,
    Adjustment,
    BaseYear,
    Entity,
    Instrument,
    Organization,
    ReductionInitiative,
    Scope2Consumption,
    compute_inventory,
    disclosures,
    intensity,
    recalculate_base_year,
    refrigerant_mass_balance,
    refrigerant_screening,
    scope2_dual,
)

# Synthetic round factors written for these tests (not from any publication):
# XX grid 0.5 kg CO2/kWh (500 kg/MWh), XX residual mix 0.6 kg/kWh (600 kg/MWh).
FS = FactorSet(
    name="test-review",
    version="1",
    title="Synthetic factors for the review regression tests",
    licence=Licence(id="CC0-1.0"),
    factors=[
        EmissionFactor(id="grid-xx", activity="electricity.grid", unit="kWh", region="XX",
                       year=2024, gases={"CO2": 0.5}),
        EmissionFactor(id="rm-xx", activity="electricity.residual_mix", unit="kWh", region="XX",
                       year=2024, gases={"CO2": 0.6}),
        EmissionFactor(id="grid-yy", activity="electricity.grid", unit="kWh", region="YY",
                       year=2024, gases={"CO2": 0.4}),
        EmissionFactor(id="fossil-xx", activity="electricity.fossil_average", unit="kWh",
                       region="XX", year=2024, gases={"CO2": 0.8}),
        EmissionFactor(id="heat-xx", activity="steam_heat.purchased", unit="kWh", region="XX",
                       year=2024, gases={"CO2": 0.05}),
        EmissionFactor(id="wood", activity="fuel.wood", unit="kg", region="XX", year=2024,
                       gases={"CO2_biogenic": 1.0}),
        EmissionFactor(id="pellets", activity="material.wood_pellets", unit="kg", region="XX",
                       year=2024, gases={"CO2_biogenic": 1.0, "CO2": 0.1}),
    ],
)  # fmt: skip

PARENT = Entity("Parent", kind="parent", equity_share=1.0, financial_control="full",
                operational_control=True)  # fmt: skip
JV = Entity("JV", kind="joint_venture", equity_share=0.5, financial_control="joint",
            operational_control=False)  # fmt: skip
ORG = Organization(entities=[PARENT, JV])


def row(activity: str, amount: float, unit: str, region: str = "XX", **tags: str) -> Activity:
    return Activity(activity, amount, unit, region, year=2024, tags=tags)


def go(quantity: float = 600.0, **kw: Any) -> Instrument:
    fields: dict[str, Any] = {
        "id": "go-1",
        "kind": "GO",
        "quantity": quantity,
        "emission_rate": {"CO2": 0.0},
        "market": "XX",
        "vintage": 2024,
        "retired_for": "JV",
    }
    fields.update(kw)
    return Instrument(**fields)


def run(rows: list[Activity], approach: str = "equity_share", **kw: Any) -> Any:
    return compute_inventory(
        rows,
        organization=kw.pop("organization", ORG),
        approach=approach,  # type: ignore[arg-type]
        factors=kw.pop("factors", FS),
        gwp="AR6",
        reporting_year=2024,
        **kw,
    )


# ------------------------------------------------ finding 1: instruments of a partly consolidated
# entity (Scope 2 Guidance ch. 6-7 on the entity's whole consumption; Corporate Standard ch. 3
# equity share applied to the resulting emissions)


def test_instruments_are_matched_before_the_equity_share() -> None:
    rep = run([row("electricity.grid", 1000.0, "MWh", entity="JV")], instruments=[go()])
    # (1000 - 600) MWh x 600 kg/MWh x 0.5 = 120 000 kg; location 1000 x 500 x 0.5 = 250 000
    assert rep.scope2_market == 120_000.0
    assert rep.scope2_location == 250_000.0
    check = rep.scope2_detail.instruments[0]
    assert (check.passed, check.applied_mwh, check.unused_mwh) == (True, 600.0, 0.0)
    assert not any("more claimed than consumed" in f for f in rep.flags)
    site = rep.scope2_detail.sites[0]
    assert (site.mwh, site.share) == (1000.0, 0.5)
    assert rep.scope2_detail.coverage.instruments_mwh == 600.0


def test_scope2_dual_shares_option_and_its_errors() -> None:
    reg = FactorRegistry([FS])
    use = [Scope2Consumption(entity="JV", site="S", region="XX", year=2024, mwh=1000.0)]
    r = scope2_dual(use, instruments=[go()], factors=reg, gwp="AR6", reporting_year=2024,
                    shares={"JV": 0.5})  # fmt: skip
    assert r.market_based == 120_000.0
    with pytest.raises(InventoryError, match=r"shares: no share for entity 'JV'"):
        scope2_dual(use, instruments=(), factors=reg, gwp="AR6", reporting_year=2024,
                    shares={"Other": 1.0})  # fmt: skip
    with pytest.raises(InventoryError, match=r"shares\['JV'\] must be a fraction in \[0, 1\]"):
        scope2_dual(use, instruments=(), factors=reg, gwp="AR6", reporting_year=2024,
                    shares={"JV": 1.5})  # fmt: skip


# ------------------------------------------------ finding 2: biogenic CO2 per scope


def test_biogenic_co2_is_kept_per_scope_and_per_line() -> None:
    rep = run(
        [
            row("fuel.wood", 400.0, "kg", entity="Parent"),
            row("material.wood_pellets", 500.0, "kg", entity="Parent", scope="3", category="1",
                method="average-data"),
        ]
    )  # fmt: skip
    assert rep.biogenic_co2 == 400.0  # direct (Scope 1) only: Corporate Standard ch. 9
    assert dict(rep.biogenic_co2_by_scope) == {
        "scope1": 400.0,
        "scope2_location": 0.0,
        "scope2_market": 0.0,
        "scope3": 500.0,
    }
    by_line = {ln.activity: ln.biogenic_co2 for ln in rep.lines}
    assert by_line == {"fuel.wood": 400.0, "material.wood_pellets": 500.0}
    assert all("CO2_biogenic" not in ln.kg for ln in rep.lines)
    d = disclosures(rep)
    assert d.value("GRI-305-1-c") == 0.4
    assert d.value("GRI-305-3-c") == 0.5


def test_biogenic_co2_of_electricity_is_outside_scope2_co2e() -> None:
    grid = EmissionFactor(id="g", activity="electricity.grid", unit="MWh", region="ZZ",
                          year=2024, gases={"CO2": 100.0, "CO2_biogenic": 50.0})  # fmt: skip
    bio = FactorSet(name="bio", version="1", title="Bio", licence=Licence(id="CC0-1.0"),
                    factors=[grid])  # fmt: skip
    rep = run([row("electricity.grid", 10.0, "MWh", region="ZZ", entity="Parent")], factors=bio)
    assert (rep.scope2_location, rep.scope2_market) == (1000.0, 1000.0)
    assert rep.biogenic_co2_by_scope["scope2_location"] == 500.0
    assert "CO2_biogenic" not in rep.gases["scope2_location"]


# ------------------------------------------------ finding 3: offsetting base-year changes


def test_offsetting_structural_changes_still_trigger_recalculation() -> None:
    by = BaseYear(2019, {"scope1": 1000.0, "scope2_location": 1000.0})
    r = recalculate_base_year(by, [
        Adjustment("acquisition", "bought plant C", {"scope1": 200.0}, year=2022),
        Adjustment("divestment", "sold plant B", {"scope2_location": -200.0}, year=2022),
    ])  # fmt: skip
    assert r.recalculated
    assert dict(r.restated.emissions) == {"scope1": 1200.0, "scope2_location": 800.0}
    assert [e.cumulative for e in r.trail] == [0.1, 0.2]


def test_small_offsetting_changes_below_threshold_do_not_trigger() -> None:
    by = BaseYear(2019, {"scope1": 1000.0, "scope2_location": 1000.0})
    r = recalculate_base_year(by, [
        Adjustment("acquisition", "a", {"scope1": 40.0}, year=2022),
        Adjustment("divestment", "b", {"scope1": -40.0}, year=2022),
    ])  # fmt: skip
    assert not r.recalculated  # 80 / 2000 = 4 % < 5 %


# ------------------------------------------------ finding 4: disclosures


def test_gri_305_5_needs_reduction_initiatives() -> None:
    rep = run([row("fuel.wood", 1.0, "kg", entity="Parent")])
    by = recalculate_base_year(BaseYear(2019, {"scope1": 8000.0, "scope2_location": 5000.0}), [])
    d = disclosures(rep, base_year=by)
    assert d.value("GRI-305-5-a") is None
    init = [
        ReductionInitiative("heat pump", 2500.0, scopes=("1",), gases=("CO2",),
                            method="metered before/after"),
        ReductionInitiative("LED retrofit", 500.0, scopes=("2",), gases=("CO2", "N2O")),
    ]  # fmt: skip
    d = disclosures(rep, base_year=by, reduction_initiatives=init)
    assert d.value("GRI-305-5-a") == 3.0
    assert d.value("GRI-305-5-b") == ["CO2", "N2O"]
    assert d.value("GRI-305-5-d") == ["scope 1", "scope 2"]
    assert d.value("GRI-305-5-e") == ["heat pump: metered before/after"]


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"kg_co2e": "3"}, r"ReductionInitiative.kg_co2e: must be a number"),
        ({"kg_co2e": -1.0}, r"ReductionInitiative.kg_co2e: must be finite and >= 0"),
        ({"scopes": ("4",)}, r"ReductionInitiative.scopes: must be distinct values"),
        ({"scopes": ()}, r"ReductionInitiative.scopes: must be distinct values"),
    ],
)
def test_bad_reduction_initiatives(kw: dict[str, Any], match: str) -> None:
    fields: dict[str, Any] = {"description": "x", "kg_co2e": 1.0, "scopes": ("1",)}
    fields.update(kw)
    with pytest.raises(InventoryError, match=match):
        ReductionInitiative(fields.pop("description"), fields.pop("kg_co2e"), **fields)


def test_gri_data_points_are_complete() -> None:
    ids = {p.id for p in DATA_POINTS}
    gri = {
        "305-1": "abcdefg",
        "305-2": "abcdefg",
        "305-3": "abcdefg",
        "305-4": "abcd",
        "305-5": "abcde",
    }
    want = {f"GRI-{k}-{x}" for k, items in gri.items() for x in items}
    assert want <= ids


def test_esrs_intensity_needs_total_emissions_both_methods_per_revenue() -> None:
    rep = run([row("fuel.wood", 1.0, "kg", entity="Parent"),
               row("electricity.grid", 1.0, "MWh", entity="Parent")])  # fmt: skip
    s12 = intensity(rep, denominator=1e6, unit="EUR", scopes=("1", "2"), scope2="market",
                    currency_year=2024)  # fmt: skip
    assert disclosures(rep, intensities=[s12]).value("ESRS-E1-6-53") is None
    loc = intensity(rep, denominator=1e6, unit="EUR", scopes=("1", "2", "3"), scope2="location",
                    currency_year=2024)  # fmt: skip
    assert disclosures(rep, intensities=[loc]).value("ESRS-E1-6-53") is None
    mkt = intensity(rep, denominator=1e6, unit="EUR", scopes=("1", "2", "3"), scope2="market",
                    currency_year=2024)  # fmt: skip
    got = disclosures(rep, intensities=[s12, loc, mkt]).value("ESRS-E1-6-53")
    assert got == {
        "location_based": 500.0 / 1e6 / 1000.0,
        "market_based": 600.0 / 1e6 / 1000.0,
        "unit": "t CO2e / EUR (2024)",
    }
    assert disclosures(rep, intensities=[s12]).value("GRI-305-4-d") == ["CO2"]


# ------------------------------------------------ finding 6: typed errors for bad values


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Entity("X", kind="parent", equity_share="abc", financial_control="full",  # type: ignore[arg-type]
                        operational_control=True),
         r"Entity.equity_share: must be a number: 'abc'"),
        (lambda: Entity("X", kind="parent", equity_share=None, financial_control="full",  # type: ignore[arg-type]
                        operational_control=True),
         r"Entity.equity_share: must be a number: None"),
        (lambda: Entity(5, kind="parent", equity_share=1.0, financial_control="full",  # type: ignore[arg-type]
                        operational_control=True),
         r"Entity.name: must be a non-empty string: 5"),
        (lambda: BaseYear(2019, {"scope1": "abc"}),  # type: ignore[dict-item]
         r"BaseYear.emissions\['scope1'\]: must be a number of kg CO2e: 'abc'"),
        (lambda: BaseYear(2019, ["scope1"]),  # type: ignore[arg-type]
         r"BaseYear.emissions: must map emission keys to kg CO2e"),
        (lambda: BaseYear(2019, {"scope1": 1.0}, threshold="5%"),  # type: ignore[arg-type]
         r"BaseYear.threshold: must be a number: '5%'"),
        (lambda: Adjustment("error", "x", {"scope1": "1e"}, year=2020),  # type: ignore[dict-item]
         r"Adjustment.delta\['scope1'\]: must be a number of kg CO2e: '1e'"),
        (lambda: refrigerant_screening("HFC-32", charge_kg="ten", annual_leak_rate=0.1),  # type: ignore[arg-type]
         r"charge_kg must be a number of kg: 'ten'"),
        (lambda: refrigerant_screening("HFC-32", charge_kg=1.0, annual_leak_rate="x"),  # type: ignore[arg-type]
         r"annual_leak_rate must be a number: 'x'"),
        (lambda: refrigerant_screening("HFC-32", charge_kg=1.0, annual_leak_rate=0.1, years="1"),  # type: ignore[arg-type]
         r"years must be a number: '1'"),
        (lambda: refrigerant_mass_balance("HFC-32", inventory_start_kg=None, inventory_end_kg=0.0,  # type: ignore[arg-type]
                                          purchased_kg=1.0),
         r"inventory_start_kg must be a number of kg: None"),
    ],
)  # fmt: skip
def test_bad_values_raise_inventory_errors(make: Any, match: str) -> None:
    with pytest.raises(InventoryError, match=match):
        make()


# ------------------------------------------------ finding 7: the Scope 2 ledger in the JSON export


def test_json_export_carries_the_scope2_ledger() -> None:
    rep = run([row("electricity.grid", 1000.0, "MWh", entity="JV")],
              instruments=[go(), go(id="go-2", market="YY")])  # fmt: skip
    doc = json.loads(rep.to_json())
    detail = doc["scope2"]["detail"]
    assert detail == json.loads(json.dumps(rep.scope2_detail.to_json()))
    failed = {i["instrument_id"]: i for i in detail["instruments"]}["go-2"]
    assert [f["criterion"] for f in failed["failures"]] == [5]
    assert detail["coverage"]["instruments_mwh"] == 600.0
    assert doc["biogenic_co2_kg_by_scope"]["scope3"] == 0.0
    no_s2 = json.loads(run([row("fuel.wood", 1.0, "kg", entity="Parent")]).to_json())
    assert no_s2["scope2"]["detail"] is None


# ------------------------------------------------ finding 8: options reach scope2_dual


def test_compute_inventory_forwards_the_scope2_options() -> None:
    rows = [row("electricity.grid", 1000.0, "MWh", entity="Parent")]
    mine = go(retired_for="Parent", serial="GO-77")
    rep = run(rows, instruments=[mine], previously_claimed=["GO-77"])
    assert rep.scope2_detail.instruments[0].failed_criteria == (2,)
    old = go(retired_for="Parent", vintage=("2023-10-01", "2023-12-31"))
    assert run(rows, instruments=[old]).scope2_detail.instruments[0].failed_criteria == (4,)
    assert run(rows, instruments=[old], vintage_window=(3, 0)).scope2_detail.instruments[0].passed
    plain = run([row("electricity.grid", 1.0, "MWh", region="YY", entity="Parent")])
    assert not plain.scope2_detail.dual_reporting_required
    marked = run([row("electricity.grid", 1.0, "MWh", region="YY", entity="Parent")],
                 instrument_markets=["YY"])  # fmt: skip
    assert marked.scope2_detail.dual_reporting_required


# ------------------------------------------------ finding 12: smaller issues


def test_currency_year_and_base_year_must_be_plausible_years() -> None:
    rep = run([row("fuel.wood", 1.0, "kg", entity="Parent")])
    with pytest.raises(InventoryError, match=r"currency_year must be a year in 1900..2200: 99999"):
        intensity(rep, denominator=1.0, unit="EUR", scopes=("1",), scope2=None,
                  currency_year=99999)  # fmt: skip
    with pytest.raises(
        InventoryError, match=r"BaseYear.year: must be a year in 1900..2200: '2019'"
    ):
        BaseYear("2019", {"scope1": 1.0})  # type: ignore[arg-type]
    with pytest.raises(InventoryError, match=r"Adjustment.year: must be a year in 1900..2200"):
        Adjustment("error", "x", {"scope1": 1.0}, year=True)


def test_scope2_flags_name_what_they_are_about() -> None:
    elec = run([row("electricity.fossil_average", 1.0, "MWh", entity="Parent")])
    assert not any("steam" in f for f in elec.flags)
    assert any("electricity.fossil_average" in f and "not matched against" in f
               for f in elec.flags)  # fmt: skip
    heat = run([row("steam_heat.purchased", 1.0, "MWh", entity="Parent")])
    assert any(f.startswith("purchased steam, heat or cooling") for f in heat.flags)


def test_a_global_residual_mix_is_not_used_for_a_market() -> None:
    glo = FactorSet(name="glo", version="1", title="GLO", licence=Licence(id="CC0-1.0"),
                    factors=[EmissionFactor(id="rm-glo", activity="electricity.residual_mix",
                                            unit="kWh", region="GLO", year=2024,
                                            gases={"CO2": 0.9})])  # fmt: skip
    reg = FactorRegistry([FS, glo])
    rep = run([row("electricity.grid", 1.0, "MWh", region="YY", entity="Parent")], factors=reg)
    assert rep.scope2_market == 400.0  # the YY grid average, not the GLO "residual mix"
    assert rep.scope2_detail.residual_mix_missing == ("YY",)
    assert any("rm-glo" in f and "GLO" in f for f in rep.flags)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Adjustment(["x"], "d", {"scope1": 1.0}, year=2020),  # type: ignore[arg-type]
         r"unknown adjustment kind: \['x'\]"),
        (lambda: Adjustment("error", 5, {"scope1": 1.0}, year=2020),  # type: ignore[arg-type]
         r"Adjustment.description: must be a string: 5"),
        (lambda: BaseYear(2019, {"scope1": 1.0}, significance_basis=[["scope1"]]),  # type: ignore[list-item]
         r"BaseYear.significance_basis: keys must be strings"),
        (lambda: recalculate_base_year(BaseYear(2019, {"scope1": 1.0},
                                                significance_basis=("scope1",)), 5),  # type: ignore[arg-type]
         r"adjustments must be a sequence of Adjustment values: 'int'"),
        (lambda: Organization(entities=5),  # type: ignore[arg-type]
         r"Organization.entities: must be a sequence of Entity values: 'int'"),
        (lambda: Entity("x", kind="parent", equity_share=1.0, financial_control="full",
                        operational_control=True, asset=5),  # type: ignore[arg-type]
         r"Entity.asset: must be a string: 5"),
    ],
)  # fmt: skip
def test_more_bad_values_raise_inventory_errors(make: Any, match: str) -> None:
    with pytest.raises(InventoryError, match=match):
        make()


def test_bad_disclosure_and_intensity_arguments() -> None:
    rep = run([row("fuel.wood", 1.0, "kg", entity="Parent")])
    with pytest.raises(InventoryError, match=r"scopes must be distinct values among"):
        intensity(rep, denominator=1.0, unit="vehicle", scopes=5, scope2=None)  # type: ignore[arg-type]
    with pytest.raises(InventoryError, match=r"ets_share must be a fraction in \[0, 1\]: 'x'"):
        disclosures(rep, ets_share="x")  # type: ignore[arg-type]
    with pytest.raises(InventoryError, match=r"intensities\[0\] is not an Intensity: 'int'"):
        disclosures(rep, intensities=[5])  # type: ignore[list-item]
    with pytest.raises(InventoryError, match=r"reduction_initiatives\[0\] is not a Reduction"):
        disclosures(rep, reduction_initiatives=[5])  # type: ignore[list-item]
    with pytest.raises(InventoryError, match=r"report must be an InventoryReport: 'dict'"):
        disclosures({})  # type: ignore[arg-type]
