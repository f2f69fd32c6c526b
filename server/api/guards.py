"""Route guards: who is asking, signed in, and for writes the sign-in's CSRF token. They live
with the routes because they answer in the routes' error shape."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from server.api.errors import ApiError
from server.auth.csrf import CSRF_HEADER, csrf_ok
from server.auth.current import SignedIn, person_of
from server.chorus import chorus_of
from server.domain.messages import Message

Endpoint = Callable[[Request], Awaitable[Response]]
SignedInEndpoint = Callable[[Request, SignedIn], Awaitable[Response]]

NOT_SIGNED_IN = Message("not_signed_in", "You are not signed in. Sign in and try again.")
CSRF_REFUSED = Message(
    "csrf", "Missing or wrong CSRF token: send the X-CSRF-Token header from your session."
)


async def signed_in(conn: HTTPConnection) -> SignedIn | None:
    """The signed-in person behind the request; None when signed out."""
    chorus = chorus_of(conn)
    return await person_of(conn, chorus.settings.secret_key, chorus.store)


def require_sign_in(endpoint: SignedInEndpoint) -> Endpoint:
    """Refuse the signed-out (401) and cookie writes without the sign-in's CSRF token (403)."""

    async def guarded(request: Request) -> Response:
        me = await signed_in(request)
        if me is None:
            raise ApiError(401, NOT_SIGNED_IN)
        if not csrf_ok(request.method, me.csrf_token, request.headers.get(CSRF_HEADER)):
            raise ApiError(403, CSRF_REFUSED)
        return await endpoint(request, me)

    guarded.__name__ = endpoint.__name__
    guarded.__doc__ = endpoint.__doc__
    return guarded
