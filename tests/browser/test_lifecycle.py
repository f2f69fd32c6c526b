"""A moderator finalises a statement while a contributor has it open: the contributor's editor
turns read-only at once, without a reload, and says why."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import cursor_to_end, editor_text, open_statement
from tests.support.http import signed_in_as
from tests.support.servers import Server

KENYA = 1


def test_a_finalised_statement_turns_read_only_in_the_open_editor(
    signed_in: SignedInPage, server: Server, accounts: dict[str, str], screenshots: Path
) -> None:
    amina = signed_in("amina@example.org")
    open_statement(amina, KENYA)
    editor = amina.locator(".cm-content")
    expect(editor).to_have_attribute("contenteditable", "true")
    expect(amina.get_by_test_id("statement-state")).to_have_text("Drafting")

    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        done = sofia.post(f"/api/statements/{KENYA}/transitions", json={"transition": "finalise"})
        assert done.status_code == 200, done.text

        notice = amina.get_by_test_id("read-only-notice")
        expect(notice).to_have_text("Sofía Ramírez finalised this statement; it is read-only now.")
        expect(editor).to_have_attribute("contenteditable", "false")
        expect(amina.get_by_test_id("statement-state")).to_have_text("Final")
        amina.screenshot(path=str(screenshots / "statement-finalised-live.png"), full_page=True)
        before = editor_text(amina)
        cursor_to_end(amina)
        amina.keyboard.type(" more words")
        assert editor_text(amina) == before

        reopened = sofia.post(
            f"/api/statements/{KENYA}/transitions",
            json={"transition": "reopen", "reason": "One more question for the delegation."},
        )
        assert reopened.status_code == 200
        expect(editor).to_have_attribute("contenteditable", "true")
        expect(notice).to_have_count(0)
        expect(amina.get_by_test_id("statement-state")).to_have_text("Drafting")
