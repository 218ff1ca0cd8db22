"""Flask extensions, created unbound here and attached in the app factory. `db` is created
beside the models' declarative base (parcours/models/base.py: the models are the layer below)
and re-exported here with the others."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from ..models.base import db

__all__ = ["babel", "csrf", "db", "login_manager", "migrate"]

migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
