"""Allow-list grammar for unit strings that come from files (no pint here).

The grammar accepts only::

    expr   := term (("*" | "/" | " ") term)*
    term   := atom [("**" | "^") ["-"] DIGIT]
    atom   := NAME | NUMBER | "(" expr ")"

with bounded length, token count and parenthesis depth. Anything else is
refused before pint sees it, so adversarial strings (``9**9**9``, deep
nesting, 10 kB of garbage) fail fast with :class:`~carbonstd.errors.UnitError`.
"""

from __future__ import annotations

import re

from carbonstd.errors import UnitError

MAX_LENGTH = 128
MAX_TOKENS = 48
MAX_DEPTH = 2
MAX_NAME = 40

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t]+)
  | (?P<pow>\*\*|\^)
  | (?P<mul>\*|·)
  | (?P<div>/)
  | (?P<lpar>\()
  | (?P<rpar>\))
  | (?P<minus>-)
  | (?P<number>[0-9]{1,9}(?:\.[0-9]{1,9})?)
  | (?P<name>[A-Za-zµμ_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)

#: Names refused because they mislead, with the hint given instead.
REFUSED: dict[str, str] = {
    "ton": "'ton' is ambiguous; say 't' (metric tonne), 'short_ton' or 'long_ton'",
    "tons": "'tons' is ambiguous; say 't' (metric tonne), 'short_ton' or 'long_ton'",
    "gallon": "'gallon' is ambiguous; say 'US_gallon' or 'imperial_gallon'",
    "gallons": "'gallons' is ambiguous; say 'US_gallon' or 'imperial_gallon'",
    "gal": "'gal' is ambiguous; say 'US_gallon' or 'imperial_gallon'",
    "kt": "'kt' is the knot (a speed) in pint; say 'kilotonne' for 1000 t",
    "mt": "'mt' reads as millitonne (1 kg); 't' is the tonne: say 't' for metric tonnes "
    "or 'Mt' for megatonnes",
    "MT": "'MT' reads as megatesla; for metric tonnes say 't', for megatonnes 'Mt'",
    "bbl": "'bbl' is pint's 31.5-gallon barrel (119.24 L); for crude oil and petroleum "
    "products say 'oil_barrel' (42 US gallons, 158.987 L)",
    "bbls": "'bbls' is pint's 31.5-gallon barrel (119.24 L); for crude oil and petroleum "
    "products say 'oil_barrel' (42 US gallons, 158.987 L)",
    "barrel": "'barrel' is pint's 31.5-gallon barrel (119.24 L); for crude oil and petroleum "
    "products say 'oil_barrel' (42 US gallons, 158.987 L)",
    "barrels": "'barrels' is pint's 31.5-gallon barrel (119.24 L); for crude oil and petroleum "
    "products say 'oil_barrel' (42 US gallons, 158.987 L)",
    "pint": "'pint' is ambiguous; say 'US_pint' or 'imperial_pint'",
    "pints": "'pints' is ambiguous; say 'US_pint' or 'imperial_pint'",
    "pt": "'pt' reads as the US pint (or picotonne); say 'US_pint' or 'imperial_pint'",
    "quart": "'quart' is ambiguous; say 'US_quart' or 'imperial_quart'",
    "quarts": "'quarts' is ambiguous; say 'US_quart' or 'imperial_quart'",
    "qt": "'qt' is ambiguous; say 'US_quart' or 'imperial_quart'",
    "floz": "'floz' is ambiguous; say 'US_fluid_ounce' or 'imperial_fluid_ounce'",
    "G": "'G' reads as the gauss (a CGS magnetic unit), and is also the symbol of the "
    "gravitational constant; neither is a carbon-accounting unit",
}

_GAS_LIKE = re.compile(r"co2|ghg|ch4|n2o", re.IGNORECASE)


def tokenize(text: str, *, source: str | None = None) -> list[tuple[str, str]]:
    """Split ``text`` into ``(kind, value)`` tokens, refusing anything off-grammar.

    Examples
    --------
    >>> tokenize("kg/m**3")
    [('name', 'kg'), ('div', '/'), ('name', 'm'), ('pow', '**'), ('number', '3')]
    """
    if not isinstance(text, str):
        raise UnitError("a unit must be given as a string", value=text, source=source)
    if not text.strip():
        raise UnitError(
            "empty unit string", value=text, source=source, hint="give a unit such as 'kg'"
        )
    if len(text) > MAX_LENGTH:
        raise UnitError(
            f"unit string longer than {MAX_LENGTH} characters",
            value=text,
            source=source,
            hint="unit strings are short names such as 'kWh' or 'kg/km'",
        )
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise UnitError(
                f"character {text[pos]!r} at position {pos} is not allowed in a unit",
                value=text,
                source=source,
                hint="use unit names, numbers, '*', '/', '**' and parentheses",
            )
        kind = m.lastgroup
        assert kind is not None
        if kind != "space":
            tokens.append((kind, m.group()))
        pos = m.end()
        if len(tokens) > MAX_TOKENS:
            raise UnitError(
                f"unit string has more than {MAX_TOKENS} tokens", value=text, source=source
            )
    return tokens


class _Parser:
    def __init__(self, text: str, tokens: list[tuple[str, str]], source: str | None) -> None:
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.source = source
        self.names: list[str] = []
        self.out: list[str] = []

    def fail(self, message: str, hint: str | None = None) -> UnitError:
        return UnitError(
            message,
            value=self.text,
            source=self.source,
            hint=hint or "use unit names, numbers, '*', '/', '**' and parentheses",
        )

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def parse(self) -> str:
        self.expr(0)
        if self.i != len(self.tokens):
            raise self.fail(f"unexpected {self.tokens[self.i][1]!r}")
        return "".join(self.out)

    def expr(self, depth: int) -> None:
        self.term(depth)
        after_div = False
        while True:
            kind = self.peek()
            if kind in ("mul", "name", "number", "lpar") and after_div:
                # pint reads 'L/100 km' and 'kg/t*km' left to right, as L*km/100 and
                # kg*km/t: almost never what was meant, so ask for parentheses.
                raise self.fail(
                    "ambiguous unit: a product after '/' is not allowed",
                    hint="put the denominator in parentheses, e.g. 'L/(100 km)' or 'kg/(t*km)'",
                )
            if kind in ("mul", "div"):
                self.out.append("*" if kind == "mul" else "/")
                after_div = after_div or kind == "div"
                self.i += 1
                if self.peek() is None:
                    raise self.fail("unit string ends with an operator")
                self.term(depth)
            elif kind in ("name", "number", "lpar"):
                self.out.append("*")
                self.term(depth)
            else:
                return

    def term(self, depth: int) -> None:
        kind = self.peek()
        if kind == "name":
            name = self.tokens[self.i][1]
            self.check_name(name)
            self.names.append(name)
            self.out.append(name)
            self.i += 1
            self.exponent()
        elif kind == "number":
            value = self.tokens[self.i][1]
            if float(value) == 0.0:
                raise self.fail("a zero factor is not allowed in a unit")
            self.out.append(value)
            self.i += 1
            if self.peek() == "pow":
                raise self.fail("numbers cannot be raised to a power in a unit")
        elif kind == "lpar":
            if depth >= MAX_DEPTH:
                raise self.fail(f"parentheses nested deeper than {MAX_DEPTH}")
            self.out.append("(")
            self.i += 1
            self.expr(depth + 1)
            if self.peek() != "rpar":
                raise self.fail("unbalanced parentheses")
            self.out.append(")")
            self.i += 1
            self.exponent()
        elif kind is None:
            raise self.fail("unit string ends unexpectedly")
        else:
            raise self.fail(f"unexpected {self.tokens[self.i][1]!r}")

    def exponent(self) -> None:
        if self.peek() != "pow":
            return
        self.i += 1
        sign = ""
        if self.peek() == "minus":
            sign = "-"
            self.i += 1
        if self.peek() != "number":
            raise self.fail("a power must be a small integer such as 2 or -1")
        digits = self.tokens[self.i][1]
        if not digits.isdigit() or len(digits) != 1 or digits == "0":
            raise self.fail(
                f"power {sign}{digits} is not allowed", hint="powers are integers from -9 to 9"
            )
        self.out.append(f"**{sign}{digits}")
        self.i += 1
        if self.peek() == "pow":
            raise self.fail("chained powers are not allowed")

    def check_name(self, name: str) -> None:
        if len(name) > MAX_NAME:
            raise self.fail(f"unit name longer than {MAX_NAME} characters")
        if name in REFUSED:
            raise UnitError(
                "misleading unit refused", value=name, source=self.source, hint=REFUSED[name]
            )
        if _GAS_LIKE.search(name):
            raise UnitError(
                "CO2e and gas names are not units",
                value=name,
                source=self.source,
                hint="carbonstd tracks gases by name: give the mass unit (kg, t) and the gas "
                "separately, e.g. a factor's gases={'CO2': ...}",
            )


def normalize(text: str, *, source: str | None = None) -> tuple[str, list[str]]:
    """Check ``text`` against the grammar; return pint-ready text and the unit names.

    Examples
    --------
    >>> normalize("L / (100 km)")
    ('L/(100*km)', ['L', 'km'])
    >>> normalize("9**9**9")
    Traceback (most recent call last):
    ...
    carbonstd.errors.UnitError: numbers cannot be raised to a power in a unit: '9**9**9' ...
    """
    tokens = tokenize(text, source=source)
    parser = _Parser(text, tokens, source)
    return parser.parse(), parser.names
