"""The calculation: activity data x emission factors -> a per-gas ledger, CO2e bound late.

:func:`calculate` resolves a factor for every activity row through a
:class:`~carbonstd.factors.FactorRegistry`, converts units once per distinct
unit (through fuel properties where a factor is per energy), and returns
:class:`Emissions`: a frozen per-gas ledger with lineage. Totals are exact
(bit-equal to :func:`math.fsum`) and do not depend on row order; CO2e is
applied at reporting time with any GWP set (GHG Protocol Corporate Standard
ch. 6 and ch. 9; IPCC 2006 Guidelines Vol. 2 Eq. 2.1).
:func:`calculate_grouped` gives the same group sums over a stream of tables
(files larger than memory) without keeping the rows.

Examples
--------
>>> from carbonstd.activities import Activity, ActivityTable
>>> from carbonstd.calculation import calculate
>>> from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence
>>> fs = FactorSet(name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"),
...     factors=[EmissionFactor(id="grid", activity="electricity.grid", unit="kWh",
...                             region="GB", year=2024, gases={"CO2": 0.2})])
>>> rows = ActivityTable.from_records([
...     Activity("electricity.grid", 1000.0, "kWh", "GB", year=2024, tags={"site": "A"}),
...     Activity("electricity.grid", 2.0, "MWh", "GB", year=2024, tags={"site": "B"}),
... ])
>>> em = calculate(rows, factors=FactorRegistry([fs]), gwp="AR6")
>>> em.total()
600.0
>>> [(row.key, row.co2e) for row in em.by("site").rows()]
[(('A',), 200.0), (('B',), 400.0)]
"""

from __future__ import annotations

from carbonstd.calculation._emissions import Emissions, Explanation, FactorLineage
from carbonstd.calculation._engine import DEFAULT_CHUNK_ROWS, calculate
from carbonstd.calculation._groups import GroupRow, GroupTable
from carbonstd.calculation._ledger import BIOGENIC, pseudo_gas
from carbonstd.calculation._stream import calculate_grouped

__all__ = [
    "BIOGENIC",
    "DEFAULT_CHUNK_ROWS",
    "Emissions",
    "Explanation",
    "FactorLineage",
    "GroupRow",
    "GroupTable",
    "calculate",
    "calculate_grouped",
    "pseudo_gas",
]
