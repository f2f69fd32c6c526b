"""Hand each message from an editor's socket to its connection as it arrives.

Through ASGI, uvicorn's websocket protocol puts every message in a queue, stops reading the
socket until the app has taken it, and wakes the app's task to take it: a queue, a task switch
and two changes of what the event loop watches, for every keystroke. Here the connection's
handler is called from the protocol itself, in the same callback that parsed the frame, and
the socket is never paused (the handler takes the message at once, so nothing waits).

Like `direct_send`, this only works with uvicorn's websockets (sans-I/O) protocol, pinned in
pyproject.toml; anything else keeps the ASGI receive, and correctness never depends on this
path. Messages that were queued before the handler was installed are handed over first, in
order; a disconnect still goes through the queue, to the connection's reader.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from starlette.types import Scope

from server.collab.direct_send import sansio_protocol

log = logging.getLogger("chorus.direct_receive")

DIRECT_NOTICE = "websocket messages go straight from the sockets to the rooms"

# A message's bytes, or None for a text frame (not part of the protocol).
OnMessage = Callable[[bytes | None], None]


class DirectReceive:
    _announced = False  # the first connection of the process to use it is logged

    @classmethod
    def install(cls, scope: Scope, on_message: OnMessage) -> bool:
        """From now on, call `on_message` with each message of this connection as it arrives;
        False (and nothing changed) when the server's protocol is not one this supports."""
        protocol = sansio_protocol(scope)  # its internals, as uvicorn 0.54 has them
        if protocol is None or not all(
            hasattr(protocol, a) for a in ("frames", "curr_msg_data_type", "queue")
        ):
            return False
        queue = protocol.queue
        waiting: list[Any] = []
        while not queue.empty():
            waiting.append(queue.get_nowait())
        for event in waiting:
            if event["type"] == "websocket.receive":
                on_message(event.get("bytes"))
            else:
                queue.put_nowait(event)  # a disconnect: the reader takes it
        if protocol.read_paused and queue.empty():
            protocol.read_paused = False
            protocol.transport.resume_reading()

        def deliver() -> None:
            frames = protocol.frames
            data = frames[0] if len(frames) == 1 else b"".join(frames)
            protocol.frames = []
            if protocol.close_sent:
                return  # past our close: dropped, as uvicorn does
            on_message(None if protocol.curr_msg_data_type == "text" else data)

        # Shadows the protocol's own method for this connection only.
        protocol.send_receive_event_to_app = deliver
        if not DirectReceive._announced:
            DirectReceive._announced = True
            log.info(DIRECT_NOTICE)
        return True
