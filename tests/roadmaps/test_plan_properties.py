"""What no A.D.O.C. plan may ever do, for the reference organisations and for any answers.

Each property is a function that lists the problems of one roadmap; the tests run it over every
reference organisation (tests/roadmaps/organisations) and over answers drawn by hypothesis from
the loaded questionnaire (every question answered: an option, a subset that respects `exclusive`,
a number in range, « Je ne sais pas » or « Non concerné » where offered). A failure names the
organisation and quotes the text: it is the content authors' to-do, not a test to relax.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlparse

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from parcours.engine import Questionnaire, Roadmap, Scores, check_answers, evaluate, load
from parcours.engine.roadmap import Selected

from .generate import ADOC, organisations

Q = load(ADOC)
LANGS = ("fr", "en")


# ---- what a roadmap says ----------------------------------------------------------------------

def intent(item: Selected) -> str:
    reco = item.recommendation
    return getattr(reco, "intent", None) or reco.id


def kind_specific(q: Questionnaire, reco_id: str) -> bool:
    """Whether a recommendation's `presumes` reads the kind question, directly or through a
    profile (`profile.entreprise`, `not profile.entreprise`, `profile.benevoles_seulement`…):
    the engine's own list (engine/intents.py)."""
    return reco_id in q.kind_specific


def title(item: Selected, lang: str) -> str:
    return (item.title or item.recommendation.title).get(lang)


def description(item: Selected, lang: str) -> str:
    return (item.description or item.recommendation.description).get(lang)


def reasons(item: Selected, lang: str) -> list[str]:
    """The reasons as the roadmap prints them (a sentence two rules share, once)."""
    return [reason.get(lang) for reason in item.distinct_reasons]


def texts(item: Selected, lang: str) -> list[str]:
    """Everything a reader reads of one action: its title, its description, its reasons."""
    return [title(item, lang), description(item, lang), *reasons(item, lang)]


def resources(item: Selected) -> tuple[Any, ...]:
    """The resources printed with an action (a variant may replace the recommendation's)."""
    return item.recommendation.resources if item.resources is None else item.resources


def found(pattern: re.Pattern[str], road: Roadmap, lang: str,
          items: Iterable[Selected] | None = None) -> list[str]:
    """« id: the text » for each text of the roadmap where the pattern occurs."""
    return [f"{item.recommendation.id} [{lang}]: …{_around(text, match)}…"
            for item in (road.selected if items is None else items)
            for text in texts(item, lang)
            for match in [pattern.search(text)] if match]


def _around(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 60):match.end() + 60]


def one_partner(answers: dict[str, Any]) -> bool:
    """Exactly one partner: the number of active partners says 1. (One box ticked in
    `profil_partenaires` is one *kind* of partner, a commune ticking « associations » may work
    with thirty: it says nothing of the number.)"""
    number = answers.get("modele_nombre_partenaires")
    return isinstance(number, float | int) and number == 1


# ---- the properties -----------------------------------------------------------------------------

Property = Callable[[Scores, Roadmap], list[str]]


def one_action_per_intent(scores: Scores, road: Roadmap) -> list[str]:
    """(a) No plan holds two actions of one intent."""
    counts = Counter(intent(item) for item in road.main)
    return [f"intent {name!r} {n} times: "
            f"{[i.recommendation.id for i in road.main if intent(i) == name]}"
            for name, n in counts.items() if n > 1]


def kind_specific_action_among_the_first_three(scores: Scores, road: Roadmap) -> list[str]:
    """(b) When a kind-specific action is in the plan, one is among its first three."""
    specific = [item for item in road.main if kind_specific(Q, item.recommendation.id)]
    if not specific or any(item in specific for item in road.main[:3]):
        return []
    return [f"kind-specific {[f'{i.rank}. {i.recommendation.id}' for i in specific]} "
            f"but the first three are {[i.recommendation.id for i in road.main[:3]]}"]


COMPANY_FR = re.compile(
    r"\bvotre association\b(?! d'élus)|\bvos bénévoles\b|\bvos adhérents\b"
    r"|\bprojet associatif\b|\bbénévoles seulement\b|\bcollecte de dons\b|\bappels? aux dons\b"
    r"|\bdons de particuliers\b|\bsubventions?\b|\bfinancement participatif\b|\bDLA\b"
    r"|\bdispositif local d'accompagnement\b|\bmaison des associations\b"
    r"|\bvotre modèle socio-économique\b|\bdiversifier vos ressources\b", re.IGNORECASE)
COMPANY_EN = re.compile(
    r"\byour association\b|\byour volunteers\b|\byour members\b|\bfundrais\w*|\bgrants?\b"
    r"|\bcrowdfunding\b|\bdonations from individuals\b|\bDLA\b|\byour socio-economic model\b"
    r"|\bdiversify your resources\b", re.IGNORECASE)


def nothing_associative_for_a_company(scores: Scores, road: Roadmap) -> list[str]:
    """(c) A company reads no association or fundraising words."""
    if scores.answers.get("profil_type") != "entreprise":
        return []
    return found(COMPANY_FR, road, "fr") + found(COMPANY_EN, road, "en")


COMPANY_STAFF = r"(?! d'(?:une |l')?entreprise| de l'entreprise| de vos entreprises| d'entreprises)"
EMPLOYEES_FR = re.compile(
    r"(?<!sans )(?<!aucun )\bsalarié(?:e)?s?\b" + COMPANY_STAFF
    + r"|\bcollaborateurs\b" + COMPANY_STAFF
    + r"|\bfiches? de poste\b|\bRH\b|\bressources humaines\b")
EMPLOYEES_EN = re.compile(
    r"(?<!no )(?<!without )(?<!company )\bemployees?\b(?! of (?:a|the|your partner) compan)"
    r"|\bstaff\b|\bHR\b|\bjob descriptions?\b|\bhuman resources\b")


def no_employee_for_volunteers(scores: Scores, road: Roadmap) -> list[str]:
    """(d) A volunteer-only association (association, no employee) reads no employee words."""
    answers = scores.answers
    if answers.get("profil_type") != "association" or answers.get("profil_taille") != "micro":
        return []
    return found(EMPLOYEES_FR, road, "fr") + found(EMPLOYEES_EN, road, "en")


# The future and the conditional are right for an organisation with no partner yet: « ceux qui
# pourraient devenir vos partenaires », « qui porteront vos partenariats », « si vous en avez ».
NOT_YET_FR = r"(?<!devenir )(?<!porteront )(?<!portent ou porteront )"
NOT_YET_EN = r"(?<!become )(?<!will lead )(?<!will carry )"
NO_PARTNER_FR = re.compile(NOT_YET_FR + r"(?:\bvos partenaires\b(?!,? si vous en avez)"
                           r"|\bvotre partenaire\b|\bvos partenariats\b"
                           r"|\bvotre principal partenaire\b|\bchaque partenaire\b)")
NO_PARTNER_EN = re.compile(NOT_YET_EN + r"(?:\byour partners?\b(?!,? if you have any)"
                           r"|\byour partnerships\b|\byour main partner\b|\beach partner\b)")
ONE_PARTNER_FR = re.compile(r"\bvos partenaires\b(?!,? si vous en avez)")
ONE_PARTNER_EN = re.compile(r"\byour partners\b(?!,? if you have any)")


def no_partner_presumed(scores: Scores, road: Roadmap) -> list[str]:
    """(e) Nothing presumes partners the answers deny: none with no partner, « vos
    partenaires » (several) with exactly one."""
    if Q.holds("sans_partenaire", scores.answers):
        return found(NO_PARTNER_FR, road, "fr") + found(NO_PARTNER_EN, road, "en")
    if one_partner(scores.answers):
        return found(ONE_PARTNER_FR, road, "fr") + found(ONE_PARTNER_EN, road, "en")
    return []


def at_most_three_essential(scores: Scores, road: Roadmap) -> list[str]:
    """(f) At most three essential actions, all in the plan."""
    essential = [item.recommendation.id for item in road.selected if item.essential]
    outside = [item.recommendation.id for item in road.others if item.essential]
    return ([f"{len(essential)} essential actions: {essential}"] if len(essential) > 3 else []) + (
        [f"essential outside the plan: {outside}"] if outside else [])


INTERNAL = re.compile(r"<object|\bNone\b|dont_know|not_applicable|\{\{|\}\}"
                      r"|[«“\"']\s*[a-z]+_[a-z_]+\s*[»”\"']")


def no_internal_value(scores: Scores, road: Roadmap) -> list[str]:
    """(g) No internal value in any text, French or English."""
    return found(INTERNAL, road, "fr") + found(INTERNAL, road, "en")


def resources_are_specific_pages(scores: Scores, road: Roadmap) -> list[str]:
    """(h) Every action of the plan has a resource; no resource is a homepage."""
    missing = [f"no resource: {item.recommendation.id}" for item in road.main
               if not resources(item)]
    homepages = [f"homepage: {item.recommendation.id} → {resource.url}"
                 for item in road.selected for resource in resources(item)
                 if urlparse(resource.url).path in ("", "/")]
    return missing + homepages


ENGLISH = re.compile(r"\bactors?\b|\bterritory\b|\bterritories\b", re.IGNORECASE)


def english_reads_as_english(scores: Scores, road: Roadmap) -> list[str]:
    """(i) English texts say « organisations », « local area », never « actors », « territory »."""
    return found(ENGLISH, road, "en")


SAID = {
    "fr": [re.compile(r"(?:à|pour) « (.+?\?) »"), re.compile(r"score « ([^»]+) » est de"),
           re.compile(r"score pour « ([^»]+) »"), re.compile(r"(score global)")],
    "en": [re.compile(r"(?:to|for) “(.+?\?)”"), re.compile(r"your “([^”]+)” score"),
           re.compile(r"score for “([^”]+)”"), re.compile(r"(overall score)")],
}


def no_reason_said_twice(scores: Scores, road: Roadmap) -> list[str]:
    """(j) No reason is said twice in one action: no two equal reasons, no answer quoted and no
    score given twice among its reasons."""
    problems = []
    for item in road.selected:
        for lang in LANGS:
            said = reasons(item, lang)
            twice = [text for text, n in Counter(said).items() if n > 1]
            for pattern in SAID[lang]:
                facts = Counter(m for text in said for m in pattern.findall(text))
                twice += [fact for fact, n in facts.items() if n > 1]
            problems += [f"{item.recommendation.id} [{lang}]: said twice: {fact[:90]}"
                         for fact in twice]
    return problems


PROPERTIES: list[Property] = [
    one_action_per_intent, kind_specific_action_among_the_first_three,
    nothing_associative_for_a_company, no_employee_for_volunteers, no_partner_presumed,
    at_most_three_essential, no_internal_value, resources_are_specific_pages,
    english_reads_as_english, no_reason_said_twice,
]
PROPERTY_IDS = [p.__name__ for p in PROPERTIES]


# ---- over the reference organisations ----------------------------------------------------------

REFERENCES = {org.name: evaluate(Q, org.answers) for org in organisations(Q)}


@pytest.mark.parametrize("name", list(REFERENCES))
@pytest.mark.parametrize("prop", PROPERTIES, ids=PROPERTY_IDS)
def test_reference_organisation(prop: Property, name: str) -> None:
    problems = prop(*REFERENCES[name])
    assert not problems, f"{prop.__doc__}\n{name}:\n  " + "\n  ".join(problems)


def test_each_property_applies_to_some_reference_organisation() -> None:
    """A property restricted to a profile (company, volunteers, no partner, one partner) must
    have reference organisations of that profile, or it tests nothing on them."""
    answers = [scores.answers for scores, _ in REFERENCES.values()]
    assert any(a.get("profil_type") == "entreprise" for a in answers)
    assert any(a.get("profil_type") == "association" and a.get("profil_taille") == "micro"
               for a in answers)
    assert any(Q.holds("sans_partenaire", a) for a in answers)
    assert any(one_partner(a) and not Q.holds("sans_partenaire", a) for a in answers)
    assert any(kind_specific(Q, item.recommendation.id)
               for _, road in REFERENCES.values() for item in road.main)


# ---- over any answers --------------------------------------------------------------------------

def _value(question: Any) -> st.SearchStrategy[Any]:
    """A valid answer to one question, « Je ne sais pas » and « Non concerné » where offered."""
    if question.type == "single":
        found_: st.SearchStrategy[Any] = st.sampled_from([o.value for o in question.options])
    elif question.type == "multiple":
        plain = [o.value for o in question.options if not o.exclusive]
        alone = [[o.value] for o in question.options if o.exclusive]
        found_ = st.lists(st.sampled_from(plain), min_size=1, max_size=len(plain), unique=True)
        if alone:
            found_ = st.one_of(found_, st.sampled_from(alone))
    elif question.type == "yesno":
        found_ = st.sampled_from(["yes", "no"])
    elif question.type == "number":
        low, high = question.min, question.max
        small = st.integers(int(low), int(min(high, low + 10)))
        found_ = st.one_of(small, st.integers(int(low), int(high))) if question.integer else (
            st.floats(low, high, allow_nan=False))
    else:
        return st.one_of(st.none(), st.text(max_size=40))
    special = ["dont_know"] * question.dont_know_allowed + [
        "not_applicable"] * question.allow_not_applicable
    return st.one_of(found_, st.sampled_from(special)) if special else found_


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """An answer to every question of the loaded questionnaire, as a participant could give."""
    raw = {question.id: draw(_value(question)) for question in Q.questions.values()}
    return check_answers(Q, raw)


@pytest.mark.parametrize("prop", PROPERTIES, ids=PROPERTY_IDS)
# No shrinking: an answer set is some sixty answers, and shrinking one that fails took minutes
# per property on two cores; the first failing example, printed whole, says enough.
@settings(max_examples=150, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(answers=answer_sets())
def test_any_answers(prop: Property, answers: dict[str, Any]) -> None:
    problems = prop(*evaluate(Q, answers))
    assert not problems, f"{prop.__doc__}\n  " + "\n  ".join(problems)
