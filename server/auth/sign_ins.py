"""Session cookies: a random token, signed with the secret key; the store keeps only its hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, Signer

SIGN_IN_COOKIE = "chorus_session"


@dataclass(frozen=True)
class NewSignIn:
    token: str
    token_hash: str
    csrf_token: str
    cookie_value: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_sign_in(secret_key: str) -> NewSignIn:
    """A fresh sign-in token (rotated at every sign-in) with its CSRF token and cookie value."""
    token = secrets.token_urlsafe(32)
    signer = Signer(secret_key, salt="chorus.session")
    return NewSignIn(
        token=token,
        token_hash=token_hash(token),
        csrf_token=secrets.token_urlsafe(32),
        cookie_value=signer.sign(token).decode(),
    )


def token_from_cookie(secret_key: str, cookie_value: str | None) -> str | None:
    """The sign-in token in a cookie, or None when it is missing or its signature is wrong."""
    if not cookie_value:
        return None
    try:
        return Signer(secret_key, salt="chorus.session").unsign(cookie_value).decode()
    except BadSignature:
        return None
