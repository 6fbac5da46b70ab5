"""GroupTable: the frozen result of ``Emissions.by(...)``, with deterministic text, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.errors import UnknownGasError

__all__ = ["GroupRow", "GroupTable"]


def _readonly(arr: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out = np.array(arr, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


@attrs.frozen
class GroupRow:
    """One group of a :class:`GroupTable`: its key labels, kg per gas and kg CO2e."""

    key: tuple[str, ...]
    gases: Mapping[str, float]
    co2e: float


@attrs.frozen(eq=False, repr=False)
class GroupTable:
    """Emissions summed per group: per-gas kg and kg CO2e under one GWP set.

    Produced by :meth:`Emissions.by <carbonstd.calculation.Emissions.by>`. Groups
    are sorted by their labels; every per-gas sum is the correctly rounded sum
    of its rows (bit-equal to :func:`math.fsum`), and ``co2e`` of a group is the
    correctly rounded sum over gases of GWP x per-gas sum, as the GHG Protocol
    Corporate Standard ch. 9 reports per scope and per gas. Output bytes are
    deterministic (floats written with :func:`repr`).

    Attributes
    ----------
    keys
        The grouping columns.
    labels
        One tuple of labels per group, in sorted order.
    gases
        Ledger columns (gas names; ``CO2e[<set>]`` for CO2e-only factors).
    values
        kg per group and gas, shape ``(n_groups, n_gases)``, read-only.
    co2e
        kg CO2e per group under :attr:`gwp`.
    gwp
        Name of the GWP set.
    include_biogenic
        Whether ``CO2_biogenic`` counts in :attr:`co2e` (False by default: the
        GHG Protocol reports it outside the scopes).
    unresolved_rows, excluded_rows
        Rows left out of every group (no factor; bad input rows).
    carried_co2e
        GWP sets of CO2e-only factors carried at face value under another set.
    """

    keys: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    gases: tuple[str, ...]
    values: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    co2e: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    gwp: str
    include_biogenic: bool = False
    unresolved_rows: int = 0
    excluded_rows: int = 0
    carried_co2e: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.labels)

    def gas(self, name: str) -> npt.NDArray[np.float64]:
        """Kg of one ledger column per group.

        Raises
        ------
        UnknownGasError
            If the ledger has no such column.
        """
        try:
            j = self.gases.index(name)
        except ValueError:
            raise UnknownGasError(
                "no such gas in the ledger",
                value=name,
                source="GroupTable.gas",
                hint=f"the ledger columns are {', '.join(self.gases) or '(none)'}",
            ) from None
        return self.values[:, j]

    def rows(self) -> Iterator[GroupRow]:
        """Iterate the groups as :class:`GroupRow` values."""
        for i, key in enumerate(self.labels):
            yield GroupRow(
                key,
                {g: float(self.values[i, j]) for j, g in enumerate(self.gases)},
                float(self.co2e[i]),
            )

    def _notes(self) -> list[str]:
        notes = []
        if self.unresolved_rows:
            notes.append(f"WARNING: {self.unresolved_rows} rows without a factor are NOT included")
        if self.excluded_rows:
            notes.append(f"WARNING: {self.excluded_rows} bad input rows were excluded")
        if self.carried_co2e:
            notes.append(
                "WARNING: CO2e-only factors built with "
                + ", ".join(self.carried_co2e)
                + f" carried at face value under {self.gwp}"
            )
        if not self.include_biogenic and "CO2_biogenic" in self.gases:
            notes.append("CO2_biogenic is reported separately, not in the CO2e column")
        return notes

    def to_json(self) -> str:
        """Deterministic JSON text (sorted keys, floats with repr)."""
        doc: dict[str, Any] = {
            "format": "carbonstd.groups/1",
            "by": list(self.keys),
            "gwp": self.gwp,
            "gases": list(self.gases),
            "include_biogenic": self.include_biogenic,
            "unresolved_rows": self.unresolved_rows,
            "excluded_rows": self.excluded_rows,
            "carried_co2e": list(self.carried_co2e),
            "groups": [
                {
                    "key": dict(zip(self.keys, row.key, strict=True)),
                    "kg": dict(row.gases),
                    "kg_co2e": row.co2e,
                }
                for row in self.rows()
            ],
        }
        return json.dumps(doc, sort_keys=True, indent=2, allow_nan=False, ensure_ascii=False)

    def to_csv(self) -> str:
        """CSV text: key columns, ``kg_<gas>`` per ledger column, ``kg_co2e``."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*self.keys, *(f"kg_{g}" for g in self.gases), "kg_co2e"])
        for i, key in enumerate(self.labels):
            writer.writerow(
                [*key, *(repr(float(v)) for v in self.values[i]), repr(float(self.co2e[i]))]
            )
        return out.getvalue()

    def to_text(self) -> str:
        """A fixed-width table for people: kg per gas and kg CO2e, with warnings."""
        head = [*self.keys, *(f"{g} kg" for g in self.gases), f"kg CO2e ({self.gwp})"]
        body = [
            [
                *(label or "-" for label in key),
                *(f"{float(v):,.3f}" for v in self.values[i]),
                f"{float(self.co2e[i]):,.3f}",
            ]
            for i, key in enumerate(self.labels)
        ]
        if self.keys:
            total = math_fsum_text(self.co2e)
            body.append(["TOTAL", *[""] * (len(self.keys) - 1 + len(self.gases)), total])
        widths = [max(len(r[c]) for r in [head, *body]) for c in range(len(head))]
        n_keys = len(self.keys)

        def fmt(row: list[str]) -> str:
            cells = [
                cell.ljust(w) if c < n_keys else cell.rjust(w)
                for c, (cell, w) in enumerate(zip(row, widths, strict=True))
            ]
            return "  ".join(cells).rstrip()

        lines = [fmt(head), "  ".join("-" * w for w in widths)]
        lines.extend(fmt(r) for r in body)
        lines.extend(self._notes())
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        extra = f", UNRESOLVED {self.unresolved_rows} rows" if self.unresolved_rows else ""
        return f"GroupTable(by={self.keys}, groups={len(self)}, gwp={self.gwp!r}{extra})"


def math_fsum_text(values: npt.NDArray[np.float64]) -> str:
    """The correctly rounded total of ``values`` formatted for the text table."""
    import math

    return f"{math.fsum(values.tolist()):,.3f}"
