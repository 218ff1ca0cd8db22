"""Who may open the trainer workspace: a logged-in trainer or admin; anyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def trainer_required(view: F) -> F:
    """Logged in (else the login page) and a trainer or admin (else 404)."""
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_trainer:
            abort(404)
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]
