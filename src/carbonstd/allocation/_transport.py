"""Shared transport: a vehicle's or operation's emissions among its shipments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, TypeAlias, get_args

import attrs
import numpy as np

from carbonstd import units
from carbonstd.allocation._burden import (
    BurdenLike,
    FloatArray,
    GasBurden,
    _jsonable,
    check_shares,
    common_shape,
    labelled_part,
    str_tuple,
)
from carbonstd.allocation._partition import _product_names, _stack_quantities
from carbonstd.errors import AllocationError

__all__ = ["DistanceBasis", "TransportBasis", "TransportResult", "shared_transport"]

#: Transport activity used as the allocation key.
TransportBasis: TypeAlias = Literal["tkm", "TEUkm", "chargeable_weight"]

#: Which distance the shipments' distances are: actual driven/sailed/flown,
#: shortest feasible distance (SFD) or great-circle distance (GCD).
DistanceBasis: TypeAlias = Literal["actual", "SFD", "GCD"]

_METHOD = "shared_transport"

_ACTIVITY_UNIT = {"tkm": "tkm", "TEUkm": "TEUkm", "chargeable_weight": "tkm"}


def _ro(value: Any) -> FloatArray:
    arr = np.array(value, dtype=np.float64, copy=True)
    arr.setflags(write=False)
    return arr


@attrs.frozen(eq=False)
class TransportResult:
    """Emissions of a transport operation allocated to shipments.

    Attributes
    ----------
    basis
        ``"tkm"``, ``"TEUkm"`` or ``"chargeable_weight"`` (chargeable t·km).
    distance_basis
        ``"actual"``, ``"SFD"`` or ``"GCD"``: the distance the activity uses.
    shipments
        Shipment names.
    activity
        Transport activity per shipment, ``(..., n_shipments)``, in ``activity_unit``.
    activity_unit
        ``"tkm"`` or ``"TEUkm"``.
    shares
        Each shipment's fraction of the activity (sum to one).
    allocated
        Emissions per shipment, ``(..., n_shipments, n_gases)``.
    intensity
        Emission intensity of the operation per gas, kg per ``activity_unit``.
    total
        The operation's emissions.
    """

    basis: str
    distance_basis: str
    shipments: tuple[str, ...] = attrs.field(converter=str_tuple)
    gases: tuple[str, ...] = attrs.field(converter=str_tuple)
    activity: FloatArray = attrs.field(converter=_ro)
    activity_unit: str
    shares: FloatArray = attrs.field(converter=_ro)
    allocated: FloatArray = attrs.field(converter=_ro)
    intensity: GasBurden
    total: GasBurden

    def __getitem__(self, shipment: str) -> GasBurden:
        """Emissions allocated to one shipment."""
        return labelled_part(self.allocated, self.shipments, self.gases, shipment, what="shipment")

    def as_dict(self) -> dict[str, Any]:
        """JSON-like data."""
        return {
            "basis": self.basis,
            "distance_basis": self.distance_basis,
            "activity_unit": self.activity_unit,
            "activity": {s: _jsonable(self.activity[..., i]) for i, s in enumerate(self.shipments)},
            "shares": {s: _jsonable(self.shares[..., i]) for i, s in enumerate(self.shipments)},
            "allocated": {s: self[s].as_dict() for s in self.shipments},
            "intensity": self.intensity.as_dict(),
        }


def _nonneg(values: FloatArray, name: str) -> FloatArray:
    if np.any(values < 0):
        raise AllocationError(
            f"shipment {name} must not be negative", value=values.tolist(), source=name
        )
    return values


def shared_transport(
    total: BurdenLike,
    *,
    basis: TransportBasis,
    distance_basis: DistanceBasis,
    shipments: Sequence[str],
    distances: Any,
    masses: Any = None,
    teu: Any = None,
    volumes: Any = None,
    volumetric_factor: Any = None,
    gases: Sequence[str] | None = None,
) -> TransportResult:
    """Allocate a transport operation's emissions among shipments by transport activity.

    ISO 14083:2023 5.6 (and the GLEC Framework v3): emissions of a transport
    operation category are allocated to shipments in proportion to their
    transport activity, ``share_i = m_i d_i / sum_j m_j d_j`` (t·km), or TEU·km
    for containers. ``chargeable_weight`` uses ``max(mass, volume x
    volumetric_factor)`` as the mass (the volume-weight rule of air and
    parcel freight); the volumetric factor is the carrier's (e.g. IATA's
    167 kg/m3) and has no default here. ISO 14083 prefers shortest feasible
    (SFD) or great-circle (GCD) distances for fair allocation between stops;
    the basis used is required and recorded.

    Parameters
    ----------
    total
        The operation's emissions per gas (arrays: many vehicles or trips).
    basis
        ``"tkm"``, ``"TEUkm"`` or ``"chargeable_weight"``.
    distance_basis
        ``"actual"``, ``"SFD"`` or ``"GCD"``.
    shipments
        Shipment names.
    distances
        One length quantity per shipment (or one quantity with a trailing
        shipment axis).
    masses
        Mass per shipment (``tkm`` and ``chargeable_weight``).
    teu
        Containers per shipment as ``(n, "TEU")`` quantities (``TEUkm``).
    volumes, volumetric_factor
        Volume per shipment and the mass-per-volume factor (``chargeable_weight``).

    Examples
    --------
    >>> r = shared_transport({"CO2": 300.0}, basis="tkm", distance_basis="SFD",
    ...     shipments=("a", "b"), masses=[(10, "t"), (5000, "kg")],
    ...     distances=[(100, "km"), (100, "km")])
    >>> r["a"].as_dict(), r.intensity.as_dict()
    ({'CO2': 200.0}, {'CO2': 0.2})
    """
    if basis not in get_args(TransportBasis):
        raise AllocationError(
            "unknown transport basis",
            value=basis,
            source="basis",
            hint=f"choose one of {get_args(TransportBasis)}",
        )
    if distance_basis not in get_args(DistanceBasis):
        raise AllocationError(
            "unknown distance basis",
            value=distance_basis,
            source="distance_basis",
            hint=f"choose one of {get_args(DistanceBasis)} and say which distance you measured",
        )
    names = _product_names(shipments)
    n = len(names)
    burden = GasBurden.of(total, gases=gases, source="total")
    d = _nonneg(
        _stack_quantities(distances, "km", n, source="distances", method=_METHOD), "distances"
    )
    unused = {
        "tkm": ("teu", "volumes", "volumetric_factor"),
        "TEUkm": ("masses", "volumes", "volumetric_factor"),
        "chargeable_weight": ("teu",),
    }[basis]
    given = {
        "masses": masses,
        "teu": teu,
        "volumes": volumes,
        "volumetric_factor": volumetric_factor,
    }
    stray = [k for k in unused if given[k] is not None]
    if stray:
        raise AllocationError(
            f"basis={basis!r} does not use {', '.join(stray)}",
            value=stray,
            source="basis",
            hint="drop them or choose the basis that uses them",
        )
    shapes = {"total": burden.shape, "distances": d.shape[:-1]}
    if basis == "TEUkm":
        load = _nonneg(_stack_quantities(teu, "TEU", n, source="teu", method=_METHOD), "teu")
        shapes["teu"] = load.shape[:-1]
    else:
        load = _nonneg(_stack_quantities(masses, "t", n, source="masses", method=_METHOD), "masses")
        shapes["masses"] = load.shape[:-1]
        if basis == "chargeable_weight":
            if volumes is None or volumetric_factor is None:
                raise AllocationError(
                    "chargeable weight needs volumes and the volumetric factor",
                    source="basis='chargeable_weight'",
                    hint="pass volumes=[(2, 'm3'), ...], volumetric_factor=(167, 'kg/m3')",
                )
            vol = _nonneg(
                _stack_quantities(volumes, "m3", n, source="volumes", method=_METHOD), "volumes"
            )
            factor = np.asarray(
                units.magnitude_in(volumetric_factor, "t/m3", source="volumetric_factor"),
                dtype=np.float64,
            )
            if np.any(factor <= 0):
                raise AllocationError("volumetric_factor must be positive", value=factor.tolist())
            shapes["volumes"] = vol.shape[:-1]
            shapes["volumetric_factor"] = factor.shape
            common_shape(shapes, method=_METHOD)
            load = np.maximum(load, vol * factor[..., None])
    common_shape(shapes, method=_METHOD)
    activity = load * d
    sums = activity.sum(axis=-1, keepdims=True)
    if np.any(sums <= 0):
        raise AllocationError(
            "the shipments' transport activity sums to zero",
            value=activity.tolist(),
            source="shipments",
            hint="at least one shipment needs a positive load and distance",
        )
    shares = activity / sums
    check_shares(shares, axis=-1, source="shares")
    tot = burden.values
    allocated = shares[..., :, None] * tot[..., None, :]
    lead = allocated.shape[:-2]
    return TransportResult(
        basis=basis,
        distance_basis=distance_basis,
        shipments=names,
        gases=burden.gases,
        activity=activity,
        activity_unit=_ACTIVITY_UNIT[basis],
        shares=shares,
        allocated=allocated,
        intensity=GasBurden(tot / sums, burden.gases),
        total=GasBurden(np.broadcast_to(tot, (*lead, tot.shape[-1])), burden.gases),
    )
