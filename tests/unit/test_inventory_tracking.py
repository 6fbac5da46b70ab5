"""Unit tests: base year recalculation, intensity, disclosures, fugitive refrigerant methods."""

from __future__ import annotations

import math
from typing import Any

import pytest

from carbonstd.errors import InventoryError
from carbonstd.inventory import (
    DATA_POINTS,
    Adjustment,
    BaseYear,
    Entity,
    Organization,
    disclosures,
    intensity,
    recalculate_base_year,
    refrigerant_mass_balance,
    refrigerant_screening,
)
from carbonstd.inventory._report import DataQuality, InventoryReport


def report(**kw: Any) -> InventoryReport:
    base: dict[str, Any] = {
        "reporting_year": 2024,
        "approach": "operational_control",
        "gwp": "AR6-GWP100",
        "scope1": 6000.0,
        "scope1_by_category": {"stationary_combustion": 6000.0},
        "scope2_location": 4000.0,
        "scope2_market": 2000.0,
        "scope3": {1: 1000.0, 6: 500.0},
        "biogenic_co2": 30.0,
        "gases": {"scope1": {"CO2": 5900.0, "CH4": 3.0}, "scope3": {"CO2": 1500.0}},
        "by_entity": {"P": {"scope1": 5000.0, "scope2_location": 4000.0}, "JV": {"scope1": 1000.0}},
        "lines": (),
        "data_quality": DataQuality({}, None, {}),
        "inclusion": {},
        "exclusions": (),
        "flags": (),
    }
    base.update(kw)
    return InventoryReport(**base)


# ---------------------------------------------------------------- base year (ch. 5)


def test_below_threshold_is_not_recalculated() -> None:
    by = BaseYear(2019, {"scope1": 1000.0, "scope2_location": 1000.0})
    r = recalculate_base_year(by, [Adjustment("acquisition", "small", {"scope1": 99.0}, year=2020)])
    assert not r.recalculated
    assert r.restated == by
    assert r.trail[0].relative == pytest.approx(99.0 / 2000.0, rel=1e-15)
    assert "not applied" in r.trail[0].reason


def test_cumulative_changes_trigger_recalculation_and_are_all_applied() -> None:
    by = BaseYear(2019, {"scope1": 1000.0, "scope2_location": 1000.0, "scope3": 500.0})
    adjustments = [
        Adjustment("acquisition", "bought C", {"scope1": 60.0, "scope3": 10.0}, year=2021),
        Adjustment("outsourcing", "outsourced boilers", {"scope1": -20.0, "scope3": 20.0},
                   year=2022),
        Adjustment("methodology", "new grid factors", {"scope2_location": 70.0}, year=2023),
        Adjustment("organic_growth", "more output", {"scope1": 300.0}, year=2023),
    ]  # fmt: skip
    r = recalculate_base_year(by, adjustments)
    # sizes of the triggering changes of scopes 1+2: |60| + |-20| + |70| = 150 -> 7.5 % of 2000
    # (ch. 5: "individually or cumulatively"; opposite changes do not cancel)
    assert r.recalculated
    assert dict(r.restated.emissions) == {
        "scope1": 1040.0,
        "scope2_location": 1070.0,
        "scope3": 530.0,
    }
    assert [e.applied for e in r.trail] == [True, True, True, False]
    assert "never triggers" in r.trail[3].reason
    assert r.trail[2].cumulative == pytest.approx(0.075, rel=1e-12)


def test_threshold_is_configurable() -> None:
    by = BaseYear(2019, {"scope1": 1000.0}, threshold=0.01, significance_basis=("scope1",))
    r = recalculate_base_year(by, [Adjustment("error", "typo", {"scope1": -10.0}, year=2019)])
    assert r.recalculated
    assert r.restated.emissions["scope1"] == 990.0


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: BaseYear(2019, {"scope4": 1.0}), "unknown emissions key: 'scope4'"),
        (lambda: BaseYear(2019, {"scope1": -1.0, "scope2_location": 5.0}), "cannot be negative"),
        (lambda: BaseYear(2019, {"scope1": 1.0}, threshold=0.0), r"threshold must be .* \(0, 1\]"),
        (lambda: BaseYear(2019, {"scope1": 1.0}, threshold=1.5), "threshold must be"),
        (lambda: BaseYear(2019, {"scope1": 1.0}), "basis names emissions the base year lacks"),
        (lambda: BaseYear(2019, {"scope1": 0.0, "scope2_location": 0.0}), "sums to zero"),
        (lambda: BaseYear(2019, {"scope1": math.inf}), "must be finite"),
        (lambda: Adjustment("merger", "x", {}, year=2020), "unknown adjustment kind: 'merger'"),
    ],
)
def test_bad_base_year_inputs(make: Any, match: str) -> None:
    with pytest.raises(InventoryError, match=match):
        make()


def test_bad_recalculations() -> None:
    by = BaseYear(2019, {"scope1": 100.0, "scope2_location": 100.0})
    with pytest.raises(InventoryError, match="cannot predate the base year: 2018"):
        recalculate_base_year(by, [Adjustment("error", "x", {"scope1": 1.0}, year=2018)])
    with pytest.raises(InventoryError, match="would be negative"):
        recalculate_base_year(by, [Adjustment("divestment", "x", {"scope1": -150.0}, year=2020)])
    with pytest.raises(InventoryError, match="must be Adjustment values"):
        recalculate_base_year(by, ["x"])  # type: ignore[list-item]


# ---------------------------------------------------------------- intensity


def test_intensities() -> None:
    r = report()
    per_vehicle = intensity(r, denominator=100, unit="vehicle", scopes=("1", "2"), scope2="market")
    assert per_vehicle.value == 80.0  # (6000 + 2000) / 100
    per_kwh = intensity(r, denominator=1000.0, unit="kWh", scopes=("1", "2", "3"),
                        scope2="location")  # fmt: skip
    assert per_kwh.value == 11.5  # (6000 + 4000 + 1500) / 1000
    revenue = intensity(r, denominator=2e6, unit="EUR", scopes=("1",), scope2=None,
                        currency_year=2024)  # fmt: skip
    assert revenue.label == "kg CO2e / EUR (2024)"
    assert revenue.value == 0.003


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"denominator": 0}, "greater than zero"),
        ({"denominator": math.nan}, "greater than zero"),
        ({"denominator": "5"}, "must be a number"),
        ({"unit": "widgetz"}, "unknown denominator unit: 'widgetz'"),
        ({"unit": "EUR"}, "needs its price year"),
        ({"currency_year": 2024}, "only for currency"),
        ({"scopes": ("1", "1")}, "distinct values"),
        ({"scopes": ("4",)}, "distinct values"),
        ({"scope2": None}, "exactly when Scope 2 is included"),
    ],
)
def test_bad_intensity(kw: dict[str, Any], match: str) -> None:
    args: dict[str, Any] = {"denominator": 10, "unit": "vehicle", "scopes": ("1", "2"),
                            "scope2": "market"}  # fmt: skip
    args.update(kw)
    with pytest.raises(InventoryError, match=match):
        intensity(report(), **args)


# ---------------------------------------------------------------- disclosures


def test_disclosures_fill_and_list_missing() -> None:
    org = Organization(
        entities=[
            Entity("P", kind="parent", equity_share=1.0, financial_control="full",
                   operational_control=True),
            Entity("JV", kind="joint_venture", equity_share=0.5, financial_control="joint",
                   operational_control=True),
        ]
    )  # fmt: skip
    r = report()
    d = disclosures(r, organization=org)
    assert d.value("GRI-305-1-a") == 6.0
    assert d.value("GRI-305-1-b") == ["CH4", "CO2"]
    assert d.value("GRI-305-2-a") == 4.0
    assert d.value("GRI-305-2-b") == 2.0
    assert d.value("IFRS-S2-29a-iv") == {"group": 9.0, "investees": 1.0}
    assert d.value("ESRS-E1-6-52a") == 11.5
    assert d.value("ESRS-E1-6-51") == {"1": 1.0, "6": 0.5}
    missing = {p.id for p in d.missing}
    assert {"GRI-305-1-d", "ESRS-E1-6-48b", "GRI-305-4-a", "ESRS-E1-6-53"} <= missing
    assert len(d.rows()) == len(DATA_POINTS)
    with pytest.raises(InventoryError, match="unknown data point: 'X'"):
        d.value("X")


def test_disclosures_with_base_year_and_intensity() -> None:
    r = report()
    by = recalculate_base_year(BaseYear(2019, {"scope1": 8000.0, "scope2_location": 5000.0}), [])
    rev = intensity(r, denominator=1e6, unit="EUR", scopes=("1", "2", "3"), scope2="location",
                    currency_year=2024, description="net revenue")  # fmt: skip
    d = disclosures(r, base_year=by, intensities=[rev], ets_share=0.25, factor_sources="DESNZ")
    # GRI 305-5 a is reductions from initiatives, not base year minus this year (finding 4)
    assert d.value("GRI-305-5-a") is None
    assert d.value("ESRS-E1-6-48b") == 0.25
    # ESRS E1-6 para. 53 / AR 53 needs both Scope 2 methods: one intensity is not enough
    assert d.value("ESRS-E1-6-53") is None
    mkt = intensity(r, denominator=1e6, unit="EUR", scopes=("1", "2", "3"), scope2="market",
                    currency_year=2024, description="net revenue")  # fmt: skip
    both = disclosures(r, intensities=[rev, mkt])
    assert both.value("ESRS-E1-6-53") == {
        "location_based": 11500.0 / 1e6 / 1000.0,
        "market_based": 9500.0 / 1e6 / 1000.0,
        "unit": "t CO2e / EUR (2024)",
    }
    assert "DESNZ" in d.value("GRI-305-1-e")
    with pytest.raises(InventoryError, match=r"ets_share must be a fraction in \[0, 1\]: 2.0"):
        disclosures(r, ets_share=2.0)


# ---------------------------------------------------------------- fugitive


def test_refrigerant_methods() -> None:
    mb = refrigerant_mass_balance(
        "R-410A", inventory_start_kg=5.0, inventory_end_kg=5.0, purchased_kg=12.0,
        sold_or_returned_kg=2.0, charge_new_equipment_kg=4.0, charge_retired_equipment_kg=1.0,
    )  # fmt: skip
    assert (mb.gas, mb.kg, mb.method) == ("R-410A", 7.0, "mass-balance")
    assert mb.activity_key == "refrigerant.r_410a"
    sc = refrigerant_screening(
        "HFC-134a", charge_kg=100.0, annual_leak_rate=0.1, years=0.5, installed_charge_kg=10.0,
        installation_loss_rate=0.01, disposed_charge_kg=20.0, recovery_efficiency=0.7,
    )  # fmt: skip
    assert sc.kg == pytest.approx(0.1 + 5.0 + 6.0, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: refrigerant_mass_balance("HFC-134a", inventory_start_kg=0.0,
                                          inventory_end_kg=10.0, purchased_kg=1.0),
         "mass balance is negative"),
        (lambda: refrigerant_mass_balance("HFC-134a", inventory_start_kg=-1.0,
                                          inventory_end_kg=0.0, purchased_kg=1.0),
         "inventory_start_kg must be a finite, non-negative number of kg: -1.0"),
        (lambda: refrigerant_mass_balance("unobtainium", inventory_start_kg=0.0,
                                          inventory_end_kg=0.0, purchased_kg=1.0),
         "unknown refrigerant or gas: 'unobtainium'"),
        (lambda: refrigerant_screening("HFC-32", charge_kg=1.0, annual_leak_rate=1.5),
         r"annual_leak_rate must be a fraction in \[0, 1\]: 1.5"),
        (lambda: refrigerant_screening("HFC-32", charge_kg=1.0, annual_leak_rate=0.1, years=2.0),
         r"years must be in \(0, 1\]"),
    ],
)  # fmt: skip
def test_bad_refrigerant_inputs(call: Any, match: str) -> None:
    with pytest.raises(InventoryError, match=match):
        call()
