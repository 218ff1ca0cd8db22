"""Scores as people read them: rounded once, exactly, and compared as shown.

A dimension at 9 points out of 15 is 60 exactly, but floating point makes it
59.99999999999999, which misses a level that starts at 60. Scores are therefore computed with
exact fractions and rounded half up to one decimal; levels and rule thresholds compare the whole
number that every page and the PDF display (`shown`), so a reason never says « below 40 » about
a score printed as 40.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache


@lru_cache(maxsize=4096)
def exact(value: float) -> Fraction:
    """A content number (points, weights) as the decimal its author wrote."""
    return Fraction(repr(float(value)))


Ratio = tuple[int, int]  # numerator, denominator > 0: a fraction without Fraction's upkeep


@lru_cache(maxsize=4096)
def ratio(value: float) -> Ratio:
    """A content number as an exact ratio of integers."""
    exact_value = exact(value)
    return exact_value.numerator, exact_value.denominator


def rounded(value: Fraction | Ratio) -> float:
    """An exact score rounded half up to one decimal: what is stored and exported."""
    numerator, denominator = (value.numerator, value.denominator) if isinstance(
        value, Fraction) else value
    return ((20 * numerator + denominator) // (2 * denominator)) / 10


def rounded_fast(approx: float, exact_value: Callable[[], Ratio]) -> float:
    """`rounded`, from a float computation when it cannot be wrong.

    Floating point is off by far less than 1e-9 here; only a value within that of a half tenth
    (62.25) could round the wrong way, and only then is the exact fraction computed. Fractions
    everywhere made scoring five times slower.
    """
    scaled = approx * 10
    if abs(scaled - math.floor(scaled) - 0.5) > 1e-6:
        return math.floor(scaled + 0.5) / 10
    return rounded(exact_value())


def shown(score: float | None) -> int | None:
    """The whole number a stored score is displayed as (half up), and compared as."""
    if score is None:
        return None
    # a stored score has one decimal, so it is never within float noise of a half but at .5
    # itself, which floats hold exactly
    return math.floor(float(score) + 0.5)


def number_text(value: float, lang: str, decimals: int = 1) -> str:
    """A number for a sentence: no useless decimals, a decimal comma in French."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return text.replace(".", ",") if lang == "fr" else text


def unit_for(word: str, value: float) -> str:
    """A unit written in the plural, in the singular for at most one: « 1 partenaire »."""
    return word[:-1] if abs(value) <= 1 and word.endswith("s") and " " not in word else word
