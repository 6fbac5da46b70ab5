"""Seeded synthetic workload shared by ``compare.py`` and the pytest-benchmark cases.

The workload of issue #3 section 4: ``n_rows`` activity rows over about 2,000
activity keys x 200 regions of per-gas factors (CO2, CH4, N2O; one factor per
key and region, per kWh, year 2024), amounts given in kWh, MWh or GJ, and about
50,000 output groups (scope x category x facility).

How the rows are drawn (uniformly, so nearly every (activity, region) factor is
used at 10^7 rows; this is the hard case for per-combination work):

- activity: uniform over ``n_activities`` keys; each key has a fixed scope
  (1, 2 or 3) and category (15 per scope), so the key decides (scope, category);
- facility: uniform over ``n_facilities``; each facility lies in one region;
- unit: kWh (60 %), MWh (30 %) or GJ (10 %), independently per row;
- amount: lognormal (median e^3), float64.

Everything is held as integer codes plus label tuples (what a categorical
column is), so every method starts from the same in-memory data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

#: AR6 GWP100 used by the competitors (carbonstd takes them from its bundled AR6 set):
#: CO2, CH4 (no fossil/non-fossil split given), N2O. IPCC AR6 WG1 Table 7.15.
GWP_AR6 = {"CO2": 1.0, "CH4": 27.9, "N2O": 273.0}
GASES = ("CO2", "CH4", "N2O")
UNITS = ("kWh", "MWh", "GJ")
UNIT_WEIGHTS = (0.6, 0.3, 0.1)
#: kWh per unit, exact ratios (1 GJ = 10^9 J / 3.6e6 J per kWh).
KWH_PER_UNIT = {"kWh": 1.0, "MWh": 1000.0, "GJ": 1e9 / 3.6e6}
YEAR = 2024
SCOPES = ("1", "2", "3")
CATEGORIES_PER_SCOPE = 15


@dataclass(frozen=True)
class Workload:
    """Columns of the activity rows and the factor table, as codes and labels."""

    seed: int
    n_rows: int
    n_activities: int
    n_regions: int
    n_facilities: int
    # rows (codes into the label tuples below)
    activity: npt.NDArray[np.int32]
    region: npt.NDArray[np.int32]
    unit: npt.NDArray[np.int32]
    facility: npt.NDArray[np.int32]
    scope: npt.NDArray[np.int32]
    category: npt.NDArray[np.int32]
    amount: npt.NDArray[np.float64]
    # factors: kg of gas per kWh, indexed [activity, region, gas]
    factors: npt.NDArray[np.float64]

    @cached_property
    def activity_labels(self) -> tuple[str, ...]:
        return tuple(f"process.p{i:04d}" for i in range(self.n_activities))

    @cached_property
    def region_labels(self) -> tuple[str, ...]:
        return tuple(f"R{i:03d}" for i in range(self.n_regions))

    @cached_property
    def facility_labels(self) -> tuple[str, ...]:
        return tuple(f"F{i:05d}" for i in range(self.n_facilities))

    @property
    def unit_labels(self) -> tuple[str, ...]:
        return UNITS

    @property
    def scope_labels(self) -> tuple[str, ...]:
        return SCOPES

    @cached_property
    def category_labels(self) -> tuple[str, ...]:
        return tuple(f"c{i:02d}" for i in range(CATEGORIES_PER_SCOPE))

    @property
    def n_group_space(self) -> int:
        """Size of the (scope, category, facility) key space."""
        return len(SCOPES) * CATEGORIES_PER_SCOPE * self.n_facilities

    def group_key(self) -> npt.NDArray[np.int64]:
        """Per row, the integer key ``(scope * n_categories + category) * n_facilities + fac``."""
        return (
            self.scope.astype(np.int64) * CATEGORIES_PER_SCOPE + self.category
        ) * self.n_facilities + self.facility

    def input_nbytes(self) -> int:
        """Bytes of the row arrays (what 'the input arrays' means for the memory target)."""
        cols = (self.activity, self.region, self.unit, self.facility, self.scope, self.category)
        return int(self.amount.nbytes + sum(c.nbytes for c in cols))

    def unit_multipliers(self) -> npt.NDArray[np.float64]:
        """kWh per unit, in the order of :attr:`unit_labels`."""
        return np.array([KWH_PER_UNIT[u] for u in UNITS])


def make_workload(
    n_rows: int,
    *,
    seed: int = 20240,
    n_activities: int = 2_000,
    n_regions: int = 200,
    n_facilities: int = 1_111,
) -> Workload:
    """Build the seeded workload (same arrays for the same arguments).

    With the defaults: 2,000 x 200 = 400,000 per-gas factors and
    3 x 15 x 1,111 = 49,995 possible groups (all present from about 10^6 rows).
    """
    rng = np.random.default_rng(seed)
    # Per activity key: a scope and a category within it.
    act_scope = rng.integers(0, len(SCOPES), n_activities).astype(np.int32)
    act_category = rng.integers(0, CATEGORIES_PER_SCOPE, n_activities).astype(np.int32)
    # Per facility: its region (every region gets at least one facility when possible).
    fac_region = (np.arange(n_facilities) % n_regions).astype(np.int32)
    rng.shuffle(fac_region)
    # Factors: CO2 0.05-1 kg/kWh, CH4 1e-6-1e-4, N2O 1e-7-1e-5 (orders of magnitude of
    # combustion factors per kWh of fuel).
    shape = (n_activities, n_regions)
    factors = np.stack(
        [
            rng.uniform(0.05, 1.0, shape),
            rng.uniform(1e-6, 1e-4, shape),
            rng.uniform(1e-7, 1e-5, shape),
        ],
        axis=2,
    )
    activity = rng.integers(0, n_activities, n_rows).astype(np.int32)
    facility = rng.integers(0, n_facilities, n_rows).astype(np.int32)
    unit = rng.choice(len(UNITS), size=n_rows, p=UNIT_WEIGHTS).astype(np.int32)
    amount = rng.lognormal(3.0, 1.5, n_rows)
    return Workload(
        seed=seed,
        n_rows=n_rows,
        n_activities=n_activities,
        n_regions=n_regions,
        n_facilities=n_facilities,
        activity=activity,
        region=fac_region[facility],
        unit=unit,
        facility=facility,
        scope=act_scope[activity],
        category=act_category[activity],
        amount=amount,
        factors=factors,
    )
