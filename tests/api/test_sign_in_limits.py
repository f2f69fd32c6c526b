"""Sign-in limits under load, through a real server: parallel guesses and a crowded venue."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from tests.support.servers import Server

# Every request here is bounded: one answer within this many seconds, or the test fails.
TIMEOUT = httpx.Timeout(60.0)


async def _sign_in(http: httpx.AsyncClient, email: str, password: str) -> int:
    answer = await http.post("/api/session", json={"email": email, "password": password})
    if answer.status_code == 429:
        assert answer.json()["error"]["code"] == "too_many_attempts"
    return answer.status_code


@pytest.mark.anyio
async def test_parallel_wrong_passwords_for_one_account_get_five_tries(server: Server) -> None:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=TIMEOUT) as http:
        answers = await asyncio.gather(
            *(_sign_in(http, "amina@example.org", f"guess {n}") for n in range(40))
        )
    counts = Counter(answers)
    assert counts[401] <= 5, counts
    assert counts[401] + counts[429] == 40, counts
