"""GHG intensity ratios (Corporate Standard ch. 9 optional information; GRI 305-4; ESRS E1-6)."""

from __future__ import annotations

import math
from typing import Literal

import attrs

from carbonstd import units
from carbonstd.errors import CarbonStdError, InventoryError
from carbonstd.inventory._report import InventoryReport

__all__ = ["Intensity", "intensity"]


@attrs.frozen
class Intensity:
    """An intensity ratio: kg CO2e per unit of a business metric.

    Attributes
    ----------
    value
        kg CO2e per ``unit``.
    numerator
        kg CO2e of the scopes included.
    denominator
        The business metric, in ``unit``.
    unit
        The denominator's unit (``"vehicle"``, ``"kWh"``, ``"EUR"``).
    currency_year
        Price year for a currency denominator, else None.
    scopes
        Scopes in the numerator.
    scope2
        The Scope 2 method used (None when Scope 2 is not included).
    description
        What the denominator is.
    """

    value: float
    numerator: float
    denominator: float
    unit: str
    currency_year: int | None
    scopes: tuple[str, ...]
    scope2: str | None
    description: str

    @property
    def label(self) -> str:
        """The ratio's unit, readable: ``kg CO2e / vehicle`` or ``kg CO2e / EUR (2024)``."""
        year = f" ({self.currency_year})" if self.currency_year is not None else ""
        return f"kg CO2e / {self.unit}{year}"


def intensity(
    report: InventoryReport,
    *,
    denominator: float,
    unit: str,
    scopes: tuple[str, ...],
    scope2: Literal["location", "market"] | None,
    currency_year: int | None = None,
    description: str = "",
) -> Intensity:
    """GHG intensity of ``report``: kg CO2e of ``scopes`` per unit of a business metric.

    GHG Protocol Corporate Standard ch. 9 (ratio indicators), GRI 305-4
    (2016) and ESRS E1-6 paras. 53-55 (intensity per net revenue). Revenue
    denominators are currencies with a stated price year; there is no
    conversion between currencies or years.

    Parameters
    ----------
    denominator
        The metric, finite and > 0 (vehicles produced, revenue, kWh of battery capacity).
    unit
        Its unit, in carbonstd's unit grammar (``"vehicle"``, ``"EUR"``, ``"kWh"``).
    scopes
        Scopes in the numerator, e.g. ``("1", "2")`` or ``("1", "2", "3")``.
    scope2
        Scope 2 method when ``"2"`` is included; None otherwise.
    currency_year
        Required for currency units: the price year.
    description
        What the denominator counts.

    Raises
    ------
    InventoryError
        A bad denominator, unknown unit, unknown or repeated scope, a missing
        Scope 2 method, a missing currency year or one outside 1900..2200.

    Examples
    --------
    >>> from carbonstd.inventory._report import DataQuality, InventoryReport
    >>> r = InventoryReport(reporting_year=2024, approach="operational_control", gwp="AR6",
    ...     scope1=6000.0, scope1_by_category={}, scope2_location=4000.0, scope2_market=2000.0,
    ...     scope3={}, biogenic_co2=0.0, gases={}, by_entity={}, lines=(),
    ...     data_quality=DataQuality({}, None, {}), inclusion={}, exclusions=(), flags=())
    >>> i = intensity(r, denominator=10, unit="vehicle", scopes=("1", "2"), scope2="market")
    >>> i.value, i.label
    (800.0, 'kg CO2e / vehicle')
    """
    where = "intensity"
    number = denominator
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise InventoryError("denominator must be a number", value=denominator, source=where)
    if not math.isfinite(number) or number <= 0:
        raise InventoryError(
            "denominator must be finite and greater than zero", value=denominator, source=where
        )
    try:
        parsed = units.parse(unit)
    except CarbonStdError as exc:
        raise InventoryError(
            "unknown denominator unit", value=unit, source=where, hint=exc.hint
        ) from exc
    is_currency = parsed.kind.startswith("[currency_")
    if is_currency and currency_year is None:
        raise InventoryError(
            "a revenue denominator needs its price year",
            value=unit,
            source=where,
            hint="pass currency_year=2024 (no silent conversion between currencies or years)",
        )
    given: object = currency_year
    if given is not None and (
        isinstance(given, bool) or not isinstance(given, int) or not 1900 <= given <= 2200
    ):
        raise InventoryError(
            "currency_year must be a year in 1900..2200",
            value=currency_year,
            source=where,
            hint="the price year of the revenue, e.g. 2024",
        )
    if not is_currency and currency_year is not None:
        raise InventoryError(
            "currency_year is only for currency denominators", value=currency_year, source=where
        )
    given_scopes: object = scopes
    if (
        not isinstance(given_scopes, (tuple, list))
        or not scopes
        or len(set(scopes)) != len(scopes)
        or not set(scopes) <= {"1", "2", "3"}
    ):
        raise InventoryError(
            "scopes must be distinct values among '1', '2', '3'", value=scopes, source=where
        )
    if ("2" in scopes) != (scope2 is not None) or scope2 not in (None, "location", "market"):
        raise InventoryError(
            "give scope2='location' or 'market' exactly when Scope 2 is included",
            value=scope2,
            source=where,
        )
    parts: list[float] = []
    if "1" in scopes:
        parts.append(report.scope1)
    if scope2 == "location":
        parts.append(report.scope2_location)
    elif scope2 == "market":
        parts.append(report.scope2_market)
    if "3" in scopes:
        parts.extend(report.scope3.values())
    numerator = math.fsum(parts)
    return Intensity(
        value=numerator / float(number),
        numerator=numerator,
        denominator=float(number),
        unit=parsed.text,
        currency_year=currency_year,
        scopes=tuple(sorted(scopes)),
        scope2=scope2,
        description=description,
    )
