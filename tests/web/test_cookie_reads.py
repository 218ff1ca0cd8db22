"""The session cookie read once per process and the form token signed once a minute
(parcours/web/sessions.py): what a request finds in its session is what Flask's own reading
finds, whether the cookie was read before or not."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flask import Flask, render_template_string, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from parcours.web import sessions


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "a" * 32
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False  # as parcours/config.py has it
    sessions.install(app)

    @app.post("/put/<name>")
    def put(name: str) -> str:
        session.permanent = True
        session["opened"] = [*session.get("opened", []), [name, 1]]
        session["when"] = (name, {"nested": [name]})
        return "ok"

    @app.get("/read")
    def read() -> dict:
        return {"session": dict(session)}

    @app.post("/change-in-place")
    def change() -> str:
        session["opened"][0][0] = "changed"  # in place: Flask does not notice, nor save it
        return "ok"

    return app


def _flask_reads(app: Flask, cookie: str) -> dict:
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        from flask import request

        found = SecureCookieSessionInterface().open_session(app, request)
        return dict(found or {})


def test_a_cookie_read_again_gives_what_flask_reads(app: Flask) -> None:
    client = app.test_client()
    client.post("/put/a")
    client.post("/put/b")
    cookie = client.get_cookie("session").value
    first, again = (client.get("/read").get_json()["session"] for _ in range(2))
    assert first == again
    assert first["opened"] == [["a", 1], ["b", 1]]
    expected = _flask_reads(app, cookie)
    assert first["opened"] == expected["opened"] and cookie in app.session_interface._read
    assert expected["when"] == ("b", {"nested": ["b"]})  # a tuple, as Flask's tags keep it


def test_a_session_changed_in_place_leaves_the_kept_reading_alone(app: Flask) -> None:
    client = app.test_client()
    client.post("/put/a")
    client.get("/read")  # kept
    client.post("/change-in-place")
    assert client.get("/read").get_json()["session"]["opened"] == [["a", 1]]


def test_a_forged_cookie_is_a_new_session_and_is_not_kept(app: Flask) -> None:
    client = app.test_client()
    client.post("/put/a")
    cookie = client.get_cookie("session").value
    payload, stamp, signature = cookie.rsplit(".", 2)
    forged = f"{payload}.{stamp}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    client.set_cookie("session", forged)
    assert client.get("/read").get_json()["session"] == {}
    assert forged not in app.session_interface._read


def test_a_cookie_older_than_the_session_lifetime_is_not_read_even_when_kept(
        app: Flask) -> None:
    app.permanent_session_lifetime = timedelta(seconds=1)
    client = app.test_client()
    client.post("/put/a")
    assert client.get("/read").get_json()["session"]["opened"]  # read, and kept
    time.sleep(2.1)
    assert client.get("/read").get_json()["session"] == {}


def test_a_new_secret_key_reads_every_cookie_afresh(app: Flask) -> None:
    client = app.test_client()
    client.post("/put/a")
    assert client.get("/read").get_json()["session"]["opened"]
    app.secret_key = "b" * 32
    assert client.get("/read").get_json()["session"] == {}
    app.config["SECRET_KEY_FALLBACKS"] = ["a" * 32]  # a rotated key still reads the old ones
    assert client.get("/read").get_json()["session"]["opened"] == [["a", 1]]


@pytest.fixture
def form_app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "f" * 32
    CSRFProtect(app)
    sessions.install(app)

    @app.route("/form", methods=["GET", "POST"])
    def form() -> str:
        return "saved" if request.method == "POST" else render_template_string(
            "{{ csrf_token() }}")

    return app


def test_a_form_token_signed_a_moment_ago_is_given_again_and_is_valid(form_app: Flask) -> None:
    client = form_app.test_client()
    first = client.get("/form").get_data(as_text=True)
    time.sleep(1.1)  # another second: signed anew, the token would differ
    again = client.get("/form").get_data(as_text=True)
    assert again == first
    assert client.post("/form", data={"csrf_token": again}).status_code == 200
    assert client.post("/form", data={"csrf_token": again[:-2] + "xx"}).status_code == 400
    other = form_app.test_client()
    theirs = other.get("/form").get_data(as_text=True)
    assert theirs != first  # each session its own
    assert client.post("/form", data={"csrf_token": theirs}).status_code == 400
    assert other.post("/form", data={"csrf_token": theirs}).status_code == 200


def test_a_form_token_is_signed_anew_after_a_minute(form_app: Flask,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    client = form_app.test_client()
    first = client.get("/form").get_data(as_text=True)
    monkeypatch.setattr(sessions, "SIGNED_FOR", 1.0)
    time.sleep(1.1)
    again = client.get("/form").get_data(as_text=True)
    assert again != first
    assert client.post("/form", data={"csrf_token": again}).status_code == 200
