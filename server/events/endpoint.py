"""`/ws/events`: JSON events for the pages (see schemas/events.py), same rules as the rest.

The upgrade checks the Origin (HTTP 403 before accepting) and the session (4401); a person
hears only about the statements they may open now, as their access changes. Signing out (of
this session or everywhere) closes the connection with 4401, and so does the session's
expiry. The page sends nothing; anything it sends is ignored.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import anyio
from starlette.websockets import WebSocket, WebSocketDisconnect

from schemas.events import Hello
from server.api.access import follow_person
from server.auth.current import session_token
from server.auth.origins import websocket_origin_allowed
from server.auth.sessions import token_hash
from server.collab import close_codes
from server.db import people
from server.events.hub import Close, Listener
from server.state import app_state


async def events_socket(websocket: WebSocket) -> None:
    state = app_state(websocket)
    settings = state.settings
    if not websocket_origin_allowed(websocket, settings.allowed_origins):
        await websocket.close(close_codes.POLICY_VIOLATION)  # before accept: HTTP 403
        return
    token = session_token(settings.secret_key, websocket)
    hashed = token_hash(token) if token is not None else None
    found = None
    if hashed is not None:
        async with state.sessions() as session:
            found = await people.signed_in_user(session, hashed, datetime.now(UTC))
    await websocket.accept()
    if found is None:
        await websocket.close(close_codes.NOT_SIGNED_IN, "not signed in")
        return
    user, auth = found
    listener = Listener(user.id, is_site_admin=user.is_site_admin, token_hash=hashed)
    # Subscribed before reading what they hear, so a change of access made meanwhile is not
    # missed: whichever read starts last is the one kept.
    state.events.subscribe(listener)
    # The session ends on its own at its expiry; so does this connection (a timer, no task).
    expiry = asyncio.get_running_loop().call_later(
        max(0.0, (people.in_utc(auth.expires_at) - datetime.now(UTC)).total_seconds()),
        listener.close,
        close_codes.NOT_SIGNED_IN,
        "session expired",
    )
    try:
        await follow_person(state, user.id)
        await websocket.send_text(
            Hello(statement_ids=sorted(listener.statement_ids)).model_dump_json()
        )
        async with anyio.create_task_group() as tasks:

            async def drain_incoming() -> None:
                try:
                    while (await websocket.receive())["type"] != "websocket.disconnect":
                        pass
                except WebSocketDisconnect:
                    pass
                tasks.cancel_scope.cancel()

            tasks.start_soon(drain_incoming)
            while True:
                sent = await listener.next()
                if isinstance(sent, Close):
                    await websocket.close(sent.code, sent.reason)
                    break
                await websocket.send_text(sent)
            tasks.cancel_scope.cancel()
    except (WebSocketDisconnect, OSError, RuntimeError):
        pass
    finally:
        expiry.cancel()
        state.events.unsubscribe(listener)
