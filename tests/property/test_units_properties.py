"""Property tests for carbonstd.units: untrusted strings never hang or crash; factors compose."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from carbonstd import units
from carbonstd.errors import UnitError

#: Per-call ceiling: a hang guard, not a benchmark (a normal parse takes microseconds).
HANG_GUARD_S = 0.5

ADVERSARIAL = [
    "9**9**9",
    "9^9^9",
    "(9**9)**9",
    "m" + "**2" * 1000,
    "(" * 1000 + "kg" + ")" * 1000,
    "(" * 3 + "kg" + ")" * 3,
    "nan kg",
    "inf",
    "1e308 kg",
    "99999999999 kg",
    "__import__('os')",
    "kg\x00",
    "kg\u202e",
    "\ufeffkg",
    "µg",
    "μg",
    "kg" * 64,
    "x" * 10_000,
    "/" * 50,
    "kg/" * 40,
    "ton kg",
]

_GARBAGE = st.binary(min_size=10_000, max_size=10_240).map(lambda b: b.decode("latin-1"))
_PIECES = st.sampled_from(
    ["kg", "t", "km", "kWh", "L", "(", ")", "*", "/", "**", "^", "-", " ", "2", "9", "0", "ton"]
)
_GRAMMARISH = st.lists(_PIECES, max_size=60).map("".join)
_TEXT = (
    st.sampled_from(ADVERSARIAL)
    | st.text(max_size=200)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=50)
    | _GRAMMARISH
    | _GARBAGE
)


def _parse_timed(text: str) -> units.Unit | UnitError:
    start = time.perf_counter()
    try:
        outcome: units.Unit | UnitError = units.parse(text)
    except UnitError as exc:
        outcome = exc
    elapsed = time.perf_counter() - start
    assert elapsed < HANG_GUARD_S, f"parse({text[:40]!r}...) took {elapsed:.3f} s"
    return outcome


def test_registry_warm() -> None:
    # Build the private registry once outside the timed properties.
    assert units.parse("kg").kind == "mass"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
@example("9**9**9")
@example("m" + "**2" * 1000)
@example("(" * 1000 + "kg" + ")" * 1000)
@example("nan kg")
def test_parse_returns_unit_or_unit_error(text: str) -> None:
    units.parse("kg")  # registry built before timing
    outcome = _parse_timed(text)
    if isinstance(outcome, units.Unit):
        assert outcome.text == text
        assert outcome.scale > 0
        assert all(e != 0 for _, e in outcome.dimensions)
    else:
        assert str(outcome)  # a readable message


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_adversarial_strings_are_refused_or_parsed_fast(text: str) -> None:
    units.parse("kg")
    _parse_timed(text)


_UNITS_BY_KIND = {
    "mass": ["kg", "g", "t", "lb", "short_ton", "long_ton", "Gg", "kilotonne"],
    "energy": ["J", "kWh", "MWh", "GJ", "TJ", "mmBtu", "therm", "Btu_it", "toe"],
    "volume": [
        "L",
        "m3",
        "US_gallon",
        "imperial_gallon",
        "scf",
        "oil_barrel",
        "US_quart",
        "imperial_pint",
    ],
    "transport": ["tkm", "t*km", "kg*km", "short_ton*mile"],
}
_SAME_KIND = st.sampled_from(sorted(_UNITS_BY_KIND)).flatmap(
    lambda k: st.tuples(*[st.sampled_from(_UNITS_BY_KIND[k])] * 3)
)


@given(_SAME_KIND)
def test_factors_compose_exactly_in_rationals(triple: tuple[str, str, str]) -> None:
    a, b, c = (units.parse(u) for u in triple)
    assert (a.scale / b.scale) * (b.scale / c.scale) == a.scale / c.scale
    ab, bc, ac = a.factor_to(b), b.factor_to(c), a.factor_to(c)
    assert ac == float(a.scale / c.scale)
    # each factor is within half an ulp of exact, so the float product is within ~3 ulps
    assert abs(ab * bc - ac) <= 4 * np.spacing(abs(ac))
    assert a.factor_to(a) == 1.0


@given(_SAME_KIND)
def test_inverse_factor_round_trips(triple: tuple[str, str, str]) -> None:
    a, b = units.parse(triple[0]), units.parse(triple[1])
    product = Fraction(a.factor_to(b)) * Fraction(b.factor_to(a))
    assert abs(product - 1) <= Fraction(2**-51)


@given(
    st.lists(st.floats(min_value=-1e12, max_value=1e12), min_size=1, max_size=30),
    st.data(),
)
def test_vectorized_convert_equals_per_value_factor(
    values: list[float], data: st.DataObject
) -> None:
    names = _UNITS_BY_KIND["energy"]
    codes = data.draw(
        st.lists(st.integers(0, len(names) - 1), min_size=len(values), max_size=len(values))
    )
    out = units.convert(np.array(values), np.array(codes), names, "GJ")
    expected = [
        v * units.conversion_factor(names[c], "GJ") for v, c in zip(values, codes, strict=True)
    ]
    assert out.tolist() == expected
