"""Pages, progress and review of a diagnostic: pure functions of the questionnaire and answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..engine import Questionnaire
from ..engine.model import DONT_KNOW, AnyQuestion, Section, Stage
from .fields import handler


@dataclass(frozen=True)
class Page:
    """One section of one stage: a page of the journey."""

    number: int  # 1-based over the whole parcours
    stage: Stage
    stage_number: int
    section: Section
    section_number: int  # 1-based within the stage


def expected(question: AnyQuestion) -> bool:
    """Whether a question counts in progress and in the review (free-text remarks do not: they
    are optional); its field handler says."""
    return handler(question).expected


@dataclass(frozen=True)
class Progress:
    """Shown questions answered (a « je ne sais pas » counts as an answer)."""

    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


@lru_cache(maxsize=64)  # a questionnaire never changes, nor do its pages
def pages(q: Questionnaire) -> tuple[Page, ...]:
    """Every page, in order."""
    found: list[Page] = []
    for stage_number, stage in enumerate(q.stages, start=1):
        for section_number, section in enumerate(stage.sections, start=1):
            found.append(Page(len(found) + 1, stage, stage_number, section, section_number))
    return tuple(found)


def page_of(q: Questionnaire, section_id: str) -> Page | None:
    """The page showing a section, if there is one."""
    return next((p for p in pages(q) if p.section.id == section_id), None)


def shown_questions(q: Questionnaire, section: Section,
                    answers: Mapping[str, Any]) -> list[AnyQuestion]:
    """The questions of a section that the answers so far make visible."""
    return _shown(section, q.visibility(answers)[0])


def _shown(section: Section, visible_ids: frozenset[str]) -> list[AnyQuestion]:
    # Visibility is worked out once per call below, not once per page: the outline's states
    # evaluated every condition of the questionnaire for each of its 15 pages, a sixth of a
    # question page's time (bench/README.md).
    return [question for question in section.questions if question.id in visible_ids]


def progress(q: Questionnaire, answers: Mapping[str, Any],
             stage: Stage | None = None) -> Progress:
    """Progress over the whole parcours, or over one stage."""
    visible_ids, shown = q.visibility(answers)
    ids = [qid for qid in _counted(q, None if stage is None else stage.id) if qid in visible_ids]
    return Progress(sum(1 for qid in ids if qid in shown), len(ids))


@lru_cache(maxsize=256)
def _counted(q: Questionnaire, stage_id: str | None) -> tuple[str, ...]:
    """The questions that count in progress, in the whole parcours or in one stage."""
    return tuple(qid for qid, question in q.questions.items() if expected(question)
                 and (stage_id is None or q.question_stage[qid] == stage_id))


def first_open_page(q: Questionnaire, answers: Mapping[str, Any]) -> Page | None:
    """The first page with a shown, unanswered question (None when all are answered)."""
    visible_ids = q.visibility(answers)[0]
    for page in pages(q):
        if _open(page, answers, visible_ids):
            return page
    return None


@dataclass(frozen=True)
class ReviewItem:
    """A question to look at again before completing."""

    page: Page
    question: AnyQuestion
    dont_know: bool


def review(q: Questionnaire, answers: Mapping[str, Any]) -> list[ReviewItem]:
    """Shown questions left unanswered or answered « je ne sais pas », in order."""
    items = []
    visible_ids = q.visibility(answers)[0]
    for page in pages(q):
        for question in _shown(page.section, visible_ids):
            value = answers.get(question.id)
            if expected(question) and (value is None or value == DONT_KNOW):
                items.append(ReviewItem(page, question, value == DONT_KNOW))
    return items


def neighbour(q: Questionnaire, page: Page, answers: Mapping[str, Any],
              step: int) -> Page | None:
    """The next (`step` 1) or previous (-1) page that shows at least one question."""
    all_pages = pages(q)
    visible_ids = q.visibility(answers)[0]
    index = page.number - 1 + step
    while 0 <= index < len(all_pages):
        if _shown(all_pages[index].section, visible_ids):
            return all_pages[index]
        index += step
    return None


DONE, PARTLY, TO_DO = "done", "partly", "to_do"


def page_states(q: Questionnaire, answers: Mapping[str, Any]) -> dict[str, str]:
    """Section id → done (every shown question that counts is answered, or none counts),
    partly done (some) or to do (none yet), for the outline."""
    states = {}
    visible_ids = q.visibility(answers)[0]
    for section_id, expected_ids in _expected_by_page(q):
        counted = [qid for qid in expected_ids if qid in visible_ids]
        given = sum(1 for qid in counted if qid in answers)
        states[section_id] = (DONE if given == len(counted) else
                              PARTLY if given else TO_DO)
    return states


@lru_cache(maxsize=64)
def _expected_by_page(q: Questionnaire) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each page's section id and the ids of its questions that count, in order."""
    return tuple((page.section.id, tuple(question.id for question in page.section.questions
                                         if expected(question))) for page in pages(q))


def _open(page: Page, answers: Mapping[str, Any], visible_ids: frozenset[str]) -> bool:
    """Whether a page shows a question that counts and has no answer yet (an optional one
    left blank does not keep a page open)."""
    return any(question.id not in answers and expected(question)
               for question in _shown(page.section, visible_ids))


def resume_page(q: Questionnaire, answers: Mapping[str, Any],
                last_section: str | None) -> Page | None:
    """Where a participant who comes back goes on: the page it saved last while something is
    left on it, else the next page with something left, else the first one anywhere (None:
    every page is answered, the review)."""
    last = page_of(q, last_section) if last_section else None
    if last is None:
        return first_open_page(q, answers)
    every = pages(q)
    visible_ids = q.visibility(answers)[0]
    for page in every[last.number - 1:]:
        if _open(page, answers, visible_ids):
            return page
    return first_open_page(q, answers)
