"""Invitations: facilitators (any role) and moderators (contributors and observers) invite
people into a forum, and maybe a drafting group; whoever holds the link accepts it once,
before it expires, signed in or as a new account. Only a hash of the link's token is stored.

Accepting records what it gave (the role, the drafting group), in the inviter's name as the
audit log has always said it; signing a new account in is the route's part."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from schemas.api import AcceptIn, InvitationIn
from server.actions.people import AccessChanged
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.standing import forum_standing_toward
from server.auth.passwords import hash_password
from server.db import invitations as queries
from server.db import people
from server.db.models import Forum, Invitation, Statement, User
from server.domain import messages
from server.domain.accounts import invitation_refusal, password_problems
from server.domain.happenings import Happened, What
from server.domain.messages import Message, say
from server.domain.roles import Action, Role
from server.moments import as_utc

# Moderators bring people into drafting groups; giving the Steering Group's or the Task
# Group's roles is the facilitators' decision.
MODERATORS_MAY_INVITE = {Role.CONTRIBUTOR.value, Role.OBSERVER.value}

# Why the role and the drafting group were given, in the audit log.
ACCEPTED = "accepted an invitation"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invited:
    """An invitation made: the link to pass on (its token is never stored) and what it offers."""

    invitation: Invitation
    forum: str
    statement: str | None
    link: str


async def invite(services: Services, me: User, fid: int, asked: InvitationIn) -> Invited:
    """`me` invites someone into forum `fid` with a role (and maybe a drafting group and an
    organisation). Refuses 404 `no_such_forum`, 403 `may_not_invite` or
    `role_needs_a_facilitator` (a moderator giving more than a contributor's or an observer's
    role), 422 `statement_not_in_forum`."""
    async with services.store() as db, db.begin():
        standing = await forum_standing_toward(db, fid, me.id)
        if not standing.may(Action.INVITE):
            raise Refused(403, say("may_not_invite"))
        if not standing.may(Action.MANAGE_PEOPLE) and asked.role not in MODERATORS_MAY_INVITE:
            raise Refused(403, say("role_needs_a_facilitator"), field="role")
        statement = None
        if asked.statement_id is not None:
            statement = await db.get(Statement, asked.statement_id)
            if statement is None or statement.forum_id != fid:
                raise Refused(422, say("statement_not_in_forum"), field="statement_id")
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        invitation = Invitation(
            token_hash=_token_hash(token),
            forum_id=fid,
            role=asked.role,
            statement_id=asked.statement_id,
            organisation_id=asked.organisation_id,
            note=(asked.note or "").strip() or None,
            created_by=me.id,
            created_at=now,
            expires_at=now + timedelta(days=asked.days_valid),
        )
        db.add(invitation)
        await db.flush()
        await record(
            db,
            Happened(
                what=What.INVITE,
                at=now,
                actor_id=me.id,
                forum_id=fid,
                statement_id=asked.statement_id,
                to_value=asked.role,
                details={"invitation": str(invitation.id)},
            ),
        )
    await services.announcer.tell()
    title = statement.title if statement else None
    return Invited(invitation, standing.forum.name, title, f"/join/{token}")


@dataclass(frozen=True)
class OpenInvitation:
    """The invitation behind a link, still usable, with its forum, statement and inviter."""

    invitation: Invitation
    forum: Forum
    statement: Statement | None
    inviter: str | None


async def open_invitation(services: Services, token: str) -> OpenInvitation:
    """What the link `token` offers. Refuses 404 `invitation_invalid` for a link that names no
    invitation, 410 `invitation_unusable` (saying why) for one used or expired."""
    async with services.store() as db:
        invitation = await queries.by_token_hash(db, _token_hash(token))
        if invitation is None:
            raise Refused(404, say("invitation_invalid"))
        refusal = invitation_refusal(
            expires_at=as_utc(invitation.expires_at),
            used_at=invitation.used_at,
            now=datetime.now(UTC),
        )
        if refusal is not None:
            # One code for every link that can no longer be used; the reason says why.
            raise Refused(410, refusal, code="invitation_unusable", reasons=[refusal])
        forum = await db.get(Forum, invitation.forum_id)
        assert forum is not None
        statement = (
            await db.get(Statement, invitation.statement_id)
            if invitation.statement_id is not None
            else None
        )
        inviter = (
            await db.get(User, invitation.created_by) if invitation.created_by is not None else None
        )
    return OpenInvitation(invitation, forum, statement, inviter.name if inviter else None)


@dataclass(frozen=True)
class Accepted:
    """An invitation accepted by `user_id` (a new account when `me` was None)."""

    user_id: int
    forum: str
    statement_id: int | None


async def accept_invitation(
    services: Services,
    me: User | None,
    opened: OpenInvitation,
    asked: AcceptIn,
    access_changed: AccessChanged,
) -> Accepted:
    """`me` (None: someone without an account, who gives name, email and password) accepts
    the invitation: its role in its forum (a role held is kept), its drafting group and
    organisation. Refuses 422 `name_missing`, `email_invalid`, `weak_password` (each problem
    as a reason), 409 `email_taken`, 410 `invitation_unusable` when it was just used."""
    invitation = opened.invitation
    new_password_hash = None
    name = email = ""
    if me is None:
        name = (asked.name or "").strip()
        email = (asked.email or "").strip()
        if not name:
            raise Refused(422, say("name_missing"), field="name")
        if "@" not in email or len(email) < 3:
            raise Refused(422, say("email_invalid"), field="email")
        problems = password_problems(asked.password or "", email=email, name=name)
        if problems:
            # Every problem at once, each with its own code, so one retry can fix them all.
            weak = Message("weak_password", messages.joined(problems))
            raise Refused(422, weak, field="password", reasons=problems)
        new_password_hash = await hash_password(asked.password or "")
    now = datetime.now(UTC)
    async with services.store() as db, db.begin():
        if me is None:
            if await people.user_by_email(db, services.keys, email) is not None:
                raise Refused(409, say("email_taken"), field="email")
            assert new_password_hash is not None
            user = await people.create_user(
                db, services.keys, email=email, name=name, password_hash=new_password_hash
            )
        else:
            user = me
        if not await queries.use(db, invitation.id, user.id, now):
            just_used = say("invitation_just_used")
            raise Refused(410, just_used, code="invitation_unusable", reasons=[just_used])
        given = await queries.give_role(db, invitation, user.id)
        # In the inviter's name: they gave the role and the place; the log says only what
        # changed (someone already in the drafting group joins nothing).
        if given.role_before != given.role_after:
            await record(
                db,
                Happened(
                    what=What.ROLE,
                    at=now,
                    actor_id=invitation.created_by,
                    forum_id=invitation.forum_id,
                    subject_id=user.id,
                    from_value=given.role_before,
                    to_value=given.role_after,
                    reason=ACCEPTED,
                ),
            )
        if given.joined_group:
            await record(
                db,
                Happened(
                    what=What.JOIN,
                    at=now,
                    actor_id=invitation.created_by,
                    forum_id=invitation.forum_id,
                    statement_id=invitation.statement_id,
                    subject_id=user.id,
                    reason=ACCEPTED,
                ),
            )
        user_id = user.id
    if given.joined_group or given.role_before != given.role_after:
        # What they may open changed: their events, lists and open editors follow.
        await access_changed(user_id, None)
    await services.announcer.tell()
    return Accepted(user_id, opened.forum.name, invitation.statement_id)
