"""Vectorized factor resolution: deduplicate row combinations, look each up once."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.errors import ActivityDataError
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

    Attributes
    ----------
    index
        Per row, the position in :attr:`resolutions`, or -1 where no factor was found.
    resolutions
        One :class:`Resolution` per distinct combination that was found.
    missing
        ``(activity, region, year)`` of every distinct combination without a factor.
    """

    index: npt.NDArray[np.intp]
    resolutions: tuple[Resolution, ...]
    missing: tuple[tuple[str, str, int], ...]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are made.

    Per-combination loops allocate hundreds of thousands of tuples and frozen
    objects, none of them cyclic garbage; with a large factor registry alive, the
    collections they trigger cost as much as the loop itself. The collector is
    re-enabled on exit only if it was enabled on entry.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    from carbonstd.factors._registry import YEAR_RULES, Resolution, _check_choice

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
    if n == 0:
        return Resolved(index=np.empty(0, dtype=np.intp), resolutions=(), missing=())
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

    # A plan uses the unit only through its dimensions, and a walk uses its scale only to
    # choose among several factors of one year: units of equal dimensions share a plan, and
    # share the resolution too when no station holds two factors for one year.
    dims = [None if unit is None else unit.dimensions for unit in units]
    dim_class = [dims.index(d) if d is not None else k for k, d in enumerate(dims)]
    plans: dict[tuple[int, int, int], tuple[str, list[_Station], bool]] = {}
    shared: dict[tuple[int, int, int, int], int] = {}
    checked_activities: set[int] = set()
    checked_regions: set[int] = set()
    resolutions: list[Resolution] = []
    missing: list[tuple[str, str, int]] = []
    position = np.full(len(combos), -1, dtype=np.intp)
    with _gc_paused():
        for j, (ai, ri, year, ui) in enumerate(combos.tolist()):
            dc = dim_class[ui]
            plan_key = (ai, ri, dc)
            plan = plans.get(plan_key)
            if plan is None:
                activity, region = activity_labels[ai], region_labels[ri]
                if ai not in checked_activities or ri not in checked_regions:
                    from carbonstd.factors._registry import _check_query

                    _check_query(activity, region)
                    checked_activities.add(ai)
                    checked_regions.add(ri)
                chain_text, stations = registry._plan(
                    activity, region, units[ui], boundary, calorific_basis
                )
                scale_free = all(len(fs) == 1 for st in stations for fs in st[3].values())
                plan = plans[plan_key] = (chain_text, stations, scale_free)
            chain_text, stations, scale_free = plan
            if scale_free:
                done = shared.get((ai, ri, year, dc))
                if done is not None:
                    position[j] = done
                    if done < 0:  # listed once per unit, as when each unit is walked
                        missing.append((activity_labels[ai], region_labels[ri], year))
                    continue
            activity, region = activity_labels[ai], region_labels[ri]
            found = registry._walk(
                activity,
                region,
                year,
                unit=units[ui],
                rule=rule,
                chain_text=chain_text,
                stations=stations,
            )
            if isinstance(found, Resolution):
                position[j] = len(resolutions)
                resolutions.append(found)
            else:
                missing.append((activity, region, year))
            if scale_free:
                shared[(ai, ri, year, dc)] = int(position[j])
    index = position[inverse]
    index.flags.writeable = False
    return Resolved(index=index, resolutions=tuple(resolutions), missing=tuple(missing))
