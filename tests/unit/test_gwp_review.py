"""Review finding 12 on carbonstd.gwp: co2e summed two spellings of one gas.

The factor-set loaders refuse ``{"HFC-134a": ..., "HFC134a": ...}`` as a gas given twice;
``GWPSet.co2e`` now refuses it the same way instead of adding both masses.
"""

from __future__ import annotations

import pytest

import carbonstd.gwp as gwp
from carbonstd.errors import ActivityDataError


@pytest.mark.parametrize(
    ("masses", "first", "second", "canonical"),
    [
        ({"HFC-134a": 1.0, "HFC134a": 2.0}, "HFC-134a", "HFC134a", "HFC-134a"),
        ({"R-134a": 1.0, "hfc-134a": 1.0}, "R-134a", "hfc-134a", "HFC-134a"),
        ({"CO2": 5.0, "ch4": 1.0, "CH4": 1.0}, "ch4", "CH4", "CH4"),
        ({"N2O": 1.0, " n2o ": 0.0}, "N2O", " n2o ", "N2O"),
    ],
)
def test_co2e_refuses_one_gas_under_two_spellings(
    masses: dict[str, float], first: str, second: str, canonical: str
) -> None:
    with pytest.raises(ActivityDataError) as info:
        gwp.get("AR6").co2e(masses)
    err = info.value
    assert err.message == f"gas given twice, as {first!r} and {second!r}"
    assert err.value == canonical
    assert err.source == "co2e(masses=...)"
    assert f"give {canonical!r} once" in str(err.hint)


def test_co2e_blend_and_its_component_are_different_gases() -> None:
    ar5 = gwp.get("AR5")
    both = ar5.co2e({"R-410A": 1.0, "HFC-32": 1.0})
    assert both == ar5.factor("R-410A") + ar5.factor("HFC-32")
