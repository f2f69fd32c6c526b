"""A person's standing toward a statement, or the refusal that says why they have none: the
permission check that every action on a statement starts with."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.refusals import Refused
from server.db import statements as queries
from server.db.statements import ForumStanding, Standing
from server.domain.messages import Message, say
from server.domain.roles import Action

_REFUSED = {
    Action.VIEW_AUDIT_LOG: "The audit log is for the drafting group, the Steering Group and "
    "facilitators.",
}


async def standing_toward(
    db: AsyncSession, sid: int, user_id: int, action: Action = Action.VIEW_STATEMENT
) -> Standing:
    """The person's standing toward statement `sid`: refused with 404 when there is none, 403
    (saying why) when they may not see it, or not do `action` with it."""
    standing = await queries.standing(db, sid, user_id)
    if standing is None:
        raise Refused(404, say("no_such_statement", id=sid))
    if not standing.may(Action.VIEW_STATEMENT):
        raise Refused(403, say("not_in_group"))
    if not standing.may(action):
        sentence = _REFUSED.get(action, "You may not do this with this statement.")
        raise Refused(403, Message(f"may_not_{action.value}", sentence))
    return standing


async def forum_standing_toward(db: AsyncSession, fid: int, user_id: int) -> ForumStanding:
    """The person's standing in forum `fid`; refused with 404 when there is no such forum.
    What they may do there is the caller's check: each action refuses in its own words."""
    standing = await queries.forum_standing(db, fid, user_id)
    if standing is None:
        raise Refused(404, say("no_such_forum", id=fid))
    return standing
