"""A pycrdt client speaking the y-websocket protocol to a real server, for tests.

It uses pycrdt's own sync primitives, keeps the close code it was sent, and can send raw bytes
(for hostile-input tests).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
from pycrdt import (
    Doc,
    Text,
    TransactionEvent,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.support.servers import Server


def sign_in(server: Server, email: str, password: str) -> str:
    """The Cookie header of a fresh session (through the real `POST /api/session`)."""
    response = httpx.post(
        f"{server.base_url}/api/session", json={"email": email, "password": password}
    )
    response.raise_for_status()
    return "; ".join(f"{k}={v}" for k, v in response.cookies.items())


class YClient:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.doc = Doc()
        self.body = self.doc.get("body", type=Text)
        self.synced = anyio.Event()
        self.received: list[bytes] = []
        self.close_code: int | None = None
        self.close_reason: str = ""
        self.closed = anyio.Event()
        self._remote = False
        self._outbox: list[bytes] = []
        self.doc.observe(self._on_change)

    def _on_change(self, event: TransactionEvent) -> None:
        if not self._remote:
            self._outbox.append(create_update_message(event.update))

    def type(self, text: str, at: int | None = None) -> None:
        self.body.insert(len(self.body) if at is None else at, text)

    async def flush(self) -> None:
        while self._outbox:
            await self.ws.send(self._outbox.pop(0))

    async def edit(self, text: str, at: int | None = None) -> None:
        self.type(text, at)
        await self.flush()

    async def send_raw(self, data: bytes | str) -> None:
        await self.ws.send(data)

    async def run(self) -> None:
        try:
            await self.ws.send(create_sync_message(self.doc))
            async for message in self.ws:
                assert isinstance(message, bytes)
                self.received.append(message)
                if message[0] != YMessageType.SYNC:
                    continue
                self._remote = True
                try:
                    reply = handle_sync_message(message[1:], self.doc)
                finally:
                    self._remote = False
                if message[1] == YSyncMessageType.SYNC_STEP2:
                    self.synced.set()
                if reply is not None:
                    await self.ws.send(reply)
                await self.flush()
        except ConnectionClosed:
            pass
        finally:
            if self.ws.close_code is not None:
                self.close_code = self.ws.close_code
                self.close_reason = self.ws.close_reason or ""
            self.closed.set()

    @property
    def text(self) -> str:
        return str(self.body)


@asynccontextmanager
async def yclient(
    server: Server,
    statement_id: int | str,
    cookie: str | None,
    *,
    origin: str | None = "",
    saved: bool = False,
    wait_synced: bool = True,
) -> AsyncIterator[YClient]:
    """Connect, run the client in the background, and close it on exit."""
    headers = {"Cookie": cookie} if cookie else {}
    url = f"{server.ws_url}/ws/statements/{statement_id}" + ("?saved=1" if saved else "")
    async with connect(
        url,
        additional_headers=headers,
        origin=(server.origin if origin == "" else origin),  # type: ignore[arg-type]
        max_size=None,
        open_timeout=10,
    ) as ws:
        client = YClient(ws)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(client.run)
            if wait_synced:
                with anyio.fail_after(10):
                    await client.synced.wait()
            try:
                yield client
            finally:
                await ws.close()
                tasks.cancel_scope.cancel()


async def wait_until(
    condition: Callable[[], Any], timeout: float = 10, what: str = "condition"
) -> None:
    """Wait for `condition()` to be truthy, with a deadline; fail with what was last seen."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return
        await anyio.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")
