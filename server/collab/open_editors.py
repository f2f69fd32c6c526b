"""Open editors follow changes of who may write: after a step in the lifecycle, a role change
or a change of drafting group, the rooms concerned are told at once (no reload)."""

from __future__ import annotations

from server.collab import close_codes
from server.collab.rooms import Room, may_write
from server.db import statements as queries
from server.db.statements import Standing
from server.domain.messages import Message
from server.domain.roles import Action
from server.state import AppState


async def _standings(state: AppState, room: Room) -> dict[int, Standing | None]:
    """The standing of everyone connected to `room`, read in one session."""
    async with state.sessions() as session:
        return {
            user_id: await queries.standing(session, room.statement_id, user_id)
            for user_id in {peer.user_id for peer in room.peers}
        }


def _writers(standings: dict[int, Standing | None]) -> set[int]:
    # The people's own rights: whether the statement's state lets them write is the room's.
    return {user_id for user_id, found in standings.items() if found and may_write(found)}


async def reconsider_person(state: AppState, user_id: int, reason: Message | None) -> None:
    """After this person's place changed: their editors of statements they may no longer open
    close (4403); the others write or stop writing as their standing now says."""
    for room in state.rooms.joined_by(user_id):
        standings = await _standings(state, room)
        found = standings.get(user_id)
        if found is None or not found.may(Action.VIEW_STATEMENT):
            room.close_person(user_id, close_codes.NOT_ALLOWED, "no longer allowed to open this")
        else:
            room.switch_writing(_writers(standings), reason)
