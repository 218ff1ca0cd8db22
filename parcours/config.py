"""Settings from the environment, with defaults that need nothing else on one machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .infra.paths import ROOT
from .mail.smtp import SmtpUrlError, parse_url


def database_url(url: str | None, instance: Path) -> str:
    """DATABASE_URL as SQLAlchemy wants it: psycopg 3 for PostgreSQL, SQLite by default."""
    if not url:
        return f"sqlite:///{instance / 'parcours.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class ConfigError(RuntimeError):
    """A setting that must be given is missing."""


def secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment; in development, one generated once into instance/.

    In production (PARCOURS_ENV=production) it is required: a key that changes or that every
    installation shares would make sessions forgeable or lost.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if os.environ.get("PARCOURS_ENV", "development") == "production":
        raise ConfigError("SECRET_KEY must be set when PARCOURS_ENV=production")
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def public_url() -> str | None:
    """PARCOURS_PUBLIC_URL (scheme and host, e.g. https://parcours.example.org): links given to
    people are built from it, never from the request's Host header, which a client chooses.
    Required in production; in development the Host header is trusted (127.0.0.1)."""
    url = os.environ.get("PARCOURS_PUBLIC_URL", "").strip().rstrip("/")
    if url and not url.startswith(("https://", "http://")):
        raise ConfigError("PARCOURS_PUBLIC_URL must start with https:// (or http://)")
    if not url and os.environ.get("PARCOURS_ENV", "development") == "production":
        raise ConfigError("PARCOURS_PUBLIC_URL must be set when PARCOURS_ENV=production")
    return url or None


def mail_settings(public: str | None) -> tuple[str | None, str | None]:
    """PARCOURS_SMTP_URL (checked now: a typo fails at start, not at the first message) and
    PARCOURS_MAIL_FROM. E-mail needs PARCOURS_PUBLIC_URL too: a link in a message is never
    built from a request's Host header, which a client chooses (a password-reset link to
    another site is the classic attack)."""
    url = os.environ.get("PARCOURS_SMTP_URL", "").strip() or None
    sender = os.environ.get("PARCOURS_MAIL_FROM", "").strip() or None
    if url is None:
        return None, sender
    try:
        parse_url(url)
    except SmtpUrlError as err:
        raise ConfigError(str(err)) from None
    if not sender:
        raise ConfigError("PARCOURS_MAIL_FROM must be set with PARCOURS_SMTP_URL")
    if not public:
        raise ConfigError("PARCOURS_SMTP_URL needs PARCOURS_PUBLIC_URL: links in e-mails are "
                          "built on it")
    return url, sender


def retry_delays(text: str) -> tuple[float, ...]:
    """PARCOURS_MAIL_RETRY_DELAYS: seconds before each attempt, the first one included."""
    try:
        delays = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise ConfigError("PARCOURS_MAIL_RETRY_DELAYS: seconds separated by commas") from None
    if not delays or any(delay < 0 for delay in delays):
        raise ConfigError("PARCOURS_MAIL_RETRY_DELAYS: one delay at least, none negative")
    return delays


def metrics_token() -> str | None:
    """PARCOURS_METRICS_TOKEN: /metrics answers a scraper that sends it; unset, /metrics is off."""
    token = os.environ.get("PARCOURS_METRICS_TOKEN", "").strip() or None
    if token is not None and len(token) < 16:
        raise ConfigError("PARCOURS_METRICS_TOKEN: 16 characters at least (a long random one: "
                          "python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    return token


class Config:
    """Production-shaped defaults; every value can be overridden by create_app(config)."""

    def __init__(self, instance: Path, secret: str | None = None) -> None:
        self.SECRET_KEY = secret or secret_key(instance)
        # the development key's file, which a backup keeps (none when SECRET_KEY is given)
        self.SECRET_KEY_FILE = (None if secret or os.environ.get("SECRET_KEY")
                                else str(instance / "secret_key"))
        self.METRICS_TOKEN = metrics_token()
        # Folders of files that `flask parcours backup` copies, under instance/ unless absolute
        # (services/backup.py, FILE_FOLDERS); comma-separated
        self.BACKUP_FOLDERS = tuple(
            part.strip() for part in os.environ.get("PARCOURS_BACKUP_FOLDERS", "").split(",")
            if part.strip()) or None
        self.PUBLIC_URL = public_url()
        # E-mail (parcours/mail/): off unless PARCOURS_SMTP_URL is set
        self.MAIL_SMTP_URL, self.MAIL_FROM = mail_settings(self.PUBLIC_URL)
        # an attempt at once, then after 30 s, then after 5 minutes; then the message is failed
        self.MAIL_RETRY_DELAYS = retry_delays(
            os.environ.get("PARCOURS_MAIL_RETRY_DELAYS", "0,30,300"))
        self.MAIL_TIMEOUT = float(os.environ.get("PARCOURS_SMTP_TIMEOUT", "20"))
        self.SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"), instance)
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = os.environ.get("REDIS_URL") or None
        # Rate-limit counters: Redis when there is one (several machines), else a file that
        # every worker of this machine shares (parcours/infra/ratelimits.py); never per process.
        self.RATELIMIT_STORAGE_URI = (os.environ.get("PARCOURS_RATELIMIT_STORAGE")
                                      or self.REDIS_URL
                                      or f"parcours+sqlite:///{instance / 'ratelimits.db'}")
        # Failed resume codes of the whole site, whatever the address
        # (docs/security.md, « Rate limits »)
        self.RATELIMIT_CODES_SITE = os.environ.get("PARCOURS_CODES_SITE_LIMIT",
                                                   "100 per minute;1000 per hour")
        # Behind this many reverse proxies, trust their X-Forwarded-For/-Proto (0: none)
        self.TRUSTED_PROXIES = int(os.environ.get("PARCOURS_TRUSTED_PROXIES", "0"))
        # ...and only from these addresses or networks (the proxies'): a client reaching
        # gunicorn directly keeps its own address, whatever X-Forwarded-For it sends
        self.PROXY_ADDRESSES = tuple(
            part.strip() for part in os.environ.get("PARCOURS_PROXY_ADDRESSES",
                                                    "127.0.0.1/8,::1/128").split(",")
            if part.strip())
        self.BABEL_DEFAULT_LOCALE = os.environ.get("PARCOURS_LANG", "fr")
        self.LANGUAGES = ("fr", "en")
        # dates and hours shown to people (« consulté le 27 novembre 2026 à 14 h 05 »); stored
        # in UTC whatever this says
        self.BABEL_DEFAULT_TIMEZONE = os.environ.get("PARCOURS_TIMEZONE", "Europe/Paris")
        self.BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "parcours" / "translations")
        self.QUESTIONNAIRES_DIR = os.environ.get(
            "PARCOURS_QUESTIONNAIRES", str(ROOT / "questionnaires"))
        # The questionnaire listed first, started by /commencer and given to new cohorts unless
        # the trainer chooses another (the first one served when it is not)
        self.DEFAULT_QUESTIONNAIRE = os.environ.get("PARCOURS_DEFAULT_QUESTIONNAIRE", "adoc")
        # The site's own name (header, titles) and footer line on pages of no questionnaire, and
        # the home page's lead when it offers several; unset, those of the default questionnaire
        # (its `product`, `tagline` and `credit`) and the app's generic lead
        self.SITE_NAME = os.environ.get("PARCOURS_SITE_NAME", "").strip() or None
        self.SITE_FOOTER = os.environ.get("PARCOURS_SITE_FOOTER", "").strip() or None
        self.SITE_LEAD = os.environ.get("PARCOURS_SITE_LEAD", "").strip() or None
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = os.environ.get("PARCOURS_INSECURE_COOKIES") != "1"
        # The session cookie is signed again only when it changes (Flask would re-sign it on
        # every response: 7 % of a question page); it lasts 31 days from its last change.
        self.SESSION_REFRESH_EACH_REQUEST = False
        self.MAX_CONTENT_LENGTH = 1024 * 1024
        self.PDF_TIMEOUT = float(os.environ.get("PARCOURS_PDF_TIMEOUT", "60"))
        self.PDF_MEMORY_MB = int(os.environ.get("PARCOURS_PDF_MEMORY_MB", "512"))
        self.PDF_WORKERS = int(os.environ.get("PARCOURS_PDF_WORKERS", "1"))
        self.PDF_PRERENDER = True
        # Where PDFs and export ZIPs are kept (parcours/infra/storage.py): unset, the folder
        # instance/files/; `s3://bucket/prefix` for an S3-compatible store (boto3 reads
        # AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION)
        self.STORAGE_URL = os.environ.get("PARCOURS_STORAGE_URL", "").strip() or None
        # S3 only: send a download as a redirect to a signed URL valid this many seconds,
        # rather than through the app (0: through the app)
        self.STORAGE_REDIRECT_SECONDS = int(os.environ.get("PARCOURS_STORAGE_REDIRECT_SECONDS",
                                                           "0"))
        self.EXPORT_WORKERS = int(os.environ.get("PARCOURS_EXPORT_WORKERS", os.cpu_count() or 1))
        # argon2id, RFC 9106's second recommended profile; tests lower it to run fast
        self.ARGON2_TIME_COST = 3
        self.ARGON2_MEMORY_KIB = 64 * 1024
        # how long a one-time link to choose a password works (auth/reset.py)
        self.PASSWORD_RESET_HOURS = int(os.environ.get("PARCOURS_PASSWORD_RESET_HOURS", "48"))
        self.RQ_QUEUE = os.environ.get("PARCOURS_RQ_QUEUE", "parcours")
        # Seconds without progress after which a queued or running export is marked failed:
        # its worker died. An export reports progress after every PDF (each under PDF_TIMEOUT).
        self.JOB_TIMEOUT = int(os.environ.get("PARCOURS_JOB_TIMEOUT", "900"))
        # How long data is kept (services/retention.py, `flask parcours purge`); 0 keeps forever
        self.RETAIN_IN_PROGRESS_MONTHS = int(os.environ.get("PARCOURS_RETAIN_IN_PROGRESS_MONTHS",
                                                            "12"))
        self.RETAIN_COMPLETED_MONTHS = int(os.environ.get("PARCOURS_RETAIN_COMPLETED_MONTHS",
                                                          "36"))
        self.RETAIN_EXPORTS_DAYS = int(os.environ.get("PARCOURS_RETAIN_EXPORTS_DAYS", "7"))
        self.RETAIN_ACCESS_LOG_MONTHS = int(os.environ.get("PARCOURS_RETAIN_ACCESS_LOG_MONTHS",
                                                           "12"))
        self.RETAIN_MAIL_MONTHS = int(os.environ.get("PARCOURS_RETAIN_MAIL_MONTHS", "12"))
        # The privacy page (/confidentialite): whom to write to about personal data (an
        # e-mail address or a postal address), and where the site is hosted; unset, the page
        # says to ask the organisation that runs the site
        self.PRIVACY_CONTACT = os.environ.get("PARCOURS_PRIVACY_CONTACT", "").strip() or None
        self.PRIVACY_HOSTING = os.environ.get("PARCOURS_PRIVACY_HOSTING", "").strip() or None
        # SQLite: from this many participants, the dashboard's name search uses the trigram
        # index of every organisation name rather than reading the cohort's (trainer/queries.py)
        self.INDEXED_SEARCH_FROM = 2_000
