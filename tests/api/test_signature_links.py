"""A signature binds to the link destinations the exports show, through a real server: a live
edit that changes only where a link points makes every signature stale and blocks finalising."""

from __future__ import annotations

import pytest

from server.domain.cosigning import normalised_text
from tests.api.test_signatures import (
    JAPAN,
    KENYA,
    KYCN,
    REDE,
    _error,
    _finalise,
    _organisations,
    _sign,
    _signatures,
    _typed_into_room,
    _valid,
)
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import YClient, yclient

pytestmark = pytest.mark.anyio

LINKED = " Read [the réport](https://example.org/report-2027) 报告 🌍."


async def _replace(editor: YClient, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in the editor's text, as a person typing would."""
    text = editor.text
    assert text.count(old) == 1
    at = len(text[: text.index(old)].encode())  # pycrdt counts UTF-8 bytes
    del editor.body[at : at + len(old.encode())]
    editor.body.insert(at, new)
    await editor.flush()


async def test_changing_only_a_link_destination_makes_signatures_stale(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
    ):
        ids = _organisations(amina)
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            await editor.edit(LINKED)
            await _typed_into_room(amina, editor)
            for person, organisation in ((amina, KYCN), (lucas, REDE), (mei, JAPAN)):
                signed = _sign(person, ids[organisation])
                assert signed.status_code == 201, signed.text
            assert _valid(amina) == {KYCN: True, REDE: True, JAPAN: True}
            assert _signatures(amina)["coalition"]["met"] is True

            # The same words, the link pointing elsewhere: the exports show another target.
            await _replace(editor, "report-2027", "report-2026")
            await _typed_into_room(amina, editor)
            assert _valid(amina) == {KYCN: False, REDE: False, JAPAN: False}
            (mine,) = _signatures(amina)["mine"]
            assert mine["valid"] is False
            signed_words = normalised_text(mine["signed_text"])
            assert "<https://example.org/report-2027>" in signed_words
            assert signed_words.replace("report-2027", "report-2026") == normalised_text(
                mine["text_now"]
            )
            assert _signatures(amina)["coalition"]["met"] is False

        # Finalising counts valid signatures only: the required rules are not met.
        with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
            refused = _finalise(sofia)
            assert refused.status_code == 409, refused.text
            codes = [r["code"] for r in _error(refused)["reasons"]]
            assert "coalition_organisations" in codes

            # Re-confirmed on the text as it is now, the signature counts again.
            again = _sign(amina, ids[KYCN])
            assert again.status_code == 201, again.text
            assert _valid(amina) == {KYCN: True, REDE: False, JAPAN: False}
