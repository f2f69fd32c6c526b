"""Exports are bounded through a real server: a render past its time is stopped (its worker
process killed) and answers 503, its slot free again; requests past the slots and their short
queue are answered 429 at once, with when to come back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest

from tests.support.http import signed_in_as
from tests.support.servers import Server, Template, new_server
from tests.support.yclient import wait_until

pytestmark = pytest.mark.anyio


def _render_workers(pid: int) -> list[int]:
    """The export worker processes `pid` has started that are still there."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"anyio.to_process" in command:
            found.append(int(entry.name))
    return found


def _kenya(http: httpx.Client) -> int:
    statements = http.get("/api/statements").json()["statements"]
    return int(next(s["id"] for s in statements if s["country"] == "Kenya"))


@pytest.fixture
def impatient_server(template: Template, tmp_path: Path) -> Iterator[Server]:
    """One render at a time, each given 10 ms: no PDF renders that fast (the worker process is
    started before a render's time begins, so only the render itself is timed)."""
    server = new_server(
        template,
        tmp_path,
        {"CHORUS_EXPORT_CONCURRENCY": "1", "CHORUS_EXPORT_SECONDS": "0.01"},
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_a_render_past_its_time_is_stopped_and_its_slot_freed(
    impatient_server: Server, accounts: dict[str, str]
) -> None:
    server = impatient_server
    assert server.process is not None
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        kenya = _kenya(amina)
        # The second finds the only slot free again, or it would wait behind the first.
        for _ in range(2):
            answer = amina.get(f"/api/statements/{kenya}/export.pdf")
            assert answer.status_code == 503, answer.text
            error = answer.json()["error"]
            assert error["code"] == "export_took_too_long"
            assert error["params"] == {"seconds": 1}  # whole seconds, rounded up
        await wait_until(
            lambda: _render_workers(server.process.pid) == [] if server.process else False,
            what="the stopped render's worker process to be gone",
        )

        # A text export renders well within its time (on a busy machine, at the latest on a
        # later try).
        def text_exported() -> int:
            return amina.get(f"/api/statements/{kenya}/export.txt").status_code

        await wait_until(lambda: text_exported() == 200, what="a text export")


@pytest.fixture
def one_slot_server(template: Template, tmp_path: Path) -> Iterator[Server]:
    """One render at a time and one request waiting for it."""
    server = new_server(
        template, tmp_path, {"CHORUS_EXPORT_CONCURRENCY": "1", "CHORUS_EXPORT_QUEUE": "1"}
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_exports_past_the_queue_are_told_when_to_come_back(
    one_slot_server: Server, accounts: dict[str, str]
) -> None:
    server = one_slot_server
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        kenya = _kenya(amina)
        answers: list[httpx.Response] = []
        async with httpx.AsyncClient(
            base_url=server.base_url, cookies=amina.cookies, timeout=60
        ) as http:

            async def export() -> None:
                answers.append(await http.get(f"/api/statements/{kenya}/export.pdf"))

            # The first starts the worker process and renders for a second or more: the
            # others all arrive meanwhile.
            async with anyio.create_task_group() as tasks:
                for _ in range(8):
                    tasks.start_soon(export)
        statuses = sorted(answer.status_code for answer in answers)
        assert set(statuses) == {200, 429}, statuses
        assert statuses.count(200) >= 2, statuses  # the one rendering and the one waiting
        for answer in answers:
            if answer.status_code == 429:
                error = answer.json()["error"]
                assert error["code"] == "exports_busy"
                seconds = int(answer.headers["Retry-After"])
                assert seconds >= 1
                assert error["params"] == {"seconds": seconds}
                assert f"try again in {seconds} s" in error["message"]
        after = amina.get(f"/api/statements/{kenya}/export.pdf")
        assert after.status_code == 200, after.text
