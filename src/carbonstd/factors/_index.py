"""Columnar index of a registry's factors: vectorised factor search with numpy.

A :class:`FactorIndex` holds every factor of a :class:`~carbonstd.factors.FactorRegistry`
as arrays (activity, region, year, layer, unit, boundary, basis, gas values) with
activity and region labels interned to integer ids. For a choice of ``boundary`` and
``calorific_basis`` it builds, per layer, a sorted int64 key
``(activity, region, year)`` per distinct *entry* (the factors of one station and
year), which :func:`numpy.searchsorted` answers for many queries at once under the
three year rules of :meth:`FactorRegistry.lookup`.

The search is conservative: a query is *settled* only when the first station whose
year rule matches holds exactly one factor for that year and all the factors of the
station share one unit dimension (then the activity unit cannot change the choice,
see ``FactorRegistry._plan`` and ``_walk``). Every other match is reported as
*complex* and is left to the scalar lookup, which then decides (unit and scale
preference, ambiguity errors) exactly as :meth:`FactorRegistry.lookup` does.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.factors._model import BOUNDARIES, CALORIFIC_BASES, EmissionFactor

if TYPE_CHECKING:
    from carbonstd.factors._registry import FactorRegistry

__all__ = [
    "COMPLEX",
    "FOUND",
    "MISSING",
    "FactorIndex",
    "SearchTable",
    "build_index",
    "chain_ids",
    "factor_index",
]

#: A factor year ``y`` (1900 to 2200) is stored as ``y - _YEAR_BASE`` (1 to 301).
_YEAR_BASE = 1899
#: Year slots per station in the packed key; query offsets are clipped to [0, _SLOTS - 1],
#: which no factor year occupies, so a clipped query never matches a year exactly.
_SLOTS = 1024

#: Outcome codes of :meth:`FactorIndex.search`.
MISSING, FOUND, COMPLEX = 0, 1, 2


@attrs.frozen(eq=False)
class SearchTable:
    """One layer's searchable entries for one (boundary, calorific basis) choice.

    ``keys`` are sorted distinct ``(activity * n_regions + region) * 1024 + year
    offset``; ``entry`` is the factor's global id when the entry holds exactly one
    factor, else -1; ``uniform`` says whether every factor of the entry's station
    (all its years) has the same unit dimensions.
    """

    keys: npt.NDArray[np.int64]
    entry: npt.NDArray[np.intp]
    uniform: npt.NDArray[np.bool_]


@attrs.frozen(eq=False)
class FactorIndex:
    """Every factor of a registry as arrays, for vectorised resolution.

    Built once per registry by :func:`build_index` and cached on the registry.
    Global factor id ``k`` is position ``k`` in the concatenation of the
    layers' factors, top layer first (:attr:`factors`).
    """

    factors: tuple[EmissionFactor, ...]
    layer_offsets: tuple[int, ...]
    activity_ids: Mapping[str, int]
    region_ids: Mapping[str, int]
    layer: npt.NDArray[np.intp]
    activity: npt.NDArray[np.int64]
    region: npt.NDArray[np.int64]
    year: npt.NDArray[np.int64]
    boundary: npt.NDArray[np.int8]
    basis: npt.NDArray[np.int8]
    dims: npt.NDArray[np.intp]
    unit: npt.NDArray[np.intp]
    unit_texts: tuple[str, ...]
    gases: tuple[str, ...]
    values: npt.NDArray[np.float64]
    given: npt.NDArray[np.bool_]
    co2e: npt.NDArray[np.float64]
    gwp: npt.NDArray[np.intp]
    gwp_labels: tuple[str, ...]
    _tables: dict[tuple[str | None, str | None], tuple[SearchTable, ...]] = attrs.field(
        factory=dict, init=False, repr=False
    )
    _ids: dict[int, int] = attrs.field(factory=dict, init=False, repr=False)

    @property
    def n_layers(self) -> int:
        """Number of layers of the registry."""
        return len(self.layer_offsets) - 1

    def global_id(self, layer: int, factor: EmissionFactor) -> int:
        """Global id of ``factor``, an object of layer ``layer`` (found by identity)."""
        if not self._ids:
            self._ids.update((id(f), k) for k, f in enumerate(self.factors))
        k = self._ids[id(factor)]
        assert self.layer[k] == layer
        return k

    def tables(self, boundary: str | None, calorific_basis: str | None) -> tuple[SearchTable, ...]:
        """The per-layer search tables after the boundary and basis filters (cached)."""
        key = (boundary, calorific_basis)
        found = self._tables.get(key)
        if found is None:
            found = self._tables[key] = self._build_tables(boundary, calorific_basis)
        return found

    def _build_tables(
        self, boundary: str | None, calorific_basis: str | None
    ) -> tuple[SearchTable, ...]:
        keep = np.ones(len(self.factors), dtype=np.bool_)
        if boundary is not None:
            keep &= self.boundary == BOUNDARIES.index(boundary) + 1
        if calorific_basis is not None:
            code = CALORIFIC_BASES.index(calorific_basis) + 1
            keep &= (self.basis == 0) | (self.basis == code)
        n_regions = max(len(self.region_ids), 1)
        out = []
        for i in range(self.n_layers):
            ids = np.flatnonzero(keep & (self.layer == i))
            station = self.activity[ids] * n_regions + self.region[ids]
            key = station * _SLOTS + (self.year[ids] - _YEAR_BASE)
            order = np.argsort(key, kind="stable")
            ks, ids_s = key[order], ids[order]
            if ks.size == 0:
                empty = np.zeros(0, dtype=np.int64)
                out.append(SearchTable(keys=empty, entry=empty.astype(np.intp), uniform=empty > 0))
                continue
            new_key = np.r_[True, ks[1:] != ks[:-1]]
            starts = np.flatnonzero(new_key)
            counts = np.diff(np.r_[starts, ks.size])
            st = ks // _SLOTS
            new_station = np.r_[True, st[1:] != st[:-1]]
            st_starts = np.flatnonzero(new_station)
            dims = self.dims[ids_s]
            same = np.minimum.reduceat(dims, st_starts) == np.maximum.reduceat(dims, st_starts)
            station_of = np.cumsum(new_station) - 1
            out.append(
                SearchTable(
                    keys=ks[starts],
                    entry=np.where(counts == 1, ids_s[starts], -1).astype(np.intp),
                    uniform=same[station_of[starts]],
                )
            )
        return tuple(out)

    def search(
        self,
        activity: npt.NDArray[np.int64],
        chain: npt.NDArray[np.int64],
        year: npt.NDArray[np.int64],
        *,
        rule: str,
        boundary: str | None,
        calorific_basis: str | None,
    ) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.intp]]:
        """Search many queries along their region chains, layer by layer.

        Parameters
        ----------
        activity
            Activity id per query (-1 where the registry has no such activity).
        chain
            ``(n_queries, n_steps)`` region ids of each query's region chain, most
            specific first (-1 for a region without factors, or past the chain's end).
        year
            Year per query.
        rule
            ``"exact"``, ``"latest_earlier"`` or ``"nearest"``.
        boundary, calorific_basis
            The lookup filters.

        Returns
        -------
        status, factor
            Per query: :data:`FOUND` with the factor's global id, :data:`COMPLEX`
            (the first matching entry needs the scalar lookup) or :data:`MISSING`.
        """
        n = activity.shape[0]
        status = np.full(n, MISSING, dtype=np.int8)
        factor = np.full(n, -1, dtype=np.intp)
        tables = self.tables(boundary, calorific_basis)
        n_regions = max(len(self.region_ids), 1)
        offset = np.clip(year - _YEAR_BASE, 0, _SLOTS - 1)
        pending = np.flatnonzero(activity >= 0)
        for step in range(chain.shape[1]):
            for table in tables:
                if pending.size == 0 or table.keys.size == 0:
                    continue
                region = chain[pending, step]
                live = region >= 0
                rows = pending[live]
                if rows.size == 0:
                    continue
                base = (activity[rows] * n_regions + region[live]) * _SLOTS
                pos, hit = _match(table.keys, base, offset[rows], year[rows], rule)
                if not hit.any():
                    continue
                rows, pos = rows[hit], pos[hit]
                entry = table.entry[pos]
                simple = (entry >= 0) & table.uniform[pos]
                status[rows] = np.where(simple, FOUND, COMPLEX)
                factor[rows] = np.where(simple, entry, -1)
                pending = pending[status[pending] == MISSING]
        return status, factor


def _match(
    keys: npt.NDArray[np.int64],
    base: npt.NDArray[np.int64],
    offset: npt.NDArray[np.int64],
    year: npt.NDArray[np.int64],
    rule: str,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Position in ``keys`` of the entry the year rule picks in each station, and a hit mask."""
    query = base + offset
    n = keys.shape[0]
    if rule == "exact":
        pos = np.searchsorted(keys, query, side="left")
        safe = np.minimum(pos, n - 1)
        return safe, (pos < n) & (keys[safe] == query)
    before = np.searchsorted(keys, query, side="right") - 1
    safe_b = np.maximum(before, 0)
    has_b = (before >= 0) & (keys[safe_b] >= base)
    if rule == "latest_earlier":
        return safe_b, has_b
    after = np.searchsorted(keys, query, side="left")
    safe_a = np.minimum(after, n - 1)
    has_a = (after < n) & (keys[safe_a] < base + _SLOTS)
    year_b = keys[safe_b] - base + _YEAR_BASE
    year_a = keys[safe_a] - base + _YEAR_BASE
    take_b = has_b & (~has_a | (year - year_b <= year_a - year))
    return np.where(take_b, safe_b, safe_a), has_b | has_a


def build_index(registry: FactorRegistry) -> FactorIndex:
    """Build the :class:`FactorIndex` of ``registry`` (one pass over its factors).

    The per-factor work is C-level iteration (:func:`map`, :func:`numpy.fromiter`)
    over the factors' attributes: about a second for 400,000 factors.
    """
    factors: list[EmissionFactor] = []
    offsets = [0]
    for layer in registry.layers:
        factors.extend(layer.factors)
        offsets.append(len(factors))
    n = len(factors)
    layer_of = np.repeat(np.arange(len(registry.layers), dtype=np.intp), np.diff(offsets))
    fields = operator.attrgetter(
        "activity", "region", "year", "boundary", "calorific_basis", "unit", "gases"
    )
    acts, regs, years, bnds, bass, unit_list, gas_list = (
        zip(*map(fields, factors), strict=True) if n else ((),) * 7
    )
    activity_ids = {a: i for i, a in enumerate(dict.fromkeys(acts))}
    region_ids = {r: i for i, r in enumerate(dict.fromkeys(regs))}
    unit_ids = {u: i for i, u in enumerate(dict.fromkeys(unit_list))}
    bounds: dict[str | None, int] = {None: 0, **{b: i + 1 for i, b in enumerate(BOUNDARIES)}}
    bases: dict[str | None, int] = {None: 0, **{b: i + 1 for i, b in enumerate(CALORIFIC_BASES)}}

    def ids(table: Mapping[Any, int], column: Sequence[Any], dtype: type) -> npt.NDArray[Any]:
        return np.fromiter(map(table.__getitem__, column), dtype=dtype, count=len(column))

    unit_texts = tuple(unit_ids)
    dim_ids: dict[object, int] = {}
    unit_dims = np.array(
        [dim_ids.setdefault(_dims(text), len(dim_ids)) for text in unit_texts], dtype=np.intp
    )
    unit_col = ids(unit_ids, unit_list, np.intp)
    # Per-gas values: the (gas, value) pairs of every factor, flattened.
    per_gas = [k for k, g in enumerate(gas_list) if g is not None]
    counts = np.fromiter(map(len, (gas_list[k] for k in per_gas)), dtype=np.intp)
    pairs = list(itertools.chain.from_iterable(gas_list[k] for k in per_gas))
    names = list(map(operator.itemgetter(0), pairs))
    gases = tuple(sorted(set(names)))
    gas_cols = {g: j for j, g in enumerate(gases)}
    values = np.zeros((n, len(gases)))
    given = np.zeros((n, len(gases)), dtype=np.bool_)
    if pairs:
        r = np.repeat(np.array(per_gas, dtype=np.intp), counts)
        c = ids(gas_cols, names, np.intp)
        values[r, c] = np.fromiter(
            map(operator.itemgetter(1), pairs), dtype=np.float64, count=len(pairs)
        )
        given[r, c] = True
    # CO2e-only factors: the value and the GWP set it was built with.
    co2e = np.full(n, np.nan)
    gwp = np.full(n, -1, dtype=np.intp)
    gwp_ids: dict[str, int] = {}
    for k in (k for k, g in enumerate(gas_list) if g is None):
        f = factors[k]
        assert f.co2e is not None
        assert f.gwp is not None
        co2e[k] = f.co2e
        gwp[k] = gwp_ids.setdefault(f.gwp, len(gwp_ids))
    return FactorIndex(
        factors=tuple(factors),
        layer_offsets=tuple(offsets),
        activity_ids=activity_ids,
        region_ids=region_ids,
        layer=layer_of,
        activity=ids(activity_ids, acts, np.int64),
        region=ids(region_ids, regs, np.int64),
        year=np.fromiter(years, dtype=np.int64, count=n),
        boundary=ids(bounds, bnds, np.int8),
        basis=ids(bases, bass, np.int8),
        dims=unit_dims[unit_col] if n else unit_col,
        unit=unit_col,
        unit_texts=unit_texts,
        gases=gases,
        values=values,
        given=given,
        co2e=co2e,
        gwp=gwp,
        gwp_labels=tuple(gwp_ids),
    )


def _dims(text: str) -> object:
    from carbonstd.factors._model import _parse_unit

    return _parse_unit(text).dimensions


def chain_ids(
    index: FactorIndex, registry: FactorRegistry, region_labels: Sequence[str]
) -> npt.NDArray[np.int64]:
    """Region ids of each label's region chain, ``(n_labels, n_steps)``, -1 padded.

    Each label is checked and its chain computed once (:meth:`FactorRegistry.region_chain`).
    """
    chains = [registry.region_chain(label) for label in region_labels]
    width = max((len(c) for c in chains), default=1)
    out = np.full((len(chains), width), -1, dtype=np.int64)
    ids = index.region_ids
    for i, chain in enumerate(chains):
        out[i, : len(chain)] = [ids.get(code, -1) for code in chain]
    return out


def factor_index(registry: FactorRegistry) -> FactorIndex:
    """The :class:`FactorIndex` of ``registry``, built on first use and kept on the registry.

    Registries are immutable values, so the index never goes stale; it lives in the
    registry's private cache and is dropped with it.
    """
    found = registry._cache.get("index")
    if not isinstance(found, FactorIndex):
        found = build_index(registry)
        registry._cache["index"] = found
    return found
