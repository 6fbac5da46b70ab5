"""Property tests for the review fixes of carbonstd.inventory (issue #4).

- Scope 2 Guidance ch. 7.5 with Corporate Standard ch. 3: instruments are matched against an
  entity's whole consumption, then its equity share scales the emissions.
- Corporate Standard ch. 5: base-year changes count by size ("individually or cumulatively").
- Corporate Standard ch. 9, Scope 3 Standard ch. 11: biogenic CO2 stays per scope.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from carbonstd.activities import Activity
from carbonstd.factors import EmissionFactor, FactorSet, Licence
from carbonstd.inventory import (
    Adjustment,
    BaseYear,
    Entity,
    Instrument,
    Organization,
    compute_inventory,
    recalculate_base_year,
)

# Synthetic factors for these properties only (not from a publication).
FS = FactorSet(
    name="prop-review",
    version="1",
    title="Synthetic",
    licence=Licence(id="CC0-1.0"),
    factors=[
        EmissionFactor(id="grid", activity="electricity.grid", unit="MWh", region="XX",
                       year=2024, gases={"CO2": 500.0}),
        EmissionFactor(id="rm", activity="electricity.residual_mix", unit="MWh", region="XX",
                       year=2024, gases={"CO2": 600.0}),
        EmissionFactor(id="wood", activity="fuel.wood", unit="kg", region="XX", year=2024,
                       gases={"CO2_biogenic": 1.5, "CH4": 0.01}),
        EmissionFactor(id="pellets", activity="material.wood_pellets", unit="kg", region="XX",
                       year=2024, gases={"CO2_biogenic": 1.6, "CO2": 0.1}),
    ],
)  # fmt: skip

mwh = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
share = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)


def org(equity: float) -> Organization:
    return Organization(
        entities=[
            Entity("P", kind="parent", equity_share=1.0, financial_control="full",
                   operational_control=True),
            Entity("JV", kind="joint_venture", equity_share=equity, financial_control="joint",
                   operational_control=False),
        ]
    )  # fmt: skip


def jv_scope2(consumed: float, certified: float, equity: float) -> Any:
    cert = Instrument(id="go", kind="GO", quantity=certified, emission_rate={"CO2": 0.0},
                      market="XX", vintage=2024, retired_for="JV")  # fmt: skip
    row = Activity("electricity.grid", consumed, "MWh", "XX", year=2024, tags={"entity": "JV"})
    return compute_inventory([row], organization=org(equity), approach="equity_share",
                             factors=FS, gwp="AR6", reporting_year=2024,
                             instruments=[cert])  # fmt: skip


@given(mwh, mwh, share)
def test_instrument_matching_does_not_depend_on_the_share(
    consumed: float, certified: float, equity: float
) -> None:
    part = jv_scope2(consumed, certified, equity)
    whole = jv_scope2(consumed, certified, 1.0)
    a, b = part.scope2_detail.instruments[0], whole.scope2_detail.instruments[0]
    assert (a.applied_mwh, a.unused_mwh) == (b.applied_mwh, b.unused_mwh)
    assert a.applied_mwh == min(consumed, certified)
    assert math.isclose(part.scope2_market, equity * whole.scope2_market, rel_tol=1e-12,
                        abs_tol=1e-9)  # fmt: skip
    assert math.isclose(part.scope2_location, equity * whole.scope2_location, rel_tol=1e-12,
                        abs_tol=1e-9)  # fmt: skip
    # uncovered MWh x residual mix x share
    expected = (consumed - min(consumed, certified)) * 600.0 * equity
    assert math.isclose(part.scope2_market, expected, rel_tol=1e-12, abs_tol=1e-6)


kinds = st.sampled_from(["acquisition", "divestment", "insourcing", "outsourcing", "error"])
changes = st.lists(
    st.tuples(kinds, st.floats(min_value=-300.0, max_value=300.0, allow_nan=False)),
    min_size=1,
    max_size=6,
)


def restate(items: list[tuple[str, float]]) -> Any:
    # 3000 kg so that up to 7 changes of at most 300 kg never restate below zero
    base = BaseYear(2019, {"scope1": 3000.0, "scope2_location": 1000.0})
    return recalculate_base_year(
        base, [Adjustment(k, f"change {i}", {"scope1": d}, year=2020)
               for i, (k, d) in enumerate(items)]
    )  # fmt: skip


@given(changes, st.lists(st.booleans(), min_size=6, max_size=6), st.randoms(use_true_random=False))
def test_recalculation_depends_on_sizes_not_signs_or_order(
    items: list[tuple[str, float]], flips: list[bool], rnd: Any
) -> None:
    flipped = [(k, -d if f else d) for (k, d), f in zip(items, flips, strict=False)]
    rnd.shuffle(flipped)
    assert restate(items).recalculated == restate(flipped).recalculated


@given(changes, st.tuples(kinds, st.floats(min_value=-300.0, max_value=300.0, allow_nan=False)))
def test_one_more_change_never_undoes_a_recalculation(
    items: list[tuple[str, float]], extra: tuple[str, float]
) -> None:
    if restate(items).recalculated:
        assert restate([*items, extra]).recalculated


@given(st.lists(mwh, min_size=1, max_size=4), st.lists(mwh, max_size=4), share)
def test_biogenic_co2_per_scope_is_the_sum_of_its_lines(
    wood: list[float], pellets: list[float], equity: float
) -> None:
    data = [Activity("fuel.wood", a, "kg", "XX", year=2024, tags={"entity": "JV"})
            for a in wood]  # fmt: skip
    data += [Activity("material.wood_pellets", a, "kg", "XX", year=2024,
                      tags={"entity": "P", "scope": "3", "category": "1",
                            "method": "average-data"})
             for a in pellets]  # fmt: skip
    rep = compute_inventory(data, organization=org(equity), approach="equity_share",
                            factors=FS, gwp="AR6", reporting_year=2024)  # fmt: skip
    for key, scope in (("scope1", "1"), ("scope3", "3")):
        lines = [ln.biogenic_co2 for ln in rep.lines if ln.scope == scope]
        assert rep.biogenic_co2_by_scope[key] == math.fsum(lines)
    assert rep.biogenic_co2 == rep.biogenic_co2_by_scope["scope1"]
    assert all("CO2_biogenic" not in g for g in rep.gases.values())
    assert math.isclose(
        rep.biogenic_co2, equity * 1.5 * math.fsum(wood), rel_tol=1e-12, abs_tol=1e-300
    )
