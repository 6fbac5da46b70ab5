"""Unit tests: the PEF Circular Footprint Formula and its special cases."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from carbonstd.allocation import (
    PEFConformanceWarning,
    avoided_burden,
    circular_footprint,
    cut_off,
    fifty_fifty,
)
from carbonstd.errors import AllocationError, UnitError

EV, EVS, EREC, EEOL, ED = 8.0, 7.5, 1.2, 0.9, 0.05
EER, LHV, XH, XE, SEH, SEE = 1.8, 30.0, 0.3, 0.2, 0.08, 0.11


def _params(**over: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "r1": 0.4,
        "r2": 0.5,
        "r3": 0.2,
        "qsin_qp": 0.9,
        "qsout_qp": 0.8,
        "e_v": {"CO2": EV},
        "e_v_star": {"CO2": EVS},
        "e_recycled": {"CO2": EREC},
        "e_recycling_eol": {"CO2": EEOL},
        "e_er": {"CO2": EER},
        "lhv": (LHV, "MJ/kg"),
        "x_er_heat": XH,
        "x_er_elec": XE,
        "e_se_heat": {"CO2": SEH},
        "e_se_elec": {"CO2": SEE},
        "e_d": {"CO2": ED},
    }
    p.update(over)
    return p


def _reference(a: float, b: float, r1: float, r2: float, r3: float) -> tuple[float, ...]:
    """The CFF written term by term, independently of the implementation."""
    q_in, q_out = 0.9, 0.8
    virgin = (1 - r1) * EV
    recycled_content = r1 * (a * EREC + (1 - a) * EV * q_in)
    eol_recycling = (1 - a) * r2 * (EEOL - EVS * q_out)
    energy = (1 - b) * r3 * (EER - LHV * XH * SEH - LHV * XE * SEE)
    disposal = (1 - r2 - r3) * ED
    material = virgin + recycled_content + eol_recycling
    return material, energy, disposal


@pytest.mark.parametrize("a", [0.2, 0.5, 0.8])
def test_cff_matches_term_by_term_reference(a: float) -> None:
    r = circular_footprint(mode="PEF", a=a, **_params())
    m, e, d = _reference(a, 0.0, 0.4, 0.5, 0.2)
    assert r.material["CO2"] == pytest.approx(m, rel=1e-14)
    assert r.energy["CO2"] == pytest.approx(e, rel=1e-14)
    assert r.disposal["CO2"] == pytest.approx(d, rel=1e-14)
    assert r.total["CO2"] == pytest.approx(m + e + d, rel=1e-14)
    assert r.pef_conformant
    assert r.approach == "CFF"


@pytest.mark.parametrize(("fn", "a", "label"), [(cut_off, 1.0, "cut-off"),
                                                 (avoided_burden, 0.0, "avoided burden"),
                                                 (fifty_fifty, 0.5, "50:50")])  # fmt: skip
def test_special_cases_are_the_cff_with_fixed_a(fn: Any, a: float, label: str) -> None:
    r = fn(**_params())
    m, e, d = _reference(a, 0.0, 0.4, 0.5, 0.2)
    assert r.total["CO2"] == pytest.approx(m + e + d, rel=1e-14)
    assert r.approach == label
    assert r.mode == "non-PEF"
    assert not r.pef_conformant
    same = circular_footprint(mode="non-PEF", a=a, **_params())
    np.testing.assert_array_equal(same.total.values, r.total.values)


def test_cut_off_needs_no_end_of_life_credit_inputs() -> None:
    r = cut_off(r1=0.5, r2=0.9, e_v={"CO2": 4.0}, e_recycled={"CO2": 1.0}, e_d={"CO2": 0.2})
    assert r.material["CO2"] == pytest.approx(0.5 * 4.0 + 0.5 * 1.0)


def test_pef_mode_rules() -> None:
    with pytest.raises(AllocationError, match=r"0.2 <= A <= 0.8") as info:
        circular_footprint(mode="PEF", a=0.1, **_params())
    assert "mode='non-PEF'" in str(info.value)
    with pytest.raises(AllocationError, match="requires qsout_qp <= 1"):
        circular_footprint(mode="PEF", a=0.5, **_params(qsout_qp=1.1))
    r = circular_footprint(mode="non-PEF", a=0.5, **_params(qsout_qp=1.1))
    assert not r.pef_conformant


def test_pef_b_not_zero_warns() -> None:
    with pytest.warns(PEFConformanceWarning, match="B = 0 as default"):
        r = circular_footprint(mode="PEF", a=0.5, b=0.3, **_params())
    assert not r.pef_conformant
    _m, e, _d = _reference(0.5, 0.3, 0.4, 0.5, 0.2)
    assert r.energy["CO2"] == pytest.approx(e)


def test_rules_in_every_mode() -> None:
    with pytest.raises(AllocationError, match=r"R2 \+ R3 must not exceed 1"):
        circular_footprint(mode="non-PEF", a=0.5, **_params(r2=0.7, r3=0.4))
    with pytest.raises(AllocationError, match="r1 must lie in"):
        circular_footprint(mode="non-PEF", a=0.5, **_params(r1=-0.1))
    with pytest.raises(AllocationError, match="a must lie in"):
        circular_footprint(mode="non-PEF", a=1.5, **_params())
    with pytest.raises(AllocationError, match="qsin_qp must not be negative"):
        circular_footprint(mode="non-PEF", a=0.5, **_params(qsin_qp=-1.0))
    with pytest.raises(AllocationError, match="mode must be 'PEF' or 'non-PEF'"):
        circular_footprint(mode="pef", a=0.5, **_params())  # type: ignore[arg-type]
    with pytest.raises(AllocationError, match="lhv must not be negative"):
        circular_footprint(mode="PEF", a=0.5, **_params(lhv=(-1, "MJ/kg")))


def test_missing_inputs_are_named() -> None:
    with pytest.raises(AllocationError, match="e_d is required because 1 - R2 - R3 > 0"):
        circular_footprint(mode="PEF", a=0.5, **_params(e_d=None))
    with pytest.raises(AllocationError, match="lhv, x_er_elec is required"):
        circular_footprint(mode="PEF", a=0.5, **_params(lhv=None, x_er_elec=None))
    with pytest.raises(AllocationError, match="qsin_qp is required"):
        circular_footprint(mode="PEF", a=0.5, **_params(qsin_qp=None))


def test_lhv_units_converted_and_unitless_refused() -> None:
    base = circular_footprint(mode="PEF", a=0.5, **_params())
    other = circular_footprint(mode="PEF", a=0.5, **_params(lhv=(LHV / 3.6, "kWh/kg")))
    assert other.energy["CO2"] == pytest.approx(base.energy["CO2"], rel=1e-12)
    with pytest.raises(UnitError, match=r"\(value, unit\) pair"):
        circular_footprint(mode="PEF", a=0.5, **_params(lhv=30.0))
    with pytest.raises(UnitError, match="expected a quantity in"):
        circular_footprint(mode="PEF", a=0.5, **_params(lhv=(30, "MJ")))


def test_e_se_per_kwh_with_energy_unit() -> None:
    base = circular_footprint(mode="PEF", a=0.5, **_params())
    per_kwh = circular_footprint(
        mode="PEF",
        a=0.5,
        energy_unit="kWh",
        **_params(e_se_heat={"CO2": SEH * 3.6}, e_se_elec={"CO2": SEE * 3.6}),
    )
    assert per_kwh.energy["CO2"] == pytest.approx(base.energy["CO2"], rel=1e-12)


def test_many_materials_and_gases() -> None:
    r1 = np.array([0.0, 0.4, 1.0])
    r = circular_footprint(
        mode="PEF",
        a=np.array([0.2, 0.5, 0.8]),
        **_params(r1=r1, e_v={"CO2": EV, "CH4": 0.01}),
    )
    assert r.total.shape == (3,)
    assert r.total.gases == ("CO2", "CH4")
    for i, a in enumerate([0.2, 0.5, 0.8]):
        m, e, d = _reference(a, 0.0, float(r1[i]), 0.5, 0.2)
        assert r.total.values[i, 0] == pytest.approx(m + e + d, rel=1e-13)
    ch4_material = (1 - r1) * 0.01 + r1 * (1 - np.array([0.2, 0.5, 0.8])) * 0.01 * 0.9
    np.testing.assert_allclose(r.material.values[:, 1], ch4_material, rtol=1e-13)
    assert r.as_dict()["mode"] == "PEF"
