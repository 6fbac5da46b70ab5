"""Gas identifiers: canonical names, accepted spellings, refrigerant blends."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType

from carbonstd.errors import UnknownGasError
from carbonstd.gwp._data import _key, bundle

#: ASHRAE refrigerant numbers name the compound; the family prefix is implied.
_R_FAMILIES = ("hfc", "hcfc", "cfc", "pfc", "hfo", "hcfo")


def _resolve(name: str) -> str | None:
    """Canonical gas or blend for ``name``, or None."""
    data = bundle()
    k = _key(name)
    found = data.gas_keys.get(k) or data.blend_keys.get(k)
    if found is not None or not k.startswith("r") or len(k) < 2:
        return found
    # R-134a -> HFC-134a, R-22 -> HCFC-22, R-14 -> PFC-14 (CF4), R-1234yf -> HFO-1234yf
    number = k[1:]
    if not (number[0].isdigit() or (number[0] == "c" and number[1:2].isdigit())):
        return None
    matches = {
        data.gas_keys[f] for f in (fam + number for fam in _R_FAMILIES) if f in data.gas_keys
    }
    if len(matches) == 1:
        return matches.pop()
    return None


def _suggest(name: str) -> list[str]:
    data = bundle()
    k = _key(name)
    names = {**data.gas_keys, **data.blend_keys}
    close = difflib.get_close_matches(k, list(names), n=5, cutoff=0.75)
    out: list[str] = []
    for c in close:
        if names[c] not in out:
            out.append(names[c])
    return out[:3]


def unknown_gas(name: object) -> UnknownGasError:
    """The error for a gas name carbonstd does not know, with close matches."""
    suggestions = _suggest(name) if isinstance(name, str) else []
    hint = (
        f"did you mean {', '.join(repr(s) for s in suggestions)}?"
        if suggestions
        else "see carbonstd.gwp.known_gases() and carbonstd.gwp.blends()"
    )
    return UnknownGasError("unknown gas", value=name, source="gas name", hint=hint)


def canonical_gas(name: str) -> str:
    """Return the canonical identifier of a gas or refrigerant blend.

    Accepts the usual spellings, case-insensitively and ignoring spaces,
    hyphens and underscores: ``HFC134a``, ``hfc-134a``, ``R-134a`` and
    ``R134a`` all name ``HFC-134a``; ``PFC-14`` and ``R-14`` name ``CF4``;
    ``R-410A`` is a blend. Canonical names follow docs/design-contracts.md
    (family members with a hyphen, simple perfluorocarbons by formula; other
    species of IPCC AR6 WG1 Table 7.SM.7 by acronym, else by formula).

    Parameters
    ----------
    name
        A gas name, acronym, formula, ASHRAE refrigerant number or blend.

    Returns
    -------
    str
        The canonical name.

    Raises
    ------
    UnknownGasError
        ``name`` is not a known gas; the hint lists close matches.

    Examples
    --------
    >>> from carbonstd.gwp import canonical_gas
    >>> canonical_gas("R-134a"), canonical_gas("hfc32"), canonical_gas("PFC-14")
    ('HFC-134a', 'HFC-32', 'CF4')
    >>> canonical_gas("methane"), canonical_gas("ch4 fossil"), canonical_gas("r410a")
    ('CH4', 'CH4_fossil', 'R-410A')
    >>> canonical_gas("HFC-134z")
    Traceback (most recent call last):
    ...
    carbonstd.errors.UnknownGasError: unknown gas: 'HFC-134z' (in gas name) (hint: did you mean ...
    """
    if not isinstance(name, str):
        raise unknown_gas(name)
    found = _resolve(name)
    if found is None:
        raise unknown_gas(name)
    return found


def known_gases() -> tuple[str, ...]:
    """Return every canonical gas name carbonstd knows (blends excluded), sorted.

    A known gas is not necessarily in every GWP set: use ``gas in gwp_set``.

    Examples
    --------
    >>> from carbonstd.gwp import known_gases
    >>> {"CO2", "CO2_biogenic", "CH4_fossil", "HFC-134a", "CF4"} <= set(known_gases())
    True
    """
    return tuple(sorted(bundle().raw["gases"], key=str.lower))


def blends() -> tuple[str, ...]:
    """Return the names of the refrigerant blends carbonstd can decompose, sorted.

    The compositions are those of U.S. EPA GHG Emission Factors Hub (January
    2025) Table 12, which gives the ASHRAE Standard 34 blends by mass percent.
    Blends with a component that has no GWP in any set (isobutane, propylene,
    isopentane) are not included.

    Examples
    --------
    >>> from carbonstd.gwp import blends
    >>> "R-410A" in blends() and "R-404A" in blends()
    True
    """
    return tuple(sorted(bundle().blends))


def blend_components(canonical: str) -> Mapping[str, float] | None:
    """Mass fractions of a canonical blend name, or None for a pure gas."""
    return bundle().blends.get(canonical)


def decompose(name: str) -> Mapping[str, float]:
    """Return the composition by mass of a gas or refrigerant blend.

    Implements the mass-fraction composition of ASHRAE Standard 34 blends as
    listed in U.S. EPA GHG Emission Factors Hub (January 2025) Table 12. A
    pure gas decomposes to itself with fraction 1.

    Parameters
    ----------
    name
        A gas or blend in any accepted spelling (see :func:`canonical_gas`).

    Returns
    -------
    Mapping[str, float]
        Read-only mapping of canonical component -> mass fraction (sums to 1).

    Raises
    ------
    UnknownGasError
        ``name`` is not a known gas or blend.

    Examples
    --------
    >>> from carbonstd.gwp import decompose
    >>> dict(decompose("R-410A"))
    {'HFC-32': 0.5, 'HFC-125': 0.5}
    >>> dict(decompose("R-404A"))
    {'HFC-125': 0.44, 'HFC-134a': 0.04, 'HFC-143a': 0.52}
    >>> dict(decompose("hfc134a"))
    {'HFC-134a': 1.0}
    """
    canonical = canonical_gas(name)
    components = blend_components(canonical)
    if components is not None:
        return components
    return MappingProxyType({canonical: 1.0})
