"""Invitation links (`POST /api/forums/{id}/invitations`, `GET /api/invitations/{token}`,
`POST /api/invitations/{token}/accept`): making, showing and accepting one are actions
(`server.actions.invitations`); signing a new account in is this module's part."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import AcceptIn, InvitationIn, InvitationOut, InvitationPreviewOut, JoinedOut
from server.actions import invitations as invitation_actions
from server.api.errors import ApiError, read_json
from server.api.guards import CSRF_REFUSED, require_sign_in, signed_in
from server.api.paths import forum_id
from server.api.sign_ins import start_signed_in_response
from server.auth.csrf import CSRF_HEADER, csrf_ok
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db.models import User
from server.edge.access import access_follows
from server.moments import iso


@require_sign_in
async def create(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    fid = forum_id(request)
    body = await read_json(request, InvitationIn)
    invited = await invitation_actions.invite(chorus, me.user, fid, body)
    out = InvitationOut(
        id=invited.invitation.id,
        forum=invited.forum,
        role=body.role,
        statement=invited.statement,
        note=invited.invitation.note,
        expires_at=iso(invited.invitation.expires_at) or "",
        link=invited.link,
    )
    return JSONResponse(out.model_dump(), status_code=201)


async def preview(request: Request) -> Response:
    """Public: whoever holds the link may see what it offers (and nothing else)."""
    opened = await invitation_actions.open_invitation(chorus_of(request), _token(request))
    out = InvitationPreviewOut(
        forum=opened.forum.name,
        role=opened.invitation.role,
        statement=opened.statement.title if opened.statement else None,
        invited_by=opened.inviter,
        expires_at=iso(opened.invitation.expires_at) or "",
    )
    return JSONResponse(out.model_dump())


async def accept(request: Request) -> Response:
    """Signed in: the invitation joins this account. Signed out: a new account is created from
    name, email and password, and signed in."""
    chorus = chorus_of(request)
    opened = await invitation_actions.open_invitation(chorus, _token(request))
    body = await read_json(request, AcceptIn)
    me = await signed_in(request)
    if me is not None and not csrf_ok(
        request.method, me.csrf_token, request.headers.get(CSRF_HEADER)
    ):
        raise ApiError(403, CSRF_REFUSED)
    accepted = await invitation_actions.accept_invitation(
        chorus, me.user if me else None, opened, body, access_follows(chorus)
    )
    if me is not None:
        joined = JoinedOut(joined=accepted.forum, statement_id=accepted.statement_id)
        return JSONResponse(joined.model_dump())
    async with chorus.store() as db:
        new_account = await db.get(User, accepted.user_id)
    assert new_account is not None
    return await start_signed_in_response(request, new_account, status_code=201)


def _token(request: Request) -> str:
    token: str = request.path_params["token"]
    return token
