"""Two pycrdt clients converge through a real server; awareness is relayed and removed."""

from __future__ import annotations

import pytest

from tests.support.servers import Server
from tests.support.yclient import sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1


async def test_two_clients_converge(server: Server, accounts: dict[str, str]) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, amina) as a, yclient(server, KENYA, lucas) as b:
        assert "Kenya" in a.text and a.text == b.text
        await a.edit("Hello from Nairobi. ", at=0)
        await b.edit(" Olá de São Paulo.")
        await wait_until(
            lambda: a.text == b.text and "Olá" in a.text and "Nairobi" in b.text, what="convergence"
        )
