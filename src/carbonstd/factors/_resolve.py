"""Vectorized factor resolution: deduplicate row combinations, search them as arrays."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd._gcpause import gc_paused
from carbonstd.errors import ActivityDataError
from carbonstd.factors._index import COMPLEX, FOUND, MISSING, chain_ids, factor_index
from carbonstd.factors._model import BOUNDARIES, CALORIFIC_BASES
from carbonstd.units import Unit, parse

if TYPE_CHECKING:
    from carbonstd.factors._registry import FactorRegistry, Resolution, YearRule, _Station

__all__ = ["Resolved"]

#: Largest combined key space deduplicated with a dense lookup table instead of a sort.
_DENSE_LIMIT = 1 << 25


@attrs.frozen(eq=False)
class Resolved:
    """Factors resolved for many rows (see :meth:`FactorRegistry.resolve`).

    Resolutions are found with array operations over the registry's columnar
    index and built as :class:`Resolution` objects (with their fallback steps)
    only when an element of :attr:`resolutions` is read: element ``k`` is then
    exactly what :meth:`FactorRegistry.lookup` returns for that combination.

    Attributes
    ----------
    index
        Per row, the position in :attr:`resolutions`, or -1 where no factor was found.
    factor_ids
        Per resolution, the factor's position in the concatenation of the layers'
        factors (top layer first).
    resolutions
        One :class:`Resolution` per distinct combination that was found, built on access.
    missing
        ``(activity, region, year)`` of every distinct combination without a factor.

    Examples
    --------
    >>> import numpy as np
    >>> from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
    >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
    ...     factors=[EmissionFactor(id="glo", activity="fuel.diesel", unit="L", year=2020,
    ...                             gases={"CO2": 2.6})])
    >>> out = FactorRegistry([fs]).resolve(np.array([0, 0]), np.array([0, 0]),
    ...     np.array([2024, 2024]), activity_labels=["fuel.diesel"], region_labels=["FR"])
    >>> out.index.tolist(), out.factor_ids.tolist(), len(out.resolutions)
    ([0, 0], [0], 1)
    >>> out.resolutions[0].steps[-1]
    "GLO / layer 0 d 1: found 'glo' for year 2020 (latest earlier than 2024)"
    """

    index: npt.NDArray[np.intp]
    factor_ids: npt.NDArray[np.intp]
    resolutions: Sequence[Resolution]
    missing: tuple[tuple[str, str, int], ...]


class _Resolutions(Sequence["Resolution"]):
    """The resolutions of :class:`Resolved`, each built on access by the scalar lookup."""

    def __init__(
        self,
        registry: FactorRegistry,
        *,
        combos: npt.NDArray[np.int64],
        activity_labels: Sequence[str],
        region_labels: Sequence[str],
        units: Sequence[Unit | None],
        boundary: str | None,
        calorific_basis: str | None,
        year_rule: str,
    ) -> None:
        self._registry = registry
        self._combos = combos
        self._combos.setflags(write=False)
        self._activity_labels = activity_labels
        self._region_labels = region_labels
        self._units = units
        self._options = (boundary, calorific_basis, year_rule)

    def __len__(self) -> int:
        return int(self._combos.shape[0])

    def _build(self, k: int) -> Resolution:
        a, r, y, u = self._combos[k].tolist()
        boundary, basis, rule = self._options
        return self._registry.lookup(
            self._activity_labels[a],
            region=self._region_labels[r],
            year=int(y),
            unit=self._units[u],
            boundary=boundary,
            calorific_basis=basis,
            year_rule=rule,  # type: ignore[arg-type]
        )

    @overload
    def __getitem__(self, index: int) -> Resolution: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Resolution, ...]: ...

    def __getitem__(self, index: int | slice) -> Resolution | tuple[Resolution, ...]:
        if isinstance(index, slice):
            return tuple(self._build(k) for k in range(len(self))[index])
        n = len(self)
        k = operator.index(index)
        if not -n <= k < n:
            raise IndexError(f"resolution index {index} out of range for {n} resolutions")
        return self._build(k % n)

    def __iter__(self) -> Iterator[Resolution]:
        return (self._build(k) for k in range(len(self)))

    def __repr__(self) -> str:
        return f"<{len(self)} resolutions, built on access>"


def _codes(name: str, values: npt.ArrayLike, size: int | None) -> npt.NDArray[np.int64]:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ActivityDataError(
            f"{name} must be a one-dimensional array", value=arr.shape, source=name
        )
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise ActivityDataError(
            f"{name} must hold integers, not {arr.dtype}", value=str(arr.dtype), source=name
        )
    out = arr.astype(np.int64, copy=False)
    if size is not None and out.size and (int(out.min()) < 0 or int(out.max()) >= size):
        bad = int(out.min()) if int(out.min()) < 0 else int(out.max())
        raise ActivityDataError(
            f"{name} out of range: codes index a list of {size} labels", value=bad, source=name
        )
    return out


def _unique(
    key: npt.NDArray[np.int64], space: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """Sorted distinct keys and, per row, the position of its key among them."""
    if space <= max(_DENSE_LIMIT, 2 * key.size) and space <= 4 * _DENSE_LIMIT:
        seen = np.zeros(space, dtype=np.bool_)
        seen[key] = True
        uniq = np.flatnonzero(seen)
        lut = np.empty(space, dtype=np.int32 if uniq.size < 2**31 else np.intp)
        lut[uniq] = np.arange(uniq.size, dtype=lut.dtype)
        return uniq.astype(np.int64), lut[key].astype(np.intp, copy=False)
    uniq, inverse = np.unique(key, return_inverse=True)
    return uniq, inverse.reshape(-1).astype(np.intp, copy=False)


def resolve(
    registry: FactorRegistry,
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
    """Implementation of :meth:`FactorRegistry.resolve`."""
    from carbonstd.factors._registry import YEAR_RULES, _check_choice

    _check_choice("boundary", boundary, BOUNDARIES)
    _check_choice("calorific_basis", calorific_basis, CALORIFIC_BASES)
    _check_choice("year_rule", year_rule, YEAR_RULES)
    rule = year_rule or registry.year_rule
    a = _codes("activity_codes", activity_codes, len(activity_labels))
    r = _codes("region_codes", region_codes, len(region_labels))
    y = _codes("years", years, None)
    if (unit_labels is None) != (unit_codes is None):
        raise ActivityDataError(
            "give both unit_labels and unit_codes, or neither", source="unit_codes"
        )
    units: list[Unit | None] = [None]
    u: npt.NDArray[np.int64] | None = None
    if unit_labels is not None and unit_codes is not None:
        units = [parse(text) for text in unit_labels]
        u = _codes("unit_codes", unit_codes, len(units))
    n = a.size
    for name, arr in (("region_codes", r), ("years", y), ("unit_codes", u)):
        if arr is not None and arr.size != n:
            raise ActivityDataError(
                f"{name} has {arr.size} rows but activity_codes has {n}", source=name
            )
    empty = np.empty(0, dtype=np.intp)
    if n == 0:
        return Resolved(index=empty, factor_ids=empty, resolutions=(), missing=())
    ymin = int(y.min())
    n_years = int(y.max()) - ymin + 1
    n_units = len(units)
    n_regions = max(len(region_labels), 1)
    space = max(len(activity_labels), 1) * n_regions * n_years * n_units
    if space < 2**62:
        key = (a * n_regions + r) * n_years + (y - ymin)
        if u is not None:
            key = key * n_units + u
        uniq, inverse = _unique(key, space)
        rest = uniq
        uc = rest % n_units
        rest //= n_units
        yc = rest % n_years + ymin
        rest //= n_years
        rc = rest % n_regions
        ac = rest // n_regions
        combos = np.stack([ac, rc, yc, uc], axis=1)
    else:  # pragma: no cover - needs label lists of astronomical size
        stacked = np.stack([a, r, y, u if u is not None else np.zeros_like(a)], axis=1)
        combos, inverse = np.unique(stacked, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1).astype(np.intp)
    found = resolve_distinct(
        registry,
        combos,
        activity_labels=activity_labels,
        region_labels=region_labels,
        units=units,
        boundary=boundary,
        calorific_basis=calorific_basis,
        rule=rule,
    )
    index = found.index[inverse]
    index.flags.writeable = False
    return Resolved(
        index=index,
        factor_ids=found.factor_ids,
        resolutions=found.resolutions,
        missing=found.missing,
    )


def resolve_sorted(
    registry: FactorRegistry,
    combos: npt.NDArray[np.int64],
    *,
    activity_labels: Sequence[str],
    region_labels: Sequence[str],
    unit_labels: Sequence[str],
    boundary: str | None = None,
    calorific_basis: str | None = None,
    year_rule: YearRule | None = None,
) -> Resolved:
    """:meth:`FactorRegistry.resolve` of rows that are already distinct and sorted.

    ``combos`` holds ``(activity, region, year, unit)`` code rows in ascending
    order without repeats (as :func:`~carbonstd.calculation.calculate` finds them);
    the arguments are checked as :meth:`FactorRegistry.resolve` checks them, and
    ``index`` is per row of ``combos``.
    """
    from carbonstd.factors._registry import YEAR_RULES, _check_choice

    _check_choice("boundary", boundary, BOUNDARIES)
    _check_choice("calorific_basis", calorific_basis, CALORIFIC_BASES)
    _check_choice("year_rule", year_rule, YEAR_RULES)
    if combos.shape[0] == 0:
        empty = np.empty(0, dtype=np.intp)
        return Resolved(index=empty, factor_ids=empty, resolutions=(), missing=())
    return resolve_distinct(
        registry,
        combos,
        activity_labels=activity_labels,
        region_labels=region_labels,
        units=[parse(text) for text in unit_labels],
        boundary=boundary,
        calorific_basis=calorific_basis,
        rule=year_rule or registry.year_rule,
    )


def resolve_distinct(
    registry: FactorRegistry,
    combos: npt.NDArray[np.int64],
    *,
    activity_labels: Sequence[str],
    region_labels: Sequence[str],
    units: Sequence[Unit | None],
    boundary: str | None,
    calorific_basis: str | None,
    rule: str,
) -> Resolved:
    """Resolve distinct ``(activity, region, year, unit)`` code rows, sorted in that order.

    What :meth:`FactorRegistry.resolve` does after deduplicating its rows; the
    calculation engine, which has the distinct combinations already, calls it
    directly. ``index`` is per combination.
    """
    position, factor_ids, missing = resolve_combinations(
        registry,
        combos,
        activity_labels=activity_labels,
        region_labels=region_labels,
        units=units,
        boundary=boundary,
        calorific_basis=calorific_basis,
        rule=rule,
    )
    position.flags.writeable = False
    factor_ids.flags.writeable = False
    ok = position >= 0
    lazy = _Resolutions(
        registry,
        combos=np.ascontiguousarray(combos if missing == () else combos[ok]),
        activity_labels=tuple(activity_labels),
        region_labels=tuple(region_labels),
        units=tuple(units),
        boundary=boundary,
        calorific_basis=calorific_basis,
        year_rule=rule,
    )
    return Resolved(index=position, factor_ids=factor_ids, resolutions=lazy, missing=missing)


def _used(codes: npt.NDArray[np.int64], size: int) -> list[int]:
    """The distinct codes in ``codes`` (all in ``[0, size)``), ascending."""
    seen = np.zeros(size, dtype=np.bool_)
    seen[codes] = True
    return np.flatnonzero(seen).tolist()


def _check_labels(
    combos: npt.NDArray[np.int64], activity_labels: Sequence[str], region_labels: Sequence[str]
) -> None:
    """Check the activity and region labels that rows use (as the scalar lookup does).

    On a bad label, the error is the one :meth:`FactorRegistry.lookup` raises for the
    first (activity, region) pair, in code order, that has a bad label.
    """
    from carbonstd.factors._registry import _check_query

    used_a = _used(combos[:, 0], len(activity_labels))
    used_r = _used(combos[:, 1], len(region_labels))
    bad_a = set()
    for i in used_a:
        try:
            _check_query(activity_labels[i], "GLO")
        except ActivityDataError:
            bad_a.add(i)
    bad_r = set()
    for i in used_r:
        try:
            _check_query("a", region_labels[i])
        except ActivityDataError:
            bad_r.add(i)
    if not bad_a and not bad_r:
        return
    for ai, ri in combos[:, :2].tolist():  # sorted by activity, then region
        if ai in bad_a or ri in bad_r:
            _check_query(activity_labels[ai], region_labels[ri])


def resolve_combinations(
    registry: FactorRegistry,
    combos: npt.NDArray[np.int64],
    *,
    activity_labels: Sequence[str],
    region_labels: Sequence[str],
    units: Sequence[Unit | None],
    boundary: str | None,
    calorific_basis: str | None,
    rule: str,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], tuple[tuple[str, str, int], ...]]:
    """Resolve distinct ``(activity, region, year, unit)`` code rows, sorted in that order.

    Returns, per combination, its position among the found ones (-1 when missing);
    per found combination the factor's global id; and the missing combinations'
    ``(activity, region, year)`` in combination order. The distinct
    ``(activity, region, year)`` triples are searched with the columnar index
    (:mod:`carbonstd.factors._index`); only the combinations whose first matching
    entry holds several factors, or whose station mixes unit dimensions, are
    looked up one by one, with the same plan and walk as :meth:`FactorRegistry.lookup`.
    """
    from carbonstd.factors._registry import Resolution

    _check_labels(combos, activity_labels, region_labels)
    index = factor_index(registry)
    ac, rc, yc = (combos[:, j] for j in range(3))
    n = ac.shape[0]
    # Distinct (activity, region, year) triples: runs of the sorted combinations.
    new = np.ones(n, dtype=np.bool_)
    new[1:] = (ac[1:] != ac[:-1]) | (rc[1:] != rc[:-1]) | (yc[1:] != yc[:-1])
    starts = np.flatnonzero(new)
    triple_of = np.cumsum(new) - 1
    ta, tr, ty = ac[starts], rc[starts], yc[starts]
    act_ids = np.array([index.activity_ids.get(t, -1) for t in activity_labels], dtype=np.int64)
    used_r = np.asarray(_used(tr, len(region_labels)), dtype=np.int64)
    chains = np.full((len(region_labels), 1), -1, dtype=np.int64)
    if used_r.size:
        sub = chain_ids(index, registry, [region_labels[i] for i in used_r.tolist()])
        chains = np.full((len(region_labels), sub.shape[1]), -1, dtype=np.int64)
        chains[used_r] = sub
    t_status, t_factor = index.search(
        act_ids[ta],
        chains[tr],
        ty,
        rule=rule,
        boundary=boundary,
        calorific_basis=calorific_basis,
    )
    status = t_status[triple_of]
    factor = t_factor[triple_of]
    hard = np.flatnonzero(status == COMPLEX)
    if hard.size:
        # One plan per (activity, region, unit dimensions), as in the scalar lookup.
        dims = [None if unit is None else unit.dimensions for unit in units]
        dim_class = [dims.index(d) if d is not None else k for k, d in enumerate(dims)]
        plans: dict[tuple[int, int, int], tuple[str, list[_Station]]] = {}
        with gc_paused():
            for j in hard.tolist():
                ai, ri, year, ui = combos[j].tolist()
                activity, region = activity_labels[ai], region_labels[ri]
                plan_key = (ai, ri, dim_class[ui])
                plan = plans.get(plan_key)
                if plan is None:
                    plan = plans[plan_key] = registry._plan(
                        activity, region, units[ui], boundary, calorific_basis
                    )
                found = registry._walk(
                    activity,
                    region,
                    year,
                    unit=units[ui],
                    rule=rule,
                    chain_text=plan[0],
                    stations=plan[1],
                )
                if isinstance(found, Resolution):
                    status[j] = FOUND
                    factor[j] = index.global_id(found.layer, found.factor)
                else:
                    status[j] = MISSING
    ok = status == FOUND
    position = np.where(ok, np.cumsum(ok) - 1, -1).astype(np.intp)
    gone = np.flatnonzero(~ok)
    missing = tuple(
        (activity_labels[ai], region_labels[ri], int(year))
        for ai, ri, year in combos[gone, :3].tolist()
    )
    return position, factor[ok].astype(np.intp), missing
