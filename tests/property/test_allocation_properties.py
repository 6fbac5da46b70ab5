"""Property tests: allocation conserves burdens, shares are fractions, units do not matter."""

from __future__ import annotations

from typing import Any, get_args

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from carbonstd.allocation import (
    AvoidedProduct,
    Basis,
    TransportBasis,
    avoided_burden,
    chp_efficiency,
    chp_energy_content,
    chp_work_potential,
    circular_footprint,
    cut_off,
    fifty_fifty,
    partition,
    shared_transport,
    subdivide,
    system_expansion,
)

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
burden_value = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
fraction = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)

GASES = ("CO2", "CH4", "N2O")
MASS_UNITS = {"kg": 1.0, "g": 1e-3, "t": 1e3, "lb": 0.45359237}
ENERGY_UNITS = {"MJ": 1.0, "GJ": 1e3, "kWh": 3.6, "MWh": 3600.0}


def _props(n: int) -> st.SearchStrategy[list[float]]:
    return st.lists(positive, min_size=n, max_size=n)


@st.composite
def processes(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n_proc = draw(st.integers(1, 4))
    n_prod = draw(st.integers(1, 5))
    burdens = draw(arrays(np.float64, (n_proc, len(GASES)), elements=burden_value))
    props = draw(arrays(np.float64, (n_proc, n_prod), elements=positive))
    return burdens, props


PHYSICAL_UNIT = {
    "mass": "kg",
    "energy_net": "MJ",
    "energy_gross": "MJ",
    "volume": "m3",
    "moles": "mol",
    "exergy": "MJ",
}
# Every basis the API accepts; test_every_basis_is_covered keeps this list complete.
ALL_BASES: tuple[Basis, ...] = (
    "mass",
    "energy_net",
    "energy_gross",
    "volume",
    "moles",
    "exergy",
    "economic",
    "causal",
    "equal",
)


def test_every_basis_is_covered() -> None:
    assert set(ALL_BASES) == set(get_args(Basis))


def _partition_kwargs(
    basis: Basis, props: np.ndarray, data: st.DataObject
) -> tuple[Any, dict[str, Any]]:
    """Properties and options of one basis, built from positive draws ``props``."""
    n_prod = props.shape[-1]
    if basis in PHYSICAL_UNIT:
        return (props, PHYSICAL_UNIT[basis]), {}
    if basis == "economic":
        options: dict[str, Any] = {"currency": "EUR", "price_year": 2023}
        if data.draw(st.booleans(), label="unit prices"):
            amounts = data.draw(arrays(np.float64, (n_prod,), elements=positive), label="amounts")
            options["amounts"] = [(float(m), "t") for m in amounts]
            return [(props[..., i], "EUR/t") for i in range(n_prod)], options
        return (props, "EUR"), options
    if basis == "causal":
        shares = props / props.sum(axis=-1, keepdims=True)
        if data.draw(st.booleans(), label="per gas"):
            # a different factor set per gas: rotate the products for CH4 and N2O
            return {
                "CO2": shares,
                "CH4": np.roll(shares, 1, axis=-1),
                "N2O": np.roll(shares, 2, axis=-1),
            }, {}
        return shares, {}
    return None, {}  # equal


@given(processes(), st.sampled_from(ALL_BASES), st.data())
def test_partition_conserves_and_shares_are_fractions(
    case: tuple[np.ndarray, np.ndarray], basis: Basis, data: st.DataObject
) -> None:
    burdens, props = case
    names = tuple(f"p{i}" for i in range(props.shape[1]))
    properties, options = _partition_kwargs(basis, props, data)
    r = partition(burdens, properties, basis=basis, products=names, gases=GASES, **options)
    assert np.all(r.shares >= 0)
    assert np.all(r.shares <= 1)
    product_axis = -2 if r.per_gas_shares else -1
    np.testing.assert_allclose(r.shares.sum(axis=product_axis), 1.0, rtol=1e-12)
    scale = np.abs(burdens).max() + 1.0
    np.testing.assert_allclose(r.allocated.sum(axis=-2), burdens, rtol=1e-12, atol=1e-9 * scale)
    assert r.hierarchy == ("other" if basis in ("economic", "equal") else "physical")


@given(_props(3), st.sampled_from(sorted(MASS_UNITS)), st.sampled_from(sorted(MASS_UNITS)))
def test_partition_invariant_to_property_units(kgs: list[float], unit_a: str, unit_b: str) -> None:
    in_a = [(v / MASS_UNITS[unit_a], unit_a) for v in kgs]
    in_b = [(v / MASS_UNITS[unit_b], unit_b) for v in kgs]
    r_a = partition({"CO2": 10.0}, in_a, basis="mass", products=("x", "y", "z"))
    r_b = partition({"CO2": 10.0}, in_b, basis="mass", products=("x", "y", "z"))
    np.testing.assert_allclose(r_a.shares, r_b.shares, rtol=1e-12)


@given(_props(3), st.floats(min_value=1e-3, max_value=1e3), burden_value)
def test_partition_scaling_linearity(props: list[float], k: float, co2: float) -> None:
    q = [(v, "kg") for v in props]
    base = partition({"CO2": co2}, q, basis="mass", products=("x", "y", "z"))
    scaled_burden = partition({"CO2": co2 * k}, q, basis="mass", products=("x", "y", "z"))
    scaled_props = partition(
        {"CO2": co2}, [(v * k, "kg") for v in props], basis="mass", products=("x", "y", "z")
    )
    np.testing.assert_allclose(scaled_burden.allocated, base.allocated * k, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(scaled_props.shares, base.shares, rtol=1e-12)


@given(st.lists(burden_value, min_size=1, max_size=6), st.integers(1, 3))
def test_subdivision_conserves(values: list[float], n_products: int) -> None:
    subs = {f"s{i}": {"CO2": v} for i, v in enumerate(values)}
    assign = {f"s{i}": f"p{i % n_products}" for i in range(len(values))}
    r = subdivide(subs, assign)
    np.testing.assert_allclose(r.total.values, [np.sum(values)], rtol=1e-12, atol=1e-6)
    assert len(r.products) == min(n_products, len(values))


@given(
    positive,
    positive,
    st.sampled_from(sorted(ENERGY_UNITS)),
    st.sampled_from(sorted(ENERGY_UNITS)),
    st.floats(min_value=0.05, max_value=1.0),
    st.floats(min_value=0.05, max_value=1.0),
    burden_value,
)
def test_chp_conserves_and_is_unit_invariant(
    heat_mj: float, power_mj: float, u_h: str, u_p: str, e_h: float, e_p: float, co2: float
) -> None:
    heat = (heat_mj / ENERGY_UNITS[u_h], u_h)
    power = (power_mj / ENERGY_UNITS[u_p], u_p)
    r = chp_efficiency(
        {"CO2": co2}, heat=heat, power=power, heat_efficiency=e_h, power_efficiency=e_p
    )
    ref = chp_efficiency(
        {"CO2": co2},
        heat=(heat_mj, "MJ"),
        power=(power_mj, "MJ"),
        heat_efficiency=e_h,
        power_efficiency=e_p,
    )
    assert 0 <= float(r.heat_share) <= 1
    np.testing.assert_allclose(r.heat.values + r.power.values, [co2], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(r.heat_share, ref.heat_share, rtol=1e-12)
    e = chp_energy_content({"CO2": co2}, heat=heat, power=power)
    np.testing.assert_allclose(e.heat.values + e.power.values, [co2], rtol=1e-12, atol=1e-9)


@given(positive, positive, st.floats(min_value=274.0, max_value=900.0), burden_value)
def test_chp_work_potential_conserves(h: float, p: float, t: float, co2: float) -> None:
    r = chp_work_potential(
        {"CO2": co2},
        heat=(h, "MJ"),
        power=(p, "MJ"),
        heat_temperature=(t, "K"),
        ambient_temperature=(273.0, "K"),
    )
    assert 0 <= float(r.heat_share) <= 1
    np.testing.assert_allclose(r.heat.values + r.power.values, [co2], rtol=1e-12, atol=1e-9)


@given(
    st.lists(st.tuples(positive, positive), min_size=1, max_size=5),
    st.sampled_from(["m", "km", "mile"]),
    burden_value,
)
def test_transport_conserves_and_distance_units_do_not_matter(
    loads: list[tuple[float, float]], unit: str, co2: float
) -> None:
    per_km = {"m": 1e3, "km": 1.0, "mile": 1 / 1.609344}
    names = tuple(f"s{i}" for i in range(len(loads)))
    kw: dict[str, Any] = {"basis": "tkm", "distance_basis": "SFD", "shipments": names}
    r = shared_transport(
        {"CO2": co2},
        masses=[(m, "t") for m, _ in loads],
        distances=[(d * per_km[unit], unit) for _, d in loads],
        **kw,
    )
    ref = shared_transport(
        {"CO2": co2},
        masses=[(m, "t") for m, _ in loads],
        distances=[(d, "km") for _, d in loads],
        **kw,
    )
    np.testing.assert_allclose(r.shares, ref.shares, rtol=1e-9)
    assert np.all((r.shares >= 0) & (r.shares <= 1))
    np.testing.assert_allclose(r.allocated.sum(axis=-2), [co2], rtol=1e-12, atol=1e-9)


@settings(max_examples=200)
@given(
    st.floats(min_value=0.2, max_value=0.8),
    fraction,
    fraction,
    fraction,
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1e3),
)
def test_cff_linear_in_burdens_and_special_cases_bracket(
    a: float, r1: float, r2: float, r3_frac: float, q_in: float, q_out: float, k: float
) -> None:
    r3 = (1 - r2) * r3_frac
    params: dict[str, Any] = {
        "r1": r1, "r2": r2, "r3": r3, "qsin_qp": q_in, "qsout_qp": q_out,
        "e_v": {"CO2": 5.0}, "e_v_star": {"CO2": 5.0}, "e_recycled": {"CO2": 1.0},
        "e_recycling_eol": {"CO2": 0.8}, "e_er": {"CO2": 2.0}, "lhv": (20.0, "MJ/kg"),
        "x_er_heat": 0.3, "x_er_elec": 0.2, "e_se_heat": {"CO2": 0.07},
        "e_se_elec": {"CO2": 0.1}, "e_d": {"CO2": 0.05},
    }  # fmt: skip
    burden_keys = ("e_v", "e_v_star", "e_recycled", "e_recycling_eol", "e_er", "e_se_heat",
                   "e_se_elec", "e_d")  # fmt: skip
    r = circular_footprint(mode="PEF", a=a, **params)
    parts = r.material.values + r.energy.values + r.disposal.values
    np.testing.assert_allclose(r.total.values, parts, rtol=1e-12, atol=1e-12)
    scaled: dict[str, Any] = {
        k2: ({"CO2": v["CO2"] * k} if k2 in burden_keys else v) for k2, v in params.items()
    }
    rs = circular_footprint(mode="PEF", a=a, **scaled)
    np.testing.assert_allclose(rs.total.values, r.total.values * k, rtol=1e-9, atol=1e-9)
    # The CFF is affine in A: the result lies between cut-off (A = 1) and avoided burden (A = 0).
    lo = circular_footprint(mode="non-PEF", a=0.0, **params).total["CO2"]
    hi = circular_footprint(mode="non-PEF", a=1.0, **params).total["CO2"]
    value = r.total["CO2"]
    assert isinstance(value, float)
    assert min(lo, hi) - 1e-9 <= value <= max(lo, hi) + 1e-9
    np.testing.assert_allclose(value, (1 - a) * lo + a * hi, rtol=1e-9, atol=1e-9)


TRANSPORT_BASES: tuple[TransportBasis, ...] = ("tkm", "TEUkm", "chargeable_weight")


def test_every_transport_basis_is_covered() -> None:
    assert set(TRANSPORT_BASES) == set(get_args(TransportBasis))


@given(
    st.integers(1, 3),
    st.integers(1, 5),
    st.sampled_from(TRANSPORT_BASES),
    st.data(),
)
def test_transport_conserves_for_every_basis(
    n_trips: int, n_ship: int, basis: TransportBasis, data: st.DataObject
) -> None:
    burdens = data.draw(arrays(np.float64, (n_trips, len(GASES)), elements=burden_value))
    dist = data.draw(arrays(np.float64, (n_trips, n_ship), elements=positive))
    load = data.draw(arrays(np.float64, (n_trips, n_ship), elements=positive))
    kwargs: dict[str, Any] = {"basis": basis, "distance_basis": "actual"}
    if basis == "TEUkm":
        kwargs["teu"] = (load, "TEU")
    else:
        kwargs["masses"] = (load, "t")
    if basis == "chargeable_weight":
        kwargs["volumes"] = (
            data.draw(arrays(np.float64, (n_trips, n_ship), elements=positive)),
            "m3",
        )
        kwargs["volumetric_factor"] = (data.draw(positive), "kg/m3")
    names = tuple(f"s{i}" for i in range(n_ship))
    r = shared_transport(burdens, shipments=names, distances=(dist, "km"), gases=GASES, **kwargs)
    assert np.all((r.shares >= 0) & (r.shares <= 1))
    np.testing.assert_allclose(r.shares.sum(axis=-1), 1.0, rtol=1e-12)
    scale = np.abs(burdens).max() + 1.0
    np.testing.assert_allclose(r.allocated.sum(axis=-2), burdens, rtol=1e-12, atol=1e-9 * scale)
    # the intensity times the total activity gives back the total
    total_activity = r.activity.sum(axis=-1)[..., None]
    np.testing.assert_allclose(
        r.intensity.values * total_activity, burdens, rtol=1e-9, atol=1e-9 * scale
    )


@given(
    st.integers(1, 4),
    st.sampled_from(["efficiency", "energy_content", "work_potential"]),
    st.data(),
)
def test_chp_every_method_conserves_on_arrays(n: int, method: str, data: st.DataObject) -> None:
    burdens = data.draw(arrays(np.float64, (n, len(GASES)), elements=burden_value))
    heat = (data.draw(arrays(np.float64, (n,), elements=positive)), "MWh")
    power = (data.draw(arrays(np.float64, (n,), elements=positive)), "GJ")
    if method == "efficiency":
        eff = st.floats(min_value=0.05, max_value=1.0)
        r = chp_efficiency(
            burdens, heat=heat, power=power, gases=GASES,
            heat_efficiency=data.draw(arrays(np.float64, (n,), elements=eff)),
            power_efficiency=data.draw(eff),
        )  # fmt: skip
    elif method == "energy_content":
        r = chp_energy_content(burdens, heat=heat, power=power, gases=GASES)
    else:
        t = data.draw(arrays(np.float64, (n,), elements=st.floats(300.5, 1200.0)))
        r = chp_work_potential(
            burdens, heat=heat, power=power, gases=GASES,
            heat_temperature=(t, "K"), ambient_temperature=(300.0, "K"),
        )  # fmt: skip
    assert np.all((r.heat_share >= 0) & (r.heat_share <= 1))
    np.testing.assert_allclose(r.heat_share + r.power_share, 1.0, rtol=1e-12)
    scale = np.abs(burdens).max() + 1.0
    np.testing.assert_allclose(
        r.heat.values + r.power.values, burdens, rtol=1e-12, atol=1e-9 * scale
    )


@given(
    arrays(np.float64, (3, 2), elements=burden_value),
    st.lists(
        st.tuples(arrays(np.float64, (3,), elements=positive), positive, positive),
        min_size=1,
        max_size=4,
    ),
)
def test_system_expansion_keeps_burdens_and_net_plus_credits_is_gross(
    burdens: np.ndarray, products: list[tuple[np.ndarray, float, float]]
) -> None:
    avoided = [
        AvoidedProduct(f"x{i}", (amount, "kWh"), {"CO2": f_co2, "N2O": f_n2o}, "MWh")
        for i, (amount, f_co2, f_n2o) in enumerate(products)
    ]
    r = system_expansion(burdens, avoided, gases=("CO2", "CH4"))
    # gross burdens are reported unchanged (nothing netted silently)
    np.testing.assert_array_equal(r.burdens["CO2"], burdens[:, 0])
    np.testing.assert_array_equal(r.burdens["CH4"], burdens[:, 1])
    for product, credit in zip(products, r.credits, strict=True):
        amount_mwh = product[0] / 1000.0
        np.testing.assert_allclose(credit["CO2"], amount_mwh * product[1], rtol=1e-12)
    # nothing created or lost: net + credits = gross, per gas and process
    np.testing.assert_allclose(
        r.net().values + r.credit_total.values, r.burdens.values, rtol=1e-9, atol=1e-6
    )


@settings(max_examples=100)
@given(
    st.integers(1, 4),
    st.sampled_from(["CFF", "cut-off", "avoided burden", "50:50"]),
    st.data(),
)
def test_cff_parts_sum_to_total_for_every_approach_on_arrays(
    n: int, approach: str, data: st.DataObject
) -> None:
    frac = arrays(np.float64, (n,), elements=fraction)
    r2 = data.draw(frac)
    r3 = (1 - r2) * data.draw(frac)
    per_kg = arrays(np.float64, (n,), elements=st.floats(0.0, 50.0))
    params: dict[str, Any] = {
        "r1": data.draw(frac), "r2": r2, "r3": r3,
        "qsin_qp": data.draw(frac), "qsout_qp": data.draw(frac),
        "e_v": {"CO2": data.draw(per_kg), "CH4": data.draw(per_kg)},
        "e_v_star": {"CO2": data.draw(per_kg)},
        "e_recycled": {"CO2": data.draw(per_kg)},
        "e_recycling_eol": {"CO2": data.draw(per_kg)},
        "e_er": {"CO2": data.draw(per_kg)}, "lhv": (data.draw(per_kg), "MJ/kg"),
        "x_er_heat": data.draw(frac), "x_er_elec": data.draw(frac),
        "e_se_heat": {"CO2": data.draw(per_kg)}, "e_se_elec": {"CO2": data.draw(per_kg)},
        "e_d": {"N2O": data.draw(per_kg)},
    }  # fmt: skip
    if approach == "CFF":
        a = data.draw(arrays(np.float64, (n,), elements=st.floats(0.2, 0.8)))
        r = circular_footprint(mode="PEF", a=a, **params)
    else:
        fn = {"cut-off": cut_off, "avoided burden": avoided_burden, "50:50": fifty_fifty}[approach]
        r = fn(**params)
        a = np.full(n, {"cut-off": 1.0, "avoided burden": 0.0, "50:50": 0.5}[approach])
        # the special case is the CFF with its fixed A
        ref = circular_footprint(mode="non-PEF", a=a, **params)
        np.testing.assert_allclose(r.total.values, ref.total.values, rtol=1e-12, atol=1e-12)
    assert r.total.shape == (n,)
    assert r.approach == approach
    np.testing.assert_allclose(
        r.material.values + r.energy.values + r.disposal.values,
        r.total.values,
        rtol=1e-12,
        atol=1e-12,
    )
    # the disposal part is exactly (1 - R2 - R3) ED: no burden invented for other gases
    np.testing.assert_allclose(r.disposal["N2O"], (1 - r2 - r3) * params["e_d"]["N2O"], atol=1e-12)
    np.testing.assert_array_equal(r.disposal["CO2"], np.zeros(n))
