"""Contractual instruments for market-based Scope 2 (GHG Protocol Scope 2 Guidance, 2015).

An :class:`Instrument` is one line of a company's contractual-instruments
ledger: an energy attribute certificate, a power purchase agreement, a
supplier or utility emission rate, a green tariff or on-site generation. Its
kind places it in the Guidance's market-based emission-factor hierarchy
(ch. 6.11, Table 6.3); the Scope 2 Quality Criteria (ch. 7.5, Table 7.1) are
checked against consumption by :func:`carbonstd.inventory._scope2.scope2_dual`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from carbonstd.errors import CarbonStdError, InventoryError
from carbonstd.units import magnitude_in

__all__ = [
    "CERTIFICATE_KINDS",
    "CONTRACT_KINDS",
    "CRITERIA",
    "INSTRUMENT_KINDS",
    "SUPPLIER_KINDS",
    "TIER_NAMES",
    "Instrument",
    "tier_of",
]

#: Energy attribute certificates: Guarantees of Origin (EU), Renewable Energy
#: Certificates (US/Canada), International RECs, China's green electricity
#: certificates (绿证, GEC) and UK REGOs. Table 6.3, tier 1.
CERTIFICATE_KINDS: Final[tuple[str, ...]] = ("GO", "REC", "I-REC", "GEC", "REGO")
#: Contracts for electricity from specified sources: physical and virtual
#: (financial) PPAs and on-site generation whose attributes the company keeps.
#: Table 6.3, tier 2.
CONTRACT_KINDS: Final[tuple[str, ...]] = ("PPA-physical", "PPA-virtual", "onsite-generation")
#: Supplier or utility emission rates: the standard product rate or a green
#: tariff (a renewable product of the supplier). Table 6.3, tier 3.
SUPPLIER_KINDS: Final[tuple[str, ...]] = ("supplier-rate", "green-tariff")
#: Every instrument kind, in hierarchy order.
INSTRUMENT_KINDS: Final[tuple[str, ...]] = CERTIFICATE_KINDS + CONTRACT_KINDS + SUPPLIER_KINDS

#: The market-based hierarchy of Scope 2 Guidance Table 6.3 (highest precision first).
TIER_NAMES: Final[Mapping[int, str]] = MappingProxyType(
    {
        1: "energy attribute certificates",
        2: "contracts (PPAs, on-site generation)",
        3: "supplier/utility emission rates",
        4: "residual mix",
        5: "other grid-average emission factors",
    }
)

#: The Scope 2 Quality Criteria of Scope 2 Guidance ch. 7.5, Table 7.1, by
#: number, paraphrased (carbonstd's wording, not the Guidance's text).
CRITERIA: Final[Mapping[int, str]] = MappingProxyType(
    {
        1: "conveys the GHG emission rate attribute of the generation",
        2: "is the only instrument carrying that claim (no double claim)",
        3: "is tracked and retired/cancelled by or for the reporting entity",
        4: "is issued and retired as close as possible to the consumption period (vintage)",
        5: "comes from the same market as the consuming operation",
        6: "supplier rate is calculated on delivered electricity (sold certificates removed)",
        7: "direct purchase or on-site generation conveys all attributes to this entity only",
        8: "uncovered consumption uses an adjusted residual mix (or the report says none exists)",
    }
)

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/+#-]{0,127}$")
_REGION_RE = re.compile(r"^[A-Z0-9]{2,8}(-[A-Za-z0-9]{1,16}){0,3}$")
_TEXT_MAX = 300


def tier_of(kind: str) -> int:
    """The tier of an instrument kind in Scope 2 Guidance Table 6.3 (1 = most precise).

    Examples
    --------
    >>> tier_of("GEC"), tier_of("PPA-virtual"), tier_of("green-tariff")
    (1, 2, 3)
    """
    if kind in CERTIFICATE_KINDS:
        return 1
    if kind in CONTRACT_KINDS:
        return 2
    if kind in SUPPLIER_KINDS:
        return 3
    raise InventoryError(
        "unknown instrument kind",
        value=kind,
        source="Instrument.kind",
        hint=f"use one of {', '.join(INSTRUMENT_KINDS)}",
    )


def _bad(field: str, message: str, value: object, hint: str | None = None) -> InventoryError:
    return InventoryError(
        f"Instrument.{field}: {message}", value=value, source=f"Instrument.{field}", hint=hint
    )


def _quantity(value: object) -> float:
    """MWh from a float (MWh) or a ``(value, unit)`` energy pair."""
    if isinstance(value, tuple):
        if len(value) != 2 or not isinstance(value[1], str):
            raise _bad("quantity", "must be MWh or a (value, unit) pair", value)
        amount: object = value[0]
        if isinstance(amount, bool) or not isinstance(amount, (int, float)):
            raise _bad("quantity", "the amount must be a number", value)
        try:
            mwh = magnitude_in((float(amount), value[1]), "MWh", source="Instrument.quantity")
        except CarbonStdError as exc:
            raise _bad(
                "quantity", f"not an energy: {exc.message}", value, hint="give e.g. (500, 'MWh')"
            ) from exc
        number = float(mwh)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad("quantity", "must be MWh or a (value, unit) pair", value)
    else:
        number = float(value)
    if not math.isfinite(number) or number < 0:
        raise _bad("quantity", "must be a finite, non-negative energy", value)
    return number


def _rate(value: object) -> tuple[tuple[str, float], ...] | None:
    """Canonical, sorted (gas, kg per MWh) pairs; None when the rate is not conveyed."""
    if value is None:
        return None
    if isinstance(value, tuple) and all(isinstance(i, tuple) and len(i) == 2 for i in value):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise _bad(
            "emission_rate",
            "must map gas -> kg per MWh",
            value,
            hint="e.g. {'CO2': 0.0} for wind",
        )
    from carbonstd import gwp

    out: dict[str, float] = {}
    for name, amount in value.items():
        try:
            gas = gwp.canonical_gas(name)
        except CarbonStdError as exc:
            raise _bad("emission_rate", "unknown gas", name, hint=exc.hint) from exc
        if gas in out:
            raise _bad("emission_rate", f"gas {gas!r} given twice", name)
        if isinstance(amount, bool) or not isinstance(amount, (int, float)):
            raise _bad("emission_rate", f"rate of {gas} must be a number", amount)
        number = float(amount)
        if not math.isfinite(number) or number < 0:
            raise _bad("emission_rate", f"rate of {gas} must be finite and >= 0", amount)
        out[gas] = number
    if not out:
        raise _bad("emission_rate", "must list at least one gas", {}, hint="{'CO2': 0.0}")
    return tuple(sorted(out.items()))


def _date(value: object, what: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad("vintage", f"{what} is not a date", value, hint="a datetime.date or 'YYYY-MM-DD'")


def _vintage(value: object) -> tuple[dt.date, dt.date]:
    """A year or a (start, end) period -> (first day, last day)."""
    if isinstance(value, bool):
        raise _bad("vintage", "must be a year or a (start, end) period", value)
    if isinstance(value, int):
        if not 1900 <= value <= 2200:
            raise _bad("vintage", "year must be between 1900 and 2200", value)
        return dt.date(value, 1, 1), dt.date(value, 12, 31)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        start, end = _date(value[0], "start"), _date(value[1], "end")
        if end < start:
            raise _bad("vintage", "period ends before it starts", value)
        return start, end
    raise _bad(
        "vintage",
        "must be a year or a (start, end) period",
        value,
        hint="e.g. 2024 or ('2024-01-01', '2024-06-30')",
    )


def _opt_text(field: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        if not isinstance(value, str) or not 1 <= len(value) <= _TEXT_MAX:
            raise _bad(
                field, f"must be a non-empty string of at most {_TEXT_MAX} characters", value
            )

    return check


@attrs.frozen(kw_only=True)
class Instrument:
    """One contractual instrument of a market-based Scope 2 ledger.

    Implements the contractual instruments of GHG Protocol Scope 2 Guidance
    (2015) ch. 6.11 and Table 6.3 (market-based hierarchy: certificates,
    contracts, supplier rates) and carries what the Scope 2 Quality Criteria
    of ch. 7.5, Table 7.1 are checked against (emission rate, uniqueness,
    retirement, vintage, market). Construction checks the values; whether the
    instrument qualifies is decided against consumption by ``scope2_dual``.

    Parameters
    ----------
    id
        Ledger identifier, unique in a ledger.
    kind
        One of :data:`INSTRUMENT_KINDS`: ``"GO"``, ``"REC"``, ``"I-REC"``,
        ``"GEC"`` (China green electricity certificate), ``"REGO"``,
        ``"PPA-physical"``, ``"PPA-virtual"``, ``"onsite-generation"``,
        ``"supplier-rate"``, ``"green-tariff"``.
    quantity
        Energy covered: MWh as a number, or a ``(value, unit)`` energy pair
        (converted exactly to MWh; stored in MWh).
    emission_rate
        kg of each gas per MWh the instrument conveys (``{"CO2": 0.0}`` for
        wind, solar or hydro). ``None`` when the instrument conveys no rate:
        it then fails criterion 1.
    market
        Region code of the market the instrument was issued in (``"CN"``,
        ``"US"``, ``"US-GRID-CAMX"``). ``"GLO"`` is refused: a market has a
        boundary.
    vintage
        Generation period: a year, or ``(start, end)`` dates (``datetime.date``
        or ``"YYYY-MM-DD"``); stored as ``(first day, last day)``.
    retired_for
        The entity the instrument was retired or cancelled for, or ``None``
        when it has not been retired (fails criterion 3).
    claimed_for_site
        The site the instrument is claimed for; ``None`` lets it cover any
        site of ``retired_for`` in its market.
    serial
        The tracking system's certificate serial or contract reference; two
        ledger lines with one serial are one claim made twice (criterion 2).
        Defaults to ``id``.
    registry
        The tracking system or counterparty (``"I-REC Registry"``, ``"AIB"``).
    attributes_retained
        For PPAs and on-site generation: ``False`` when the generation's
        certificates were sold to someone else (fails criterion 7). Must stay
        ``True`` for other kinds.
    delivered_basis
        For supplier rates and green tariffs, required: whether the supplier
        calculated the rate on delivered electricity with certificates sold
        to other customers removed (``False`` fails criterion 6). Refused for
        other kinds.

    Raises
    ------
    InventoryError
        Naming the field for an unknown kind, a negative or non-energy
        quantity, an unknown gas or a negative rate, a malformed vintage,
        market or identifier, or an option given for the wrong kind.

    Examples
    --------
    >>> rec = Instrument(id="gec-2024-001", kind="GEC", quantity=(2000, "MWh"),
    ...                  emission_rate={"CO2": 0.0}, market="CN", vintage=2024,
    ...                  retired_for="EV Co")
    >>> rec.quantity, rec.tier, rec.vintage[0].isoformat()
    (2000.0, 1, '2024-01-01')
    >>> Instrument(id="x", kind="carbon-offset", quantity=1.0, emission_rate={"CO2": 0.0},
    ...            market="CN", vintage=2024, retired_for="EV Co")
    Traceback (most recent call last):
    ...
    carbonstd.errors.InventoryError: unknown instrument kind: 'carbon-offset' ...
    """

    id: str = attrs.field()
    kind: str = attrs.field()
    quantity: float = attrs.field(converter=_quantity)
    emission_rate: tuple[tuple[str, float], ...] | None = attrs.field(converter=_rate)
    market: str = attrs.field()
    vintage: tuple[dt.date, dt.date] = attrs.field(converter=_vintage)
    retired_for: str | None = attrs.field(validator=_opt_text("retired_for"))
    claimed_for_site: str | None = attrs.field(
        default=None, validator=_opt_text("claimed_for_site")
    )
    serial: str | None = attrs.field(default=None, validator=_opt_text("serial"))
    registry: str | None = attrs.field(default=None, validator=_opt_text("registry"))
    attributes_retained: bool = attrs.field(default=True)
    delivered_basis: bool | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        ident: object = self.id
        market: object = self.market
        if not isinstance(ident, str) or not _ID_RE.match(ident):
            raise _bad("id", "not a valid identifier", ident, hint=f"match {_ID_RE.pattern}")
        tier_of(self.kind)
        if not isinstance(market, str) or not _REGION_RE.match(market) or market == "GLO":
            raise _bad(
                "market",
                "not a market region code",
                self.market,
                hint="a country ('CN', 'US') or grid region ('US-GRID-CAMX'); 'GLO' is no market",
            )
        if not isinstance(self.attributes_retained, bool):
            raise _bad("attributes_retained", "must be True or False", self.attributes_retained)
        if not self.attributes_retained and self.kind not in CONTRACT_KINDS:
            raise _bad(
                "attributes_retained",
                f"only applies to {', '.join(CONTRACT_KINDS)}, not {self.kind!r}",
                self.attributes_retained,
            )
        if self.kind in SUPPLIER_KINDS:
            if not isinstance(self.delivered_basis, bool):
                raise _bad(
                    "delivered_basis",
                    f"a {self.kind} must say whether its rate is on delivered electricity",
                    self.delivered_basis,
                    hint="True if the supplier removed certificates sold to others (Scope 2 "
                    "Guidance Table 7.1, criterion 6), else False",
                )
        elif self.delivered_basis is not None:
            raise _bad(
                "delivered_basis",
                f"only applies to {', '.join(SUPPLIER_KINDS)}, not {self.kind!r}",
                self.delivered_basis,
            )

    @property
    def tier(self) -> int:
        """The instrument's tier in Scope 2 Guidance Table 6.3 (1, 2 or 3)."""
        return tier_of(self.kind)

    @property
    def claim_key(self) -> str:
        """What identifies the claim for the uniqueness check: ``serial``, else ``id``."""
        return self.serial if self.serial is not None else self.id

    def rate(self) -> dict[str, float]:
        """Mass (kg) of each gas per MWh as a new dict (empty when no rate is conveyed).

        Examples
        --------
        >>> Instrument(id="s", kind="supplier-rate", quantity=10.0,
        ...            emission_rate={"co2": 400.0, "CH4": 0.01}, market="US",
        ...            vintage=2024, retired_for="A", delivered_basis=True).rate()
        {'CH4': 0.01, 'CO2': 400.0}
        """
        return dict(self.emission_rate or ())

    def to_json(self) -> dict[str, Any]:
        """The JSON form (quantity in MWh, vintage as ISO dates).

        Examples
        --------
        >>> Instrument(id="g", kind="GO", quantity=1.5, emission_rate={"CO2": 0},
        ...            market="DE", vintage=2024, retired_for="A").to_json()["vintage"]
        ['2024-01-01', '2024-12-31']
        """
        return {
            "id": self.id,
            "kind": self.kind,
            "tier": self.tier,
            "quantity_mwh": self.quantity,
            "emission_rate": None if self.emission_rate is None else self.rate(),
            "market": self.market,
            "vintage": [self.vintage[0].isoformat(), self.vintage[1].isoformat()],
            "retired_for": self.retired_for,
            "claimed_for_site": self.claimed_for_site,
            "serial": self.serial,
            "registry": self.registry,
            "attributes_retained": self.attributes_retained,
            "delivered_basis": self.delivered_basis,
        }
