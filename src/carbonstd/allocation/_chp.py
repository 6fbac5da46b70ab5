"""Combined heat and power: the GHG Protocol CHP allocation methods (2006)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from carbonstd import units
from carbonstd.allocation._burden import (
    BurdenLike,
    FloatArray,
    GasBurden,
    _jsonable,
    as_fraction,
    check_shares,
    common_shape,
)
from carbonstd.errors import AllocationError

__all__ = [
    "DEFAULT_HEAT_EFFICIENCY",
    "DEFAULT_POWER_EFFICIENCY",
    "CHPResult",
    "chp_efficiency",
    "chp_energy_content",
    "chp_work_potential",
]

#: Reference efficiency of stand-alone heat (steam) production in the GHG
#: Protocol CHP efficiency method (WRI/WBCSD 2006, section III). Confidence:
#: secondary sources only (the EPA CHP reference case, 45 units of steam from
#: 56 units of fuel, is consistent with 0.80; GreenCalculus's CHP calculator
#: page states 0.80); the guide's section III text could not be read.
DEFAULT_HEAT_EFFICIENCY = 0.80

#: Reference efficiency of stand-alone electricity production in the GHG
#: Protocol CHP efficiency method (WRI/WBCSD 2006, section III). Confidence:
#: secondary sources only (GreenCalculus's CHP calculator page states 0.35);
#: the guide's section III text could not be read.
DEFAULT_POWER_EFFICIENCY = 0.35

_ENERGY = "MJ"


def _ro(value: Any) -> FloatArray:
    arr = np.array(value, dtype=np.float64, copy=True)
    arr.setflags(write=False)
    return arr


@attrs.frozen(eq=False)
class CHPResult:
    """Emissions of a CHP plant split between heat and power.

    Attributes
    ----------
    method
        ``"efficiency"``, ``"energy_content"`` or ``"work_potential"``.
    heat, power
        Emissions allocated to the heat and to the electricity output, per gas.
    heat_share, power_share
        The fractions of the total (sum to one).
    heat_factor, power_factor
        Emission intensities per gas: kg per ``intensity_unit`` of heat or power.
    intensity_unit
        Energy unit of the intensities.
    parameters
        The method's parameters as used (efficiencies or temperatures).
    """

    method: str
    heat: GasBurden
    power: GasBurden
    heat_share: FloatArray = attrs.field(converter=_ro)
    power_share: FloatArray = attrs.field(converter=_ro)
    heat_factor: GasBurden
    power_factor: GasBurden
    intensity_unit: str
    parameters: dict[str, Any] = attrs.field(factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-like data."""
        return {
            "method": self.method,
            "heat": self.heat.as_dict(),
            "power": self.power.as_dict(),
            "heat_share": _jsonable(self.heat_share),
            "power_share": _jsonable(self.power_share),
            "heat_factor": self.heat_factor.as_dict(),
            "power_factor": self.power_factor.as_dict(),
            "intensity_unit": self.intensity_unit,
            "parameters": {k: _jsonable(v) for k, v in self.parameters.items()},
        }


def _energy(value: Any, name: str) -> FloatArray:
    arr = np.asarray(units.magnitude_in(value, _ENERGY, source=name), dtype=np.float64)
    if np.any(arr <= 0):
        raise AllocationError(
            f"the CHP {name} output must be positive",
            value=arr.tolist(),
            source=name,
            hint="a plant with no heat (or no power) output is not CHP; "
            "assign its emissions to the single output",
        )
    return arr


def _burden_checked(
    total: BurdenLike, gases: Sequence[str] | None, *, method: str, **arrays: FloatArray
) -> GasBurden:
    """The plant's burden, with its process axes checked against every array input."""
    burden = GasBurden.of(total, gases=gases, source="total")
    common_shape(
        {"total": burden.shape, **{name: arr.shape for name, arr in arrays.items()}},
        method=method,
    )
    return burden


def _split(
    *,
    method: str,
    burden: GasBurden,
    heat: FloatArray,
    power: FloatArray,
    heat_weight: FloatArray,
    power_weight: FloatArray,
    intensity_unit: str,
    parameters: dict[str, Any],
) -> CHPResult:
    heat_share = heat_weight / (heat_weight + power_weight)
    power_share = 1.0 - heat_share
    check_shares(np.stack([heat_share, power_share], axis=-1), axis=-1, source="shares")
    tot = burden.values
    heat_e = heat_share[..., None] * tot
    power_e = tot - heat_e  # E_P = E_T - E_H: the parts sum to the whole
    per_unit = units.conversion_factor(intensity_unit, _ENERGY)  # MJ per intensity unit
    return CHPResult(
        method=method,
        heat=GasBurden(heat_e, burden.gases),
        power=GasBurden(power_e, burden.gases),
        heat_share=heat_share,
        power_share=power_share,
        heat_factor=GasBurden(heat_e / heat[..., None] * per_unit, burden.gases),
        power_factor=GasBurden(power_e / power[..., None] * per_unit, burden.gases),
        intensity_unit=intensity_unit,
        parameters=parameters,
    )


def _intensity_unit(unit: str) -> str:
    parsed = units.parse(unit, source="intensity_unit")
    if parsed.kind != "energy":
        raise AllocationError(
            "intensity_unit must be an energy unit", value=unit, hint="e.g. 'MWh', 'GJ'"
        )
    return parsed.text


def chp_efficiency(
    total: BurdenLike,
    *,
    heat: Any,
    power: Any,
    heat_efficiency: Any = DEFAULT_HEAT_EFFICIENCY,
    power_efficiency: Any = DEFAULT_POWER_EFFICIENCY,
    gases: Sequence[str] | None = None,
    intensity_unit: str = "MWh",
) -> CHPResult:
    """Allocate CHP emissions by the GHG Protocol efficiency method.

    GHG Protocol, "Allocation of GHG Emissions from a Combined Heat and Power
    (CHP) Plant", guide to calculation worksheets v1.0 (WRI/WBCSD, September
    2006), sections II-III::

        E_H = (H / e_H) / (H / e_H + P / e_P) * E_T
        E_P = E_T - E_H

    where ``H`` and ``P`` are the useful heat and net electricity outputs and
    ``e_H``, ``e_P`` the efficiencies of typical stand-alone heat and power
    production. The defaults 0.80 and 0.35 are the values the guide is widely
    reported to suggest; they are confirmed from secondary sources only, so
    state your own when you have plant- or country-specific references.

    Parameters
    ----------
    total
        Total direct emissions of the plant per gas (mapping, GasBurden, or
        array with ``gases=``); arrays compute many plants at once.
    heat, power
        Useful heat and net electricity output as energy quantities (any
        energy unit, converted; a power unit such as kW is refused).
    heat_efficiency, power_efficiency
        Reference efficiencies in (0, 1].
    gases
        Gas names when ``total`` is an array.
    intensity_unit
        Energy unit for the per-output intensities.

    Examples
    --------
    >>> r = chp_efficiency({"CO2": 1000.0}, heat=(400, "MWh"), power=(350, "MWh"))
    >>> round(float(r.heat_share), 6), r.heat.as_dict()
    (0.333333, {'CO2': 333.33...})
    >>> r.power_factor.as_dict()
    {'CO2': 1.90476...}
    """
    h = _energy(heat, "heat")
    p = _energy(power, "power")
    e_h = as_fraction(heat_efficiency, name="heat_efficiency")
    e_p = as_fraction(power_efficiency, name="power_efficiency")
    burden = _burden_checked(
        total,
        gases,
        method="chp_efficiency",
        heat=h,
        power=p,
        heat_efficiency=e_h,
        power_efficiency=e_p,
    )
    if np.any(e_h == 0) or np.any(e_p == 0):
        raise AllocationError(
            "reference efficiencies must be positive",
            value={"heat_efficiency": e_h.tolist(), "power_efficiency": e_p.tolist()},
        )
    return _split(
        method="efficiency",
        burden=burden,
        heat=h,
        power=p,
        heat_weight=h / e_h,
        power_weight=p / e_p,
        intensity_unit=_intensity_unit(intensity_unit),
        parameters={"heat_efficiency": e_h, "power_efficiency": e_p},
    )


def chp_energy_content(
    total: BurdenLike,
    *,
    heat: Any,
    power: Any,
    gases: Sequence[str] | None = None,
    intensity_unit: str = "MWh",
) -> CHPResult:
    """Allocate CHP emissions by the energy content of the outputs.

    GHG Protocol CHP guide v1.0 (2006), Appendix II (energy content method):
    ``E_H = H / (H + P) * E_T``. It treats a MJ of heat as worth a MJ of
    electricity, so it favours electricity relative to the other methods.

    Examples
    --------
    >>> r = chp_energy_content({"CO2": 900.0}, heat=(2, "MWh"), power=(3600, "MJ"))
    >>> r.heat.as_dict(), r.power.as_dict()
    ({'CO2': 600.0}, {'CO2': 300.0})
    """
    h = _energy(heat, "heat")
    p = _energy(power, "power")
    burden = _burden_checked(total, gases, method="chp_energy_content", heat=h, power=p)
    return _split(
        method="energy_content",
        burden=burden,
        heat=h,
        power=p,
        heat_weight=h,
        power_weight=p,
        intensity_unit=_intensity_unit(intensity_unit),
        parameters={},
    )


def chp_work_potential(
    total: BurdenLike,
    *,
    heat: Any,
    power: Any,
    heat_temperature: Any,
    ambient_temperature: Any,
    gases: Sequence[str] | None = None,
    intensity_unit: str = "MWh",
) -> CHPResult:
    """Allocate CHP emissions by work potential (exergy) of the outputs.

    GHG Protocol CHP guide v1.0 (2006), Appendix I (work potential method).
    Electricity is pure work; the work potential of heat delivered at
    absolute temperature ``T`` with surroundings at ``T0`` is taken as
    ``H * (1 - T0 / T)`` (the Carnot factor)::

        E_H = H (1 - T0/T) / (H (1 - T0/T) + P) * E_T

    Confidence note: that Appendix I of the guide is "Guidance on following
    the work potential method" is confirmed from the guide's own table of
    contents; its text could not be read, so the formula it gives is
    unconfirmed. It may evaluate the steam's work potential from enthalpy
    and entropy tables rather than the Carnot factor. For steam, compute the
    exergy yourself and use :func:`~carbonstd.allocation.partition` with
    ``basis="exergy"``.

    Parameters
    ----------
    heat_temperature, ambient_temperature
        Absolute temperatures (e.g. ``(453.15, "K")``); offset units such as
        degC are refused by the unit parser. ``heat_temperature`` must exceed
        ``ambient_temperature``.

    Examples
    --------
    >>> r = chp_work_potential({"CO2": 1000.0}, heat=(500, "MWh"), power=(250, "MWh"),
    ...                        heat_temperature=(500, "K"), ambient_temperature=(300, "K"))
    >>> r.heat.as_dict(), float(r.heat_share)
    ({'CO2': 444.44...}, 0.444...)
    """
    h = _energy(heat, "heat")
    p = _energy(power, "power")
    t = np.asarray(
        units.magnitude_in(heat_temperature, "K", source="heat_temperature"), dtype=np.float64
    )
    t0 = np.asarray(
        units.magnitude_in(ambient_temperature, "K", source="ambient_temperature"),
        dtype=np.float64,
    )
    burden = _burden_checked(
        total,
        gases,
        method="chp_work_potential",
        heat=h,
        power=p,
        heat_temperature=t,
        ambient_temperature=t0,
    )
    if np.any(t0 <= 0) or np.any(t <= t0):
        raise AllocationError(
            "heat_temperature must exceed ambient_temperature, both absolute and positive",
            value={"heat_temperature": t.tolist(), "ambient_temperature": t0.tolist()},
            hint="give absolute temperatures in K, e.g. (453.15, 'K') for 180 degC",
        )
    carnot = 1.0 - t0 / t
    return _split(
        method="work_potential",
        burden=burden,
        heat=h,
        power=p,
        heat_weight=h * carnot,
        power_weight=p,
        intensity_unit=_intensity_unit(intensity_unit),
        parameters={"heat_temperature_K": t, "ambient_temperature_K": t0, "carnot_factor": carnot},
    )
