"""The pages of questions, the review, completion and the results."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..engine import Questionnaire
from ..engine.model import AnyQuestion
from ..infra.jobs import defer
from ..models import Diagnostic, Snapshot
from ..reports.answers import answer_sheet
from ..reports.context import results_context
from ..reports.service import ready as pdf_ready
from ..services import access_log, alliances, cohort_reference, plans
from ..services.questionnaires import answers_of, engine_answers, questionnaire_of
from ..web.browser import lang
from ..web.forms import ActionForm
from ..web.security import limit_cycles, no_store
from . import bp, services
from . import collective_flow as flow
from .access import page_diagnostic, visible_diagnostic
from .blocks import outline_html, progress_html, question_html
from .feedback import mark_comments_seen, trainer_comments
from .fields import display_values, handler
from .followup import progress_since, same_cohort, shown_previous
from .messages import answer_error
from .navigation import (
    Page,
    neighbour,
    page_of,
    page_states,
    pages,
    progress,
    review,
    shown_questions,
)
from .page import PRESENT_FIELD, REVISIONS_FIELD, Saved, encode_revisions, readable_revisions


def page_url(public_id: str, page: Page | None) -> str:
    """A page's address; the review's when there is no page left."""
    if page is None:
        return url_for("journey.review_page", public_id=public_id)
    return url_for("journey.section", public_id=public_id, section_id=page.section.id)


def _render_section(diagnostic: Diagnostic, q: Questionnaire, page: Page,
                    questions: list[AnyQuestion], answers: dict[str, Any],
                    values: dict[str, Any], errors: dict[str, str], status: int = 200,
                    notice: str | None = None,
                    known: dict[str, int] | None = None,
                    prefilled: set[str] | None = None,
                    carried: set[str] | None = None,
                    new: tuple[str, ...] = ()) -> tuple[str, int]:
    known = diagnostic.revisions() if known is None else known
    hidden = {PRESENT_FIELD: ",".join(question.id for question in questions),
              REVISIONS_FIELD: encode_revisions({question.id: known[question.id]
                                                 for question in questions
                                                 if question.id in known})}
    return render_template(
        "journey/section.html", diagnostic=diagnostic, questionnaire=q, page=page,
        pages=pages(q), questions=questions, values=values, errors=errors, hidden=hidden,
        kind=q.kind_of(answers), question_html=question_html, outline_html=outline_html,
        progress_html=progress_html,
        notice=notice, prefilled=prefilled or set(), carried=carried or set(), new=new,
        carried_from=_carried_title(diagnostic) if carried else None, previous_diagnostic=(
            shown_previous(diagnostic) if prefilled else None),
        overall=progress(q, answers), in_stage=progress(q, answers, page.stage),
        first_control=lambda question: handler(question).first_control(question),
        previous=neighbour(q, page, answers, -1), states=page_states(q, answers),
    ), status


@bp.route("/d/<public_id>/etape/<section_id>", methods=["GET", "POST"])
def section(public_id: str, section_id: str) -> tuple[str, int] | Response:
    """One page of questions; every submit saves what is valid (journey/page.py)."""
    diagnostic, hosting = page_diagnostic(public_id)
    q = questionnaire_of(diagnostic)
    page = page_of(q, section_id)
    if page is None:
        abort(404)
    elsewhere = flow.redirect_page(diagnostic, q, page, hosting)
    if elsewhere is not None:
        return elsewhere
    if request.method == "POST":
        if not readable_revisions(request.form.get(REVISIONS_FIELD, "")):
            abort(400)  # the hidden field was not written by us
        saved = None if diagnostic.completed else \
            services.save_page(diagnostic, q, page, request.form, lang())
        if saved is None:
            return render_template("journey/completed.html", diagnostic=diagnostic,
                                   form=ActionForm()), 409
        return _after_save(diagnostic, public_id, q, page, saved)
    if diagnostic.completed:
        return redirect(url_for("journey.results", public_id=public_id))
    stored = diagnostic.answer_rows()
    answers = engine_answers(q, {qid: value for qid, (value, _) in stored.items()})
    # a follow-up's pre-filled answers are shown ticked, to confirm; they count for nothing yet
    unconfirmed = {qid: value for qid, value in services.unconfirmed_of(diagnostic).items()
                   if qid not in stored}
    shown_with = engine_answers(q, {**unconfirmed, **{qid: value for qid, (value, _)
                                                      in stored.items()}}) \
        if unconfirmed else answers
    shown = shown_questions(q, page.section, shown_with)
    if not shown:
        return redirect(page_url(public_id, neighbour(q, page, answers, 1)))
    return _render_section(diagnostic, q, page, shown, answers,
                           display_values(q, shown_with, lang()), {},
                           known={qid: revision for qid, (_, revision) in stored.items()},
                           prefilled={qid for qid in unconfirmed if qid in shown_with},
                           carried=_carried(diagnostic, stored))


def _carried(diagnostic: Diagnostic, stored: dict[str, tuple[Any, int]]) -> set[str]:
    """The answers of a carry-over still as they came from the diagnostic it started from
    (never saved again with another value)."""
    if diagnostic.carried_from_id is None:  # (its column: no relationship loader to ask)
        return set()
    source = diagnostic.carried_from
    if source is None:
        return set()
    given = source.answer_map()
    return {qid for qid, (value, revision) in stored.items()
            if revision == 1 and qid in given and given[qid] == value}


def _carried_title(diagnostic: Diagnostic) -> str:
    source = diagnostic.carried_from
    return questionnaire_of(source).index.title.get(lang()) if source is not None else ""


def _after_save(diagnostic: Diagnostic, public_id: str, q: Questionnaire, page: Page,
                saved: Saved) -> tuple[str, int] | Response:
    """The page again (errors, new questions: never an error before they are seen), or the
    next one."""
    notice = _("Vos réponses ont fait apparaître de nouvelles questions sur cette page.") \
        if saved.appeared else None
    if saved.stay:
        errors = {qid: answer_error(code, q.questions[qid], value)
                  for qid, (code, value) in saved.errors.items()}
        return _render_section(diagnostic, q, page, saved.shown, saved.answers, saved.values,
                               errors, 422 if errors else 200, notice, new=saved.new)
    if saved.later:
        flash(_("Vos réponses sont enregistrées. Revenez quand vous voulez avec votre lien "
                "ou votre code."))
        return redirect(url_for("journey.link", public_id=public_id))
    return redirect(page_url(public_id, page if saved.same else saved.next))


@bp.get("/d/<public_id>/revue")
def review_page(public_id: str) -> str | Response:
    """Before completing: what is unanswered or « je ne sais pas », with links back."""
    diagnostic = visible_diagnostic(public_id)
    if flow.hosts(diagnostic):
        return redirect(url_for("journey.collective_page", public_id=public_id))
    q = questionnaire_of(diagnostic)
    answers = answers_of(q, diagnostic)
    return render_template(
        "journey/review.html", diagnostic=diagnostic, questionnaire=q, pages=pages(q),
        items=review(q, answers), overall=progress(q, answers), kind=q.kind_of(answers),
        form=ActionForm(), unconfirmed=len(services.unconfirmed_of(diagnostic)),
        sheet=answer_sheet(q, answers, lang(), completed=False))


@bp.post("/d/<public_id>/terminer")
@limit_cycles
def complete(public_id: str) -> Response:
    """Score, store the snapshot, show the results."""
    diagnostic = visible_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if flow.hosts(diagnostic):
        return redirect(url_for("journey.collective_page", public_id=public_id))
    if not diagnostic.completed:
        snapshot = services.complete(diagnostic, questionnaire_of(diagnostic))
        snapshot = flow.after_completion(diagnostic, snapshot)
        if snapshot is not None and current_app.config["PDF_PRERENDER"]:
            # the first download: a cache hit. Rendered by an RQ worker when there is Redis
            # (the render machines), in a thread of this process otherwise
            defer("prerender_pdf", snapshot.diagnostic_id)
    return redirect(url_for("journey.results", public_id=public_id))


def prerender(diagnostic: Diagnostic) -> None:
    """Render the PDF in the background now that what it shows changed (a plan edit), so that
    the next download is a cache hit."""
    if current_app.config["PDF_PRERENDER"] and diagnostic.completed:
        defer("prerender_pdf", diagnostic.id)


@bp.post("/d/<public_id>/rouvrir")
@limit_cycles
def reopen(public_id: str) -> Response:
    """Change answers after completion; completing again makes a new snapshot."""
    diagnostic = visible_diagnostic(public_id)
    if flow.hosts(diagnostic):  # its answers are its respondents': nothing to reopen
        return redirect(url_for("journey.collective_page", public_id=public_id))
    if diagnostic.respondent_round is not None:  # a published round holds them (issue 25)
        flash(_("Vos réponses comptent dans des résultats déjà publiés : elles ne peuvent plus "
                "changer, sans quoi la différence entre deux publications les montrerait. Vous "
                "pouvez encore les supprimer."))
        return redirect(url_for("journey.thanks", public_id=public_id))
    services.reopen(diagnostic)
    flash(_("Le diagnostic est rouvert : modifiez vos réponses puis terminez-le à nouveau."))
    return redirect(url_for("journey.review_page", public_id=public_id))


@bp.get("/d/<public_id>/resultats")
@no_store
def results(public_id: str) -> str | Response:
    """The latest snapshot: level, levers, first actions, the trainer's comments, the plan."""
    diagnostic = visible_diagnostic(public_id)
    if diagnostic.is_respondent:  # its own results are never shown, not even to itself
        return redirect(url_for("journey.thanks", public_id=public_id))
    snapshot = diagnostic.latest_snapshot()
    if snapshot is None:
        target = "journey.collective_page" if flow.hosts(diagnostic) else "journey.review_page"
        return redirect(url_for(target, public_id=public_id))
    return results_page(diagnostic, snapshot)


def results_page(diagnostic: Diagnostic, snapshot: Snapshot, **extra: Any) -> str:
    """The results page (`extra`: an action's edit refused, with its errors)."""
    q = questionnaire_of(diagnostic)
    comments = trainer_comments(diagnostic, q, lang())
    context = results_context(snapshot, lang())
    plan = plans.actions(context["result"], plans.state(diagnostic.id))
    html = render_template("journey/results.html", diagnostic=diagnostic, snapshot=snapshot,
                           form=ActionForm(), comments=comments, questionnaire=q,
                           accesses=access_log.recent(diagnostic.id),
                           progress=progress_since(diagnostic, snapshot, lang()),
                           follow_up_cohort=same_cohort(diagnostic),
                           alliances=alliances.links_of(diagnostic, lang()),
                           partner_notices=alliances.notices(diagnostic),
                           plan=plan, plan_by_id={item["id"]: item for item in plan},
                           plan_labels=plans.status_labels(),
                           collective=flow.summary(diagnostic),
                           reference=cohort_reference.beside(
                               context["result"], cohort_reference.current(diagnostic.cohort_id))
                           if diagnostic.cohort_id else None,
                           successor=services.successor_of(diagnostic),
                           done_before=plans.done_before(diagnostic),
                           pdf_ready=not current_app.config["PDF_PRERENDER"]
                           or pdf_ready(diagnostic.public_id, lang()) is not False,
                           **context, **extra)
    if any(comment["new"] for comment in comments):
        mark_comments_seen(diagnostic)
    return html
