"""The factor sets bundled with carbonstd (src/carbonstd/data/factors/*.json)."""

from __future__ import annotations

import functools
import importlib.resources

import attrs

from carbonstd.factors._load import load_json
from carbonstd.factors._model import Licence
from carbonstd.factors._registry import FactorRegistry
from carbonstd.factors._set import FactorSet

__all__ = ["BundledSet", "bundled_sets", "default_registry"]


@attrs.frozen(kw_only=True)
class BundledSet:
    """A factor set shipped with carbonstd: identity, licence, file and size.

    The summary :func:`bundled_sets` gives for each bundled set, so that the
    source edition and licence of the defaults can be documented as GHG
    Protocol Corporate Standard ch. 7 asks, without loading every factor.

    Examples
    --------
    >>> from carbonstd.factors import bundled_sets
    >>> epa = next(s for s in bundled_sets() if s.name == "US-EPA-GHG-Hub")
    >>> epa.version, epa.file, len(epa.content_hash)
    ('2025', 'us-epa-ghg-hub-2025.json', 64)
    """

    name: str
    version: str
    title: str
    licence: Licence
    file: str
    factor_count: int
    content_hash: str


def _is_global(factor_set: FactorSet) -> bool:
    return all(f.region == "GLO" for f in factor_set.factors)


@functools.cache
def _load_bundled() -> tuple[tuple[str, FactorSet], ...]:
    root = importlib.resources.files("carbonstd").joinpath("data", "factors")
    if not root.is_dir():
        return ()
    entries = sorted(
        (p for p in root.iterdir() if p.name.endswith(".json") and p.is_file()),
        key=lambda p: p.name,
    )
    loaded = [
        (p.name, load_json(p.read_bytes(), source=f"carbonstd/data/factors/{p.name}"))
        for p in entries
    ]
    # Default layer order: sets with regional factors above sets of global defaults, each
    # group by set name, and editions of one set newest first (so that the latest-earlier
    # year rule reaches the newer edition's years before the older edition's).
    loaded.sort(key=lambda item: _version_key(item[1].version), reverse=True)
    loaded.sort(key=lambda item: (_is_global(item[1]), item[1].name))
    return tuple(loaded)


def _version_key(version: str) -> tuple[int, ...] | tuple[str]:
    parts = version.replace("-", ".").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (version,)


def bundled_sets() -> tuple[BundledSet, ...]:
    """The bundled factor sets, in default layer order (top first).

    Examples
    --------
    >>> all(s.licence.id for s in bundled_sets())
    True
    """
    return tuple(
        BundledSet(
            name=fs.name,
            version=fs.version,
            title=fs.title,
            licence=fs.licence,
            file=file,
            factor_count=len(fs),
            content_hash=fs.content_hash,
        )
        for file, fs in _load_bundled()
    )


def default_registry() -> FactorRegistry:
    """A registry of the bundled factor sets, loaded on first call and cached.

    Layer order (top first): sets that have any non-``GLO`` factor (national
    and grid-region publishers such as US EPA or UK DESNZ), then sets of
    global defaults only (IPCC 2006); within each group by set name, and
    editions of the same set newest first. Since
    lookups search region specificity before layers, the order only decides
    between sets with factors for the same activity, region and year. Put
    your own sets above with :meth:`FactorRegistry.with_set`.

    Examples
    --------
    >>> reg = default_registry()
    >>> reg is default_registry()
    True
    """
    return _default_registry()


@functools.cache
def _default_registry() -> FactorRegistry:
    return FactorRegistry([fs for _, fs in _load_bundled()])
