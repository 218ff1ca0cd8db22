"""The declarative base the tables are declared on, the `db` object bound to it, and the
helpers every table uses: a timezone-aware timestamp, `utcnow`, random public ids.

`db` is created here, beside the base it needs, rather than in parcours/infra/extensions.py
(which re-exports it with the other extensions): the models are the bottom layer, so that
the infrastructure above them (jobs, the outbox) may read their tables."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Base of the typed SQLAlchemy 2 models; constraints get predictable names (migrations)."""

    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


db = SQLAlchemy(model_class=Base)
Timestamp = DateTime(timezone=True)


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


def public_id() -> str:
    """A random identifier for URLs (128 bits), never a sequential number."""
    return secrets.token_urlsafe(16)
