"""Numbers as published plans print them: 「約5万人」, 「4万8千人程度」, 「1.50以上」, 「83,000」.

A printed value keeps what the print says about its precision: 「約5万人」 is 50,000 give or take
half of its last printed unit (5,000); 「4万8千人程度」 is 48,000 ± 500; a plain 83,000 is exact.
Comparisons between documents use that tolerance, so 「約5万人」 and 49,600 do not conflict.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from checker.errors import InvalidValue

Bound = Literal[">=", ">", "<=", "<"]

_APPROX_BEFORE = ("約", "およそ", "概ね", "おおむね", "大体", "ほぼ")
_APPROX_AFTER = ("程度", "前後", "ほど", "くらい", "ぐらい", "強", "弱")
_BOUNDS: tuple[tuple[str, Bound], ...] = (("以上", ">="), ("超", ">"), ("以下", "<="), ("未満", "<"))
_KANJI_UNITS = (("億", 10**8), ("万", 10**4), ("千", 10**3), ("百", 10**2))
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_PART = re.compile(r"(\d+(?:\.\d+)?)([千百]?)")


class NotAQuantity(InvalidValue):
    """Text that is not a printed number (the message, ja and en from the catalogue, says what
    was expected)."""


@dataclass(frozen=True)
class Quantity:
    """A number with the precision its print implies. `tolerance` is 0 for an exact value."""

    value: float | int
    approx: bool = False
    tolerance: float | int = 0
    bound: Bound | None = None  # 以上 / 超 / 以下 / 未満: the value is a limit, not a point
    printed: str = ""  # as written, for messages

    def agrees(self, other: float | int | "Quantity") -> bool:
        """Whether the two can be the same figure, within both tolerances."""
        value, tolerance = (other.value, other.tolerance) if isinstance(other, Quantity) else (other, 0)
        return abs(self.value - value) <= self.tolerance + tolerance

    def ja(self) -> str:
        if self.printed:
            return self.printed
        return f"{self.value:,}" if isinstance(self.value, int) and abs(self.value) >= 10_000 else _plain(self.value)

    def en(self) -> str:
        core = f"{self.value:,}" if isinstance(self.value, int) and abs(self.value) >= 10_000 else _plain(self.value)
        if self.bound:
            core = f"{_BOUND_WORDS[self.bound]} {core}"
        return f"about {core}" if self.approx else core


_BOUND_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}


def _plain(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def parse_quantity(text: str) -> Quantity:
    """「約5万人」 → 50,000 ± 5,000 (approx); 「4万8千人程度」 → 48,000 ± 500; 「1.50以上」 → ≥ 1.5;
    「83,000」 → 83,000 exact. A trailing unit (人, 件, %, …) is allowed and dropped: the indicator's
    unit says what it counts."""
    return _remembered(text) if len(text) <= _TEXT_KEPT else _parse_quantity(text)


def _parse_quantity(text: str) -> Quantity:
    printed = text
    s = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()
    approx = False
    for word in _APPROX_BEFORE:
        if s.startswith(word):
            s, approx = s[len(word):], True
    bound: Bound | None = None
    if _SCIENTIFIC.fullmatch(s.lstrip("+-")):
        number = float(s)
        if not math.isfinite(number):
            raise NotAQuantity("input.value.not_finite", text=_short(printed))
        return Quantity(int(number) if number.is_integer() else number, printed=printed)
    number_end = _number_end(s)
    rest = s[number_end:]
    s = s[:number_end]
    for word in _APPROX_AFTER:
        if word in rest:
            approx = True
    for word, op in _BOUNDS:
        if word in rest:
            bound = op
    if not s:
        raise NotAQuantity("input.value.quantity", value=printed)
    value, step = _kanji_number(s, printed)
    try:
        finite = math.isfinite(float(value))
    except OverflowError:  # more digits than a float holds: no plan states such a number
        finite = False
    if not finite:
        raise NotAQuantity("input.value.not_finite", text=_short(printed))
    tolerance: float | int = step / 2 if approx else 0
    if isinstance(tolerance, float) and tolerance.is_integer():
        tolerance = int(tolerance)
    return Quantity(value, approx, tolerance, bound, printed)


# Short texts are remembered: a table's value is read by its check and again by the model, and
# values repeat across a national run. Quantity is frozen, so one may be shared; errors are not cached.
_remembered = lru_cache(maxsize=8192)(_parse_quantity)
_TEXT_KEPT = 64


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _number_end(s: str) -> int:
    """Where the number (digits, '.', 億万千百) ends and the unit or qualifier begins."""
    end = 0
    for i, ch in enumerate(s):
        if ch.isdigit() or ch in ".億万千百" or (i == 0 and ch in "+-"):
            end = i + 1
        else:
            break
    return end


def _kanji_number(s: str, printed: str) -> tuple[float | int, float | int]:
    """The value of 「4万8千」 (48000) and the size of its last printed unit (1000): the step
    that 「約」 is half of. Plain numbers: the last printed digit (83,000 → 1000; 1.5 → 0.1)."""
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    if _NUMBER.fullmatch(s):
        return _plain_number(s, sign)
    total, step, pos = Decimal(0), Decimal(1), 0
    # 億 and 万 group their own 千 and 百: 1億2千万 = 1×10⁸ + (2×10³)×10⁴
    for m in _GROUP.finditer(s):
        if m.start() != pos or not m.group(0):
            break
        pos = m.end()
        group, major = m.group("group"), m.group("major")
        scale = Decimal(_MAJOR.get(major, 1))
        value, minor_step = _minor(group, printed)
        if not major and "." not in group and _NUMBER.fullmatch(group):
            minor_step = _trailing_zeros(group)  # the 「1500」 after 「1万」: printed to the hundreds
        total += value * scale
        step = minor_step * scale
    if pos != len(s) or pos == 0:
        raise NotAQuantity("input.value.quantity", value=printed)
    return _as_number(total * sign), _as_number(step)


_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+")
_MAJOR = {"億": 10**8, "万": 10**4}
_GROUP = re.compile(r"(?P<group>(?:\d+(?:\.\d+)?[千百]?)+)(?P<major>[億万]?)")


def _minor(group: str, printed: str) -> tuple[Decimal, Decimal]:
    """「4千5百」 → (4500, 100); 「48」 → (48, 1); 「1.5」 → (1.5, 0.1)."""
    total, step = Decimal(0), Decimal(1)
    for m in _PART.finditer(group):
        digits, unit = m.groups()
        scale = Decimal({"千": 1000, "百": 100}.get(unit, 1))
        try:
            part = Decimal(digits)
        except InvalidOperation:
            raise NotAQuantity("input.value.not_a_number", text=printed) from None
        total += part * scale
        step = scale * (_last_digit(digits) if "." in digits else 1)
    return total, step


def _trailing_zeros(digits: str) -> Decimal:
    """The last printed unit of a whole number: '1500' → 100, '48' → 1, '0' → 1."""
    stripped = digits.rstrip("0")
    return Decimal(10) ** (len(digits) - len(stripped)) if stripped else Decimal(1)


def _plain_number(s: str, sign: int) -> tuple[float | int, float | int]:
    d = Decimal(s)
    if "." in s:
        step = _last_digit(s)
    else:
        stripped = s.rstrip("0")
        step = Decimal(10) ** (len(s) - len(stripped)) if stripped else Decimal(1)
    return _as_number(d * sign), _as_number(step)


def _last_digit(digits: str) -> Decimal:
    """The value of the last printed decimal place: '1.50' → 0.01."""
    return Decimal(1).scaleb(-len(digits.partition(".")[2]))


def _as_number(d: Decimal) -> float | int:
    return int(d) if d == d.to_integral_value() else float(d)
