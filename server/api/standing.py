"""A person's standing toward a statement or a forum, or the error that says why they have none:
the permission checks every route of a statement or forum starts with. Not routes: the routes
of several resources share them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.standing import standing_toward
from server.api.errors import ApiError
from server.db import statements as queries
from server.db.statements import ForumStanding
from server.domain.messages import say

# The statement check is the actions' own: one refusal for both.
viewable_standing = standing_toward


async def forum_standing(session: AsyncSession, fid: int, user_id: int) -> ForumStanding:
    """The person's standing in forum `fid`; 404 when there is no such forum. What they may
    do there is the caller's check: each route refuses in its own words."""
    standing = await queries.forum_standing(session, fid, user_id)
    if standing is None:
        raise ApiError(404, say("no_such_forum", id=fid))
    return standing
