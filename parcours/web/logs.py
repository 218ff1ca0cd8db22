"""Structured logs: one JSON object per line, with the request id when there is a request."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

from .security import redact


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request id, method and path; the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry.update(request_id=g.get("request_id"), method=request.method,
                         path=redact(request.path))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(app: Flask) -> None:
    """JSON lines on stderr for the app's loggers (PARCOURS_LOG_FORMAT=text for plain text)."""
    if app.config.get("TESTING") or os.environ.get("PARCOURS_LOG_FORMAT") == "text":
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for name in ("parcours",):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(os.environ.get("PARCOURS_LOG_LEVEL", "INFO"))
        logger.propagate = False
