"""The journey's pages. Views stay thin: read the request, call services, render or redirect."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from ..database import begin_write, deferred_write
from ..engine import InvalidAnswer, Questionnaire, check_answer
from ..engine.model import AnyQuestion
from ..jobs import jobs
from ..models import Diagnostic
from ..names import slug
from ..questionnaires import questionnaire as load_questionnaire
from ..reports import service as reports
from ..reports.pdf import RenderError
from ..security import CODE_LIMIT, PDF_LIMIT, TOKEN_LIMIT, limiter, only_post
from . import services
from .access import grant, may_open_ids, visible_diagnostic
from .blocks import outline_html, question_html
from .forms import (
    PRESENT_FIELD,
    REVISIONS_FIELD,
    SPECIAL_SUFFIX,
    ActionForm,
    ResumeForm,
    StartForm,
    decode_revisions,
    encode_revisions,
    read_posted,
)
from .messages import answer_error
from .navigation import Page, first_open_page, page_of, pages, progress, review, shown_questions

bp = Blueprint("journey", __name__)
SECRETS_KEY = "resume"  # session: public id → {"token": …, "code": …} known to this browser


def lang() -> str:
    """The language the participant reads now."""
    return str(get_locale())


def _questionnaire(diagnostic: Diagnostic) -> Questionnaire:
    return load_questionnaire(diagnostic.questionnaire_key)


def _answers(q: Questionnaire, diagnostic: Diagnostic) -> dict[str, Any]:
    return services.engine_answers(q, diagnostic.answer_map())


def _remember(diagnostic: Diagnostic, **secrets: str) -> None:
    known = dict(session.get(SECRETS_KEY, {}))
    known[diagnostic.public_id] = {**known.get(diagnostic.public_id, {}), **secrets}
    session[SECRETS_KEY] = dict(list(known.items())[-20:])


def _page_url(public_id: str, page: Page | None) -> str:
    if page is None:
        return url_for("journey.review_page", public_id=public_id)
    return url_for("journey.section", public_id=public_id, section_id=page.section.id)


def _neighbour(q: Questionnaire, page: Page, answers: dict[str, Any], step: int) -> Page | None:
    """The next (or previous) page that shows at least one question."""
    all_pages = pages(q)
    index = page.number - 1 + step
    while 0 <= index < len(all_pages):
        if shown_questions(q, all_pages[index].section, answers):
            return all_pages[index]
        index += step
    return None


@bp.route("/commencer", methods=["GET", "POST"])
def start() -> str | BaseResponse:
    """Name and kind of the organisation, then the private resume link."""
    q = load_questionnaire()
    kind_question = q.questions[q.index.kind_question]
    form = StartForm()
    form.kind.choices = [SelectChoice(o.value, o.label_for(None, lang()))
                         for o in getattr(kind_question, "options", ())]
    if form.validate_on_submit():
        if form.kind.data not in q.kinds:
            form.kind.errors = [_("Choisissez le type de votre organisation.")]
        else:
            started = services.start(q, form.name.data or "", form.kind.data, lang())
            grant(started.diagnostic)
            _remember(started.diagnostic, token=started.token, code=started.code)
            _join_if_consented(started.diagnostic)
            return redirect(url_for("journey.link", public_id=started.diagnostic.public_id,
                                    new=1))
    status = 422 if form.errors else 200
    from .joining import pending_cohort

    return render_template("journey/start.html", form=form, questionnaire=q,
                           cohort=pending_cohort()), status


def _join_if_consented(diagnostic: Diagnostic) -> None:
    """Starting from a cohort's link: join it if the participant ticked the consent box."""
    from ..trainer import services as cohorts
    from .joining import PENDING, pending_cohort

    cohort = pending_cohort()
    if cohort is not None and request.form.get("consent") == "1":
        cohorts.join(diagnostic, cohort)
        session.pop(PENDING, None)


@bp.get("/d/<public_id>/lien")
def link(public_id: str) -> str:
    """The resume link and code, with how to use them."""
    diagnostic = visible_diagnostic(public_id)
    known = session.get(SECRETS_KEY, {}).get(public_id, {})
    token = known.get("token")
    resume_url = url_for("journey.resume_link", token=token, _external=True) if token else None
    q = _questionnaire(diagnostic)
    answers = _answers(q, diagnostic)
    return render_template(
        "journey/link.html", diagnostic=diagnostic, resume_url=resume_url,
        code=known.get("code"), new=request.args.get("new") == "1", form=ActionForm(),
        continue_url=_page_url(diagnostic.public_id, first_open_page(q, answers)),
        progress=progress(q, answers))


@bp.post("/d/<public_id>/lien")
def renew_link(public_id: str) -> BaseResponse:
    """A new resume link and code; the old ones stop working."""
    diagnostic = visible_diagnostic(public_id)
    token, code = services.renew(diagnostic)
    _remember(diagnostic, token=token, code=code)
    flash(_("Voici votre nouveau lien et votre nouveau code. Les anciens ne fonctionnent plus."))
    return redirect(url_for("journey.link", public_id=public_id))


@bp.get("/d/<public_id>/")
def resume_here(public_id: str) -> BaseResponse:
    """Where to go on: the results when completed, else the first page left to answer."""
    diagnostic = visible_diagnostic(public_id)
    if diagnostic.completed:
        return redirect(url_for("journey.results", public_id=public_id))
    q = _questionnaire(diagnostic)
    return redirect(_page_url(diagnostic.public_id, first_open_page(q, _answers(q, diagnostic))))


def _display_values(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """Stored answers as the form shows them (numbers in the reader's notation)."""
    shown: dict[str, Any] = {}
    for qid, value in answers.items():
        if isinstance(value, float):
            text = f"{value:g}"
            shown[qid] = text.replace(".", ",") if lang() == "fr" else text
        else:
            shown[qid] = list(value) if isinstance(value, tuple) else value
    return shown


def _render_section(diagnostic: Diagnostic, q: Questionnaire, page: Page,
                    questions: list[AnyQuestion], answers: dict[str, Any],
                    values: dict[str, Any], errors: dict[str, str], status: int = 200,
                    notice: str | None = None,
                    known: dict[str, int] | None = None) -> tuple[str, int]:
    known = diagnostic.revisions() if known is None else known
    hidden = {PRESENT_FIELD: ",".join(question.id for question in questions),
              REVISIONS_FIELD: encode_revisions({question.id: known[question.id]
                                                 for question in questions
                                                 if question.id in known})}
    return render_template(
        "journey/section.html", diagnostic=diagnostic, questionnaire=q, page=page,
        pages=pages(q), questions=questions, values=values, errors=errors, hidden=hidden,
        kind=q.kind_of(answers), question_html=question_html, outline_html=outline_html,
        notice=notice,
        overall=progress(q, answers), in_stage=progress(q, answers, page.stage),
        previous=_neighbour(q, page, answers, -1),
    ), status


@bp.route("/d/<public_id>/etape/<section_id>", methods=["GET", "POST"])
@deferred_write
def section(public_id: str, section_id: str) -> tuple[str, int] | BaseResponse:
    """One page of questions; every submit saves what is valid, in one transaction.

    A submit reads and checks without the write lock, then saves only if no answer changed
    meanwhile; if one did, it does it all again under the lock."""
    if request.method == "POST":
        try:
            return _section(public_id, section_id, optimistic=True)
        except services.StaleRead:
            begin_write()
    return _section(public_id, section_id, optimistic=False)


def _section(public_id: str, section_id: str, optimistic: bool
             ) -> tuple[str, int] | BaseResponse:
    diagnostic = visible_diagnostic(public_id, organisation=False)
    q = _questionnaire(diagnostic)
    page = page_of(q, section_id)
    if page is None:
        abort(404)
    if diagnostic.completed:
        if request.method == "POST":
            return render_template("journey/completed.html", diagnostic=diagnostic,
                                   form=ActionForm()), 409
        return redirect(url_for("journey.results", public_id=public_id))
    stored = diagnostic.answer_rows()
    answers = services.engine_answers(q, {qid: value for qid, (value, _) in stored.items()})
    revisions = {qid: revision for qid, (_, revision) in stored.items()}
    shown = shown_questions(q, page.section, answers)
    if request.method == "GET":
        if not shown:
            return redirect(_page_url(diagnostic.public_id, _neighbour(q, page, answers, 1)))
        return _render_section(diagnostic, q, page, shown, answers,
                               _display_values(q, answers), {}, known=revisions)
    return _save_section(diagnostic, q, page, shown, answers, revisions, optimistic)


def _typed(question: AnyQuestion) -> Any:
    """What the participant typed or ticked, to show it again as it was."""
    if question.type == "multiple":
        return request.form.getlist(question.id)
    if question.type in ("number", "text"):
        specials = request.form.getlist(question.id + SPECIAL_SUFFIX)
        return specials[0] if specials else request.form.get(question.id, "")
    return request.form.get(question.id)


def _save_section(diagnostic: Diagnostic, q: Questionnaire, page: Page,
                  shown: list[AnyQuestion], answers: dict[str, Any], current: dict[str, int],
                  optimistic: bool) -> tuple[str, int] | BaseResponse:
    public_id = diagnostic.public_id  # the save expires the object: no reload for the URL
    listed = set(request.form.get(PRESENT_FIELD, "").split(","))
    seen = decode_revisions(request.form.get(REVISIONS_FIELD, ""))
    merged, changes, cleared = dict(answers), {}, set()
    errors: dict[str, str] = {}
    values = _display_values(q, answers)
    for question in page.section.questions:
        if question.id not in listed:
            continue  # not on the page the participant saw: leave it as it is
        posted = read_posted(question, request.form)
        if not posted.present:
            continue
        values[question.id] = _typed(question)
        if posted.error:
            errors[question.id] = answer_error(posted.error, question)
            continue
        if posted.value is None:
            merged.pop(question.id, None)
            cleared.add(question.id)
            continue
        try:
            merged[question.id] = check_answer(question, posted.value)
        except InvalidAnswer as err:
            errors[question.id] = answer_error(err.code, question, posted.value)
            continue
        if answers.get(question.id) != merged[question.id]:
            if question.id in current and current[question.id] != seen.get(question.id, 0):
                # saved from another tab since this page was shown: keep it, say so
                merged[question.id] = answers[question.id]
                values[question.id] = _display_values(q, {question.id: answers[question.id]})[
                    question.id]
                errors[question.id] = answer_error("conflict", question)
                continue
            changes[question.id] = merged[question.id]
    now_shown = shown_questions(q, page.section, merged)
    visible_ids = {question.id for question in now_shown}
    changes = {qid: v for qid, v in changes.items() if qid in visible_ids}
    for question in now_shown:
        if question.required and question.id not in merged and question.id not in errors:
            errors[question.id] = answer_error("required", question)
    services.save_answers(diagnostic, changes, cleared & set(answers),
                          progress(q, merged).percent, lang(),
                          read=current if optimistic else None)
    if errors:
        return _render_section(diagnostic, q, page, now_shown, merged, values, errors, 422)
    before = {question.id for question in shown}
    appeared = [question for question in now_shown
                if question.id not in before and question.id not in merged]
    if appeared:
        return _render_section(diagnostic, q, page, now_shown, merged,
                               _display_values(q, merged), {}, 200,
                               _("Vos réponses ont fait apparaître de nouvelles questions "
                                 "sur cette page."))
    action = request.form.get("action", "next")
    if action == "later":
        flash(_("Vos réponses sont enregistrées. Revenez quand vous voulez avec votre lien "
                "ou votre code."))
        return redirect(url_for("journey.link", public_id=public_id))
    step = -1 if action == "previous" else 1
    target = _neighbour(q, page, merged, step)
    if target is None and step == -1:
        return redirect(_page_url(public_id, page))
    return redirect(_page_url(public_id, target))


@bp.get("/d/<public_id>/revue")
def review_page(public_id: str) -> str | BaseResponse:
    """Before completing: what is unanswered or « je ne sais pas », with links back."""
    diagnostic = visible_diagnostic(public_id)
    q = _questionnaire(diagnostic)
    answers = _answers(q, diagnostic)
    return render_template(
        "journey/review.html", diagnostic=diagnostic, questionnaire=q, pages=pages(q),
        items=review(q, answers), overall=progress(q, answers), kind=q.kind_of(answers),
        form=ActionForm())


@bp.post("/d/<public_id>/terminer")
def complete(public_id: str) -> BaseResponse:
    """Score, store the snapshot, show the results."""
    diagnostic = visible_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not diagnostic.completed:
        services.complete(diagnostic, _questionnaire(diagnostic))
        if current_app.config["PDF_PRERENDER"]:  # the first download will be a cache hit
            jobs().submit(reports.prerender, diagnostic.id)
    return redirect(url_for("journey.results", public_id=public_id))


@bp.get("/d/<public_id>/feuille-de-route.pdf")
@limiter.limit(PDF_LIMIT)
def roadmap_pdf(public_id: str) -> BaseResponse | tuple[str, int]:
    """The PDF roadmap: from the cache when it can, with an ETag for a 304."""
    found = reports.download(public_id)
    if found is None or not may_open_ids(found.public_id, found.user_id):
        abort(404)
    if found.snapshot_id is None or found.created_at is None:
        return redirect(url_for("journey.review_page", public_id=public_id))
    report_lang = request.args.get("lang", lang())
    if report_lang not in current_app.config["LANGUAGES"]:
        abort(404)
    key = found.key(report_lang)
    if key in request.if_none_match:
        return Response(status=304, headers={"ETag": f'"{key}"'})
    data = reports.cached(key)
    try:
        if data is None:
            diagnostic = visible_diagnostic(public_id)
            snapshot = diagnostic.latest_snapshot()
            if snapshot is None:  # reopened since the query above
                return redirect(url_for("journey.review_page", public_id=public_id))
            same = snapshot.id == found.snapshot_id  # else completed again meanwhile
            key, data = reports.pdf_for(diagnostic, snapshot, report_lang, key if same else None)
    except RenderError:
        return render_template(
            "errors/error.html", status=503, title=_("Le PDF n'a pas pu être produit"),
            message=_("La mise en page de votre feuille de route a échoué ou a pris trop de "
                      "temps. Vos réponses et vos résultats sont intacts : réessayez dans un "
                      "instant, ou consultez vos résultats en ligne.")), 503
    response = Response(data, mimetype="application/pdf")
    name = reports.file_name(found.organisation, found.created_at, report_lang)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.set_etag(key)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.post("/d/<public_id>/rouvrir")
def reopen(public_id: str) -> BaseResponse:
    """Change answers after completion; completing again makes a new snapshot."""
    diagnostic = visible_diagnostic(public_id)
    services.reopen(diagnostic)
    flash(_("Le diagnostic est rouvert : modifiez vos réponses puis terminez-le à nouveau."))
    return redirect(url_for("journey.review_page", public_id=public_id))


@bp.get("/d/<public_id>/resultats")
def results(public_id: str) -> str | BaseResponse:
    """The latest snapshot: level, scores, radar, strengths, roadmap by horizon."""
    diagnostic = visible_diagnostic(public_id)
    snapshot = diagnostic.latest_snapshot()
    if snapshot is None:
        return redirect(url_for("journey.review_page", public_id=public_id))
    from ..reports.context import results_context

    return render_template("journey/results.html", diagnostic=diagnostic, snapshot=snapshot,
                           form=ActionForm(), **results_context(snapshot, lang()))


@bp.get("/d/<public_id>/reponses.json")
def answers_json(public_id: str) -> Response:
    """The answers in design.md's format, to keep or to score offline."""
    diagnostic = visible_diagnostic(public_id)
    q = _questionnaire(diagnostic)
    answers = {qid: list(v) if isinstance(v, tuple) else v
               for qid, v in _answers(q, diagnostic).items()}
    response = jsonify({"questionnaire": q.key, "version": diagnostic.questionnaire_version,
                        "lang": diagnostic.lang, "answers": answers})
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    name = f"parcours-adoc-{slug(diagnostic.organisation.name)}-{day}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/reprendre/<token>")
@limiter.limit(TOKEN_LIMIT)
def resume_link(token: str) -> str | BaseResponse | tuple[str, int]:
    """The private resume link: this browser may open the diagnostic again."""
    diagnostic = services.find_by_token(token)
    if diagnostic is None:
        return render_template("journey/resume.html", form=ResumeForm(), bad_link=True), 404
    grant(diagnostic)
    _remember(diagnostic, token=token)
    return redirect(url_for("journey.resume_here", public_id=diagnostic.public_id))


@bp.route("/reprendre", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, exempt_when=only_post)
def resume_code() -> str | BaseResponse | tuple[str, int]:
    """Resume with the short code."""
    form = ResumeForm()
    if form.validate_on_submit():
        diagnostic = services.find_by_code(form.code.data or "")
        if diagnostic is not None:
            grant(diagnostic)
            return redirect(url_for("journey.resume_here", public_id=diagnostic.public_id))
        form.code.errors = [_("Ce code ne correspond à aucun diagnostic. Vérifiez-le : il a "
                              "la forme ABCD-EFGH.")]
    status = 422 if form.errors else 200
    return render_template("journey/resume.html", form=form, bad_link=False), status
