"""Secrets given to people: short codes to type, long tokens to click, and what we store of them.

A resume or join secret is derived from a random seed with the app's SECRET_KEY (HMAC-SHA256):
the database keeps the seed and the secret's SHA-256, never the secret, so that neither the
database alone nor the session cookie (which holds neither) gives it away, while the app can show
it again to whoever may see it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud


def normalise(code: str) -> str:
    """A code as typed (spaces, dashes, lower case) → its canonical form."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code(length: int) -> str:
    """`length` random characters of ALPHABET (5 bits each; guesses are rate-limited)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_token(nbytes: int) -> str:
    """A private token of `nbytes` random bytes, URL-safe."""
    return secrets.token_urlsafe(nbytes)


def new_seed() -> str:
    """A random seed (128 bits) from which a token and a code are derived."""
    return secrets.token_hex(16)


def _derive(purpose: str, seed: str) -> bytes:
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, f"{purpose}:{seed}".encode(), hashlib.sha256).digest()


def token_from(purpose: str, seed: str, nbytes: int) -> str:
    """The URL-safe token of `nbytes` bytes derived from a seed (a PRF of SECRET_KEY)."""
    return base64.urlsafe_b64encode(_derive(f"{purpose}-token", seed)[:nbytes]).decode().rstrip("=")


def code_from(purpose: str, seed: str, length: int) -> str:
    """The code of `length` characters of ALPHABET derived from a seed (256 bits reduced to
    about 40: the bias is below one in ten million)."""
    number = int.from_bytes(_derive(f"{purpose}-code", seed), "big")
    chars = []
    for _ in range(length):
        number, rest = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[rest])
    return "".join(chars)


def digest(secret: str) -> str:
    """What we store of a token or code: its SHA-256, never the secret itself."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


RESUME_PURPOSE, RESUME_CODE_LENGTH, RESUME_TOKEN_BYTES = "resume", 8, 24  # 192 bits


def resume_secrets(seed: str) -> tuple[str, str]:
    """A diagnostic's resume token and short code, XXXX-XXXX (about 40 bits; rate-limited at
    the door), derived from its seed: the journey and the collective diagnostic's respondents
    (parcours/services/collective.py) both make them."""
    raw = code_from(RESUME_PURPOSE, seed, RESUME_CODE_LENGTH)
    return token_from(RESUME_PURPOSE, seed, RESUME_TOKEN_BYTES), f"{raw[:4]}-{raw[4:]}"
