"""The collective diagnostic (issue 18): made collective from the profile, role links, each
respondent on its own, the host consolidated from three completed respondents."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.models import Answer, Diagnostic, Invitation, Mail, Snapshot
from parcours.services import collective

from ..conftest import csrf_token
from .collective_people import (
    SCORED,
    host_with_profile,
    links,
    make_collective,
    publish,
    respond,
)
from .mailbox import PUBLIC, parts, wait, with_mail


def test_a_diagnostic_becomes_collective_only_once_its_profile_is_answered(
        client: FlaskClient) -> None:
    from .participant import Participant
    person = Participant(client)
    person.start("Sans profil", "association")
    assert make_collective(client, person.public_id).status_code == 409


@pytest.mark.parametrize(("chosen", "typed", "expected"), [
    (["direction", "benevoles"], "", ["direction", "benevoles"]),
    (["direction"], "  Comité   de pilotage \n\nComité de pilotage", ["direction",
                                                                      "Comité de pilotage"]),
    (["inconnu", "elus"], "Direction", ["elus", "Direction"]),
    (["direction"], "direction", ["direction"]),  # the preset's label already chosen
])
def test_roles_are_the_presets_ticked_then_the_labels_typed(
        app: Flask, chosen: list[str], typed: str, expected: list[str]) -> None:
    with app.test_request_context():
        assert collective.clean_roles(chosen, typed) == expected


@pytest.mark.parametrize(("chosen", "typed"), [([], ""), ([], "x" * 61),
                                               ([], "\n".join(f"r{i}" for i in range(13)))])
def test_bad_roles_are_refused_with_a_message(app: Flask, chosen: list[str], typed: str) -> None:
    with app.test_request_context(), pytest.raises(ValueError, match=r"\w"):
        collective.clean_roles(chosen, typed)


def test_bad_role_input_is_a_422_with_a_french_message(client: FlaskClient) -> None:
    host = host_with_profile(client)
    response = make_collective(client, host.public_id, roles=(), custom="")
    assert response.status_code == 422
    assert "Choisissez au moins un rôle." in response.get_data(as_text=True)
    response = make_collective(client, host.public_id, own="elus")
    assert response.status_code == 422


def test_making_it_collective_gives_one_link_per_role_and_the_initiator_a_row(
        app: Flask, client: FlaskClient) -> None:
    host = host_with_profile(client)
    assert make_collective(client, host.public_id, custom="Comité de pilotage") \
        .status_code == 302
    found = links(client, host.public_id)
    assert list(found) == ["Direction", "Bénévoles", "Salariés", "Comité de pilotage"]
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        invitations = Invitation.query.filter_by(host_id=row.id).all()
        tokens = {path.rsplit("/", 1)[1] for path in found.values()}
        # stored hashed, like a resume link
        assert not tokens & {i.token_hash for i in invitations}
        own = Diagnostic.query.filter_by(host_id=row.id).one()
        assert own.respondent_role == "direction" and own.cohort_id is None
        assert set(own.answer_map()) >= set(row.answer_map())
    page = client.get(f"/d/{host.public_id}/collectif").get_data(as_text=True)
    assert "Réponses terminées\u00a0: 0." in page
    assert "pourront être publiés quand au moins 3\u00a0réponses, en plus des vôtres" in page \
        or "pourront être publiés quand au moins 3 réponses, en plus des vôtres" in page


def test_a_bad_invitation_link_is_a_404_and_consent_is_required(
        app: Flask, client: FlaskClient) -> None:
    assert client.get("/invitation/nope").status_code == 404
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    path = links(client, host.public_id)["Bénévoles"]
    other = app.test_client()
    page = other.get(path).get_data(as_text=True)
    assert "Les Amis du Quartier vous invite à répondre" in page
    assert "Personne ne voit les réponses d'une autre personne" in page
    assert "publiés par tours" in page  # the consent says when results are shown
    response = other.post(path, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 422
    assert other.post(path, data={"consent": "1"}).status_code == 400  # no CSRF token


def test_a_respondent_skips_the_profile_and_never_sees_its_own_results(
        app: Flask, client: FlaskClient) -> None:
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    path = links(client, host.public_id)["Salariés"]
    other = app.test_client()
    page = other.get(path).get_data(as_text=True)
    started = other.post(path, data={"csrf_token": csrf_token(page), "consent": "1"})
    public_id = started.headers["Location"].split("/d/")[1].split("/")[0]
    # the host's profile copied in is not its own start: « Commencer », not « Reprendre »
    link = other.get(f"/d/{public_id}/lien").get_data(as_text=True)
    assert "Commencer le questionnaire" in link and "Reprendre le questionnaire" not in link
    first = other.get(f"/d/{public_id}/etape/profil_organisation_section")
    assert first.status_code == 302 and "profil" not in first.headers["Location"]
    assert other.get(f"/d/{public_id}/resultats").headers["Location"].endswith(
        f"/d/{public_id}/merci")
    # nor does the respondent join a cohort or see the host
    assert other.get(f"/d/{host.public_id}/collectif").status_code == 404


def test_three_completed_respondents_consolidate_the_host(
        app: Flask, client: FlaskClient) -> None:
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    paths = links(client, host.public_id)
    respond(app, paths["Bénévoles"], SCORED[0])
    respond(app, paths["Bénévoles"], SCORED[1])
    assert client.get(f"/d/{host.public_id}/resultats").headers["Location"].endswith(
        "/collectif")
    page = client.get(f"/d/{host.public_id}/collectif").get_data(as_text=True)
    assert "Réponses terminées\u00a0: 1–2." in page  # a band, never the exact count
    respond(app, paths["Salariés"], SCORED[2])
    # three completed: nothing is shown until the host publishes (issue 25)
    assert client.get(f"/d/{host.public_id}/resultats").headers["Location"].endswith(
        "/collectif")
    assert "Publier les résultats (tour 1)" in client.get(
        f"/d/{host.public_id}/collectif").get_data(as_text=True)
    assert publish(client, host.public_id).status_code == 302
    results = client.get(f"/d/{host.public_id}/resultats")
    assert results.status_code == 200
    html = results.get_data(as_text=True)
    assert "Où vous vous rejoignez, où vous divergez" in html
    # neither role reached three: no roles table, one sentence on what would unlock it
    assert "roles-table" not in html and "moins de trois réponses" not in html
    assert "Pas encore de chiffres pour Bénévoles (encore 1), Salariés (encore 2)" in html
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        snapshot = Snapshot.query.filter_by(diagnostic_id=row.id).one()
        assert snapshot.results["fr"]["alignment"]["respondents"] == 3
        assert row.completed


def test_a_roles_invitation_goes_by_email_its_link_written_when_sent(
        app: Flask, client: FlaskClient, inbox: tuple[Any, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    page = client.get(f"/d/{host.public_id}/collectif").get_data(as_text=True)
    path = links(client, host.public_id)["Bénévoles"]
    invitation = re.search(r'name="invitation" value="(\d+)">\s*<label for="addresses-2"',
                           page).group(1)
    bad = client.post(f"/d/{host.public_id}/collectif/email", data={
        "csrf_token": csrf_token(page), "invitation": invitation, "addresses": "pas une adresse"})
    assert bad.status_code == 422
    assert "adresses e-mail valides" in bad.get_data(as_text=True)
    sent = client.post(f"/d/{host.public_id}/collectif/email", data={
        "csrf_token": csrf_token(page), "invitation": invitation,
        "addresses": "zoe@example.org\nmarc@example.org"})
    assert sent.status_code == 302
    wait(app)
    assert sorted(r for recipients, _ in server.messages for r in recipients) == [
        "marc@example.org", "zoe@example.org"]
    text, html = parts(server.messages[0][1])
    assert PUBLIC + path in text and "Bénévoles" in text and "anonymes" in text
    with app.app_context():  # no link kept: only the kind and the invitation it is about
        rows = Mail.query.all()
        assert {row.kind for row in rows} == {"invitation"}
        assert all(row.invitation_id == int(invitation) for row in rows)


def test_each_round_needs_three_new_respondents_besides_the_initiator(
        app: Flask, client: FlaskClient) -> None:
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    paths = links(client, host.public_id)
    page = client.get(f"/d/{host.public_id}/collectif").get_data(as_text=True)
    assert "Publier les résultats" not in page
    assert publish(client, host.public_id).status_code == 409
    for answers in SCORED[:2]:
        respond(app, paths["Direction"], answers)
    own = client.get(f"/d/{host.public_id}/collectif").get_data(as_text=True)
    own_path = re.search(r'href="(/d/[^/"]+/)">Répondre moi-même', own)
    assert own_path is not None
    # the initiator's own answers never count towards a round: the host knows them
    from .collective_people import KINDS
    from .participant import Participant
    me = Participant(client)
    me.public_id = own_path.group(1).split("/")[2]
    me.answer_all(SCORED[2], KINDS)
    me.complete()
    assert publish(client, host.public_id).status_code == 409
    respond(app, paths["Direction"], SCORED[2])
    assert publish(client, host.public_id).status_code == 302
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        assert row.latest_snapshot().results["fr"]["alignment"]["respondents"] == 4
        assert Snapshot.query.filter_by(diagnostic_id=row.id).count() == 1
    for n in range(2):  # a second round: three more, not two
        respond(app, paths["Bénévoles"], SCORED[n])
        assert publish(client, host.public_id).status_code == 409
    respond(app, paths["Bénévoles"], SCORED[2])
    assert publish(client, host.public_id).status_code == 302
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        assert Snapshot.query.filter_by(diagnostic_id=row.id).count() == 2
        assert row.latest_snapshot().results["fr"]["alignment"]["respondents"] == 7
    # three in one role: its figures are shown
    html = client.get(f"/d/{host.public_id}/resultats").get_data(as_text=True)
    assert "moins de trois réponses" not in html


def test_deleting_the_host_deletes_its_respondents_and_their_answers(
        app: Flask, client: FlaskClient) -> None:
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    respond(app, links(client, host.public_id)["Salariés"], SCORED[0])
    page = client.get(f"/d/{host.public_id}/supprimer").get_data(as_text=True)
    assert client.post(f"/d/{host.public_id}/supprimer",
                       data={"csrf_token": csrf_token(page)}).status_code == 302
    with app.app_context():
        assert Diagnostic.query.count() == 0 and Invitation.query.count() == 0
        assert Answer.query.count() == 0


def test_a_published_respondent_who_deletes_its_answers_closes_the_collection(
        app: Flask, client: FlaskClient) -> None:
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    paths = links(client, host.public_id)
    for answers in SCORED:
        respond(app, paths["Bénévoles"], answers)
    leaving = app.test_client()
    public_id = respond(app, paths["Salariés"], SCORED[0], client=leaving)
    publish(client, host.public_id)
    # counted in a published round: its answers no longer change
    token = csrf_token(leaving.get(f"/d/{public_id}/supprimer").get_data(as_text=True))
    assert "Modifier mes réponses" not in leaving.get(f"/d/{public_id}/merci").get_data(
        as_text=True)
    reopened = leaving.post(f"/d/{public_id}/rouvrir", data={"csrf_token": token})
    assert reopened.headers["Location"].endswith("/merci")
    with app.app_context():
        assert Diagnostic.query.filter_by(public_id=public_id).one().completed

    def alignment() -> dict[str, Any]:
        with app.app_context():
            row = Diagnostic.query.filter_by(public_id=host.public_id).one()
            return dict(row.latest_snapshot().results["fr"]["alignment"])

    assert alignment()["respondents"] == 4
    page = leaving.get(f"/d/{public_id}/supprimer").get_data(as_text=True)
    assert leaving.post(f"/d/{public_id}/supprimer",
                        data={"csrf_token": csrf_token(page)}).status_code == 302
    # the published round stays: a new one would show what the one who left had answered
    assert alignment()["respondents"] == 4
    for answers in SCORED:
        respond(app, paths["Bénévoles"], answers)
    assert publish(client, host.public_id).status_code == 409
    assert alignment()["respondents"] == 4
    assert "La collecte est close" in client.get(
        f"/d/{host.public_id}/collectif").get_data(as_text=True)


def test_the_host_is_told_once_its_first_results_are_in_and_is_never_reopened(
        app: Flask, client: FlaskClient, inbox: tuple[Any, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        row.notify_email = "pilote@example.org"
        host_id = row.id
        db.session.commit()
    paths = links(client, host.public_id)
    for answers in SCORED:
        respond(app, paths["Bénévoles"], answers)
    publish(client, host.public_id)
    for answers in SCORED:
        respond(app, paths["Salariés"], answers)
    publish(client, host.public_id)
    wait(app)
    with app.app_context():  # the second round is published telling nobody
        assert [(m.kind, m.diagnostic_id) for m in Mail.query.all()] == [
            ("roadmap_ready", host_id)]
    token = csrf_token(client.get(f"/d/{host.public_id}/resultats").get_data(as_text=True))
    reopened = client.post(f"/d/{host.public_id}/rouvrir", data={"csrf_token": token})
    assert reopened.headers["Location"].endswith("/collectif")
    with app.app_context():
        assert Diagnostic.query.filter_by(public_id=host.public_id).one().completed


def _consolidated(app: Flask, client: FlaskClient, count: int) -> tuple[str, dict[str, Any]]:
    """A host with `count` completed respondents; its public id and its French results."""
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    paths = links(client, host.public_id)
    roles = ["Bénévoles", "Salariés", "Direction"]
    for n in range(count):
        respond(app, paths[roles[n % 3]], SCORED[n % 3])
    assert publish(client, host.public_id).status_code == 302
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        snapshot = Snapshot.query.filter_by(diagnostic_id=row.id).order_by(
            Snapshot.id.desc()).first()
        assert snapshot is not None
        return host.public_id, snapshot.results["fr"]


UNDER_THE_RADAR = "compte pour une voix, sans tirer le résultat vers lui"


def test_the_group_score_lies_within_its_band_and_one_median_is_shown(
        app: Flask, client: FlaskClient) -> None:
    from ..reports.pdftext import text
    public_id, result = _consolidated(app, client, 5)
    scores = {d["id"]: d["score"] for stage in result["stages"] for d in stage["dimensions"]}
    spreads = result["alignment"]["spreads"]
    banded = [s for s in spreads if s["low"] is not None]
    assert banded  # five answers: the band is shown
    for spread in spreads:
        assert spread["median"] == scores[spread["dimension"]]
    for spread in banded:
        assert spread["low"] <= scores[spread["dimension"]] <= spread["high"]
    html = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    section = html.split('class="alignment"')[1]
    assert UNDER_THE_RADAR in section.split("</figure>")[0]  # under the radar
    assert ">Médiane<" not in html and html.count("Résultat d'ensemble (médiane)") == 1
    assert "Moins de cinq réponses" not in html
    pdf = text(client.get(f"/d/{public_id}/feuille-de-route.pdf").data)
    flat = " ".join(pdf.split())
    assert " ".join(UNDER_THE_RADAR.split()) in flat and "Médiane\n" not in pdf


@pytest.mark.parametrize("count", [3, 4])
def test_under_five_answers_only_the_median_is_shown(app: Flask, client: FlaskClient,
                                                     count: int) -> None:
    public_id, result = _consolidated(app, client, count)
    scores = {d["id"]: d["score"] for stage in result["stages"] for d in stage["dimensions"]}
    for spread in result["alignment"]["spreads"]:
        assert spread["low"] is None and spread["high"] is None and spread["width"] is None
        assert spread["median"] == scores[spread["dimension"]]
    for role in result["alignment"]["roles"]:
        assert role["spreads"] is None or set(role["spreads"].values()) == {None}
    html = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert "Moins de cinq réponses" in html
    table = html.split('id="spread-caption"')[1].split("</table>")[0]
    for row in table.split("<tr>")[2:]:
        cells = re.findall(r"<td>([^<]*)</td>", row)
        assert cells[0] == "—" and cells[2] == "—" and cells[1] != "—"


def test_a_respondent_cannot_download_its_own_results_by_url(
        app: Flask, client: FlaskClient) -> None:
    """Issue 30, L8: the journey never shows a respondent its results; their PDF, its answers
    as JSON and its plan are not served either (404), whichever language is asked."""
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    path = links(client, host.public_id)["Salariés"]
    other = app.test_client()
    public_id = respond(app, path, SCORED[0], client=other)
    assert other.get(f"/d/{public_id}/merci").status_code == 200  # its row opens in its browser
    for download in ("feuille-de-route.pdf", "feuille-de-route.pdf?lang=en", "reponses.json",
                     "plan.csv", "plan.ics"):
        response = other.get(f"/d/{public_id}/{download}")
        assert response.status_code == 404, (download, response.status_code)


def test_the_initiator_is_one_respondent_and_a_browser_answers_once(
        app: Flask, client: FlaskClient) -> None:
    """Issue 30, H1: the initiator holds every role's link, but its browser (or account) is
    refused as a second respondent, and a respondent's browser cannot start another row."""
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    paths = links(client, host.public_id)
    refused = client.get(paths["Bénévoles"])
    assert refused.status_code == 409
    assert "Une personne, une réponse" in refused.get_data(as_text=True).replace("\u00a0", " ")
    token = csrf_token(client.get(f"/d/{host.public_id}/lien").get_data(as_text=True))
    assert client.post(paths["Salariés"], data={"consent": "1", "csrf_token": token}) \
        .status_code == 409
    other = app.test_client()
    respond(app, paths["Bénévoles"], SCORED[0], client=other)
    assert other.get(paths["Salariés"]).status_code == 409  # one browser, one respondent
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        assert Diagnostic.query.filter_by(host_id=row.id).count() == 2  # its own and one


def test_between_rounds_nothing_the_host_sees_changes(app: Flask, client: FlaskClient) -> None:
    host = host_with_profile(client)
    make_collective(client, host.public_id)
    paths = links(client, host.public_id)
    for answers in SCORED:
        respond(app, paths["Bénévoles"], answers)
    publish(client, host.public_id)

    def seen() -> tuple[bytes, bytes]:
        return (client.get(f"/d/{host.public_id}/reponses.json").data,
                client.get(f"/d/{host.public_id}/plan.csv").data)

    before = seen()
    respond(app, paths["Bénévoles"], SCORED[0])  # a fourth: not published until two more
    assert seen() == before
