"""Authorisation at the websocket upgrade: session cookie, allowed Origin, drafting group."""

from __future__ import annotations

import httpx
import pytest
from websockets.exceptions import InvalidStatus

from server.collab import close_codes
from tests.support.servers import Server, new_server
from tests.support.yclient import sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA, BRAZIL = 1, 2


async def _close_code(server: Server, statement: int | str, cookie: str | None) -> int | None:
    async with yclient(server, statement, cookie, wait_synced=False) as client:
        await wait_until(client.closed.is_set, what="the server's close")
        return client.close_code


async def test_no_cookie_is_refused(server: Server) -> None:
    assert await _close_code(server, KENYA, None) == close_codes.NOT_SIGNED_IN


async def test_forged_cookie_is_refused(server: Server) -> None:
    forged = "chorus_session=not-a-signed-token"
    assert await _close_code(server, KENYA, forged) == close_codes.NOT_SIGNED_IN


async def test_signed_out_cookie_is_refused(server: Server, accounts: dict[str, str]) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        me = http.post(
            "/api/session",
            json={"email": "mei@example.org", "password": accounts["mei@example.org"]},
        ).json()
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        assert (
            http.delete("/api/session", headers={"x-csrf-token": me["csrf_token"]}).status_code
            == 204
        )
    assert await _close_code(server, KENYA, cookie) == close_codes.NOT_SIGNED_IN


async def test_non_member_is_refused(server: Server, accounts: dict[str, str]) -> None:
    mei = sign_in(server, "mei@example.org", accounts["mei@example.org"])
    assert await _close_code(server, BRAZIL, mei) == close_codes.NOT_ALLOWED


async def test_unknown_statement_is_refused(server: Server, accounts: dict[str, str]) -> None:
    mei = sign_in(server, "mei@example.org", accounts["mei@example.org"])
    assert await _close_code(server, 99999, mei) == close_codes.NO_SUCH_STATEMENT
    assert await _close_code(server, "kenya", mei) == close_codes.NO_SUCH_STATEMENT


@pytest.mark.parametrize("origin", ["http://evil.example", None, "http://127.0.0.1:1"])
async def test_foreign_or_missing_origin_is_refused_before_the_handshake(
    server: Server, accounts: dict[str, str], origin: str | None
) -> None:
    mei = sign_in(server, "mei@example.org", accounts["mei@example.org"])
    with pytest.raises(InvalidStatus) as refused:
        async with yclient(server, KENYA, mei, origin=origin, wait_synced=False):
            pass
    assert refused.value.response.status_code == 403


async def test_allowed_origins_setting_adds_an_origin(
    template: object, tmp_path: object, accounts: dict[str, str]
) -> None:
    srv = new_server(template, tmp_path, {"CHORUS_ALLOWED_ORIGINS": "https://chorus.example.org"})  # type: ignore[arg-type]
    srv.start()
    try:
        mei = sign_in(srv, "mei@example.org", accounts["mei@example.org"])
        async with yclient(srv, KENYA, mei, origin="https://chorus.example.org") as client:
            assert "Kenya" in client.text
    finally:
        srv.stop()
