"""A statement's reviewers (`/api/statements/{id}/reviewers/{user}`): the guiding moderators
and the facilitators ask someone to read the statement, comment and suggest, and never edit
it. Anyone with an account may review, with or without a role in the forum: reviewers are
often from outside it. Every change is in the audit log and followed live, as for the
drafting group."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from server.api.errors import ApiError
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.api.people_answers import people_answer
from server.api.standing import viewable_standing
from server.auth.current import SignedIn
from server.db import audit, reviewers
from server.db.models import User
from server.domain.messages import Message, say
from server.domain.roles import Action
from server.state import app_state

MAY_NOT_CHANGE_REVIEWERS = Message(
    "may_not_change_reviewers",
    "Only the statement's guiding moderators and the forum's facilitators choose its reviewers.",
)
NO_LONGER_REVIEWER = Message("no_longer_reviewer", "You no longer review this statement.")


@require_sign_in
async def add_reviewer(request: Request, me: SignedIn) -> Response:
    """Make a person a reviewer of the statement; the statement's people as they are now."""
    return await _place(request, me, joining=True)


@require_sign_in
async def remove_reviewer(request: Request, me: SignedIn) -> Response:
    """Take a person off the statement's reviewers; the statement's people as they are now."""
    return await _place(request, me, joining=False)


async def _place(request: Request, me: SignedIn, *, joining: bool) -> Response:
    """Asking for what already holds changes nothing and is not logged."""
    state = app_state(request)
    sid = statement_id(request)
    person_id = path_id(request, "user_id", "person")
    async with state.sessions() as session, session.begin():
        standing = await viewable_standing(session, sid, me.user.id)
        if not standing.may(Action.MANAGE_REVIEWERS):
            raise ApiError(403, MAY_NOT_CHANGE_REVIEWERS)
        person = await session.get(User, person_id)
        if person is None:
            raise ApiError(404, say("no_such_person", id=person_id))
        changed = await reviewers.is_reviewer(session, sid, person.id) != joining
        if changed and joining:
            await reviewers.add_reviewer(session, sid, person.id)
        elif changed:
            await reviewers.remove_reviewer(session, sid, person.id)
        if changed:
            await audit.record(
                session,
                forum_id=standing.forum_id,
                statement_id=sid,
                actor_id=me.user.id,
                subject_id=person.id,
                at=datetime.now(UTC),
                action="review" if joining else "unreview",
            )
    return await people_answer(
        state, me, sid, person.id if changed else None, None if joining else NO_LONGER_REVIEWER
    )
