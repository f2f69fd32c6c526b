"""The people on a statement: its drafting group and guiding moderators, what each viewer sees
of them, and placing people in or out (`/api/statements/{id}/people`, `.../drafting-group/{user}`,
`.../guides/{user}`). Every change is in the audit log and followed live by the people
concerned: the person's lists and open editors, and everyone watching the statement."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.api.errors import ApiError
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.api.people_answers import people_answer, people_out
from server.api.standing import viewable_standing
from server.auth.current import SignedIn
from server.db import audit
from server.db import statements as queries
from server.db.models import DraftingGroupMember, GuidingModerator, User
from server.domain.drafting_groups import (
    REMOVED_FROM_STATEMENT,
    guiding_refusal,
    joining_refusal,
)
from server.domain.messages import Message, say
from server.domain.roles import Action
from server.state import app_state


@require_sign_in
async def statement_people(request: Request, me: SignedIn) -> Response:
    """The drafting group and the guiding moderators, each showing only what this viewer may
    see of them; for those who may change them, who could be added."""
    state = app_state(request)
    sid = statement_id(request)
    async with state.sessions() as session:
        standing = await viewable_standing(session, sid, me.user.id)
        body = await people_out(session, state, me.user, standing)
    return JSONResponse(body.model_dump())


@require_sign_in
async def add_to_group(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, group=True, joining=True)


@require_sign_in
async def remove_from_group(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, group=True, joining=False)


@require_sign_in
async def add_guide(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, group=False, joining=True)


@require_sign_in
async def remove_guide(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, group=False, joining=False)


_WHO_MAY = {
    Action.MANAGE_DRAFTING_GROUP: Message(
        "may_not_change_drafting_group",
        "Only the statement's guiding moderators and the forum's facilitators change its "
        "drafting group.",
    ),
    Action.MANAGE_PEOPLE: Message(
        "may_not_choose_guides", "Only the forum's facilitators choose who guides a statement."
    ),
}


# (drafting group?, joining?) -> the audit log's action.
_LOGGED_AS = {
    (True, True): "join",
    (True, False): "leave",
    (False, True): "guide",
    (False, False): "unguide",
}


async def _place(request: Request, me: SignedIn, *, group: bool, joining: bool) -> Response:
    """Put a person in (or take them out of) the drafting group (`group`) or the guiding
    moderators. Asking for what already holds changes nothing and is not logged."""
    state = app_state(request)
    sid = statement_id(request)
    person_id = path_id(request, "user_id", "person")
    action = Action.MANAGE_DRAFTING_GROUP if group else Action.MANAGE_PEOPLE
    table = DraftingGroupMember if group else GuidingModerator
    async with state.sessions() as session, session.begin():
        standing = await viewable_standing(session, sid, me.user.id)
        if not standing.may(action):
            raise ApiError(403, _WHO_MAY[action])
        person = await session.get(User, person_id)
        if person is None:
            raise ApiError(404, say("no_such_person", id=person_id))
        placed = await session.get(table, (sid, person.id)) is not None
        changed = placed != joining
        if changed and joining:
            role = await queries.role_in_forum(session, standing.forum_id, person.id)
            refusal = (joining_refusal if group else guiding_refusal)(person.name, role)
            if refusal:
                raise ApiError(422, refusal)
            session.add(table(statement_id=sid, user_id=person.id))
        elif changed:
            await session.execute(
                delete(table).where(table.statement_id == sid, table.user_id == person.id)
            )
        if changed:
            await audit.record(
                session,
                forum_id=standing.forum_id,
                statement_id=sid,
                actor_id=me.user.id,
                subject_id=person.id,
                at=datetime.now(UTC),
                action=_LOGGED_AS[group, joining],
            )
    return await people_answer(
        state, me, sid, person.id if changed else None, None if joining else REMOVED_FROM_STATEMENT
    )
