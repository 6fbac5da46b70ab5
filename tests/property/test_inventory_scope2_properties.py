"""Property tests for Scope 2 dual reporting (GHG Protocol Scope 2 Guidance, 2015).

Invariants: with no instruments the market-based total is the residual mix
applied to all consumption (Table 6.3 tier 4); totals are linear in
consumption; results do not depend on the order of rows or ledger lines;
coverage adds up to consumption and no instrument applies more than its
quantity; a zero-rate qualifying certificate never raises the market total.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
from carbonstd.inventory._instruments import Instrument
from carbonstd.inventory._scope2 import Scope2Consumption, Scope2Result, scope2_dual

YEAR = 2024
GRID = {"XX": 0.5, "YY": 0.4}  # kg CO2 per kWh
RESIDUAL = 0.6  # kg CO2 per kWh, XX only
REG = FactorRegistry(
    [
        FactorSet(
            name="synthetic",
            version="1",
            title="Synthetic",
            licence=Licence(id="CC0-1.0"),
            factors=[
                *(
                    EmissionFactor(id=f"{r}-grid", activity="electricity.grid", unit="kWh",
                                   region=r, year=2023, gases={"CO2": v})
                    for r, v in GRID.items()
                ),
                EmissionFactor(id="xx-rm", activity="electricity.residual_mix", unit="kWh",
                               region="XX", year=2023, gases={"CO2": RESIDUAL}),
            ],
        )
    ]
)  # fmt: skip

mwh = st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False)
rows = st.lists(
    st.builds(
        lambda e, s, r, q: Scope2Consumption(entity=e, site=f"{r}-{s}", region=r, year=YEAR,
                                             mwh=q),
        st.sampled_from(["E1", "E2"]),
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(sorted(GRID)),
        mwh,
    ),
    min_size=1,
    max_size=12,
)  # fmt: skip
instruments = st.lists(
    st.builds(
        lambda i, kind, q, rate, market, vintage, who, site: Instrument(
            id=f"i{i}", kind=kind, quantity=q, emission_rate={"CO2": rate}, market=market,
            vintage=vintage, retired_for=who, claimed_for_site=site,
            delivered_basis=True if kind == "supplier-rate" else None,
        ),
        st.integers(0, 10_000),
        st.sampled_from(["GO", "PPA-physical", "supplier-rate"]),
        mwh,
        st.sampled_from([0.0, 150.0, 900.0]),
        st.sampled_from(["XX", "YY"]),
        st.sampled_from([YEAR, YEAR - 1]),
        st.sampled_from(["E1", "E2", None]),
        st.sampled_from([None, "XX-a", "YY-b"]),
    ),
    max_size=6,
    unique_by=lambda i: i.id,
)  # fmt: skip


def _run(
    consumption: Sequence[Scope2Consumption], ledger: Sequence[Instrument] = ()
) -> Scope2Result:
    return scope2_dual(consumption, instruments=ledger, factors=REG, gwp="AR6",
                       reporting_year=YEAR)  # fmt: skip


@given(rows)
def test_no_instruments_market_is_residual_mix_where_it_exists(
    consumption: list[Scope2Consumption],
) -> None:
    r = _run(consumption)
    xx = math.fsum(c.mwh for c in consumption if c.region == "XX")
    yy = math.fsum(c.mwh for c in consumption if c.region == "YY")
    assert math.isclose(r.market_based, xx * 600.0 + yy * 400.0, rel_tol=1e-12, abs_tol=1e-6)
    assert math.isclose(r.location_based, xx * 500.0 + yy * 400.0, rel_tol=1e-12, abs_tol=1e-6)
    assert r.coverage.instruments_mwh == 0.0
    assert ("YY" in r.residual_mix_missing) == any(
        c.region == "YY" and c.mwh > 0 for c in consumption
    )


@given(rows, st.sampled_from([0.5, 2.0, 3.0, 1e-3, 1234.5]))
def test_totals_linear_in_consumption(consumption: list[Scope2Consumption], k: float) -> None:
    scaled = [
        Scope2Consumption(entity=c.entity, site=c.site, region=c.region, year=YEAR, mwh=c.mwh * k)
        for c in consumption
    ]
    a, b = _run(consumption), _run(scaled)
    assert math.isclose(b.location_based, k * a.location_based, rel_tol=1e-12, abs_tol=1e-6)
    assert math.isclose(b.market_based, k * a.market_based, rel_tol=1e-12, abs_tol=1e-6)


@given(rows, instruments, st.randoms(use_true_random=False))
def test_order_invariance(
    consumption: list[Scope2Consumption], ledger: list[Instrument], rnd: random.Random
) -> None:
    shuffled_rows, shuffled_ledger = list(consumption), list(ledger)
    rnd.shuffle(shuffled_rows)
    rnd.shuffle(shuffled_ledger)
    a, b = _run(consumption, ledger), _run(shuffled_rows, shuffled_ledger)
    assert a.location_based == b.location_based
    assert a.market_based == b.market_based
    assert a.instruments == b.instruments
    assert a.coverage == b.coverage
    assert [(s.entity, s.site, s.mwh) for s in a.sites] == [
        (s.entity, s.site, s.mwh) for s in b.sites
    ]


@given(rows, instruments)
def test_coverage_conserves_consumption(
    consumption: list[Scope2Consumption], ledger: list[Instrument]
) -> None:
    r = _run(consumption, ledger)
    cov = r.coverage
    parts = cov.instruments_mwh + cov.residual_mix_mwh + cov.grid_average_mwh
    assert math.isclose(parts, cov.total_mwh, rel_tol=1e-9, abs_tol=1e-6)
    by_id = {i.id: i for i in ledger}
    for check in r.instruments:
        assert check.applied_mwh <= by_id[check.instrument_id].quantity * (1 + 1e-12)
        assert check.unused_mwh >= -1e-6
        if not check.passed:
            assert check.applied_mwh == 0.0
            assert check.failures
    for site in r.sites:
        covered = math.fsum(p.mwh for p in site.market_parts)
        assert math.isclose(covered, site.mwh, rel_tol=1e-9, abs_tol=1e-6)
        assert all(p.mwh > 0 for p in site.market_parts)


@given(rows, mwh)
def test_zero_rate_certificate_never_raises_market_total(
    consumption: list[Scope2Consumption], q: float
) -> None:
    go = Instrument(id="go", kind="GO", quantity=q, emission_rate={"CO2": 0.0}, market="XX",
                    vintage=YEAR, retired_for="E1")  # fmt: skip
    without, with_go = _run(consumption), _run(consumption, [go])
    assert with_go.market_based <= without.market_based * (1 + 1e-12) + 1e-6
    assert with_go.location_based == without.location_based
