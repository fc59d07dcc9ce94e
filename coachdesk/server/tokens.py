"""Opaque device tokens: random, shown once, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

ACCESS_PREFIX = "cda_"
REFRESH_PREFIX = "cdr_"


def new_token(prefix: str) -> str:
    """256 random bits; a fast digest suffices to store them since they cannot be guessed."""
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
