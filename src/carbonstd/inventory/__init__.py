"""GHG Protocol corporate inventory: boundary, Scopes 1-3, Scope 2 dual reporting, base year.

Implements the GHG Protocol Corporate Standard (revised edition, 2004):
organizational boundaries (ch. 3), operational boundaries (ch. 4), tracking
emissions over time (ch. 5), identifying and calculating emissions (ch. 6)
and reporting (ch. 9); the Scope 2 Guidance (2015) for dual reporting with
a contractual-instruments ledger; and the Scope 3 Standard (2011) for the 15
Scope 3 categories. Disclosure mapping to GRI 305 (2016), IFRS S2 (2023)
para. 29(a) and ESRS E1-6.

Examples
--------
>>> from carbonstd.inventory import Entity, Organization
>>> org = Organization(entities=[
...     Entity("EV Co", kind="parent", equity_share=1.0, financial_control="full",
...            operational_control=True),
...     Entity("Cell JV", kind="joint_venture", equity_share=0.49, financial_control="joint",
...            operational_control=False)])
>>> {name: inc.share for name, inc in org.inclusion("financial_control").items()}
{'EV Co': 1.0, 'Cell JV': 0.49}
"""

from __future__ import annotations

from carbonstd.inventory._baseyear import (
    ADJUSTMENT_KINDS,
    Adjustment,
    AuditEntry,
    BaseYear,
    Restatement,
    recalculate_base_year,
)
from carbonstd.inventory._boundary import (
    APPROACHES,
    CONSOLIDATION_RULES,
    ENTITY_KINDS,
    LEASE_RULES,
    Approach,
    Entity,
    EntityKind,
    Inclusion,
    Organization,
)
from carbonstd.inventory._classify import (
    PRIMARY_METHODS,
    SCOPE1_CATEGORIES,
    SCOPE3_CATEGORIES,
    SCOPE3_METHODS,
    Classification,
    classify,
)
from carbonstd.inventory._compute import compute_inventory
from carbonstd.inventory._disclosure import (
    DATA_POINTS,
    DataPoint,
    Disclosure,
    ReductionInitiative,
    disclosures,
)
from carbonstd.inventory._fugitive import (
    FugitiveEstimate,
    refrigerant_mass_balance,
    refrigerant_screening,
)
from carbonstd.inventory._instruments import Instrument
from carbonstd.inventory._intensity import Intensity, intensity
from carbonstd.inventory._report import (
    ROUNDING_RULE,
    DataQuality,
    Exclusion,
    InventoryLine,
    InventoryReport,
    present_tonnes,
)
from carbonstd.inventory._scope2 import (
    InstrumentCheck,
    Scope2Consumption,
    Scope2Result,
    scope2_dual,
)

__all__ = [
    "ADJUSTMENT_KINDS",
    "APPROACHES",
    "CONSOLIDATION_RULES",
    "DATA_POINTS",
    "ENTITY_KINDS",
    "LEASE_RULES",
    "PRIMARY_METHODS",
    "ROUNDING_RULE",
    "SCOPE1_CATEGORIES",
    "SCOPE3_CATEGORIES",
    "SCOPE3_METHODS",
    "Adjustment",
    "Approach",
    "AuditEntry",
    "BaseYear",
    "Classification",
    "DataPoint",
    "DataQuality",
    "Disclosure",
    "Entity",
    "EntityKind",
    "Exclusion",
    "FugitiveEstimate",
    "Inclusion",
    "Instrument",
    "InstrumentCheck",
    "Intensity",
    "InventoryLine",
    "InventoryReport",
    "Organization",
    "ReductionInitiative",
    "Restatement",
    "Scope2Consumption",
    "Scope2Result",
    "classify",
    "compute_inventory",
    "disclosures",
    "intensity",
    "present_tonnes",
    "recalculate_base_year",
    "refrigerant_mass_balance",
    "refrigerant_screening",
    "scope2_dual",
]
