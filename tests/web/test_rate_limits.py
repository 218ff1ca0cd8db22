"""Rate limits that rotating addresses do not get around, and the trusted proxy setting (issue
13, item 3). That limits hold across gunicorn's workers: tests/load/test_rate_limits.py."""

from __future__ import annotations

import contextlib
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours import create_app
from parcours.infra.extensions import db
from parcours.web.security import release

from ..conftest import _config, csrf_token, missing
from .test_alliances import Side, ask_code, completed, confirm, enter, pair  # noqa: F401


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


# Issue 30, L7 -----------------------------------------------------------------------------


def _together(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, count: int) -> None:
    """Every call of `module.name` waits until `count` calls are inside it (or 3 s pass): the
    requests are all in their view at the same moment, as under a concurrent attack."""
    barrier, real = threading.Barrier(count, timeout=3), getattr(module, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)


def _at_once(app: Flask, path: str, fields: list[dict[str, str]]) -> list[int]:
    """POST each form from its own browser and address, all at the same time."""
    clients = [app.test_client() for _ in fields]
    forms = [{"csrf_token": csrf_token(c.get(path).get_data(as_text=True)), **f}
             for c, f in zip(clients, fields, strict=True)]
    with ThreadPoolExecutor(len(fields)) as pool:
        futures = [pool.submit(c.post, path, data=form, **_from(f"10.7.{n}.1"))
                   for n, (c, form) in enumerate(zip(clients, forms, strict=True))]
        return sorted(future.result().status_code for future in futures)


def test_failed_logins_to_one_account_stay_within_the_limit_when_they_come_together(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from parcours.auth import services
    _together(monkeypatch, services, "authenticate", 15)
    statuses = _at_once(app, "/connexion", [
        {"email": "victim@example.org", "password": f"guess {n}"} for n in range(15)])
    assert statuses == [422] * 10 + [429] * 5, statuses  # ACCOUNT_LIMIT: 10 a minute


def test_failed_codes_of_the_site_stay_within_the_limit_when_they_come_together(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from parcours.journey import services
    app.config["RATELIMIT_CODES_SITE"] = "8 per minute"
    _together(monkeypatch, services, "find_by_code", 12)
    statuses = _at_once(app, "/reprendre", [{"code": f"AAAA-AB{n:02d}"} for n in range(12)])
    assert statuses == [422] * 8 + [429] * 4, statuses


def test_a_successful_attempt_gives_its_place_back(app: Flask, client: FlaskClient) -> None:
    from .participant import Participant
    app.config["RATELIMIT_CODES_SITE"] = "3 per minute"
    person = Participant(app.test_client())
    person.start()
    form = client.get("/reprendre").get_data(as_text=True)
    for n in range(5):  # five right codes, from five addresses: none counts
        assert client.post("/reprendre", data={"csrf_token": csrf_token(form),
                                               "code": person.code},
                           **_from(f"10.8.{n}.1")).status_code == 302
    statuses = [client.post("/reprendre", data={"csrf_token": csrf_token(form),
                                                "code": f"AAAA-AC{n:02d}"},
                            **_from(f"10.9.{n}.1")).status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429], statuses
    assert int(client.post("/reprendre", data={"csrf_token": csrf_token(form), "code": "X"},
                           **_from("10.9.9.1")).headers["Retry-After"]) > 0


def test_resume_and_partner_codes_share_one_site_wide_bucket(
        app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    """Entering a partner code and confirming it were counted apart, each with its own 1,000
    an hour, and apart from resume codes: one bucket now."""
    app.config["RATELIMIT_CODES_SITE"] = "6 per minute"
    company = pair[1]
    statuses = []
    resume = app.test_client()
    form = resume.get("/reprendre").get_data(as_text=True)
    for n in range(2):
        statuses.append(resume.post("/reprendre", data={"csrf_token": csrf_token(form),
                                                        "code": f"AAAA-AD{n:02d}"},
                                    **_from(f"10.10.{n}.1")).status_code)
    page = company.client.get(f"/d/{company.public_id}/alliance").get_data(as_text=True)
    for n in range(2):
        statuses.append(company.client.post(
            f"/d/{company.public_id}/alliance", data={"csrf_token": csrf_token(page),
                                                      "code": f"WRONG{n:03d}"},
            **_from(f"10.11.{n}.1")).status_code)
    for n in range(3):
        statuses.append(company.client.post(
            f"/d/{company.public_id}/alliance/confirmer",
            data={"csrf_token": csrf_token(page), "code": f"WRONG{n:03d}", "consent": "1"},
            **_from(f"10.12.{n}.1")).status_code)
    assert statuses == [422] * 6 + [429], statuses


def test_partner_codes_from_one_address_are_counted_at_entry_and_confirmation_together(
        app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    company = pair[1]
    page = company.client.get(f"/d/{company.public_id}/alliance").get_data(as_text=True)
    statuses = []
    for n in range(11):
        path = f"/d/{company.public_id}/alliance" + ("/confirmer" if n % 2 else "")
        statuses.append(company.client.post(path, data={
            "csrf_token": csrf_token(page), "code": f"WRONG{n:03d}", "consent": "1"}).status_code)
    assert statuses == [422] * 10 + [429], statuses  # CODE_LIMIT: 10 a minute


def test_a_diagnostic_offers_a_bounded_number_of_partner_codes(
        app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    association = pair[0]
    results = association.client.get(f"/d/{association.public_id}/resultats")
    token = csrf_token(results.get_data(as_text=True))
    statuses = [association.client.post(f"/d/{association.public_id}/alliance/code",
                                        data={"csrf_token": token, "consent": "1"}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429], statuses  # PARTNER_CODE_LIMIT: 5 an hour


def test_a_used_code_reads_exactly_like_an_unknown_one(
        app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    association, company = pair
    code = ask_code(association)
    confirm(company, code)
    third = completed(app, "Un tiers", "collectivite.json")
    used, unknown = enter(third, code), enter(third, "ABCD-EFGH")
    assert used[0] == unknown[0] == 422

    def message(page: str) -> str:
        return re.search(r'class="field-error"[^>]*>(.*?)<', page, re.S).group(1)

    assert message(used[1]) == message(unknown[1])


def test_a_forwarded_for_is_trusted_only_from_a_configured_proxy(database_url: str) -> None:
    """With one proxy configured (its default address: this machine), a client that reaches
    the app directly cannot pick the address its limits count against; with none configured,
    nobody can."""
    for settings in ({"TRUSTED_PROXIES": 1}, {"TRUSTED_PROXIES": 0}):
        app = create_app({**_config(database_url), **settings})
        client = app.test_client()
        form = client.get("/connexion").get_data(as_text=True)
        statuses = [client.post("/connexion", data={
            "csrf_token": csrf_token(form), "email": f"s{n}@example.org", "password": "x"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"}, **_from("198.51.100.9")).status_code
            for n in range(11)]
        assert statuses == [422] * 10 + [429], (settings, statuses)
        app.extensions["parcours_render_pool"].close()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("kind", ["memory", "sqlite", "redis"])
def test_every_storage_gives_a_hit_back(kind: str, tmp_path: Path) -> None:
    """The atomic count and its release, on each storage the app may use."""
    from limits import parse
    from limits.storage import storage_from_string
    from limits.strategies import MovingWindowRateLimiter

    uri = {"memory": "memory://", "sqlite": f"parcours+sqlite:///{tmp_path / 'l.db'}",
           "redis": os.environ.get("TEST_REDIS_URL", "")}[kind]
    if not uri:
        missing("Redis (TEST_REDIS_URL)")
    storage = storage_from_string(uri)
    storage.reset()
    strategy, item = MovingWindowRateLimiter(storage), parse("3 per minute")
    assert [strategy.hit(item, "k", "s") for _ in range(4)] == [True, True, True, False]
    release(storage, item.key_for("k", "s"))
    assert [strategy.hit(item, "k", "s") for _ in range(2)] == [True, False]
    storage.reset()


def test_flask_limiters_look_before_every_request_goes_only_when_it_finds_nothing(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Our limits are decorators, checked by their views (the tests above); Flask-Limiter's look
    for default, application and blueprint limits before every request goes when there are none
    (web/security.py), and stays when there are."""
    from flask_limiter import Limit

    from parcours.web.security import limiter

    def looks(app: Flask) -> bool:
        return limiter._check_request_limit in app.before_request_funcs.get(None, [])

    assert not looks(create_app(_config(database_url)))
    monkeypatch.setattr(limiter.limit_manager, "_blueprint_limits",
                        {"journey": [Limit("1 per minute")]})
    assert looks(create_app(_config(database_url)))
