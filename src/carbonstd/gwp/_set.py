"""GWPSet: a named, versioned, immutable table of global warming potentials."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Real
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.errors import ActivityDataError, FactorDataError, UnknownGasError
from carbonstd.gwp._names import blend_components, canonical_gas


def _nonempty(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FactorDataError(
            f"GWP set field {attribute.name!r} must be a non-empty string",
            value=value,
            source="GWPSet",
            hint=f"give {attribute.name}= as text",
        )


def _string(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise FactorDataError(
            f"GWP source field {attribute.name!r} must be a string",
            value=value,
            source="GWPSource",
            hint="use '' when it does not apply",
        )


@attrs.frozen
class GWPSource:
    """Where the values of a :class:`GWPSet` come from.

    Attributes
    ----------
    document
        The publication (report, chapter, table edition).
    table
        Table or column within the document.
    url
        Where the document can be read.
    data_file
        The machine-readable file the values were converted from.
    data_origin
        Repository, package version or commit of that file.
    data_sha256
        sha256 of that file ('' when the values were transcribed).
    licence
        Licence of the data file.

    Examples
    --------
    >>> import carbonstd.gwp as gwp
    >>> gwp.get("AR6").source.table
    'Table 7.SM.7'
    """

    document: str = attrs.field(validator=_nonempty)
    table: str = attrs.field(validator=_nonempty)
    url: str = attrs.field(validator=_string, default="")
    data_file: str = attrs.field(validator=_string, default="")
    data_origin: str = attrs.field(validator=_string, default="")
    data_sha256: str = attrs.field(validator=_string, default="")
    licence: str = attrs.field(validator=_string, default="")


def _values(value: Mapping[str, Any]) -> MappingProxyType[str, float]:
    if not isinstance(value, Mapping):
        raise FactorDataError(
            "GWP values must be a mapping of gas -> GWP",
            value=value,
            source="GWPSet.values",
            hint="pass a dict such as {'CO2': 1.0, 'CH4': 27.9, ...}",
        )
    out: dict[str, float] = {}
    for gas, gwp in value.items():
        canonical = canonical_gas(gas)
        where = f"GWPSet.values[{gas!r}]"
        if blend_components(canonical) is not None:
            raise FactorDataError(
                "a refrigerant blend cannot have its own value in a GWP set",
                value=gas,
                source=where,
                hint="give the component gases; the blend's GWP is their mass-weighted mean",
            )
        if isinstance(gwp, bool) or not isinstance(gwp, Real) or not math.isfinite(gwp) or gwp < 0:
            raise FactorDataError(
                "a GWP must be a finite number >= 0",
                value=gwp,
                source=where,
                hint="check the source table",
            )
        if canonical in out:
            raise FactorDataError(
                "two spellings of the same gas in one GWP set",
                value=gas,
                source=where,
                hint=f"keep one entry for {canonical!r}",
            )
        out[canonical] = float(gwp)
    for gas in ("CO2", "CO2_biogenic"):
        if out.get(gas) != 1.0:
            raise FactorDataError(
                f"{gas} must have GWP 1 in every set (the reference gas)",
                value=out.get(gas),
                source=f"GWPSet.values[{gas!r}]",
                hint=f"add '{gas}': 1.0",
            )
    return MappingProxyType(dict(sorted(out.items(), key=lambda kv: kv[0].lower())))


def _strings(value: Mapping[str, str]) -> MappingProxyType[str, str]:
    return MappingProxyType({canonical_gas(k): str(v) for k, v in dict(value).items()})


def _horizon(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise FactorDataError(
            "the time horizon must be a positive whole number of years",
            value=value,
            source="GWPSet.horizon",
            hint="e.g. horizon=100",
        )


def _metric(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value != "GWP":
        raise FactorDataError(
            "only the GWP metric is supported",
            value=value,
            source="GWPSet.metric",
            hint="use metric='GWP'",
        )


@attrs.frozen(repr=False)
class GWPSet:
    """A named, versioned, immutable set of global warming potentials.

    Implements CO2e = sum over gases of mass x GWP (IPCC AR6 WG1 section
    7.6.1.1; GHG Protocol Corporate Standard, chapter 4): a GWP is kg CO2e per
    kg of gas over ``horizon`` years. ``CO2`` and ``CO2_biogenic`` are 1 in
    every set by definition. Refrigerant blends are resolved to the
    mass-weighted GWP of their components (:func:`carbonstd.gwp.decompose`).

    Get the bundled sets with :func:`carbonstd.gwp.get`; build your own with
    the constructor (values are checked: canonical gas names, finite, >= 0).

    Attributes
    ----------
    name
        Set name, e.g. ``"AR6-GWP100"``.
    version
        carbonstd's data version of the set; it changes whenever a value does.
    title
        One-line description.
    metric
        Always ``"GWP"``.
    horizon
        Time horizon in years.
    source
        Provenance (:class:`GWPSource`).
    notes
        Caveats about the set.
    values
        Read-only mapping canonical gas -> GWP.
    value_sources
        Provenance of values that do not come from ``source`` (by gas).

    Examples
    --------
    >>> import carbonstd.gwp as gwp
    >>> ar6 = gwp.get("AR6")
    >>> ar6.name, ar6.horizon, ar6.factor("HFC-134a")
    ('AR6-GWP100', 100, 1530.0)
    >>> ar6.co2e({"CO2": 1000.0, "CH4_fossil": 2.0, "N2O": 0.1})
    1086.9
    >>> "R-410A" in ar6
    True
    >>> custom = gwp.GWPSet(name="MY-SET", version="1", title="Example",
    ...     horizon=100, source=gwp.GWPSource(document="Example", table="n/a"),
    ...     values={"CO2": 1.0, "CO2_biogenic": 1.0, "ch4": 28.0})
    >>> custom.factor("methane")
    28.0
    """

    name: str = attrs.field(validator=_nonempty)
    version: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    horizon: int = attrs.field(validator=_horizon)
    source: GWPSource = attrs.field(validator=attrs.validators.instance_of(GWPSource))
    values: Mapping[str, float] = attrs.field(converter=_values, hash=False)
    metric: str = attrs.field(default="GWP", validator=_metric)
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    value_sources: Mapping[str, str] = attrs.field(factory=dict, converter=_strings, hash=False)

    def __repr__(self) -> str:
        return (
            f"GWPSet(name={self.name!r}, version={self.version!r}, horizon={self.horizon}, "
            f"gases={len(self.values)})"
        )

    @property
    def gases(self) -> tuple[str, ...]:
        """Canonical gases with a value in this set (blends not listed).

        Examples
        --------
        >>> import carbonstd.gwp as gwp
        >>> gwp.get("GHGP-2024-AR6-GWP100").gases
        ('CFC-11', 'CH4_fossil', 'CH4_non_fossil', 'CO2', 'CO2_biogenic',
         'HCFC-22', 'HFC-23', 'N2O', 'SF6')
        """
        return tuple(self.values)

    def _lacks(self, canonical: str, asked: str, blend: str | None = None) -> UnknownGasError:
        from carbonstd.gwp._registry import sets_with

        having = sets_with(canonical)
        if blend is not None:
            what = f"{canonical!r}, a component of {blend}"
        elif canonical != asked:
            what = f"{canonical!r}"
        else:
            what = "this gas"
        hint = f"sets that have it: {', '.join(having)}" if having else "no bundled set has it"
        if canonical == "CH4" and "CH4_fossil" in self.values:
            hint = "this set splits methane: use 'CH4_fossil' or 'CH4_non_fossil'; " + hint
        elif canonical in ("CH4_fossil", "CH4_non_fossil") and "CH4" in self.values:
            hint = "this set has a single methane value: use 'CH4'; " + hint
        return UnknownGasError(
            f"GWP set {self.name} has no value for {what}",
            value=asked,
            source=f"GWP set {self.name}",
            hint=hint,
        )

    def _factor(self, canonical: str, asked: str) -> float:
        value = self.values.get(canonical)
        if value is not None:
            return value
        components = blend_components(canonical)
        if components is None:
            raise self._lacks(canonical, asked)
        parts = []
        for gas, fraction in components.items():
            gwp = self.values.get(gas)
            if gwp is None:
                raise self._lacks(gas, asked, blend=canonical)
            parts.append(fraction * gwp)
        return math.fsum(parts)

    def factor(self, gas: str) -> float:
        """Return the GWP (kg CO2e per kg) of a gas or refrigerant blend.

        For a blend it is the mass-weighted mean of the component GWPs,
        summed with :func:`math.fsum` (the practice of U.S. EPA GHG Emission
        Factors Hub Table 12, which counts only the HFC/PFC components; this
        method counts every component the set has a value for, and raises if
        one is missing).

        Raises
        ------
        UnknownGasError
            Unknown gas (with close matches), or a gas or blend component
            that this set lacks (naming the sets that have it).

        Examples
        --------
        >>> import carbonstd.gwp as gwp
        >>> gwp.get("AR5").factor("R-410A")  # 0.5 * 677 + 0.5 * 3170
        1923.5
        >>> gwp.get("ar6-gwp20").factor("CH4")
        81.2
        >>> gwp.get("GHGP-2024-AR6").factor("CH4")
        Traceback (most recent call last):
        ...
        carbonstd.errors.UnknownGasError: GWP set GHGP-2024-AR6-GWP100 has no value ...
        """
        return self._factor(canonical_gas(gas), gas)

    def co2e(self, masses: Mapping[str, float]) -> float:
        """Return the CO2e (kg) of a mass of each gas (kg).

        Implements E_CO2e = sum over g of m_g x GWP_g (IPCC AR6 WG1 section
        7.6.1.1; GHG Protocol Corporate Standard, chapter 4). Each product is
        rounded once and the products are summed with :func:`math.fsum`, so
        the result does not depend on the order of ``masses``. Two spellings
        of one gas (``HFC-134a`` and ``HFC134a``) are refused, as the factor-set
        loaders refuse them: give the gas once, with its total mass.

        Parameters
        ----------
        masses
            gas (any accepted spelling, or a blend) -> mass in kg. Negative
            masses are allowed (the function is linear); NaN and infinity
            are not.

        Raises
        ------
        ActivityDataError
            A mass that is not a finite real number, or one gas given twice
            under two spellings.
        UnknownGasError
            An unknown gas or one this set lacks.

        Examples
        --------
        >>> import carbonstd.gwp as gwp
        >>> gwp.get("AR5").co2e({"CO2": 100.0, "CH4": 1.0, "R-410A": 0.5})
        1089.75
        >>> gwp.get("AR5").co2e({"HFC-134a": 1.0, "HFC134a": 2.0})
        Traceback (most recent call last):
        ...
        carbonstd.errors.ActivityDataError: gas given twice, as 'HFC-134a' and 'HFC134a': ...
        """
        if not isinstance(masses, Mapping):
            raise ActivityDataError(
                "masses must be a mapping of gas -> kg",
                value=masses,
                source="co2e(masses=...)",
                hint="pass a dict such as {'CO2': 1000.0, 'CH4': 2.0}",
            )
        parts = []
        spelled: dict[str, str] = {}
        for gas, mass_ in masses.items():
            canonical = canonical_gas(gas)
            if canonical in spelled:
                raise ActivityDataError(
                    f"gas given twice, as {spelled[canonical]!r} and {gas!r}",
                    value=canonical,
                    source="co2e(masses=...)",
                    hint=f"give {canonical!r} once, with the total mass of both entries",
                )
            spelled[canonical] = gas
            mass: object = mass_
            if isinstance(mass, bool) or not isinstance(mass, Real) or not math.isfinite(mass):
                raise ActivityDataError(
                    "a gas mass must be a finite number of kg",
                    value=mass,
                    source=f"masses[{gas!r}]",
                    hint="give the mass in kg as a float",
                )
            parts.append(float(mass) * self.factor(gas))
        return math.fsum(parts)

    def vector(self, gases: Sequence[str]) -> npt.NDArray[np.float64]:
        """Return the GWPs of ``gases`` as a float64 array, in order.

        For the calculation engine: multiply a per-gas mass ledger by this
        vector to bind CO2e late (GHG Protocol Corporate Standard, chapter 4).

        Raises
        ------
        UnknownGasError
            A gas that is unknown or that this set lacks.
        ActivityDataError
            ``gases`` is a single string rather than a sequence of names.

        Examples
        --------
        >>> import carbonstd.gwp as gwp
        >>> gwp.get("AR6").vector(["CO2", "CH4_fossil", "N2O"])
        array([  1. ,  29.8, 273. ])
        """
        if isinstance(gases, str):
            raise ActivityDataError(
                "gases must be a sequence of gas names, not one string",
                value=gases,
                source="vector(gases=...)",
                hint=f"pass [{gases!r}]",
            )
        return np.array([self.factor(g) for g in gases], dtype=np.float64)

    def __contains__(self, gas: object) -> bool:
        """Whether :meth:`factor` would return a value for ``gas``."""
        if not isinstance(gas, str):
            return False
        try:
            self.factor(gas)
        except UnknownGasError:
            return False
        return True
