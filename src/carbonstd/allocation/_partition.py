"""Multi-output processes: subdivision and partitioning by a property (ISO 14044 4.3.4.2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias, get_args

import attrs
import numpy as np

from carbonstd import units
from carbonstd.allocation._burden import (
    BurdenLike,
    FloatArray,
    GasBurden,
    _finite_array,
    _jsonable,
    check_shares,
    common_shape,
    labelled_part,
    str_tuple,
)
from carbonstd.errors import AllocationError, UnitError

__all__ = ["Basis", "Hierarchy", "PartitionResult", "SubdivisionResult", "partition", "subdivide"]

#: The property a process's burdens are partitioned by.
Basis: TypeAlias = Literal[
    "mass",
    "energy_net",
    "energy_gross",
    "volume",
    "moles",
    "exergy",
    "economic",
    "causal",
    "equal",
]

#: Where a result stands in the ISO 14044:2006 4.3.4.2 allocation procedure.
Hierarchy: TypeAlias = Literal["subdivision", "system expansion", "physical", "other"]

#: Years accepted as ``price_year`` (the range carbonstd uses for every year:
#: factor sets, activities, reporting years).
PRICE_YEAR_RANGE = (1900, 2200)

_PHYSICAL_UNIT: dict[str, str] = {
    "mass": "kg",
    "energy_net": "MJ",
    "energy_gross": "MJ",
    "volume": "m3",
    "moles": "mol",
    "exergy": "MJ",
}

_HIERARCHY: dict[str, Hierarchy] = {
    "mass": "physical",
    "energy_net": "physical",
    "energy_gross": "physical",
    "volume": "physical",
    "moles": "physical",
    "exergy": "physical",
    "causal": "physical",
    "economic": "other",
    "equal": "other",
}


def _readonly(arr: FloatArray) -> FloatArray:
    out = np.array(arr, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


@attrs.frozen(eq=False)
class PartitionResult:
    """Burdens of a multi-output process split among its co-products, with the working.

    Attributes
    ----------
    method
        ``"partition"``.
    basis
        The property used (see :data:`Basis`).
    hierarchy
        The step of the ISO 14044:2006 4.3.4.2 procedure this result applies:
        ``"physical"`` (step 2) or ``"other"`` (step 3, e.g. economic value).
    products
        Co-product names, in the order of the product axis.
    gases
        Gas names, in the order of the gas axis.
    basis_values
        The property of each co-product, shape ``(..., n_products)``, in
        ``basis_unit`` (converted from whatever unit it was given in).
    basis_unit
        Unit of ``basis_values`` (``"kg"``, ``"MJ"``, ``"EUR"``, ``"1"``...).
    shares
        Allocation factors, shape ``(..., n_products)`` or, for per-gas causal
        factors, ``(..., n_products, n_gases)``; each in [0, 1], summing to one.
    allocated
        Burdens per co-product, shape ``(..., n_products, n_gases)``.
    total
        The process's burdens before allocation.
    price_year
        Price year of economic values (``None`` for other bases).
    """

    method: str
    basis: str
    hierarchy: Hierarchy
    products: tuple[str, ...] = attrs.field(converter=str_tuple)
    gases: tuple[str, ...] = attrs.field(converter=str_tuple)
    basis_values: FloatArray = attrs.field(converter=_readonly)
    basis_unit: str
    shares: FloatArray = attrs.field(converter=_readonly)
    allocated: FloatArray = attrs.field(converter=_readonly)
    total: GasBurden
    price_year: int | None = None

    def __getitem__(self, product: str) -> GasBurden:
        """The burden allocated to one co-product."""
        return labelled_part(self.allocated, self.products, self.gases, product, what="co-product")

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-like data (floats and lists)."""
        return {
            "method": self.method,
            "basis": self.basis,
            "hierarchy": self.hierarchy,
            "basis_unit": self.basis_unit,
            "price_year": self.price_year,
            "basis_values": self._by_product(self.basis_values, axis=-1),
            "shares": self._shares_by_product(),
            "allocated": {p: self[p].as_dict() for p in self.products},
        }

    @property
    def per_gas_shares(self) -> bool:
        """Whether the shares differ by gas (per-exchange causal factors)."""
        return self.shares.shape == self.allocated.shape

    def _shares_by_product(self) -> dict[str, Any]:
        if not self.per_gas_shares:
            return self._by_product(self.shares, axis=-1)
        return {
            p: GasBurden(self.shares[..., i, :], self.gases).as_dict()
            for i, p in enumerate(self.products)
        }

    def _by_product(self, arr: FloatArray, *, axis: int) -> dict[str, Any]:
        return {p: _jsonable(np.take(arr, i, axis=axis)) for i, p in enumerate(self.products)}


@attrs.frozen(eq=False)
class SubdivisionResult:
    """Burdens of a subdivided process: each sub-process assigned whole to a co-product.

    Attributes
    ----------
    products, gases
        Co-product and gas names.
    assignment
        Sub-process name -> co-product name, as applied.
    allocated
        Burdens per co-product, shape ``(..., n_products, n_gases)``.
    total
        Sum over co-products (equal to the sum over sub-processes).
    hierarchy
        ``"subdivision"`` (ISO 14044:2006 4.3.4.2, step 1: no allocation needed).
    """

    products: tuple[str, ...] = attrs.field(converter=str_tuple)
    gases: tuple[str, ...] = attrs.field(converter=str_tuple)
    assignment: dict[str, str]
    allocated: FloatArray = attrs.field(converter=_readonly)
    total: GasBurden
    hierarchy: Hierarchy = "subdivision"

    def __getitem__(self, product: str) -> GasBurden:
        """The burden of one co-product."""
        return labelled_part(self.allocated, self.products, self.gases, product, what="co-product")

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-like data."""
        return {
            "method": "subdivision",
            "hierarchy": self.hierarchy,
            "assignment": dict(self.assignment),
            "allocated": {p: self[p].as_dict() for p in self.products},
        }


def _product_names(products: Sequence[object]) -> tuple[str, ...]:
    names = tuple(products)
    if isinstance(products, str) or not names:
        raise AllocationError(
            "products must be a non-empty sequence of co-product names",
            value=products,
            source="products",
            hint="pass e.g. products=('steel', 'slag')",
        )
    out: list[str] = []
    for name in names:
        if not isinstance(name, str) or not name:
            raise AllocationError("co-product names must be non-empty strings", value=name)
        out.append(name)
    if len(set(out)) != len(out):
        raise AllocationError("co-product names repeat", value=names, source="products")
    return tuple(out)


def _is_single_quantity(obj: object) -> bool:
    if isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[1], (str, units.Unit)):
        return True
    return hasattr(obj, "magnitude") and hasattr(obj, "units")


def _stack_quantities(
    properties: Any, unit: str, n_products: int, *, source: str, method: str = "partition"
) -> FloatArray:
    """Property magnitudes in ``unit`` with a trailing product axis (one conversion per item)."""
    if properties is None:
        raise AllocationError(
            "this basis needs a property for every co-product",
            source=source,
            hint="pass properties=[(2.0, 'kg'), (1.0, 'kg')] or a quantity array",
        )
    if _is_single_quantity(properties):
        values = np.asarray(units.magnitude_in(properties, unit, source=source), dtype=np.float64)
        if values.ndim == 0 or values.shape[-1] != n_products:
            raise AllocationError(
                "a property array needs a trailing axis with one entry per co-product",
                value=values.shape,
                source=source,
                hint=f"expected shape (..., {n_products})",
            )
        return values
    items = list(properties)
    if len(items) != n_products:
        raise AllocationError(
            "the number of properties differs from the number of co-products",
            value=len(items),
            source=source,
            hint=f"give one property per co-product ({n_products})",
        )
    columns = [
        np.asarray(units.magnitude_in(q, unit, source=f"{source}[{i}]"), dtype=np.float64)
        for i, q in enumerate(items)
    ]
    return _stack_columns(columns, source=source, method=method)


def _stack_columns(
    columns: Sequence[FloatArray], *, source: str, method: str = "partition"
) -> FloatArray:
    """Per-co-product arrays stacked on a trailing axis (process axes checked first)."""
    shape = common_shape({f"{source}[{i}]": c.shape for i, c in enumerate(columns)}, method=method)
    return np.stack([np.broadcast_to(c, shape) for c in columns], axis=-1)


def _economic_values(
    properties: Any,
    amounts: Sequence[Any] | None,
    currency: str,
    n_products: int,
) -> FloatArray:
    if amounts is None:
        return _stack_quantities(properties, currency, n_products, source="properties")
    if _is_single_quantity(properties) or len(list(properties)) != n_products:
        raise AllocationError(
            "with amounts=, give one unit price per co-product",
            source="properties",
            hint="e.g. properties=[(400, 'EUR/t'), (20, 'EUR/t')], amounts=[(1, 't'), (3, 't')]",
        )
    amount_items = list(amounts)
    if len(amount_items) != n_products:
        raise AllocationError(
            "the number of amounts differs from the number of co-products",
            value=len(amount_items),
            source="amounts",
        )
    columns = []
    for i, (price, amount) in enumerate(zip(properties, amount_items, strict=True)):
        amount_value, amount_unit = units.split_quantity(amount, source=f"amounts[{i}]")
        unit_price = np.asarray(
            units.magnitude_in(
                price, f"{currency}/({amount_unit.text})", source=f"properties[{i}]"
            ),
            dtype=np.float64,
        )
        amount_arr = np.asarray(amount_value, dtype=np.float64)
        common_shape(
            {f"properties[{i}]": unit_price.shape, f"amounts[{i}]": amount_arr.shape},
            method="partition",
        )
        columns.append(unit_price * amount_arr)
    return _stack_columns(columns, source="properties")


def _causal_shares(
    properties: Any, n_products: int, gases: tuple[str, ...]
) -> tuple[FloatArray, bool]:
    if properties is None:
        raise AllocationError(
            "basis='causal' needs the causal allocation factors",
            source="properties",
            hint="pass properties=[0.7, 0.3] (all gases) or {'CO2': [0.7, 0.3], 'CH4': [1, 0]}",
        )
    if isinstance(properties, Mapping):
        unknown = [g for g in properties if g not in gases]
        missing = [g for g in gases if g not in properties]
        if unknown or missing:
            raise AllocationError(
                "per-gas causal factors must name exactly the burden's gases",
                value={"unknown": unknown, "missing": missing},
                source="properties",
                hint=f"give factors for each of {gases}",
            )
        cols = [_finite_array(properties[g], source=f"properties[{g!r}]") for g in gases]
        shape = common_shape(
            {f"properties[{g!r}]": c.shape for g, c in zip(gases, cols, strict=True)},
            method="partition",
        )
        stacked = np.stack([np.broadcast_to(c, shape) for c in cols], axis=-1)
        if stacked.ndim < 2 or stacked.shape[-2] != n_products:
            raise AllocationError(
                "each gas needs one causal factor per co-product",
                value=stacked.shape[:-1],
                source="properties",
            )
        check_shares(stacked, axis=-2, source="properties")
        return stacked, True
    shares = _finite_array(properties, source="properties")
    if shares.ndim == 0 or shares.shape[-1] != n_products:
        raise AllocationError(
            "causal factors need one entry per co-product",
            value=shares.shape,
            source="properties",
        )
    check_shares(shares, axis=-1, source="properties")
    return shares, False


def _is_price_year(value: object) -> bool:
    """An int (not a bool) within :data:`PRICE_YEAR_RANGE`."""
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return PRICE_YEAR_RANGE[0] <= value <= PRICE_YEAR_RANGE[1]


def partition(
    burdens: BurdenLike,
    properties: Any = None,
    *,
    basis: Basis,
    products: Sequence[str],
    gases: Sequence[str] | None = None,
    currency: str | None = None,
    price_year: int | None = None,
    amounts: Sequence[Any] | None = None,
) -> PartitionResult:
    """Partition a multi-output process's burdens among its co-products.

    Implements ISO 14044:2006 4.3.4.2 steps 2 and 3 (as taken up by
    ISO 14067:2018 6.4.6, the GHG Protocol Product Standard chapter 9 and the
    PEF method, Recommendation (EU) 2021/2279 Annex I 4.5): each co-product
    ``i`` receives ``share_i = p_i / sum_j p_j`` of every gas, where ``p`` is
    the chosen property. The allocated burdens sum to the unallocated ones
    (ISO 14044 4.3.4.2: "the sum of the allocated inputs and outputs ... shall
    equal" those before allocation).

    Parameters
    ----------
    burdens
        The process's burdens per gas: a mapping ``gas -> kg`` (values may be
        arrays, one entry per process), a :class:`GasBurden`, or an array of
        shape ``(..., n_gases)`` with ``gases=``.
    properties
        For ``mass``, ``energy_net``, ``energy_gross``, ``volume``, ``moles``
        and ``exergy``: one quantity per co-product (pint quantity or
        ``(value, unit)``, magnitudes may be arrays over processes), or one
        quantity whose magnitude has a trailing co-product axis. Units are
        checked for dimension and converted. For ``economic``: the market
        value of each co-product's output in ``currency`` or, with
        ``amounts=``, unit prices (e.g. ``(400, "EUR/t")``). For ``causal``:
        the causal allocation factors, one per co-product (the same for every
        gas), or a mapping ``gas -> factors`` (per exchange); they must sum to
        one and are never rescaled. For ``equal``: omit.
    basis
        The property (:data:`Basis`). ``energy_net`` and ``energy_gross`` say
        which calorific value (net/lower or gross/higher) the energy contents
        are on; there is no unqualified energy basis.
    products
        Co-product names.
    gases
        Gas names of an array ``burdens``.
    currency, price_year
        Required for ``economic``: the currency of the values (each currency
        is its own dimension, so there is no silent exchange) and the year the
        prices refer to (an ``int`` from 1900 to 2200). Refused for other bases.
    amounts
        For ``economic`` with unit prices: the output amount of each co-product.

    Returns
    -------
    PartitionResult
        Shares, basis values, allocated burdens and the hierarchy step.

    Raises
    ------
    AllocationError
        For a negative property, all-zero properties, shares that do not sum
        to one, a missing currency, a missing or out-of-range price year,
        mismatched lengths, or process axes that do not broadcast.
    UnitError
        For a property in the wrong dimension (e.g. energy for ``mass``).

    Examples
    --------
    A refinery unit emitting 100 kg CO2 and 0.2 kg CH4, producing 3 t of
    product A and 1000 kg of product B, allocated by mass:

    >>> r = partition({"CO2": 100.0, "CH4": 0.2}, [(3, "t"), (1000, "kg")],
    ...               basis="mass", products=("A", "B"))
    >>> r.shares.tolist()
    [0.75, 0.25]
    >>> r["A"].as_dict()
    {'CO2': 75.0, 'CH4': 0.15...}
    >>> r.hierarchy
    'physical'

    By economic value (prices per tonne, year recorded):

    >>> r = partition({"CO2": 100.0}, [(300, "EUR/t"), (100, "EUR/t")], amounts=[(1, "t"),
    ...               (1, "t")], basis="economic", products=("A", "B"), currency="EUR",
    ...               price_year=2023)
    >>> r.shares.tolist(), r.hierarchy, r.price_year
    ([0.75, 0.25], 'other', 2023)
    """
    if basis not in get_args(Basis):
        raise AllocationError(
            "unknown allocation basis",
            value=basis,
            source="basis",
            hint=f"choose one of {get_args(Basis)}",
        )
    names = _product_names(products)
    n = len(names)
    total = GasBurden.of(burdens, gases=gases, source="burdens")
    if basis != "economic" and (currency is not None or price_year is not None or amounts):
        raise AllocationError(
            "currency, price_year and amounts apply only to basis='economic'",
            value=basis,
            source="basis",
        )
    per_gas = False
    if basis in _PHYSICAL_UNIT:
        unit = _PHYSICAL_UNIT[basis]
        values = _stack_quantities(properties, unit, n, source="properties")
    elif basis == "economic":
        if currency is None or price_year is None:
            raise AllocationError(
                "economic allocation needs the currency and the price year",
                value={"currency": currency, "price_year": price_year},
                source="basis='economic'",
                hint="pass currency='EUR', price_year=2023 (no exchange rate is applied)",
            )
        if not _is_price_year(price_year):
            raise AllocationError(
                "price_year must be an integer year between "
                f"{PRICE_YEAR_RANGE[0]} and {PRICE_YEAR_RANGE[1]}",
                value=price_year,
                source="price_year",
                hint="give the year the prices refer to as an int, e.g. price_year=2023",
            )
        try:
            unit = units.parse(currency).text
        except UnitError as exc:
            raise AllocationError(
                "unknown currency", value=currency, source="currency", hint="e.g. 'EUR', 'USD'"
            ) from exc
        values = _economic_values(properties, amounts, unit, n)
    elif basis == "causal":
        unit = "1"
        values, per_gas = _causal_shares(properties, n, total.gases)
    else:  # equal
        if properties is not None:
            raise AllocationError(
                "basis='equal' takes no properties", value=properties, source="properties"
            )
        unit = "1"
        values = np.ones(n, dtype=np.float64)

    common_shape(
        {"burdens": total.shape, "properties": values.shape[: -2 if per_gas else -1]},
        method="partition",
    )
    if basis == "causal":
        shares = values
    else:
        if np.any(values < 0):
            raise AllocationError(
                "co-product properties must not be negative",
                value=values[values < 0].tolist(),
                source="properties",
                hint="an output with negative value or amount is a waste, not a co-product "
                "(ISO 14044 4.3.4.2); model its treatment instead",
            )
        sums = values.sum(axis=-1, keepdims=True)
        if np.any(sums <= 0):
            raise AllocationError(
                "the co-products' properties sum to zero",
                value=values.tolist(),
                source="properties",
                hint="at least one co-product needs a positive property",
            )
        shares = values / sums
        check_shares(shares, axis=-1, source="shares")

    tot = total.values
    # per-gas causal shares are (..., n_products, n_gases); others (..., n_products)
    allocated = shares * tot[..., None, :] if per_gas else shares[..., :, None] * tot[..., None, :]
    return PartitionResult(
        method="partition",
        basis=basis,
        hierarchy=_HIERARCHY[basis],
        products=names,
        gases=total.gases,
        basis_values=values,
        basis_unit=unit,
        shares=shares,
        allocated=allocated,
        total=GasBurden(np.broadcast_to(tot, allocated.shape[:-2] + tot.shape[-1:]), total.gases),
        price_year=price_year,
    )


def subdivide(
    subprocesses: Mapping[str, BurdenLike],
    assignment: Mapping[str, str],
    *,
    gases: Sequence[str] | None = None,
) -> SubdivisionResult:
    """Avoid allocation by subdividing a process (ISO 14044:2006 4.3.4.2, step 1).

    Each sub-process is assigned whole to the co-product it serves; the
    co-product's burden is the sum of its sub-processes. Every sub-process
    must be assigned (none is dropped).

    Parameters
    ----------
    subprocesses
        Sub-process name -> its burdens per gas.
    assignment
        Sub-process name -> co-product name.
    gases
        Gas names when the burdens are arrays.

    Examples
    --------
    >>> r = subdivide({"kiln": {"CO2": 80.0}, "mill": {"CO2": 20.0}},
    ...               {"kiln": "clinker", "mill": "flour"})
    >>> r["clinker"].as_dict(), r.hierarchy
    ({'CO2': 80.0}, 'subdivision')
    """
    if not subprocesses:
        raise AllocationError("no sub-processes given", source="subprocesses")
    missing = [s for s in subprocesses if s not in assignment]
    extra = [s for s in assignment if s not in subprocesses]
    if missing or extra:
        raise AllocationError(
            "every sub-process must be assigned to exactly one co-product",
            value={"unassigned": missing, "unknown": extra},
            source="assignment",
        )
    parts = {
        s: GasBurden.of(b, gases=gases, source=f"subprocesses[{s!r}]")
        for s, b in subprocesses.items()
    }
    seen: dict[str, None] = {}
    for b in parts.values():
        for g in b.gases:
            seen.setdefault(g, None)
    all_gases = tuple(seen)
    names = _product_names(list(dict.fromkeys(assignment[s] for s in subprocesses)))
    lead = common_shape(
        {f"subprocesses[{s!r}]": b.shape for s, b in parts.items()}, method="subdivide"
    )
    aligned = {s: b.aligned(all_gases).values for s, b in parts.items()}
    allocated = np.zeros((*lead, len(names), len(all_gases)))
    for s, v in aligned.items():
        allocated[..., names.index(assignment[s]), :] += v
    return SubdivisionResult(
        products=names,
        gases=all_gases,
        assignment={k: assignment[k] for k in subprocesses},
        allocated=allocated,
        total=GasBurden(allocated.sum(axis=-2), all_gases),
    )
