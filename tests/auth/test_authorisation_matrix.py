"""Every route and websocket upgrade × every kind of person, against one real server.

The expectations are `authorisation_table.ROWS`; a route the app serves without a row there
fails `test_every_route_has_a_row`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from pycrdt import Decoder
from starlette.routing import Mount, Route, WebSocketRoute
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.app import create_app
from server.collab.protocol import WRITABLE
from server.config import Settings
from tests.auth.authorisation_table import (
    BRAZIL_LINE,
    COMMENT_THREAD,
    DISPUTE_THREAD,
    OPEN,
    PEOPLE,
    READ_ONLY,
    ROWS,
    STATEMENT,
    Row,
)
from tests.support.servers import Server, Template, new_server
from tests.support.yclient import wait_until, yclient

# The built client's static files at the root, public by nature (no user data in them).
PUBLIC_MOUNTS = {""}


@pytest.fixture(scope="module")
def matrix_server(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = new_server(template, tmp_path_factory.mktemp("matrix"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def sessions(matrix_server: Server, template: Template) -> dict[str, tuple[str, str]]:
    """label -> (Cookie header, CSRF token), signed in once per person."""
    passwords = template.accounts()
    found: dict[str, tuple[str, str]] = {}
    for label, email in PEOPLE.items():
        if email is None:
            continue
        answer = httpx.post(
            f"{matrix_server.base_url}/api/session",
            json={"email": email, "password": passwords[email]},
        )
        answer.raise_for_status()
        cookie = "; ".join(f"{k}={v}" for k, v in answer.cookies.items())
        found[label] = (cookie, answer.json()["csrf_token"])
    return found


async def _start_threads(server: Server, cookie: str, csrf: str) -> None:
    """A line in Brazil (empty in the demo) and, on it, a comment then a dispute, through the
    real editor protocol and routes, while the editor keeps the room open."""
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf}
    async with (
        yclient(server, STATEMENT, cookie) as editor,
        httpx.AsyncClient(base_url=server.base_url, headers=headers, timeout=10) as http,
    ):
        await editor.edit(BRAZIL_LINE)
        # The room has the line once another editor receives it.
        async with yclient(server, STATEMENT, cookie) as other:
            await wait_until(lambda: BRAZIL_LINE in other.text, what="the line in the room")
        started = []
        for path, body in (
            ("threads", {"start": 0, "end": 6, "text": "Matrix comment"}),
            ("disputes", {"start": 7, "end": 11, "reason": "Matrix dispute"}),
        ):
            answer = await http.post(f"/api/statements/{STATEMENT}/{path}", json=body)
            assert answer.status_code == 201, answer.text
            started.append(answer.json()["thread"]["id"])
    assert started == [COMMENT_THREAD, DISPUTE_THREAD]


@pytest.fixture(scope="module")
def threads_started(matrix_server: Server, sessions: dict[str, tuple[str, str]]) -> None:
    anyio.run(_start_threads, matrix_server, *sessions["contributor (drafting group)"])


def _declared_routes(tmp_path: Path) -> set[tuple[str, str]]:
    app = create_app(
        Settings(data_dir=tmp_path, database_url="sqlite+aiosqlite://", secret_key="x")
    )
    declared: set[tuple[str, str]] = set()
    for route in app.routes:
        if isinstance(route, WebSocketRoute):
            declared.add(("WS", route.path))
        elif isinstance(route, Route):
            for method in route.methods or ():
                if method != "HEAD":
                    declared.add((method, route.path))
        elif isinstance(route, Mount):
            assert route.path in PUBLIC_MOUNTS, f"unexpected mount {route.path}"
    return declared


def test_every_route_has_a_row(tmp_path: Path) -> None:
    tabled = {(row.method, row.path) for row in ROWS}
    missing = _declared_routes(tmp_path) - tabled
    assert not missing, f"routes without a row in the authorisation table: {sorted(missing)}"
    for row in ROWS:
        assert set(row.expected) == set(PEOPLE), f"{row.method} {row.path} misses someone"


def _http_answer(server: Server, row: Row, who: tuple[str, str] | None, n: int) -> int:
    headers = {}
    if who is not None:
        headers["Cookie"] = who[0]
        if not row.extra.get("without_csrf"):
            headers["X-CSRF-Token"] = who[1]
    body = row.body
    if body is not None and "email" in body:
        body = {**body, "email": f"nobody-{n}@example.org"}  # one failure per account
    answer = httpx.request(
        row.method, server.base_url + row.url, headers=headers, json=body, timeout=10
    )
    return answer.status_code


async def _events_answer(server: Server, who: tuple[str, str] | None) -> int | str:
    headers = {"Cookie": who[0]} if who else {}
    async with connect(
        f"{server.ws_url}/ws/events",
        additional_headers=headers,
        origin=server.origin,  # type: ignore[arg-type]
        open_timeout=10,
    ) as ws:
        try:
            with anyio.fail_after(10):
                first = json.loads(await ws.recv())
        except ConnectionClosed:
            return ws.close_code or 0
        return OPEN if first["type"] == "hello" else f"unexpected {first['type']}"


async def _ws_answer(server: Server, row: Row, who: tuple[str, str] | None) -> int | str:
    if row.path == "/ws/events":
        return await _events_answer(server, who)
    async with yclient(
        server, row.url.rsplit("/", 1)[1], who[0] if who else None, saved=True, wait_synced=False
    ) as client:
        await wait_until(
            lambda: client.synced.is_set() or client.closed.is_set(), what="synced or closed"
        )
        if client.closed.is_set():
            return client.close_code or 0
        for message in client.received:
            decoder = Decoder(message)
            if decoder.read_var_uint() == WRITABLE:
                return OPEN if decoder.read_var_uint() == 1 else READ_ONLY
        return OPEN


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method} {r.path}" for r in ROWS])
def test_each_person_gets_the_expected_answer(
    row: Row, matrix_server: Server, sessions: dict[str, tuple[str, str]], threads_started: None
) -> None:
    got: dict[str, int | str] = {}
    for n, label in enumerate(PEOPLE):
        who = sessions.get(label)
        if row.method == "WS":
            got[label] = anyio.run(_ws_answer, matrix_server, row, who)
        else:
            got[label] = _http_answer(matrix_server, row, who, n)
    assert got == row.expected
