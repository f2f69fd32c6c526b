"""Sign-in, sessions and CSRF through real HTTP."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import anyio
import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.collab import close_codes
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server, Template, new_server
from tests.support.yclient import wait_until, yclient


def _sign_in(http: httpx.Client, email: str, password: str) -> httpx.Response:
    return http.post("/api/session", json={"email": email, "password": password})


def test_sign_in_sets_a_safe_session_cookie(server: Server, accounts: dict[str, str]) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        response = _sign_in(http, "Amina@Example.org ", accounts["amina@example.org"])
        assert response.status_code == 200
        body = response.json()
        assert body["user"]["name"] == "Amina Yusuf"
        assert body["csrf_token"]
        cookie = response.headers["set-cookie"].lower()
        assert "chorus_session=" in cookie
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
        assert http.get("/api/session").json()["user"]["email"] == "amina@example.org"


def test_session_is_rotated_at_every_sign_in(server: Server, accounts: dict[str, str]) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        _sign_in(http, "amina@example.org", accounts["amina@example.org"])
        first = http.cookies["chorus_session"]
        _sign_in(http, "amina@example.org", accounts["amina@example.org"])
        second = http.cookies["chorus_session"]
    assert first != second
    old = httpx.get(f"{server.base_url}/api/session", cookies={"chorus_session": first})
    assert old.status_code == 401  # the old session ended with the new sign-in


@pytest.mark.parametrize(
    ("email", "password"),
    [("amina@example.org", "wrong password"), ("nobody@example.org", "whatever")],
)
def test_wrong_credentials_are_refused_with_one_message(
    server: Server, email: str, password: str
) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        response = _sign_in(http, email, password)
        assert response.status_code == 401
        assert response.json() == {
            "error": {
                "code": "bad_credentials",
                "message": "Wrong email or password.",
                "field": None,
                "params": {},
                "reasons": [],
            }
        }
        assert "chorus_session" not in http.cookies


@pytest.mark.parametrize(
    ("content", "headers", "status", "field"),
    [
        (b"{not json", {"content-type": "application/json"}, 400, None),
        (b'{"email": "amina@example.org"}', {"content-type": "application/json"}, 422, "password"),
        (b"email=a&password=b", {"content-type": "application/x-www-form-urlencoded"}, 415, None),
    ],
)
def test_bad_sign_in_bodies_get_clear_errors(
    server: Server, content: bytes, headers: dict[str, str], status: int, field: str | None
) -> None:
    response = httpx.post(f"{server.base_url}/api/session", content=content, headers=headers)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["message"] and error["field"] == field


def test_sign_out_needs_the_csrf_token(server: Server, accounts: dict[str, str]) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        csrf = _sign_in(http, "mei@example.org", accounts["mei@example.org"]).json()["csrf_token"]
        refused = http.delete("/api/session")
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf"
        wrong = http.delete("/api/session", headers={"x-csrf-token": "forged"})
        assert wrong.status_code == 403
        assert http.get("/api/session").status_code == 200  # still signed in
        assert http.delete("/api/session", headers={"x-csrf-token": csrf}).status_code == 204
        assert http.get("/api/session").status_code == 401


def test_pages_carry_security_headers(server: Server) -> None:
    response = httpx.get(f"{server.base_url}/api/session")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_sign_in_is_rate_limited_per_account_with_the_wait_in_words(
    server: Server, accounts: dict[str, str]
) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        for _ in range(5):
            assert _sign_in(http, "amina@example.org", "not her password").status_code == 401
        # Now even the right password waits: the account is locked for a while.
        locked = _sign_in(http, "amina@example.org", accounts["amina@example.org"])
        assert locked.status_code == 429
        message = locked.json()["error"]["message"]
        assert message.startswith("Too many attempts. Try again in ") and message.endswith(" s.")
        wait = int(locked.headers["retry-after"])
        assert 1 <= wait <= 60
        # The wait as a number too, so a page says it in the reader's language.
        error = locked.json()["error"]
        assert (error["code"], error["params"]) == ("too_many_attempts", {"seconds": wait})
        assert error["reasons"] == [
            {"code": "retry_in_seconds", "message": message, "params": {"seconds": wait}}
        ]
        # Another account from the same address is not locked by her failures.
        other = _sign_in(http, "lucas@example.org", accounts["lucas@example.org"])
        assert other.status_code == 200


@pytest.mark.anyio
async def test_sign_out_everywhere_ends_every_session_and_closes_editors(
    server: Server, accounts: dict[str, str]
) -> None:
    password = accounts["amina@example.org"]
    with (
        signed_in_as(server, "amina@example.org", password) as laptop,
        signed_in_as(server, "amina@example.org", password) as phone,
    ):
        async with yclient(server, 1, cookie_of(phone)) as editor:
            answer = laptop.delete("/api/sessions")
            assert answer.status_code == 200
            assert answer.json()["sessions_ended"] >= 2
            await wait_until(lambda: editor.closed.is_set(), what="the phone's editor closed")
            assert editor.close_code == close_codes.NOT_SIGNED_IN
        assert laptop.get("/api/session").status_code == 401
        assert phone.get("/api/session").status_code == 401


@pytest.mark.anyio
async def test_signing_out_closes_that_sessions_editors_and_their_edits_never_land(
    server: Server, accounts: dict[str, str]
) -> None:
    password = accounts["amina@example.org"]
    with (
        signed_in_as(server, "amina@example.org", password) as laptop,
        signed_in_as(server, "amina@example.org", password) as phone,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
    ):
        async with (
            yclient(server, 1, cookie_of(laptop)) as left_open,
            yclient(server, 1, cookie_of(phone)) as on_phone,
            yclient(server, 1, cookie_of(lucas)) as other,
        ):
            assert laptop.delete("/api/session").status_code == 204
            # Sent at once, before the close frame can have reached the client.
            with contextlib.suppress(ConnectionClosed):
                await left_open.edit(" [after signing out]")
            await wait_until(lambda: left_open.closed.is_set(), what="the editor closed")
            assert left_open.close_code == close_codes.NOT_SIGNED_IN

            # Her other session still edits; what it writes arrives, the signed-out one's not.
            await on_phone.edit(" [from the phone]")
            await wait_until(lambda: "[from the phone]" in other.text, what="the phone's edit")
            assert "[after signing out]" not in other.text
            assert not on_phone.closed.is_set()
        async with yclient(server, 1, cookie_of(lucas)) as fresh:
            assert "[from the phone]" in fresh.text
            assert "[after signing out]" not in fresh.text


@pytest.mark.anyio
async def test_an_expired_session_closes_its_open_sockets(
    template: Template, tmp_path: Path, accounts: dict[str, str]
) -> None:
    lifetime = 6.0
    short = new_server(template, tmp_path, {"CHORUS_SESSION_SECONDS": str(lifetime)})
    short.start()
    try:
        with signed_in_as(short, "amina@example.org", accounts["amina@example.org"]) as http:
            signed_in_at = time.monotonic()
            cookie = cookie_of(http)
            async with (
                yclient(short, 1, cookie) as editor,
                connect(
                    f"{short.ws_url}/ws/events",
                    additional_headers={"Cookie": cookie},
                    origin=short.origin,  # type: ignore[arg-type]
                ) as events,
            ):
                assert json.loads(await events.recv())["type"] == "hello"
                assert time.monotonic() - signed_in_at < lifetime  # opened while it was live
                await wait_until(
                    lambda: editor.closed.is_set(), timeout=lifetime + 10, what="the editor closed"
                )
                assert editor.close_code == close_codes.NOT_SIGNED_IN
                assert editor.close_reason == "session expired"
                with anyio.fail_after(10), contextlib.suppress(ConnectionClosed):
                    while True:
                        await events.recv()
                assert events.close_code == close_codes.NOT_SIGNED_IN
            assert http.get("/api/session").status_code == 401
    finally:
        short.stop()
