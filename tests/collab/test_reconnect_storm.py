"""Every editor reconnecting at once, through a real server: the upgrades' look-ups are answered
in batches (`server.batching`), and each connection must still get its own answer.

Nine people (each a signed-in session), every demo statement and one that does not exist, a
signed-out knock and a session that was signed out: all handshakes at once. Each connection
must end as the statement's own route answers that person one at a time: synced where they may
open it, 4403 where they may not, 4404 where there is no such statement, 4401 when signed out.
"""

from __future__ import annotations

import contextlib

import anyio
import httpx
import pytest

from server.collab import close_codes
from tests.support.http import cookie_of
from tests.support.servers import Server
from tests.support.yclient import YClient, wait_until, yclient

pytestmark = pytest.mark.anyio

NO_SUCH = 9_999


def _expected_close(status: int) -> int | None:
    """The close code an upgrade gets where `GET /api/statements/{id}` answers `status`."""
    return {200: None, 403: close_codes.NOT_ALLOWED, 404: close_codes.NO_SUCH_STATEMENT}[status]


async def _knock(
    server: Server,
    sid: int,
    cookie: str | None,
    ended: dict[object, int | None],
    key: object,
    release: anyio.Event,
) -> None:
    async with yclient(server, sid, cookie, wait_synced=False) as editor:
        await wait_until(
            lambda: editor.synced.is_set() or editor.closed.is_set(),
            timeout=30,
            what="synced or refused",
        )
        ended[key] = _outcome(editor)
        await release.wait()  # hold the connection: everyone is in at once


def _outcome(editor: YClient) -> int | None:
    return editor.close_code if editor.closed.is_set() else None


async def test_everyone_reconnecting_at_once_gets_their_own_answer(
    server: Server, accounts: dict[str, str]
) -> None:
    with contextlib.ExitStack() as stack:
        people: dict[str, httpx.Client] = {}
        for email, password in accounts.items():
            http = stack.enter_context(httpx.Client(base_url=server.base_url, timeout=10))
            http.post("/api/session", json={"email": email, "password": password})
            people[email] = http
        listing = people["admin@example.org"].get("/api/statements")
        statement_ids = [s["id"] for s in listing.json()["statements"]]
        assert len(statement_ids) >= 8
        # What each person may do, asked one at a time through the routes.
        expected: dict[object, int | None] = {}
        for email, http in people.items():
            for sid in [*statement_ids, NO_SUCH]:
                expected[(email, sid)] = _expected_close(
                    http.get(f"/api/statements/{sid}").status_code
                )
        assert set(expected.values()) == {
            None,
            close_codes.NOT_ALLOWED,
            close_codes.NO_SUCH_STATEMENT,
        }
        # A session signed out before the storm: its cookie must open nothing.
        with httpx.Client(base_url=server.base_url, timeout=10) as gone:
            answer = gone.post(
                "/api/session",
                json={"email": "amina@example.org", "password": accounts["amina@example.org"]},
            )
            stale_cookie = cookie_of(gone)
            gone.delete("/api/session", headers={"X-CSRF-Token": answer.json()["csrf_token"]})
        expected[("signed out", statement_ids[0])] = close_codes.NOT_SIGNED_IN
        expected[("nobody", statement_ids[0])] = close_codes.NOT_SIGNED_IN
        cookies = {email: cookie_of(http) for email, http in people.items()}
        cookies["signed out"] = stale_cookie

        ended: dict[object, int | None] = {}
        release = anyio.Event()
        async with anyio.create_task_group() as tasks:
            for key in expected:
                who, sid = key  # type: ignore[misc]
                tasks.start_soon(_knock, server, sid, cookies.get(who), ended, key, release)
            await wait_until(
                lambda: len(ended) == len(expected), timeout=60, what="every knock answered"
            )
            release.set()
    wrong = {key: (ended[key], want) for key, want in expected.items() if ended[key] != want}
    assert not wrong, f"(got, expected) where they differ: {wrong}"
    # One log line a connection, naming the path; not three.
    log = server.log()
    assert log.count('"WebSocket /ws/statements/') >= len(expected)
    assert "connection open" not in log and "connection closed" not in log
