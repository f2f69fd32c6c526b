"""The fan-out's fast path is taken under the server we ship with (collab/direct_send.py).

It relies on uvicorn's websocket protocol object; an upgrade that moves or changes it would
quietly send everything through ASGI instead (correct, but the CPU cost the path exists to
save comes back). This fails loudly then, so the pin in pyproject.toml is raised on purpose.
"""

from __future__ import annotations

import pytest

from server.collab.direct_receive import DIRECT_NOTICE as RECEIVE_NOTICE
from server.collab.direct_send import DIRECT_NOTICE, FALLBACK_WARNING
from tests.support.servers import Server
from tests.support.yclient import sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1


async def test_keystrokes_reach_other_editors_as_frames_written_straight_to_their_socket(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, amina) as typist, yclient(server, KENYA, lucas) as other:
        for n in range(5):
            await typist.edit(f" direct{n}")
        await wait_until(lambda: "direct4" in other.text, what="the edits at the other editor")
        assert other.text == typist.text
    await wait_until(
        lambda: DIRECT_NOTICE in server.log() or FALLBACK_WARNING.split(":")[0] in server.log(),
        what="the server saying how it sent the frames",
    )
    assert DIRECT_NOTICE in server.log(), server.log()


async def test_messages_go_straight_from_the_socket_to_the_room_in_order(
    server: Server, accounts: dict[str, str]
) -> None:
    """The receiving side's fast path (collab/direct_receive.py): taken under our server, and
    what an editor sends before it is taken (its first sync, while the server looks the person
    up) still arrives first, in order."""
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, amina) as typist, yclient(server, KENYA, lucas) as other:
        words = [f" order{n}" for n in range(30)]
        for word in words:
            await typist.edit(word)
        await wait_until(lambda: "order29" in other.text, what="the edits at the other editor")
        assert other.text == typist.text
        assert other.text.index("order0") < other.text.index("order29")
    assert RECEIVE_NOTICE in server.log(), server.log()
