"""A group session's joint statement, started by the Steering Group from the country drafts."""

from __future__ import annotations

from collections import Counter

import anyio
import httpx
import pytest

from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

BRAZIL, GROUP_SESSION = 2, 2


async def test_the_joint_statement_starts_from_the_live_country_drafts(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        refused = lucas.post(f"/api/sessions/{GROUP_SESSION}/joint-statement")
        assert refused.status_code == 403
        async with yclient(server, BRAZIL, cookie_of(lucas)) as brazil:
            await brazil.edit("Brazil's draft, typed just now.")
            await wait_until(lambda: "just now" in brazil.text, what="the edit")
            made = sofia.post(f"/api/sessions/{GROUP_SESSION}/joint-statement")
        assert made.status_code == 201, made.text
        joint = made.json()
        assert joint["title"] == "Joint statement of Brazil, Chile and Colombia"
        assert joint["is_joint"] is True and joint["country"] == "Joint statement"
        assert joint["limits"]["words"] == 300

        again = sofia.post(f"/api/sessions/{GROUP_SESSION}/joint-statement")
        assert again.status_code == 409 and "already has" in again.json()["error"]["message"]
        single = sofia.post("/api/sessions/1/joint-statement")
        assert single.status_code == 409

        # Everyone of the country drafting groups is in the joint one and may edit it.
        assert lucas.get(f"/api/statements/{joint['id']}").json()["can_edit"] is True
        async with yclient(server, joint["id"], cookie_of(lucas)) as reader:
            assert reader.text.startswith("## Brazil\n\nBrazil's draft, typed just now.")
            assert "## Chile" in reader.text and "## Colombia" in reader.text


async def test_concurrent_requests_start_one_joint_statement(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        # Each request on a connection of its own, so they reach the server together.
        answers: list[tuple[int, str | None]] = []

        async def start() -> None:
            async with httpx.AsyncClient(
                base_url=server.base_url, cookies=sofia.cookies, headers=sofia.headers, timeout=30
            ) as http:
                answer = await http.post(f"/api/sessions/{GROUP_SESSION}/joint-statement")
                code = answer.json()["error"]["code"] if answer.status_code != 201 else None
                answers.append((answer.status_code, code))

        async with anyio.create_task_group() as tasks:
            for _ in range(10):
                tasks.start_soon(start)

        assert Counter(answers) == {(201, None): 1, (409, "joint_statement_exists"): 9}, answers
        listed = sofia.get("/api/statements").json()["statements"]
        joint = [s for s in listed if s["session_id"] == GROUP_SESSION and s["is_joint"]]
        assert len(joint) == 1, joint
