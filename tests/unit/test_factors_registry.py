"""FactorRegistry: region chain, layer priority, year rules, filters, ambiguity, resolve."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from carbonstd.errors import (
    ActivityDataError,
    AmbiguousFactorError,
    FactorDataError,
    FactorNotFoundError,
)
from carbonstd.factors import (
    EmissionFactor,
    FactorRegistry,
    FactorSet,
    FuelProperties,
    Licence,
    bundled_sets,
    default_registry,
    load_json,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
CC0 = Licence(id="CC0-1.0")
DEFAULTS = load_json(FIXTURES / "defaults.json")
COMPANY = load_json(FIXTURES / "company.json")
REG = FactorRegistry([DEFAULTS])


def grid(id_: str, year: int, region: str = "GB", **kw: object) -> EmissionFactor:
    base: dict[str, object] = {
        "id": id_,
        "activity": "electricity.grid",
        "unit": "kWh",
        "region": region,
        "year": year,
        "gases": {"CO2": 0.1},
    }
    base.update(kw)
    return EmissionFactor(**base)  # type: ignore[arg-type]


def one_set(*factors: EmissionFactor, name: str = "s") -> FactorSet:
    return FactorSet(name=name, version="1", title="S", licence=CC0, factors=factors)


def test_exact_match() -> None:
    res = REG.lookup("electricity.grid", region="GB", year=2024)
    assert res.factor.id == "gb-grid-2024"
    assert (res.set_name, res.set_version, res.layer) == ("test-defaults", "1", 0)
    assert res.content_hash == DEFAULTS.content_hash
    assert res.matched_region == "GB"
    assert res.licence == DEFAULTS.licence
    assert res.steps[-1] == "GB / layer 0 test-defaults 1: found 'gb-grid-2024' for year 2024"


def test_region_chain_grid_region_to_country_to_glo() -> None:
    assert REG.region_chain("US-GRID-NWPP") == ("US-GRID-NWPP", "US", "GLO")
    assert REG.region_chain("CN-GD") == ("CN-GD", "CN", "GLO")
    assert REG.region_chain("GLO") == ("GLO",)
    res = REG.lookup("electricity.grid", region="US-GRID-NWPP", year=2024)
    assert res.factor.id == "us-grid-2023"
    assert res.matched_region == "US"
    assert "US-GRID-NWPP / layer 0 test-defaults 1: no factor for 'electricity.grid'" in res.steps
    res = REG.lookup("electricity.grid", region="FR", year=2024)
    assert (res.factor.id, res.matched_region) == ("glo-grid-2020", "GLO")


def test_parents_from_the_regions_map_come_before_the_country_prefix() -> None:
    s = FactorSet(
        name="s",
        version="1",
        title="S",
        licence=CC0,
        regions={"GB-SITE-1": "GB-GRID-SOUTH"},
        factors=[grid("south", 2024, region="GB-GRID-SOUTH"), grid("gb", 2024)],
    )
    reg = FactorRegistry([s])
    assert reg.region_chain("GB-SITE-1") == ("GB-SITE-1", "GB-GRID-SOUTH", "GB", "GLO")
    assert reg.lookup("electricity.grid", region="GB-SITE-1", year=2024).factor.id == "south"


def test_year_rules() -> None:
    s = one_set(grid("y2020", 2020), grid("y2023", 2023))
    reg = FactorRegistry([s])
    assert reg.lookup("electricity.grid", region="GB", year=2022).factor.id == "y2020"
    res = reg.lookup("electricity.grid", region="GB", year=2022, year_rule="nearest")
    assert res.factor.id == "y2023"
    assert res.steps[-1].endswith("for year 2023 (nearest to 2022)")
    # tie: the earlier year wins
    s2 = one_set(grid("y2020", 2020), grid("y2022", 2022))
    assert (
        FactorRegistry([s2], year_rule="nearest")
        .lookup("electricity.grid", region="GB", year=2021)
        .factor.id
        == "y2020"
    )
    with pytest.raises(FactorNotFoundError) as info:
        reg.lookup("electricity.grid", region="GB", year=2022, year_rule="exact")
    assert any("none for 2022 under year rule 'exact'" in t for t in info.value.tried)
    # latest_earlier never reaches forward
    with pytest.raises(FactorNotFoundError):
        reg.lookup("electricity.grid", region="GB", year=2019)
    assert reg.lookup(
        "electricity.grid", region="GB", year=2019, year_rule="nearest"
    ).factor.id == ("y2020")


def test_company_layer_above_defaults() -> None:
    reg = REG.with_set(COMPANY)
    assert [s.name for s in reg.layers] == ["acme-supplier", "test-defaults"]
    res = reg.lookup("electricity.grid", region="GB", year=2024)
    assert (res.factor.id, res.layer, res.set_name) == ("acme-gb-grid", 0, "acme-supplier")
    bottom = REG.with_set(COMPANY, position="bottom")
    assert bottom.lookup("electricity.grid", region="GB", year=2024).factor.id == "gb-grid-2024"
    # region specificity beats layer priority: the company set has nothing for US
    assert reg.lookup("electricity.grid", region="US", year=2024).set_name == "test-defaults"
    assert len(REG) == 1  # with_set returned a new registry


def test_ambiguity_names_the_keyword_that_chooses() -> None:
    s = one_set(
        EmissionFactor(id="l", activity="fuel.diesel", unit="L", year=2024, gases={"CO2": 2.6}),
        EmissionFactor(
            id="kn",
            activity="fuel.diesel",
            unit="kWh",
            year=2024,
            calorific_basis="net",
            gases={"CO2": 0.25},
        ),
        EmissionFactor(
            id="kg",
            activity="fuel.diesel",
            unit="kWh",
            year=2024,
            calorific_basis="gross",
            gases={"CO2": 0.24},
        ),
    )
    reg = FactorRegistry([s])
    with pytest.raises(AmbiguousFactorError, match="3 factors match") as info:
        reg.lookup("fuel.diesel", region="GB", year=2024)
    assert "calorific_basis=" in str(info.value)
    assert "unit=" in str(info.value)
    assert reg.lookup("fuel.diesel", region="GB", year=2024, unit="US_gallon").factor.id == "l"
    with pytest.raises(AmbiguousFactorError, match="calorific_basis="):
        reg.lookup("fuel.diesel", region="GB", year=2024, unit="MJ")
    res = reg.lookup("fuel.diesel", region="GB", year=2024, unit="MJ", calorific_basis="gross")
    assert res.factor.id == "kg"


def test_identical_unit_breaks_a_tie_between_same_dimension_units() -> None:
    s = one_set(grid("kwh", 2024), grid("mwh", 2024, unit="MWh"))
    reg = FactorRegistry([s])
    assert reg.lookup("electricity.grid", region="GB", year=2024, unit="MWh").factor.id == "mwh"
    with pytest.raises(AmbiguousFactorError, match="unit="):
        reg.lookup("electricity.grid", region="GB", year=2024, unit="GJ")


def test_boundary_filter_and_its_step() -> None:
    s = one_set(grid("gen", 2024, boundary="generation"), grid("td", 2024, boundary="T&D"))
    reg = FactorRegistry([s])
    assert reg.lookup("electricity.grid", region="GB", year=2024, boundary="T&D").factor.id == "td"
    with pytest.raises(FactorNotFoundError) as info:
        reg.lookup("electricity.grid", region="GB", year=2024, boundary="WTT")
    assert "none with boundary='WTT'" in info.value.tried[1]


def test_not_found_lists_every_step() -> None:
    reg = REG.with_set(COMPANY)
    with pytest.raises(FactorNotFoundError) as info:
        reg.lookup("fuel.petrol", region="US-GRID-CAMX", year=2024)
    err = info.value
    assert isinstance(err, KeyError)
    assert err.tried == (
        "region chain: US-GRID-CAMX -> US -> GLO; year rule latest_earlier",
        "US-GRID-CAMX: no factor for 'fuel.petrol' in any of the 2 layer(s)",
        "US: no factor for 'fuel.petrol' in any of the 2 layer(s)",
        "GLO: no factor for 'fuel.petrol' in any of the 2 layer(s)",
    )
    assert "tried:" in str(err)


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"region": "gb"}, "not a valid region code"),
        ({"region": "GB", "year": "2024"}, "year must be an integer"),
        ({"region": "GB", "boundary": "scope1"}, "unknown boundary"),
        ({"region": "GB", "calorific_basis": "lhv"}, "unknown calorific_basis"),
        ({"region": "GB", "year_rule": "closest"}, "unknown year_rule"),
    ],
)
def test_bad_queries(kw: dict[str, object], fragment: str) -> None:
    kw.setdefault("year", 2024)
    with pytest.raises(ActivityDataError, match=fragment):
        REG.lookup("electricity.grid", **kw)  # type: ignore[arg-type]


def test_bad_activity_and_registry_options() -> None:
    with pytest.raises(ActivityDataError, match="activity key"):
        REG.lookup("Electricity", region="GB", year=2024)
    with pytest.raises(ActivityDataError, match="year_rule"):
        FactorRegistry([], year_rule="any")
    with pytest.raises(FactorDataError, match="registry layers must be FactorSet values"):
        FactorRegistry(["x"])  # type: ignore[list-item]
    with pytest.raises(ActivityDataError, match="position"):
        REG.with_set(COMPANY, position="middle")  # type: ignore[arg-type]


def test_fuel_properties_follow_the_region_chain() -> None:
    props = REG.fuel_properties("fuel.diesel", region="GB")
    assert props.region == "GLO"
    assert props.ncv is not None
    gb = FactorSet(
        name="gb",
        version="1",
        title="GB",
        licence=CC0,
        fuels=[FuelProperties(fuel="fuel.diesel", region="GB", density=(0.835, "kg/L"))],
    )
    reg = REG.with_set(gb, position="bottom")
    assert reg.fuel_properties("fuel.diesel", region="GB").region == "GB"
    with pytest.raises(FactorNotFoundError, match="no fuel properties") as info:
        reg.fuel_properties("fuel.petrol", region="GB")
    assert len(info.value.tried) == 4


def test_search() -> None:
    reg = REG.with_set(COMPANY)
    hits = reg.search("GRID", region="GB")
    assert [(h.layer, h.factor.id) for h in hits] == [
        (0, "acme-gb-grid"),
        (1, "gb-grid-2024"),
        (1, "gb-grid-2022"),
    ]
    assert [h.factor.id for h in reg.search("grid", year=2022)] == ["gb-grid-2022"]


def test_describe_shows_set_and_steps() -> None:
    text = REG.lookup("electricity.grid", region="FR", year=2024).describe()
    assert "test-defaults 1 (layer 0" in text
    assert "latest earlier than 2024" in text


# --- vectorized resolve ------------------------------------------------------------------


def test_resolve_matches_lookup_row_by_row() -> None:
    acts = ["electricity.grid", "fuel.diesel", "fuel.petrol"]
    regions = ["GB", "US-GRID-CAMX", "FR"]
    rng = np.random.default_rng(7)
    n = 500
    a = rng.integers(0, 3, n)
    r = rng.integers(0, 3, n)
    y = rng.integers(2019, 2026, n)
    reg = REG.with_set(COMPANY)
    out = reg.resolve(a, r, y, activity_labels=acts, region_labels=regions)
    assert out.index.shape == (n,)
    for i in range(n):
        try:
            expected = reg.lookup(acts[a[i]], region=regions[r[i]], year=int(y[i]))
        except FactorNotFoundError:
            assert out.index[i] == -1
            assert (acts[a[i]], regions[r[i]], int(y[i])) in out.missing
        else:
            assert out.resolutions[out.index[i]] == expected
    assert len({(x.activity, x.region, x.year) for x in out.resolutions}) == len(out.resolutions)


def test_resolve_with_units_prefers_matching_dimensions() -> None:
    s = one_set(
        EmissionFactor(id="l", activity="fuel.diesel", unit="L", year=2024, gases={"CO2": 2.6}),
        EmissionFactor(id="t", activity="fuel.diesel", unit="t", year=2024, gases={"CO2": 3100}),
    )
    out = FactorRegistry([s]).resolve(
        np.zeros(4, dtype=np.int64),
        np.zeros(4, dtype=np.int64),
        np.full(4, 2024),
        activity_labels=["fuel.diesel"],
        region_labels=["GB"],
        unit_labels=["kg", "m3"],
        unit_codes=np.array([0, 1, 1, 0]),
    )
    assert [out.resolutions[i].factor.id for i in out.index] == ["t", "l", "l", "t"]
    with pytest.raises(AmbiguousFactorError):
        FactorRegistry([s]).resolve(
            np.zeros(1, dtype=int),
            np.zeros(1, dtype=int),
            [2024],
            activity_labels=["fuel.diesel"],
            region_labels=["GB"],
        )


def test_resolve_empty_and_read_only() -> None:
    out = REG.resolve(
        np.empty(0, dtype=int),
        np.empty(0, dtype=int),
        np.empty(0, dtype=int),
        activity_labels=[],
        region_labels=[],
    )
    assert out.index.size == 0
    assert out.resolutions == ()
    out = REG.resolve([0], [0], [2024], activity_labels=["electricity.grid"], region_labels=["GB"])
    assert not out.index.flags.writeable


@pytest.mark.parametrize(
    ("args", "kw", "fragment"),
    [
        (([0], [0, 1], [2024]), {}, "region_codes has 2 rows"),
        (([0.5], [0], [2024]), {}, "must hold integers"),
        (([3], [0], [2024]), {}, "out of range"),
        (([-1], [0], [2024]), {}, "out of range"),
        (([[0]], [0], [2024]), {}, "one-dimensional"),
        (([0], [0], [2024]), {"unit_labels": ["kg"]}, "both unit_labels and unit_codes"),
        (([0], [0], [2024]), {"year_rule": "soon"}, "unknown year_rule"),
    ],
)
def test_resolve_bad_input(args: tuple[object, ...], kw: dict[str, object], fragment: str) -> None:
    with pytest.raises(ActivityDataError, match=fragment):
        REG.resolve(*args, activity_labels=["electricity.grid"], region_labels=["GB", "FR"], **kw)  # type: ignore[arg-type]


# --- bundled sets ------------------------------------------------------------------------


def test_bundled_sets_load_and_order() -> None:
    sets = bundled_sets()
    reg = default_registry()
    assert reg is default_registry()
    assert [(s.name, s.version) for s in sets] == [(x.name, x.version) for x in reg.layers]
    for info, layer in zip(sets, reg.layers, strict=True):
        assert info.factor_count == len(layer)
        assert info.content_hash == layer.content_hash
        assert info.licence.id
    names = [s.name for s in sets]
    for i in range(1, len(sets)):  # editions of one set: newest first
        if names[i] == names[i - 1]:
            assert sets[i - 1].version >= sets[i].version
