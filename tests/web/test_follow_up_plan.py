"""The follow-up keeps the plan (issue 26, item 3): an action recommended again keeps its owner,
due date, status and note; one marked « fait » says it was done already; deleting a diagnostic
that a follow-up compares with says so on the confirmation page."""

from __future__ import annotations

from html import unescape

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Diagnostic
from parcours.services.questionnaires import engine_answers, questionnaire

from ..conftest import csrf_token
from ..reports.pdftext import flat, reader
from .participant import Participant, example
from .people import diagnostic
from .test_follow_up import ANSWERS, KINDS, completed, follow_up, new_id
from .test_plan import edit, plan_ids


def _complete_confirming_everything(client: FlaskClient, public_id: str) -> str:
    """Answer every page as the first time (the pre-filled answers confirmed), complete."""
    person = Participant(client)
    person.public_id = public_id
    person.answer_all(ANSWERS, KINDS)
    return person.complete()


def test_a_follow_up_keeps_owners_dates_statuses_and_notes(app: Flask,
                                                           client: FlaskClient) -> None:
    person = completed(client)
    results = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    first, second = plan_ids(results)[:2]
    edit(client, person.public_id, first, results, status="en_cours",
         owner="Claire, trésorière", due_on="2027-03-31", note="Voir la mairie en janvier")
    edit(client, person.public_id, second, results, status="fait", owner="Bureau")
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    results = _complete_confirming_everything(client, follow)
    assert first in plan_ids(results) and second in plan_ids(results)  # recommended again
    kept = results[results.index(f'id="plan-{first}"'):]
    kept = kept[:kept.index("</details>")]
    assert "Claire, trésorière" in kept and "Voir la mairie en janvier" in kept
    assert 'value="2027-03-31"' in kept and 'value="en_cours" selected' in kept
    done = results[:results.index(f'id="plan-{second}"')]
    done = done[done.rindex('<li class="reco"'):]
    assert str(escape("Déjà faite selon votre plan du diagnostic du")) in done
    assert 'status-fait">Fait' in results[results.index(f'id="plan-{second}"'):]
    # the previous plan is untouched
    before = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    assert "Claire, trésorière" in before


def test_deleting_the_previous_diagnostic_says_what_the_follow_up_loses(
        client: FlaskClient) -> None:
    person = completed(client)
    new_id(follow_up(client, person.public_id, mode="blank"))
    page = client.get(f"/d/{person.public_id}/supprimer").get_data(as_text=True)
    assert "Le diagnostic suivant perdra sa comparaison avec celui-ci" in page
    assert "son plan d'action garde ce qu'il en a repris" in unescape(page)
    alone = completed(client)
    page = client.get(f"/d/{alone.public_id}/supprimer").get_data(as_text=True)
    assert "perdra sa comparaison" not in page
    assert csrf_token(page)



def test_the_follow_up_pdf_summary_leads_with_the_progress(app: Flask) -> None:
    """Page 2 of a follow-up's PDF says before → after and the three largest changes, and the
    summary still fits on it."""
    first = diagnostic(app, "Les Amis du Quartier", example_name="association_jeune.json")
    with app.app_context():
        q = questionnaire()
        previous = Diagnostic.query.filter_by(public_id=first).one()
        started = journey.follow_up(previous, q, "fr", prefill=False)
        answers = engine_answers(q, {**example("association_jeune.json")["answers"],
                                     **{qid: value for qid, value in
                                        example("entreprise_moyenne.json")["answers"].items()
                                        if not qid.startswith("profil")}})
        journey.save_answers(started.diagnostic, answers, set(), progress(q, answers).percent)
        journey.complete(started.diagnostic, q)
        token, _code = journey.current_secrets(started.diagnostic)
        follow = started.diagnostic.public_id
    client = app.test_client()
    client.get(f"/reprendre/{token}")
    data = client.get(f"/d/{follow}/feuille-de-route.pdf").data
    pages = [flat(page.extract_text() or "") for page in reader(data).pages]
    summary = pages[1]
    assert "Synthèse" in summary and "Depuis le" in summary
    assert "Niveau : Découverte → " in summary or "Score global :" in summary
    assert "Les plus grandes évolutions :" in summary
    assert summary.index("Depuis le") < summary.index("Feuille de route adoptée par")
