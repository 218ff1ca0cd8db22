"""Logs are JSON lines carrying the request id."""

from __future__ import annotations

import json
import logging
import sys

from flask import Flask

from parcours.web.logs import JsonFormatter


def test_a_log_line_is_json_with_the_request_id(app: Flask) -> None:
    formatter = JsonFormatter()
    with app.test_request_context("/d/x/revue", headers={"X-Request-ID": "abcdefgh1234"}):
        app.preprocess_request()
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.getLogger("parcours").makeRecord(
                "parcours", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
            record.exc_info = sys.exc_info()
        line = json.loads(formatter.format(record))
    assert line["message"] == "failed here" and line["level"] == "ERROR"
    assert line["request_id"] == "abcdefgh1234" and line["path"] == "/d/x/revue"
    assert "ValueError: boom" in line["exception"]


def test_the_app_log_hides_an_invitation_token(app: Flask) -> None:
    from parcours.web.security import redact
    assert redact("GET /invitation/SeCrEt-ToKeN_42?x=1 HTTP/1.1") == \
        "GET /invitation/[…]?x=1 HTTP/1.1"
    with app.test_request_context("/invitation/SeCrEt-ToKeN_42"):
        record = logging.getLogger("parcours").makeRecord(
            "parcours", logging.INFO, __file__, 1, "seen", (), None)
        line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/invitation/[…]"
