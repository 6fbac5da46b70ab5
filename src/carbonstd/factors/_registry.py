"""FactorRegistry: immutable layers of factor sets and the recorded lookup fallback chain."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs
import numpy.typing as npt

from carbonstd.errors import (
    ActivityDataError,
    AmbiguousFactorError,
    FactorDataError,
    FactorNotFoundError,
)
from carbonstd.factors._fuels import FuelProperties
from carbonstd.factors._model import (
    ACTIVITY_RE,
    BOUNDARIES,
    CALORIFIC_BASES,
    REGION_RE,
    EmissionFactor,
    Licence,
)
from carbonstd.factors._set import FactorSet
from carbonstd.units import Unit, parse

if TYPE_CHECKING:
    from carbonstd.factors._resolve import Resolved

__all__ = ["YEAR_RULES", "FactorHit", "FactorRegistry", "Resolution", "YearRule"]

YearRule: TypeAlias = Literal["exact", "latest_earlier", "nearest"]
#: Year rules: ``exact``; ``latest_earlier`` (the year, else the latest earlier
#: year); ``nearest`` (smallest distance, the earlier year on a tie).
YEAR_RULES: tuple[str, ...] = ("exact", "latest_earlier", "nearest")


@attrs.frozen(kw_only=True)
class Resolution:
    """The outcome of a factor lookup: the factor, where it came from and how it was found.

    Records what GHG Protocol Corporate Standard ch. 7 and ISO 14064-1:2018
    clause 6.2 ask an inventory to document: which factor, which source
    edition (``set_name``, ``set_version``, ``content_hash``) and the fallback
    steps (``steps``) from the requested region and year to the one used.

    Examples
    --------
    >>> from carbonstd.factors import EmissionFactor, FactorSet, Licence
    >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
    ...     factors=[EmissionFactor(id="us", activity="electricity.grid", unit="kWh",
    ...                             region="US", year=2023, gases={"CO2": 0.37})])
    >>> res = FactorRegistry([fs]).lookup("electricity.grid", region="US-GRID-CAMX", year=2024)
    >>> res.factor.id, res.matched_region, res.set_name, res.layer
    ('us', 'US', 'd', 0)
    """

    activity: str
    region: str
    year: int
    factor: EmissionFactor
    set_name: str
    set_version: str
    content_hash: str
    licence: Licence
    layer: int
    matched_region: str
    steps: tuple[str, ...]

    def describe(self) -> str:
        """Multi-line text: the factor, its set and the steps taken.

        Examples
        --------
        >>> from carbonstd.factors import EmissionFactor, FactorSet, Licence
        >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
        ...     factors=[EmissionFactor(id="g", activity="electricity.grid", unit="kWh",
        ...                             year=2020, gases={"CO2": 0.5})])
        >>> print(FactorRegistry([fs]).lookup("electricity.grid", region="GB", year=2024)
        ...       .describe())  # doctest: +ELLIPSIS
        electricity.grid in GB for 2024:
          factor  g: electricity.grid GLO 2020, CO2 0.5 kg per kWh
          set     d 1 (layer 0, sha256 ...,  licence CC0-1.0)
          steps
            - region chain: GB -> GLO; year rule latest_earlier
            - GB / layer 0 d 1: no factor for 'electricity.grid'
            - GLO / layer 0 d 1: found 'g' for year 2020 (latest earlier than 2024)
        """
        lines = [
            f"{self.activity} in {self.region} for {self.year}:",
            f"  factor  {self.factor.describe()}",
            f"  set     {self.set_name} {self.set_version} (layer {self.layer}, "
            f"sha256 {self.content_hash[:16]}..., licence {self.licence.id})",
            "  steps",
        ]
        lines.extend(f"    - {s}" for s in self.steps)
        return "\n".join(lines)


@attrs.frozen
class FactorHit:
    """A factor found by :meth:`FactorRegistry.search`, with its layer and set.

    Examples
    --------
    >>> from carbonstd.factors import EmissionFactor, FactorSet, Licence
    >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
    ...     factors=[EmissionFactor(id="diesel-l", activity="fuel.diesel", unit="L",
    ...                             year=2024, gases={"CO2": 2.5})])
    >>> hit = FactorRegistry([fs]).search("diesel")[0]
    >>> hit.layer, hit.set_name, hit.factor.id
    (0, 'd', 'diesel-l')
    """

    layer: int
    set_name: str
    set_version: str
    factor: EmissionFactor


# A station of the search: (region, layer, "region / layer" label, year -> factors,
# sorted years, text of the step when the station cannot match).
_Station: TypeAlias = tuple[
    str, int, str, dict[int, tuple[EmissionFactor, ...]], list[int], str | None
]


def _check_query(activity: object, region: object) -> None:
    if not isinstance(activity, str) or not ACTIVITY_RE.fullmatch(activity):
        raise ActivityDataError(
            "not a valid activity key",
            value=activity,
            source="activity",
            hint="lower-case dotted key such as 'fuel.diesel'",
        )
    if not isinstance(region, str) or not REGION_RE.fullmatch(region):
        raise ActivityDataError(
            "not a valid region code",
            value=region,
            source="region",
            hint="'GLO', an ISO 3166-1 alpha-2 code such as 'GB', or e.g. 'US-GRID-CAMX'",
        )


def _check_choice(name: str, value: object, allowed: Sequence[str]) -> None:
    if value is not None and value not in allowed:
        raise ActivityDataError(
            f"unknown {name}", value=value, source=name, hint=f"use one of {', '.join(allowed)}"
        )


def _pick_year(years: list[int], year: int, rule: str) -> int | None:
    """Apply the year rule to the sorted distinct ``years``."""
    i = bisect.bisect_right(years, year)  # years[:i] <= year
    if i and years[i - 1] == year:
        return year
    if rule == "exact":
        return None
    if rule == "latest_earlier":
        return years[i - 1] if i else None
    before = years[i - 1] if i else None
    after = years[i] if i < len(years) else None
    if before is None:
        return after
    if after is None or year - before <= after - year:
        return before
    return after


def _layers(value: Iterable[FactorSet]) -> tuple[FactorSet, ...]:
    return tuple(value)


@attrs.frozen(repr=False)
class FactorRegistry:
    """Immutable, ordered layers of :class:`FactorSet` with an explicit lookup fallback chain.

    Layer 0 is the top: a company's own or a supplier's set placed above
    published defaults, the priority order GHG Protocol Scope 3 Standard
    ch. 7.5 recommends (supplier-specific data before secondary data) and
    Scope 2 Guidance ch. 6.11 Table 6.3 (more specific factors first).
    The registry is a value: :meth:`with_set` returns a new registry.

    Lookup order: region specificity first (the region, its parents from the
    sets' ``regions`` maps (top layer wins), its country prefix before the
    first ``-``, then ``GLO``), then layer priority (top first); within each
    (region, layer) the year rule picks a year.

    Parameters
    ----------
    layers
        Factor sets, top layer first.
    year_rule
        ``"latest_earlier"`` (default), ``"exact"`` or ``"nearest"``.

    Examples
    --------
    >>> from carbonstd.factors import EmissionFactor, FactorSet, Licence
    >>> glo = FactorSet(name="defaults", version="1", title="Defaults",
    ...     licence=Licence(id="CC0-1.0"),
    ...     factors=[EmissionFactor(id="g", activity="electricity.grid", unit="kWh",
    ...                             year=2020, gases={"CO2": 0.5})])
    >>> reg = FactorRegistry([glo])
    >>> res = reg.lookup("electricity.grid", region="GB", year=2024)
    >>> res.factor.id, res.matched_region
    ('g', 'GLO')
    >>> for step in res.steps:
    ...     print(step)
    region chain: GB -> GLO; year rule latest_earlier
    GB / layer 0 defaults 1: no factor for 'electricity.grid'
    GLO / layer 0 defaults 1: found 'g' for year 2020 (latest earlier than 2024)
    """

    layers: tuple[FactorSet, ...] = attrs.field(converter=_layers)
    year_rule: str = attrs.field(default="latest_earlier", kw_only=True)
    _index: list[dict[tuple[str, str], tuple[EmissionFactor, ...]]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _fuels: list[dict[tuple[str, str], FuelProperties]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _parents: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    # Derived data built on first use by carbonstd.factors._index (the columnar index).
    _cache: dict[str, object] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        seen: dict[tuple[str, str], int] = {}
        for i, layer in enumerate(self.layers):
            if not isinstance(layer, FactorSet):
                raise FactorDataError(
                    "registry layers must be FactorSet values",
                    value=layer,
                    source=f"layers[{i}]",
                    hint="load a set with carbonstd.factors.load_json or load_csv, "
                    "or build a FactorSet",
                )
            key = (layer.name, layer.version)
            if key in seen:
                raise FactorDataError(
                    f"factor set {layer.name!r} {layer.version} is already layer {seen[key]}",
                    value=layer.name,
                    source=f"layers[{i}]",
                    hint="each set and edition can be a layer once; give another edition "
                    "a different version",
                )
            seen[key] = i
        _check_choice("year_rule", self.year_rule, YEAR_RULES)
        index: list[dict[tuple[str, str], tuple[EmissionFactor, ...]]] = []
        fuels: list[dict[tuple[str, str], FuelProperties]] = []
        parents: dict[str, str] = {}
        for layer in self.layers:
            groups: dict[tuple[str, str], list[EmissionFactor]] = {}
            for f in layer.factors:
                groups.setdefault((f.activity, f.region), []).append(f)
            index.append({k: tuple(v) for k, v in groups.items()})
            fuels.append({(p.fuel, p.region): p for p in layer.fuels})
            for child, parent in layer.regions:
                parents.setdefault(child, parent)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_fuels", fuels)
        object.__setattr__(self, "_parents", parents)

    def with_set(
        self, factor_set: FactorSet, *, position: Literal["top", "bottom"] = "top"
    ) -> FactorRegistry:
        """A new registry with ``factor_set`` added as the top (default) or bottom layer.

        Examples
        --------
        >>> from carbonstd.factors import FactorSet, Licence
        >>> a = FactorSet(name="a", version="1", title="A", licence=Licence(id="CC0-1.0"))
        >>> b = FactorSet(name="b", version="1", title="B", licence=Licence(id="CC0-1.0"))
        >>> [s.name for s in FactorRegistry([a]).with_set(b).layers]
        ['b', 'a']
        """
        if position not in ("top", "bottom"):
            raise ActivityDataError(
                "position must be 'top' or 'bottom'", value=position, source="position"
            )
        if isinstance(factor_set, FactorSet):
            for i, layer in enumerate(self.layers):
                if (layer.name, layer.version) == (factor_set.name, factor_set.version):
                    raise FactorDataError(
                        f"factor set {layer.name!r} {layer.version} is already layer {i} "
                        "of this registry",
                        value=layer.name,
                        source="with_set(factor_set=...)",
                        hint="each set and edition can be a layer once; give another edition "
                        "a different version",
                    )
        layers = (factor_set, *self.layers) if position == "top" else (*self.layers, factor_set)
        return FactorRegistry(layers, year_rule=self.year_rule)

    def __repr__(self) -> str:
        # Short: the layers' factors would make the repr megabytes long.
        layers = ", ".join(f"{s.name} {s.version} ({len(s)} factors)" for s in self.layers)
        return f"FactorRegistry([{layers}], year_rule={self.year_rule!r})"

    def region_chain(self, region: str) -> tuple[str, ...]:
        """The regions searched for ``region``, most specific first, ending with ``GLO``.

        Examples
        --------
        >>> FactorRegistry([]).region_chain("US-GRID-CAMX")
        ('US-GRID-CAMX', 'US', 'GLO')
        """
        _check_query("a", region)
        chain: list[str] = []

        def add(code: str) -> None:
            while code not in chain:
                chain.append(code)
                if code not in self._parents:
                    return
                code = self._parents[code]

        add(region)
        if "-" in region:
            add(region.split("-", 1)[0])
        if "GLO" in chain:
            chain.remove("GLO")
        chain.append("GLO")
        return tuple(chain)

    def _layer_label(self, i: int) -> str:
        layer = self.layers[i]
        return f"layer {i} {layer.name} {layer.version}"

    def _plan(
        self,
        activity: str,
        region: str,
        unit: Unit | None,
        boundary: str | None,
        calorific_basis: str | None,
    ) -> tuple[str, list[_Station]]:
        """Year-independent part of a lookup: the stations of the search with filtered factors."""
        chain = self.region_chain(region)
        labels = [self._layer_label(i) for i in range(len(self._index))]
        stations: list[_Station] = []
        for code in chain:
            if len(self._index) > 1 and not any((activity, code) in ix for ix in self._index):
                miss = f"{code}: no factor for {activity!r} in any of the {len(labels)} layer(s)"
                stations.append((code, -1, code, {}, [], miss))
                continue
            for i, index in enumerate(self._index):
                found = index.get((activity, code), ())
                where = f"{code} / {labels[i]}"
                if not found:
                    stations.append(
                        (code, i, where, {}, [], f"{where}: no factor for {activity!r}")
                    )
                    continue
                cands = found
                why = []
                if boundary is not None:
                    cands = tuple(f for f in cands if f.boundary == boundary)
                    why.append(f"boundary={boundary!r}")
                if calorific_basis is not None:
                    cands = tuple(f for f in cands if f.calorific_basis in (None, calorific_basis))
                    why.append(f"calorific_basis={calorific_basis!r}")
                if not cands:
                    have = ", ".join(sorted({f"{f.boundary}/{f.calorific_basis}" for f in found}))
                    miss = (
                        f"{where}: {len(found)} factor(s) for {activity!r} but none with "
                        f"{' and '.join(why)} (have boundary/basis {have})"
                    )
                    stations.append((code, i, where, {}, [], miss))
                    continue
                if unit is not None:
                    same = tuple(f for f in cands if f.parsed_unit.dimensions == unit.dimensions)
                    cands = same or cands
                by_year: dict[int, tuple[EmissionFactor, ...]] = {}
                for f in cands:
                    by_year[f.year] = (*by_year.get(f.year, ()), f)
                stations.append((code, i, where, by_year, sorted(by_year), None))
        return " -> ".join(chain), stations

    def _walk(
        self,
        activity: str,
        region: str,
        year: int,
        *,
        unit: Unit | None,
        rule: str,
        chain_text: str,
        stations: list[_Station],
    ) -> Resolution | list[str]:
        """Apply the year rule along the stations; a Resolution, or the steps tried."""
        steps = [f"region chain: {chain_text}; year rule {rule}"]
        for code, i, where, by_year, years, miss in stations:
            if miss is not None:
                steps.append(miss)
                continue
            chosen = _pick_year(years, year, rule)
            if chosen is None:
                shown = ", ".join(map(str, years[-10:]))
                steps.append(
                    f"{where}: factors for years {shown} but none for {year} "
                    f"under year rule {rule!r}"
                )
                continue
            found = by_year[chosen]
            if len(found) > 1 and unit is not None:
                exact = tuple(
                    f
                    for f in found
                    if f.parsed_unit.dimensions == unit.dimensions
                    and f.parsed_unit.scale == unit.scale
                )
                found = exact or found
            if len(found) > 1:
                raise _ambiguous(activity, region, year, where=where, found=found)
            factor = found[0]
            if chosen == year:
                steps.append(f"{where}: found {factor.id!r} for year {chosen}")
            elif rule == "latest_earlier":
                steps.append(
                    f"{where}: found {factor.id!r} for year {chosen} (latest earlier than {year})"
                )
            else:
                steps.append(f"{where}: found {factor.id!r} for year {chosen} (nearest to {year})")
            layer = self.layers[i]
            return Resolution(
                activity=activity,
                region=region,
                year=year,
                factor=factor,
                set_name=layer.name,
                set_version=layer.version,
                content_hash=layer.content_hash,
                licence=layer.licence,
                layer=i,
                matched_region=code,
                steps=tuple(steps),
            )
        return steps

    def lookup(
        self,
        activity: str,
        *,
        region: str,
        year: int,
        unit: Unit | str | None = None,
        boundary: str | None = None,
        calorific_basis: str | None = None,
        year_rule: YearRule | None = None,
    ) -> Resolution:
        """Find the emission factor for an activity, region and year, recording every step.

        Parameters
        ----------
        activity
            Activity key (``fuel.diesel``).
        region, year
            Where and when the activity happened.
        unit
            The activity's unit: factors whose unit has the same dimensions
            are preferred (a factor per L over one per kWh for litres), then
            one with the identical unit.
        boundary, calorific_basis
            Keep only factors with this boundary / on this basis.
        year_rule
            Overrides the registry's year rule.

        Returns
        -------
        Resolution

        Raises
        ------
        FactorNotFoundError
            Listing every (region, layer) tried in ``tried``.
        AmbiguousFactorError
            When several factors match at the first step that has any; the
            message lists them and the keyword that chooses.
        ActivityDataError
            For a malformed activity key, region code, year or option.

        Examples
        --------
        >>> from carbonstd.factors import EmissionFactor, FactorSet, Licence
        >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
        ...     factors=[EmissionFactor(id="x", activity="fuel.diesel", unit="L", year=2020,
        ...                             gases={"CO2": 2.5})])
        >>> FactorRegistry([fs]).lookup("fuel.diesel", region="GB", year=2019)
        Traceback (most recent call last):
        ...
        carbonstd.errors.FactorNotFoundError: no emission factor for 'fuel.diesel' in GB ...
        """
        _check_query(activity, region)
        if isinstance(year, bool) or not isinstance(year, int):
            raise ActivityDataError("year must be an integer", value=year, source="year")
        _check_choice("boundary", boundary, BOUNDARIES)
        _check_choice("calorific_basis", calorific_basis, CALORIFIC_BASES)
        _check_choice("year_rule", year_rule, YEAR_RULES)
        parsed = parse(unit) if isinstance(unit, str) else unit
        chain_text, stations = self._plan(activity, region, parsed, boundary, calorific_basis)
        result = self._walk(
            activity,
            region,
            year,
            unit=parsed,
            rule=year_rule or self.year_rule,
            chain_text=chain_text,
            stations=stations,
        )
        if isinstance(result, Resolution):
            return result
        raise not_found(activity, region, year, result)

    def fuel_properties(self, fuel: str, *, region: str) -> FuelProperties:
        """Fuel properties of ``fuel`` for ``region``: region chain first, then layer priority.

        The first record found is returned whole (properties are not mixed
        across regions or sets).

        Raises
        ------
        FactorNotFoundError
            Listing every (region, layer) tried.

        Examples
        --------
        >>> from carbonstd.factors import FactorSet, FuelProperties, Licence
        >>> fs = FactorSet(name="p", version="1", title="P", licence=Licence(id="CC0-1.0"),
        ...     fuels=[FuelProperties(fuel="fuel.diesel", ncv=(43.0, "TJ/Gg"))])
        >>> FactorRegistry([fs]).fuel_properties("fuel.diesel", region="FR").ncv.value
        43.0
        """
        _check_query(fuel, region)
        tried: list[str] = []
        for code in self.region_chain(region):
            for i, fuels in enumerate(self._fuels):
                props = fuels.get((fuel, code))
                if props is not None:
                    return props
                tried.append(f"{code} / {self._layer_label(i)}: no properties for {fuel!r}")
        raise FactorNotFoundError(
            f"no fuel properties for {fuel!r} in {region}",
            tried=tried,
            value=fuel,
            hint="add a 'fuels' entry with ncv/gcv/density to a factor set in the registry",
        )

    def search(
        self, text: str, *, region: str | None = None, year: int | None = None
    ) -> tuple[FactorHit, ...]:
        """Factors whose id, activity or notes contain ``text`` (case-insensitive).

        Examples
        --------
        >>> FactorRegistry([]).search("diesel")
        ()
        """
        needle = text.lower()
        hits: list[FactorHit] = []
        for i, layer in enumerate(self.layers):
            for f in layer.factors:
                if region is not None and f.region != region:
                    continue
                if year is not None and f.year != year:
                    continue
                if needle in f.id.lower() or needle in f.activity or needle in f.notes.lower():
                    hits.append(FactorHit(i, layer.name, layer.version, f))
        return tuple(hits)

    def __iter__(self) -> Iterator[FactorSet]:
        return iter(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    def resolve(
        self,
        activity_codes: npt.ArrayLike,
        region_codes: npt.ArrayLike,
        years: npt.ArrayLike,
        *,
        activity_labels: Sequence[str],
        region_labels: Sequence[str],
        unit_labels: Sequence[str] | None = None,
        unit_codes: npt.ArrayLike | None = None,
        boundary: str | None = None,
        calorific_basis: str | None = None,
        year_rule: YearRule | None = None,
    ) -> Resolved:
        """Resolve factors for many rows at once, each distinct combination once.

        The rows' ``(activity, region, year[, unit])`` codes are combined into
        one integer key, deduplicated, and each distinct combination is looked
        up with the same rules as :meth:`lookup`.

        Parameters
        ----------
        activity_codes, region_codes
            Integer arrays indexing ``activity_labels`` / ``region_labels``.
        years
            Integer array of years.
        unit_labels, unit_codes
            Optional: the activity units (see ``unit`` of :meth:`lookup`).
        boundary, calorific_basis, year_rule
            As for :meth:`lookup`.

        Returns
        -------
        Resolved
            ``index`` per row into ``resolutions`` (-1 where no factor) and the
            ``missing`` combinations.

        Raises
        ------
        AmbiguousFactorError
            If any combination is ambiguous.
        ActivityDataError
            For arrays of different lengths, non-integer codes or codes out of range.

        Examples
        --------
        >>> import numpy as np
        >>> from carbonstd.factors import EmissionFactor, FactorSet, Licence
        >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
        ...     factors=[EmissionFactor(id="gb", activity="electricity.grid", unit="kWh",
        ...                             region="GB", year=2023, gases={"CO2": 0.2})])
        >>> out = FactorRegistry([fs]).resolve(
        ...     np.array([0, 0, 0]), np.array([0, 1, 0]), np.array([2024, 2024, 2024]),
        ...     activity_labels=["electricity.grid"], region_labels=["GB", "FR"])
        >>> out.index.tolist(), out.missing
        ([0, -1, 0], (('electricity.grid', 'FR', 2024),))
        """
        from carbonstd.factors._resolve import resolve

        return resolve(
            self,
            activity_codes,
            region_codes,
            years,
            activity_labels=activity_labels,
            region_labels=region_labels,
            unit_labels=unit_labels,
            unit_codes=unit_codes,
            boundary=boundary,
            calorific_basis=calorific_basis,
            year_rule=year_rule,
        )


def not_found(activity: str, region: str, year: int, tried: Sequence[str]) -> FactorNotFoundError:
    """The :class:`FactorNotFoundError` of a failed lookup."""
    return FactorNotFoundError(
        f"no emission factor for {activity!r} in {region} for {year}",
        tried=tried,
        value=activity,
        hint="add a factor set with this activity (FactorRegistry.with_set), "
        "or relax the year rule / boundary / calorific_basis",
    )


def _ambiguous(
    activity: str,
    region: str,
    year: int,
    *,
    where: str,
    found: Sequence[EmissionFactor],
) -> AmbiguousFactorError:
    keys = []
    if len({f.boundary for f in found}) > 1:
        keys.append("boundary=" + "|".join(sorted({repr(f.boundary) for f in found if f.boundary})))
    if len({f.calorific_basis for f in found}) > 1:
        bases = sorted({repr(f.calorific_basis) for f in found if f.calorific_basis})
        keys.append("calorific_basis=" + "|".join(bases))
    if len({f.unit for f in found}) > 1:
        keys.append(
            "unit= (the activity's unit: " + ", ".join(sorted({f.unit for f in found})) + ")"
        )
    listed = "; ".join(
        f"{f.id} (unit {f.unit}, boundary {f.boundary}, basis {f.calorific_basis})" for f in found
    )
    return AmbiguousFactorError(
        f"{len(found)} factors match {activity!r} in {region} for {year} at {where}: {listed}",
        value=activity,
        hint="choose with " + (" or ".join(keys) if keys else "a more specific activity key"),
    )
