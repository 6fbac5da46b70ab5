"""System expansion by substitution: credits for avoided products, reported apart."""

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
    common_shape,
    union_gases,
)
from carbonstd.allocation._partition import Hierarchy
from carbonstd.errors import AllocationError

__all__ = ["AvoidedProduct", "SubstitutionResult", "system_expansion"]


def _name(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise AllocationError("an avoided product needs a non-empty name", value=value)
    return value


def _factor(value: BurdenLike) -> GasBurden:
    return GasBurden.of(value, source="factor")


@attrs.frozen(eq=False)
class AvoidedProduct:
    """A product whose production a co-product displaces, with its own factor.

    Parameters
    ----------
    name
        What is avoided, e.g. ``"grid electricity"``.
    amount
        How much is avoided: a pint quantity or ``(value, unit)``; the
        magnitude may be an array over processes.
    factor
        Burdens per gas of producing one ``factor_unit`` of the avoided product
        (a mapping ``gas -> kg per factor_unit``, or a :class:`GasBurden`).
    factor_unit
        The unit the factor is per, e.g. ``"kWh"``; ``amount`` is converted
        to it (dimensions must match).

    Examples
    --------
    >>> p = AvoidedProduct("grid electricity", (2.0, "MWh"), {"CO2": 0.4}, "kWh")
    >>> p.credit().as_dict()
    {'CO2': 800.0}
    """

    name: str = attrs.field(converter=_name)
    amount: Any
    factor: GasBurden = attrs.field(converter=_factor)
    factor_unit: str

    def __attrs_post_init__(self) -> None:
        magnitude = units.magnitude_in(
            self.amount, self.factor_unit, source=f"avoided product {self.name!r}"
        )
        arr = np.asarray(magnitude, dtype=np.float64)
        if np.any(arr < 0):
            raise AllocationError(
                "an avoided amount must not be negative",
                value=arr.tolist(),
                source=f"avoided product {self.name!r}",
                hint="a credit is a positive avoided amount times its factor",
            )
        common_shape(
            {f"amount of {self.name!r}": arr.shape, f"factor of {self.name!r}": self.factor.shape},
            method="AvoidedProduct",
        )

    def credit(self) -> GasBurden:
        """Avoided burdens per gas: amount (in ``factor_unit``) times the factor."""
        magnitude = np.asarray(units.magnitude_in(self.amount, self.factor_unit), dtype=np.float64)
        return GasBurden(magnitude[..., None] * self.factor.values, self.factor.gases)


@attrs.frozen(eq=False)
class SubstitutionResult:
    """Burdens of a process and the credits for what its co-products avoid, kept apart.

    Attributes
    ----------
    burdens
        The process's own burdens, unchanged (gross).
    credits
        One :class:`GasBurden` per avoided product (positive numbers: burdens
        avoided), in the order given.
    avoided
        Names of the avoided products.
    gases
        Gas names of ``burdens`` and every credit (a gas absent from one is zero there).
    hierarchy
        ``"system expansion"`` (ISO 14044:2006 4.3.4.2, step 1).
    """

    burdens: GasBurden
    credits: tuple[GasBurden, ...]
    avoided: tuple[str, ...]
    gases: tuple[str, ...]
    hierarchy: Hierarchy = "system expansion"

    def __attrs_post_init__(self) -> None:
        if len(self.credits) != len(self.avoided):
            raise AllocationError(
                "one credit per avoided product is needed",
                value={"credits": len(self.credits), "avoided": len(self.avoided)},
                source="credits",
            )
        for part in (self.burdens, *self.credits):
            if part.gases != self.gases:
                raise AllocationError(
                    "burdens and credits must be on the result's gases",
                    value=part.gases,
                    source="gases",
                    hint=f"align them with GasBurden.aligned({self.gases})",
                )
        common_shape(
            {
                "burdens": self.burdens.shape,
                **{
                    f"credit for {n!r}": c.shape
                    for n, c in zip(self.avoided, self.credits, strict=True)
                },
            },
            method="system_expansion",
        )

    @property
    def credit_total(self) -> GasBurden:
        """Sum of all credits per gas."""
        stacked = np.stack(np.broadcast_arrays(*(c.values for c in self.credits)), axis=0)
        return GasBurden(stacked.sum(axis=0), self.gases)

    def net(self) -> GasBurden:
        """Burdens minus credits, per gas: an explicit request, never done silently."""
        total: FloatArray = self.credit_total.values
        return GasBurden(self.burdens.values - total, self.gases)

    def as_dict(self) -> dict[str, Any]:
        """JSON-like data: gross burdens, credits by avoided product, total credit."""
        return {
            "method": "system_expansion",
            "hierarchy": self.hierarchy,
            "burdens": self.burdens.as_dict(),
            "credits": {n: c.as_dict() for n, c in zip(self.avoided, self.credits, strict=True)},
            "credit_total": self.credit_total.as_dict(),
        }


def system_expansion(
    burdens: BurdenLike,
    avoided: Sequence[AvoidedProduct],
    *,
    gases: Sequence[str] | None = None,
) -> SubstitutionResult:
    """Expand the system: credit the products a co-product displaces (substitution).

    ISO 14044:2006 4.3.4.2 step 1 prefers avoiding allocation by expanding
    the product system; ISO 14067:2018 6.4.6 and the GHG Protocol Product
    Standard chapter 9 allow the displaced production to be subtracted as an
    avoided burden. carbonstd reports the credits separately from the
    process's burdens; :meth:`SubstitutionResult.net` nets them only when
    asked.

    Parameters
    ----------
    burdens
        The multi-output process's burdens per gas.
    avoided
        The avoided products, each with its amount and factor.
    gases
        Gas names when ``burdens`` is an array.

    Examples
    --------
    A biogas plant emits 50 kg CO2 and 1 kg CH4 and exports 100 kWh that
    displaces grid electricity at 0.3 kg CO2/kWh:

    >>> r = system_expansion({"CO2": 50.0, "CH4": 1.0},
    ...                      [AvoidedProduct("grid", (100, "kWh"), {"CO2": 0.3}, "kWh")])
    >>> r.burdens.as_dict(), r.credits[0].as_dict()
    ({'CO2': 50.0, 'CH4': 1.0}, {'CO2': 30.0, 'CH4': 0.0})
    >>> r.net().as_dict()
    {'CO2': 20.0, 'CH4': 1.0}
    """
    items = list(avoided)
    if not items:
        raise AllocationError(
            "system expansion needs at least one avoided product",
            source="avoided",
            hint="pass [AvoidedProduct(name, amount, factor, factor_unit)]",
        )
    for item in items:
        if not isinstance(item, AvoidedProduct):
            raise AllocationError(
                "avoided products must be AvoidedProduct values",
                value=type(item).__name__,
                source="avoided",
            )
    names = tuple(i.name for i in items)
    if len(set(names)) != len(names):
        raise AllocationError("avoided product names repeat", value=names, source="avoided")
    own = GasBurden.of(burdens, gases=gases, source="burdens")
    credits = [i.credit() for i in items]
    all_gases = union_gases(own, *credits)
    return SubstitutionResult(
        burdens=own.aligned(all_gases),
        credits=tuple(c.aligned(all_gases) for c in credits),
        avoided=names,
        gases=all_gases,
    )
