"""Per-gas burdens: the value every allocation method takes and returns.

A burden is a float64 array whose trailing axis runs over gases, with the gas
names alongside. Leading axes, if any, index many processes (or materials,
or vehicles) computed at once.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.errors import AllocationError, UnknownGasError
from carbonstd.gwp import canonical_gas

__all__ = ["BurdenLike", "GasBurden", "PEFConformanceWarning"]

FloatArray: TypeAlias = npt.NDArray[np.float64]

#: What the allocation functions accept as a per-gas burden: a
#: :class:`GasBurden`, a mapping ``gas -> kg`` (values may be arrays for many
#: processes at once), or a numpy array whose trailing axis runs over gases
#: (then ``gases=`` names them).
BurdenLike: TypeAlias = "GasBurden | Mapping[str, Any] | npt.ArrayLike"

#: Relative tolerance used when checking that shares sum to one.
SHARE_TOLERANCE = 1e-9


class PEFConformanceWarning(UserWarning):
    """A choice that the PEF method (Recommendation (EU) 2021/2279) advises against.

    Raised as a warning where the PEF text says *should*; where it says
    *shall*, carbonstd raises :class:`~carbonstd.errors.AllocationError`
    instead.

    Examples
    --------
    >>> issubclass(PEFConformanceWarning, UserWarning)
    True
    """


def str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    """Converter for attrs fields holding names."""
    return tuple(values)


def _as_gas_tuple(gases: Iterable[object], *, source: str) -> tuple[str, ...]:
    out: list[str] = []
    for gas in gases:
        if not isinstance(gas, str) or not gas.strip():
            raise AllocationError(
                "gas names must be non-empty strings",
                value=gas,
                source=source,
                hint="name gases as in carbonstd.gwp, e.g. 'CO2', 'CH4', 'N2O'",
            )
        out.append(canonical_gas(gas))
    if len(set(out)) != len(out):
        raise AllocationError(
            "gas names repeat (after reading spellings such as 'HFC134a' as 'HFC-134a')",
            value=out,
            source=source,
            hint="give each gas once",
        )
    if not out:
        raise AllocationError(
            "a burden needs at least one gas",
            value=out,
            source=source,
            hint="pass e.g. {'CO2': 10.0}",
        )
    return tuple(out)


def _canonical_gases(gases: Iterable[object]) -> tuple[str, ...]:
    """Validate gas names and make them canonical (an attrs converter)."""
    return _as_gas_tuple(gases, source="gases")


def _finite_array(value: Any, *, source: str) -> FloatArray:
    if isinstance(value, bool):
        raise AllocationError("expected a number, got a bool", value=value, source=source)
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise AllocationError(
            "expected a number or an array of numbers", value=value, source=source
        ) from exc
    if not np.all(np.isfinite(arr)):
        raise AllocationError(
            "value is NaN or infinite",
            value=value,
            source=source,
            hint="give finite numbers; a missing value must be filled explicitly",
        )
    return arr


def _values(value: Any) -> FloatArray:
    return _finite_array(value, source="values")


@attrs.frozen(eq=False)
class GasBurden:
    """Emissions (or an emission intensity) kept per gas.

    ``values`` has the gases on its trailing axis, in the order of
    ``gases``; any leading axes index processes, materials or vehicles
    computed at once. The array is copied and made read-only.

    Parameters
    ----------
    values
        Array of shape ``(..., len(gases))``: kg of each gas (or kg per unit
        when the burden is an intensity).
    gases
        Gas names, e.g. ``("CO2", "CH4", "N2O")``.

    Examples
    --------
    >>> b = GasBurden.of({"CO2": 100.0, "CH4": 0.5})
    >>> b.gases
    ('CO2', 'CH4')
    >>> b["CH4"]
    0.5
    >>> b.as_dict()
    {'CO2': 100.0, 'CH4': 0.5}
    """

    values: FloatArray = attrs.field(converter=_values)
    gases: tuple[str, ...] = attrs.field(converter=_canonical_gases)

    def __attrs_post_init__(self) -> None:
        if self.values.ndim == 0 or self.values.shape[-1] != len(self.gases):
            raise AllocationError(
                "the trailing axis of a burden array must have one entry per gas",
                value=self.values.shape,
                source="values",
                hint=f"expected shape (..., {len(self.gases)}) for gases {self.gases}",
            )
        frozen = np.array(self.values, dtype=np.float64, copy=True)
        frozen.setflags(write=False)
        object.__setattr__(self, "values", frozen)

    @classmethod
    def of(
        cls,
        burden: BurdenLike,
        *,
        gases: Sequence[str] | None = None,
        source: str = "burden",
    ) -> GasBurden:
        """Make a :class:`GasBurden` from a mapping, an array with ``gases=``, or a burden.

        A gas absent from a mapping means zero of that gas.

        Examples
        --------
        >>> GasBurden.of([[1.0, 2.0], [3.0, 4.0]], gases=("CO2", "N2O")).shape
        (2,)
        """
        if isinstance(burden, GasBurden):
            if gases is not None and _as_gas_tuple(gases, source=source) != burden.gases:
                return burden.aligned(_as_gas_tuple(gases, source=source))
            return burden
        if isinstance(burden, Mapping):
            names = _as_gas_tuple(burden.keys(), source=source)
            arrays = [_finite_array(burden[key], source=f"{source}[{key!r}]") for key in burden]
            try:
                stacked = np.stack(np.broadcast_arrays(*arrays), axis=-1)
            except ValueError as exc:
                raise AllocationError(
                    "the per-gas arrays of a burden have shapes that do not broadcast",
                    value=[a.shape for a in arrays],
                    source=source,
                ) from exc
            out = cls(stacked, names)
            if gases is not None:
                return out.aligned(_as_gas_tuple(gases, source=source))
            return out
        if gases is None:
            raise AllocationError(
                "a burden given as an array needs gas names",
                value=type(burden).__name__,
                source=source,
                hint="pass gases=('CO2', ...) naming the trailing axis, or a mapping gas -> kg",
            )
        return cls(_finite_array(burden, source=source), _as_gas_tuple(gases, source=source))

    @property
    def shape(self) -> tuple[int, ...]:
        """The leading (non-gas) shape: ``()`` for one process."""
        return tuple(self.values.shape[:-1])

    def __getitem__(self, gas: str) -> float | FloatArray:
        try:
            index = self.gases.index(canonical_gas(gas))
        except (ValueError, UnknownGasError):
            raise AllocationError(
                "gas not in this burden", value=gas, hint=f"gases are {self.gases}"
            ) from None
        column = self.values[..., index]
        return float(column) if column.ndim == 0 else column

    def as_dict(self) -> dict[str, Any]:
        """Gas -> value (a float for one process, else a list), for JSON or printing."""
        return {g: _jsonable(self.values[..., i]) for i, g in enumerate(self.gases)}

    def aligned(self, gases: Sequence[str]) -> GasBurden:
        """The same burden on ``gases`` (a superset): absent gases are zero.

        Raises
        ------
        AllocationError
            If this burden has a gas that ``gases`` lacks (it would be dropped).
        """
        target = tuple(gases)
        missing = [g for g in self.gases if g not in target]
        if missing:
            raise AllocationError(
                "aligning would drop gases", value=missing, hint=f"include them in {target}"
            )
        out = np.zeros((*self.shape, len(target)), dtype=np.float64)
        for i, g in enumerate(self.gases):
            out[..., target.index(g)] = self.values[..., i]
        return GasBurden(out, target)


def labelled_part(
    allocated: FloatArray, labels: tuple[str, ...], gases: tuple[str, ...], label: str, *, what: str
) -> GasBurden:
    """The burden of one labelled part (``[..., part, gas]`` array) of an allocation result."""
    try:
        index = labels.index(label)
    except ValueError:
        raise AllocationError(
            f"no such {what}", value=label, hint=f"{what}s are {labels}"
        ) from None
    return GasBurden(allocated[..., index, :], gases)


def union_gases(*burdens: GasBurden) -> tuple[str, ...]:
    """Gas names of several burdens in first-seen order."""
    seen: dict[str, None] = {}
    for b in burdens:
        for g in b.gases:
            seen.setdefault(g, None)
    return tuple(seen)


def _jsonable(value: FloatArray | float) -> Any:
    arr = np.asarray(value, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def as_fraction(
    value: Any, *, name: str, low: float = 0.0, high: float = 1.0, mode_hint: str | None = None
) -> FloatArray:
    """A finite number or array within ``[low, high]`` (a share, a rate, an efficiency)."""
    arr = _finite_array(value, source=name)
    if np.any(arr < low) or np.any(arr > high):
        bad = arr[(arr < low) | (arr > high)]
        raise AllocationError(
            f"{name} must lie in [{low:g}, {high:g}]",
            value=float(bad.flat[0]),
            source=name,
            hint=mode_hint or f"give {name} as a fraction, e.g. 0.25 for 25 %",
        )
    return arr


def common_shape(shapes: Mapping[str, tuple[int, ...]], *, method: str) -> tuple[int, ...]:
    """The broadcast of the process (leading) axes of named inputs, or a typed error.

    Every allocation method accepts arrays whose leading axes index processes,
    materials or vehicles computed at once. ``shapes`` maps each input's name
    to those leading axes only (without the trailing gas or co-product axis).
    Two shapes combine under numpy's rules: equal lengths, or a length of 1.

    Raises
    ------
    AllocationError
        Naming the first two inputs that disagree and their shapes, with
        every input's shape in ``value``; raised before any arithmetic, so
        no bare numpy ``ValueError`` reaches the caller.

    Examples
    --------
    >>> common_shape({"burdens": (3,), "properties": (1,)}, method="partition")
    (3,)
    >>> common_shape({"burdens": (3,), "properties": (2,)}, method="partition")
    Traceback (most recent call last):
    ...
    carbonstd.errors.AllocationError: partition: the process axes of burdens (3,) and ...
    """
    named = {name: tuple(int(n) for n in shape) for name, shape in shapes.items()}
    try:
        return tuple(np.broadcast_shapes(*named.values()))
    except ValueError:
        pass
    seen: list[tuple[str, tuple[int, ...]]] = []
    first, second = next(iter(named.items())), next(iter(named.items()))
    for name, shape in named.items():
        clash = [
            (other, other_shape)
            for other, other_shape in seen
            if not _broadcastable(shape, other_shape)
        ]
        if clash:
            first, second = clash[0], (name, shape)
            break
        seen.append((name, shape))
    raise AllocationError(
        f"{method}: the process axes of {first[0]} {first[1]} and {second[0]} {second[1]} "
        "do not broadcast",
        value=named,
        source=f"{first[0]}, {second[0]}",
        hint="leading axes index processes (or materials, vehicles); give every array the "
        "same leading shape, or length 1 on an axis to share one value across it",
    )


def _broadcastable(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(x in (y, 1) or y == 1 for x, y in zip(a[::-1], b[::-1], strict=False))


def check_shares(shares: FloatArray, *, axis: int, source: str) -> None:
    """Raise unless every share is in [0, 1] and the shares sum to one along ``axis``."""
    if np.any(shares < -SHARE_TOLERANCE) or np.any(shares > 1 + SHARE_TOLERANCE):
        raise AllocationError(
            "allocation shares must lie in [0, 1]",
            value=shares.tolist(),
            source=source,
            hint="shares are fractions of the whole; check the signs of the basis values",
        )
    sums = shares.sum(axis=axis)
    if not np.allclose(sums, 1.0, rtol=SHARE_TOLERANCE, atol=SHARE_TOLERANCE):
        raise AllocationError(
            "allocation shares do not sum to one",
            value=np.asarray(sums).tolist(),
            source=source,
            hint="give shares that sum to 1 (carbonstd never rescales them silently)",
        )


def warn_pef(message: str) -> None:
    """Emit a :class:`PEFConformanceWarning` attributed to the caller of the public function."""
    warnings.warn(message, PEFConformanceWarning, stacklevel=4)
