"""Frozen values of the factors package: provenance, licence and emission factors."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from typing import Any, NoReturn

import attrs

from carbonstd.errors import CarbonStdError, FactorDataError, UnitError
from carbonstd.units import Unit, parse

__all__ = [
    "BOUNDARIES",
    "CALORIFIC_BASES",
    "EmissionFactor",
    "Licence",
    "Source",
]

#: Boundaries a factor may declare (the schema's enum).
BOUNDARIES: tuple[str, ...] = (
    "combustion",
    "WTT",
    "WTW",
    "TTW",
    "generation",
    "T&D",
    "cradle-to-gate",
    "cradle-to-grave",
    "gate-to-gate",
    "end-of-life",
)
#: Calorific bases of energy amounts of a fuel.
CALORIFIC_BASES: tuple[str, ...] = ("net", "gross")

IDENTIFIER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,127}$")
ACTIVITY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+){0,7}$")
REGION_RE = re.compile(r"^(GLO|[A-Z0-9]{2,8}(-[A-Za-z0-9]{1,16}){0,3})$")
_METHOD_RE = re.compile(r"^[a-z0-9-]{1,40}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def fail(owner: str, field: str, message: str, value: object, hint: str | None = None) -> NoReturn:
    """Raise a :class:`FactorDataError` naming ``owner.field`` (column = field)."""
    raise FactorDataError(f"{owner}.{field}: {message}", value=value, column=field, hint=hint)


def check_pattern(
    owner: str, field: str, value: object, pattern: re.Pattern[str], what: str
) -> None:
    """Check that ``value`` is a string matching ``pattern``."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        fail(owner, field, f"not a valid {what}", value, hint=f"must match {pattern.pattern}")


def check_text(owner: str, field: str, value: object, *, max_len: int, min_len: int = 0) -> None:
    """Check a bounded text field."""
    if not isinstance(value, str):
        fail(owner, field, "must be a string", value)
    if not min_len <= len(value) <= max_len:
        fail(owner, field, f"length must be {min_len}..{max_len} characters", value)
    if _SURROGATE.search(value):
        fail(
            owner,
            field,
            "text holds a lone UTF-16 surrogate, which is not valid Unicode",
            value,
            hint="remove the character; it cannot be written as UTF-8",
        )


def check_amount(owner: str, field: str, value: object, *, positive: bool = False) -> float:
    """Return ``value`` as a finite non-negative (or positive) float, or fail."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(owner, field, "must be a number", value)
    number = float(value)
    if not math.isfinite(number):
        fail(owner, field, "must be finite (NaN and Infinity are refused)", value)
    if number < 0 or (positive and number == 0):
        fail(owner, field, "must be positive" if positive else "must not be negative", value)
    return number


@functools.lru_cache(maxsize=4096)
def _parse_unit(text: str) -> Unit:
    return parse(text)


def check_unit(owner: str, field: str, value: object) -> Unit:
    """Parse a unit string with :func:`carbonstd.units.parse`, naming the field on failure."""
    if not isinstance(value, str):
        fail(owner, field, "unit must be a string", value)
    try:
        return _parse_unit(value)
    except UnitError as exc:
        raise FactorDataError(
            f"{owner}.{field}: {exc.message}", value=value, column=field, hint=exc.hint
        ) from exc


def canonical_gas(owner: str, name: object) -> str:
    """Map a gas name to carbonstd's canonical identifier (see :mod:`carbonstd.gwp`)."""
    if not isinstance(name, str):
        fail(owner, "gases", "gas name must be a string", name)
    from carbonstd import gwp  # lazy: the gwp layer sits below, but loads its tables on use

    try:
        return gwp.canonical_gas(name)
    except CarbonStdError as exc:
        raise FactorDataError(
            f"{owner}.gases: unknown gas",
            value=name,
            column="gases",
            hint=exc.hint or "use a gas name known to carbonstd.gwp, e.g. 'CO2', 'CH4', 'N2O'",
        ) from exc


def check_gwp_set(owner: str, name: object) -> str:
    """Check that ``name`` is a GWP set known to :mod:`carbonstd.gwp`."""
    if not isinstance(name, str) or not name:
        fail(owner, "gwp", "GWP set name must be a non-empty string", name)
    from carbonstd import gwp

    try:
        gwp.get(name)
    except CarbonStdError as exc:
        raise FactorDataError(
            f"{owner}.gwp: unknown GWP set",
            value=name,
            column="gwp",
            hint=f"use one of {', '.join(gwp.available())}",
        ) from exc
    return name


def to_date(owner: str, field: str, value: object) -> dt.date | None:
    """Accept a :class:`datetime.date` or an ISO ``YYYY-MM-DD`` string."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    fail(owner, field, "not a date", value, hint="write it as YYYY-MM-DD")


def _opt_text(max_len: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check_text(type(instance).__name__, attribute.name, value, max_len=max_len)

    return check


@attrs.frozen(kw_only=True)
class Source:
    """Where data comes from: publisher, document, table, edition, URL, file and hash.

    Provenance record required by GHG Protocol Corporate Standard ch. 7
    ("Managing inventory quality": document emission-factor sources) and
    ISO 14064-1:2018 clause 6.2 (documentation of data sources).

    Examples
    --------
    >>> src = Source(publisher="IPCC", document="2006 IPCC Guidelines, Vol. 2", table="1.4")
    >>> src.to_json()
    {'publisher': 'IPCC', 'document': '2006 IPCC Guidelines, Vol. 2', 'table': '1.4'}
    """

    publisher: str | None = attrs.field(default=None, validator=_opt_text(300))
    document: str | None = attrs.field(default=None, validator=_opt_text(500))
    table: str | None = attrs.field(default=None, validator=_opt_text(300))
    edition: str | None = attrs.field(default=None, validator=_opt_text(100))
    url: str | None = attrs.field(default=None, validator=_opt_text(2000))
    file: str | None = attrs.field(default=None, validator=_opt_text(500))
    sha256: str | None = attrs.field(default=None)
    retrieved: str | None = attrs.field(default=None, validator=_opt_text(64))

    @sha256.validator
    def _check_sha(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check_pattern("Source", "sha256", value, _SHA256_RE, "lower-case sha256 hex digest")

    def to_json(self) -> dict[str, str]:
        """The JSON form (fields that are set, in schema order).

        Examples
        --------
        >>> Source(publisher="US EPA", edition="2025").to_json()
        {'publisher': 'US EPA', 'edition': '2025'}
        """
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Source:
        """Build from the JSON form (already schema-checked).

        Examples
        --------
        >>> Source.from_json({"publisher": "IPCC", "table": "1.4"}).table
        '1.4'
        """
        return cls(**{k: data.get(k) for k in attrs.fields_dict(cls)})


@attrs.frozen(kw_only=True)
class Licence:
    """The licence under which data may be used and redistributed.

    Parameters
    ----------
    id
        SPDX identifier (``OGL-UK-3.0``, ``CC-BY-4.0``) or a ``LicenseRef-...`` id.
    attribution
        The attribution text the licence requires (may be empty when none is).
    url
        Where the licence text is.

    Examples
    --------
    >>> Licence(id="OGL-UK-3.0", attribution="Contains public sector information ...").id
    'OGL-UK-3.0'
    """

    id: str = attrs.field()
    attribution: str = attrs.field(default="", validator=_opt_text(2000))
    url: str | None = attrs.field(default=None, validator=_opt_text(2000))

    @id.validator
    def _check_id(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_text("Licence", "id", value, min_len=1, max_len=100)

    def to_json(self) -> dict[str, str]:
        """The JSON form.

        Examples
        --------
        >>> Licence(id="CC0-1.0").to_json()
        {'id': 'CC0-1.0', 'attribution': ''}
        """
        out = {"id": self.id, "attribution": self.attribution}
        if self.url is not None:
            out["url"] = self.url
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Licence:
        """Build from the JSON form (already schema-checked).

        Examples
        --------
        >>> Licence.from_json({"id": "OGL-UK-3.0", "attribution": "Crown copyright"}).attribution
        'Crown copyright'
        """
        return cls(id=data["id"], attribution=data.get("attribution", ""), url=data.get("url"))


def _gases(value: object) -> tuple[tuple[str, float], ...] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        items = value
        if isinstance(items, tuple) and all(isinstance(i, tuple) and len(i) == 2 for i in items):
            value = dict(items)
        else:
            fail("EmissionFactor", "gases", "must be a mapping of gas name to kg per unit", value)
    out: dict[str, float] = {}
    for name, amount in value.items():
        gas = canonical_gas("EmissionFactor", name)
        if gas in out:
            fail(
                "EmissionFactor",
                "gases",
                f"gas given twice (as {name!r} and another spelling of {gas!r})",
                name,
            )
        out[gas] = check_amount("EmissionFactor", f"gases.{name}", amount)
    if not out:
        fail("EmissionFactor", "gases", "must list at least one gas", {})
    return tuple(sorted(out.items()))


def _opt_float(value: object) -> float | None:
    return None if value is None else check_amount("EmissionFactor", "co2e", value)


def _methods(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        fail("EmissionFactor", "methods", "must be a list of tags", value)
    for tag in value:
        check_pattern("EmissionFactor", "methods", tag, _METHOD_RE, "method tag")
    if len(set(value)) != len(value):
        fail("EmissionFactor", "methods", "tags must be unique", value)
    return tuple(value)


def _valid_from(value: object) -> dt.date | None:
    return to_date("EmissionFactor", "valid_from", value)


def _valid_to(value: object) -> dt.date | None:
    return to_date("EmissionFactor", "valid_to", value)


@attrs.frozen(kw_only=True)
class EmissionFactor:
    """An emission factor: kg of each gas per one ``unit`` of an activity.

    Implements the emission factor of GHG Protocol Corporate Standard ch. 6
    ("Identifying and calculating GHG emissions": emissions = activity data x
    emission factor) and IPCC 2006 Guidelines Vol. 1 ch. 1.2 / Vol. 2 ch. 2
    Eq. 2.1 (Tier 1: ``Emissions = Fuel consumption x EF``). Per-gas values are
    kept separate so that any GWP set can be applied at reporting time; a
    factor published only as CO2e records the GWP set it was built with.

    Parameters
    ----------
    id
        Identifier, unique within its set.
    activity
        Lower-case dotted activity key (``fuel.diesel``, ``electricity.grid``).
    unit
        The denominator unit (``kWh``, ``L``, ``TJ``, ``tkm``); parsed with
        :func:`carbonstd.units.parse`.
    year
        The year the factor is published for (1900-2200).
    gases
        kg of each gas per unit, keyed by gas name (canonicalised with
        :func:`carbonstd.gwp.canonical_gas`). Exclusive with ``co2e``.
    co2e, gwp
        kg CO2e per unit and the name of the GWP set used to build it.
    region
        Region code (``GLO``, ``GB``, ``US-GRID-CAMX``). Default ``"GLO"``.
    valid_from, valid_to
        Optional validity period (dates, or ``YYYY-MM-DD`` strings); informational.
    boundary
        One of :data:`BOUNDARIES`, e.g. ``"combustion"`` or ``"WTT"``.
    calorific_basis
        ``"net"`` or ``"gross"``. Required when the activity is a fuel
        (``fuel.*``) and the unit is an energy; refused when the unit is not an
        energy, because the basis only qualifies energy amounts.
    methods
        Method tags (``location-based``, ``tier-1``, ...).
    source, licence, notes
        Provenance; factors loaded from a set carry the set's licence.

    Raises
    ------
    FactorDataError
        Naming the field (also in ``column``) for a bad value: non-finite or
        negative amounts, unknown gases, unparseable units, both or neither of
        ``gases`` and ``co2e``, a missing calorific basis.

    Examples
    --------
    >>> ef = EmissionFactor(id="ipcc-diesel", activity="fuel.diesel", unit="TJ", year=2006,
    ...                     gases={"CO2": 74100, "CH4": 3, "N2O": 0.6},
    ...                     calorific_basis="net")
    >>> ef.gas_values()
    {'CH4': 3.0, 'CO2': 74100.0, 'N2O': 0.6}
    >>> EmissionFactor(id="x", activity="fuel.diesel", unit="L", year=2024,
    ...                gases={"CO2": float("nan")})
    Traceback (most recent call last):
    ...
    carbonstd.errors.FactorDataError: EmissionFactor.gases.CO2: must be finite ...
    """

    id: str = attrs.field()
    activity: str = attrs.field()
    unit: str = attrs.field()
    year: int = attrs.field()
    gases: tuple[tuple[str, float], ...] | None = attrs.field(default=None, converter=_gases)
    co2e: float | None = attrs.field(default=None, converter=_opt_float)
    gwp: str | None = attrs.field(default=None)
    region: str = attrs.field(default="GLO")
    valid_from: dt.date | None = attrs.field(default=None, converter=_valid_from)
    valid_to: dt.date | None = attrs.field(default=None, converter=_valid_to)
    boundary: str | None = attrs.field(default=None)
    calorific_basis: str | None = attrs.field(default=None)
    methods: tuple[str, ...] = attrs.field(default=(), converter=_methods)
    source: Source | None = attrs.field(default=None)
    licence: Licence | None = attrs.field(default=None)
    notes: str = attrs.field(default="", validator=_opt_text(2000))

    def __attrs_post_init__(self) -> None:
        own = "EmissionFactor"
        check_pattern(own, "id", self.id, IDENTIFIER_RE, "identifier")
        check_pattern(own, "activity", self.activity, ACTIVITY_RE, "activity key")
        unit = check_unit(own, "unit", self.unit)
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            fail(own, "year", "must be an integer", self.year)
        if not 1900 <= self.year <= 2200:
            fail(own, "year", "must be between 1900 and 2200", self.year)
        check_pattern(own, "region", self.region, REGION_RE, "region code")
        if self.gases is None and self.co2e is None:
            fail(
                own,
                "gases",
                "give either per-gas values or co2e with its gwp set",
                None,
                hint="add 'gases': {'CO2': ...} or 'co2e' and 'gwp'",
            )
        if self.gases is not None and (self.co2e is not None or self.gwp is not None):
            fail(
                own,
                "co2e",
                "give per-gas values or co2e+gwp, not both",
                self.co2e,
                hint="drop co2e/gwp; CO2e is computed from the gases with a GWP set",
            )
        if self.co2e is not None and self.gwp is None:
            fail(
                own,
                "gwp",
                "a co2e value needs the GWP set it was built with",
                None,
                hint="add gwp, e.g. 'AR5'",
            )
        if self.gwp is not None:
            if self.co2e is None:
                fail(own, "co2e", "gwp given without a co2e value", None)
            check_gwp_set(own, self.gwp)
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            fail(own, "valid_to", "validity ends before it starts", self.valid_to.isoformat())
        if self.boundary is not None and self.boundary not in BOUNDARIES:
            fail(
                own,
                "boundary",
                "unknown boundary",
                self.boundary,
                hint=f"use one of {', '.join(BOUNDARIES)}",
            )
        is_energy = unit.kind == "energy"
        if self.calorific_basis is None:
            if is_energy and self.activity.startswith("fuel."):
                fail(
                    own,
                    "calorific_basis",
                    f"a fuel factor per {self.unit} needs its basis",
                    None,
                    hint="add calorific_basis 'net' (LHV/NCV) or 'gross' (HHV/GCV)",
                )
        elif self.calorific_basis not in CALORIFIC_BASES:
            fail(own, "calorific_basis", "must be 'net' or 'gross'", self.calorific_basis)
        elif not is_energy:
            fail(
                own,
                "calorific_basis",
                f"only energy units have a basis, not {self.unit!r}",
                self.calorific_basis,
                hint="remove calorific_basis from this factor",
            )
        for name in ("source", "licence"):
            value = getattr(self, name)
            expected = Source if name == "source" else Licence
            if value is not None and not isinstance(value, expected):
                fail(own, name, f"must be a {expected.__name__}", value)

    @property
    def parsed_unit(self) -> Unit:
        """The parsed denominator unit.

        Examples
        --------
        >>> ef = EmissionFactor(id="d", activity="fuel.diesel", unit="US_gallon", year=2025,
        ...                     gases={"CO2": 10.21})
        >>> ef.parsed_unit.factor_to("L")
        3.785411784
        """
        return _parse_unit(self.unit)

    @property
    def is_co2e_only(self) -> bool:
        """Whether the factor is given only as CO2e (with :attr:`gwp`).

        Examples
        --------
        >>> EmissionFactor(id="e", activity="electricity.grid", unit="kWh", year=2024,
        ...                co2e=0.2, gwp="AR5").is_co2e_only
        True
        """
        return self.gases is None

    def gas_values(self) -> dict[str, float]:
        """Mass (kg) of each gas per unit as a new dict (empty for a CO2e-only factor).

        Examples
        --------
        >>> EmissionFactor(id="g", activity="electricity.grid", unit="kWh", year=2024,
        ...                gases={"CO2": 0.2, "CH4": 1e-5}).gas_values()
        {'CH4': 1e-05, 'CO2': 0.2}
        """
        return dict(self.gases or ())

    def describe(self) -> str:
        """A one-line human-readable summary.

        Examples
        --------
        >>> EmissionFactor(id="e", activity="electricity.grid", unit="kWh", year=2024,
        ...                region="GB", co2e=0.20705, gwp="AR5").describe()
        'e: electricity.grid GB 2024, 0.20705 kg CO2e (AR5) per kWh'
        """
        if self.gases is not None:
            values = ", ".join(f"{g} {v:.6g} kg" for g, v in self.gases)
        else:
            values = f"{self.co2e:.6g} kg CO2e ({self.gwp})"
        extra = "".join(
            f", {label}" for label in (self.boundary, self.calorific_basis) if label is not None
        )
        return (
            f"{self.id}: {self.activity} {self.region} {self.year}{extra}, {values} per {self.unit}"
        )

    def to_json(self) -> dict[str, Any]:
        """The factor's JSON form in the factor-set schema (licence is the set's).

        Examples
        --------
        >>> ef = EmissionFactor(id="g", activity="electricity.grid", unit="kWh", year=2024,
        ...                     gases={"CO2": 0.2}, methods=["location-based"])
        >>> ef.to_json()  # doctest: +NORMALIZE_WHITESPACE
        {'id': 'g', 'activity': 'electricity.grid', 'unit': 'kWh', 'region': 'GLO',
         'year': 2024, 'gases': {'CO2': 0.2}, 'methods': ['location-based']}
        """
        out: dict[str, Any] = {
            "id": self.id,
            "activity": self.activity,
            "unit": self.unit,
            "region": self.region,
            "year": self.year,
        }
        if self.gases is not None:
            out["gases"] = dict(self.gases)
        else:
            out["co2e"] = self.co2e
            out["gwp"] = self.gwp
        optional: dict[str, Any] = {
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "boundary": self.boundary,
            "calorific_basis": self.calorific_basis,
            "methods": list(self.methods) or None,
            "source": self.source.to_json() if self.source else None,
            "notes": self.notes or None,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        return out

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], *, licence: Licence | None = None
    ) -> EmissionFactor:
        """Build from one entry of a factor set's ``factors`` array.

        Raises
        ------
        FactorDataError
            Naming the field, for a value the constructor refuses.

        Examples
        --------
        >>> ef = EmissionFactor.from_json({"id": "g", "activity": "electricity.grid",
        ...     "unit": "kWh", "year": 2024, "gases": {"CO2": 0.2}})
        >>> ef.region, ef.gas_values()
        ('GLO', {'CO2': 0.2})
        """
        src = data.get("source")
        return cls(
            id=data.get("id"),  # type: ignore[arg-type]
            activity=data.get("activity"),  # type: ignore[arg-type]
            unit=data.get("unit"),  # type: ignore[arg-type]
            year=data.get("year"),  # type: ignore[arg-type]
            gases=data.get("gases"),
            co2e=data.get("co2e"),
            gwp=data.get("gwp"),
            region=data.get("region", "GLO"),
            valid_from=data.get("valid_from"),
            valid_to=data.get("valid_to"),
            boundary=data.get("boundary"),
            calorific_basis=data.get("calorific_basis"),
            methods=data.get("methods", ()),
            source=Source.from_json(src) if isinstance(src, Mapping) else src,
            licence=licence,
            notes=data.get("notes", ""),
        )
