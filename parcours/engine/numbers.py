"""Scores as people read them: rounded once, exactly, and compared as shown.

A dimension at 9 points out of 15 is 60 exactly, but floating point makes it
59.99999999999999, which misses a level that starts at 60. Scores are therefore known exactly
(`Measure`), and levels and rule thresholds compare the exact score: 1.0 out of 3 reaches a
level at 33.33, 0.99 out of 3 does not. What is printed never contradicts them (`honest`): a
whole number as a rule, with the decimals it takes near a threshold (« 39,6 » below 40, never
« 40 »). Stored and exported scores keep one decimal, more near a threshold (`kept`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Any


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


def rounded_fast(approx: float, exact_value: Callable[[], Fraction | Ratio]) -> float:
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


class Measure:
    """A score as the engine knows it: a float for speed, its exact fraction on demand.

    Levels and rule thresholds compare the exact score (issue 27): a practice at 1.0 out of 3
    (33.33…) reaches a level at 33.33, one at 0.99 out of 3 (33) does not. The float decides
    whenever it is clearly on one side of a threshold; only within 1e-7 of it is the exact
    fraction worked out, so scoring stays fast.
    """

    __slots__ = ("_exact", "_make", "approx")

    def __init__(self, approx: float, exactly: Fraction | Callable[[], Fraction] | None = None):
        self.approx = float(approx)
        self._exact: Fraction | None
        self._make: Callable[[], Fraction] | None
        if exactly is not None and not callable(exactly) and isinstance(exactly, Fraction):
            self._exact, self._make = exactly, None
        else:  # (tested first: an isinstance of Fraction, an ABC, costs as much as the rest)
            self._exact, self._make = None, exactly

    @classmethod
    def stored(cls, value: float | Measure) -> Measure:
        """A stored or exported score (a short decimal) as the decimal it is."""
        return value if isinstance(value, Measure) else cls(float(value), exact(float(value)))

    def exact(self) -> Fraction:
        """The exact value (a stored score: the decimal written)."""
        if self._exact is None:
            self._exact = self._make() if self._make is not None else exact(self.approx)
        return self._exact

    def cmp(self, other: Fraction | float) -> int:
        """-1, 0 or 1 as the exact score is below, at or above `other`."""
        target = other if type(other) is Fraction or isinstance(other, Fraction) else exact(
            float(other))
        near = float(target)
        diff = self.approx - near
        if abs(diff) > 1e-7 * (1 + abs(near)):
            return 1 if diff > 0 else -1
        found = self.exact()
        return (found > target) - (found < target)

    def reaches(self, limit: Threshold) -> bool:
        """Whether the score is on the upper side of a threshold (a level: at or above it)."""
        return _side(self.approx, self.exact, limit)

    def __lt__(self, other: Any) -> bool:
        return self.cmp(_fraction(other)) < 0

    def __le__(self, other: Any) -> bool:
        return self.cmp(_fraction(other)) <= 0

    def __gt__(self, other: Any) -> bool:
        return self.cmp(_fraction(other)) > 0

    def __ge__(self, other: Any) -> bool:
        return self.cmp(_fraction(other)) >= 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Measure):
            return self.exact() == other.exact()
        if isinstance(other, int | float | Fraction):
            return self.cmp(_fraction(other)) == 0
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.exact())

    def __float__(self) -> float:
        return self.approx

    def __repr__(self) -> str:
        return f"Measure({self.approx!r})"


def _fraction(value: Any) -> Fraction:
    if isinstance(value, Measure):
        return value.exact()
    return value if isinstance(value, Fraction) else exact(float(value))


MOST_PLACES = 4  # beyond, a score is printed as it is rounded down (or up) towards its side


def half_up(value: Fraction, places: int) -> Fraction:
    """`value` rounded half up to `places` decimals, exactly."""
    scale = 10 ** places
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def _on_grid(m: Measure, places: int) -> Fraction:
    """The score rounded half up to `places` decimals, exactly."""
    scale = 10 ** places
    scaled = m.approx * scale
    if abs(scaled - math.floor(scaled) - 0.5) > 1e-6:
        return Fraction(math.floor(scaled + 0.5), scale)
    return half_up(m.exact(), places)


Threshold = tuple[Fraction, bool, float]  # a value, whether reaching it is not enough (`>`),
# and the value as a float, for the fast comparisons


def threshold(value: Fraction | float, strict: bool = False) -> Threshold:
    """A threshold from the decimal an author wrote (or an exact fraction)."""
    found = value if isinstance(value, Fraction) else exact(float(value))
    return found, strict, float(found)


def _side(value: float, exactly: Callable[[], Fraction], limit: Threshold) -> bool:
    """Whether a value is on the upper side of a threshold (at or above; above when strict)."""
    target, strict, approx = limit
    if abs(value - approx) > 1e-7 * (1 + abs(approx)):
        return value > approx
    found = exactly()
    return found > target if strict else found >= target


def _agrees(candidate: Fraction, m: Measure, thresholds: tuple[Threshold, ...]) -> bool:
    """Whether a printed figure sits on the same side of every threshold as the score: at or
    above a level's `min` (or a rule's `>=`/`<`), above a rule's `>` (or `<=`)."""
    printed, value = candidate.numerator / candidate.denominator, m.approx
    for limit in thresholds:
        approx = limit[2]
        margin = 1e-7 * (1 + abs(approx))
        if abs(printed - approx) > margin and abs(value - approx) > margin:
            if (printed > approx) != (value > approx):  # the usual case: floats decide
                return False
        elif _side(printed, lambda: candidate, limit) != _side(value, m.exact, limit):
            return False
    return True


def honest(m: Measure, thresholds: tuple[Threshold, ...], places: int = 0
           ) -> tuple[Fraction, int]:
    """The score as printed (and its decimals): rounded half up to `places` decimals, with as
    many more as it takes never to land on the other side of a threshold than the score
    itself (« 33,3 » and not « 33 » for a level at 33.3, « 39,6 » and not « 40 » below 40).
    """
    for used in range(places, max(places, MOST_PLACES) + 1):
        candidate = _on_grid(m, used)
        if _agrees(candidate, m, thresholds):
            return candidate, used
    scale, value = 10 ** MOST_PLACES, m.exact()
    for candidate in (Fraction(math.floor(value * scale), scale),
                      Fraction(math.ceil(value * scale), scale)):
        if _agrees(candidate, m, thresholds):
            return candidate, MOST_PLACES
    return value, MOST_PLACES  # a threshold written with more decimals than we print


def kept(m: Measure | None, thresholds: tuple[Threshold, ...]) -> float | None:
    """What is stored and exported: one decimal, more near a threshold (see `honest`)."""
    if m is None:
        return None
    approx = m.approx
    for limit in thresholds:  # a loop rather than all(…): scoring keeps 18 scores each time
        if abs(approx - limit[2]) <= 0.06:
            value, _ = honest(m, thresholds, 1)
            return float(value)
    # no threshold within a rounding of it (the usual case): one decimal, as before
    return rounded_fast(approx, m.exact)


def figure(value: Fraction | float, places: int, lang: str) -> str:
    """A printed score: rounded half up to `places` decimals, without trailing zeros, with a
    decimal comma in French."""
    scale = 10 ** places
    whole = math.floor(Fraction(value) * scale + Fraction(1, 2))
    sign, whole = ("-" if whole < 0 else ""), abs(whole)
    text = f"{sign}{whole // scale}" + (f".{whole % scale:0{places}d}".rstrip("0").rstrip(".")
                                        if places else "")
    return text.replace(".", ",") if lang == "fr" else text


def plain(value: float, lang: str) -> str:
    """A figure a snapshot keeps as a float (`2.25`, `3.0`), with the decimals it has
    (« 2,25 », « 3 »)."""
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    return figure(Fraction(text), len(text.partition(".")[2]), lang)


def out_of_text(shown: float | None, most: float, lang: str) -> str:
    """A score on a scale of its own as pages, the PDF and reasons print it: « 2,25 / 3 »,
    « 41 / 167 », « — / 3 » when there is none."""
    return f"{'—' if shown is None else plain(shown, lang)} / {plain(most, lang)}"
