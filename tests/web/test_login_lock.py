"""A failed login holds no write lock while it hashes (issue 13, item 6): an answer is saved
while a login is in argon2."""

from __future__ import annotations

import threading
import time
from typing import Any

import argon2
import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.journey import services as journey
from parcours.models import Diagnostic

from .people import diagnostic, login, user


def test_an_answer_is_saved_while_a_login_hashes(app: Flask, client: FlaskClient,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    user(app, "f@example.org")
    public_id = diagnostic(app, "Les Amis du Quartier", complete=False)
    verify = argon2.PasswordHasher.verify
    saves: list[float] = []

    def save_an_answer() -> None:
        with app.app_context():
            found = Diagnostic.query.filter_by(public_id=public_id).one()
            started = time.monotonic()
            journey.save_answers(found, {"vision_commentaire": "écrit pendant un login"}, set(), 50)
            saves.append(time.monotonic() - started)

    def slow_verify(self: argon2.PasswordHasher, hashed: Any, password: Any) -> bool:
        # while this login hashes, another participant saves a page
        other = threading.Thread(target=save_an_answer)
        other.start()
        other.join(timeout=5)
        return verify(self, hashed, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", slow_verify)
    assert login(client, "f@example.org", "pas le bon mot de passe").status_code == 422
    assert login(client, "nobody@example.org", "pas le bon mot de passe").status_code == 422
    assert login(client, "f@example.org").status_code == 302  # a good one writes after hashing
    assert len(saves) == 3 and max(saves) < 5, saves
