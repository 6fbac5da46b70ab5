"""FactorRegistry.resolve (vectorised, columnar index) against the scalar FactorRegistry.lookup.

The vectorised path settles only combinations whose first matching entry holds one
factor of a station with one unit dimension; everything else goes through the scalar
plan and walk. These tests check that the outcome (factor, Resolution with its steps,
missing combinations, errors) is the one ``lookup`` gives, on hand-made cases and on
random registries (layers, region maps, years, units of several dimensions and scales,
boundaries and calorific bases, all three year rules).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carbonstd.errors import (
    ActivityDataError,
    AmbiguousFactorError,
    CarbonStdError,
    FactorNotFoundError,
)
from carbonstd.factors import (
    EmissionFactor,
    FactorRegistry,
    FactorSet,
    Licence,
    Resolution,
    Resolved,
)
from carbonstd.factors._index import factor_index

CC0 = Licence(id="CC0-1.0")
ACTIVITIES = ["electricity.grid", "process.heat", "freight.road"]
REGIONS = ["GLO", "GB", "GB-GRID-SOUTH", "GB-SITE-1", "US", "US-GRID-CAMX", "FR"]
#: Units of three dimensions (energy, volume, mass), two scales each.
UNITS = ["kWh", "MWh", "L", "m3", "kg", "t"]
ENERGY = {"kWh", "MWh"}
BOUNDARY_CHOICES = [None, "combustion", "WTT"]
FACTOR_REGIONS = ["GLO", "GB", "GB-GRID-SOUTH", "US"]


@st.composite
def factor_sets(draw: st.DrawFn, layer: int) -> FactorSet:
    # Few stations, so that stations often hold several years, units and boundaries.
    n = draw(st.integers(min_value=0, max_value=16))
    factors = []
    seen = set()  # a set refuses two factors with the same identifying fields
    for i in range(n):
        unit = draw(st.sampled_from(UNITS))
        basis = draw(st.sampled_from([None, "net", "gross"])) if unit in ENERGY else None
        factor = EmissionFactor(
            id=f"L{layer}-f{i}",
            activity=draw(st.sampled_from(ACTIVITIES[:2])),
            unit=unit,
            region=draw(st.sampled_from(FACTOR_REGIONS)),
            year=draw(st.integers(min_value=2019, max_value=2023)),
            boundary=draw(st.sampled_from(BOUNDARY_CHOICES)),
            calorific_basis=basis,
            gases={"CO2": draw(st.floats(min_value=0.01, max_value=10.0))},
        )
        ident = (factor.activity, factor.region, factor.year, unit, factor.boundary, basis)
        if ident not in seen:
            seen.add(ident)
            factors.append(factor)
    regions = draw(st.sampled_from([{}, {"GB-SITE-1": "GB-GRID-SOUTH"}, {"US-GRID-CAMX": "FR"}]))
    return FactorSet(
        name=f"set{layer}", version="1", title="T", licence=CC0, regions=regions, factors=factors
    )


@st.composite
def registries(draw: st.DrawFn) -> FactorRegistry:
    n_layers = draw(st.integers(min_value=0, max_value=3))
    rule = draw(st.sampled_from(["exact", "latest_earlier", "nearest"]))
    return FactorRegistry([draw(factor_sets(i)) for i in range(n_layers)], year_rule=rule)


queries = st.lists(
    st.tuples(
        st.integers(0, len(ACTIVITIES) - 1),
        st.integers(0, len(REGIONS) - 1),
        st.integers(2017, 2025),
        st.integers(0, len(UNITS) - 1),
    ),
    min_size=1,
    max_size=25,
)
options = st.tuples(
    st.sampled_from(BOUNDARY_CHOICES),
    st.sampled_from([None, "net", "gross"]),
    st.sampled_from([None, "exact", "latest_earlier", "nearest"]),
)


Options = tuple[str | None, str | None, str | None]
Query = tuple[int, int, int, int]


def scalar(
    reg: FactorRegistry, q: Query, opts: Options, with_unit: bool
) -> Resolution | CarbonStdError:
    a, r, y, u = q
    boundary, basis, rule = opts
    try:
        return reg.lookup(
            ACTIVITIES[a],
            region=REGIONS[r],
            year=y,
            unit=UNITS[u] if with_unit else None,
            boundary=boundary,
            calorific_basis=basis,
            year_rule=rule,  # type: ignore[arg-type]
        )
    except (AmbiguousFactorError, FactorNotFoundError) as exc:
        return exc


def vectorised(reg: FactorRegistry, qs: list[Query], opts: Options, unit: bool) -> Resolved:
    arr = np.array(qs, dtype=np.int64).reshape(-1, 4)
    boundary, basis, rule = opts
    return reg.resolve(
        arr[:, 0],
        arr[:, 1],
        arr[:, 2],
        activity_labels=ACTIVITIES,
        region_labels=REGIONS,
        unit_labels=UNITS if unit else None,
        unit_codes=arr[:, 3] if unit else None,
        boundary=boundary,
        calorific_basis=basis,
        year_rule=rule,  # type: ignore[arg-type]
    )


def check_agrees(reg: FactorRegistry, qs: list[Query], opts: Options, with_unit: bool) -> None:
    expected = [scalar(reg, q, opts, with_unit) for q in qs]
    index = factor_index(reg)
    # One query at a time: the same factor, the same Resolution, or the same error.
    for q, want in zip(qs, expected, strict=True):
        if isinstance(want, AmbiguousFactorError):
            with pytest.raises(AmbiguousFactorError) as info:
                vectorised(reg, [q], opts, with_unit)
            assert info.value.message == want.message
            continue
        out = vectorised(reg, [q], opts, with_unit)
        if isinstance(want, FactorNotFoundError):
            assert out.index.tolist() == [-1]
            assert out.missing == ((ACTIVITIES[q[0]], REGIONS[q[1]], q[2]),)
            continue
        assert isinstance(want, Resolution)
        assert out.index.tolist() == [0]
        assert out.resolutions[0] == want
        assert index.factors[int(out.factor_ids[0])] is want.factor
    # All queries at once, when none is ambiguous: row by row as the scalar lookup.
    if any(isinstance(w, AmbiguousFactorError) for w in expected):
        with pytest.raises(AmbiguousFactorError):
            vectorised(reg, qs, opts, with_unit)
        return
    out = vectorised(reg, qs, opts, with_unit)
    for i, want in enumerate(expected):
        k = int(out.index[i])
        if isinstance(want, Resolution):
            assert k >= 0
            assert index.factors[int(out.factor_ids[k])] is want.factor
            assert out.resolutions[k] == want
        else:
            assert k == -1
            assert (ACTIVITIES[qs[i][0]], REGIONS[qs[i][1]], qs[i][2]) in out.missing


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reg=registries(), qs=queries, opts=options, with_unit=st.booleans())
def test_vectorised_resolve_agrees_with_scalar_lookup(
    reg: FactorRegistry, qs: list[Query], opts: Options, with_unit: bool
) -> None:
    check_agrees(reg, qs, opts, with_unit)


def f(
    id_: str, year: int, *, unit: str = "kWh", region: str = "GB", **kw: object
) -> EmissionFactor:
    return EmissionFactor(
        id=id_,
        activity="electricity.grid",
        unit=unit,
        region=region,
        year=year,
        gases={"CO2": 0.1},
        **kw,  # type: ignore[arg-type]
    )


def one(
    *factors: EmissionFactor, name: str = "s", regions: dict[str, str] | None = None
) -> FactorSet:
    return FactorSet(
        name=name, version="1", title="S", licence=CC0, factors=factors, regions=regions or {}
    )


@pytest.mark.parametrize("rule", ["exact", "latest_earlier", "nearest"])
def test_year_rules_fallbacks_and_layers(rule: str) -> None:
    top = one(f("top-gb-2020", 2020), f("top-glo", 2022, region="GLO"), name="top")
    low = one(
        f("low-south", 2024, region="GB-GRID-SOUTH"),
        f("low-gb-2023", 2023),
        f("low-gb-2025", 2025),
        name="low",
        regions={"GB-SITE-1": "GB-GRID-SOUTH"},
    )
    reg = FactorRegistry([top, low], year_rule=rule)
    qs = [(0, r, y, 0) for r in range(len(REGIONS)) for y in (2019, 2020, 2022, 2024, 2026)]
    check_agrees(reg, qs, (None, None, None), True)
    check_agrees(reg, qs, (None, None, None), False)


def test_nearest_tie_takes_the_earlier_year() -> None:
    reg = FactorRegistry([one(f("y2020", 2020), f("y2022", 2022))], year_rule="nearest")
    out = vectorised(reg, [(0, 1, 2021, 0)], (None, None, None), True)
    assert out.resolutions[0].factor.id == "y2020"
    check_agrees(reg, [(0, 1, y, 0) for y in range(2015, 2028)], (None, None, None), True)


def test_units_choose_between_factors_of_one_year() -> None:
    reg = FactorRegistry([one(f("per-kwh", 2024), f("per-mwh", 2024, unit="MWh"))])
    assert (
        vectorised(reg, [(0, 1, 2024, 1)], (None, None, None), True).resolutions[0].factor.id
        == "per-mwh"
    )
    with pytest.raises(AmbiguousFactorError, match="2 factors match"):
        vectorised(reg, [(0, 1, 2024, 4)], (None, None, None), True)  # kg: no unit chooses
    with pytest.raises(AmbiguousFactorError, match="2 factors match"):
        vectorised(reg, [(0, 1, 2024, 0)], (None, None, None), False)


def test_unit_dimensions_prefer_a_station_factor_of_the_same_kind() -> None:
    # A station mixing kWh and L: litres skip the 2024 kWh factor and take the 2020 L one.
    reg = FactorRegistry([one(f("kwh", 2024), f("litre", 2020, unit="L"))])
    out = vectorised(reg, [(0, 1, 2024, 2), (0, 1, 2024, 0)], (None, None, None), True)
    assert [out.resolutions[int(k)].factor.id for k in out.index] == ["litre", "kwh"]


def test_boundary_and_basis_filters() -> None:
    reg = FactorRegistry(
        [
            one(
                f("wtt", 2024, boundary="WTT"),
                f("comb", 2024, boundary="combustion", calorific_basis="net"),
                f("gross", 2024, boundary="combustion", calorific_basis="gross"),
            )
        ]
    )
    out = vectorised(reg, [(0, 1, 2024, 0)], ("WTT", None, None), True)
    assert out.resolutions[0].factor.id == "wtt"
    out = vectorised(reg, [(0, 1, 2024, 0)], ("combustion", "gross", None), True)
    assert out.resolutions[0].factor.id == "gross"
    out = vectorised(reg, [(0, 1, 2024, 0)], ("T&D", None, None), True)
    assert out.index.tolist() == [-1]


def test_missing_lists_each_combination_in_order() -> None:
    reg = FactorRegistry([one(f("gb", 2024))])
    out = vectorised(reg, [(1, 1, 2024, 0), (0, 6, 2024, 0), (0, 1, 2024, 0)], (None,) * 3, True)
    assert out.index.tolist() == [-1, -1, 0]
    assert out.missing == (("electricity.grid", "FR", 2024), ("process.heat", "GB", 2024))


def test_resolutions_are_built_on_access_and_behave_as_a_sequence() -> None:
    reg = FactorRegistry([one(f("gb", 2024), f("fr", 2023, region="FR"))])
    out = vectorised(reg, [(0, 1, 2024, 0), (0, 6, 2024, 0)], (None,) * 3, True)
    assert len(out.resolutions) == 2
    assert [r.factor.id for r in out.resolutions] == ["gb", "fr"]
    assert out.resolutions[-1].factor.id == "fr"
    assert [r.factor.id for r in out.resolutions[0:1]] == ["gb"]
    assert "built on access" in repr(out.resolutions)
    with pytest.raises(IndexError, match="out of range for 2 resolutions"):
        out.resolutions[2]


def test_bad_labels_raise_the_lookup_error() -> None:
    reg = FactorRegistry([one(f("gb", 2024))])
    with pytest.raises(ActivityDataError, match="not a valid region code"):
        reg.resolve([0], [0], [2024], activity_labels=["electricity.grid"], region_labels=["gb"])
    with pytest.raises(ActivityDataError, match="not a valid activity key"):
        reg.resolve([0], [0], [2024], activity_labels=["Electricity"], region_labels=["GB"])
    # Unused bad labels are not looked at.
    out = reg.resolve(
        [0], [1], [2024], activity_labels=["electricity.grid"], region_labels=["bad!", "GB"]
    )
    assert out.index.tolist() == [0]


def test_index_is_built_once_per_registry() -> None:
    reg = FactorRegistry([one(f("gb", 2024))])
    assert factor_index(reg) is factor_index(reg)
    other = reg.with_set(one(f("x", 2024), name="other"))
    assert factor_index(other) is not factor_index(reg)
    assert len(factor_index(other).factors) == 2
