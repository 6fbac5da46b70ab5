"""Invariants of factor sets and lookups, checked with hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonstd.errors import FactorNotFoundError
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence, load_json

CC0 = Licence(id="CC0-1.0")
REGIONS = ["GB", "US", "US-GRID-CAMX", "GLO"]
YEARS = st.integers(2000, 2030)


@st.composite
def factor_sets(draw: st.DrawFn) -> FactorSet:
    keys = draw(
        st.lists(st.tuples(st.sampled_from(REGIONS), YEARS), min_size=1, max_size=12, unique=True)
    )
    factors = [
        EmissionFactor(
            id=f"f{i}",
            activity="electricity.grid",
            unit="kWh",
            region=region,
            year=year,
            gases={"CO2": draw(st.floats(0, 2, allow_nan=False)), "CH4": 1e-5},
        )
        for i, (region, year) in enumerate(keys)
    ]
    return FactorSet(name="p", version="1", title="P", licence=CC0, factors=factors)


@given(factor_sets())
@settings(max_examples=60, deadline=None)
def test_json_roundtrip_keeps_value_and_hash(fs: FactorSet) -> None:
    again = load_json(fs.to_json())
    assert again == fs
    assert again.content_hash == fs.content_hash


@given(factor_sets())
@settings(max_examples=40, deadline=None)
def test_hash_ignores_key_order_of_the_document(fs: FactorSet) -> None:
    # the hash is of the canonical form: key order in the mapping never matters
    reordered = {k: fs.to_json()[k] for k in reversed(list(fs.to_json()))}
    assert load_json(reordered).content_hash == fs.content_hash


@given(
    factor_sets(),
    st.sampled_from([*REGIONS, "US-GRID-NWPP", "FR"]),
    YEARS,
    st.sampled_from(["exact", "latest_earlier", "nearest"]),
)
@settings(max_examples=150, deadline=None)
def test_lookup_respects_the_year_rule_and_region_chain(
    fs: FactorSet, region: str, year: int, rule: str
) -> None:
    reg = FactorRegistry([fs], year_rule=rule)
    chain = reg.region_chain(region)
    try:
        res = reg.lookup("electricity.grid", region=region, year=year)
    except FactorNotFoundError as exc:
        for code in chain:  # nothing in the chain satisfies the rule
            years = [f.year for f in fs if f.region == code]
            if rule == "exact":
                assert year not in years
            elif rule == "latest_earlier":
                assert all(y > year for y in years)
            else:
                assert not years
        tried = exc.tried
        assert tried[0].startswith("region chain: ")
        return
    got = res.factor
    assert res.matched_region == got.region
    # no earlier region of the chain could have been used
    for code in chain[: chain.index(got.region)]:
        years = [f.year for f in fs if f.region == code]
        if rule == "exact":
            assert year not in years
        elif rule == "latest_earlier":
            assert all(y > year for y in years)
        else:
            assert not years
    years = sorted(f.year for f in fs if f.region == got.region)
    if rule == "exact":
        assert got.year == year
    elif rule == "latest_earlier":
        assert got.year == max(y for y in years if y <= year)
    else:
        best = min(abs(y - year) for y in years)
        assert abs(got.year - year) == best
        assert got.year == min(y for y in years if abs(y - year) == best)


@given(factor_sets(), st.lists(st.tuples(st.integers(0, 4), YEARS), min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_resolve_equals_lookup_and_ignores_row_order(
    fs: FactorSet, rows: list[tuple[int, int]]
) -> None:
    labels = [*REGIONS, "FR"]
    reg = FactorRegistry([fs])
    r = np.array([x for x, _ in rows])
    y = np.array([y for _, y in rows])
    a = np.zeros(len(rows), dtype=np.int64)
    out = reg.resolve(a, r, y, activity_labels=["electricity.grid"], region_labels=labels)
    flipped = reg.resolve(
        a[::-1], r[::-1], y[::-1], activity_labels=["electricity.grid"], region_labels=labels
    )
    for i, (ri, yi) in enumerate(rows):
        j = len(rows) - 1 - i
        got = out.resolutions[out.index[i]] if out.index[i] >= 0 else None
        other = flipped.resolutions[flipped.index[j]] if flipped.index[j] >= 0 else None
        assert got == other
        try:
            assert got == reg.lookup("electricity.grid", region=labels[ri], year=yi)
        except FactorNotFoundError:
            assert got is None
