"""Activity data: the :class:`Activity` record and the columnar :class:`ActivityTable`.

Activity data (an amount of fuel burned, electricity bought, freight moved)
times an emission factor is the core calculation of the GHG Protocol Corporate
Standard (ch. 6) and of the IPCC 2006 Guidelines (Vol. 1 ch. 1, eq. 1.1). This
package holds the activity side: validated, columnar, with every bad row
reported by source, row and column, and nothing dropped silently.

Examples
--------
>>> from carbonstd.activities import Activity, ActivityTable
>>> table = ActivityTable.from_records([
...     Activity("electricity.grid", 12_000.0, "kWh", "GB", year=2024,
...              tags={"facility": "Plant A", "scope": "2"}),
...     Activity("fuel.diesel", 850.0, "L", "GB", year=2024,
...              tags={"facility": "Plant A", "scope": "1"}),
... ])
>>> table
ActivityTable(rows=2, source='<records>')
>>> table.column("scope").values()
('2', '1')
"""

from __future__ import annotations

from carbonstd.activities._build import CORE_COLUMNS, REQUIRED, STANDARD_TAGS, OnError
from carbonstd.activities._categorical import Categorical
from carbonstd.activities._examples import EXAMPLES, example_path
from carbonstd.activities._table import Activity, ActivityTable

__all__ = [
    "CORE_COLUMNS",
    "EXAMPLES",
    "REQUIRED",
    "STANDARD_TAGS",
    "Activity",
    "ActivityTable",
    "Categorical",
    "OnError",
    "example_path",
]
