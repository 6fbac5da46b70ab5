"""Emissions: the frozen per-gas ledger of a calculation, with lineage and late-bound CO2e."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd import gwp as gwp_module
from carbonstd.activities import Activity, ActivityTable, Categorical
from carbonstd.calculation import _kernels, _rows
from carbonstd.calculation._groups import GroupTable
from carbonstd.calculation._ledger import BIOGENIC, converted_sets, gwp_weights
from carbonstd.calculation._rows import Groups, RowIndex, RowPlan
from carbonstd.errors import ActivityDataError
from carbonstd.factors import Resolution
from carbonstd.gwp import GWPSet

__all__ = ["Emissions", "Explanation", "FactorLineage"]

#: Group key spaces up to this size are always summed directly (no dense renumbering);
#: up to _GROUPS_MAX when that is at most one key per row; else dense codes first.
_GROUPS_MIN = 1 << 16
_GROUPS_MAX = 1 << 20


def _readonly(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    out = np.array(arr, copy=True)
    out.setflags(write=False)
    return out


@attrs.frozen
class FactorLineage:
    """Where an effective factor came from: the resolution and the unit conversion.

    One per distinct (factor, activity unit, region) of a calculation. The
    GHG Protocol Corporate Standard ch. 9 and ISO 14064-1:2018 clause 9.3.1
    ask that the factors used and their sources be documented; this is that
    record.

    Attributes
    ----------
    resolution
        The factor lookup: factor, set name, version, content hash, fallback steps.
    activity_unit
        Unit of the activity rows.
    region
        Region of the activity rows (for fuel properties).
    multiplier
        Converts an amount in ``activity_unit`` into the factor's unit.
    conversion_steps
        The unit conversion chain, readable.
    """

    resolution: Resolution
    activity_unit: str
    region: str
    multiplier: float
    conversion_steps: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON form (for :meth:`Emissions.to_json`)."""
        r = self.resolution
        return {
            "factor_id": r.factor.id,
            "factor": r.factor.describe(),
            "set": r.set_name,
            "set_version": r.set_version,
            "content_hash": r.content_hash,
            "licence": r.licence.id,
            "fallback_steps": list(r.steps),
            "activity_unit": self.activity_unit,
            "factor_unit": r.factor.unit,
            "region": self.region,
            "multiplier": self.multiplier,
            "conversion_steps": list(self.conversion_steps),
        }


@attrs.frozen
class Explanation:
    """How one row's emissions were computed (see :meth:`Emissions.explain`).

    Attributes
    ----------
    row
        0-based position in the calculated table.
    source, source_row
        The file (or ``"<records>"``) and the 1-based row there.
    activity
        The row as an :class:`~carbonstd.activities.Activity`.
    lineage
        The factor, its set version and content hash, the fallback steps and the
        unit conversion chain; None when the row has no factor.
    kg
        kg of each ledger gas for this row.
    co2e
        kg CO2e under :attr:`gwp` (0.0 when unresolved).
    gwp
        The GWP set name.
    """

    row: int
    source: str
    source_row: int
    activity: Activity
    lineage: FactorLineage | None
    kg: Mapping[str, float]
    co2e: float
    gwp: str

    def to_text(self) -> str:
        """Readable multi-line explanation."""
        a = self.activity
        tags = {k: v for k, v in a.tags.items() if v}
        lines = [
            f"row {self.source_row} of {self.source}: {a.activity} {a.amount!r} {a.unit} "
            f"in {a.region}, {a.year}"
            + (f" [{', '.join(f'{k}={v}' for k, v in tags.items())}]" if tags else ""),
        ]
        if self.lineage is None:
            lines.append("  NO FACTOR: this row is unresolved and left out of every total")
            return "\n".join(lines) + "\n"
        r = self.lineage.resolution
        lines += [
            f"  factor      {r.factor.describe()}",
            f"  factor set  {r.set_name} {r.set_version} (sha256 {r.content_hash}), "
            f"licence {r.licence.id}",
            "  lookup",
            *(f"    - {s}" for s in r.steps),
            "  units",
            *(f"    - {s}" for s in self.lineage.conversion_steps or ("no conversion",)),
            f"    = x {self.lineage.multiplier!r} {r.factor.unit} per {self.lineage.activity_unit}",
            "  result",
            *(f"    {g:<18} {v!r} kg" for g, v in self.kg.items() if v != 0.0),
            f"    {'CO2e':<18} {self.co2e!r} kg ({self.gwp})",
        ]
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.to_text()

    def to_json(self) -> str:
        """Deterministic JSON text."""
        a = self.activity
        doc = {
            "row": self.row,
            "source": self.source,
            "source_row": self.source_row,
            "activity": {
                "activity": a.activity,
                "amount": a.amount,
                "unit": a.unit,
                "region": a.region,
                "year": a.year,
                "tags": dict(a.tags),
                "record_id": a.record_id,
            },
            "lineage": None if self.lineage is None else self.lineage.to_json(),
            "kg": dict(self.kg),
            "kg_co2e": self.co2e,
            "gwp": self.gwp,
        }
        return json.dumps(doc, sort_keys=True, indent=2, allow_nan=False, ensure_ascii=False)


@attrs.frozen(eq=False, repr=False)
class Emissions:
    """The per-gas ledger of a calculation, with lineage; CO2e is bound late.

    Returned by :func:`~carbonstd.calculation.calculate`. No per-row array is
    kept: each row finds its effective factor (kg of each gas per activity
    unit) from its own codes, and per-gas sums are computed in one pass over
    the rows when asked for, with exact group sums (bit-equal to
    :func:`math.fsum`, independent of row order). CO2e of any
    sum is the correctly rounded sum over gases of GWP x per-gas sum, so a
    result can be re-expressed under another GWP set without recalculating
    (GHG Protocol Corporate Standard ch. 4 and ch. 9: per-gas reporting and
    CO2e under a stated GWP set).

    Biogenic CO2 (``CO2_biogenic``) stays in the ledger but is left out of
    CO2e totals by default: the GHG Protocol Corporate Standard (ch. 4 and
    ch. 9) reports it separately, outside the scopes. Pass
    ``include_biogenic=True`` to count it.
    """

    table: ActivityTable
    gases: tuple[str, ...]
    lineage: Sequence[FactorLineage]
    gwp: GWPSet
    allow_gwp_conversion: bool
    exact: bool
    chunk_rows: int
    unresolved: tuple[tuple[str, str, int], ...]
    # How rows find their effective factors, the per-row index and the factor table
    # (both built on first access), from carbonstd.calculation._rows and calculate().
    _plan: RowPlan = attrs.field(alias="plan", repr=False)
    _rows: RowIndex = attrs.field(alias="rows", repr=False)
    _factors: Callable[[], npt.NDArray[np.float64]] = attrs.field(alias="factors", repr=False)
    # Sums computed on first request and kept (the value stays the same; only work is saved).
    _cache: dict[object, Any] = attrs.field(init=False, factory=dict, repr=False)

    # ------------------------------------------------------------------ basics

    def __len__(self) -> int:
        return len(self.table)

    @property
    def row_index(self) -> npt.NDArray[np.intp]:
        """Per row, the row of :attr:`factor_table` used; ``len(factor_table)`` if none.

        Built on first access (``calculate`` keeps no per-row array: sums are
        computed from the rows' codes) and kept; read-only.
        """
        return self._rows.array()

    @property
    def factor_table(self) -> npt.NDArray[np.float64]:
        """Effective factors: kg of each ledger gas per activity unit, one row per lineage entry.

        Row ``k`` is the multiplier of :attr:`lineage` entry ``k`` times its factor's
        values, one float64 product per gas (0.0 where the factor lacks the gas);
        every row's emissions are ``amount x`` its row. Built on first access; read-only.
        """
        found = self._cache.get("factor_table")
        if found is None:
            found = _readonly(self._factors())
            self._cache["factor_table"] = found
        return found

    @property
    def factor_index(self) -> npt.NDArray[np.intp]:
        """Per row, the row of :attr:`factor_table` (and of :attr:`lineage`) used; -1 if none.

        Built on first access from :attr:`row_index` (where a row without a factor
        points at ``len(factor_table)``) and kept.
        """
        found = self._cache.get("factor_index")
        if found is None:
            n_found = self.factor_table.shape[0]
            found = np.where(self.row_index >= n_found, -1, self.row_index).astype(np.intp)
            found.setflags(write=False)
            self._cache["factor_index"] = found
        return found

    @property
    def unresolved_rows(self) -> int:
        """Number of rows without a factor (left out of every total)."""
        if not self.unresolved:
            return 0
        found = self._cache.get("unresolved_rows")
        if found is None:
            found = _rows.count_unresolved(self.table, self._plan, chunk_rows=self.chunk_rows)
            self._cache["unresolved_rows"] = found
        return int(found)

    @property
    def gas_sums(self) -> npt.NDArray[np.float64]:
        """Kg of each ledger column over all resolved rows (read-only; computed on first use).

        Exact sums (bit-equal to :func:`math.fsum`) unless the calculation used
        ``exact=False``. When :meth:`by` ran first, they come from the same pass.
        """
        found = self._cache.get("gas_sums")
        if found is None:
            self._pass(())
            found = self._cache["gas_sums"]
        return found  # type: ignore[no-any-return]

    @property
    def excluded_rows(self) -> int:
        """Number of bad input rows excluded when the table was read."""
        return self.table.excluded_rows

    def _pass(
        self, columns: tuple[str, ...]
    ) -> tuple[list[tuple[str, ...]], npt.NDArray[np.float64]]:
        """Per-gas sums of the groups of ``columns`` (sorted labels, present groups only).

        One pass over the rows gives the group sums and the gas totals; both are kept.
        """
        key = ("by", columns)
        found = self._cache.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        groups, n_groups, labels_of = self._groups(columns)
        sums, present, totals = _rows.ledger_pass(
            self.table,
            self._plan,
            groups,
            n_groups,
            exact=self.exact,
            chunk_rows=self.chunk_rows,
        )
        kept = np.flatnonzero(present)
        labels = labels_of(kept)
        order = sorted(range(len(labels)), key=labels.__getitem__)
        out = ([labels[i] for i in order], sums[kept[order]])
        out[1].setflags(write=False)
        totals.setflags(write=False)
        self._cache[key] = out
        self._cache.setdefault("gas_sums", totals)
        return out

    def _group_digits(
        self, columns: tuple[str, ...], *, missing_as_empty: bool = False
    ) -> tuple[list[tuple[str, ...]], npt.NDArray[np.int64], int]:
        """Exact sums of the present groups of ``columns`` as int64 digits, not rounded.

        Returns the groups' labels (in no particular order), ``digits[group, gas, k]``
        and the level of ``k = 0`` (see :func:`carbonstd._core.round_digit_sums`):
        what :func:`calculate_grouped` adds over a stream of tables.
        """
        groups, n_groups, labels_of = self._groups(columns, missing_as_empty=missing_as_empty)
        digits, low, present = _rows.ledger_digits(
            self.table, self._plan, groups, n_groups, chunk_rows=self.chunk_rows
        )
        kept = np.flatnonzero(present)
        return labels_of(kept), digits[kept], low

    def _groups(
        self, columns: tuple[str, ...], *, missing_as_empty: bool = False
    ) -> tuple[Groups, int, Callable[[npt.NDArray[np.intp]], list[tuple[str, ...]]]]:
        """Group codes of ``columns`` for the row passes, their number, and labels by code.

        With ``missing_as_empty``, a tag this table lacks is an empty label on every
        row, as :meth:`ActivityTable.concat` fills it.
        """
        n = len(self.table)
        names = self.table.column_names
        cats = [
            Categorical(np.zeros(n, dtype=np.int32), ("",))
            if missing_as_empty and name not in names
            else self.table.column(name)
            for name in columns
        ]
        sizes = [max(len(c.labels), 1) for c in cats]
        space = 1
        for size in sizes:
            space *= size
        if space <= max(_GROUPS_MIN, min(_GROUPS_MAX, n)):

            def direct(kept: npt.NDArray[np.intp]) -> list[tuple[str, ...]]:
                rest = kept.copy()
                comps: list[npt.NDArray[np.intp]] = []
                for size in reversed(sizes):
                    comps.append(rest % size)
                    rest //= size
                comps.reverse()
                per_column = [
                    [cat.labels[c] for c in comp.tolist()]
                    for cat, comp in zip(cats, comps, strict=True)
                ]
                return list(zip(*per_column, strict=True)) if cats else [() for _ in kept]

            return [(c.codes, size) for c, size in zip(cats, sizes, strict=True)], space, direct
        codes, labels_all = _group_codes(cats, n)

        def dense(kept: npt.NDArray[np.intp]) -> list[tuple[str, ...]]:
            return [labels_all[i] for i in kept.tolist()]

        return codes, len(labels_all), dense

    def _set(self, gwp: GWPSet | str | None) -> GWPSet:
        if gwp is None:
            return self.gwp
        return gwp if isinstance(gwp, GWPSet) else gwp_module.get(gwp)

    def _weights(self, gwp: GWPSet, include_biogenic: bool) -> npt.NDArray[np.float64]:
        return gwp_weights(
            self.gases,
            gwp,
            include_biogenic=include_biogenic,
            allow_gwp_conversion=self.allow_gwp_conversion,
        )

    def gas_totals(self) -> dict[str, float]:
        """Kg of each ledger column over all resolved rows (exact sums).

        Includes ``CO2_biogenic`` and any ``CO2e[<set>]`` column of CO2e-only
        factors.
        """
        return {g: float(v) for g, v in zip(self.gases, self.gas_sums.tolist(), strict=True)}

    def total(self, gwp: GWPSet | str | None = None, *, include_biogenic: bool = False) -> float:
        """Total kg CO2e under ``gwp`` (default: the calculation's set).

        The correctly rounded sum over gases of GWP_g x (exact total of gas g).
        Unresolved and excluded rows are not in it (see :attr:`unresolved_rows`).

        Raises
        ------
        GWPMismatchError
            CO2e-only factors built with another set, unless the calculation
            allowed it.
        UnknownGasError
            A ledger gas that ``gwp`` lacks.
        """
        weights = self._weights(self._set(gwp), include_biogenic)
        return math.fsum((weights * self.gas_sums).tolist())

    def biogenic_co2(self) -> float:
        """Kg of biogenic CO2 (reported outside the scopes)."""
        return self.gas_totals().get(BIOGENIC, 0.0)

    # ------------------------------------------------------------------ grouping

    def by(
        self,
        *columns: str,
        gwp: GWPSet | str | None = None,
        include_biogenic: bool = False,
    ) -> GroupTable:
        """Sums per group of the given columns: kg per gas and kg CO2e.

        Parameters
        ----------
        *columns
            Column names of the activity table: ``activity``, ``unit``,
            ``region``, ``year`` and any tag (``facility``, ``scope``, ...).
            No column gives one group with the totals.
        gwp
            GWP set for the CO2e column (default: the calculation's).
        include_biogenic
            Count ``CO2_biogenic`` in CO2e (default False).

        Raises
        ------
        ActivityDataError
            An unknown column (the message lists them) or a repeated one.
        """
        gwp_set = self._set(gwp)
        weights = self._weights(gwp_set, include_biogenic)
        if len(set(columns)) != len(columns):
            raise ActivityDataError(
                "a column is repeated in by()", value=columns, source="Emissions.by"
            )
        labels, sums = self._pass(tuple(columns))
        if not labels:
            sums = np.zeros((0, len(self.gases)))
        co2e = _kernels.exact_row_sums(sums * weights) if self.exact else (sums @ weights)
        return GroupTable(
            keys=tuple(columns),
            labels=tuple(labels),
            gases=self.gases,
            values=sums,
            co2e=co2e,
            gwp=gwp_set.name,
            include_biogenic=include_biogenic,
            unresolved_rows=self.unresolved_rows,
            excluded_rows=self.excluded_rows,
            carried_co2e=converted_sets(self.gases, gwp_set),
        )

    # ------------------------------------------------------------------ rows

    def row_kg(self, row: int) -> dict[str, float]:
        """Kg of each ledger gas for one row (0-based position)."""
        n = len(self.table)
        given: object = row
        if isinstance(given, bool) or not isinstance(given, (int, np.integer)) or not 0 <= row < n:
            raise ActivityDataError(
                "row out of range",
                value=row,
                source="Emissions",
                hint=f"rows are 0-based positions below {n}",
            )
        k = int(self.row_index[row])
        if k >= self.factor_table.shape[0]:
            return dict.fromkeys(self.gases, 0.0)
        amount = self.table.amount[row]
        return {g: float(amount * self.factor_table[k, j]) for j, g in enumerate(self.gases)}

    def explain(self, row: int, *, source_row: bool = False) -> Explanation:
        """How one row was computed: factor, set version and hash, steps, units, GWP set.

        Parameters
        ----------
        row
            0-based position in the table; with ``source_row=True``, the
            1-based row number in the source file (header excluded), as in
            error messages and the command line's ``--explain``.

        Raises
        ------
        ActivityDataError
            If there is no such row (or it was excluded as bad input).
        """
        if source_row:
            numbers = self.table.row_number
            hits = np.flatnonzero(numbers == row) if numbers is not None else np.zeros(0)
            if hits.size == 0:
                raise ActivityDataError(
                    "no such row in the calculation",
                    value=row,
                    source=self.table.source,
                    hint="rows are numbered from 1 after the header; bad rows are excluded",
                )
            row = int(hits[0])
        kg = self.row_kg(row)
        k = int(self.row_index[row])
        lineage = self.lineage[k] if k < self.factor_table.shape[0] else None
        weights = self._weights(self.gwp, False)
        co2e = math.fsum(w * v for w, v in zip(weights.tolist(), kg.values(), strict=True))
        numbers = self.table.row_number
        return Explanation(
            row=row,
            source=self.table.source,
            source_row=int(numbers[row]) if numbers is not None else row + 1,
            activity=self.table.record(row),
            lineage=lineage,
            kg=kg,
            co2e=co2e,
            gwp=self.gwp.name,
        )

    # ------------------------------------------------------------------ reports

    def summary(self, gwp: GWPSet | str | None = None) -> str:
        """A few lines: rows, total CO2e, per-gas kg, and loud warnings."""
        gwp_set = self._set(gwp)
        lines = [
            f"{len(self.table)} rows from {self.table.source}; "
            f"{len(self.lineage)} effective factors; GWP {gwp_set.name}",
            f"total: {self.total(gwp_set)!r} kg CO2e",
            *(f"  {g:<20} {v!r} kg" for g, v in self.gas_totals().items()),
        ]
        lines.extend(self._warnings(gwp_set))
        return "\n".join(lines)

    def _warnings(self, gwp_set: GWPSet) -> list[str]:
        out = []
        if self.unresolved_rows:
            combos = ", ".join(f"{a}/{r}/{y}" for a, r, y in self.unresolved[:5])
            out.append(
                f"WARNING: {self.unresolved_rows} rows have no factor and are NOT in the totals "
                f"({combos}{', ...' if len(self.unresolved) > 5 else ''})"
            )
        if self.excluded_rows:
            out.append(
                f"WARNING: {self.excluded_rows} bad input rows were excluded "
                f"({len(self.table.problems)} problems)"
            )
        carried = converted_sets(self.gases, gwp_set)
        if carried:
            out.append(
                f"WARNING: CO2e-only factors built with {', '.join(carried)} carried at face "
                f"value under {gwp_set.name}"
            )
        if BIOGENIC in self.gases:
            out.append(f"biogenic CO2 reported separately: {self.biogenic_co2()!r} kg")
        return out

    def to_json(self, gwp: GWPSet | str | None = None) -> str:
        """Deterministic JSON: totals, per-gas kg, counts, warnings and factor lineage."""
        gwp_set = self._set(gwp)
        lineage = sorted(
            (item.to_json() for item in self.lineage),
            key=lambda d: (d["factor_id"], d["set"], d["activity_unit"], d["region"]),
        )
        doc = {
            "format": "carbonstd.emissions/1",
            "source": self.table.source,
            "rows": len(self.table),
            "excluded_rows": self.excluded_rows,
            "unresolved_rows": self.unresolved_rows,
            "unresolved": [list(c) for c in sorted(self.unresolved)],
            "gwp": gwp_set.name,
            "kg_co2e": self.total(gwp_set),
            "kg": self.gas_totals(),
            "biogenic_co2_kg": self.biogenic_co2(),
            "carried_co2e": list(converted_sets(self.gases, gwp_set)),
            "exact": self.exact,
            "factors": lineage,
            "warnings": [w for w in self._warnings(gwp_set) if w.startswith("WARNING")],
        }
        return json.dumps(doc, sort_keys=True, indent=2, allow_nan=False, ensure_ascii=False)

    def to_dataframe(self, gwp: GWPSet | str | None = None) -> Any:
        """One row per activity with kg per gas and kg CO2e (a pandas DataFrame; pandas extra).

        This materialises a rows x gases array on purpose; unresolved rows
        have ``resolved=False`` and NaN emissions.
        """
        import importlib

        pd = importlib.import_module("pandas")

        gwp_set = self._set(gwp)
        t = self.table
        data: dict[str, Any] = {
            "row": t.row_number if t.row_number is not None else np.arange(1, len(t) + 1),
            "activity": pd.Categorical.from_codes(t.activity.codes, categories=t.activity.labels),
            "amount": t.amount,
            "unit": pd.Categorical.from_codes(t.unit.codes, categories=t.unit.labels),
            "region": pd.Categorical.from_codes(t.region.codes, categories=t.region.labels),
            "year": t.year,
        }
        for name, col in t.tags.items():
            data[name] = pd.Categorical.from_codes(col.codes, categories=col.labels)
        if t.record_id is not None:
            data["record_id"] = t.record_id
        ok = self.factor_index >= 0
        data["resolved"] = ok
        k = np.where(ok, self.factor_index, 0)
        dense = (
            t.amount[:, None] * self.factor_table[k] if len(self.lineage) else np.zeros((len(t), 0))
        )
        dense[~ok] = np.nan
        for j, gas in enumerate(self.gases):
            data[f"kg_{gas}"] = dense[:, j]
        weights = self._weights(gwp_set, False)
        data["kg_co2e"] = dense @ weights if len(self.gases) else np.where(ok, 0.0, np.nan)
        return pd.DataFrame(data)

    def __repr__(self) -> str:
        text = (
            f"Emissions(rows={len(self.table)}, gases={list(self.gases)}, "
            f"total={self.total()!r} kg CO2e under {self.gwp.name}"
        )
        if self.unresolved_rows:
            text += f", UNRESOLVED {self.unresolved_rows} rows NOT in totals"
        if self.excluded_rows:
            text += f", EXCLUDED {self.excluded_rows} bad rows"
        return text + ")"


def _group_codes(cats: list[Any], n: int) -> tuple[npt.NDArray[np.intp], list[tuple[str, ...]]]:
    """Dense group codes of the rows and the label tuple of each group."""
    from carbonstd._core import dense_group_codes

    if not cats:
        return np.zeros(n, dtype=np.intp), [()]
    codes, components = dense_group_codes(
        *(c.codes for c in cats), sizes=tuple(max(len(c.labels), 1) for c in cats)
    )
    per_column = [
        [cat.labels[c] for c in comp.tolist()] for cat, comp in zip(cats, components, strict=True)
    ]
    labels = list(zip(*per_column, strict=True))
    return np.asarray(codes, dtype=np.intp), labels
