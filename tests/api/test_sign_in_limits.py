"""Sign-in limits under load, through a real server: parallel guesses and a crowded venue."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest

from server.auth.passwords import hash_password
from server.config import load_settings
from server.db import engine as db_engine
from server.db import people
from server.sealing import key_ring_of
from tests.support.servers import Server, Template, new_server

# Every request here is bounded: one answer within this many seconds, or the test fails.
TIMEOUT = httpx.Timeout(60.0)


async def _sign_in(http: httpx.AsyncClient, email: str, password: str) -> int:
    answer = await http.post("/api/session", json={"email": email, "password": password})
    if answer.status_code == 429:
        assert answer.json()["error"]["code"] == "too_many_attempts"
    return answer.status_code


async def _add_people(server: Server, count: int, password: str) -> list[str]:
    """``count`` new accounts with ``password`` in the server's database, through the app's
    own query module; returns their emails."""
    settings = load_settings(server.env)
    password_hash = await hash_password(password)  # one hash: every check costs the same
    emails = [f"delegate{n}@example.org" for n in range(count)]
    engine = db_engine.create_engine(settings)
    try:
        async with db_engine.sessionmaker(engine)() as session, session.begin():
            for n, email in enumerate(emails):
                await people.create_user(
                    session,
                    key_ring_of(settings),
                    email=email,
                    name=f"Delegate {n}",
                    password_hash=password_hash,
                )
    finally:
        await engine.dispose()
    return emails


@pytest.mark.anyio
async def test_parallel_wrong_passwords_for_one_account_get_five_tries(server: Server) -> None:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=TIMEOUT) as http:
        answers = await asyncio.gather(
            *(_sign_in(http, "amina@example.org", f"guess {n}") for n in range(40))
        )
    counts = Counter(answers)
    assert counts[401] <= 5, counts
    assert counts[401] + counts[429] == 40, counts


@pytest.mark.anyio
async def test_a_venue_where_everyone_mistypes_once_gets_everyone_in(server: Server) -> None:
    # More people behind one address than a plain count of 20 failures would let in.
    password = "river of many voices"
    emails = await _add_people(server, 30, password)

    async def mistype_then_sign_in(http: httpx.AsyncClient, email: str) -> tuple[int, int]:
        return (
            await _sign_in(http, email, password + " typo"),
            await _sign_in(http, email, password),
        )

    async with httpx.AsyncClient(base_url=server.base_url, timeout=TIMEOUT) as http:
        answers = await asyncio.gather(*(mistype_then_sign_in(http, e) for e in emails))
    assert answers == [(401, 200)] * len(emails)


@pytest.mark.anyio
async def test_a_guesser_at_a_venue_is_stopped_while_people_already_in_get_in(
    server: Server, accounts: dict[str, str]
) -> None:
    regulars = ["mei@example.org", "lucas@example.org", "sofia@example.org"]
    async with httpx.AsyncClient(base_url=server.base_url, timeout=TIMEOUT) as http:
        for email in regulars:
            assert await _sign_in(http, email, accounts[email]) == 200
        # Five passwords on each of 20 accounts, all at once, from the same address.
        guesses = await asyncio.gather(
            *(_sign_in(http, f"target{n // 5}@example.org", f"guess {n}") for n in range(100))
        )
        counts = Counter(guesses)
        assert counts[429] > 0 and counts[401] <= 80, counts
        assert counts[401] + counts[429] == 100, counts
        # Someone not yet signed in from here waits with the guesser...
        assert await _sign_in(http, "amina@example.org", accounts["amina@example.org"]) == 429
        # ...while those already in get in, typos and all.
        for email in regulars:
            assert await _sign_in(http, email, "a typo") == 401
            assert await _sign_in(http, email, accounts[email]) == 200


# Two visitors behind one proxy on another loopback address (as a proxy in front of the
# container reaches the app from the Docker network's gateway, not from 127.0.0.1).
PROXY = "127.0.0.2"
ELSEWHERE = "127.0.0.3"


def _from(address: str, server: Server) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=server.base_url, timeout=TIMEOUT, transport=transport)


async def _guess_from(http: httpx.AsyncClient, n: int, visitor: str) -> int:
    answer = await http.post(
        "/api/session",
        json={"email": f"nobody{n}@example.org", "password": "guess"},
        headers={"X-Forwarded-For": visitor},
    )
    return answer.status_code


@pytest.mark.anyio
async def test_two_visitors_behind_a_trusted_proxy_are_limited_apart(
    template: Template, tmp_path: Path
) -> None:
    server = new_server(template, tmp_path, {"CHORUS_FORWARDED_ALLOW_IPS": PROXY})
    server.start()
    try:
        async with _from(PROXY, server) as proxy:
            # One visitor spends the address budget (80 failures, each on its own account)...
            first = await asyncio.gather(*(_guess_from(proxy, n, "203.0.113.5") for n in range(80)))
            assert Counter(first) == {401: 80}, Counter(first)
            assert await _guess_from(proxy, 80, "203.0.113.5") == 429
            # ...and the next visitor through the same proxy is not held back by it.
            assert await _guess_from(proxy, 81, "203.0.113.6") == 401
        # A hop that is not trusted gains nothing by naming other addresses: it is counted as
        # itself, whatever X-Forwarded-For it sends.
        async with _from(ELSEWHERE, server) as forger:
            forged = await asyncio.gather(
                *(_guess_from(forger, 100 + n, f"198.51.100.{n}") for n in range(80))
            )
            assert Counter(forged) == {401: 80}, Counter(forged)
            assert await _guess_from(forger, 180, "198.51.100.200") == 429
    finally:
        server.stop()
