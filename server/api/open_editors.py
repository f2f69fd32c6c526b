"""Open editors follow changes of who may write: after a step in the lifecycle, a role change
or a change of drafting group, the rooms concerned are told at once (no reload)."""

from __future__ import annotations

from server.collab import close_codes
from server.collab.rooms import Room
from server.db import statements as queries
from server.domain.roles import Action
from server.state import AppState


async def writers_of(state: AppState, room: Room) -> set[int]:
    """The people connected to `room` whose edits are applied now."""
    writers = set()
    async with state.sessions() as session:
        for user_id in {peer.user_id for peer in room.peers}:
            found = await queries.standing(session, room.statement_id, user_id)
            if found is not None and found.can_write:
                writers.add(user_id)
    return writers


async def reconsider_person(state: AppState, user_id: int, reason: str) -> None:
    """After this person's place changed: their editors of statements they may no longer open
    close (4403); the others write or stop writing as their standing now says."""
    for room in state.rooms.joined_by(user_id):
        async with state.sessions() as session:
            found = await queries.standing(session, room.statement_id, user_id)
        if found is None or not found.may(Action.VIEW_STATEMENT):
            room.close_person(user_id, close_codes.NOT_ALLOWED, "no longer allowed to open this")
        else:
            room.switch_writing(await writers_of(state, room), reason)
