"""`/ws/statements/{id}`: authorise the upgrade, then run one connection in the statement's room.

A foreign Origin is refused before the handshake (HTTP 403): we do not talk to other sites'
pages at all. The signed-out, non-members and unknown statements get a close code with a reason
after the handshake, so the editor can tell the person what happened and stop retrying.

It lives at the app's edge, not in `collab/`: it puts the app's parts together (settings, the
admissions batcher, the rooms, the count of access changes), while the rooms and connections it
runs know nothing of the app.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import anyio
from starlette.websockets import WebSocket

from server.auth.current import sign_in_token
from server.auth.origins import websocket_origin_allowed
from server.auth.sign_ins import token_hash
from server.chorus import Chorus, chorus_of
from server.collab import close_codes
from server.collab.connection import Connection, TokenBucket
from server.collab.direct_send import DirectSend
from server.collab.open_editors import reconsider_person
from server.collab.rooms import Room, may_write
from server.db import people
from server.db import statements as queries
from server.domain.roles import Action

log = logging.getLogger("chorus.ws")

WRITER_DRAIN_SECONDS = 5.0


async def statement_socket(websocket: WebSocket) -> None:
    chorus = chorus_of(websocket)
    settings = chorus.settings
    if not websocket_origin_allowed(websocket, settings.allowed_origins):
        log.warning("refused websocket from origin %r", websocket.headers.get("origin"))
        await websocket.close(close_codes.POLICY_VIOLATION)  # before accept: HTTP 403
        return
    # Accepted before the person is looked up: the editor sends its first sync message at
    # once, and it waits here while the look-up runs instead of a round trip after it. Nothing
    # it sends is read before the checks below.
    await websocket.accept()
    sid = queries.parse_statement_id(websocket.path_params["statement_id"])
    access_changes = chorus.access_changes  # before anything about the person is read
    user_id = None
    standing = None
    sign_in_ends = None
    token = sign_in_token(settings.secret_key, websocket)
    hashed = token_hash(token) if token is not None else None
    if hashed is not None:
        # Asked together with every other editor knocking now: after a restart they all do.
        admitted = await chorus.admissions.get((hashed, sid))
        user_id, standing, sign_in_ends = admitted.user_id, admitted.standing, admitted.sign_in_ends
    if user_id is None or sign_in_ends is None:
        await websocket.close(close_codes.NOT_SIGNED_IN, "not signed in")
        return
    if standing is None:
        await websocket.close(close_codes.NO_SUCH_STATEMENT, "no such statement")
        return
    if not standing.may(Action.VIEW_STATEMENT):
        await websocket.close(close_codes.NOT_ALLOWED, "not in this statement's drafting group")
        return

    room = await chorus.rooms.open(standing.statement_id)
    connection = Connection(
        websocket,
        user_id=user_id,
        # The person's right alone: the statement's state is the room's to decide, at the
        # join, since a step may have moved it since `standing` was read.
        may_write=may_write(standing),
        wants_saved=websocket.query_params.get("saved") == "1",
        queue_limit=settings.send_queue_limit,
        max_message_bytes=settings.max_message_bytes,
        bucket=TokenBucket(settings.messages_per_second, settings.message_burst),
        direct=DirectSend.of(websocket.scope),
        token_hash=hashed,
    )
    room.join(connection)
    # The sign-in ends on its own at its expiry: the editor stops there too. A timer, not a
    # task: nothing runs until then, and it goes with the connection.
    expiry = asyncio.get_running_loop().call_later(
        max(0.0, (sign_in_ends - datetime.now(UTC)).total_seconds()),
        connection.close,
        close_codes.NOT_SIGNED_IN,
        "session expired",
    )
    try:
        if chorus.access_changes != access_changes and token is not None:
            # Someone's access changed (or someone signed out) while this one was read and
            # joined: if it was this person's, the change found no connection of theirs to
            # update. Now it would.
            await _check_again(chorus, token, user_id, connection)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(connection.write_forever)
            # The reader is a task of its own: each message then resumes its few frames, not
            # the whole middleware stack's above this handler.
            tasks.start_soon(_read, connection, room, tasks.cancel_scope)
    finally:
        expiry.cancel()
        room.leave(connection)


async def _read(connection: Connection, room: Room, tasks: anyio.CancelScope) -> None:
    """Feed the room until the peer leaves or the connection is closed; then stop the writer
    at once, or once it has sent the close frame (never waiting forever on a dead peer)."""
    try:
        await connection.read_until_closed(room)
    except Exception:
        log.exception(
            "connection failed (statement %s, user %s)", room.statement_id, connection.user_id
        )
        connection.close(close_codes.INTERNAL_ERROR, "internal error")
    if connection.closing is None:
        tasks.cancel()  # the peer left: nothing more to send
    else:
        tasks.deadline = anyio.current_time() + WRITER_DRAIN_SECONDS


async def _check_again(chorus: Chorus, token: str, user_id: int, connection: Connection) -> None:
    """Bring this person's connections in line with what is stored now (after a join)."""
    async with chorus.store() as db:
        still = await people.signed_in_user_id(db, token_hash(token), datetime.now(UTC))
    if still != user_id:
        connection.close(close_codes.NOT_SIGNED_IN, "signed out")
        return
    await reconsider_person(chorus.rooms, chorus.store, user_id, None)
