"""A person's standing toward a statement or a forum, or the error that says why they have none:
the permission checks every route of a statement or forum starts with. Not routes: the routes
of several resources share them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from server.api.errors import ApiError
from server.db import statements as queries
from server.db.statements import ForumStanding, Standing
from server.domain.messages import say
from server.domain.roles import Action

_REFUSED = {
    Action.VIEW_AUDIT_LOG: "The audit log is for the drafting group, the Steering Group and "
    "facilitators.",
}


async def viewable_standing(
    session: AsyncSession, sid: int, user_id: int, action: Action = Action.VIEW_STATEMENT
) -> Standing:
    """The person's standing toward statement `sid`: 404 when there is none, 403 (saying why)
    when they may not see it, or not do `action` with it."""
    standing = await queries.standing(session, sid, user_id)
    if standing is None:
        raise ApiError(404, say("no_such_statement", id=sid))
    if not standing.may(Action.VIEW_STATEMENT):
        raise ApiError(403, say("not_in_group"))
    if not standing.may(action):
        raise ApiError(
            403,
            _REFUSED.get(action, "You may not do this with this statement."),
            code=f"may_not_{action.value}",
        )
    return standing


async def forum_standing(session: AsyncSession, fid: int, user_id: int) -> ForumStanding:
    """The person's standing in forum `fid`; 404 when there is no such forum. What they may
    do there is the caller's check: each route refuses in its own words."""
    standing = await queries.forum_standing(session, fid, user_id)
    if standing is None:
        raise ApiError(404, say("no_such_forum", id=fid))
    return standing
