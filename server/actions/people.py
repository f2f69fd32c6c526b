"""Who works on what: a person's role in a forum, and their places on a statement (its
drafting group, its guiding moderators, its reviewers), given or taken away.

Each change is recorded once (the audit log's line comes from the record) and followed live:
first the person's own access (their events, lists and open editors), through the
`AccessChanged` function the caller passes in, so someone taken off a statement hears nothing
more of it; then the records are told, and everyone watching the statement reloads its people.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession

from schemas.events import StatementPeopleChanged
from server.actions.announcing import Announcer, tells
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.standing import forum_standing_toward, standing_toward
from server.db import people, reviewers
from server.db import statements as queries
from server.db.happenings import Untold
from server.db.models import Forum, User
from server.domain.drafting_groups import REMOVED_FROM_STATEMENT, guiding_refusal, joining_refusal
from server.domain.happenings import Happened, What
from server.domain.messages import Message, say
from server.domain.roles import ROLE_CHANGED, Action

# After what a person may open or write changed (committed): their events, lists and open
# editors follow; the message, if any, is shown to an editor that stops writing. The app's
# edge does it; the route hands it in.
AccessChanged = Callable[[int, Message | None], Awaitable[None]]

# Why someone left their drafting groups and guided statements, in the audit log.
LOST_ROLE = "lost their role in the forum"


class Place(Enum):
    """A person's place on a statement."""

    DRAFTING_GROUP = "drafting_group"
    GUIDING = "guiding"
    REVIEWING = "reviewing"


@dataclass(frozen=True)
class _Rules:
    """What a place needs and records: who may give it, the refusal of anyone else, the
    records of giving and taking it, and what a person taken off it is told."""

    action: Action
    who_may: Message
    given: What
    taken: What
    taken_reason: Message


_RULES = {
    Place.DRAFTING_GROUP: _Rules(
        Action.MANAGE_DRAFTING_GROUP,
        Message(
            "may_not_change_drafting_group",
            "Only the statement's guiding moderators and the forum's facilitators change its "
            "drafting group.",
        ),
        What.JOIN,
        What.LEAVE,
        REMOVED_FROM_STATEMENT,
    ),
    Place.GUIDING: _Rules(
        Action.MANAGE_PEOPLE,
        Message(
            "may_not_choose_guides", "Only the forum's facilitators choose who guides a statement."
        ),
        What.GUIDE,
        What.UNGUIDE,
        REMOVED_FROM_STATEMENT,
    ),
    Place.REVIEWING: _Rules(
        Action.MANAGE_REVIEWERS,
        Message(
            "may_not_change_reviewers",
            "Only the statement's guiding moderators and the forum's facilitators choose its "
            "reviewers.",
        ),
        What.REVIEW,
        What.UNREVIEW,
        Message("no_longer_reviewer", "You no longer review this statement."),
    ),
}


async def add_person(
    services: Services,
    me: User,
    sid: int,
    person_id: int,
    place: Place,
    access_changed: AccessChanged,
) -> bool:
    """`me` puts person `person_id` in `place` on statement `sid`; True when it changed
    anything (asking for what already holds changes nothing and records nothing).

    Refuses 404/403 as any statement action, 403 when `me` may not change that place, 404
    `no_such_person`, 422 when the person may not draft or guide (their role)."""
    return await _place(services, me, sid, person_id, place, access_changed, joining=True)


async def remove_person(
    services: Services,
    me: User,
    sid: int,
    person_id: int,
    place: Place,
    access_changed: AccessChanged,
) -> bool:
    """`me` takes person `person_id` out of `place` on statement `sid`; True when they were
    in it. Refuses as `add_person`, the role aside."""
    return await _place(services, me, sid, person_id, place, access_changed, joining=False)


async def _place(
    services: Services,
    me: User,
    sid: int,
    person_id: int,
    place: Place,
    access_changed: AccessChanged,
    *,
    joining: bool,
) -> bool:
    rules = _RULES[place]
    async with services.store() as db, db.begin():
        standing = await standing_toward(db, sid, me.id)
        if not standing.may(rules.action):
            raise Refused(403, rules.who_may)
        person = await _person(db, person_id)
        changed = await _is_placed(db, sid, person.id, place) != joining
        if not changed:
            return False
        if joining:
            await _put(db, standing.forum_id, sid, person, place)
        else:
            await _take(db, sid, person.id, place)
        await record(
            db,
            Happened(
                what=rules.given if joining else rules.taken,
                at=datetime.now(UTC),
                actor_id=me.id,
                forum_id=standing.forum_id,
                statement_id=sid,
                subject_id=person.id,
            ),
        )
    await access_changed(person_id, None if joining else rules.taken_reason)
    await services.announcer.tell()
    return True


async def _person(db: AsyncSession, person_id: int) -> User:
    person = await db.get(User, person_id)
    if person is None:
        raise Refused(404, say("no_such_person", id=person_id))
    return person


async def _is_placed(db: AsyncSession, sid: int, user_id: int, place: Place) -> bool:
    if place == Place.REVIEWING:
        return await reviewers.is_reviewer(db, sid, user_id)
    return await people.holds_place(db, sid, user_id, guiding=place == Place.GUIDING)


async def _put(db: AsyncSession, fid: int, sid: int, person: User, place: Place) -> None:
    if place == Place.REVIEWING:
        # Anyone with an account may review, with or without a role in the forum.
        await reviewers.add_reviewer(db, sid, person.id)
        return
    role = await queries.role_in_forum(db, fid, person.id)
    guiding = place == Place.GUIDING
    refusal = (guiding_refusal if guiding else joining_refusal)(person.name, role)
    if refusal:
        raise Refused(422, refusal)
    await people.give_place(db, sid, person.id, guiding=guiding)


async def _take(db: AsyncSession, sid: int, user_id: int, place: Place) -> None:
    if place == Place.REVIEWING:
        await reviewers.remove_reviewer(db, sid, user_id)
        return
    await people.take_place(db, sid, user_id, guiding=place == Place.GUIDING)


async def change_role(
    services: Services,
    me: User,
    fid: int,
    person_id: int,
    role: str | None,
    access_changed: AccessChanged,
) -> str | None:
    """`me` gives person `person_id` `role` in forum `fid`, changes it, or takes it away
    (None); returns the role they hold now. Taking it away also takes them off every drafting
    group and guided statement of the forum, in the same transaction: a place without a role
    would list statements they may not open and bring them notices about them. A changed role
    keeps the places; the permission table reads them with the new role.

    Refuses 404 `no_such_forum`, 403 `not_a_facilitator`, 404 `no_such_person`."""
    async with services.store() as db, db.begin():
        await managed_forum(db, fid, me.id, Action.MANAGE_PEOPLE)
        person = await _person(db, person_id)
        before = await people.role_held(db, fid, person.id)
        if before == role:
            return before
        # Taking the role away takes what it gave: their drafting groups and guided statements.
        taken = await people.change_role(db, fid, person.id, role, before)
        now = datetime.now(UTC)
        changed = Happened(
            what=What.ROLE,
            at=now,
            actor_id=me.id,
            forum_id=fid,
            subject_id=person.id,
            from_value=before,
            to_value=role or "none",
        )
        await record(db, changed)
        # Each place lost with the role is a record of its own, as if taken off by hand.
        for what, statement_ids in (
            (What.LEAVE, taken.drafting_groups),
            (What.UNGUIDE, taken.guided),
        ):
            for sid in statement_ids:
                await record(
                    db,
                    Happened(
                        what=what,
                        at=now,
                        actor_id=me.id,
                        forum_id=fid,
                        statement_id=sid,
                        subject_id=person.id,
                        reason=LOST_ROLE,
                    ),
                )
    # What they may open changed: their events and lists follow, and their open editors take
    # or stop taking edits at once (or close, on a statement they may no longer open).
    await access_changed(person_id, ROLE_CHANGED)
    await services.announcer.tell()
    return role


async def managed_forum(db: AsyncSession, fid: int, user_id: int, action: Action) -> Forum:
    """Forum `fid` for one who runs it (`action`: managing its people or its settings);
    refused 404 `no_such_forum`, 403 `not_a_facilitator`."""
    standing = await forum_standing_toward(db, fid, user_id)
    if not standing.may(action):
        raise Refused(403, say("not_a_facilitator"))
    return standing.forum


@tells(What.JOIN, What.LEAVE, What.GUIDE, What.UNGUIDE, What.REVIEW, What.UNREVIEW)
async def _tell_statement_people(announcer: Announcer, untold: Untold) -> None:
    """Whoever watches the statement reloads its people."""
    sid = untold.happened.statement_id
    assert sid is not None
    announcer.events.publish(sid, StatementPeopleChanged(statement_id=sid))
