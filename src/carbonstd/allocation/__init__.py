"""Allocation: multi-output processes, CHP, substitution, recycling (CFF), shared transport.

Every method takes burdens per gas (a mapping ``gas -> kg`` or an array with
a trailing gas axis and ``gases=``), checks its inputs, and returns a frozen
result that keeps per-gas values and records how it decided: the method,
the basis values, the shares, and the standard's clause.

- :func:`partition`, :func:`subdivide`: ISO 14044:2006 4.3.4.2 (steps 1-3).
- :func:`system_expansion`, :class:`AvoidedProduct`: substitution, credits kept apart.
- :func:`chp_efficiency`, :func:`chp_energy_content`, :func:`chp_work_potential`:
  GHG Protocol CHP guidance (2006).
- :func:`circular_footprint` (PEF CFF, Recommendation (EU) 2021/2279 Annex I
  4.4.8), :func:`cut_off`, :func:`avoided_burden`, :func:`fifty_fifty`.
- :func:`shared_transport`: ISO 14083:2023 allocation by t·km, TEU·km or
  chargeable weight.

Examples
--------
>>> from carbonstd.allocation import partition
>>> partition({"CO2": 10.0}, [(1, "kg"), (3, "kg")], basis="mass",
...           products=("a", "b")).shares.tolist()
[0.25, 0.75]
"""

from __future__ import annotations

from carbonstd.allocation._burden import BurdenLike, GasBurden, PEFConformanceWarning
from carbonstd.allocation._cff import (
    PEF_A_RANGE,
    CFFMode,
    CFFResult,
    avoided_burden,
    circular_footprint,
    cut_off,
    fifty_fifty,
)
from carbonstd.allocation._chp import (
    DEFAULT_HEAT_EFFICIENCY,
    DEFAULT_POWER_EFFICIENCY,
    CHPResult,
    chp_efficiency,
    chp_energy_content,
    chp_work_potential,
)
from carbonstd.allocation._partition import (
    Basis,
    Hierarchy,
    PartitionResult,
    SubdivisionResult,
    partition,
    subdivide,
)
from carbonstd.allocation._substitution import (
    AvoidedProduct,
    SubstitutionResult,
    system_expansion,
)
from carbonstd.allocation._transport import (
    DistanceBasis,
    TransportBasis,
    TransportResult,
    shared_transport,
)

__all__ = [
    "DEFAULT_HEAT_EFFICIENCY",
    "DEFAULT_POWER_EFFICIENCY",
    "PEF_A_RANGE",
    "AvoidedProduct",
    "Basis",
    "BurdenLike",
    "CFFMode",
    "CFFResult",
    "CHPResult",
    "DistanceBasis",
    "GasBurden",
    "Hierarchy",
    "PEFConformanceWarning",
    "PartitionResult",
    "SubdivisionResult",
    "SubstitutionResult",
    "TransportBasis",
    "TransportResult",
    "avoided_burden",
    "chp_efficiency",
    "chp_energy_content",
    "chp_work_potential",
    "circular_footprint",
    "cut_off",
    "fifty_fifty",
    "partition",
    "shared_transport",
    "subdivide",
    "system_expansion",
]
