"""Sign in, who am I, sign out: `/api/session`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import ForumRoleOut, SessionOut, SignedOutOut, SignIn, UserOut
from server.api.errors import ApiError, read_json
from server.api.guards import NOT_SIGNED_IN, require_sign_in, signed_in
from server.auth.current import SignedIn
from server.auth.passwords import verify_password
from server.auth.sessions import SESSION_COOKIE, new_session
from server.collab import close_codes
from server.db import people
from server.db.models import User
from server.domain.rate_limits import address_key, retry_message
from server.domain.roles import Action, Role, may
from server.state import app_state


def _forum_role_out(fid: int, name: str, role: str | None, is_site_admin: bool) -> ForumRoleOut:
    held = Role(role) if role else None
    return ForumRoleOut(
        forum_id=fid,
        forum=name,
        role=role,
        can_see_overview=may(held, Action.VIEW_OVERVIEW, is_site_admin=is_site_admin),
        can_manage=may(held, Action.MANAGE_FORUM, is_site_admin=is_site_admin),
        can_work_review_queue=may(held, Action.WORK_REVIEW_QUEUE, is_site_admin=is_site_admin),
    )


async def _session_out(request: Request, user: User, csrf_token: str) -> dict[str, object]:
    state = app_state(request)
    async with state.sessions() as session:
        organisations = (await people.organisations_of(session, [user.id]))[user.id]
        roles = await people.forum_roles_of(session, user.id, every_forum=user.is_site_admin)
    return SessionOut(
        user=UserOut(
            id=user.id,
            name=user.name,
            email=people.personal_data(state.keys, user).email,
            organisations=organisations,
            is_site_admin=user.is_site_admin,
            forums=[
                _forum_role_out(fid, name, role, user.is_site_admin) for fid, name, role in roles
            ],
        ),
        csrf_token=csrf_token,
    ).model_dump()


async def sign_in(request: Request) -> Response:
    state = app_state(request)
    body = await read_json(request, SignIn)
    # Counted per account (by the email's keyed hash) and per address; never the email itself.
    account = state.keys.lookup_hash(body.email)
    address = address_key(request.client.host if request.client else "")
    # Counted as a failure before the password is checked, so parallel guesses cannot all
    # pass the check first; a right password takes the count back.
    wait = state.sign_in_limiter.begin_attempt(account, address, time.monotonic())
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
    async with state.sessions() as session:
        user = await people.user_by_email(session, state.keys, body.email)
    if not await verify_password(user.password_hash if user else None, body.password):
        raise ApiError(401, "Wrong email or password.", code="bad_credentials")
    assert user is not None
    state.sign_in_limiter.record_success(account, address, time.monotonic())
    return await start_signed_in_response(request, user)


async def start_signed_in_response(
    request: Request, user: User, status_code: int = 200
) -> Response:
    """Start a session for `user` (a new token at every sign-in, ending the request's old one)
    and answer with it, setting the cookie."""
    state = app_state(request)
    fresh = new_session(state.settings.secret_key)
    now = datetime.now(UTC)
    max_age = timedelta(seconds=state.settings.session_seconds)
    async with state.sessions() as session, session.begin():
        old = await signed_in(request)
        if old is not None:
            await people.end_session(session, old.token_hash)
        await people.start_session(
            session, user.id, fresh.token_hash, fresh.csrf_token, now, now + max_age
        )
    if old is not None:
        # The old session ended: whatever listened or edited with it stops.
        _close_session(request, old)
    response = JSONResponse(
        await _session_out(request, user, fresh.csrf_token), status_code=status_code
    )
    response.set_cookie(
        SESSION_COOKIE,
        fresh.cookie_value,
        max_age=int(max_age.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=state.settings.secure_cookies,
        path="/",
    )
    return response


async def who_am_i(request: Request) -> Response:
    me = await signed_in(request)
    if me is None:
        raise ApiError(401, NOT_SIGNED_IN)
    return JSONResponse(await _session_out(request, me.user, me.csrf_token))


@require_sign_in
async def sign_out(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    async with state.sessions() as session, session.begin():
        await people.end_session(session, me.token_hash)
    _close_session(request, me)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _close_session(request: Request, ended: SignedIn) -> None:
    """Close the editors and event connections opened with a session that has just ended."""
    state = app_state(request)
    # An editor being let in right now read the session before it ended: it checks again.
    state.access_changes += 1
    state.rooms.close_session(
        ended.user.id, ended.token_hash, close_codes.NOT_SIGNED_IN, "signed out"
    )
    state.events.close_session(ended.token_hash, close_codes.NOT_SIGNED_IN, "signed out")


@require_sign_in
async def sign_out_everywhere(request: Request, me: SignedIn) -> Response:
    """End every session of the signed-in person, this one included, and close their editors
    and their pages' event connections."""
    state = app_state(request)
    async with state.sessions() as session, session.begin():
        ended = await people.end_all_sessions(session, me.user.id)
    state.access_changes += 1
    state.rooms.close_person(me.user.id, close_codes.NOT_SIGNED_IN, "signed out everywhere")
    state.events.close_person(me.user.id, close_codes.NOT_SIGNED_IN, "signed out everywhere")
    response = JSONResponse(SignedOutOut(sessions_ended=ended).model_dump())
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
