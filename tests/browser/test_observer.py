"""An observer reads a statement in the browser but cannot type in it, and an update crafted
by hand on the observer's own session (a raw websocket, not the page) is refused: never
applied, never stored, never forwarded; on repeat the connection is closed."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect
from pycrdt import Doc, Text, create_update_message
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server.collab import close_codes
from tests.browser.conftest import SignedInPage
from tests.browser.helpers import cursor_to_end, editor_text, open_statement
from tests.support.servers import Server

KENYA = 1


def _crafted_update(text: str) -> bytes:
    doc: Doc = Doc()
    body = doc.get("body", type=Text)
    body.insert(0, text)
    return create_update_message(doc.get_update())


def test_an_observer_cannot_type_and_a_crafted_update_is_refused(
    signed_in: SignedInPage, server: Server, screenshots: Path
) -> None:
    omar = signed_in("omar@example.org")
    open_statement(omar, KENYA)
    editor = omar.locator(".cm-content")
    expect(editor).to_have_attribute("contenteditable", "false")
    expect(omar.get_by_test_id("read-only-notice")).to_be_visible()
    # Nothing of theirs to save: the status line says the text is up to date.
    expect(omar.get_by_test_id("status-sync")).to_have_text("up to date")
    before = editor_text(omar)
    cursor_to_end(omar)
    omar.keyboard.type(" an observer typing")
    assert editor_text(omar) == before
    omar.screenshot(path=str(screenshots / "statement-observer.png"), full_page=True)

    amina = signed_in("amina@example.org")
    open_statement(amina, KENYA)

    cookie = "; ".join(f"{c['name']}={c['value']}" for c in omar.context.cookies())
    closed_with = None
    with connect(
        f"{server.ws_url}/ws/statements/{KENYA}",
        additional_headers={"Cookie": cookie},
        origin=server.origin,  # type: ignore[arg-type]
        open_timeout=10,
    ) as raw:
        try:
            for _ in range(5):
                raw.send(_crafted_update("CRAFTED BY AN OBSERVER "))
            while True:
                raw.recv(timeout=10)
        except ConnectionClosed:
            closed_with = raw.close_code
    assert closed_with == close_codes.READ_ONLY

    # Amina types after the crafted updates: hers arrive, theirs never do.
    cursor_to_end(amina)
    amina.keyboard.type(" Amina after.")
    expect(omar.locator(".cm-content")).to_contain_text("Amina after.")
    assert "CRAFTED" not in editor_text(amina)
    open_statement(amina, KENYA)
    expect(amina.locator(".cm-content")).to_contain_text("Amina after.")
    assert "CRAFTED" not in editor_text(amina)
