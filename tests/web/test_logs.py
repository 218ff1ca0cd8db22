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
