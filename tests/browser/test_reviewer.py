"""A reviewer (the demo's Rachel, with no role in the forum) opens the statement she reviews:
she cannot type in it, an update crafted on her own session is refused as an observer's, and
she comments. Her `@Amina Yusuf` reaches Amina's dashboard live, as something new for her,
which leads to the thread and is gone once opened."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect
from pycrdt import Doc, Text, create_update_message
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server.collab import close_codes
from tests.browser.conftest import SignedInPage
from tests.browser.helpers import cursor_to_end, editor_text, open_statement
from tests.browser.test_threads import select_text, thread_about
from tests.support.servers import Server

KENYA = 1
PASSAGE = "What mechanism will let youth-led organisations take part"
COMMENT = "@Amina Yusuf which mechanisms have the counties tried so far?"


def _crafted_update(text: str) -> bytes:
    doc: Doc = Doc()
    body = doc.get("body", type=Text)
    body.insert(0, text)
    return create_update_message(doc.get_update())


def test_a_reviewer_cannot_type_but_comments_and_her_mention_reaches_the_dashboard(
    signed_in: SignedInPage, server: Server, screenshots: Path
) -> None:
    amina = signed_in("amina@example.org")
    expect(amina.get_by_test_id("statement-row").first).to_be_visible()
    expect(amina.get_by_test_id("new-for-you")).to_have_count(0)

    rachel = signed_in("rachel@example.org")
    expect(rachel.get_by_test_id("statement-row")).to_have_count(2)  # Kenya and Brazil
    open_statement(rachel, KENYA)
    editor = rachel.locator(".cm-content")
    expect(editor).to_have_attribute("contenteditable", "false")
    expect(rachel.get_by_test_id("read-only-notice")).to_be_visible()
    expect(rachel.get_by_test_id("people-reviewers")).to_contain_text("Rachel Okafor")
    before = editor_text(rachel)
    cursor_to_end(rachel)
    rachel.keyboard.type(" a reviewer typing")
    assert editor_text(rachel) == before

    # An update crafted by hand on her session is dropped, then the connection closed.
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in rachel.context.cookies())
    closed_with = None
    with connect(
        f"{server.ws_url}/ws/statements/{KENYA}",
        additional_headers={"Cookie": cookie},
        origin=server.origin,  # type: ignore[arg-type]
        open_timeout=10,
    ) as raw:
        try:
            for _ in range(5):
                raw.send(_crafted_update("CRAFTED BY A REVIEWER "))
            while True:
                raw.recv(timeout=10)
        except ConnectionClosed:
            closed_with = raw.close_code
    assert closed_with == close_codes.READ_ONLY

    # She comments on a passage, mentioning Amina.
    select_text(rachel, PASSAGE)
    rachel.get_by_test_id("thread-start").get_by_role("button", name="Comment").click()
    rachel.get_by_label("Your comment").fill(COMMENT)
    rachel.get_by_role("button", name="Send").click()
    expect(thread_about(rachel, PASSAGE)).to_contain_text(COMMENT)
    rachel.screenshot(path=str(screenshots / "statement-reviewer.png"), full_page=True)

    # Amina's dashboard, open all along, shows it as new for her.
    notice = amina.get_by_test_id("notice")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("Rachel Okafor mentioned you on")
    expect(notice).to_contain_text("which mechanisms have the counties tried")
    amina.screenshot(path=str(screenshots / "dashboard-new-for-you.png"), full_page=True)
    notice.get_by_role("link").click()
    amina.wait_for_url(f"{server.base_url}/statements/{KENYA}#thread-*")
    expect(thread_about(amina, PASSAGE)).to_contain_text(COMMENT)
    assert "CRAFTED" not in editor_text(amina)

    # Back on the dashboard, it is no longer new.
    amina.goto("/")
    expect(amina.get_by_test_id("statement-row").first).to_be_visible()
    expect(amina.get_by_test_id("new-for-you")).to_have_count(0)
