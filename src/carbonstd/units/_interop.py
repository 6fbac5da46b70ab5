"""Quantities in and out: accept any pint registry's quantities, never mutate one."""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from carbonstd.errors import UnitError
from carbonstd.units._unit import Unit, _as_unit, parse

#: What carbonstd accepts wherever a quantity is expected: a pint ``Quantity``
#: from any registry, or a ``(magnitude, unit)`` pair such as ``(12.0, "kg")``.
QuantityLike: TypeAlias = Any


def _is_pint_quantity(obj: object) -> bool:
    return hasattr(obj, "magnitude") and hasattr(obj, "units") and hasattr(obj, "to_root_units")


def split_quantity(
    quantity: QuantityLike, *, source: str | None = None
) -> tuple[float | npt.NDArray[np.float64], Unit]:
    """Return ``(magnitude, unit)`` from a pint quantity or a ``(value, unit)`` pair.

    Quantities from any pint registry are accepted, including pint's
    application registry: their units are read through root units, so a
    caller's own definitions need not exist in carbonstd's registry.

    Examples
    --------
    >>> from carbonstd.units import split_quantity
    >>> value, unit = split_quantity((3.0, "MWh"))
    >>> value, unit.text
    (3.0, 'MWh')
    """
    if isinstance(quantity, tuple) and len(quantity) == 2:
        value, unit = quantity
        parsed = unit if isinstance(unit, Unit) else parse(str(unit), source=source)
        return _magnitude(value, source), parsed
    if _is_pint_quantity(quantity):
        try:
            root = quantity.to_root_units()
            items = list(root.unit_items())
            magnitude = root.magnitude
        except Exception as exc:  # a foreign registry's error must not escape bare
            raise UnitError(
                "could not read the pint quantity", value=str(quantity), source=source
            ) from exc
        text = "*".join(f"{name}**{int(exp)}" if exp != 1 else str(name) for name, exp in items)
        # Root units of pint registries are gram, meter, second, ...; carbonstd's root
        # magnitudes are exact, so the only rounding is the foreign registry's.
        unit = parse(text or "dimensionless", source=source) if text else parse("1")
        value = _magnitude(magnitude, source)
        if unit.scale != 1:
            value = value * float(unit.scale)
            unit = parse(_root_text(unit) or "1")
        return value, unit
    raise UnitError(
        "expected a pint Quantity or a (value, unit) pair",
        value=quantity,
        source=source,
        hint="pass e.g. (12.0, 'kg') or ureg.Quantity(12.0, 'kg')",
    )


def _root_text(unit: Unit) -> str:
    return "*".join(n if e == 1 else f"{n}**{e}" for n, e in unit.dimensions)


def _magnitude(value: object, source: str | None) -> float | npt.NDArray[np.float64]:
    if isinstance(value, (str, bytes, bool, np.bool_)):
        raise UnitError("quantity magnitude is not a number", value=value, source=source)
    if isinstance(value, (Real, np.integer, np.floating)):
        try:
            result = float(value)
        except OverflowError as exc:  # a huge int or Fraction
            raise UnitError(
                "quantity magnitude overflows float64", value=value, source=source
            ) from exc
        if not np.isfinite(result):
            raise UnitError("quantity magnitude is not finite", value=value, source=source)
        return result
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "USb":  # numpy would read '1.5' as 1.5 and True as 1.0
            raise TypeError(raw.dtype)
        if raw.dtype.kind == "O" and not all(
            isinstance(x, Real) and not isinstance(x, bool) for x in raw.flat
        ):  # numpy would read None as NaN
            raise TypeError(raw.dtype)
        arr = raw.astype(np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise UnitError("quantity magnitude is not a number", value=value, source=source) from exc
    if arr.ndim == 0:
        return _magnitude(float(arr), source)
    if not np.all(np.isfinite(arr)):
        raise UnitError("quantity magnitude has NaN or infinite entries", source=source)
    return arr


def magnitude_in(
    quantity: QuantityLike, unit: Unit | str, *, source: str | None = None
) -> float | npt.NDArray[np.float64]:
    """The magnitude of ``quantity`` expressed in ``unit``.

    Raises
    ------
    UnitError
        If the dimensions differ, naming both units.

    Examples
    --------
    >>> from carbonstd.units import magnitude_in
    >>> magnitude_in((2.0, "MWh"), "GJ")
    7.2
    """
    value, own = split_quantity(quantity, source=source)
    try:
        factor = own.factor_to(unit)
    except UnitError as exc:
        raise UnitError(
            f"expected a quantity in {_as_unit(unit).kind}, got {own.kind}",
            value=own.text,
            source=source,
            hint=f"give it in units convertible to {str(unit)!r}",
        ) from exc
    return value * factor


def magnitudes_in(
    quantities: Sequence[QuantityLike], unit: Unit | str, *, source: str | None = None
) -> npt.NDArray[np.float64]:
    """Magnitudes of many quantities in one ``unit``, as a flat float64 array.

    Each quantity is converted with :func:`magnitude_in`; array magnitudes are
    flattened in order.

    Raises
    ------
    UnitError
        If a quantity is malformed or not convertible to ``unit``.

    Examples
    --------
    >>> import numpy as np
    >>> from carbonstd.units import magnitudes_in
    >>> magnitudes_in([(1.0, "t"), (np.array([1.0, 2.0]), "kg")], "kg").tolist()
    [1000.0, 1.0, 2.0]
    """
    parts = [np.atleast_1d(magnitude_in(q, unit, source=source)) for q in quantities]
    return np.concatenate(parts) if parts else np.zeros(0)


def to_quantity(value: float | npt.ArrayLike, unit: Unit | str, *, registry: Any = None) -> Any:
    """Make a pint quantity in the caller's registry (default: pint's application registry).

    The registry is never mutated. Where it does not know ``unit`` (for
    carbonstd aliases such as ``tkm``), the quantity is expressed in root units.

    Parameters
    ----------
    value
        A finite number or an array of finite numbers.
    unit
        The unit of ``value``.
    registry
        A pint ``UnitRegistry`` (or pint's application registry); ``None``
        means pint's application registry.

    Raises
    ------
    UnitError
        If ``registry`` is not a pint registry, ``value`` is not finite
        numbers, or the registry cannot express the unit.

    Examples
    --------
    >>> from carbonstd.units import to_quantity
    >>> q = to_quantity(1.5, "MWh")
    >>> round(q.to("GJ").magnitude, 12)
    5.4
    >>> to_quantity(1.0, "kg", registry=object())
    Traceback (most recent call last):
    ...
    carbonstd.errors.UnitError: registry is not a pint unit registry: ...
    """
    import pint
    from pint.registry import ApplicationRegistry

    reg: Any = registry if registry is not None else pint.get_application_registry()  # type: ignore[no-untyped-call,unused-ignore]
    if not isinstance(reg, (pint.UnitRegistry, ApplicationRegistry)):
        raise UnitError(
            "registry is not a pint unit registry",
            value=reg,
            source="registry",
            hint="pass a pint.UnitRegistry, pint.get_application_registry(), or None",
        )
    parsed = _as_unit(unit)
    magnitude = _magnitude(value, "value")
    try:
        return reg.Quantity(magnitude, parsed.normalized)
    except pint.PintError:
        pass
    root = _root_text(parsed) or "dimensionless"
    try:
        quantity = reg.Quantity(np.asarray(magnitude, dtype=np.float64) * float(parsed.scale), root)
        return quantity.to_base_units()
    except pint.PintError as exc:
        raise UnitError(
            "the target registry cannot express this unit",
            value=parsed.text,
            source="registry",
            hint="carbonstd's own dimensions (vehicles, passengers, currencies, Nm3) exist "
            "only in carbonstd's registry; keep such amounts as (value, unit) pairs",
        ) from exc
