"""`/ws/events`: JSON events for the pages (see schemas/events.py), same rules as the rest.

The upgrade checks the Origin (HTTP 403 before accepting) and the sign-in (4401); a person
hears only about the statements they may open now, as their access changes. Signing out (of
this sign-in or everywhere) closes the connection with 4401, and so does the sign-in's
expiry. The page sends nothing; anything it sends is ignored.

It lives at the app's edge, not in `events/`: it reads the running app (`Chorus`) and follows
the person's access (`edge.access`), while the hub it listens to is handed plain functions.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import anyio
from starlette.websockets import WebSocket, WebSocketDisconnect

from schemas.events import Hello
from server.auth.current import person_of
from server.auth.origins import websocket_origin_allowed
from server.chorus import chorus_of
from server.collab import close_codes
from server.edge.access import follow_person
from server.events.hub import Close, Listener


async def events_socket(websocket: WebSocket) -> None:
    chorus = chorus_of(websocket)
    settings = chorus.settings
    if not websocket_origin_allowed(websocket, settings.allowed_origins):
        await websocket.close(close_codes.POLICY_VIOLATION)  # before accept: HTTP 403
        return
    me = await person_of(websocket, settings.secret_key, chorus.store)
    await websocket.accept()
    if me is None:
        await websocket.close(close_codes.NOT_SIGNED_IN, "not signed in")
        return
    user = me.user
    listener = Listener(user.id, is_site_admin=user.is_site_admin, token_hash=me.token_hash)
    # Subscribed before reading what they hear, so a change of access made meanwhile is not
    # missed: whichever read starts last is the one kept.
    chorus.events.subscribe(listener)
    # The sign-in ends on its own at its expiry; so does this connection (a timer, no task).
    expiry = asyncio.get_running_loop().call_later(
        max(0.0, (me.sign_in_ends - datetime.now(UTC)).total_seconds()),
        listener.close,
        close_codes.NOT_SIGNED_IN,
        "session expired",
    )
    try:
        await follow_person(chorus, user.id)
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
        chorus.events.unsubscribe(listener)
