"""Organizational boundary: entities, consolidation approaches and the rules that weight them.

GHG Protocol Corporate Standard (revised edition, 2004) ch. 3 "Setting
Organizational Boundaries" (equity share and control approaches, Table 1) and
ch. 4 / Appendix F for leased assets; Scope 3 Standard (2011) ch. 5,
categories 8, 13, 14 and 15 for operations that leave Scopes 1 and 2.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeAlias, get_args

import attrs

from carbonstd.errors import InventoryError

__all__ = [
    "APPROACHES",
    "CONSOLIDATION_RULES",
    "ENTITY_KINDS",
    "Approach",
    "Entity",
    "EntityKind",
    "Inclusion",
    "Organization",
]

Approach: TypeAlias = Literal["equity_share", "financial_control", "operational_control"]
EntityKind: TypeAlias = Literal[
    "parent",
    "subsidiary",
    "joint_venture",
    "associate",
    "fixed_asset_investment",
    "franchise",
    "leased_asset",
]
FinancialControl: TypeAlias = Literal["full", "joint", "none"]

#: The three consolidation approaches of the Corporate Standard ch. 3.
APPROACHES: tuple[str, ...] = get_args(Approach)
#: Entity kinds (the financial-accounting categories of Corporate Standard ch. 3 Table 1).
ENTITY_KINDS: tuple[str, ...] = get_args(EntityKind)

#: Where an entity's Scope 1 and 2 emissions go when they are not in the company's Scopes 1
#: and 2: ``"scope3.8"`` (upstream leased assets), ``"scope3.13"`` (downstream leased
#: assets), ``"scope3.14"`` (franchises), ``"scope3.15"`` (investments) or ``"excluded"``.
Destination: TypeAlias = Literal[
    "scopes_1_2", "scope3.8", "scope3.13", "scope3.14", "scope3.15", "excluded"
]

# ----------------------------------------------------------------------------------------------
# The consolidation rules, as data. Each rule gives the share of an entity's emissions that the
# reporting company consolidates into its Scopes 1 and 2 under an approach:
#   "equity"    -> the entity's equity share
#   "one"       -> 100 %
#   "zero"      -> 0 %
#   "opcontrol" -> 100 % with operational control, else 0 %
#   "fincontrol"-> 100 % with full financial control, its equity share with joint financial
#                  control, else 0 %
# and where the rest goes (Scope 3 Standard ch. 5).
# Sources: Corporate Standard ch. 3 ("Equity share approach", "Control approach", Table 1
# "Financial accounting categories"), Appendix F (leased assets).
# ----------------------------------------------------------------------------------------------
Rule: TypeAlias = Literal["equity", "one", "zero", "opcontrol", "fincontrol"]

#: ``(entity kind, approach) -> (share rule, destination when not consolidated, citation)``.
CONSOLIDATION_RULES: Mapping[tuple[str, str], tuple[Rule, Destination, str]] = (
    types.MappingProxyType(
        {
            ("parent", "equity_share"): ("equity", "excluded", "ch. 3, equity share approach"),
            ("parent", "financial_control"): ("fincontrol", "excluded", "ch. 3, Table 1"),
            ("parent", "operational_control"): ("opcontrol", "excluded", "ch. 3, control"),
            ("subsidiary", "equity_share"): ("equity", "excluded", "ch. 3, Table 1"),
            ("subsidiary", "financial_control"): ("one", "excluded", "ch. 3, Table 1"),
            ("subsidiary", "operational_control"): (
                "opcontrol",
                "scope3.15",
                "ch. 3, operational control; Scope 3 Standard ch. 5 category 15",
            ),
            ("joint_venture", "equity_share"): ("equity", "excluded", "ch. 3, Table 1"),
            ("joint_venture", "financial_control"): (
                "fincontrol",
                "scope3.15",
                "ch. 3, Table 1 (joint financial control: equity share); category 15",
            ),
            ("joint_venture", "operational_control"): (
                "opcontrol",
                "scope3.15",
                "ch. 3, operational control; Scope 3 Standard ch. 5 category 15",
            ),
            ("associate", "equity_share"): ("equity", "excluded", "ch. 3, Table 1"),
            ("associate", "financial_control"): (
                "zero",
                "scope3.15",
                "ch. 3, Table 1 (no financial control: 0 %); category 15",
            ),
            ("associate", "operational_control"): (
                "opcontrol",
                "scope3.15",
                "ch. 3, operational control; Scope 3 Standard ch. 5 category 15",
            ),
            ("fixed_asset_investment", "equity_share"): (
                "zero",
                "scope3.15",
                "ch. 3, Table 1 (fixed asset investments: 0 %); category 15",
            ),
            ("fixed_asset_investment", "financial_control"): (
                "zero",
                "scope3.15",
                "ch. 3, Table 1 (fixed asset investments: 0 %); category 15",
            ),
            ("fixed_asset_investment", "operational_control"): (
                "zero",
                "scope3.15",
                "ch. 3, Table 1 (fixed asset investments: 0 %); category 15",
            ),
            ("franchise", "equity_share"): (
                "equity",
                "scope3.14",
                "ch. 3, Table 1 (franchises); Scope 3 Standard ch. 5 category 14",
            ),
            ("franchise", "financial_control"): (
                "fincontrol",
                "scope3.14",
                "ch. 3, Table 1 (franchises); Scope 3 Standard ch. 5 category 14",
            ),
            ("franchise", "operational_control"): (
                "opcontrol",
                "scope3.14",
                "ch. 3, Table 1 (franchises); Scope 3 Standard ch. 5 category 14",
            ),
        }
    )
)

#: Leased assets, Corporate Standard Appendix F and Scope 3 Standard ch. 5 (categories 8 and
#: 13): ``(lease type, role, approach) -> destination`` (consolidated at 100 % or moved at 100 %).
LEASE_RULES: Mapping[tuple[str, str, str], Destination] = types.MappingProxyType(
    {
        ("finance", "lessee", "equity_share"): "scopes_1_2",
        ("finance", "lessee", "financial_control"): "scopes_1_2",
        ("finance", "lessee", "operational_control"): "scopes_1_2",
        ("operating", "lessee", "equity_share"): "scope3.8",
        ("operating", "lessee", "financial_control"): "scope3.8",
        ("operating", "lessee", "operational_control"): "scopes_1_2",
        ("finance", "lessor", "equity_share"): "scope3.13",
        ("finance", "lessor", "financial_control"): "scope3.13",
        ("finance", "lessor", "operational_control"): "scope3.13",
        ("operating", "lessor", "equity_share"): "scopes_1_2",
        ("operating", "lessor", "financial_control"): "scopes_1_2",
        ("operating", "lessor", "operational_control"): "scope3.13",
    }
)


def _fraction(value: float) -> float:
    """The equity share as a float, from an int or float only (typed error otherwise)."""
    given: object = value
    if isinstance(given, bool) or not isinstance(given, (int, float)):
        raise InventoryError(
            "Entity.equity_share: must be a number",
            value=value,
            source="Entity.equity_share",
            hint="give a fraction such as 0.4 for 40 %",
        )
    return float(value)


def _name(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InventoryError(
            "Entity.name: must be a non-empty string",
            value=value,
            source="Entity.name",
            hint="the name activity rows give in their 'entity' column",
        )


def _share(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise InventoryError(
            f"{attribute.name} must be a fraction in [0, 1]",
            value=value,
            source="Entity",
            hint="give 0.4 for 40 %",
        )


def _choice(options: tuple[str, ...]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in options:
            raise InventoryError(
                f"unknown {attribute.name}",
                value=value,
                source=f"Entity({getattr(instance, 'name', '?')!r})",
                hint="use one of " + ", ".join(repr(o) for o in options),
            )

    return check


@attrs.frozen
class Entity:
    """One operation in the company's structure: a subsidiary, joint venture, leased asset, ...

    The kinds follow the financial-accounting categories of the GHG Protocol
    Corporate Standard ch. 3 (Table 1): group companies/subsidiaries,
    associated companies, joint ventures with joint financial control,
    fixed asset investments and franchises; plus the reporting ``parent``
    and ``leased_asset`` (Corporate Standard Appendix F).

    Parameters
    ----------
    name
        Unique name; activity rows refer to it in their ``entity`` column.
    kind
        One of :data:`ENTITY_KINDS`.
    equity_share
        The reporting company's equity share (economic interest), in [0, 1].
    financial_control
        ``"full"``, ``"joint"`` or ``"none"`` (ch. 3: the ability to direct
        financial and operating policies with a view to gaining economic
        benefits).
    operational_control
        Whether the company has full authority to introduce and implement
        operating policies (ch. 3).
    asset
        The underlying operation, for the rule that equity shares of one
        asset cannot sum past 100 % (default: ``name``).
    lease, lease_role
        For ``kind="leased_asset"`` only: ``"finance"`` or ``"operating"``,
        and ``"lessee"`` or ``"lessor"``.

    Raises
    ------
    InventoryError
        A name that is not a non-empty string, a share that is not a number
        in [0, 1], an unknown kind or control value, or a
        combination Table 1 rules out (a subsidiary without financial control,
        an associate or fixed asset investment with it, lease data on an
        entity that is not a leased asset).

    Examples
    --------
    >>> jv = Entity("Cell JV", kind="joint_venture", equity_share=0.5,
    ...             financial_control="joint", operational_control=False)
    >>> jv.asset
    'Cell JV'
    >>> Entity("X", kind="subsidiary", equity_share=1.2, financial_control="full",
    ...        operational_control=True)
    Traceback (most recent call last):
    ...
    carbonstd.errors.InventoryError: equity_share must be a fraction in [0, 1]: 1.2 ...
    """

    name: str = attrs.field(validator=_name)
    kind: EntityKind = attrs.field(kw_only=True, validator=_choice(ENTITY_KINDS))
    equity_share: float = attrs.field(kw_only=True, converter=_fraction, validator=_share)
    financial_control: FinancialControl = attrs.field(
        kw_only=True,
        validator=_choice(("full", "joint", "none")),
    )
    operational_control: bool = attrs.field(kw_only=True)
    asset: str = attrs.field(kw_only=True, default="")
    lease: Literal["finance", "operating"] | None = attrs.field(kw_only=True, default=None)
    lease_role: Literal["lessee", "lessor"] | None = attrs.field(kw_only=True, default=None)

    def __attrs_post_init__(self) -> None:
        where = f"Entity({self.name!r})"
        asset: object = self.asset
        if not isinstance(asset, str):
            raise InventoryError(
                "Entity.asset: must be a string", value=asset, source=where, hint="an asset name"
            )
        if not isinstance(self.operational_control, bool):
            raise InventoryError(
                "operational_control must be True or False",
                value=self.operational_control,
                source=where,
            )
        if not self.asset:
            object.__setattr__(self, "asset", self.name)
        forbidden = {
            "subsidiary": ("joint", "none"),
            "associate": ("full", "joint"),
            "fixed_asset_investment": ("full", "joint"),
            "joint_venture": ("full",),
        }.get(self.kind, ())
        if self.financial_control in forbidden:
            raise InventoryError(
                f"a {self.kind} cannot have financial_control={self.financial_control!r} "
                "(Corporate Standard ch. 3, Table 1)",
                value=self.financial_control,
                source=where,
                hint="a company under full financial control is a 'subsidiary'; joint financial "
                "control is a 'joint_venture'; significant influence only is an 'associate'",
            )
        if self.kind == "fixed_asset_investment" and self.operational_control:
            raise InventoryError(
                "a fixed asset investment has neither influence nor control (ch. 3, Table 1)",
                value=self.operational_control,
                source=where,
                hint="use kind='subsidiary' or 'associate' for an operation you control",
            )
        if self.kind == "leased_asset":
            if self.lease not in ("finance", "operating") or self.lease_role not in (
                "lessee",
                "lessor",
            ):
                raise InventoryError(
                    "a leased asset needs lease='finance'|'operating' and "
                    "lease_role='lessee'|'lessor' (Corporate Standard Appendix F)",
                    value=(self.lease, self.lease_role),
                    source=where,
                )
        elif self.lease is not None or self.lease_role is not None:
            raise InventoryError(
                "lease and lease_role are only for kind='leased_asset'",
                value=(self.lease, self.lease_role),
                source=where,
            )


@attrs.frozen
class Inclusion:
    """How much of one entity's emissions an approach consolidates, and where the rest goes.

    Attributes
    ----------
    entity
        Entity name.
    share
        Fraction of the entity's Scope 1 and 2 emissions (and its Scope 3
        rows) in the company's inventory under the approach.
    destination
        ``"scopes_1_2"`` when ``share > 0``; otherwise where the entity's
        Scope 1 and 2 emissions are reported (``"scope3.8"``,
        ``"scope3.13"``, ``"scope3.14"``, ``"scope3.15"``) or ``"excluded"``.
    scope3_share
        Fraction of the entity's Scope 1 and 2 emissions reported in that
        Scope 3 category (0 when none).
    rule
        The rule applied, with its clause.
    """

    entity: str
    share: float
    destination: Destination
    scope3_share: float
    rule: str


def _entities(value: Iterable[Entity]) -> tuple[Entity, ...]:
    given: object = value
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        raise InventoryError(
            "Organization.entities: must be a sequence of Entity values",
            value=type(value).__name__,
            source="Organization(entities=...)",
            hint="e.g. Organization(entities=[Entity('EV Co', kind='parent', ...)])",
        )
    out = tuple(value)
    for i, item in enumerate(out):
        if not isinstance(item, Entity):
            raise InventoryError(
                "organization entities must be Entity values",
                value=type(item).__name__,
                source=f"Organization(entities=...)[{i}]",
            )
    return out


@attrs.frozen
class Organization:
    """The reporting company's structure: its entities (Corporate Standard ch. 3).

    Parameters
    ----------
    entities
        The entities; names must be unique, and the equity shares of the
        entities that hold one ``asset`` may not sum past 100 %.

    Raises
    ------
    InventoryError
        For no entities, a repeated name, or equity over 100 % for one asset.

    Examples
    --------
    >>> org = Organization(entities=[
    ...     Entity("Parent", kind="parent", equity_share=1.0, financial_control="full",
    ...            operational_control=True),
    ...     Entity("Cell JV", kind="joint_venture", equity_share=0.4,
    ...            financial_control="joint", operational_control=True),
    ... ])
    >>> {k: v.share for k, v in org.inclusion("equity_share").items()}
    {'Parent': 1.0, 'Cell JV': 0.4}
    >>> {k: v.share for k, v in org.inclusion("operational_control").items()}
    {'Parent': 1.0, 'Cell JV': 1.0}
    """

    entities: tuple[Entity, ...] = attrs.field(kw_only=True, converter=_entities)

    def __attrs_post_init__(self) -> None:
        if not self.entities:
            raise InventoryError(
                "an organization needs at least one entity",
                source="Organization",
                hint="add the reporting company itself as Entity(kind='parent', ...)",
            )
        seen: set[str] = set()
        by_asset: dict[str, list[float]] = {}
        for e in self.entities:
            if e.name in seen:
                raise InventoryError(
                    "entity names must be unique", value=e.name, source="Organization"
                )
            seen.add(e.name)
            by_asset.setdefault(e.asset, []).append(e.equity_share)
        for asset, shares in by_asset.items():
            if math.fsum(shares) > 1.0:
                raise InventoryError(
                    "equity shares of one asset sum past 100 %",
                    value=asset,
                    source="Organization",
                    hint=f"the shares {shares} sum to {math.fsum(shares)!r}; an asset's equity "
                    "cannot exceed 1",
                )

    def entity(self, name: str) -> Entity:
        """The entity called ``name``.

        Raises
        ------
        InventoryError
            For an unknown name; the hint lists the known ones.

        Examples
        --------
        >>> org = Organization(entities=[Entity("P", kind="parent", equity_share=1.0,
        ...     financial_control="full", operational_control=True)])
        >>> org.entity("P").kind
        'parent'
        >>> org.entity("Q")
        Traceback (most recent call last):
        ...
        carbonstd.errors.InventoryError: unknown entity: 'Q' (in Organization) ...
        """
        for e in self.entities:
            if e.name == name:
                return e
        raise InventoryError(
            "unknown entity",
            value=name,
            source="Organization",
            hint="known entities: " + ", ".join(repr(e.name) for e in self.entities),
        )

    def inclusion(self, approach: Approach) -> Mapping[str, Inclusion]:
        """Each entity's share of emissions under ``approach`` (Corporate Standard ch. 3).

        Equity share: the company's equity share (fixed asset investments
        count zero). Financial control: 100 % of subsidiaries, the equity
        share of operations under joint financial control, 0 % of associates
        and fixed asset investments. Operational control: 100 % of operations
        with operational control, else 0 %. Leased assets follow Appendix F;
        franchises and investments left out go to Scope 3 categories 14 and
        15 (Scope 3 Standard ch. 5). The rules are :data:`CONSOLIDATION_RULES`
        and :data:`LEASE_RULES`.

        Parameters
        ----------
        approach
            ``"equity_share"``, ``"financial_control"`` or ``"operational_control"``.

        Raises
        ------
        InventoryError
            For an unknown approach.

        Examples
        --------
        >>> org = Organization(entities=[
        ...     Entity("Warehouse", kind="leased_asset", equity_share=0.0,
        ...            financial_control="none", operational_control=True,
        ...            lease="operating", lease_role="lessee")])
        >>> org.inclusion("financial_control")["Warehouse"].destination
        'scope3.8'
        >>> org.inclusion("operational_control")["Warehouse"].destination
        'scopes_1_2'
        """
        if approach not in APPROACHES:
            raise InventoryError(
                "unknown consolidation approach",
                value=approach,
                source="Organization.inclusion",
                hint="use 'equity_share', 'financial_control' or 'operational_control' "
                "(Corporate Standard ch. 3)",
            )
        return types.MappingProxyType({e.name: _include(e, approach) for e in self.entities})


def _include(e: Entity, approach: str) -> Inclusion:
    if e.kind == "leased_asset":
        assert e.lease is not None
        assert e.lease_role is not None
        dest = LEASE_RULES[(e.lease, e.lease_role, approach)]
        rule = f"{e.lease} lease, {e.lease_role}, {approach}: Corporate Standard Appendix F"
        if dest == "scopes_1_2":
            return Inclusion(e.name, 1.0, dest, 0.0, rule)
        return Inclusion(e.name, 0.0, dest, 1.0, rule + f"; Scope 3 Standard category {dest[7:]}")
    kind_rule, elsewhere, cite = CONSOLIDATION_RULES[(e.kind, approach)]
    if kind_rule == "equity":
        share = e.equity_share
    elif kind_rule == "one":
        share = 1.0
    elif kind_rule == "zero":
        share = 0.0
    elif kind_rule == "opcontrol":
        share = 1.0 if e.operational_control else 0.0
    else:  # fincontrol
        share = {"full": 1.0, "joint": e.equity_share, "none": 0.0}[e.financial_control]
    rule = f"{e.kind}, {approach}: Corporate Standard {cite}"
    if share > 0.0:
        return Inclusion(e.name, share, "scopes_1_2", 0.0, rule)
    if elsewhere == "scope3.14":
        return Inclusion(e.name, 0.0, elsewhere, 1.0, rule)
    if elsewhere == "scope3.15" and e.equity_share > 0.0:
        return Inclusion(e.name, 0.0, elsewhere, e.equity_share, rule)
    return Inclusion(e.name, 0.0, "excluded", 0.0, rule)
