"""Sign-in, sessions and CSRF through real HTTP."""

from __future__ import annotations

import httpx
import pytest

from server.collab import close_codes
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
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
