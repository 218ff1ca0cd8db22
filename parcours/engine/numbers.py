"""Scores as people read them: rounded once, exactly, and compared as shown.

A dimension at 9 points out of 15 is 60 exactly, but floating point makes it
59.99999999999999, which misses a level that starts at 60. Scores are therefore computed with
exact fractions and rounded half up to one decimal; levels and rule thresholds compare the whole
number that every page and the PDF display (`shown`), so a reason never says « below 40 » about
a score printed as 40.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

_TENTH, _ONE = Decimal("0.1"), Decimal("1")


@lru_cache(maxsize=4096)
def exact(value: float) -> Fraction:
    """A content number (points, weights) as the decimal its author wrote."""
    return Fraction(repr(float(value)))


def rounded(value: Fraction) -> float:
    """An exact score rounded half up to one decimal: what is stored and exported."""
    quotient = Decimal(value.numerator) / Decimal(value.denominator)
    return float(quotient.quantize(_TENTH, rounding=ROUND_HALF_UP))


def shown(score: float | None) -> int | None:
    """The whole number a stored score is displayed as (half up), and compared as."""
    if score is None:
        return None
    return int(Decimal(repr(float(score))).quantize(_ONE, rounding=ROUND_HALF_UP))


def number_text(value: float, lang: str, decimals: int = 1) -> str:
    """A number for a sentence: no useless decimals, a decimal comma in French."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return text.replace(".", ",") if lang == "fr" else text
