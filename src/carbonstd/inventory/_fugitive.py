"""Fugitive refrigerant emissions: the mass-balance and screening methods (Scope 1, fugitive).

GHG Protocol Corporate Standard ch. 4 (fugitive emissions are Scope 1) and the
GHG Protocol tool "Calculating HFC and PFC Emissions from the Manufacturing,
Installation, Operation and Disposal of Refrigeration and Air-conditioning
Equipment" (v1.0): the sales-based mass balance (emissions = decrease in
inventory + purchases - sales - increase in total charge) and the screening
method (emissions = charge x operating loss rate, plus losses at installation
and disposal). The result is a mass of the gas itself; it enters an
inventory as an activity row ``refrigerant.<gas>`` in kg (the key of the bundled
``carbonstd-refrigerants`` set, see the activity-key vocabulary).
"""

from __future__ import annotations

import math
import re

import attrs

from carbonstd import gwp as gwp_module
from carbonstd.activities import Activity
from carbonstd.errors import CarbonStdError, InventoryError
from carbonstd.factors import EmissionFactor, FactorSet, Licence

__all__ = [
    "FugitiveEstimate",
    "fugitive_factor_set",
    "refrigerant_mass_balance",
    "refrigerant_screening",
]

_SLUG = re.compile(r"[^a-z0-9]+")


def _gas(name: str, where: str) -> str:
    try:
        return gwp_module.canonical_gas(name)
    except CarbonStdError as exc:
        raise InventoryError(
            "unknown refrigerant or gas", value=name, source=where, hint=exc.hint
        ) from exc


def _real(value: object, what: str, where: str, unit: str = "") -> float:
    """A float from an int or float only: text, None and bools raise a typed error."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InventoryError(
            f"{what} must be a number{unit}", value=value, source=where, hint="e.g. 12.5"
        )
    return float(value)


def _kg(value: float, what: str, where: str, *, allow_negative: bool = False) -> float:
    number = _real(value, what, where, " of kg")
    if not math.isfinite(number) or (number < 0 and not allow_negative):
        raise InventoryError(
            f"{what} must be a finite{'' if allow_negative else ', non-negative'} number of kg",
            value=value,
            source=where,
        )
    return number


@attrs.frozen
class FugitiveEstimate:
    """A fugitive emission of one gas (kg) with the method and its terms.

    Attributes
    ----------
    gas
        Canonical gas or blend name (``"HFC-134a"``, ``"R-410A"``).
    kg
        Mass emitted, kg.
    method
        ``"mass-balance"`` or ``"screening"``.
    terms
        The terms of the formula, readable.
    """

    gas: str
    kg: float
    method: str
    terms: tuple[str, ...]

    @property
    def activity_key(self) -> str:
        """The activity key of the row: ``refrigerant.<gas slug>``."""
        return "refrigerant." + _SLUG.sub("_", self.gas.lower()).strip("_")

    def to_activity(self, *, entity: str, region: str, year: int, facility: str = "") -> Activity:
        """The estimate as a Scope 1 fugitive activity row (kg of the gas).

        Examples
        --------
        >>> est = refrigerant_screening("R-134a", charge_kg=100.0, annual_leak_rate=0.1)
        >>> a = est.to_activity(entity="Plant", region="GB", year=2024)
        >>> a.activity, a.amount, a.unit, a.tags["category"]
        ('refrigerant.hfc_134a', 10.0, 'kg', 'fugitive')
        """
        tags = {"entity": entity, "scope": "1", "category": "fugitive", "gas": self.gas}
        if facility:
            tags["facility"] = facility
        return Activity(self.activity_key, self.kg, "kg", region, year=year, tags=tags)


def refrigerant_mass_balance(
    gas: str,
    *,
    inventory_start_kg: float,
    inventory_end_kg: float,
    purchased_kg: float,
    sold_or_returned_kg: float = 0.0,
    charge_new_equipment_kg: float = 0.0,
    charge_retired_equipment_kg: float = 0.0,
) -> FugitiveEstimate:
    """Fugitive emission by the sales-based mass balance (GHG Protocol HFC/PFC tool).

    emissions = (inventory at start - inventory at end) + purchases
    - (sales and returns) - (charge of new equipment - charge of retired
    equipment). A negative result means the records do not balance and is
    an error, never clipped to zero.

    Raises
    ------
    InventoryError
        A mass that is not a number, a negative or non-finite mass, an
        unknown gas, or a negative balance; the message names the argument.

    Examples
    --------
    >>> est = refrigerant_mass_balance("HFC-134a", inventory_start_kg=50.0,
    ...     inventory_end_kg=30.0, purchased_kg=100.0, sold_or_returned_kg=10.0,
    ...     charge_new_equipment_kg=60.0, charge_retired_equipment_kg=5.0)
    >>> est.kg  # (50 - 30) + 100 - 10 - (60 - 5)
    55.0
    """
    where = "refrigerant_mass_balance"
    name = _gas(gas, where)
    start = _kg(inventory_start_kg, "inventory_start_kg", where)
    end = _kg(inventory_end_kg, "inventory_end_kg", where)
    bought = _kg(purchased_kg, "purchased_kg", where)
    sold = _kg(sold_or_returned_kg, "sold_or_returned_kg", where)
    new = _kg(charge_new_equipment_kg, "charge_new_equipment_kg", where)
    retired = _kg(charge_retired_equipment_kg, "charge_retired_equipment_kg", where)
    kg = math.fsum((start, -end, bought, -sold, -new, retired))
    if kg < 0:
        raise InventoryError(
            "the refrigerant mass balance is negative: the records do not balance",
            value=kg,
            source=where,
            hint="check the inventories, purchases, sales and equipment charges",
        )
    terms = (
        f"decrease in inventory {start!r} - {end!r} kg",
        f"+ purchases {bought!r} kg",
        f"- sales/returns {sold!r} kg",
        f"- (new charge {new!r} - retired charge {retired!r}) kg",
    )
    return FugitiveEstimate(name, kg, "mass-balance", terms)


def _rate(value: float, what: str, where: str) -> float:
    number = _real(value, what, where)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise InventoryError(
            f"{what} must be a fraction in [0, 1]", value=value, source=where, hint="0.1 for 10 %"
        )
    return number


def refrigerant_screening(
    gas: str,
    *,
    charge_kg: float,
    annual_leak_rate: float,
    years: float = 1.0,
    installed_charge_kg: float = 0.0,
    installation_loss_rate: float = 0.0,
    disposed_charge_kg: float = 0.0,
    recovery_efficiency: float = 1.0,
) -> FugitiveEstimate:
    """Fugitive emission by the screening method (GHG Protocol HFC/PFC tool).

    emissions = installed charge x installation loss rate + charge x annual
    leak rate x years + disposed charge x (1 - recovery efficiency). Use the
    equipment-type default rates of the tool or better data.

    Raises
    ------
    InventoryError
        A mass or rate that is not a number, a negative mass, a rate outside
        [0, 1] or an unknown gas; the message names the argument.

    Examples
    --------
    >>> refrigerant_screening("HFC-32", charge_kg=200.0, annual_leak_rate=0.05).kg
    10.0
    """
    where = "refrigerant_screening"
    name = _gas(gas, where)
    charge = _kg(charge_kg, "charge_kg", where)
    rate = _rate(annual_leak_rate, "annual_leak_rate", where)
    span = _real(years, "years", where)
    if not math.isfinite(span) or not 0.0 < span <= 1.0:
        raise InventoryError(
            "years must be in (0, 1]: the share of the reporting year in operation",
            value=years,
            source=where,
        )
    installed = _kg(installed_charge_kg, "installed_charge_kg", where)
    install_rate = _rate(installation_loss_rate, "installation_loss_rate", where)
    disposed = _kg(disposed_charge_kg, "disposed_charge_kg", where)
    recovery = _rate(recovery_efficiency, "recovery_efficiency", where)
    parts = (installed * install_rate, charge * rate * span, disposed * (1.0 - recovery))
    terms = (
        f"installation {installed!r} kg x {install_rate!r}",
        f"+ operation {charge!r} kg x {rate!r} x {span!r} yr",
        f"+ disposal {disposed!r} kg x (1 - {recovery!r})",
    )
    return FugitiveEstimate(name, math.fsum(parts), "screening", terms)


def fugitive_factor_set(activities: tuple[str, ...], *, year: int) -> FactorSet | None:
    """Identity factors (1 kg of the gas per kg) for ``refrigerant.<gas>`` activity keys.

    The same factors as the bundled ``carbonstd-refrigerants`` set, generated so
    that an inventory computed against a registry without that set still has
    them; :func:`compute_inventory` puts this set at the *bottom* layer, so any
    factor the caller's registry has for the key wins. Blends are split into
    their components by mass (:func:`carbonstd.gwp.decompose`). Keys whose
    slug names no known gas get no factor here (they are resolved by the
    registry or reported as missing, never invented).

    Examples
    --------
    >>> fs = fugitive_factor_set(("refrigerant.hfc_134a", "fuel.diesel"), year=2024)
    >>> [(f.activity, dict(f.gas_values())) for f in fs.factors]
    [('refrigerant.hfc_134a', {'HFC-134a': 1.0})]
    """
    keys = sorted({a for a in activities if a.startswith("refrigerant.")})
    factors = []
    for key in keys:
        slug = key.split(".", 1)[1]
        try:
            gas = gwp_module.canonical_gas(slug.replace("_", "-"))
        except CarbonStdError:
            continue
        try:
            parts = dict(gwp_module.decompose(gas))
        except CarbonStdError:
            parts = {gas: 1.0}
        factors.append(
            EmissionFactor(
                id=f"carbonstd-fugitive:{key}",
                activity=key,
                unit="kg",
                region="GLO",
                year=year,
                gases=parts,
                notes="fugitive emission: the mass of the gas itself",
            )
        )
    if not factors:
        return None
    return FactorSet(
        name="carbonstd-fugitive",
        version="1",
        title="Fugitive emissions: 1 kg of the gas per kg released",
        licence=Licence(id="CC0-1.0"),
        factors=factors,
    )
