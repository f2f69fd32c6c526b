"""A sign-in on the wire: the cookie and the answer that says who is signed in (the sign-in
itself is `server.edge.sign_ins`'). Signing in with a password and accepting an invitation both
start one."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import ForumRoleOut, SessionOut, UserOut
from server.api.guards import signed_in
from server.auth.sign_ins import SIGN_IN_COOKIE
from server.chorus import chorus_of
from server.db import people
from server.db.models import User
from server.domain.roles import Action, Role, may
from server.edge.sign_ins import start_sign_in


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


async def signed_in_answer(request: Request, user: User, csrf_token: str) -> dict[str, object]:
    """Who is signed in, as `/api/session` answers: the person, their forums and roles."""
    chorus = chorus_of(request)
    async with chorus.store() as db:
        organisations = (await people.organisations_of(db, [user.id]))[user.id]
        roles = await people.forum_roles_of(db, user.id, every_forum=user.is_site_admin)
    return SessionOut(
        user=UserOut(
            id=user.id,
            name=user.name,
            email=people.personal_data(chorus.keys, user).email,
            organisations=organisations,
            is_site_admin=user.is_site_admin,
            interface_language=user.interface_language,
            forums=[
                _forum_role_out(fid, name, role, user.is_site_admin) for fid, name, role in roles
            ],
        ),
        csrf_token=csrf_token,
    ).model_dump()


async def start_signed_in_response(
    request: Request, user: User, status_code: int = 200
) -> Response:
    """Start a sign-in for `user`, ending the request's old one, and answer with it, setting the
    cookie."""
    chorus = chorus_of(request)
    started = await start_sign_in(chorus, user, await signed_in(request))
    response = JSONResponse(
        await signed_in_answer(request, user, started.fresh.csrf_token), status_code=status_code
    )
    response.set_cookie(
        SIGN_IN_COOKIE,
        started.fresh.cookie_value,
        max_age=int(started.lasts.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=chorus.settings.secure_cookies,
        path="/",
    )
    return response
