"""FactorSet: a named, versioned, content-hashed collection of factors and fuel properties."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from carbonstd.errors import FactorDataError, FactorNotFoundError
from carbonstd.factors._fuels import FuelProperties
from carbonstd.factors._model import (
    IDENTIFIER_RE,
    REGION_RE,
    EmissionFactor,
    Licence,
    Source,
    check_pattern,
    check_text,
)

__all__ = ["FORMAT", "CrossProblem", "FactorSet", "cross_problems", "set_problems"]

#: The ``format`` tag of factor-set JSON documents.
FORMAT = "carbonstd.factor-set/1"


def _regions(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, (tuple, list)) and all(
        isinstance(i, (tuple, list)) and len(i) == 2 for i in value
    ):
        items = [tuple(i) for i in value]
    else:
        raise FactorDataError(
            "FactorSet.regions: must map child region codes to parent codes",
            value=value,
            column="regions",
        )
    return tuple(sorted((str(c), str(p)) for c, p in items))


#: A cross-entry problem: (section, index, field, message, index of the earlier entry, value).
#: ``section`` is ``"factors"``, ``"fuels"`` or ``"regions"`` (index = child code); the
#: message names the earlier entry as ``{other}``.
CrossProblem: TypeAlias = tuple[str, "int | str", "str | None", str, "int | None", object]


def cross_problems(
    factors: Sequence[EmissionFactor],
    fuels: Sequence[FuelProperties],
    regions: Sequence[tuple[str, str]],
) -> list[CrossProblem]:
    """Cross-entry problems of a set, located by section and index (see :data:`CrossProblem`).

    Duplicate factor ids, duplicate ``(activity, region, year, unit, boundary,
    calorific_basis)`` combinations, duplicate ``(fuel, region)`` entries, bad
    region codes and cycles in the region hierarchy.
    """
    problems: list[CrossProblem] = []
    ids: dict[str, int] = {}
    combos: dict[tuple[object, ...], int] = {}
    for i, f in enumerate(factors):
        if f.id in ids:
            problems.append(
                ("factors", i, "id", "duplicate factor id (first at {other})", ids[f.id], f.id)
            )
        else:
            ids[f.id] = i
        key = (f.activity, f.region, f.year, f.unit, f.boundary, f.calorific_basis)
        if key in combos:
            problems.append(
                (
                    "factors",
                    i,
                    None,
                    "duplicate (activity, region, year, unit, boundary, calorific_basis) "
                    "of {other}",
                    combos[key],
                    f.id,
                )
            )
        else:
            combos[key] = i
    fuel_keys: dict[tuple[str, str], int] = {}
    for i, p in enumerate(fuels):
        fkey = (p.fuel, p.region)
        if fkey in fuel_keys:
            problems.append(
                ("fuels", i, None, "duplicate fuel and region of {other}", fuel_keys[fkey], fkey)
            )
        else:
            fuel_keys[fkey] = i
    parents = dict(regions)
    for child, parent in regions:
        problems.extend(
            ("regions", child, None, "not a valid region code", None, code)
            for code in (child, parent)
            if not REGION_RE.fullmatch(code)
        )
        if child == "GLO":
            problems.append(
                ("regions", "GLO", None, "GLO is the root and has no parent", None, parent)
            )
        seen = [child]
        node = parent
        while node in parents and node not in seen:
            seen.append(node)
            node = parents[node]
        if node in seen:
            problems.append(("regions", child, None, "cycle in the region hierarchy", None, seen))
    return problems


def _json_ref(section: str, index: int | str, field: str | None = None) -> str:
    base = f"$.regions.{index}" if section == "regions" else f"$.{section}[{index}]"
    return f"{base}.{field}" if field else base


def set_problems(
    factors: Sequence[EmissionFactor],
    fuels: Sequence[FuelProperties],
    regions: Sequence[tuple[str, str]],
) -> list[tuple[str, str, object]]:
    """Cross-entry problems of a set as ``(json_path, message, value)`` triples.

    See :func:`cross_problems`; entries are named by JSON path (``$.factors[3]``).
    """
    return [
        (
            _json_ref(section, index, field),
            message.format(other=_json_ref(section, other) if other is not None else ""),
            value,
        )
        for section, index, field, message, other, value in cross_problems(factors, fuels, regions)
    ]


def _fuel_tuple(value: Iterable[FuelProperties]) -> tuple[FuelProperties, ...]:
    return tuple(value)


def _factor_tuple(value: Iterable[EmissionFactor]) -> tuple[EmissionFactor, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, repr=False)
class FactorSet:
    """A named, versioned set of emission factors and fuel properties with provenance.

    A set is the unit of versioning and attribution that GHG Protocol Corporate
    Standard ch. 7 asks inventories to document (which emission-factor source
    and edition was used). Its :attr:`content_hash` identifies the exact data.

    Parameters
    ----------
    name, version, title
        Identifier (``US-EPA-GHG-Hub``), edition (``"2025"``), display title.
    licence, source
        :class:`Licence` and :class:`Source` of the set.
    description
        Free text.
    regions
        Region hierarchy, child code -> parent code (``{"US-GRID-CAMX": "US"}``).
    fuels
        :class:`FuelProperties` entries.
    factors
        :class:`EmissionFactor` entries; ids and ``(activity, region, year,
        unit, boundary, calorific_basis)`` combinations must be unique. A
        factor without a licence gets the set's; a different one is refused.

    Examples
    --------
    >>> fs = FactorSet(
    ...     name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"),
    ...     source=Source(publisher="me"),
    ...     factors=[EmissionFactor(id="a", activity="electricity.grid", unit="kWh",
    ...                             year=2024, region="GB", gases={"CO2": 0.2})],
    ... )
    >>> len(fs), [f.id for f in fs]
    (1, ['a'])
    >>> len(fs.content_hash)
    64
    """

    name: str = attrs.field()
    version: str = attrs.field()
    title: str = attrs.field()
    licence: Licence = attrs.field()
    source: Source = attrs.field(factory=Source)
    description: str = attrs.field(default="")
    regions: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_regions)
    fuels: tuple[FuelProperties, ...] = attrs.field(default=(), converter=_fuel_tuple)
    factors: tuple[EmissionFactor, ...] = attrs.field(default=(), converter=_factor_tuple)

    def __attrs_post_init__(self) -> None:
        own = "FactorSet"
        check_pattern(own, "name", self.name, IDENTIFIER_RE, "identifier")
        check_text(own, "version", self.version, min_len=1, max_len=64)
        check_text(own, "title", self.title, min_len=1, max_len=300)
        check_text(own, "description", self.description, max_len=5000)
        if not isinstance(self.licence, Licence):
            raise FactorDataError("FactorSet.licence: must be a Licence", value=self.licence)
        if not isinstance(self.source, Source):
            raise FactorDataError("FactorSet.source: must be a Source", value=self.source)
        problems: list[tuple[str, str, object]] = []
        entries: tuple[object, ...] = self.factors
        for i, f in enumerate(entries):
            if not isinstance(f, EmissionFactor):
                problems.append((f"$.factors[{i}]", "not an EmissionFactor", f))
            elif f.licence is not None and f.licence != self.licence:
                problems.append(
                    (f"$.factors[{i}].licence", "licence differs from the set's licence", f.id)
                )
        fuel_entries: tuple[object, ...] = self.fuels
        for i, p in enumerate(fuel_entries):
            if not isinstance(p, FuelProperties):
                problems.append((f"$.fuels[{i}]", "not a FuelProperties", p))
        if not problems:
            problems = set_problems(self.factors, self.fuels, self.regions)
        if not problems and any(f.licence is None for f in self.factors):
            # Factors carry their set's licence, whether loaded or built in Python.
            object.__setattr__(
                self,
                "factors",
                tuple(
                    f if f.licence is not None else attrs.evolve(f, licence=self.licence)
                    for f in self.factors
                ),
            )
        if problems:
            path, message, value = problems[0]
            raise FactorDataError(
                f"factor set {self.name!r} is invalid: {message}",
                value=value,
                json_path=path,
                problems=[f"{p}: {m}: {v!r}" for p, m, v in problems],
                hint="put factors with other licences in their own set"
                if "licence" in message
                else None,
            )

    def __repr__(self) -> str:
        # Short: a bundled set holds hundreds of factors (the full repr ran to megabytes).
        return (
            f"FactorSet(name={self.name!r}, version={self.version!r}, "
            f"factors={len(self.factors)}, fuels={len(self.fuels)}, "
            f"licence={self.licence.id!r})"
        )

    def __iter__(self) -> Iterator[EmissionFactor]:
        return iter(self.factors)

    def __len__(self) -> int:
        return len(self.factors)

    @functools.cached_property
    def content_hash(self) -> str:
        """sha256 hex digest of the canonical JSON form (:meth:`to_json`).

        Canonical form: ``json.dumps(sort_keys=True, separators=(",", ":"),
        ensure_ascii=False, allow_nan=False)`` encoded as UTF-8.

        Examples
        --------
        >>> fs = FactorSet(name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"))
        >>> fs.content_hash == FactorSet(name="demo", version="1", title="Demo",
        ...                              licence=Licence(id="CC0-1.0")).content_hash
        True
        >>> len(fs.content_hash)
        64
        """
        text = json.dumps(
            self.to_json(),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def region_parents(self) -> dict[str, str]:
        """The region hierarchy as a new dict (child -> parent).

        Examples
        --------
        >>> FactorSet(name="g", version="1", title="G", licence=Licence(id="CC0-1.0"),
        ...           regions={"US-GRID-CAMX": "US"}).region_parents
        {'US-GRID-CAMX': 'US'}
        """
        return dict(self.regions)

    def get(self, factor_id: str) -> EmissionFactor:
        """The factor with id ``factor_id``.

        Raises
        ------
        FactorNotFoundError
            If the set has no such factor.

        Examples
        --------
        >>> fs = FactorSet(name="d", version="1", title="D", licence=Licence(id="CC0-1.0"),
        ...     factors=[EmissionFactor(id="g", activity="electricity.grid", unit="kWh",
        ...                             year=2024, gases={"CO2": 0.2})])
        >>> fs.get("g").year
        2024
        >>> fs.get("h")
        Traceback (most recent call last):
        ...
        carbonstd.errors.FactorNotFoundError: no factor with this id in set 'd' 1: 'h' ...
        """
        for f in self.factors:
            if f.id == factor_id:
                return f
        raise FactorNotFoundError(
            f"no factor with this id in set {self.name!r} {self.version}",
            value=factor_id,
            hint="list the ids with 'carbonstd factors search'",
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON form, valid against the factor-set schema.

        Examples
        --------
        >>> fs = FactorSet(name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"))
        >>> fs.to_json()["format"]
        'carbonstd.factor-set/1'
        """
        out: dict[str, Any] = {
            "format": FORMAT,
            "name": self.name,
            "version": self.version,
            "title": self.title,
            "licence": self.licence.to_json(),
            "source": self.source.to_json(),
        }
        if self.description:
            out["description"] = self.description
        if self.regions:
            out["regions"] = dict(self.regions)
        if self.fuels:
            out["fuels"] = [p.to_json() for p in self.fuels]
        out["factors"] = [f.to_json() for f in self.factors]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | str, *, source: str = "<mapping>") -> FactorSet:
        """Validate a JSON document (mapping or text) and build the set.

        Same as :func:`carbonstd.factors.load_json`.

        Examples
        --------
        >>> fs = FactorSet(name="demo", version="1", title="Demo", licence=Licence(id="CC0-1.0"))
        >>> FactorSet.from_json(fs.to_json()) == fs
        True
        """
        from carbonstd.factors._load import load_json

        return load_json(data, source=source)
