"""« Refaire le diagnostic » (issue 17, items 2 and 3): a follow-up of a completed diagnostic,
blank or pre-filled with answers to confirm; only confirmed answers are scored; its results show
the progress since the previous one."""

from __future__ import annotations

import json
import re
from datetime import UTC
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from parcours.engine import evaluate, load
from parcours.models import Cohort, Diagnostic
from parcours.services import cohorts as membership
from parcours.services.questionnaires import engine_answers

from ..conftest import csrf_token, hidden_fields
from ..reports.pdftext import flat, reader, squash, text
from .participant import EXAMPLES, Participant, example, form_fields
from .people import cohort, diagnostic, login, user

ADOC = load(EXAMPLES.parent)
KINDS = {qid: q.type for qid, q in ADOC.questions.items()}
ANSWERS = example("association_jeune.json")["answers"]


def completed(client: FlaskClient) -> Participant:
    person = Participant(client)
    person.start("Les Amis du Quartier", ANSWERS["profil_type"])
    person.answer_all(ANSWERS, KINDS)
    person.complete()
    return person


def follow_up(client: FlaskClient, public_id: str, **form: str) -> Any:
    results = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    return client.post(f"/d/{public_id}/refaire",
                       data={"csrf_token": csrf_token(results), **form})


def new_id(response: Any) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return str(response.headers["Location"].split("/d/")[1].split("/")[0])


def row(app: Flask, public_id: str) -> SimpleNamespace:
    """What the tests read of a diagnostic, read while its session is open."""
    with app.app_context():
        found = Diagnostic.query.filter_by(public_id=public_id).one()
        names = ("id", "previous_id", "organisation_id", "questionnaire_key", "user_id",
                 "status", "cohort_id", "consented_at", "unconfirmed", "progress",
                 "global_score")
        return SimpleNamespace(**{name: getattr(found, name) for name in names},
                               answers=found.answer_map())


def first_page(client: FlaskClient, public_id: str) -> str:
    return str(client.get(f"/d/{public_id}/").headers["Location"])


def test_the_results_offer_to_do_it_again(client: FlaskClient) -> None:
    person = completed(client)
    results = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    assert "Refaire le diagnostic" in results
    assert f'action="/d/{person.public_id}/refaire"' in results
    assert "Vos progrès depuis" not in results  # not a follow-up


def test_a_prefilled_follow_up_copies_the_answers_unconfirmed(app: Flask,
                                                              client: FlaskClient) -> None:
    person = completed(client)
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    old, new = row(app, person.public_id), row(app, follow)
    assert new.previous_id == old.id and new.organisation_id == old.organisation_id
    assert new.questionnaire_key == old.questionnaire_key and new.user_id == old.user_id
    assert new.status == "in_progress" and new.cohort_id is None
    # only the organisation's kind, asked at the start, is an answer; the rest is to confirm
    assert new.answers == {"profil_type": ANSWERS["profil_type"]}
    kept = engine_answers(ADOC, ANSWERS)
    assert set(new.unconfirmed or {}) == set(kept) - {"profil_type"}
    assert new.progress < 10
    # the question pages show them ticked, each with its notice
    url = first_page(client, follow)
    html, ids = person.page(url)
    shown = [qid for qid in ids if qid in (new.unconfirmed or {})]
    assert shown
    assert html.count("Réponse reprise du diagnostic du") == len(shown)
    radio = next(qid for qid in shown if KINDS[qid] == "single")
    assert re.search(rf'name="{radio}"[^>]*value="{ANSWERS[radio]}"[^>]*checked', html)
    # the review says how many are unconfirmed and links to their list
    review = client.get(f"/d/{follow}/revue").get_data(as_text=True)
    assert "ne sont pas encore confirmées" in review
    assert f"/d/{follow}/a-confirmer" in review
    listing = client.get(f"/d/{follow}/a-confirmer").get_data(as_text=True)
    assert "Réponses à confirmer" in listing and url.split("/etape/")[1] in listing


def test_saving_a_page_confirms_its_answers_and_only_they_are_scored(
        app: Flask, client: FlaskClient) -> None:
    person = completed(client)
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    unconfirmed = dict(row(app, follow).unconfirmed or {})
    url = first_page(client, follow)
    html, ids = person.page(url)
    # the participant keeps the shown answers but changes one
    changed = next(qid for qid in ids if KINDS[qid] == "single" and qid in unconfirmed)
    options = [o.value for o in ADOC.questions[changed].options]  # type: ignore[union-attr]
    other = next(value for value in options if value != unconfirmed[changed])
    posted = {**{qid: unconfirmed[qid] for qid in ids if qid in unconfirmed}, changed: other}
    response = client.post(url, data={**hidden_fields(html), "action": "next",
                                      **form_fields(ids, posted, KINDS)})
    assert response.status_code == 302
    new = row(app, follow)
    confirmed = new.answers
    assert confirmed[changed] == other
    assert all(qid not in (new.unconfirmed or {}) for qid in ids)
    assert set(new.unconfirmed or {}) == set(unconfirmed) - set(ids)
    assert 0 < new.progress < 100
    # the notice left the confirmed page
    assert "Réponse reprise" not in client.get(url).get_data(as_text=True)
    # completing scores the confirmed answers only
    results = Participant(client)
    results.public_id = follow
    page = results.complete()
    with app.app_context():
        snapshot = Diagnostic.query.filter_by(public_id=follow).one().latest_snapshot()
        assert snapshot is not None
        assert snapshot.answers == confirmed
        scores, _ = evaluate(ADOC, engine_answers(ADOC, confirmed))
        assert snapshot.global_score == scores.global_score
    assert "Vos progrès depuis le" in page
    assert "progress-table" in page or "Sans score" in page


def test_a_completed_follow_up_shows_the_progress(app: Flask, client: FlaskClient) -> None:
    person = completed(client)
    with app.app_context():  # the first action of the previous plan is done
        from parcours.services import plans
        previous = Diagnostic.query.filter_by(public_id=person.public_id).one()
        result = previous.latest_snapshot().results["fr"]
        action = result["roadmap"][0]
        plans.save(previous, action["id"], plans.Edit(plans.DONE, None, None, None, {}))
        served = {d["id"]: d["title"] for stage in result["stages"]
                  for d in stage["dimensions"] if d["id"] in action["dimensions"]}
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    again = Participant(client)
    again.public_id = follow
    better = {**ANSWERS}
    # every single-choice answer at its best option: the global score rises
    for qid, question in ADOC.questions.items():
        if question.type == "single" and qid in better and qid != "profil_type":
            better[qid] = max(question.options, key=lambda o: o.points or 0).value  # type: ignore[union-attr]
    again.answer_all(better, KINDS)
    assert not row(app, follow).unconfirmed
    page = again.complete()
    old, new = row(app, person.public_id), row(app, follow)
    assert new.global_score is not None and old.global_score is not None
    assert new.global_score > old.global_score
    assert "Vos progrès depuis le" in page
    assert "Score global\u00a0:" in page and "en hausse de" in page
    assert 'progress-table"' in page
    # the radar has the previous result's outline
    progress = page.split('class="progress-since"')[1].split("</section>")[0]
    assert "stroke-dasharray" in progress
    assert "version" not in progress.split("<figure")[0]  # same version: nothing to say
    assert "Action marquée «\u00a0fait\u00a0» dans le plan précédent" in progress
    assert str(escape(action["title"])) in progress
    effect = progress.split('class="served"')[1]
    assert any(str(escape(title)) in effect for title in served.values())


def test_a_blank_follow_up_has_nothing_to_confirm(app: Flask, client: FlaskClient) -> None:
    person = completed(client)
    follow = new_id(follow_up(client, person.public_id, mode="blank"))
    new = row(app, follow)
    assert new.previous_id == row(app, person.public_id).id
    assert not new.unconfirmed and new.answers == {"profil_type": ANSWERS["profil_type"]}
    html, _ = Participant(client).page(first_page(client, follow))
    assert "Réponse reprise" not in html
    assert "Toutes les réponses reprises sont confirmées" in \
        client.get(f"/d/{follow}/a-confirmer").get_data(as_text=True)


def test_bad_requests_to_do_it_again(client: FlaskClient) -> None:
    person = completed(client)
    assert client.post(f"/d/{person.public_id}/refaire").status_code == 400  # no CSRF token
    assert follow_up(client, person.public_id, mode="autre").status_code == 400
    stranger = client.application.test_client()
    page = stranger.get("/commencer").get_data(as_text=True)
    response = stranger.post(f"/d/{person.public_id}/refaire",
                             data={"csrf_token": csrf_token(page), "mode": "blank"})
    assert response.status_code == 404  # not this browser's diagnostic
    unfinished = Participant(client)
    unfinished.start()
    page = client.get(f"/d/{unfinished.public_id}/revue").get_data(as_text=True)
    response = client.post(f"/d/{unfinished.public_id}/refaire",
                           data={"csrf_token": csrf_token(page), "mode": "blank"})
    assert response.status_code == 409
    assert stranger.get(f"/d/{person.public_id}/a-confirmer").status_code == 404


def test_the_cohort_is_joined_again_only_with_consent(app: Flask, client: FlaskClient) -> None:
    trainer = user(app, "formatrice@example.org")
    group = cohort(app, trainer.email)
    person = completed(client)
    with app.app_context():
        membership.join(Diagnostic.query.filter_by(public_id=person.public_id).one(),
                        Cohort.query.filter_by(public_id=group).one())
    results = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    assert "Partager aussi le nouveau diagnostic" in results
    alone = row(app, new_id(follow_up(client, person.public_id, mode="blank")))
    assert alone.cohort_id is None and alone.consented_at is None
    shared = row(app, new_id(follow_up(client, person.public_id, mode="blank", share="1")))
    assert shared.cohort_id == row(app, person.public_id).cohort_id
    assert shared.consented_at is not None


def test_deleting_the_previous_diagnostic_unlinks_the_follow_up(app: Flask,
                                                                client: FlaskClient) -> None:
    person = completed(client)
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    from parcours.infra.extensions import db
    with app.app_context():
        db.session.delete(Diagnostic.query.filter_by(public_id=person.public_id).one())
        db.session.commit()
    assert row(app, follow).previous_id is None
    assert client.get(f"/d/{follow}/revue").status_code == 200


def test_the_pdf_of_a_follow_up_has_a_progress_page(app: Flask, client: FlaskClient) -> None:
    person = completed(client)
    before_pdf = client.get(f"/d/{person.public_id}/feuille-de-route.pdf")
    assert "Vos progrès" not in flat(text(before_pdf.data))
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    again = Participant(client)
    again.public_id = follow
    again.answer_all(ANSWERS, KINDS)  # every answer confirmed as it was
    again.complete()
    response = client.get(f"/d/{follow}/feuille-de-route.pdf")
    assert response.status_code == 200
    document = reader(response.data)
    pages = [flat(page.extract_text() or "") for page in document.pages]
    found = [page for page in pages if "Vos progrès depuis le" in page and "Évolution" in page]
    assert len(found) == 1, "the progress page: one page, its radar and table together"
    page = found[0]
    contents = next(n for n, text in enumerate(pages) if "Sommaire" in text)
    # (issue 26) the progress page faces the summary; the contents follow it, list it, and
    # share their page with the plan: none of them a page a third full
    assert pages.index(page) == 2 and contents == 3
    assert "Vos progrès depuis le" in pages[contents] and "Parce que" in pages[contents]
    with app.app_context():
        old = Diagnostic.query.filter_by(public_id=person.public_id).one()
        title = ADOC.dimensions[next(iter(ADOC.dimensions))].title.get("fr")
        # the day as the page says it: in the app's timezone (Paris), whatever the hour in UTC
        moment = old.completed_at if old.completed_at.tzinfo else old.completed_at.replace(
            tzinfo=UTC)
        shown = f"{moment.astimezone(ZoneInfo(app.config['BABEL_DEFAULT_TIMEZONE'])).day} "
    assert f"Vos progrès depuis le {shown}" in page and "Avant" in page
    assert squash(str(title)) in squash(page)
    # its key includes the previous snapshot: recompleting the previous one changes it
    with app.app_context():
        from parcours.reports.cache import cache_key, find
        found_report = find(follow)
        assert found_report is not None and found_report.previous_snapshot_id is not None
        first_key = cache_key(found_report, "fr")
        from dataclasses import replace
        assert cache_key(replace(found_report, previous_snapshot_id=-1), "fr") != first_key


def _follow_up_in(app: Flask, group: str, name: str, example_name: str,
                  then: str) -> tuple[str, str]:
    """A diagnostic answered like `example_name` in the cohort, then its follow-up (shared
    again) answered like `then`, both completed."""
    from parcours.journey import services as journey
    from parcours.journey.navigation import progress
    from parcours.services.questionnaires import questionnaire
    first = diagnostic(app, name, group, example_name)
    with app.app_context():
        q = questionnaire()
        previous = Diagnostic.query.filter_by(public_id=first).one()
        started = journey.follow_up(previous, q, "fr", prefill=False, cohort=previous.cohort)
        answers = engine_answers(q, example(then)["answers"])
        journey.save_answers(started.diagnostic, answers, set(), progress(q, answers).percent)
        journey.complete(started.diagnostic, q)
        return first, started.diagnostic.public_id


def test_the_trainer_sees_first_and_latest_and_the_mean_change(app: Flask) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    client = app.test_client()
    login(client, "f@example.org")
    diagnostic(app, "Sans suite", group, "collectivite.json")
    # five organisations: under five the overview shows no figure (issue 30, L2)
    diagnostic(app, "Deuxième sans suite", group, "association_jeune.json")
    diagnostic(app, "Troisième sans suite", group, "entreprise_moyenne.json")
    pairs = [_follow_up_in(app, group, "Garage Martin", "association_jeune.json",
                           "entreprise_moyenne.json"),
             _follow_up_in(app, group, "Mairie", "association_jeune.json", "collectivite.json")]
    with app.app_context():
        scores = {d.public_id: d.global_score for d in Diagnostic.query}
        expected: dict[str, list[float]] = {}
        for before_id, after_id in pairs:
            before, after = (Diagnostic.query.filter_by(public_id=i).one().latest_snapshot()
                             for i in (before_id, after_id))
            was = {d.dimension_id: d.score for d in before.dimension_scores}
            for d in after.dimension_scores:
                if d.score is not None and was.get(d.dimension_id) is not None:
                    expected.setdefault(d.dimension_id, []).append(d.score - was[d.dimension_id])
    page = client.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    assert page.count('class="first-latest"') == 2
    first, latest = pairs[0]
    shown = f"{round(scores[first])} → </span>"
    assert shown in page
    overview = client.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    assert "Évolution moyenne depuis le diagnostic précédent" in overview
    assert "Sur 2 participants qui ont refait le diagnostic" in overview
    table = overview.split('class="scores-table changes-table"')[1].split("</table>")[0]
    dimension, changes = next(iter(expected.items()))
    title = ADOC.dimensions[dimension].title.get("fr")
    mean = round(sum(changes) / len(changes))
    sign = f"+{mean}" if mean > 0 else (f"−{-mean}" if mean < 0 else "0")
    cells = rf"{re.escape(str(title))}</th>\s*<td>{re.escape(sign)}</td><td>{len(changes)}</td>"
    assert re.search(cells, table)


def test_a_changed_version_compares_the_dimensions_in_both_and_says_so(
        app: Flask, client: FlaskClient) -> None:
    from sqlalchemy.orm.attributes import flag_modified

    from parcours.infra.extensions import db
    person = completed(client)
    with app.app_context():  # the previous result, as an older version without one dimension
        snapshot = Diagnostic.query.filter_by(public_id=person.public_id).one().latest_snapshot()
        results = json.loads(json.dumps(snapshot.results))
        stage = next(s for s in results["fr"]["stages"] if s["dimensions"])
        gone = stage["dimensions"].pop(0)
        results["fr"]["questionnaire"]["version"] = "0.9"
        snapshot.results = results
        flag_modified(snapshot, "results")
        db.session.commit()
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    again = Participant(client)
    again.public_id = follow
    again.answer_all(ANSWERS, KINDS)
    page = again.complete()
    progress = page.split('class="progress-since"')[1].split("</section>")[0]
    assert "Le questionnaire a changé entre les deux diagnostics (version 0.9, puis" in progress
    assert f"Non comparées\u00a0: {escape(gone['title'])}." in progress
    table = progress.split('progress-table"')[1].split("</table>")[0]
    assert str(escape(gone["title"])) not in table


def test_renewing_the_previous_link_revokes_the_follow_ups_view_of_it(
        app: Flask, client: FlaskClient) -> None:
    """Issue 30, L9: a colleague who opened the diagnostic by its link started a follow-up;
    once the owner renews the previous diagnostic's link, the follow-up no longer shows the
    previous one's scores to the colleague (page or PDF), only to a browser that holds both."""
    from .test_renewal import _renew

    owner = completed(client)
    colleague = app.test_client()
    assert colleague.get(owner.resume_url.split("localhost")[-1]).status_code == 302
    follow = new_id(follow_up(colleague, owner.public_id, mode="prefill"))
    again = Participant(colleague)
    again.public_id = follow
    again.answer_all(ANSWERS, KINDS)
    assert "Vos progrès depuis le" in again.complete()
    assert "Vos progrès" in flat(text(colleague.get(f"/d/{follow}/feuille-de-route.pdf").data))
    link_page = colleague.get(f"/d/{follow}/lien").get_data(as_text=True)
    follow_url = re.search(r'id="resume-url" value="([^"]+)"', link_page).group(1)
    status, _ = _renew(client, owner.public_id)
    assert status == 200
    page = colleague.get(f"/d/{follow}/resultats")
    assert page.status_code == 200 and "Vos progrès depuis le" not in page.get_data(as_text=True)
    pdf = colleague.get(f"/d/{follow}/feuille-de-route.pdf")
    assert pdf.status_code == 200 and "Vos progrès" not in flat(text(pdf.data))
    # the owner's browser holds the previous one (renewed) and opens the follow-up: it sees both
    assert client.get(follow_url.split("localhost")[-1]).status_code == 302
    assert "Vos progrès depuis le" in client.get(f"/d/{follow}/resultats").get_data(as_text=True)
    assert "Vos progrès" in flat(text(client.get(f"/d/{follow}/feuille-de-route.pdf").data))
