"""Sign in, who am I, sign out: `/api/session`."""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import SignedOutOut, SignIn
from server.api.errors import ApiError, read_json
from server.api.guards import NOT_SIGNED_IN, require_sign_in, signed_in
from server.api.sign_ins import signed_in_answer, start_signed_in_response
from server.auth.current import SignedIn
from server.auth.passwords import verify_password
from server.auth.sign_ins import SIGN_IN_COOKIE
from server.chorus import chorus_of
from server.db import people
from server.domain.messages import say
from server.domain.rate_limits import address_key, retry_message
from server.edge.sign_ins import end_every_sign_in, end_sign_in


async def sign_in(request: Request) -> Response:
    chorus = chorus_of(request)
    body = await read_json(request, SignIn)
    # Counted per account (by the email's keyed hash) and per address; never the email itself.
    account = chorus.keys.lookup_hash(body.email)
    address = address_key(request.client.host if request.client else "")
    # Counted as a failure before the password is checked, so parallel guesses cannot all
    # pass the check first; a right password takes the count back.
    wait = chorus.sign_in_limiter.begin_attempt(account, address, time.monotonic())
    if wait is not None:
        # One code for the page; the seconds always, and the sentence (seconds or minutes)
        # as its reason.
        wait_message = retry_message(wait)
        raise ApiError(
            429,
            wait_message,
            code="too_many_attempts",
            params={"seconds": wait},
            headers={"Retry-After": str(wait)},
            reasons=[wait_message],
        )
    async with chorus.store() as db:
        user = await people.user_by_email(db, chorus.keys, body.email)
    if not await verify_password(user.password_hash if user else None, body.password):
        raise ApiError(401, say("bad_credentials"))
    assert user is not None
    chorus.sign_in_limiter.record_success(account, address, time.monotonic())
    return await start_signed_in_response(request, user)


async def who_am_i(request: Request) -> Response:
    me = await signed_in(request)
    if me is None:
        raise ApiError(401, NOT_SIGNED_IN)
    return JSONResponse(await signed_in_answer(request, me.user, me.csrf_token))


@require_sign_in
async def sign_out(request: Request, me: SignedIn) -> Response:
    await end_sign_in(chorus_of(request), me)
    response = Response(status_code=204)
    response.delete_cookie(SIGN_IN_COOKIE, path="/")
    return response


@require_sign_in
async def sign_out_everywhere(request: Request, me: SignedIn) -> Response:
    """End every session of the signed-in person, this one included, and close their editors
    and their pages' event connections."""
    ended = await end_every_sign_in(chorus_of(request), me)
    response = JSONResponse(SignedOutOut(sessions_ended=ended).model_dump())
    response.delete_cookie(SIGN_IN_COOKIE, path="/")
    return response
