"""Secrets given to people: short codes to type, long tokens to click, and what we store of them."""

from __future__ import annotations

import hashlib
import secrets

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


def digest(secret: str) -> str:
    """What we store of a token or code: its SHA-256, never the secret itself."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
