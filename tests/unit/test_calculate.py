"""carbonstd.calculation: resolution, unit conversion, ledger, late-bound CO2e, reports, errors.

The factor values below are small numbers chosen for the tests; the IPCC 2006
Tier 1 diesel numbers (NCV 43.0 TJ/Gg, Vol. 2 Table 1.2; CO2 74,100 kg/TJ,
Table 1.4; CH4 3 and N2O 0.6 kg/TJ, Table 2.2) are used where a real fuel
conversion is exercised. Expected values are computed with math.fsum from
the inputs, not copied from carbonstd's output.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from carbonstd import gwp
from carbonstd.activities import Activity, ActivityTable
from carbonstd.calculation import Emissions, calculate
from carbonstd.errors import (
    ActivityDataError,
    GWPMismatchError,
    MissingFactorError,
    UnitError,
    UnknownGasError,
    UnknownGWPSetError,
)
from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, FuelProperties, Licence

CC0 = Licence(id="CC0-1.0")


def make_registry() -> FactorRegistry:
    factors = [
        EmissionFactor(
            id="grid-gb",
            activity="electricity.grid",
            unit="kWh",
            region="GB",
            year=2024,
            gases={"CO2": 0.2, "CH4": 0.00003, "N2O": 0.000005},
        ),
        EmissionFactor(
            id="grid-cn",
            activity="electricity.grid",
            unit="kWh",
            region="CN",
            year=2022,
            gases={"CO2": 0.5703},
        ),
        EmissionFactor(
            id="diesel",
            activity="fuel.diesel",
            unit="TJ",
            region="GLO",
            year=2006,
            gases={"CO2": 74100.0, "CH4": 3.0, "N2O": 0.6},
            calorific_basis="net",
        ),
        EmissionFactor(
            id="hotel",
            activity="hotel.night",
            unit="piece",
            region="GB",
            year=2024,
            co2e=10.4,
            gwp="AR5",
        ),
        EmissionFactor(
            id="wood",
            activity="fuel.wood_pellets",
            unit="t",
            region="GLO",
            year=2024,
            gases={"CO2_biogenic": 1600.0, "CH4": 0.5},
        ),
    ]
    fuels = [FuelProperties(fuel="fuel.diesel", ncv=(43.0, "TJ/Gg"), density=(0.84, "kg/L"))]
    fs = FactorSet(
        name="test", version="1", title="Test", licence=CC0, factors=factors, fuels=fuels
    )
    return FactorRegistry([fs])


REG = make_registry()


def table(*rows: Activity) -> ActivityTable:
    return ActivityTable.from_records(list(rows))


def grid(amount: float, unit: str = "kWh", region: str = "GB", **tags: str) -> Activity:
    return Activity("electricity.grid", amount, unit, region, year=2024, tags=tags)


def test_per_gas_ledger_and_co2e() -> None:
    em = calculate(table(grid(1000.0), grid(2.0, "MWh")), factors=REG, gwp="AR6")
    totals = em.gas_totals()
    assert list(totals) == ["CO2", "CH4", "N2O"]
    assert totals["CO2"] == math.fsum([1000.0 * 0.2, 2.0 * (1000.0 * 0.2)])
    ar6 = gwp.get("AR6")
    expected = math.fsum(ar6.factor(g) * v for g, v in totals.items())
    assert em.total() == expected
    ar5 = gwp.get("AR5")
    assert em.total("AR5") == math.fsum(ar5.factor(g) * v for g, v in totals.items())
    assert em.total(ar5) == em.total("AR5")


def test_region_and_year_fallback_and_lineage() -> None:
    em = calculate(table(grid(100.0, region="CN-GRID-EAST")), factors=REG, gwp="AR6")
    (lineage,) = em.lineage
    assert lineage.resolution.factor.id == "grid-cn"
    assert any("latest earlier" in s for s in lineage.resolution.steps)
    assert em.gas_totals() == {"CO2": 100.0 * 0.5703}


def test_volume_to_energy_through_fuel_properties() -> None:
    em = calculate(
        table(Activity("fuel.diesel", 10000.0, "L", "GB", year=2024)), factors=REG, gwp="AR6"
    )
    (lineage,) = em.lineage
    # 1 L = 0.84 kg = 0.84e-6 Gg; x 43 TJ/Gg
    assert lineage.multiplier == pytest.approx(0.84e-6 * 43.0, rel=1e-15)
    assert lineage.conversion_steps[0].startswith("fuel properties of fuel.diesel")
    assert em.gas_totals()["CO2"] == pytest.approx(10000 * 0.84e-6 * 43 * 74100, rel=1e-14)


def test_unit_that_cannot_convert_names_row_and_units() -> None:
    rows = table(Activity("electricity.grid", 5.0, "kg", "GB", year=2024))
    with pytest.raises(UnitError, match="cannot convert the activity unit 'kg'") as info:
        calculate(rows, factors=REG, gwp="AR6")
    assert "row 1" in str(info.value)


def test_missing_factor_raises_with_rows() -> None:
    rows = table(grid(1.0), Activity("fuel.petrol", 3.0, "L", "FR", year=2024))
    with pytest.raises(MissingFactorError) as info:
        calculate(rows, factors=REG, gwp="AR6")
    text = str(info.value)
    assert "no emission factor for 1 of 2 rows" in text
    assert "row 2: fuel.petrol in FR for 2024 (L)" in text
    assert isinstance(info.value, KeyError)


def test_missing_factor_reported_loudly() -> None:
    rows = table(grid(1.0), Activity("fuel.petrol", 3.0, "L", "FR", year=2024))
    em = calculate(rows, factors=REG, gwp="AR6", on_missing="report")
    assert em.unresolved_rows == 1
    assert em.unresolved == (("fuel.petrol", "FR", 2024),)
    assert em.gas_totals()["CO2"] == 0.2
    assert "UNRESOLVED 1 rows NOT in totals" in repr(em)
    assert "WARNING: 1 rows have no factor" in em.summary()
    doc = json.loads(em.to_json())
    assert doc["unresolved_rows"] == 1
    assert doc["warnings"]
    assert em.by().unresolved_rows == 1
    assert "NO FACTOR" in em.explain(1).to_text()


def test_co2e_only_factor_and_gwp_mismatch() -> None:
    rows = table(Activity("hotel.night", 3.0, "piece", "GB", year=2024))
    em = calculate(rows, factors=REG, gwp="AR5")
    assert em.gases == ("CO2e[AR5-GWP100]",)
    assert em.total() == 3.0 * 10.4
    with pytest.raises(GWPMismatchError, match="AR5-GWP100") as info:
        em.total("AR6")
    assert "allow_gwp_conversion=True" in str(info.value)
    with pytest.raises(GWPMismatchError):
        calculate(rows, factors=REG, gwp="AR6")
    allowed = calculate(rows, factors=REG, gwp="AR6", allow_gwp_conversion=True)
    assert allowed.total() == 3.0 * 10.4
    assert allowed.by().carried_co2e == ("AR5-GWP100",)
    assert "carried at face value" in allowed.summary()


def test_biogenic_kept_but_outside_total_by_default() -> None:
    rows = table(Activity("fuel.wood_pellets", 2.0, "t", "SE", year=2024))
    em = calculate(rows, factors=REG, gwp="AR6")
    assert em.biogenic_co2() == 3200.0
    assert em.total() == 1.0 * gwp.get("AR6").factor("CH4")
    assert em.total(include_biogenic=True) == math.fsum([3200.0, em.total()])
    groups = em.by()
    assert "CO2_biogenic is reported separately" in groups.to_text()


def test_by_groups_sorted_and_exact() -> None:
    rows = table(
        grid(0.1, site="B", scope="2"),
        grid(0.2, site="A", scope="2"),
        grid(0.3, site="B", scope="2"),
    )
    em = calculate(rows, factors=REG, gwp="AR6")
    g = em.by("site")
    assert g.labels == (("A",), ("B",))
    co2 = g.gas("CO2")
    assert co2[1] == math.fsum([0.1 * 0.2, 0.3 * 0.2])
    ar6 = gwp.get("AR6")
    for i in range(len(g)):
        assert g.co2e[i] == math.fsum(
            ar6.factor(gas) * g.values[i, j] for j, gas in enumerate(g.gases)
        )
    assert [r.key for r in g.rows()] == [("A",), ("B",)]
    assert em.by("year").labels == (("2024",),)
    with pytest.raises(ActivityDataError, match="no such column: 'nope'"):
        em.by("nope")
    with pytest.raises(ActivityDataError, match="repeated"):
        em.by("site", "site")
    with pytest.raises(UnknownGasError, match="no such gas in the ledger"):
        g.gas("SF6")


def test_outputs_are_deterministic_bytes() -> None:
    a = table(grid(1.5, site="A"), grid(2.5, site="B"), grid(100.0, "MWh", region="CN", site="C"))
    b = table(grid(100.0, "MWh", region="CN", site="C"), grid(2.5, site="B"), grid(1.5, site="A"))
    ea = calculate(a, factors=REG, gwp="AR6")
    eb = calculate(b, factors=REG, gwp="AR6")
    assert ea.by("site").to_json() == eb.by("site").to_json()
    assert ea.by("site").to_csv() == eb.by("site").to_csv()
    assert ea.by("site").to_text() == eb.by("site").to_text()
    assert json.loads(ea.to_json())["kg_co2e"] == eb.total()
    assert ea.to_json().replace("<records>", "") == eb.to_json().replace("<records>", "")
    assert ea.by("site").to_csv().splitlines()[0] == "site,kg_CO2,kg_CH4,kg_N2O,kg_co2e"


def test_explain_row() -> None:
    rows = table(Activity("fuel.diesel", 10.0, "L", "GB", year=2024, tags={"site": "A"}))
    em = calculate(rows, factors=REG, gwp="AR6")
    ex = em.explain(0)
    assert ex.lineage is not None
    assert ex.lineage.resolution.set_name == "test"
    assert ex.kg == em.row_kg(0)
    text = ex.to_text()
    assert "factor set  test 1 (sha256 " in text
    assert "volume -> mass" in text
    assert em.explain(1, source_row=True) == ex
    doc = json.loads(ex.to_json())
    assert doc["lineage"]["content_hash"] == ex.lineage.resolution.content_hash
    with pytest.raises(ActivityDataError, match="row out of range"):
        em.explain(5)
    with pytest.raises(ActivityDataError, match="no such row in the calculation"):
        em.explain(9, source_row=True)


def test_to_dataframe() -> None:
    pytest.importorskip("pandas")
    em = calculate(table(grid(10.0), grid(20.0)), factors=REG, gwp="AR6")
    df = em.to_dataframe()
    assert list(df["kg_CO2"]) == [2.0, 4.0]
    assert math.fsum(df["kg_co2e"]) == pytest.approx(em.total(), rel=1e-15)


def test_fast_mode_close_to_exact() -> None:
    rng = np.random.default_rng(7)
    n = 5000
    rows = ActivityTable.from_columns(
        activity=["electricity.grid"] * n,
        amount=rng.random(n) * 1e4,
        unit=["kWh"] * n,
        region=["GB"] * n,
        year=np.full(n, 2024),
    )
    exact = calculate(rows, factors=REG, gwp="AR6")
    fast = calculate(rows, factors=REG, gwp="AR6", exact=False)
    bound = (n - 1) * 2.0**-53 * float(np.sum(np.abs(rows.amount * 0.2)))
    assert abs(fast.gas_totals()["CO2"] - exact.gas_totals()["CO2"]) <= bound


def test_accepts_iterable_of_tables_and_a_factor_set() -> None:
    chunks = [table(grid(1.0)), table(grid(2.0, region="CN"))]
    fs = next(iter(REG))
    em = calculate(iter(chunks), factors=fs, gwp="AR6")
    assert len(em) == 2
    assert isinstance(em, Emissions)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"on_missing": "ignore"}, ActivityDataError, "on_missing must be"),
        ({"chunk_rows": 0}, ActivityDataError, "chunk_rows must be a positive integer"),
        ({"gwp": "AR99"}, UnknownGWPSetError, "AR99"),
        ({"factors": "default"}, ActivityDataError, "factors must be a FactorRegistry"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    args: dict[str, object] = {"factors": REG, "gwp": "AR6"}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        calculate(table(grid(1.0)), **args)  # type: ignore[arg-type]


def test_bad_activities_argument() -> None:
    with pytest.raises(ActivityDataError, match="an ActivityTable or an iterable"):
        calculate("rows.csv", factors=REG, gwp="AR6")  # type: ignore[arg-type]
    with pytest.raises(ActivityDataError, match="an ActivityTable or an iterable"):
        calculate([grid(1.0)], factors=REG, gwp="AR6")  # type: ignore[list-item]


def test_empty_table() -> None:
    em = calculate(ActivityTable.concat([]), factors=REG, gwp="AR6")
    assert em.total() == 0.0
    assert em.gas_totals() == {}
    assert len(em.by()) == 0


# --- one pass, lazy lineage, fallbacks of the row pipeline ---------------------------------


def mixed_rows() -> ActivityTable:
    return table(
        grid(1000.0, site="A"),
        grid(2.0, "MWh", site="B"),
        grid(5.0, region="CN", site="A"),
        Activity("fuel.diesel", 1000.0, "L", "GB", year=2024, tags={"site": "B"}),
        Activity("fuel.petrol", 3.0, "L", "FR", year=2024, tags={"site": "C"}),
        Activity("hotel.night", 2.0, "piece", "GB", year=2024, tags={"site": "A"}),
    )


@pytest.mark.parametrize("exact", [True, False])
def test_totals_do_not_depend_on_what_was_asked_first(exact: bool) -> None:
    kw = {"factors": REG, "gwp": "AR5", "on_missing": "report", "exact": exact}
    first_total = calculate(mixed_rows(), **kw)  # type: ignore[arg-type]
    total = first_total.total()
    first_by = calculate(mixed_rows(), **kw)  # type: ignore[arg-type]
    groups = first_by.by("site")
    assert first_by.total() == total
    assert first_by.gas_totals() == first_total.gas_totals()
    assert first_total.by("site").to_json() == groups.to_json()
    assert first_by.by("site") is not groups  # a new table each call, from kept sums
    assert first_by.by("site").to_json() == groups.to_json()


def test_exact_total_is_fsum_of_every_row_not_of_group_sums() -> None:
    rows = ActivityTable.from_records(
        [grid(1e20, site="A"), grid(1.0, site="B"), grid(-1e20, site="C")], allow_negative=True
    )
    em = calculate(rows, factors=REG, gwp="AR6")
    by = em.by("site")
    co2 = [0.2 * 1e20, 0.2 * 1.0, -(0.2 * 1e20)]
    assert by.gas("CO2").tolist() == co2
    assert em.gas_totals()["CO2"] == math.fsum(co2)


def test_factor_index_and_row_index() -> None:
    em = calculate(mixed_rows(), factors=REG, gwp="AR5", on_missing="report")
    n_found = len(em.factor_table)
    assert em.row_index.tolist()[4] == n_found  # fuel.petrol in FR has no factor
    assert em.factor_index.tolist() == [k if k < n_found else -1 for k in em.row_index.tolist()]
    assert em.unresolved_rows == 1
    assert not em.row_index.flags.writeable
    assert not em.factor_index.flags.writeable


def test_lineage_is_built_on_access_and_equals_the_scalar_lookup() -> None:
    t = mixed_rows()
    em = calculate(t, factors=REG, gwp="AR5", on_missing="report")
    assert "built on access" in repr(em.lineage)
    assert len(em.lineage) == len(em.factor_table)
    for row, k in enumerate(em.factor_index.tolist()):
        if k < 0:
            continue
        a = t.record(row)
        item = em.lineage[k]
        assert item.resolution == REG.lookup(a.activity, region=a.region, year=2024, unit=a.unit)
        assert (item.activity_unit, item.region) == (a.unit, a.region)
    assert [x.resolution.factor.id for x in em.lineage[:2]] == [
        em.lineage[0].resolution.factor.id,
        em.lineage[1].resolution.factor.id,
    ]
    assert em.lineage[-1] == em.lineage[len(em.lineage) - 1]
    with pytest.raises(IndexError, match="out of range"):
        em.lineage[len(em.lineage)]


def test_wide_group_and_combination_spaces_take_the_sorting_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from carbonstd.calculation import _emissions, _engine

    rows = mixed_rows()
    direct = calculate(rows, factors=REG, gwp="AR5", on_missing="report")
    want = (direct.by("site", "unit").to_json(), direct.to_json(), direct.row_index.tolist())
    # Force np.unique for combinations and dense renumbering for groups.
    monkeypatch.setattr(_engine, "_PRESENCE_MIN", 0)
    monkeypatch.setattr(_engine, "_PRESENCE_MAX", 0)
    monkeypatch.setattr(_emissions, "_GROUPS_MIN", 0)
    monkeypatch.setattr(_emissions, "_GROUPS_MAX", 0)
    other = calculate(rows, factors=REG, gwp="AR5", on_missing="report")
    got = (other.by("site", "unit").to_json(), other.to_json(), other.row_index.tolist())
    assert got == want


def test_overflowing_product_is_a_typed_error() -> None:
    em = calculate(table(grid(1e308, "MWh")), factors=REG, gwp="AR6")
    with pytest.raises(ActivityDataError, match="overflows float64 at row 0"):
        em.total()
