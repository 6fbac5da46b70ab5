"""Scope 2 dual reporting: location-based and market-based totals from one set of rows.

Implements GHG Protocol Scope 2 Guidance (2015): ch. 4 and ch. 6 (the two
methods and their emission-factor hierarchies, Tables 6.2 and 6.3), ch. 7.1
(dual reporting) and ch. 7.5 Table 7.1 (Scope 2 Quality Criteria).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

import attrs

from carbonstd import gwp as gwp_mod
from carbonstd.calculation import BIOGENIC, pseudo_gas
from carbonstd.errors import CarbonStdError, FactorNotFoundError, GWPMismatchError, InventoryError
from carbonstd.factors import EmissionFactor, FactorRegistry, Resolution
from carbonstd.gwp import GWPSet
from carbonstd.inventory._instruments import CRITERIA, Instrument
from carbonstd.units import Unit, parse

__all__ = [
    "Coverage",
    "CriterionFailure",
    "InstrumentCheck",
    "MarketPart",
    "Scope2Consumption",
    "Scope2Result",
    "Scope2Site",
    "scope2_dual",
]

_GRID = "electricity.grid"
_RESIDUAL = "electricity.residual_mix"


def _mwh_unit() -> Unit:
    """The MWh unit, parsed on first use (importing this module must not build pint)."""
    return parse("MWh")


def _text(owner: str, field: str, value: object) -> None:
    if not isinstance(value, str) or not 1 <= len(value) <= 300:
        raise InventoryError(
            f"{owner}.{field}: must be a non-empty string of at most 300 characters",
            value=value,
            source=f"{owner}.{field}",
        )


def _row_ids(value: object) -> tuple[str | int, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise InventoryError(
            "Scope2Consumption.row_ids: must be a sequence of row ids",
            value=value,
            source="Scope2Consumption.row_ids",
            hint="e.g. ('r1', 'r2') or (1, 2)",
        )
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise InventoryError(
                "Scope2Consumption.row_ids: a row id must be a string or an integer",
                value=item,
                source="Scope2Consumption.row_ids",
            )
    return tuple(value)


def _mwh(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InventoryError(
            "Scope2Consumption.mwh: must be a number of MWh",
            value=value,
            source="Scope2Consumption.mwh",
        )
    if not math.isfinite(value) or value < 0:
        raise InventoryError(
            "Scope2Consumption.mwh: must be finite and >= 0",
            value=value,
            source="Scope2Consumption.mwh",
            hint="give the metered or billed consumption in MWh",
        )
    return float(value)


@attrs.frozen(kw_only=True)
class Scope2Consumption:
    """Purchased electricity consumed at one site: one row of Scope 2 activity data.

    GHG Protocol Scope 2 Guidance (2015) ch. 6.2: the activity data of both
    methods is the same electricity consumption; the location-based and
    market-based totals are computed from these same rows.

    Parameters
    ----------
    entity
        The organizational entity that consumes (the boundary's entity name).
    site
        The site (plant, office, warehouse).
    region
        Region code of the grid the site draws from (``"CN-GRID-EAST"``, ``"US-GRID-CAMX"``).
    year
        The consumption year; must equal the reporting year of the calculation.
    mwh
        Electricity consumed, MWh (finite, >= 0).
    row_ids
        The activity rows this consumption came from (lineage).

    Raises
    ------
    InventoryError
        Naming the field for an empty name, a malformed region code, a
        non-integer year or a negative, NaN or infinite amount.

    Examples
    --------
    >>> Scope2Consumption(entity="EV Co", site="Plant A", region="CN-GRID-EAST",
    ...                   year=2024, mwh=1200.0, row_ids=("e-1",)).mwh
    1200.0
    >>> Scope2Consumption(entity="EV Co", site="A", region="CN", year=2024, mwh=-1.0)
    Traceback (most recent call last):
    ...
    carbonstd.errors.InventoryError: Scope2Consumption.mwh: must be finite and >= 0: -1.0 ...
    """

    entity: str = attrs.field()
    site: str = attrs.field()
    region: str = attrs.field()
    year: int = attrs.field()
    mwh: float = attrs.field(converter=_mwh)
    row_ids: tuple[str | int, ...] = attrs.field(default=(), converter=_row_ids)

    def __attrs_post_init__(self) -> None:
        own = "Scope2Consumption"
        _text(own, "entity", self.entity)
        _text(own, "site", self.site)
        try:
            FactorRegistry([]).region_chain(self.region)
        except CarbonStdError as exc:  # ActivityDataError from the registry's check
            raise InventoryError(
                f"{own}.region: not a valid region code",
                value=self.region,
                source=f"{own}.region",
                hint="'CN', 'US-GRID-CAMX', 'CN-GRID-EAST', ...",
            ) from exc
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise InventoryError(f"{own}.year: must be an integer", value=self.year)


@attrs.frozen(kw_only=True)
class CriterionFailure:
    """A Scope 2 Quality Criterion (Scope 2 Guidance Table 7.1) an instrument fails, and why."""

    criterion: int
    title: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The JSON form."""
        return {"criterion": self.criterion, "title": self.title, "reason": self.reason}


@attrs.frozen(kw_only=True)
class InstrumentCheck:
    """The outcome for one ledger instrument: the Quality Criteria it fails and the MWh applied.

    Scope 2 Guidance ch. 7.5: instruments that fail the Scope 2 Quality
    Criteria cannot be used in the market-based total; they may be disclosed
    separately with the criteria they fail. ``unused_mwh`` is the quantity not
    applied (all of it for a failed instrument; for a passing one, what
    exceeded the eligible consumption).
    """

    instrument_id: str
    kind: str
    tier: int
    passed: bool
    failures: tuple[CriterionFailure, ...]
    quantity_mwh: float
    applied_mwh: float
    unused_mwh: float
    applied_to: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]

    @property
    def failed_criteria(self) -> tuple[int, ...]:
        """Numbers of the failed criteria (Table 7.1 numbering), ascending."""
        return tuple(f.criterion for f in self.failures)

    def to_json(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "instrument_id": self.instrument_id,
            "kind": self.kind,
            "tier": self.tier,
            "passed": self.passed,
            "failures": [f.to_json() for f in self.failures],
            "quantity_mwh": self.quantity_mwh,
            "applied_mwh": self.applied_mwh,
            "unused_mwh": self.unused_mwh,
            "applied_to": [list(pair) for pair in self.applied_to],
            "notes": list(self.notes),
        }


def _gas_map(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(sorted(value.items())))


@attrs.frozen(kw_only=True)
class MarketPart:
    """One slice of a site's market-based emissions: MWh x one factor of the Table 6.3 hierarchy.

    ``source`` is ``"instrument"`` (tiers 1-3), ``"residual_mix"`` (tier 4) or
    ``"grid_average"`` (tier 5, used only when no residual mix exists);
    ``reference`` is the instrument id or the emission factor id; ``mwh`` is
    the physical consumption covered and ``emissions`` the kg of each gas
    after the site's consolidation share (``mwh`` x rate x share).
    """

    source: str
    tier: int
    reference: str
    mwh: float
    emissions: Mapping[str, float] = attrs.field(converter=_gas_map, hash=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "source": self.source,
            "tier": self.tier,
            "reference": self.reference,
            "mwh": self.mwh,
            "emissions": dict(self.emissions),
        }


@attrs.frozen(kw_only=True)
class Scope2Site:
    """Both Scope 2 results for one (entity, site, region): per gas (kg) and CO2e (kg).

    ``location_factor`` is the grid-average factor found along the region
    chain (Table 6.2: subnational or grid region before national);
    ``market_parts`` lists how the same MWh were covered under Table 6.3.
    ``mwh`` is the site's whole consumption: instruments are matched against
    it (Scope 2 Guidance ch. 7.5), and the consolidation ``share`` of the
    entity (Corporate Standard ch. 3) is applied to the resulting emissions.
    """

    entity: str
    site: str
    region: str
    mwh: float
    share: float
    row_ids: tuple[str | int, ...]
    location: Mapping[str, float] = attrs.field(converter=_gas_map, hash=False)
    market: Mapping[str, float] = attrs.field(converter=_gas_map, hash=False)
    location_co2e: float
    market_co2e: float
    location_factor: Resolution
    market_factor: Resolution | None
    market_parts: tuple[MarketPart, ...]

    def to_json(self) -> dict[str, Any]:
        """The JSON form (factor lineage as ids, sets and steps)."""
        return {
            "entity": self.entity,
            "site": self.site,
            "region": self.region,
            "mwh": self.mwh,
            "share": self.share,
            "row_ids": list(self.row_ids),
            "location_based": {"by_gas": dict(self.location), "co2e": self.location_co2e},
            "market_based": {"by_gas": dict(self.market), "co2e": self.market_co2e},
            "location_factor": _lineage(self.location_factor),
            "market_factor": None if self.market_factor is None else _lineage(self.market_factor),
            "market_parts": [p.to_json() for p in self.market_parts],
        }


def _lineage(res: Resolution) -> dict[str, Any]:
    return {
        "factor_id": res.factor.id,
        "activity": res.activity,
        "matched_region": res.matched_region,
        "year": res.factor.year,
        "set": f"{res.set_name} {res.set_version}",
        "steps": list(res.steps),
    }


@attrs.frozen(kw_only=True)
class Coverage:
    """How consumption (MWh) was covered under the market-based method (Table 6.3 tiers)."""

    total_mwh: float
    instruments_mwh: float
    residual_mix_mwh: float
    grid_average_mwh: float

    def to_json(self) -> dict[str, float]:
        """The JSON form."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Scope2Result:
    """Scope 2 emissions under both methods, with the instrument checks and the fallbacks used.

    GHG Protocol Scope 2 Guidance ch. 7.1: a company with any operations in
    markets with contractual instruments reports both totals, each labelled
    (``dual_reporting_required``); otherwise the location-based total alone.
    Both are always computed here. The market-based total may exceed the
    location-based one (the residual mix is usually above the grid average):
    that is expected, not an error.

    Attributes
    ----------
    location_based, market_based
        Totals in kg CO2e under ``gwp``.
    location_by_gas, market_by_gas
        Totals in kg of each gas.
    sites
        Per (entity, site, region) results, sorted.
    instruments
        One :class:`InstrumentCheck` per ledger line, sorted by id.
    coverage
        MWh covered by instruments, by the residual mix and by the grid average.
    residual_mix_missing
        Regions with no residual mix, where the grid average was used (flagged).
    flags
        Human-readable notes: fallbacks, failed instruments, unused quantities.
    """

    reporting_year: int
    gwp: str
    location_based: float
    market_based: float
    location_by_gas: Mapping[str, float] = attrs.field(converter=_gas_map, hash=False)
    market_by_gas: Mapping[str, float] = attrs.field(converter=_gas_map, hash=False)
    sites: tuple[Scope2Site, ...]
    instruments: tuple[InstrumentCheck, ...]
    coverage: Coverage
    residual_mix_missing: tuple[str, ...]
    dual_reporting_required: bool
    flags: tuple[str, ...]

    def total(self, method: Literal["location", "market"]) -> float:
        """The Scope 2 total (kg CO2e) under ``"location"`` or ``"market"``.

        Examples
        --------
        >>> from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
        >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
        ...     factors=[EmissionFactor(id="g", activity="electricity.grid", unit="kWh",
        ...                             region="XX", year=2024, gases={"CO2": 0.5})])
        >>> r = scope2_dual([Scope2Consumption(entity="E", site="S", region="XX", year=2024,
        ...                                    mwh=10.0)],
        ...                 instruments=(), factors=FactorRegistry([fs]), gwp="AR6",
        ...                 reporting_year=2024)
        >>> r.total("location"), r.total("market")
        (5000.0, 5000.0)
        """
        if method == "location":
            return self.location_based
        if method == "market":
            return self.market_based
        raise InventoryError(
            "unknown Scope 2 method", value=method, hint="use 'location' or 'market'"
        )

    def totals(self) -> dict[str, float]:
        """Both totals, labelled by method (Scope 2 Guidance ch. 7.1), kg CO2e."""
        return {"location-based": self.location_based, "market-based": self.market_based}

    @property
    def failed_instruments(self) -> tuple[InstrumentCheck, ...]:
        """The instruments that fail at least one Quality Criterion."""
        return tuple(c for c in self.instruments if not c.passed)

    def to_json(self) -> dict[str, Any]:
        """The JSON form (full precision)."""
        return {
            "reporting_year": self.reporting_year,
            "gwp": self.gwp,
            "location_based": {"co2e": self.location_based, "by_gas": dict(self.location_by_gas)},
            "market_based": {"co2e": self.market_based, "by_gas": dict(self.market_by_gas)},
            "dual_reporting_required": self.dual_reporting_required,
            "coverage": self.coverage.to_json(),
            "residual_mix_missing": list(self.residual_mix_missing),
            "instruments": [c.to_json() for c in self.instruments],
            "sites": [s.to_json() for s in self.sites],
            "flags": list(self.flags),
        }


# --------------------------------------------------------------------------- helpers


def _per_mwh(res: Resolution) -> dict[str, float]:
    """Mass (kg) of each gas (or of a CO2e pseudo-gas) per MWh of the resolved factor."""
    factor: EmissionFactor = res.factor
    if factor.parsed_unit.kind != "energy":
        raise InventoryError(
            f"factor {factor.id!r} for {res.activity} is per {factor.unit!r}, not per energy",
            value=factor.unit,
            source=f"{res.set_name} {res.set_version}",
            hint="Scope 2 electricity factors must be per kWh, MWh or another energy unit",
        )
    scale = _mwh_unit().factor_to(factor.parsed_unit)  # units of the factor in one MWh
    if factor.gases is not None:
        return {gas: value * scale for gas, value in factor.gases}
    assert factor.co2e is not None
    assert factor.gwp is not None
    return {pseudo_gas(gwp_mod.get(factor.gwp).name): factor.co2e * scale}


def _weights(gases: Collection[str], gwp: GWPSet) -> dict[str, float]:
    out: dict[str, float] = {}
    for gas in gases:
        if gas == BIOGENIC:
            out[gas] = 0.0  # reported outside the scopes (Corporate Standard ch. 4 and ch. 9)
            continue
        if gas.startswith("CO2e["):
            built = gas[5:-1]
            if built != gwp.name:
                raise GWPMismatchError(
                    "a CO2e-only electricity factor built with another GWP set "
                    "cannot be re-expressed",
                    value=built,
                    source=f"Scope 2 reported under {gwp.name}",
                    hint=f"report under gwp={built!r} or use a per-gas factor",
                )
            out[gas] = 1.0
        else:
            out[gas] = gwp.factor(gas)
    return out


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _months_after(day: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months + 1
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def _check_window(value: object) -> tuple[int, int]:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 120 for v in value)
    ):
        raise InventoryError(
            "vintage_window must be (months before, months after) the reporting year, "
            "two integers in 0..120",
            value=value,
            source="scope2_dual(vintage_window=...)",
            hint="(0, 0) accepts only vintages inside the reporting year; (3, 3) allows a "
            "quarter either side",
        )
    return value[0], value[1]


_SiteKey = tuple[str, str, str]


def _check_shares(
    shares: Mapping[str, float] | None, rows: Sequence[Scope2Consumption]
) -> dict[str, float]:
    """Each consuming entity's consolidation share (1.0 for all when ``shares`` is None)."""
    entities = sorted({row.entity for row in rows})
    if shares is None:
        return dict.fromkeys(entities, 1.0)
    if not isinstance(shares, Mapping):
        raise InventoryError(
            "shares must map entity names to fractions",
            value=shares,
            source="scope2_dual(shares=...)",
            hint="e.g. {'Cell JV': 0.5}",
        )
    out: dict[str, float] = {}
    for name in entities:
        if name not in shares:
            raise InventoryError(
                f"shares: no share for entity {name!r}",
                value=sorted(shares),
                source="scope2_dual(shares=...)",
                hint="give every consuming entity its consolidation share (Corporate Standard "
                "ch. 3), or pass shares=None for 100 %",
            )
        value: object = shares[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or not 0.0 <= value <= 1.0
        ):
            raise InventoryError(
                f"shares[{name!r}] must be a fraction in [0, 1]",
                value=value,
                source="scope2_dual(shares=...)",
                hint="0.5 for 50 %",
            )
        out[name] = float(value)
    return out


def _sequence(value: object, kind: type, name: str) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InventoryError(
            f"{name} must be a sequence of {kind.__name__}",
            value=value,
            source=f"scope2_dual({name}=...)",
        )
    for i, item in enumerate(value):
        if not isinstance(item, kind):
            raise InventoryError(
                f"{name}[{i}] is not a {kind.__name__}",
                value=item,
                source=f"scope2_dual({name}=...)",
                hint=f"build each item with {kind.__name__}(...)",
            )
    return tuple(value)


def _chain(factors: FactorRegistry, region: str) -> tuple[str, ...]:
    return tuple(code for code in factors.region_chain(region) if code != "GLO")


def _fail(number: int, reason: str) -> CriterionFailure:
    return CriterionFailure(criterion=number, title=CRITERIA[number], reason=reason)


def _criteria(
    inst: Instrument,
    *,
    claims: Mapping[str, Sequence[str]],
    previously_claimed: Collection[str],
    sites: Mapping[_SiteKey, float],
    chains: Mapping[_SiteKey, tuple[str, ...]],
    window: tuple[dt.date, dt.date],
    reporting_year: int,
) -> tuple[list[CriterionFailure], list[_SiteKey], list[str]]:
    """Failed criteria, the eligible sites (in order) and notes for one instrument."""
    failures: list[CriterionFailure] = []
    notes: list[str] = []
    if inst.emission_rate is None:
        failures.append(_fail(1, "the instrument conveys no emission rate"))
    others = [i for i in claims[inst.claim_key] if i != inst.id]
    if others:
        failures.append(
            _fail(
                2,
                f"claim {inst.claim_key!r} is also made by ledger line(s) "
                f"{', '.join(repr(o) for o in others)}",
            )
        )
    if inst.claim_key in previously_claimed or inst.id in previously_claimed:
        failures.append(
            _fail(2, f"{inst.claim_key!r} was already claimed (in another year or inventory)")
        )
    entities = sorted({key[0] for key in sites})
    candidates: list[_SiteKey] = []
    if inst.retired_for is None:
        failures.append(_fail(3, "the instrument has not been retired or cancelled for anyone"))
    elif inst.retired_for not in entities:
        failures.append(
            _fail(
                3,
                f"retired for {inst.retired_for!r}, which has no Scope 2 consumption here "
                f"(entities: {', '.join(repr(e) for e in entities) or 'none'})",
            )
        )
    else:
        candidates = [k for k in sites if k[0] == inst.retired_for]
        if inst.claimed_for_site is not None:
            elsewhere = [k for k in sites if k[1] == inst.claimed_for_site]
            candidates = [k for k in candidates if k[1] == inst.claimed_for_site]
            if not candidates and elsewhere:
                failures.append(
                    _fail(
                        3,
                        f"claimed for site {inst.claimed_for_site!r} of entity "
                        f"{elsewhere[0][0]!r}, but retired for {inst.retired_for!r}",
                    )
                )
            elif not candidates:
                notes.append(
                    f"no Scope 2 consumption at site {inst.claimed_for_site!r}: nothing applied"
                )
    start, end = inst.vintage
    if start < window[0] or end > window[1]:
        failures.append(
            _fail(
                4,
                f"vintage {start.isoformat()}..{end.isoformat()} is outside "
                f"{window[0].isoformat()}..{window[1].isoformat()}, the window around "
                f"reporting year {reporting_year}",
            )
        )
    if candidates:
        same = [k for k in candidates if inst.market in chains[k]]
        if not same:
            regions = sorted({k[2] for k in candidates})
            failures.append(
                _fail(
                    5,
                    f"market {inst.market!r} is not the market of the consuming site(s) "
                    f"(regions {', '.join(regions)})",
                )
            )
        candidates = same
    if inst.delivered_basis is False:
        failures.append(_fail(6, "the supplier rate is not calculated on delivered electricity"))
    if not inst.attributes_retained:
        failures.append(_fail(7, "the generation's certificates were sold separately (null power)"))
    return failures, sorted(candidates), notes


def _lookup_residual(
    factors: FactorRegistry, region: str, year: int
) -> tuple[Resolution | None, Resolution | None]:
    """The residual mix of the site's market, and a ``GLO`` one that was found but not used.

    A residual mix is the mix of one market after the claimed attributes are
    removed (Scope 2 Guidance ch. 6.11, Table 6.3 tier 4), so only a factor
    of a region in the site's chain below ``GLO`` can be one, as for the
    market-matching criterion 5.
    """
    try:
        found = factors.lookup(_RESIDUAL, region=region, year=year, unit=_mwh_unit())
    except FactorNotFoundError:
        return None, None
    if found.matched_region == "GLO":
        return None, found
    return found, None


# --------------------------------------------------------------------------- main


def scope2_dual(
    consumption: Sequence[Scope2Consumption],
    *,
    instruments: Sequence[Instrument],
    factors: FactorRegistry,
    gwp: str | GWPSet,
    reporting_year: int,
    vintage_window: tuple[int, int] = (0, 0),
    previously_claimed: Collection[str] = (),
    instrument_markets: Collection[str] = (),
    shares: Mapping[str, float] | None = None,
) -> Scope2Result:
    """Scope 2 emissions of purchased electricity under both methods, from the same rows.

    Implements GHG Protocol Scope 2 Guidance (2015):

    * location-based (ch. 6.10, Table 6.2): each site's MWh x the grid-average
      factor ``electricity.grid`` found along the registry's region chain
      (grid region or subnational before national);
    * market-based (ch. 6.11, Table 6.3): instruments that meet the Scope 2
      Quality Criteria (ch. 7.5, Table 7.1) cover consumption in hierarchy
      order (certificates, then contracts, then supplier rates); what is not
      covered takes the residual mix ``electricity.residual_mix``, and only
      where no residual mix exists, the grid average (flagged, criterion 8);
    * dual reporting (ch. 7.1): both totals are always returned, labelled,
      with whether the Guidance requires both to be reported.

    E_LB = sum_i Q_i x EF_grid,i;  E_MB = sum_k Q_k x EF_k + Q_residual x EF_residual
    (+ Q_uncovered x EF_grid where no residual mix exists); each site's terms
    are multiplied by its entity's consolidation share. Biogenic CO2 in a
    factor or rate is kept per gas but weighs 0 in the CO2e totals (reported
    outside the scopes).

    Parameters
    ----------
    consumption
        Electricity consumption rows; all must be for ``reporting_year``.
        Rows of the same (entity, site, region) are added up.
    instruments
        The contractual-instruments ledger (ids unique).
    factors
        Registry with ``electricity.grid`` (required for every region) and,
        where published, ``electricity.residual_mix``.
    gwp
        GWP set name or :class:`~carbonstd.gwp.GWPSet` for the CO2e totals.
    reporting_year
        The reporting year; factors are looked up for it with the registry's year rule.
    vintage_window
        ``(months before, months after)`` the reporting year an instrument's
        vintage may reach (criterion 4). The default ``(0, 0)`` is carbonstd's
        strict reading of "as close as possible": the vintage lies inside the
        reporting year. Widen it to match a programme's rule.
    previously_claimed
        Instrument ids or serials already claimed in another year or
        inventory; such instruments fail criterion 2.
    instrument_markets
        Extra region codes known to have contractual instruments (for the
        dual-reporting requirement) even where this ledger has none.
    shares
        Consolidation share of each consuming entity (Corporate Standard
        ch. 3), in [0, 1]; None means 1 for every entity. Instruments are
        matched against each site's whole consumption (an instrument retired
        for a joint venture covers the venture's MWh), and the share is then
        applied to the site's location-based and market-based emissions.
        When given, every consuming entity needs a share.

    Returns
    -------
    Scope2Result

    Raises
    ------
    InventoryError
        For a row whose year is not the reporting year, a site in two
        regions, duplicate instrument ids, a malformed option.
    FactorNotFoundError
        When no grid-average factor exists for a site's region.
    GWPMismatchError
        When a CO2e-only factor was built with another GWP set.
    UnknownGasError
        When the GWP set lacks a gas of a factor or instrument.

    Examples
    --------
    >>> from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
    >>> from carbonstd.inventory._instruments import Instrument
    >>> ef = lambda i, act, v: EmissionFactor(id=i, activity=act, unit="kWh", region="CN",
    ...                                       year=2023, gases={"CO2": v})
    >>> reg = FactorRegistry([FactorSet(name="cn", version="1", title="CN",
    ...     licence=Licence(id="CC0-1.0"),
    ...     factors=[ef("grid", "electricity.grid", 0.5306),
    ...              ef("rm", "electricity.residual_mix", 0.6096)])])
    >>> use = [Scope2Consumption(entity="EV Co", site="Plant A", region="CN", year=2024,
    ...                          mwh=1000.0)]
    >>> gec = Instrument(id="gec-1", kind="GEC", quantity=400.0, emission_rate={"CO2": 0.0},
    ...                  market="CN", vintage=2024, retired_for="EV Co")
    >>> r = scope2_dual(use, instruments=[gec], factors=reg, gwp="AR6", reporting_year=2024)
    >>> r.totals()  # 1000 x 530.6; 400 x 0 + 600 x 609.6
    {'location-based': 530600.0, 'market-based': 365760.0}
    >>> r.coverage.instruments_mwh, r.coverage.residual_mix_mwh, r.dual_reporting_required
    (400.0, 600.0, True)
    """
    rows: tuple[Scope2Consumption, ...] = _sequence(consumption, Scope2Consumption, "consumption")
    ledger: tuple[Instrument, ...] = _sequence(instruments, Instrument, "instruments")
    if not isinstance(factors, FactorRegistry):
        raise InventoryError(
            "factors must be a FactorRegistry",
            value=factors,
            source="scope2_dual(factors=...)",
            hint="carbonstd.factors.default_registry() or FactorRegistry([...])",
        )
    gwp_set = gwp if isinstance(gwp, GWPSet) else gwp_mod.get(gwp)
    if isinstance(reporting_year, bool) or not isinstance(reporting_year, int):
        raise InventoryError("reporting_year must be an integer", value=reporting_year)
    before, after = _check_window(vintage_window)
    for name, coll in (
        ("previously_claimed", previously_claimed),
        ("instrument_markets", instrument_markets),
    ):
        if isinstance(coll, (str, bytes)) or not all(isinstance(x, str) for x in coll):
            raise InventoryError(
                f"{name} must be a collection of strings",
                value=coll,
                source=f"scope2_dual({name}=...)",
            )

    share_of = _check_shares(shares, rows)

    # ---- consumption, grouped by (entity, site, region)
    amounts: dict[_SiteKey, list[float]] = {}
    lineage: dict[_SiteKey, list[str | int]] = {}
    site_region: dict[tuple[str, str], str] = {}
    for i, row in enumerate(rows):
        if row.year != reporting_year:
            raise InventoryError(
                f"consumption[{i}] is for {row.year}, not the reporting year {reporting_year}",
                value=row.year,
                source=f"consumption[{i}] (site {row.site!r})",
                hint="call scope2_dual once per reporting year",
            )
        seen = site_region.setdefault((row.entity, row.site), row.region)
        if seen != row.region:
            raise InventoryError(
                f"site {row.site!r} of {row.entity!r} is given in two regions "
                f"({seen} and {row.region})",
                value=row.region,
                source=f"consumption[{i}]",
                hint="a site draws from one grid: give it one region code",
            )
        key = (row.entity, row.site, row.region)
        amounts.setdefault(key, []).append(row.mwh)
        lineage.setdefault(key, []).extend(row.row_ids)
    keys = sorted(amounts)
    site_mwh = {k: math.fsum(amounts[k]) for k in keys}
    chains = {k: _chain(factors, k[2]) for k in keys}

    # ---- instruments: uniqueness and the Quality Criteria
    claims: dict[str, list[str]] = {}
    ids: set[str] = set()
    for inst in ledger:
        if inst.id in ids:
            raise InventoryError(
                "instrument id appears twice in the ledger",
                value=inst.id,
                source="scope2_dual(instruments=...)",
                hint="give each ledger line its own id; put the certificate number in 'serial'",
            )
        ids.add(inst.id)
        claims.setdefault(inst.claim_key, []).append(inst.id)
    for key_claims in claims.values():
        key_claims.sort()
    window = (
        _months_before(dt.date(reporting_year, 1, 1), before),
        _months_after(dt.date(reporting_year, 12, 1), after),
    )
    checked: dict[str, tuple[list[CriterionFailure], list[_SiteKey], list[str]]] = {}
    for inst in ledger:
        checked[inst.id] = _criteria(
            inst,
            claims=claims,
            previously_claimed=frozenset(previously_claimed),
            sites=site_mwh,
            chains=chains,
            window=window,
            reporting_year=reporting_year,
        )

    # ---- market-based allocation, Table 6.3 order: tier, site-specific first, id
    remaining = dict(site_mwh)
    parts: dict[_SiteKey, list[MarketPart]] = {k: [] for k in keys}
    applied: dict[str, list[tuple[_SiteKey, float]]] = {inst.id: [] for inst in ledger}
    order = sorted(ledger, key=lambda x: (x.tier, x.claimed_for_site is None, x.id))
    for inst in order:
        failures, eligible, _ = checked[inst.id]
        if failures:
            continue
        left = inst.quantity
        rate = inst.rate()
        for key in eligible:
            if left <= 0:
                break
            take = min(left, remaining[key])
            if take <= 0:
                continue
            remaining[key] -= take
            left -= take
            applied[inst.id].append((key, take))
            parts[key].append(
                MarketPart(
                    source="instrument",
                    tier=inst.tier,
                    reference=inst.id,
                    mwh=take,
                    emissions={g: take * v * share_of[key[0]] for g, v in rate.items()},
                )
            )

    # ---- sites: location-based, and residual mix / grid average for what is left
    flags: list[str] = []
    missing: set[str] = set()
    residual_found: set[_SiteKey] = set()
    site_results: list[Scope2Site] = []
    for key in keys:
        entity, site, region = key
        mwh = site_mwh[key]
        share = share_of[entity]
        grid = factors.lookup(_GRID, region=region, year=reporting_year, unit=_mwh_unit())
        grid_rate = _per_mwh(grid)
        location = {g: mwh * v * share for g, v in grid_rate.items()}
        market_factor: Resolution | None = None
        rest = remaining[key]
        if rest > 0:
            residual, ignored = _lookup_residual(factors, region, reporting_year)
            if residual is not None:
                residual_found.add(key)
                market_factor = residual
                parts[key].append(
                    MarketPart(
                        source="residual_mix",
                        tier=4,
                        reference=residual.factor.id,
                        mwh=rest,
                        emissions={g: rest * v * share for g, v in _per_mwh(residual).items()},
                    )
                )
            else:
                missing.add(region)
                market_factor = grid
                parts[key].append(
                    MarketPart(
                        source="grid_average",
                        tier=5,
                        reference=grid.factor.id,
                        mwh=rest,
                        emissions={g: rest * v * share for g, v in grid_rate.items()},
                    )
                )
                flags.append(
                    f"no residual mix for {region} ({reporting_year}): grid average "
                    f"{grid.factor.id!r} used for {rest:g} MWh at {entity} / {site} in the "
                    "market-based total (Scope 2 Guidance Table 6.3 tier 5; Table 7.1 "
                    "criterion 8)"
                    + (
                        f"; the GLO factor {ignored.factor.id!r} of electricity.residual_mix "
                        "was not used: a residual mix belongs to one market"
                        if ignored is not None
                        else ""
                    )
                )
        market: dict[str, list[float]] = {}
        for part in parts[key]:
            for g, v in part.emissions.items():
                market.setdefault(g, []).append(v)
        market_sum = {g: math.fsum(v) for g, v in market.items()}
        w_loc = _weights(location, gwp_set)
        w_mkt = _weights(market_sum, gwp_set)
        site_results.append(
            Scope2Site(
                entity=entity,
                site=site,
                region=region,
                mwh=mwh,
                share=share,
                row_ids=tuple(lineage[key]),
                location=location,
                market=market_sum,
                location_co2e=math.fsum(v * w_loc[g] for g, v in location.items()),
                market_co2e=math.fsum(v * w_mkt[g] for g, v in market_sum.items()),
                location_factor=grid,
                market_factor=market_factor,
                market_parts=tuple(parts[key]),
            )
        )

    # ---- totals (exact sums of the per-gas products, order-independent)
    loc_parts: dict[str, list[float]] = {}
    mkt_parts: dict[str, list[float]] = {}
    for s in site_results:
        for g, v in s.location.items():
            loc_parts.setdefault(g, []).append(v)
        for p in s.market_parts:
            for g, v in p.emissions.items():
                mkt_parts.setdefault(g, []).append(v)
    w_loc = _weights(loc_parts, gwp_set)
    w_mkt = _weights(mkt_parts, gwp_set)
    location_based = math.fsum(v * w_loc[g] for g, vs in loc_parts.items() for v in vs)
    market_based = math.fsum(v * w_mkt[g] for g, vs in mkt_parts.items() for v in vs)

    # ---- instrument checks
    checks: list[InstrumentCheck] = []
    for inst in sorted(ledger, key=lambda x: x.id):
        failures, _, notes = checked[inst.id]
        used = applied[inst.id]
        applied_mwh = math.fsum(m for _, m in used)
        unused = inst.quantity - applied_mwh
        notes = list(notes)
        if failures:
            flags.append(
                f"instrument {inst.id!r} fails Scope 2 Quality Criteria "
                f"{', '.join(str(f.criterion) for f in failures)}: not used in the "
                "market-based total"
            )
        elif unused > 0:
            notes.append(f"{unused:g} MWh exceed the eligible consumption and were not applied")
            flags.append(
                f"instrument {inst.id!r}: {unused:g} of {inst.quantity:g} MWh not applied "
                "(more claimed than consumed)"
            )
        checks.append(
            InstrumentCheck(
                instrument_id=inst.id,
                kind=inst.kind,
                tier=inst.tier,
                passed=not failures,
                failures=tuple(failures),
                quantity_mwh=inst.quantity,
                applied_mwh=applied_mwh,
                unused_mwh=unused,
                applied_to=tuple((k[0], k[1]) for k, _ in used),
                notes=tuple(notes),
            )
        )

    instrument_mwh = math.fsum(
        p.mwh for s in site_results for p in s.market_parts if p.source == "instrument"
    )
    residual_mwh = math.fsum(
        p.mwh for s in site_results for p in s.market_parts if p.source == "residual_mix"
    )
    grid_mwh = math.fsum(
        p.mwh for s in site_results for p in s.market_parts if p.source == "grid_average"
    )
    markets = {inst.market for inst in ledger} | set(instrument_markets)
    dual = any(set(chains[k]) & markets for k in keys) or bool(residual_found)
    return Scope2Result(
        reporting_year=reporting_year,
        gwp=gwp_set.name,
        location_based=location_based,
        market_based=market_based,
        location_by_gas={g: math.fsum(v) for g, v in loc_parts.items()},
        market_by_gas={g: math.fsum(v) for g, v in mkt_parts.items()},
        sites=tuple(site_results),
        instruments=tuple(checks),
        coverage=Coverage(
            total_mwh=math.fsum(site_mwh.values()),
            instruments_mwh=instrument_mwh,
            residual_mix_mwh=residual_mwh,
            grid_average_mwh=grid_mwh,
        ),
        residual_mix_missing=tuple(sorted(missing)),
        dual_reporting_required=dual,
        flags=tuple(flags),
    )
