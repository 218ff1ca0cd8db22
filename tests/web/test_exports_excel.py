"""Issue 31, item 6: exports a trainer opens in Excel without help. One header row of short
labels, the ids and full texts in a codebook beside it; per participant its dates, its « Je ne
sais pas », its stage and dimension scores and level; the ZIP's scores.csv in the cohort's
CSV format; one charset in the header; an XLSX of three sheets. Read back with openpyxl and
the csv module."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token
from .participant import example
from .people import cohort, diagnostic, login, user

openpyxl = pytest.importorskip("openpyxl")

DONT_KNOW = ["vision_enjeux_connaissance", "vision_partage_interne"]


def _elan_answers() -> dict:
    answers = dict(example("association_jeune.json")["answers"])
    for qid in DONT_KNOW:
        answers[qid] = "dont_know"
    return answers


UNKNOWN = sum(1 for v in _elan_answers().values() if v == "dont_know")  # 2 more than the file


@pytest.fixture
def group(app: Flask) -> tuple[FlaskClient, str]:
    """A trainer's cohort: one completed participant with two « Je ne sais pas », one with a
    name a spreadsheet would run, one unfinished."""
    user(app, "f@example.org")
    group = cohort(app, "f@example.org", "Promotion Île-de-France")
    diagnostic(app, "Association « Élan »", group, answers=_elan_answers())
    diagnostic(app, "=1+1 Formule", group, "entreprise_moyenne.json")
    diagnostic(app, "Pas finie", group, complete=False)
    client = app.test_client()
    login(client, "f@example.org")
    return client, group


def _rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_the_answers_csv_has_one_header_row_and_a_codebook_beside_it(
        app: Flask, group: tuple[FlaskClient, str]) -> None:
    client, public_id = group
    response = client.get(f"/formateur/groupes/{public_id}/reponses.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset
    rows = _rows(response.data)
    header = rows[0]
    assert len(rows) == 4  # one header row, then the three participants
    assert header[:7] == ["Organisation", "Type", "État", "Commencé le", "Terminé le",
                          "Progression (%)", "Je ne sais pas"]
    assert all(len(label) <= 60 for label in header), "a short label per column"
    book = _rows(client.get(f"/formateur/groupes/{public_id}/codebook.csv").data)
    assert book[0][:6] == ["Colonne", "Identifiant", "Intitulé complet", "Partie", "Dimension",
                           "Réponses possibles"]
    ids = {row[0]: row[1] for row in book[1:]}
    assert [ids[label] for label in header] == [row[1] for row in book[1:]]  # every column
    by_id = [dict(zip((ids[h] for h in header), row, strict=True)) for row in rows[1:]]
    elan = next(r for r in by_id if r["organisation"] == "Association « Élan »")
    assert elan["je_ne_sais_pas"] == str(UNKNOWN) and UNKNOWN >= 2
    # the day it is where the trainer is (PARCOURS_TIMEZONE), not the server's UTC day
    today = datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date().isoformat()
    assert elan["commence_le"] == today == elan["termine_le"]
    assert elan["niveau"] == "Découverte" and float(elan["score_global"]) > 0
    assert float(elan["score_vision"]) >= 0 and float(elan["vision_enjeux"]) >= 0
    assert elan["vision_enjeux_connaissance"] == "Je ne sais pas"
    unfinished = next(r for r in by_id if r["organisation"] == "Pas finie")
    assert unfinished["termine_le"] == "" and unfinished["score_global"] == ""
    text = {row[1]: row[2] for row in book[1:]}
    assert text["vision_enjeux_connaissance"].startswith("Comment identifiez-vous")


def test_the_xlsx_has_answers_scores_and_a_codebook(group: tuple[FlaskClient, str]) -> None:
    client, public_id = group
    response = client.get(f"/formateur/groupes/{public_id}/reponses.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="reponses-promotion-ile-de-france-' in \
        response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Réponses", "Scores", "Codebook"]
    answers = list(book["Réponses"].iter_rows(values_only=True))
    header = list(answers[0])
    assert header[:7] == ["Organisation", "Type", "État", "Commencé le", "Terminé le",
                          "Progression (%)", "Je ne sais pas"]
    codebook = list(book["Codebook"].iter_rows(values_only=True))
    ids = {row[0]: row[1] for row in codebook[1:]}
    rows = [dict(zip((ids[h] for h in header), row, strict=True)) for row in answers[1:]]
    elan = next(r for r in rows if r["organisation"] == "Association « Élan »")
    assert elan["je_ne_sais_pas"] == UNKNOWN
    assert isinstance(elan["commence_le"], datetime)  # a date Excel can sort and filter
    assert isinstance(elan["score_global"], float) and isinstance(elan["vision_enjeux"], float)
    formula = next(r for r in rows if str(r["organisation"]).startswith("=1+1"))
    assert formula["organisation"] == "=1+1 Formule"  # a text, not a formula
    scores = list(book["Scores"].iter_rows(values_only=True))
    assert len(scores) == 3  # the header and the two completed participants
    assert {"Organisation", "Niveau", "Comprendre les enjeux"} <= set(scores[0])
    cell = book["Réponses"].cell(row=3, column=1)
    assert cell.data_type == "s"


def test_the_zips_scores_follow_the_cohorts_csv_format(
        app: Flask, group: tuple[FlaskClient, str]) -> None:
    client, public_id = group
    page = client.get(f"/formateur/groupes/{public_id}").get_data(as_text=True)
    assert "Réponses et scores pour Excel (.xlsx)" in page
    client.post(f"/formateur/groupes/{public_id}/format-csv",
                data={"csrf_token": csrf_token(page), "sep": ";"})
    page = client.get(f"/formateur/groupes/{public_id}").get_data(as_text=True)
    assert 'id="sep-semicolon" name="sep" value=";" checked' in page
    started = client.post(f"/formateur/groupes/{public_id}/export",
                          data={"csrf_token": csrf_token(page)})
    app.extensions["parcours_jobs"].wait()
    archive = zipfile.ZipFile(io.BytesIO(
        client.get(started.headers["Location"] + "/telecharger").data))
    scores = _rows(archive.read("scores.csv"), ";")
    assert scores[0][:4] == ["Organisation", "Type", "Terminé le", "Score global"]
    assert len(scores) == 3 and all(len(row) == len(scores[0]) for row in scores)
    assert "," in scores[1][3] and "." not in scores[1][3]  # a decimal comma
    book = _rows(archive.read("codebook.csv"), ";")
    assert {row[1] for row in book[1:]} >= {"organisation", "score_global", "vision_enjeux"}
    # and the answers link without a separator follows the cohort too
    assert _rows(client.get(f"/formateur/groupes/{public_id}/reponses.csv?sep=x").data,
                 ";")[0][0] == "Organisation"
