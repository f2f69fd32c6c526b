"""Who is asking: the signed-in person behind a sign-in cookie, on a request or a websocket
upgrade."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import HTTPConnection

from server.auth.sign_ins import SIGN_IN_COOKIE, token_from_cookie, token_hash
from server.db import people
from server.db.models import User
from server.moments import as_utc


@dataclass(frozen=True)
class SignedIn:
    user: User
    token_hash: str
    csrf_token: str
    sign_in_ends: datetime  # when the sign-in expires on its own


def sign_in_token(secret_key: str, conn: HTTPConnection) -> str | None:
    """The sign-in token from the request's cookie, when its signature holds."""
    return token_from_cookie(secret_key, conn.cookies.get(SIGN_IN_COOKIE))


async def person_of(
    conn: HTTPConnection, secret_key: str, store: async_sessionmaker[Any]
) -> SignedIn | None:
    """The person whose sign-in the connection's cookie carries; None when there is no
    cookie, its signature fails, or the sign-in has ended."""
    token = sign_in_token(secret_key, conn)
    if token is None:
        return None
    hashed = token_hash(token)
    async with store() as db:
        found = await people.signed_in_user(db, hashed, datetime.now(UTC))
    if found is None:
        return None
    user, auth = found
    return SignedIn(
        user=user,
        token_hash=hashed,
        csrf_token=auth.csrf_token,
        sign_in_ends=as_utc(auth.expires_at),
    )
