"""Mismatched process axes raise AllocationError naming the shapes (review item 5, issue #5).

Every allocation method takes arrays whose leading axes index processes (or
materials, vehicles). When two inputs disagree on those axes, numpy would
raise a bare ``ValueError`` ("operands could not be broadcast"); carbonstd
must raise :class:`~carbonstd.errors.AllocationError` naming both inputs and
their shapes instead, before building any result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from carbonstd.allocation import (
    AvoidedProduct,
    SubstitutionResult,
    chp_efficiency,
    chp_energy_content,
    chp_work_potential,
    circular_footprint,
    cut_off,
    partition,
    shared_transport,
    subdivide,
    system_expansion,
)
from carbonstd.errors import AllocationError

THREE = {"CO2": [1.0, 2.0, 3.0]}  # burdens of three processes
TWO_BY_TWO = ([[1.0, 2.0], [3.0, 4.0]], "kg")  # properties of two processes, two products


def _raises_naming(call: Callable[[], Any], *names: str) -> AllocationError:
    """Call, expect AllocationError (not a bare numpy error) whose message names the inputs."""
    with pytest.raises(AllocationError, match="do not broadcast") as info:
        call()
    err = info.value
    assert type(err) is AllocationError
    for name in names:
        assert name in str(err), (name, str(err))
    assert isinstance(err.value, dict)
    return err


# --- partition -------------------------------------------------------------------------------


def test_partition_physical_axes_mismatch() -> None:
    err = _raises_naming(
        lambda: partition(THREE, TWO_BY_TWO, basis="mass", products=("a", "b")),
        "burdens",
        "properties",
        "(3,)",
        "(2,)",
    )
    assert err.value == {"burdens": (3,), "properties": (2,)}


def test_partition_causal_axes_mismatch() -> None:
    _raises_naming(
        lambda: partition(THREE, [[0.5, 0.5], [0.2, 0.8]], basis="causal", products=("a", "b")),
        "burdens",
        "properties",
    )


def test_partition_causal_per_gas_axes_mismatch() -> None:
    factors = {"CO2": [[0.5, 0.5], [0.2, 0.8]]}
    _raises_naming(
        lambda: partition(THREE, factors, basis="causal", products=("a", "b")),
        "burdens",
        "properties",
    )


def test_partition_economic_axes_mismatch() -> None:
    values = [([1.0, 2.0], "EUR"), ([1.0, 2.0], "EUR")]
    _raises_naming(
        lambda: partition(
            THREE, values, basis="economic", products=("a", "b"), currency="EUR", price_year=2020
        ),
        "burdens",
        "properties",
    )


def test_partition_economic_price_and_amount_mismatch() -> None:
    _raises_naming(
        lambda: partition(
            {"CO2": 1.0},
            [([1.0, 2.0], "EUR/t"), (1.0, "EUR/t")],
            amounts=[([1.0, 2.0, 3.0], "t"), (1.0, "t")],
            basis="economic",
            products=("a", "b"),
            currency="EUR",
            price_year=2020,
        ),
        "properties[0]",
        "amounts[0]",
    )


def test_partition_economic_columns_mismatch() -> None:
    _raises_naming(
        lambda: partition(
            {"CO2": 1.0},
            [([1.0, 2.0], "EUR/t"), ([1.0, 2.0, 3.0], "EUR/t")],
            amounts=[(1.0, "t"), (1.0, "t")],
            basis="economic",
            products=("a", "b"),
            currency="EUR",
            price_year=2020,
        ),
        "properties[0]",
        "properties[1]",
    )


def test_partition_broadcasting_still_allowed() -> None:
    # one property row for three processes is fine: axes of length 1 broadcast
    r = partition(THREE, ([[1.0, 3.0]], "kg"), basis="mass", products=("a", "b"))
    assert r.allocated.shape == (3, 2, 1)
    np.testing.assert_allclose(r.allocated.sum(axis=-2), [[1.0], [2.0], [3.0]])


# --- subdivide -------------------------------------------------------------------------------


def test_subdivide_axes_mismatch() -> None:
    _raises_naming(
        lambda: subdivide(
            {"x": {"CO2": [1.0, 2.0]}, "y": THREE},
            {"x": "a", "y": "b"},
        ),
        "subprocesses['x']",
        "subprocesses['y']",
    )


# --- system expansion ------------------------------------------------------------------------


def test_system_expansion_fails_at_construction_not_in_net() -> None:
    avoided = [AvoidedProduct("grid", ([1.0, 2.0], "kWh"), {"CO2": 0.5}, "kWh")]
    _raises_naming(lambda: system_expansion(THREE, avoided), "burdens", "grid")


def test_system_expansion_credits_mismatch() -> None:
    avoided = [
        AvoidedProduct("grid", ([1.0, 2.0], "kWh"), {"CO2": 0.5}, "kWh"),
        AvoidedProduct("heat", ([1.0, 2.0, 3.0], "kWh"), {"CO2": 0.2}, "kWh"),
    ]
    _raises_naming(lambda: system_expansion({"CO2": 1.0}, avoided), "grid", "heat")


def test_avoided_product_amount_and_factor_mismatch() -> None:
    _raises_naming(
        lambda: AvoidedProduct("grid", ([1.0, 2.0], "kWh"), {"CO2": [0.1, 0.2, 0.3]}, "kWh"),
        "amount",
        "factor",
    )


def test_substitution_result_checks_its_own_shapes() -> None:
    from carbonstd.allocation import GasBurden

    _raises_naming(
        lambda: SubstitutionResult(
            burdens=GasBurden.of(THREE),
            credits=(GasBurden.of({"CO2": [1.0, 2.0]}),),
            avoided=("grid",),
            gases=("CO2",),
        ),
        "burdens",
        "grid",
    )


# --- CHP -------------------------------------------------------------------------------------


def test_chp_efficiency_total_and_heat_mismatch() -> None:
    _raises_naming(
        lambda: chp_efficiency(THREE, heat=([1.0, 2.0], "MWh"), power=(1.0, "MWh")),
        "total",
        "heat",
    )


def test_chp_efficiency_heat_and_power_mismatch() -> None:
    _raises_naming(
        lambda: chp_efficiency(
            {"CO2": 1.0}, heat=([1.0, 2.0], "MWh"), power=([1.0, 2.0, 3.0], "MWh")
        ),
        "heat",
        "power",
    )


def test_chp_efficiency_efficiencies_mismatch() -> None:
    _raises_naming(
        lambda: chp_efficiency(
            {"CO2": 1.0},
            heat=(1.0, "MWh"),
            power=(1.0, "MWh"),
            heat_efficiency=[0.8, 0.9],
            power_efficiency=[0.3, 0.3, 0.3],
        ),
        "heat_efficiency",
        "power_efficiency",
    )


def test_chp_energy_content_mismatch() -> None:
    _raises_naming(
        lambda: chp_energy_content(THREE, heat=([1.0, 2.0], "MWh"), power=(1.0, "MWh")),
        "total",
        "heat",
    )


def test_chp_work_potential_mismatch() -> None:
    _raises_naming(
        lambda: chp_work_potential(
            {"CO2": 1.0},
            heat=(1.0, "MWh"),
            power=(1.0, "MWh"),
            heat_temperature=([500.0, 600.0], "K"),
            ambient_temperature=([300.0, 300.0, 300.0], "K"),
        ),
        "heat_temperature",
        "ambient_temperature",
    )
    _raises_naming(
        lambda: chp_work_potential(
            THREE,
            heat=([1.0, 2.0], "MWh"),
            power=(1.0, "MWh"),
            heat_temperature=(500.0, "K"),
            ambient_temperature=(300.0, "K"),
        ),
        "total",
        "heat",
    )


# --- circular footprint ----------------------------------------------------------------------

_CFF: dict[str, Any] = {
    "r2": 0.0,
    "e_recycled": {"CO2": 1.0},
    "qsin_qp": 1.0,
    "e_d": {"CO2": 0.1},
}


def test_cff_parameters_mismatch() -> None:
    _raises_naming(
        lambda: circular_footprint(
            mode="PEF", a=[0.2, 0.5], r1=[0.1, 0.2, 0.3], e_v={"CO2": 1.0}, **_CFF
        ),
        "a",
        "r1",
    )


def test_cff_parameter_and_burden_mismatch() -> None:
    _raises_naming(
        lambda: circular_footprint(
            mode="PEF", a=[0.2, 0.5], r1=0.1, e_v={"CO2": [1.0, 2.0, 3.0]}, **_CFF
        ),
        "a",
        "e_v",
    )


def test_cff_burdens_mismatch() -> None:
    params = dict(_CFF, e_recycled={"CO2": [1.0, 2.0]})
    _raises_naming(
        lambda: cut_off(r1=0.1, e_v={"CO2": [1.0, 2.0, 3.0]}, **params),
        "e_v",
        "e_recycled",
    )


# --- shared transport ------------------------------------------------------------------------


def test_transport_total_and_loads_mismatch() -> None:
    _raises_naming(
        lambda: shared_transport(
            THREE,
            basis="tkm",
            distance_basis="SFD",
            shipments=("a", "b"),
            masses=[([1.0, 2.0], "t"), (1.0, "t")],
            distances=[(1.0, "km"), (1.0, "km")],
        ),
        "total",
        "masses",
    )


def test_transport_masses_and_distances_mismatch() -> None:
    _raises_naming(
        lambda: shared_transport(
            {"CO2": 1.0},
            basis="tkm",
            distance_basis="SFD",
            shipments=("a", "b"),
            masses=[([1.0, 2.0], "t"), (1.0, "t")],
            distances=[([1.0, 2.0, 3.0], "km"), (1.0, "km")],
        ),
        "masses",
        "distances",
    )


def test_transport_volumetric_factor_mismatch() -> None:
    _raises_naming(
        lambda: shared_transport(
            {"CO2": 1.0},
            basis="chargeable_weight",
            distance_basis="SFD",
            shipments=("a", "b"),
            masses=[([1.0, 2.0], "t"), (1.0, "t")],
            distances=[(1.0, "km"), (1.0, "km")],
            volumes=[(1.0, "m3"), (1.0, "m3")],
            volumetric_factor=([167.0, 200.0, 250.0], "kg/m3"),
        ),
        "masses",
        "volumetric_factor",
    )


def test_transport_per_shipment_columns_mismatch_names_the_method() -> None:
    err = _raises_naming(
        lambda: shared_transport(
            {"CO2": 1.0},
            basis="tkm",
            distance_basis="SFD",
            shipments=("a", "b"),
            masses=[(1.0, "t"), (1.0, "t")],
            distances=[([1.0, 2.0], "km"), ([1.0, 2.0, 3.0], "km")],
        ),
        "distances[0]",
        "distances[1]",
    )
    assert str(err).startswith("shared_transport:")
