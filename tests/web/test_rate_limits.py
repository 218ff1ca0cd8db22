"""Rate limits that rotating addresses do not get around, and the trusted proxy setting (issue
13, item 3). That limits hold across gunicorn's workers: tests/load/test_rate_limits.py."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from parcours import create_app
from parcours.infra.extensions import db

from ..conftest import _config, csrf_token


def _from(address: str) -> dict[str, dict[str, str]]:
    return {"environ_overrides": {"REMOTE_ADDR": address}}


def test_logins_to_one_account_are_limited_whatever_the_address(client: FlaskClient) -> None:
    form = client.get("/connexion").get_data(as_text=True)
    statuses = [client.post("/connexion", data={"csrf_token": csrf_token(form),
                                                "email": "victim@example.org",
                                                "password": f"guess {n}"},
                            **_from(f"10.0.{n}.1")).status_code for n in range(12)]
    assert statuses[:10] == [422] * 10 and statuses[10:] == [429, 429], statuses
    other = client.post("/connexion", data={"csrf_token": csrf_token(form),
                                            "email": "someone@example.org", "password": "x"},
                        **_from("10.9.9.9"))
    assert other.status_code == 422  # another account, another address: not limited


def test_resume_codes_are_limited_for_the_whole_site(app: Flask, client: FlaskClient) -> None:
    app.config["RATELIMIT_CODES_SITE"] = "15 per minute"
    form = client.get("/reprendre").get_data(as_text=True)
    statuses = [client.post("/reprendre", data={"csrf_token": csrf_token(form),
                                                "code": f"AAAA-AA{n:02d}"},
                            **_from(f"10.1.{n}.1")).status_code for n in range(17)]
    assert statuses[:15] == [422] * 15 and statuses[15:] == [429, 429], statuses


def test_a_trusted_proxy_gives_the_real_client(database_url: str) -> None:
    app = create_app({**_config(database_url), "TRUSTED_PROXIES": 1})
    client = app.test_client()
    form = client.get("/connexion").get_data(as_text=True)
    for n in range(11):  # eleven accounts from one client behind the proxy: limited
        last = client.post("/connexion", data={"csrf_token": csrf_token(form),
                                               "email": f"a{n}@example.org", "password": "x"},
                           headers={"X-Forwarded-For": "203.0.113.7"})
    assert last.status_code == 429
    other = client.post("/connexion", data={"csrf_token": csrf_token(form),
                                            "email": "b@example.org", "password": "x"},
                        headers={"X-Forwarded-For": "203.0.113.8"})
    assert other.status_code == 422  # another client behind the same proxy
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    app.extensions["parcours_render_pool"].close()
    with app.app_context():
        db.engine.dispose()
