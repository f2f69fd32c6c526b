"""Open editors follow changes of who may write: after a step in the lifecycle, a role change
or a change of drafting group, the rooms concerned are told at once (no reload)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from server.collab import close_codes
from server.collab.rooms import Room, Rooms, may_write
from server.db import statements as queries
from server.db.statements import Standing
from server.domain.messages import Message
from server.domain.roles import Action


def _writers(room: Room, standings: dict[tuple[int, int], Standing]) -> set[int]:
    # The people's own rights: whether the statement's state lets them write is the room's.
    return {
        user_id
        for (statement_id, user_id), found in standings.items()
        if statement_id == room.statement_id and may_write(found)
    }


async def reconsider_person(
    rooms: Rooms, store: async_sessionmaker[Any], user_id: int, reason: Message | None
) -> None:
    """After this person's place changed: their editors of statements they may no longer open
    close (4403); the others write or stop writing as their standing now says. Everyone's
    standing in those rooms is read at once (`queries.standings`), not one query per editor."""
    joined = rooms.joined_by(user_id)
    if not joined:
        return
    asked = {(room.statement_id, peer.user_id) for room in joined for peer in room.peers}
    async with store() as db:
        standings = await queries.standings(db, asked)
    for room in joined:
        found = standings.get((room.statement_id, user_id))
        if found is None or not found.may(Action.VIEW_STATEMENT):
            room.close_person(user_id, close_codes.NOT_ALLOWED, "no longer allowed to open this")
        else:
            room.switch_writing(_writers(room, standings), reason)
