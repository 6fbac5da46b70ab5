"""Unit tests for Scope 2 dual reporting (GHG Protocol Scope 2 Guidance, 2015).

The synthetic registry uses round factors so that every expected number is
written from the Guidance's formulas by hand:
E_LB = sum Q x EF_grid; E_MB = sum Q_k x EF_k + Q_rest x EF_residual (grid if none).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest

from carbonstd.errors import (
    FactorNotFoundError,
    GWPMismatchError,
    InventoryError,
    UnknownGasError,
    UnknownGWPSetError,
)
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence, default_registry
from carbonstd.inventory._instruments import (
    CRITERIA,
    INSTRUMENT_KINDS,
    Instrument,
    tier_of,
)
from carbonstd.inventory._scope2 import Scope2Consumption, Scope2Result, scope2_dual

YEAR = 2024


def _ef(fid: str, activity: str, region: str, co2: float, unit: str = "kWh") -> EmissionFactor:
    return EmissionFactor(
        id=fid, activity=activity, unit=unit, region=region, year=2023, gases={"CO2": co2}
    )


# Synthetic markets: XX has a grid average (0.5 kg/kWh), a grid region XX-GRID-N
# (0.45 kg/kWh) and a residual mix (0.6 kg/kWh); YY has a grid average only.
REG = FactorRegistry(
    [
        FactorSet(
            name="synthetic",
            version="1",
            title="Synthetic Scope 2 factors",
            licence=Licence(id="CC0-1.0"),
            regions={"XX-GRID-N": "XX"},
            factors=[
                _ef("xx-grid", "electricity.grid", "XX", 0.5),
                _ef("xxn-grid", "electricity.grid", "XX-GRID-N", 0.45),
                _ef("xx-rm", "electricity.residual_mix", "XX", 0.6),
                _ef("yy-grid", "electricity.grid", "YY", 400.0, unit="MWh"),
            ],
        )
    ]
)


def use(mwh: float, *, entity: str = "EV Co", site: str = "A", region: str = "XX",
        year: int = YEAR, row_ids: tuple[str, ...] = ()) -> Scope2Consumption:  # fmt: skip
    return Scope2Consumption(
        entity=entity, site=site, region=region, year=year, mwh=mwh, row_ids=row_ids
    )


def cert(iid: str = "go-1", **over: Any) -> Instrument:
    fields: dict[str, Any] = {
        "id": iid,
        "kind": "GO",
        "quantity": 400.0,
        "emission_rate": {"CO2": 0.0},
        "market": "XX",
        "vintage": YEAR,
        "retired_for": "EV Co",
    }
    fields.update(over)
    return Instrument(**fields)


def run(rows: list[Scope2Consumption], ledger: list[Instrument] = (), **kw: Any) -> Scope2Result:  # type: ignore[assignment]
    return scope2_dual(rows, instruments=ledger, factors=REG, gwp="AR6", reporting_year=YEAR, **kw)


# ----------------------------------------------------------------- location-based


def test_location_based_uses_grid_average_of_the_region() -> None:
    r = run([use(1000.0), use(200.0, site="B", region="YY")])
    # 1000 MWh x 500 kg/MWh + 200 MWh x 400 kg/MWh
    assert r.location_based == 500_000.0 + 80_000.0
    assert dict(r.location_by_gas) == {"CO2": 580_000.0}
    assert [s.location_factor.factor.id for s in r.sites] == ["xx-grid", "yy-grid"]


def test_location_based_prefers_grid_region_before_national() -> None:
    r = run([use(1000.0, region="XX-GRID-N")])
    site = r.sites[0]
    assert site.location_factor.matched_region == "XX-GRID-N"
    assert site.location_co2e == 1000.0 * 450.0
    # the residual mix is national: found through the region chain
    assert site.market_factor is not None
    assert site.market_factor.matched_region == "XX"
    assert site.market_co2e == 1000.0 * 600.0


def test_rows_of_one_site_are_added_and_keep_lineage() -> None:
    r = run([use(300.0, row_ids=("r1",)), use(700.0, row_ids=("r2", "r3"))])
    assert len(r.sites) == 1
    assert r.sites[0].mwh == 1000.0
    assert r.sites[0].row_ids == ("r1", "r2", "r3")


# ----------------------------------------------------------------- market-based


def test_no_instruments_market_based_uses_residual_mix_not_grid() -> None:
    r = run([use(1000.0)])
    assert r.market_based == 600_000.0
    assert r.location_based == 500_000.0
    assert r.market_based > r.location_based  # expected, not an error
    assert r.coverage.residual_mix_mwh == 1000.0
    assert r.coverage.grid_average_mwh == 0.0
    assert r.residual_mix_missing == ()
    assert r.dual_reporting_required  # a residual mix means a market with instruments


def test_no_residual_mix_falls_back_to_grid_average_and_flags_it() -> None:
    r = run([use(200.0, region="YY")])
    assert r.market_based == r.location_based == 80_000.0
    assert r.residual_mix_missing == ("YY",)
    assert r.coverage.grid_average_mwh == 200.0
    assert any("no residual mix for YY" in f and "criterion 8" in f for f in r.flags)
    assert r.sites[0].market_parts[0].source == "grid_average"
    assert r.sites[0].market_parts[0].tier == 5
    assert not r.dual_reporting_required


def test_valid_certificate_covers_part_and_residual_covers_the_rest() -> None:
    r = run([use(1000.0)], [cert(quantity=400.0)])
    # 400 MWh x 0 + 600 MWh x 600 kg/MWh
    assert r.market_based == 360_000.0
    assert r.location_based == 500_000.0
    check = r.instruments[0]
    assert check.passed
    assert check.failures == ()
    assert (check.applied_mwh, check.unused_mwh) == (400.0, 0.0)
    assert check.applied_to == (("EV Co", "A"),)
    assert r.coverage.instruments_mwh == 400.0
    assert r.coverage.residual_mix_mwh == 600.0


def test_quantity_as_energy_pair_is_converted_to_mwh() -> None:
    r = run([use(1000.0)], [cert(quantity=(1440.0, "GJ"))])  # 1440 GJ = 400 MWh
    assert r.instruments[0].applied_mwh == pytest.approx(400.0, rel=1e-15)
    assert r.market_based == pytest.approx(360_000.0, rel=1e-15)


def test_over_claiming_covers_only_consumption_and_reports_the_excess() -> None:
    r = run([use(1000.0)], [cert(quantity=1500.0)])
    check = r.instruments[0]
    assert check.passed
    assert (check.applied_mwh, check.unused_mwh) == (1000.0, 500.0)
    assert r.market_based == 0.0
    assert r.coverage.instruments_mwh == 1000.0
    assert any("more claimed than consumed" in f for f in r.flags)
    assert any("500 MWh exceed" in n for n in check.notes)


def test_hierarchy_certificates_before_supplier_rates() -> None:
    supplier = Instrument(
        id="a-utility",
        kind="supplier-rate",
        quantity=1000.0,
        emission_rate={"CO2": 300.0},
        market="XX",
        vintage=YEAR,
        retired_for="EV Co",
        delivered_basis=True,
    )
    r = run([use(1000.0)], [supplier, cert("z-go", quantity=300.0)])
    checks = {c.instrument_id: c for c in r.instruments}
    # tier 1 first even though its id sorts last: 300 MWh x 0, then 700 MWh x 300 kg/MWh
    assert checks["z-go"].applied_mwh == 300.0
    assert checks["a-utility"].applied_mwh == 700.0
    assert checks["a-utility"].unused_mwh == 300.0
    assert r.market_based == 700.0 * 300.0
    assert [p.tier for p in r.sites[0].market_parts] == [1, 3]


def test_site_specific_instrument_goes_to_its_site_only() -> None:
    sited = cert("go-b", quantity=500.0, claimed_for_site="B")
    r = run([use(100.0, site="A"), use(100.0, site="B")], [sited])
    check = r.instruments[0]
    assert check.applied_to == (("EV Co", "B"),)
    assert (check.applied_mwh, check.unused_mwh) == (100.0, 400.0)
    by_site = {s.site: s.market_co2e for s in r.sites}
    assert by_site == {"A": 60_000.0, "B": 0.0}


def test_instrument_rate_with_several_gases_uses_the_gwp_set() -> None:
    ppa = Instrument(
        id="ppa-bio",
        kind="PPA-physical",
        quantity=100.0,
        emission_rate={"CO2": 10.0, "CH4": 1.0, "N2O": 0.1},
        market="XX",
        vintage=YEAR,
        retired_for="EV Co",
    )
    r = run([use(100.0)], [ppa])
    # AR6 GWP100: CH4 27.9, N2O 273 (IPCC AR6 WG1 Table 7.SM.7)
    assert r.market_by_gas == {"CH4": 100.0, "CO2": 1000.0, "N2O": 10.0}
    assert r.market_based == pytest.approx(1000.0 + 100.0 * 27.9 + 10.0 * 273.0, rel=1e-15)


# ----------------------------------------------------------------- quality criteria


def _failed(ledger: list[Instrument], rows: list[Scope2Consumption] | None = None,
            **kw: Any) -> tuple[Scope2Result, dict[str, tuple[int, ...]]]:  # fmt: skip
    r = run(rows or [use(1000.0)], ledger, **kw)
    return r, {c.instrument_id: c.failed_criteria for c in r.instruments}


NO_INSTRUMENT_MARKET = 600_000.0  # 1000 MWh x residual 600 kg/MWh


def test_criterion_1_no_emission_rate() -> None:
    r, failed = _failed([cert(emission_rate=None)])
    assert failed == {"go-1": (1,)}
    assert r.market_based == NO_INSTRUMENT_MARKET
    assert r.instruments[0].applied_mwh == 0.0
    assert r.instruments[0].unused_mwh == 400.0
    assert "conveys no emission rate" in r.instruments[0].failures[0].reason


def test_criterion_2_same_serial_claimed_at_two_sites() -> None:
    a = cert("go-a", serial="GO-123", claimed_for_site="A")
    b = cert("go-b", serial="GO-123", claimed_for_site="B")
    r, failed = _failed([a, b], [use(500.0, site="A"), use(500.0, site="B")])
    assert failed == {"go-a": (2,), "go-b": (2,)}
    assert r.market_based == NO_INSTRUMENT_MARKET
    assert "'GO-123' is also made by ledger line(s) 'go-b'" in r.instruments[0].failures[0].reason


def test_criterion_2_claimed_in_another_year() -> None:
    r, failed = _failed([cert(serial="GO-9")], previously_claimed={"GO-9"})
    assert failed == {"go-1": (2,)}
    assert "already claimed" in r.instruments[0].failures[0].reason
    assert r.market_based == NO_INSTRUMENT_MARKET


def test_criterion_3_not_retired() -> None:
    r, failed = _failed([cert(retired_for=None)])
    assert failed == {"go-1": (3,)}
    assert r.market_based == NO_INSTRUMENT_MARKET


def test_criterion_3_retired_for_another_entity() -> None:
    r, failed = _failed([cert(retired_for="Other Co")])
    assert failed == {"go-1": (3,)}
    assert "'Other Co'" in r.instruments[0].failures[0].reason


def test_criterion_3_claimed_for_a_site_of_another_entity() -> None:
    rows = [use(500.0), use(500.0, entity="JV", site="J")]
    r, failed = _failed([cert(claimed_for_site="J")], rows)
    assert failed == {"go-1": (3,)}
    assert r.market_based == NO_INSTRUMENT_MARKET


def test_criterion_4_vintage_outside_the_reporting_year() -> None:
    r, failed = _failed([cert(vintage=YEAR - 1)])
    assert failed == {"go-1": (4,)}
    assert "2023-01-01..2023-12-31 is outside 2024-01-01..2024-12-31" in (
        r.instruments[0].failures[0].reason
    )
    assert r.market_based == NO_INSTRUMENT_MARKET


def test_criterion_4_window_in_months() -> None:
    late_2023 = cert(vintage=("2023-10-01", "2023-12-31"))
    _, failed = _failed([late_2023], vintage_window=(2, 0))
    assert failed == {"go-1": (4,)}
    r, failed = _failed([late_2023], vintage_window=(3, 0))
    assert failed == {"go-1": ()}
    assert r.market_based == 360_000.0
    early_2025 = cert(vintage=(dt.date(2025, 1, 1), dt.date(2025, 1, 31)))
    assert _failed([early_2025], vintage_window=(0, 1))[1] == {"go-1": ()}
    assert _failed([early_2025])[1] == {"go-1": (4,)}


def test_criterion_5_other_market() -> None:
    r, failed = _failed([cert(market="YY")])
    assert failed == {"go-1": (5,)}
    assert "market 'YY'" in r.instruments[0].failures[0].reason
    assert r.market_based == NO_INSTRUMENT_MARKET


def test_criterion_5_grid_region_market_is_not_the_national_one() -> None:
    # a certificate for XX-GRID-N cannot be used at a site known only as XX
    _, failed = _failed([cert(market="XX-GRID-N")])
    assert failed == {"go-1": (5,)}
    # but a national XX certificate serves a site in XX-GRID-N
    _, failed = _failed([cert(market="XX")], [use(1000.0, region="XX-GRID-N")])
    assert failed == {"go-1": ()}


def test_criterion_6_supplier_rate_not_on_delivered_electricity() -> None:
    rate = Instrument(
        id="util",
        kind="supplier-rate",
        quantity=1000.0,
        emission_rate={"CO2": 100.0},
        market="XX",
        vintage=YEAR,
        retired_for="EV Co",
        delivered_basis=False,
    )
    r, failed = _failed([rate])
    assert failed == {"util": (6,)}
    assert r.market_based == NO_INSTRUMENT_MARKET


def test_criterion_7_ppa_whose_certificates_were_sold() -> None:
    ppa = cert("ppa", kind="PPA-physical", attributes_retained=False)
    r, failed = _failed([ppa])
    assert failed == {"ppa": (7,)}
    assert "null power" in r.instruments[0].failures[0].reason
    assert r.market_based == NO_INSTRUMENT_MARKET


def test_several_criteria_failed_are_all_listed() -> None:
    r, failed = _failed([cert(emission_rate=None, vintage=2020, market="YY", retired_for=None)])
    assert failed == {"go-1": (1, 3, 4)}  # market is checked only against eligible sites
    assert all(f.title == CRITERIA[f.criterion] for f in r.instruments[0].failures)
    assert any("fails Scope 2 Quality Criteria 1, 3, 4" in f for f in r.flags)


def test_failed_instrument_does_not_take_consumption_from_a_valid_one() -> None:
    r, failed = _failed([cert("bad", vintage=2019, quantity=1000.0), cert("good")])
    assert failed == {"bad": (4,), "good": ()}
    assert r.market_based == 360_000.0


def test_claimed_site_without_consumption_is_noted_not_failed() -> None:
    r, failed = _failed([cert(claimed_for_site="Closed")])
    assert failed == {"go-1": ()}
    assert r.instruments[0].unused_mwh == 400.0
    assert any("no Scope 2 consumption at site 'Closed'" in n for n in r.instruments[0].notes)


# ----------------------------------------------------------------- dual reporting


def test_dual_reporting_required_by_instrument_markets() -> None:
    assert not run([use(10.0, region="YY")]).dual_reporting_required
    assert run([use(10.0, region="YY")], instrument_markets={"YY"}).dual_reporting_required
    # a ledger line in YY (even a failing one) shows YY has instruments
    assert run([use(10.0, region="YY")], [cert(market="YY")]).dual_reporting_required


def test_totals_are_labelled_and_total_selects_the_method() -> None:
    r = run([use(1000.0)], [cert()])
    assert r.totals() == {"location-based": 500_000.0, "market-based": 360_000.0}
    assert r.total("location") == 500_000.0
    assert r.total("market") == 360_000.0
    with pytest.raises(InventoryError, match="unknown Scope 2 method: 'dual'"):
        r.total("dual")  # type: ignore[arg-type]


def test_to_json_is_plain_json() -> None:
    r = run([use(1000.0), use(5.0, site="Y", region="YY")], [cert(), cert("bad", vintage=2000)])
    data = json.loads(json.dumps(r.to_json()))
    assert data["location_based"]["co2e"] == r.location_based
    assert data["instruments"][0]["failures"][0]["criterion"] == 4
    assert data["sites"][0]["location_factor"]["factor_id"] == "xx-grid"
    assert data["residual_mix_missing"] == ["YY"]


def test_bundled_china_factors() -> None:
    # MEE/NBS 2023: East China grid 0.5500, national residual-like 0.6096 kg CO2/kWh
    rows = [use(1000.0, region="CN-GRID-EAST")]
    gec = cert("gec", kind="GEC", market="CN", quantity=250.0)
    r = scope2_dual(
        rows, instruments=[gec], factors=default_registry(), gwp="AR6", reporting_year=YEAR
    )
    assert r.location_based == pytest.approx(1000.0 * 550.0, rel=1e-12)
    assert r.market_based == pytest.approx(750.0 * 609.6, rel=1e-12)
    assert r.sites[0].location_factor.factor.id == "CN-MEE:2023:east"
    assert r.sites[0].market_factor is not None
    assert r.sites[0].market_factor.factor.id == "CN-MEE:2023:national-excl-traded-non-fossil"


def test_bundled_us_subregion_has_no_residual_mix() -> None:
    rows = [use(100.0, region="US-GRID-CAMX")]
    r = scope2_dual(
        rows, instruments=[], factors=default_registry(), gwp="AR6", reporting_year=YEAR
    )
    # EPA GHG Emission Factors Hub 2025 Table 6, CAMX (eGRID2023), kg per MWh
    co2, ch4, n2o = 198.06337632235, 0.01133980925, 0.00136077711
    expected = math.fsum([100.0 * co2, 100.0 * ch4 * 27.9, 100.0 * n2o * 273.0])
    assert r.location_based == pytest.approx(expected, rel=1e-12)
    assert r.market_based == r.location_based
    assert r.residual_mix_missing == ("US-GRID-CAMX",)


def test_co2e_only_factor_under_its_own_set_and_mismatch() -> None:
    fs = FactorSet(
        name="co2e",
        version="1",
        title="CO2e only",
        licence=Licence(id="CC0-1.0"),
        factors=[
            EmissionFactor(
                id="zz", activity="electricity.grid", unit="kWh", region="ZZ", year=2024,
                co2e=0.3, gwp="AR5",
            )
        ],
    )  # fmt: skip
    rows = [use(10.0, region="ZZ")]
    r = scope2_dual(rows, instruments=[], factors=FactorRegistry([fs]), gwp="AR5",
                    reporting_year=YEAR)  # fmt: skip
    assert r.location_based == pytest.approx(3000.0, rel=1e-15)
    assert dict(r.location_by_gas) == {"CO2e[AR5-GWP100]": pytest.approx(3000.0, rel=1e-15)}
    with pytest.raises(GWPMismatchError, match=r"another GWP set.*'AR5-GWP100'"):
        scope2_dual(rows, instruments=[], factors=FactorRegistry([fs]), gwp="AR6",
                    reporting_year=YEAR)  # fmt: skip


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"kind": "carbon-offset"}, r"unknown instrument kind: 'carbon-offset'.*hint: use one of"),
        ({"id": ""}, r"Instrument.id: not a valid identifier: ''"),
        ({"quantity": -1.0}, r"Instrument.quantity: must be a finite, non-negative energy: -1.0"),
        ({"quantity": math.nan}, r"Instrument.quantity: must be a finite"),
        ({"quantity": "400"}, r"Instrument.quantity: must be MWh or a \(value, unit\) pair"),
        ({"quantity": (5.0, "kg")}, r"Instrument.quantity: not an energy"),
        ({"quantity": (5.0,)}, r"Instrument.quantity: must be MWh or a \(value, unit\) pair"),
        ({"quantity": ("5", "MWh")}, r"Instrument.quantity: the amount must be a number"),
        ({"emission_rate": {"XYZ": 0.0}}, r"Instrument.emission_rate: unknown gas: 'XYZ'"),
        ({"emission_rate": {"CO2": -1.0}}, r"rate of CO2 must be finite and >= 0: -1.0"),
        ({"emission_rate": {"CO2": "0"}}, r"rate of CO2 must be a number: '0'"),
        ({"emission_rate": {}}, r"must list at least one gas"),
        ({"emission_rate": 0.0}, r"must map gas -> kg per MWh: 0.0"),
        ({"emission_rate": {"CO2": 0.0, "co2": 1.0}}, r"gas 'CO2' given twice"),
        ({"market": "GLO"}, r"Instrument.market: not a market region code: 'GLO'"),
        ({"market": "xx"}, r"Instrument.market: not a market region code: 'xx'"),
        ({"vintage": 1800}, r"Instrument.vintage: year must be between 1900 and 2200: 1800"),
        ({"vintage": True}, r"Instrument.vintage: must be a year or a \(start, end\) period"),
        ({"vintage": "2024"}, r"Instrument.vintage: must be a year or a \(start, end\) period"),
        ({"vintage": ("2024-13-01", "2024-12-31")}, r"Instrument.vintage: start is not a date"),
        ({"vintage": ("2024-06-01", "2024-01-31")}, r"Instrument.vintage: period ends before"),
        ({"retired_for": ""}, r"Instrument.retired_for: must be a non-empty string"),
        ({"attributes_retained": False}, r"attributes_retained: only applies to PPA-physical"),
        ({"attributes_retained": "no"}, r"attributes_retained: must be True or False"),
        ({"delivered_basis": True}, r"delivered_basis: only applies to supplier-rate"),
        ({"kind": "green-tariff"}, r"a green-tariff must say whether its rate is on delivered"),
    ],
)
def test_bad_instrument(over: dict[str, Any], match: str) -> None:
    with pytest.raises(InventoryError, match=match):
        cert(**over)


def test_instrument_kinds_and_tiers() -> None:
    assert [tier_of(k) for k in INSTRUMENT_KINDS] == [1] * 5 + [2] * 3 + [3] * 2
    assert cert(kind="I-REC").tier == 1
    assert cert(serial="S-1").claim_key == "S-1"
    assert cert().claim_key == "go-1"


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"mwh": -1.0}, r"Scope2Consumption.mwh: must be finite and >= 0: -1.0"),
        ({"mwh": math.inf}, r"Scope2Consumption.mwh: must be finite and >= 0: inf"),
        ({"mwh": "10"}, r"Scope2Consumption.mwh: must be a number of MWh: '10'"),
        ({"entity": ""}, r"Scope2Consumption.entity: must be a non-empty string"),
        ({"site": None}, r"Scope2Consumption.site: must be a non-empty string"),
        ({"region": "nowhere"}, r"Scope2Consumption.region: not a valid region code: 'nowhere'"),
        ({"year": "2024"}, r"Scope2Consumption.year: must be an integer: '2024'"),
        ({"row_ids": "r1"}, r"Scope2Consumption.row_ids: must be a sequence of row ids: 'r1'"),
        ({"row_ids": (1.5,)}, r"a row id must be a string or an integer: 1.5"),
    ],
)
def test_bad_consumption(over: dict[str, Any], match: str) -> None:
    fields: dict[str, Any] = {"entity": "E", "site": "S", "region": "XX", "year": YEAR,
                              "mwh": 1.0}  # fmt: skip
    fields.update(over)
    with pytest.raises(InventoryError, match=match):
        Scope2Consumption(**fields)


def test_bad_calls() -> None:
    with pytest.raises(InventoryError, match=r"consumption\[0\] is for 2023, not the reporting"):
        run([use(1.0, year=2023)])
    with pytest.raises(InventoryError, match=r"site 'A' of 'EV Co' is given in two regions"):
        run([use(1.0), use(1.0, region="YY")])
    with pytest.raises(InventoryError, match=r"instrument id appears twice in the ledger: 'go-1'"):
        run([use(1.0)], [cert(), cert()])
    with pytest.raises(InventoryError, match=r"vintage_window must be .*: \(-1, 0\)"):
        run([use(1.0)], vintage_window=(-1, 0))
    with pytest.raises(InventoryError, match=r"vintage_window must be"):
        run([use(1.0)], vintage_window=[0, 0])
    with pytest.raises(InventoryError, match=r"previously_claimed must be a collection of str"):
        run([use(1.0)], previously_claimed="GO-1")
    with pytest.raises(InventoryError, match=r"consumption\[0\] is not a Scope2Consumption"):
        run([{"mwh": 1.0}])  # type: ignore[list-item]
    with pytest.raises(InventoryError, match=r"consumption must be a sequence"):
        run(use(1.0))  # type: ignore[arg-type]
    with pytest.raises(InventoryError, match=r"instruments\[0\] is not a Instrument"):
        run([use(1.0)], ["go-1"])  # type: ignore[list-item]
    with pytest.raises(InventoryError, match=r"factors must be a FactorRegistry"):
        scope2_dual([use(1.0)], instruments=[], factors=[], gwp="AR6", reporting_year=YEAR)  # type: ignore[arg-type]
    with pytest.raises(InventoryError, match=r"reporting_year must be an integer: '2024'"):
        scope2_dual([use(1.0)], instruments=[], factors=REG, gwp="AR6", reporting_year="2024")  # type: ignore[arg-type]
    with pytest.raises(UnknownGWPSetError, match=r"unknown GWP set: 'AR9'"):
        scope2_dual([use(1.0)], instruments=[], factors=REG, gwp="AR9", reporting_year=YEAR)
    with pytest.raises(
        FactorNotFoundError, match=r"no emission factor for 'electricity.grid' in QQ"
    ):
        run([use(1.0, region="QQ")])


def test_gas_missing_from_gwp_set() -> None:
    odd = cert(emission_rate={"CH4": 1.0})
    with pytest.raises(
        UnknownGasError, match=r"GHGP-2024-AR6-GWP100 has no value for this gas: 'CH4'"
    ):
        scope2_dual([use(1.0)], instruments=[odd], factors=REG, gwp="GHGP-2024-AR6",
                    reporting_year=YEAR)  # fmt: skip


def test_factor_per_non_energy_unit_is_refused() -> None:
    fs = FactorSet(name="odd", version="1", title="Odd", licence=Licence(id="CC0-1.0"),
                   factors=[_ef("kg-grid", "electricity.grid", "ZZ", 1.0, unit="kg")])  # fmt: skip
    with pytest.raises(InventoryError, match=r"factor 'kg-grid' .* is per 'kg', not per energy"):
        scope2_dual([use(1.0, region="ZZ")], instruments=[], factors=FactorRegistry([fs]),
                    gwp="AR6", reporting_year=YEAR)  # fmt: skip
