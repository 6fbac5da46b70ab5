"""Base year and its recalculation policy (GHG Protocol Corporate Standard ch. 5).

Chapter 5 "Tracking Emissions Over Time": a company sets a base year and a
recalculation policy with a significance threshold. Base-year emissions are
recalculated for structural changes (acquisitions, divestments, insourcing,
outsourcing), changes in calculation methodology or emission factors, and
discovered errors, when these are significant "individually or
cumulatively"; not for organic growth or decline, nor for acquisitions of
facilities that did not exist in the base year. Changes are measured by
their size: an acquisition and a divestment do not cancel out, since each
changes what the base year covers.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Iterable, Mapping

import attrs

from carbonstd.errors import InventoryError

__all__ = [
    "ADJUSTMENT_KINDS",
    "Adjustment",
    "AuditEntry",
    "BaseYear",
    "Restatement",
    "recalculate_base_year",
]

#: Adjustment kinds and whether each triggers recalculation (Corporate Standard ch. 5).
ADJUSTMENT_KINDS: Mapping[str, bool] = types.MappingProxyType(
    {
        "acquisition": True,
        "divestment": True,
        "insourcing": True,
        "outsourcing": True,
        "methodology": True,
        "factor_change": True,
        "error": True,
        "organic_growth": False,
        "new_facility": False,
    }
)

#: Keys of base-year emissions (kg CO2e).
SCOPE_KEYS = ("scope1", "scope2_location", "scope2_market", "scope3")


def _number(value: object, field: str, what: str = "a number") -> float:
    """A finite float from an int or float (never from text, None or bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InventoryError(
            f"{field}: must be {what}", value=value, source=field, hint="e.g. 1250.0"
        )
    number = float(value)
    if not math.isfinite(number):
        raise InventoryError(f"{field}: must be finite", value=value, source=field)
    return number


def _checked_emissions(value: object, where: str) -> Mapping[str, float]:
    """Emissions by key (kg CO2e) from a mapping of known keys to numbers; ``where`` names it."""
    if not isinstance(value, Mapping):
        raise InventoryError(
            f"{where}: must map emission keys to kg CO2e",
            value=value,
            source=where,
            hint="e.g. {'scope1': 1000.0, 'scope2_location': 500.0}",
        )
    out: dict[str, float] = {}
    for key, kg in value.items():
        if key not in SCOPE_KEYS:
            raise InventoryError(
                f"{where}: unknown emissions key",
                value=key,
                source=where,
                hint="use " + ", ".join(SCOPE_KEYS),
            )
        out[key] = _number(kg, f"{where}[{key!r}]", "a number of kg CO2e")
    return types.MappingProxyType(out)


def _base_emissions(value: Mapping[str, float]) -> Mapping[str, float]:
    return _checked_emissions(value, "BaseYear.emissions")


def _delta(value: Mapping[str, float]) -> Mapping[str, float]:
    return _checked_emissions(value, "Adjustment.delta")


def _year(owner: str) -> Callable[[object, attrs.Attribute[int], object], None]:
    def check(_: object, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
            raise InventoryError(
                f"{owner}.{attribute.name}: must be a year in 1900..2200",
                value=value,
                source=f"{owner}.{attribute.name}",
                hint="an integer such as 2019",
            )

    return check


def _threshold(value: float) -> float:
    return _number(value, "BaseYear.threshold")


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InventoryError(
            "BaseYear.significance_basis: must be a sequence of emission keys",
            value=value,
            source="BaseYear.significance_basis",
            hint="e.g. ('scope1', 'scope2_location')",
        )
    out = tuple(value)
    for key in out:
        if not isinstance(key, str):
            raise InventoryError(
                "BaseYear.significance_basis: keys must be strings",
                value=key,
                source="BaseYear.significance_basis",
                hint="use " + ", ".join(SCOPE_KEYS),
            )
    return out


@attrs.frozen
class BaseYear:
    """Base-year emissions and the recalculation policy (Corporate Standard ch. 5).

    Parameters
    ----------
    year
        The base year.
    emissions
        Kg CO2e by ``scope1``, ``scope2_location``, ``scope2_market``,
        ``scope3`` (non-negative).
    threshold
        Significance threshold as a fraction of the base-year total of the
        scopes given (default 0.05, i.e. 5 %), in (0, 1].
    significance_basis
        The emission keys whose base-year sum the threshold is measured
        against (default: ``scope1`` and ``scope2_location``).

    Raises
    ------
    InventoryError
        A year that is not an integer in 1900..2200, emissions that are not
        a mapping of known keys to numbers, negative or non-finite emissions,
        a threshold that is not a number in (0, 1], or a basis that sums to
        zero; the message names the field.

    Examples
    --------
    >>> by = BaseYear(2019, {"scope1": 1000.0, "scope2_location": 500.0})
    >>> by.threshold, by.basis_total
    (0.05, 1500.0)
    """

    year: int = attrs.field(validator=_year("BaseYear"))
    emissions: Mapping[str, float] = attrs.field(converter=_base_emissions)
    threshold: float = attrs.field(default=0.05, kw_only=True, converter=_threshold)
    significance_basis: tuple[str, ...] = attrs.field(
        default=("scope1", "scope2_location"), kw_only=True, converter=_keys
    )

    def __attrs_post_init__(self) -> None:
        if not math.isfinite(self.threshold) or not 0.0 < self.threshold <= 1.0:
            raise InventoryError(
                "the significance threshold must be a fraction in (0, 1]",
                value=self.threshold,
                source="BaseYear.threshold",
                hint="0.05 for 5 % (Corporate Standard ch. 5)",
            )
        for key, kg in self.emissions.items():
            if kg < 0:
                raise InventoryError(
                    "base-year emissions cannot be negative", value=kg, source=f"BaseYear {key}"
                )
        for key in self.significance_basis:
            if key not in self.emissions:
                raise InventoryError(
                    "the significance basis names emissions the base year lacks",
                    value=key,
                    source="BaseYear.significance_basis",
                    hint="give them in emissions=... or change significance_basis",
                )
        if self.basis_total <= 0.0:
            raise InventoryError(
                "the significance basis sums to zero", source="BaseYear", hint="check emissions"
            )

    @property
    def basis_total(self) -> float:
        """Kg CO2e the threshold is measured against."""
        return math.fsum(self.emissions[k] for k in self.significance_basis)


@attrs.frozen
class Adjustment:
    """One change to base-year emissions (Corporate Standard ch. 5).

    Parameters
    ----------
    kind
        One of :data:`ADJUSTMENT_KINDS`.
    description
        What happened (e.g. "acquired Plant C on 2023-07-01").
    delta
        Change in base-year kg CO2e by emission key: positive for an
        acquisition or insourcing (the acquired operation's base-year
        emissions), negative for a divestment or outsourcing.
    year
        The year the change took effect.

    Raises
    ------
    InventoryError
        Unknown kind or keys, values that are not finite numbers, a year
        that is not an integer in 1900..2200; the message names the field.

    Examples
    --------
    >>> Adjustment("acquisition", "bought Plant C", {"scope1": 80.0}, year=2023).kind
    'acquisition'
    """

    kind: str
    description: str
    delta: Mapping[str, float] = attrs.field(converter=_delta)
    year: int = attrs.field(kw_only=True, validator=_year("Adjustment"))

    def __attrs_post_init__(self) -> None:
        given: object = self.description
        if not isinstance(given, str):
            raise InventoryError(
                "Adjustment.description: must be a string",
                value=given,
                source="Adjustment.description",
                hint="say what happened, e.g. 'sold plant B on 2023-03-31'",
            )
        kind: object = self.kind
        if not isinstance(kind, str) or kind not in ADJUSTMENT_KINDS:
            raise InventoryError(
                "unknown adjustment kind",
                value=self.kind,
                source="Adjustment",
                hint="use one of " + ", ".join(ADJUSTMENT_KINDS),
            )


@attrs.frozen
class AuditEntry:
    """One line of the recalculation audit trail.

    Attributes
    ----------
    adjustment
        The adjustment.
    relative
        abs(change of the significance basis) / base-year basis total.
    cumulative
        Sum of the sizes (absolute values) of the triggering changes so far
        / basis total: opposite changes add up, they do not cancel.
    applied
        Whether it is in the restated base year.
    reason
        Why (with the Corporate Standard ch. 5 rule).
    """

    adjustment: Adjustment
    relative: float
    cumulative: float
    applied: bool
    reason: str


@attrs.frozen
class Restatement:
    """The base year after the recalculation policy, with the audit trail.

    Attributes
    ----------
    original, restated
        The base year before and after.
    recalculated
        Whether the threshold was reached.
    trail
        One :class:`AuditEntry` per adjustment, in order.
    """

    original: BaseYear
    restated: BaseYear
    recalculated: bool
    trail: tuple[AuditEntry, ...]


def recalculate_base_year(base: BaseYear, adjustments: Iterable[Adjustment]) -> Restatement:
    """Apply the recalculation policy of Corporate Standard ch. 5 to a base year.

    Adjustments of a triggering kind are measured against the base-year
    total of ``base.significance_basis``. Ch. 5 recalculates for changes
    that are significant "individually or cumulatively": when any single
    change, or the sum of the sizes of all triggering changes
    (the sum of the absolute changes), reaches ``base.threshold``, every triggering adjustment
    is applied. Sizes, not signed sums, are added: an acquisition of +10 %
    and a divestment of -10 % change what the base year covers by 20 %,
    even though the total barely moves. Organic growth or decline and new
    facilities that did not exist in the base year never trigger a
    recalculation and are recorded as not applied.

    Raises
    ------
    InventoryError
        An adjustment dated before the base year, or a restated value below zero.

    Examples
    --------
    >>> by = BaseYear(2019, {"scope1": 1000.0, "scope2_location": 1000.0})
    >>> r = recalculate_base_year(by, [
    ...     Adjustment("divestment", "sold Plant B", {"scope1": -60.0}, year=2022),
    ...     Adjustment("error", "meter read twice", {"scope2_location": -50.0}, year=2023)])
    >>> r.recalculated, dict(r.restated.emissions)  # 110 / 2000 = 5.5 % >= 5 %
    (True, {'scope1': 940.0, 'scope2_location': 950.0})
    >>> [round(e.relative, 3) for e in r.trail]
    [0.03, 0.025]
    """
    total = base.basis_total
    given: object = adjustments
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        raise InventoryError(
            "adjustments must be a sequence of Adjustment values",
            value=type(adjustments).__name__,
            source="recalculate_base_year",
            hint="pass [] when nothing changed",
        )
    items = tuple(adjustments)
    running: list[float] = []
    trail: list[AuditEntry] = []
    for adj in items:
        if not isinstance(adj, Adjustment):
            raise InventoryError(
                "adjustments must be Adjustment values",
                value=type(adj).__name__,
                source="recalculate_base_year",
            )
        if adj.year < base.year:
            raise InventoryError(
                "an adjustment cannot predate the base year",
                value=adj.year,
                source=f"Adjustment({adj.description!r})",
            )
        change = math.fsum(adj.delta.get(k, 0.0) for k in base.significance_basis)
        if ADJUSTMENT_KINDS[adj.kind]:
            running.append(abs(change))
        trail.append(AuditEntry(adj, abs(change) / total, math.fsum(running) / total, False, ""))
    cumulative = math.fsum(running) / total
    largest = max(running, default=0.0) / total
    recalculated = largest >= base.threshold or cumulative >= base.threshold
    final: list[AuditEntry] = []
    for entry in trail:
        triggering = ADJUSTMENT_KINDS[entry.adjustment.kind]
        if not triggering:
            reason = (
                f"{entry.adjustment.kind}: never triggers recalculation (Corporate Standard ch. 5)"
            )
        elif recalculated:
            reason = (
                f"applied: largest change {largest:.4%}, sum of changes {cumulative:.4%}; "
                f">= threshold {base.threshold:.2%} individually or cumulatively "
                "(Corporate Standard ch. 5)"
            )
        else:
            reason = (
                f"not applied: largest change {largest:.4%} and sum of changes "
                f"{cumulative:.4%} < threshold {base.threshold:.2%} (Corporate Standard ch. 5)"
            )
        final.append(attrs.evolve(entry, applied=triggering and recalculated, reason=reason))
    restated = dict(base.emissions)
    if recalculated:
        parts: dict[str, list[float]] = {k: [v] for k, v in restated.items()}
        for entry in final:
            if entry.applied:
                for key, kg in entry.adjustment.delta.items():
                    parts.setdefault(key, []).append(kg)
        restated = {k: math.fsum(v) for k, v in parts.items()}
        for key, kg in restated.items():
            if kg < 0:
                raise InventoryError(
                    "restated base-year emissions would be negative",
                    value=kg,
                    source=f"restated {key}",
                    hint="check the adjustments' signs and sizes",
                )
    return Restatement(
        original=base,
        restated=attrs.evolve(base, emissions=restated),
        recalculated=recalculated,
        trail=tuple(final),
    )
