"""Recycling and end of life: the PEF Circular Footprint Formula and its special cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np

from carbonstd import units
from carbonstd.allocation._burden import (
    BurdenLike,
    FloatArray,
    GasBurden,
    _finite_array,
    as_fraction,
    common_shape,
    union_gases,
    warn_pef,
)
from carbonstd.errors import AllocationError

__all__ = [
    "PEF_A_RANGE",
    "CFFMode",
    "CFFResult",
    "avoided_burden",
    "circular_footprint",
    "cut_off",
    "fifty_fifty",
]

#: ``mode=`` of :func:`circular_footprint`: ``"PEF"`` enforces the PEF rules;
#: ``"non-PEF"`` allows other choices (the result is then not PEF-conformant).
CFFMode: TypeAlias = Literal["PEF", "non-PEF"]

#: Range of the allocation factor A allowed by the PEF method (Recommendation
#: (EU) 2021/2279 Annex I 4.4.8, as corrected by OJ L 144 of 23.5.2022).
PEF_A_RANGE = (0.2, 0.8)

_TOL = 1e-12


def _ro(value: Any) -> FloatArray:
    arr = np.array(value, dtype=np.float64, copy=True)
    arr.setflags(write=False)
    return arr


@attrs.frozen(eq=False)
class CFFResult:
    """Burdens of a material under the Circular Footprint Formula, by part.

    Attributes
    ----------
    approach
        ``"CFF"``, ``"cut-off"`` (CFF with A = 1), ``"avoided burden"`` (A = 0)
        or ``"50:50"`` (CFF with A = 0.5; not the 2013 PEF Guide formula).
    mode
        ``"PEF"`` or ``"non-PEF"``.
    pef_conformant
        Whether every PEF rule checked by carbonstd holds.
    material, energy, disposal
        The three parts of the formula, per gas, per ``mass_unit`` of material.
    total
        ``material + energy + disposal``.
    parameters
        The parameters as used (scalars or arrays), for the record.
    """

    approach: str
    mode: CFFMode
    pef_conformant: bool
    material: GasBurden
    energy: GasBurden
    disposal: GasBurden
    total: GasBurden
    mass_unit: str
    parameters: dict[str, FloatArray] = attrs.field(factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-like data."""
        return {
            "approach": self.approach,
            "mode": self.mode,
            "pef_conformant": self.pef_conformant,
            "material": self.material.as_dict(),
            "energy": self.energy.as_dict(),
            "disposal": self.disposal.as_dict(),
            "total": self.total.as_dict(),
            "mass_unit": self.mass_unit,
        }


def _missing(name: str, why: str) -> AllocationError:
    return AllocationError(
        f"{name} is required because {why}",
        source=name,
        hint=f"pass {name}=...; it may only be omitted when its term is multiplied by zero",
    )


def _cff(
    *,
    approach: str,
    mode: CFFMode,
    a: Any,
    b: Any,
    r1: Any,
    r2: Any,
    r3: Any,
    qsin_qp: Any,
    qsout_qp: Any,
    e_recycled: BurdenLike | None,
    e_recycling_eol: BurdenLike | None,
    e_v: BurdenLike,
    e_v_star: BurdenLike | None,
    e_er: BurdenLike | None,
    lhv: Any,
    x_er_heat: Any,
    x_er_elec: Any,
    e_se_heat: BurdenLike | None,
    e_se_elec: BurdenLike | None,
    e_d: BurdenLike | None,
    gases: Sequence[str] | None,
    mass_unit: str,
    energy_unit: str,
) -> CFFResult:
    if mode not in ("PEF", "non-PEF"):
        raise AllocationError(
            "mode must be 'PEF' or 'non-PEF'",
            value=mode,
            source="mode",
            hint="'PEF' enforces Recommendation (EU) 2021/2279 rules; 'non-PEF' allows others",
        )
    pef = mode == "PEF"
    switch = "or use mode='non-PEF' (the result is then not PEF-conformant)"
    conformant = pef
    a_ = as_fraction(a, name="a")
    b_ = as_fraction(b, name="b")
    r1_ = as_fraction(r1, name="r1")
    r2_ = as_fraction(r2, name="r2")
    r3_ = as_fraction(r3, name="r3")
    method = "circular_footprint" if approach == "CFF" else approach
    common_shape(
        {"a": a_.shape, "b": b_.shape, "r1": r1_.shape, "r2": r2_.shape, "r3": r3_.shape},
        method=method,
    )
    if pef and (np.any(a_ < PEF_A_RANGE[0] - _TOL) or np.any(a_ > PEF_A_RANGE[1] + _TOL)):
        raise AllocationError(
            "the PEF method requires 0.2 <= A <= 0.8",
            value=a_.tolist(),
            source="a",
            hint="take A from the PEF Annex C list for the material, " + switch,
        )
    if pef and np.any(b_ != 0):
        warn_pef(
            f"B = {b_.tolist()}: the PEF method sets B = 0 as default; a value other than 0 "
            "needs a PEFCR that requires it"
        )
        conformant = False
    if np.any(r2_ + r3_ > 1 + _TOL):
        raise AllocationError(
            "R2 + R3 must not exceed 1 (the disposal share 1 - R2 - R3 would be negative)",
            value=(r2_ + r3_).tolist(),
            source="r2, r3",
            hint="R2 and R3 are shares of the same end-of-life mass",
        )

    def ratio(value: Any, name: str, used: bool, why: str) -> FloatArray:
        if value is None:
            if used:
                raise _missing(name, why)
            return np.zeros(())
        arr = _finite_array(value, source=name)
        if np.any(arr < 0):
            raise AllocationError(f"{name} must not be negative", value=arr.tolist(), source=name)
        if pef and np.any(arr > 1 + _TOL):
            raise AllocationError(
                f"the PEF method requires {name} <= 1",
                value=arr.tolist(),
                source=name,
                hint="quality ratios compare secondary to primary material, " + switch,
            )
        return arr

    uses_rec = bool(np.any(a_ * r1_ > 0))
    uses_qin = bool(np.any((1 - a_) * r1_ > 0))
    uses_r2 = bool(np.any((1 - a_) * r2_ > 0))
    uses_r3 = bool(np.any((1 - b_) * r3_ > 0))
    uses_d = bool(np.any(1 - r2_ - r3_ > _TOL))
    qin = ratio(qsin_qp, "qsin_qp", uses_qin, "(1 - A) R1 > 0")
    qout = ratio(qsout_qp, "qsout_qp", uses_r2, "(1 - A) R2 > 0")

    ev = GasBurden.of(e_v, gases=gases, source="e_v")
    named: dict[str, tuple[BurdenLike | None, bool, str]] = {
        "e_recycled": (e_recycled, uses_rec, "A R1 > 0"),
        "e_recycling_eol": (e_recycling_eol, uses_r2, "(1 - A) R2 > 0"),
        "e_v_star": (e_v_star, uses_r2, "(1 - A) R2 > 0"),
        "e_er": (e_er, uses_r3, "(1 - B) R3 > 0"),
        "e_se_heat": (e_se_heat, uses_r3, "(1 - B) R3 > 0"),
        "e_se_elec": (e_se_elec, uses_r3, "(1 - B) R3 > 0"),
        "e_d": (e_d, uses_d, "1 - R2 - R3 > 0"),
    }
    given: dict[str, GasBurden] = {}
    for name, (value, used, why) in named.items():
        if value is None:
            if used:
                raise _missing(name, why)
            continue
        given[name] = GasBurden.of(value, gases=gases, source=name)
    all_gases = union_gases(ev, *given.values())

    def vec(name: str) -> FloatArray:
        if name == "e_v":
            return ev.aligned(all_gases).values
        if name in given:
            return given[name].aligned(all_gases).values
        return np.zeros(len(all_gases))

    if uses_r3 and (lhv is None or x_er_heat is None or x_er_elec is None):
        missing = [
            n
            for n, v in (("lhv", lhv), ("x_er_heat", x_er_heat), ("x_er_elec", x_er_elec))
            if v is None
        ]
        raise _missing(", ".join(missing), "(1 - B) R3 > 0")
    lhv_ = (
        np.asarray(
            units.magnitude_in(lhv, f"{energy_unit}/({mass_unit})", source="lhv"),
            dtype=np.float64,
        )
        if lhv is not None
        else np.zeros(())
    )
    if np.any(lhv_ < 0):
        raise AllocationError("lhv must not be negative", value=lhv_.tolist(), source="lhv")
    xh = as_fraction(x_er_heat, name="x_er_heat") if x_er_heat is not None else np.zeros(())
    xe = as_fraction(x_er_elec, name="x_er_elec") if x_er_elec is not None else np.zeros(())

    common_shape(
        {
            "a": a_.shape, "b": b_.shape, "r1": r1_.shape, "r2": r2_.shape, "r3": r3_.shape,
            "qsin_qp": qin.shape, "qsout_qp": qout.shape, "lhv": lhv_.shape,
            "x_er_heat": xh.shape, "x_er_elec": xe.shape, "e_v": ev.shape,
            **{name: burden.shape for name, burden in given.items()},
        },
        method=method,
    )  # fmt: skip

    def s(x: FloatArray) -> FloatArray:  # scalar/array parameter -> broadcast over gases
        return np.asarray(x)[..., None]

    e_v_ = vec("e_v")
    material = (
        (1 - s(r1_)) * e_v_
        + s(r1_) * (s(a_) * vec("e_recycled") + (1 - s(a_)) * e_v_ * s(qin))
        + (1 - s(a_)) * s(r2_) * (vec("e_recycling_eol") - vec("e_v_star") * s(qout))
    )
    energy = (
        (1 - s(b_))
        * s(r3_)
        * (vec("e_er") - s(lhv_) * s(xh) * vec("e_se_heat") - s(lhv_) * s(xe) * vec("e_se_elec"))
    )
    disposal = (1 - s(r2_) - s(r3_)) * vec("e_d")
    shape = np.broadcast_shapes(material.shape, energy.shape, disposal.shape)
    material, energy, disposal = (np.broadcast_to(x, shape) for x in (material, energy, disposal))
    params = {
        "a": a_, "b": b_, "r1": r1_, "r2": r2_, "r3": r3_, "qsin_qp": qin, "qsout_qp": qout,
        "lhv": lhv_, "x_er_heat": xh, "x_er_elec": xe,
    }  # fmt: skip
    return CFFResult(
        approach=approach,
        mode=mode,
        pef_conformant=conformant,
        material=GasBurden(material, all_gases),
        energy=GasBurden(energy, all_gases),
        disposal=GasBurden(disposal, all_gases),
        total=GasBurden(material + energy + disposal, all_gases),
        mass_unit=units.parse(mass_unit).text,
        parameters={k: _ro(v) for k, v in params.items()},
    )


def circular_footprint(
    *,
    mode: CFFMode,
    a: Any,
    b: Any = 0.0,
    r1: Any,
    r2: Any,
    r3: Any = 0.0,
    qsin_qp: Any = None,
    qsout_qp: Any = None,
    e_recycled: BurdenLike | None = None,
    e_recycling_eol: BurdenLike | None = None,
    e_v: BurdenLike,
    e_v_star: BurdenLike | None = None,
    e_er: BurdenLike | None = None,
    lhv: Any = None,
    x_er_heat: Any = None,
    x_er_elec: Any = None,
    e_se_heat: BurdenLike | None = None,
    e_se_elec: BurdenLike | None = None,
    e_d: BurdenLike | None = None,
    gases: Sequence[str] | None = None,
    mass_unit: str = "kg",
    energy_unit: str = "MJ",
) -> CFFResult:
    """The PEF Circular Footprint Formula (CFF) for one material, or many at once.

    Commission Recommendation (EU) 2021/2279, Annex I (PEF method), 4.4.8
    (end-of-life modelling), as corrected by OJ L 144 of 23.5.2022::

        Material: (1 - R1) Ev + R1 (A Erecycled + (1 - A) Ev Qsin/Qp)
                  + (1 - A) R2 (ErecyclingEoL - E*v Qsout/Qp)
        Energy:   (1 - B) R3 (EER - LHV XER,heat ESE,heat - LHV XER,elec ESE,elec)
        Disposal: (1 - R2 - R3) ED

    Confidence: the material part and the PEF rules A in [0.2, 0.8], A = 1 as
    cut-off and A = 0 as avoided burden are confirmed from JRC material on
    the method. The energy and disposal parts and "B = 0 as default" follow
    the widely reproduced form of the formula (a PEFCR implementation,
    ecobalyse, writes the energy term the same way) but remain unconfirmed
    against the OJ text: a second search (review of issue #5) reached only
    the opening pages of OJ L 144 of 23.5.2022, of OJ L 471 of 30.12.2021,
    of JRC EUR 29682 (Zampori & Pant 2019) and of the 2020 EC CFF training,
    never section 4.4.8 or Annex C. The record is in the docs page
    ``allocation/circular-footprint``.

    Parameters
    ----------
    mode
        ``"PEF"``: A must be in [0.2, 0.8] and the quality ratios at most 1
        (else :class:`~carbonstd.errors.AllocationError`); B other than 0
        warns with :class:`PEFConformanceWarning` (B = 0 is the PEF default,
        a PEFCR may require otherwise). ``"non-PEF"``: any A and B in [0, 1]
        and any non-negative quality ratio; the result says it is not
        PEF-conformant. carbonstd ships no table of default A values by
        material (``pef_default_a``): the PEF Annex C "CFF default parameters"
        list could not be read in a primary source, so no value for aluminium,
        copper, steel, nickel or cobalt is confirmed. Give A explicitly and
        cite where it comes from (the PEFCR or the battery carbon-footprint
        rules that apply).
    a, b
        Allocation factors of recycling and of energy recovery.
    r1, r2, r3
        Recycled-content share, share recycled at end of life (net, at the
        output of the recycling plant), share sent to energy recovery; each
        in [0, 1] and ``r2 + r3 <= 1`` in every mode.

    Every parameter and burden may be an array over materials: their leading
    (material) axes must broadcast, else
    :class:`~carbonstd.errors.AllocationError` names the two inputs that
    disagree and their shapes.
    qsin_qp, qsout_qp
        Quality ratios of ingoing and outgoing secondary material to primary.
    e_recycled, e_recycling_eol, e_v, e_v_star, e_er, e_d
        Burdens per gas per ``mass_unit`` of material: recycling of the
        recycled input, recycling at end of life, virgin material, the virgin
        material substituted, energy recovery, disposal. A gas absent from one
        of them is zero there.
    lhv
        Lower heating value as an energy-per-mass quantity (e.g. ``(20, "MJ/kg")``).
    x_er_heat, x_er_elec
        Efficiencies of the energy-recovery process for heat and electricity.
    e_se_heat, e_se_elec
        Burdens per gas per ``energy_unit`` of substituted heat and electricity.
    gases
        Gas names when the burdens are arrays.
    mass_unit, energy_unit
        What the burdens are per (``kg`` and ``MJ`` by default).

    Parameters whose term is multiplied by zero (e.g. ``e_recycled`` when
    R1 = 0, the energy-recovery inputs when R3 = 0) may be omitted; any other
    omission raises.

    Returns
    -------
    CFFResult
        ``.material``, ``.energy``, ``.disposal`` and ``.total`` per gas.

    Examples
    --------
    Aluminium, 30 % recycled content, 60 % recycled at end of life, the rest
    landfilled (kg CO2 per kg aluminium):

    >>> r = circular_footprint(mode="PEF", a=0.2, r1=0.3, r2=0.6, qsin_qp=1.0,
    ...     qsout_qp=1.0, e_v={"CO2": 10.0}, e_v_star={"CO2": 10.0},
    ...     e_recycled={"CO2": 0.5}, e_recycling_eol={"CO2": 0.5}, e_d={"CO2": 0.1})
    >>> r.material.as_dict()
    {'CO2': 4.87...}
    >>> r.disposal.as_dict(), r.total.as_dict()
    ({'CO2': 0.04...}, {'CO2': 4.91...})

    Three materials at once (one entry per material):

    >>> r = circular_footprint(mode="PEF", a=[0.2, 0.5, 0.8], r1=[0.3, 0.5, 0.0],
    ...     r2=[0.6, 0.4, 0.9], qsin_qp=1.0, qsout_qp=1.0, e_v={"CO2": [10.0, 4.0, 2.0]},
    ...     e_v_star={"CO2": [10.0, 4.0, 2.0]}, e_recycled={"CO2": [0.5, 1.0, 0.3]},
    ...     e_recycling_eol={"CO2": [0.5, 1.0, 0.3]}, e_d={"CO2": 0.1})
    >>> r.total["CO2"].round(6).tolist()
    [4.91, 2.71, 1.704]
    """
    return _cff(
        approach="CFF", mode=mode, a=a, b=b, r1=r1, r2=r2, r3=r3, qsin_qp=qsin_qp,
        qsout_qp=qsout_qp, e_recycled=e_recycled, e_recycling_eol=e_recycling_eol, e_v=e_v,
        e_v_star=e_v_star, e_er=e_er, lhv=lhv, x_er_heat=x_er_heat, x_er_elec=x_er_elec,
        e_se_heat=e_se_heat, e_se_elec=e_se_elec, e_d=e_d, gases=gases, mass_unit=mass_unit,
        energy_unit=energy_unit,
    )  # fmt: skip


def _special(
    approach: str,
    a: float,
    *,
    b: Any,
    r1: Any,
    r2: Any,
    r3: Any,
    qsin_qp: Any,
    qsout_qp: Any,
    e_recycled: BurdenLike | None,
    e_recycling_eol: BurdenLike | None,
    e_v: BurdenLike,
    e_v_star: BurdenLike | None,
    e_er: BurdenLike | None,
    lhv: Any,
    x_er_heat: Any,
    x_er_elec: Any,
    e_se_heat: BurdenLike | None,
    e_se_elec: BurdenLike | None,
    e_d: BurdenLike | None,
    gases: Sequence[str] | None,
    mass_unit: str,
    energy_unit: str,
) -> CFFResult:
    return _cff(
        approach=approach, mode="non-PEF", a=a, b=b, r1=r1, r2=r2, r3=r3, qsin_qp=qsin_qp,
        qsout_qp=qsout_qp, e_recycled=e_recycled, e_recycling_eol=e_recycling_eol, e_v=e_v,
        e_v_star=e_v_star, e_er=e_er, lhv=lhv, x_er_heat=x_er_heat, x_er_elec=x_er_elec,
        e_se_heat=e_se_heat, e_se_elec=e_se_elec, e_d=e_d, gases=gases, mass_unit=mass_unit,
        energy_unit=energy_unit,
    )  # fmt: skip


def cut_off(
    *,
    b: Any = 0.0,
    r1: Any,
    r2: Any,
    r3: Any = 0.0,
    qsin_qp: Any = None,
    qsout_qp: Any = None,
    e_recycled: BurdenLike | None = None,
    e_recycling_eol: BurdenLike | None = None,
    e_v: BurdenLike,
    e_v_star: BurdenLike | None = None,
    e_er: BurdenLike | None = None,
    lhv: Any = None,
    x_er_heat: Any = None,
    x_er_elec: Any = None,
    e_se_heat: BurdenLike | None = None,
    e_se_elec: BurdenLike | None = None,
    e_d: BurdenLike | None = None,
    gases: Sequence[str] | None = None,
    mass_unit: str = "kg",
    energy_unit: str = "MJ",
) -> CFFResult:
    """Cut-off (recycled-content, 100:0) approach: the CFF with A = 1.

    The recycled input carries only its recycling burden ``Erecycled``; the
    material earns no end-of-life recycling credit. ISO 14044:2006 4.3.4.3
    allows such allocation procedures for recycling; with A = 1 the CFF
    reduces to it (JRC, EF method material on the CFF). Not PEF-conformant:
    PEF requires A in [0.2, 0.8]. Parameters as in :func:`circular_footprint`.

    Examples
    --------
    >>> r = cut_off(r1=0.3, r2=0.6, e_v={"CO2": 10.0}, e_recycled={"CO2": 0.5},
    ...             e_d={"CO2": 0.1})
    >>> r.material.as_dict(), r.approach, r.pef_conformant
    ({'CO2': 7.15}, 'cut-off', False)
    """
    return _special(
        "cut-off", 1.0, b=b, r1=r1, r2=r2, r3=r3, qsin_qp=qsin_qp, qsout_qp=qsout_qp,
        e_recycled=e_recycled, e_recycling_eol=e_recycling_eol, e_v=e_v, e_v_star=e_v_star,
        e_er=e_er, lhv=lhv, x_er_heat=x_er_heat, x_er_elec=x_er_elec, e_se_heat=e_se_heat,
        e_se_elec=e_se_elec, e_d=e_d, gases=gases, mass_unit=mass_unit, energy_unit=energy_unit,
    )  # fmt: skip


def avoided_burden(
    *,
    b: Any = 0.0,
    r1: Any,
    r2: Any,
    r3: Any = 0.0,
    qsin_qp: Any = None,
    qsout_qp: Any = None,
    e_recycled: BurdenLike | None = None,
    e_recycling_eol: BurdenLike | None = None,
    e_v: BurdenLike,
    e_v_star: BurdenLike | None = None,
    e_er: BurdenLike | None = None,
    lhv: Any = None,
    x_er_heat: Any = None,
    x_er_elec: Any = None,
    e_se_heat: BurdenLike | None = None,
    e_se_elec: BurdenLike | None = None,
    e_d: BurdenLike | None = None,
    gases: Sequence[str] | None = None,
    mass_unit: str = "kg",
    energy_unit: str = "MJ",
) -> CFFResult:
    """Avoided-burden (end-of-life recycling, 0:100) approach: the CFF with A = 0.

    The recycled input is charged as virgin material (``Ev Qsin/Qp``) and the
    end of life earns the full credit ``R2 (ErecyclingEoL - E*v Qsout/Qp)``.
    Not PEF-conformant (PEF requires A in [0.2, 0.8]). Parameters as in
    :func:`circular_footprint`.

    Examples
    --------
    >>> r = avoided_burden(r1=0.3, r2=0.6, qsin_qp=1.0, qsout_qp=1.0, e_v={"CO2": 10.0},
    ...     e_v_star={"CO2": 10.0}, e_recycling_eol={"CO2": 0.5}, e_d={"CO2": 0.1})
    >>> r.material.as_dict()
    {'CO2': 4.3...}
    """
    return _special(
        "avoided burden", 0.0, b=b, r1=r1, r2=r2, r3=r3, qsin_qp=qsin_qp, qsout_qp=qsout_qp,
        e_recycled=e_recycled, e_recycling_eol=e_recycling_eol, e_v=e_v, e_v_star=e_v_star,
        e_er=e_er, lhv=lhv, x_er_heat=x_er_heat, x_er_elec=x_er_elec, e_se_heat=e_se_heat,
        e_se_elec=e_se_elec, e_d=e_d, gases=gases, mass_unit=mass_unit, energy_unit=energy_unit,
    )  # fmt: skip


def fifty_fifty(
    *,
    b: Any = 0.0,
    r1: Any,
    r2: Any,
    r3: Any = 0.0,
    qsin_qp: Any = None,
    qsout_qp: Any = None,
    e_recycled: BurdenLike | None = None,
    e_recycling_eol: BurdenLike | None = None,
    e_v: BurdenLike,
    e_v_star: BurdenLike | None = None,
    e_er: BurdenLike | None = None,
    lhv: Any = None,
    x_er_heat: Any = None,
    x_er_elec: Any = None,
    e_se_heat: BurdenLike | None = None,
    e_se_elec: BurdenLike | None = None,
    e_d: BurdenLike | None = None,
    gases: Sequence[str] | None = None,
    mass_unit: str = "kg",
    energy_unit: str = "MJ",
) -> CFFResult:
    """50:50 approach: the CFF with A = 0.5 (burdens and credits shared equally).

    This is the Circular Footprint Formula with A = 0.5. It is **not** the
    "50/50 formula" of the 2013 PEF Guide (Recommendation 2013/179/EU,
    Annex II), which is a different equation. Computed in ``"non-PEF"``
    mode; for a PEF study call :func:`circular_footprint` with ``a=0.5`` and
    ``mode="PEF"`` (A = 0.5 is inside the PEF range). Parameters as in
    :func:`circular_footprint`.

    Examples
    --------
    >>> r = fifty_fifty(r1=0.3, r2=0.6, qsin_qp=1.0, qsout_qp=1.0, e_v={"CO2": 10.0},
    ...     e_v_star={"CO2": 10.0}, e_recycled={"CO2": 0.5}, e_recycling_eol={"CO2": 0.5},
    ...     e_d={"CO2": 0.1})
    >>> r.material.as_dict(), r.approach
    ({'CO2': 5.725...}, '50:50')
    """
    return _special(
        "50:50", 0.5, b=b, r1=r1, r2=r2, r3=r3, qsin_qp=qsin_qp, qsout_qp=qsout_qp,
        e_recycled=e_recycled, e_recycling_eol=e_recycling_eol, e_v=e_v, e_v_star=e_v_star,
        e_er=e_er, lhv=lhv, x_er_heat=x_er_heat, x_er_elec=x_er_elec, e_se_heat=e_se_heat,
        e_se_elec=e_se_elec, e_d=e_d, gases=gases, mass_unit=mass_unit, energy_unit=energy_unit,
    )  # fmt: skip
