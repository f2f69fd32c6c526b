"""A stock Yjs editor (yjs + y-websocket's WebsocketProvider in Node) and a pycrdt client edit
the same statement through a real server and end with the same text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import anyio
import pytest
from anyio.abc import ByteReceiveStream

from tests.support.servers import REPO, Server
from tests.support.yclient import sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
SCRIPT = Path(__file__).with_name("stock_client.mjs")
NODE = shutil.which("node")


async def drain(stream: ByteReceiveStream | None, sink: bytearray) -> None:
    if stream is not None:
        async for chunk in stream:
            sink.extend(chunk)


@pytest.mark.skipif(NODE is None, reason="needs Node.js for the stock Yjs client")
async def test_stock_yjs_client_and_pycrdt_converge(
    server: Server, accounts: dict[str, str]
) -> None:
    assert (REPO / "client" / "node_modules" / "y-websocket").is_dir(), "run npm ci in client/"
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    from_node = " Stock Yjs from Geneva."
    marker = " [pycrdt saw Geneva]"
    stdout, stderr = bytearray(), bytearray()
    async with yclient(server, KENYA, amina) as py:
        await py.edit("Before Node. ", at=0)
        command = [
            str(NODE),
            str(SCRIPT),
            server.ws_url,
            str(KENYA),
            lucas,
            server.origin,
            from_node,
            marker,
            "20",
        ]
        async with await anyio.open_process(command, cwd=REPO) as node:
            try:
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(drain, node.stdout, stdout)
                    tasks.start_soon(drain, node.stderr, stderr)
                    # Concurrent with the Node client's first sync and edit.
                    await py.edit("While Node connects. ", at=0)
                    await wait_until(
                        lambda: from_node in py.text or node.returncode is not None,
                        timeout=25,
                        what="the stock client's edit",
                    )
                    await py.edit(marker)
                    with anyio.fail_after(25):
                        returncode = await node.wait()
            finally:
                if node.returncode is None:
                    node.kill()
        assert returncode == 0, stderr.decode(errors="replace")
        final = json.loads(stdout)["text"]
        await wait_until(lambda: py.text == final, what="pycrdt to have the Node client's text")

    assert final.startswith("While Node connects. Before Node. ")
    assert final.endswith(from_node + marker)
    assert final.count(from_node) == 1 and "Kenya" in final
    async with yclient(server, KENYA, amina) as fresh:
        assert fresh.text == final
