"""The bundled GWP sets: lookup by name, built once on first use."""

from __future__ import annotations

import functools
from types import MappingProxyType

from carbonstd.errors import CarbonStdError, FactorDataError, UnknownGWPSetError
from carbonstd.gwp._data import _key, bundle
from carbonstd.gwp._set import GWPSet, GWPSource


@functools.cache
def _sets() -> MappingProxyType[str, GWPSet]:
    data = bundle()
    out: dict[str, GWPSet] = {}
    for index, entry in enumerate(data.raw["sets"]):
        try:
            gwp_set = GWPSet(
                name=entry["name"],
                version=entry["version"],
                title=entry["title"],
                metric=entry["metric"],
                horizon=entry["horizon"],
                source=GWPSource(**entry["source"]),
                notes=entry["notes"],
                values=entry["values"],
                value_sources=entry["value_sources"],
            )
        except CarbonStdError as exc:
            raise FactorDataError(
                f"bundled GWP set is invalid: {exc}",
                source=data.source,
                json_path=f"$.sets[{index}]",
                hint="regenerate it with scripts/convert_gwp.py",
            ) from exc
        out[gwp_set.name] = gwp_set
    return MappingProxyType(out)


@functools.cache
def _names() -> MappingProxyType[str, str]:
    names = {_key(name): name for name in _sets()}
    for alias, target in bundle().raw["set_aliases"].items():
        names[_key(alias)] = target
    return MappingProxyType(names)


def available() -> tuple[str, ...]:
    """Return the names of the bundled GWP sets (aliases not included).

    Examples
    --------
    >>> import carbonstd.gwp as gwp
    >>> for name in gwp.available():
    ...     print(name)
    SAR-GWP100
    AR4-GWP100
    AR5-GWP100
    AR5-CCF-GWP100
    AR6-GWP100
    AR6-GWP20
    AR6-GWP500
    GHGP-2024-AR6-GWP100
    """
    return tuple(_sets())


def aliases() -> MappingProxyType[str, str]:
    """Return the set-name aliases (``AR6`` -> ``AR6-GWP100``, ...).

    Examples
    --------
    >>> import carbonstd.gwp as gwp
    >>> gwp.aliases()["AR5"]
    'AR5-GWP100'
    """
    return MappingProxyType(dict(bundle().raw["set_aliases"]))


def get(name: str) -> GWPSet:
    """Return a bundled GWP set by name or alias (case-insensitive).

    ``AR4``, ``AR5`` and ``AR6`` are the 100-year sets of the IPCC Fourth,
    Fifth and Sixth Assessment Reports; see :func:`available` for the rest.
    The data is read and validated on the first call and cached; the sets are
    immutable.

    Raises
    ------
    UnknownGWPSetError
        No set has this name; the message lists the available names.

    Examples
    --------
    >>> import carbonstd.gwp as gwp
    >>> gwp.get("ar6").name
    'AR6-GWP100'
    >>> gwp.get("AR5-CCF-GWP100").factor("CH4")
    34.0
    >>> gwp.get("AR7")
    Traceback (most recent call last):
    ...
    carbonstd.errors.UnknownGWPSetError: unknown GWP set: 'AR7' ...
    """
    asked: object = name
    target = _names().get(_key(asked)) if isinstance(asked, str) else None
    if target is None:
        listed = ", ".join(available())
        alias_text = ", ".join(f"{a} -> {t}" for a, t in aliases().items())
        raise UnknownGWPSetError(
            "unknown GWP set",
            value=name,
            source="GWP set name",
            hint=f"available: {listed} (aliases: {alias_text})",
        )
    return _sets()[target]


def sets_with(gas: str) -> tuple[str, ...]:
    """Names of the bundled sets that have a value for the canonical ``gas``."""
    return tuple(name for name, s in _sets().items() if gas in s.values)
