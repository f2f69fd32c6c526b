"""Exports are bounded through a real server: a render past its time is stopped (its worker
process killed) and answers 503, its slot free again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def impatient_server(template: Template, tmp_path: Path) -> Iterator[Server]:
    """One render at a time, each given 0.2 s: no PDF renders that fast (its worker process
    alone takes longer to start)."""
    server = new_server(
        template,
        tmp_path,
        {"CHORUS_EXPORT_CONCURRENCY": "1", "CHORUS_EXPORT_SECONDS": "0.2"},
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
        kenya = next(
            s["id"]
            for s in amina.get("/api/statements").json()["statements"]
            if s["country"] == "Kenya"
        )
        # The second finds the only slot free again, or it would wait behind the first.
        for _ in range(2):
            answer = amina.get(f"/api/statements/{kenya}/export.pdf")
            assert answer.status_code == 503, answer.text
            error = answer.json()["error"]
            assert error["code"] == "export_took_too_long"
            assert error["params"] == {"seconds": 1}
        await wait_until(
            lambda: _render_workers(server.process.pid) == [] if server.process else False,
            what="the stopped render's worker process to be gone",
        )

        # A text export renders well within its time (on a busy machine, at the latest on a
        # later try).
        def text_exported() -> int:
            return amina.get(f"/api/statements/{kenya}/export.txt").status_code

        await wait_until(lambda: text_exported() == 200, what="a text export")
