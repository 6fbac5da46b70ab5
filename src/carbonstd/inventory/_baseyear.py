"""Base year and its recalculation policy (GHG Protocol Corporate Standard ch. 5).

Chapter 5 "Tracking Emissions Over Time": a company sets a base year and a
recalculation policy with a significance threshold. Base-year emissions are
recalculated for structural changes (acquisitions, divestments, insourcing,
outsourcing), changes in calculation methodology or emission factors, and
discovered errors, when these are significant alone or together; not for
organic growth or decline, nor for acquisitions of facilities that did not
exist in the base year.
"""

from __future__ import annotations

import math
import types
from collections.abc import Iterable, Mapping

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


def _emissions(value: Mapping[str, float]) -> Mapping[str, float]:
    out: dict[str, float] = {}
    for key, kg in dict(value).items():
        if key not in SCOPE_KEYS:
            raise InventoryError(
                "unknown emissions key",
                value=key,
                source="base year",
                hint="use " + ", ".join(SCOPE_KEYS),
            )
        number = float(kg)
        if not math.isfinite(number):
            raise InventoryError("emissions must be finite", value=kg, source=f"base year {key}")
        out[key] = number
    return types.MappingProxyType(out)


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


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
        Unknown keys, negative or non-finite emissions, a threshold outside
        (0, 1], or a basis that sums to zero.

    Examples
    --------
    >>> by = BaseYear(2019, {"scope1": 1000.0, "scope2_location": 500.0})
    >>> by.threshold, by.basis_total
    (0.05, 1500.0)
    """

    year: int
    emissions: Mapping[str, float] = attrs.field(converter=_emissions)
    threshold: float = attrs.field(default=0.05, kw_only=True, converter=float)
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
        Unknown kind or keys, non-finite values.

    Examples
    --------
    >>> Adjustment("acquisition", "bought Plant C", {"scope1": 80.0}, year=2023).kind
    'acquisition'
    """

    kind: str
    description: str
    delta: Mapping[str, float] = attrs.field(converter=_emissions)
    year: int = attrs.field(kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.kind not in ADJUSTMENT_KINDS:
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
        abs(sum of triggering changes so far) / basis total.
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
    total of ``base.significance_basis``; when the cumulative change reaches
    ``base.threshold``, every triggering adjustment is applied (significant
    "individually or cumulatively"). Organic growth or decline and new
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
            running.append(change)
        trail.append(
            AuditEntry(adj, abs(change) / total, abs(math.fsum(running)) / total, False, "")
        )
    cumulative = abs(math.fsum(running)) / total
    recalculated = cumulative >= base.threshold
    final: list[AuditEntry] = []
    for entry in trail:
        triggering = ADJUSTMENT_KINDS[entry.adjustment.kind]
        if not triggering:
            reason = (
                f"{entry.adjustment.kind}: never triggers recalculation (Corporate Standard ch. 5)"
            )
        elif recalculated:
            reason = (
                f"applied: cumulative change {cumulative:.4%} >= threshold {base.threshold:.2%}"
            )
        else:
            reason = (
                f"not applied: cumulative change {cumulative:.4%} < threshold {base.threshold:.2%}"
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
