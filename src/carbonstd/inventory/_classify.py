"""Scope and category of an activity row, with the double-counting guards the standards name.

GHG Protocol Corporate Standard ch. 4 (Scopes 1, 2, 3; Scope 1 source
categories: stationary combustion, mobile combustion, process, fugitive),
Scope 2 Guidance ch. 5-6 (purchased electricity, steam, heat and cooling;
generation and T&D losses belong in Scope 3 category 3), Scope 3 Standard
ch. 5 (the 15 categories, Table 5.3) and Technical Guidance for Calculating
Scope 3 Emissions (2013) ch. 1 (calculation methods).
"""

from __future__ import annotations

import types
from collections.abc import Mapping

import attrs

from carbonstd.errors import InventoryError

__all__ = [
    "PRIMARY_METHODS",
    "SCOPE1_CATEGORIES",
    "SCOPE3_CATEGORIES",
    "SCOPE3_METHODS",
    "Classification",
    "classify",
]

#: Scope 1 source categories (Corporate Standard ch. 4 and ch. 6).
SCOPE1_CATEGORIES: tuple[str, ...] = (
    "stationary_combustion",
    "mobile_combustion",
    "process",
    "fugitive",
)

#: The 15 Scope 3 categories (Scope 3 Standard ch. 5, Table 5.3), by number.
SCOPE3_CATEGORIES: Mapping[int, str] = types.MappingProxyType(
    {
        1: "Purchased goods and services",
        2: "Capital goods",
        3: "Fuel- and energy-related activities (not included in Scope 1 or 2)",
        4: "Upstream transportation and distribution",
        5: "Waste generated in operations",
        6: "Business travel",
        7: "Employee commuting",
        8: "Upstream leased assets",
        9: "Downstream transportation and distribution",
        10: "Processing of sold products",
        11: "Use of sold products",
        12: "End-of-life treatment of sold products",
        13: "Downstream leased assets",
        14: "Franchises",
        15: "Investments",
    }
)

#: Scope 3 calculation methods (Technical Guidance for Calculating Scope 3 Emissions, 2013).
SCOPE3_METHODS: tuple[str, ...] = (
    "supplier-specific",
    "hybrid",
    "average-data",
    "spend-based",
    "distance-based",
    "fuel-based",
    "asset-specific",
)
#: Methods counted as primary data (Scope 3 Standard ch. 7.3: data from specific activities
#: within the company's value chain, provided by suppliers or partners). ``asset-specific`` is
#: the Technical Guidance's method for leased assets, franchises and investments (categories 8,
#: 13, 14, 15) from the asset's own Scope 1 and 2 activity data.
PRIMARY_METHODS: frozenset[str] = frozenset({"supplier-specific", "hybrid", "asset-specific"})

_SCOPE2_ELECTRICITY = "electricity.grid"
_SCOPE2_PREFIXES = ("electricity.", "steam_heat.", "cooling.", "heat.", "steam.")
_SCOPE1_PREFIXES = ("fuel.", "refrigerant.", "process.", "vehicle.")


@attrs.frozen
class Classification:
    """Where one kind of activity row belongs.

    Attributes
    ----------
    scope
        ``"1"``, ``"2"`` or ``"3"``.
    category
        Scope 1: one of :data:`SCOPE1_CATEGORIES`; Scope 2: ``"electricity"``
        or ``"steam_heat_cooling"``; Scope 3: the category number as text.
    method
        Scope 3 calculation method ('' for Scopes 1 and 2).
    """

    scope: str
    category: str
    method: str


def _is_upstream_energy(activity: str) -> bool:
    """Generation upstream (WTT) and T&D losses: Scope 3 category 3 (Scope 2 Guidance ch. 5)."""
    return activity.endswith((".wtt", ".distribution_losses")) or ".td_losses" in activity


def _scope1_category(activity: str, given: str, where: str) -> str:
    if given:
        if given not in SCOPE1_CATEGORIES:
            raise InventoryError(
                "unknown Scope 1 category",
                value=given,
                source=where,
                column="category",
                hint="use one of " + ", ".join(SCOPE1_CATEGORIES) + " (Corporate Standard ch. 4)",
            )
        return given
    if activity.startswith("refrigerant."):
        return "fugitive"
    if activity.startswith("process."):
        return "process"
    if activity.startswith("vehicle.") or ".mobile" in activity:
        return "mobile_combustion"
    if activity.startswith("fuel."):
        return "stationary_combustion"
    raise InventoryError(
        "cannot tell the Scope 1 category of this activity",
        value=activity,
        source=where,
        column="category",
        hint="tag the row with category=" + "|".join(SCOPE1_CATEGORIES),
    )


def _scope3_category(activity: str, given: str, paid_by: str, where: str) -> str:
    number = 0
    if given:
        try:
            number = int(given)
        except ValueError:
            number = 0
        if number not in SCOPE3_CATEGORIES:
            raise InventoryError(
                "unknown Scope 3 category",
                value=given,
                source=where,
                column="category",
                hint="use a category number 1-15 (Scope 3 Standard ch. 5, Table 5.3)",
            )
    if _is_upstream_energy(activity):
        if number not in (0, 3):
            raise InventoryError(
                "upstream emissions of fuels and energy and T&D losses belong in Scope 3 "
                "category 3 (Scope 3 Standard ch. 5; Scope 2 Guidance ch. 5)",
                value=f"{activity} in category {number}",
                source=where,
                column="category",
                hint="tag the row category=3",
            )
        number = 3
    if paid_by:
        if paid_by not in ("company", "customer"):
            raise InventoryError(
                "paid_by must be 'company' or 'customer'",
                value=paid_by,
                source=where,
                column="paid_by",
            )
        expected = 4 if paid_by == "company" else 9
        if number not in (0, expected):
            raise InventoryError(
                "transport paid for by the company is category 4, by the customer category 9 "
                "(Scope 3 Standard ch. 5, Table 5.4)",
                value=f"category {number} with paid_by={paid_by!r}",
                source=where,
                column="category",
                hint=f"tag the row category={expected} or correct paid_by",
            )
        number = expected
    if number == 0 and activity.startswith("travel."):
        number = 6
    if number == 0:
        raise InventoryError(
            "a Scope 3 row needs its category",
            value=activity,
            source=where,
            column="category",
            hint="tag the row with the category number 1-15 (Scope 3 Standard ch. 5), or "
            "paid_by=company|customer for transport",
        )
    return str(number)


def classify(
    activity: str,
    *,
    scope: str,
    category: str,
    method: str,
    paid_by: str,
    where: str,
) -> Classification:
    """Scope, category and method of rows with these labels (empty text: not given).

    The scope is inferred when not given: ``electricity.*``, ``steam_heat.*``
    and ``cooling.*`` are Scope 2; ``fuel.*``, ``refrigerant.*``,
    ``process.*`` and ``vehicle.*`` are Scope 1; ``travel.*`` and
    ``freight.*`` are Scope 3. Upstream (``.wtt``) and T&D loss rows are
    always Scope 3 category 3: tagging them Scope 1 or 2 would count them
    twice (Scope 2 Guidance ch. 5; Scope 3 Standard ch. 5, category 3).
    Transport is category 4 when the company pays for it and 9 when the
    customer does (Scope 3 Standard Table 5.4).

    Raises
    ------
    InventoryError
        A scope or category that cannot be told, a double-counting tag, or a
        Scope 3 row without a known calculation method.

    Examples
    --------
    >>> classify("fuel.diesel.mobile", scope="", category="", method="", paid_by="",
    ...          where="demo")
    Classification(scope='1', category='mobile_combustion', method='')
    >>> classify("freight.rail", scope="", category="", method="distance-based",
    ...          paid_by="customer", where="demo")
    Classification(scope='3', category='9', method='distance-based')
    >>> classify("electricity.td_losses", scope="2", category="", method="", paid_by="",
    ...          where="demo")
    Traceback (most recent call last):
    ...
    carbonstd.errors.InventoryError: T&D losses and upstream emissions of energy are not Scope 2...
    """
    upstream = _is_upstream_energy(activity)
    if not scope:
        if upstream or activity.startswith(("travel.", "freight.")):
            scope = "3"
        elif activity.startswith(_SCOPE2_PREFIXES):
            scope = "2"
        elif activity.startswith(_SCOPE1_PREFIXES):
            scope = "1"
        else:
            raise InventoryError(
                "cannot tell the scope of this activity",
                value=activity,
                source=where,
                column="scope",
                hint="tag the row scope=1, 2 or 3 (Corporate Standard ch. 4)",
            )
    if scope not in ("1", "2", "3"):
        raise InventoryError(
            "scope must be 1, 2 or 3",
            value=scope,
            source=where,
            column="scope",
            hint="Corporate Standard ch. 4 defines Scopes 1, 2 and 3",
        )
    if upstream and scope != "3":
        raise InventoryError(
            "T&D losses and upstream emissions of energy are not Scope 2: they belong in Scope 3 "
            "category 3 (Scope 2 Guidance ch. 5; Scope 3 Standard ch. 5)",
            value=f"{activity} tagged scope {scope}",
            source=where,
            column="scope",
            hint="tag the row scope=3, category=3",
        )
    if scope == "2" and activity.startswith(_SCOPE1_PREFIXES):
        raise InventoryError(
            "fuel burned and gases released by the company's own sources are Scope 1, not "
            "Scope 2 (Corporate Standard ch. 4)",
            value=activity,
            source=where,
            column="scope",
        )
    if scope == "1" and activity.startswith(_SCOPE2_PREFIXES):
        raise InventoryError(
            "purchased electricity, steam, heat and cooling are Scope 2, not Scope 1 "
            "(Corporate Standard ch. 4)",
            value=activity,
            source=where,
            column="scope",
            hint="tag the row scope=2; generation you own and burn fuel for is Scope 1 as fuel.*",
        )
    if scope == "1":
        return Classification("1", _scope1_category(activity, category, where), "")
    if scope == "2":
        kind = "electricity" if activity.startswith("electricity.") else "steam_heat_cooling"
        return Classification("2", kind, "")
    number = _scope3_category(activity, category, paid_by, where)
    if method not in SCOPE3_METHODS:
        raise InventoryError(
            "a Scope 3 row needs its calculation method",
            value=method,
            source=where,
            column="method",
            hint="tag the row method="
            + "|".join(SCOPE3_METHODS)
            + " (Technical Guidance for Calculating Scope 3 Emissions, 2013)",
        )
    return Classification("3", number, method)


def is_scope2_electricity(activity: str) -> bool:
    """Whether rows of this activity go through Scope 2 dual reporting (Scope 2 Guidance ch. 6).

    Examples
    --------
    >>> is_scope2_electricity("electricity.grid")
    True
    """
    return activity == _SCOPE2_ELECTRICITY
