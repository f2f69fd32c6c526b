"""Invitation links: facilitators (any role) and moderators (contributors and observers) create
them; the person who opens one accepts it once, before it expires, signed in or as a new
account.

`POST /api/forums/{id}/invitations`, `GET /api/invitations/{token}`,
`POST /api/invitations/{token}/accept`. Only a hash of the token is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import AcceptIn, InvitationIn, InvitationOut, InvitationPreviewOut, JoinedOut
from schemas.events import StatementPeopleChanged
from server.api.errors import ApiError, read_json
from server.api.guards import CSRF_REFUSED, require_sign_in, signed_in
from server.api.paths import forum_id
from server.api.sign_ins import start_signed_in_response
from server.api.standing import forum_standing
from server.api.wire import as_utc, iso
from server.auth.csrf import CSRF_HEADER, csrf_ok
from server.auth.current import SignedIn
from server.auth.passwords import hash_password
from server.db import audit, people
from server.db import invitations as queries
from server.db.models import Forum, Invitation, Statement, User
from server.domain import messages
from server.domain.accounts import invitation_refusal, password_problems
from server.domain.messages import say
from server.domain.roles import Action, Role
from server.edge.access import access_changed
from server.state import app_state

# Moderators bring people into drafting groups; giving the Steering Group's or the Task
# Group's roles is the facilitators' decision.
MODERATORS_MAY_INVITE = {Role.CONTRIBUTOR.value, Role.OBSERVER.value}


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@require_sign_in
async def create(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    fid = forum_id(request)
    body = await read_json(request, InvitationIn)
    async with state.sessions() as session, session.begin():
        standing = await forum_standing(session, fid, me.user.id)
        if not standing.may(Action.INVITE):
            raise ApiError(403, say("may_not_invite"))
        if not standing.may(Action.MANAGE_PEOPLE) and body.role not in MODERATORS_MAY_INVITE:
            raise ApiError(403, say("role_needs_a_facilitator"), field="role")
        statement = None
        if body.statement_id is not None:
            statement = await session.get(Statement, body.statement_id)
            if statement is None or statement.forum_id != fid:
                raise ApiError(422, say("statement_not_in_forum"), field="statement_id")
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        invitation = Invitation(
            token_hash=_token_hash(token),
            forum_id=fid,
            role=body.role,
            statement_id=body.statement_id,
            organisation_id=body.organisation_id,
            note=(body.note or "").strip() or None,
            created_by=me.user.id,
            created_at=now,
            expires_at=now + timedelta(days=body.days_valid),
        )
        session.add(invitation)
        await session.flush()
        out = InvitationOut(
            id=invitation.id,
            forum=standing.forum.name,
            role=body.role,
            statement=statement.title if statement else None,
            note=invitation.note,
            expires_at=iso(invitation.expires_at) or "",
            link=f"/join/{token}",
        )
    return JSONResponse(out.model_dump(), status_code=201)


async def _open(request: Request) -> tuple[Invitation, Forum, Statement | None, str | None]:
    """The invitation behind the link, still usable, with its forum, statement and inviter."""
    token = request.path_params["token"]
    async with app_state(request).sessions() as session:
        invitation = await queries.by_token_hash(session, _token_hash(token))
        if invitation is None:
            raise ApiError(404, say("invitation_invalid"))
        refusal = invitation_refusal(
            expires_at=as_utc(invitation.expires_at),
            used_at=invitation.used_at,
            now=datetime.now(UTC),
        )
        if refusal is not None:
            # One code for every link that can no longer be used; the reason says why.
            raise ApiError(410, refusal, code="invitation_unusable", reasons=[refusal])
        forum = await session.get(Forum, invitation.forum_id)
        assert forum is not None
        statement = (
            await session.get(Statement, invitation.statement_id)
            if invitation.statement_id is not None
            else None
        )
        inviter = (
            await session.get(User, invitation.created_by)
            if invitation.created_by is not None
            else None
        )
    return invitation, forum, statement, inviter.name if inviter else None


async def preview(request: Request) -> Response:
    """Public: whoever holds the link may see what it offers (and nothing else)."""
    invitation, forum, statement, inviter = await _open(request)
    out = InvitationPreviewOut(
        forum=forum.name,
        role=invitation.role,
        statement=statement.title if statement else None,
        invited_by=inviter,
        expires_at=iso(invitation.expires_at) or "",
    )
    return JSONResponse(out.model_dump())


async def accept(request: Request) -> Response:
    """Signed in: the invitation joins this account. Signed out: a new account is created from
    name, email and password, and signed in."""
    state = app_state(request)
    invitation, forum, _, _ = await _open(request)
    body = await read_json(request, AcceptIn)
    me = await signed_in(request)
    if me is not None and not csrf_ok(
        request.method, me.csrf_token, request.headers.get(CSRF_HEADER)
    ):
        raise ApiError(403, CSRF_REFUSED)
    now = datetime.now(UTC)
    new_password_hash = None
    if me is None:
        name = (body.name or "").strip()
        email = (body.email or "").strip()
        if not name:
            raise ApiError(422, say("name_missing"), field="name")
        if "@" not in email or len(email) < 3:
            raise ApiError(422, say("email_invalid"), field="email")
        problems = password_problems(body.password or "", email=email, name=name)
        if problems:
            # Every problem at once, each with its own code, so one retry can fix them all.
            raise ApiError(
                422,
                messages.joined(problems),
                code="weak_password",
                field="password",
                reasons=problems,
            )
        new_password_hash = await hash_password(body.password or "")
    async with state.sessions() as session, session.begin():
        if me is None:
            if await people.user_by_email(session, state.keys, email) is not None:
                raise ApiError(409, say("email_taken"), field="email")
            assert new_password_hash is not None
            user = await people.create_user(
                session, state.keys, email=email, name=name, password_hash=new_password_hash
            )
        else:
            user = me.user
        if not await queries.use(session, invitation.id, user.id, now):
            just_used = messages.Message(
                "invitation_just_used", "This invitation has just been used."
            )
            raise ApiError(410, just_used, code="invitation_unusable", reasons=[just_used])
        given = await queries.give_role(session, invitation, user.id)
        if given.role_before != given.role_after:
            await audit.record(
                session,
                forum_id=forum.id,
                actor_id=invitation.created_by,
                subject_id=user.id,
                at=now,
                action="role",
                from_value=given.role_before,
                to_value=given.role_after,
                reason="accepted an invitation",
            )
        # Someone already in the drafting group joins nothing: the log says only what changed.
        if given.joined_group:
            await audit.record(
                session,
                forum_id=forum.id,
                statement_id=invitation.statement_id,
                actor_id=invitation.created_by,
                subject_id=user.id,
                at=now,
                action="join",
                reason="accepted an invitation",
            )
        user_id = user.id
    if given.joined_group or given.role_before != given.role_after:
        # What they may open changed: their events, lists and open editors follow.
        await access_changed(state, user_id)
    if given.joined_group and invitation.statement_id is not None:
        # Whoever watches the statement reloads its people.
        sid = invitation.statement_id
        state.events.publish(sid, StatementPeopleChanged(statement_id=sid))
    if me is not None:
        joined = JoinedOut(joined=forum.name, statement_id=invitation.statement_id)
        return JSONResponse(joined.model_dump())
    async with state.sessions() as session:
        fresh_user = await session.get(User, user_id)
    assert fresh_user is not None
    return await start_signed_in_response(request, fresh_user, status_code=201)
