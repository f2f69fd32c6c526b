"""A moderator finalises a statement from its side panel while a contributor has it open: the
contributor's editor turns read-only at once, without a reload, and says why; the dashboard
follows along."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import cursor_to_end, editor_text, open_statement
from tests.support.coalition import without_coalition_rules
from tests.support.servers import Server

KENYA = 1


def test_a_moderator_finalises_and_the_open_editor_turns_read_only(
    signed_in: SignedInPage, screenshots: Path, server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    amina = signed_in("amina@example.org")
    open_statement(amina, KENYA)
    editor = amina.locator(".cm-content")
    expect(editor).to_have_attribute("contenteditable", "true")
    expect(amina.get_by_test_id("statement-state")).to_have_text("Drafting")
    expect(amina.get_by_test_id("panel-actions")).to_have_count(0)  # contributors do not finalise

    sofia = signed_in("sofia@example.org")
    open_statement(sofia, KENYA)
    panel = sofia.get_by_test_id("panel-actions")
    sofia.screenshot(path=str(screenshots / "statement-side-panel.png"), full_page=True)
    panel.get_by_role("button", name="Finalise").click()

    notice = amina.get_by_test_id("read-only-notice")
    expect(notice).to_have_text("Sofía Ramírez finalised this statement; it is read-only now.")
    expect(editor).to_have_attribute("contenteditable", "false")
    expect(amina.get_by_test_id("statement-state")).to_have_text("Final")
    amina.screenshot(path=str(screenshots / "statement-finalised-live.png"), full_page=True)
    before = editor_text(amina)
    cursor_to_end(amina)
    amina.keyboard.type(" more words")
    assert editor_text(amina) == before

    log = sofia.get_by_test_id("audit-log")
    expect(log.locator("li").first).to_contain_text("Sofía Ramírez finalised the statement on")
    # Reopening needs a reason, which the drafting group then reads in the log.
    panel.get_by_role("button", name="Reopen").click()
    expect(sofia.get_by_test_id("action-error")).to_contain_text("Say why")
    panel.get_by_label("Why reopen it?").fill("One more question for the delegation.")
    panel.get_by_role("button", name="Reopen").click()
    expect(editor).to_have_attribute("contenteditable", "true")
    expect(notice).to_have_count(0)
    expect(amina.get_by_test_id("statement-state")).to_have_text("Drafting")
    expect(amina.get_by_test_id("audit-log").locator("li").first).to_contain_text(
        "“One more question for the delegation.”"
    )


def test_the_dashboard_shows_sessions_due_dates_and_who_is_editing_live(
    signed_in: SignedInPage, screenshots: Path, server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    amina = signed_in("amina@example.org")
    kenya = amina.locator(f'[data-statement-id="{KENYA}"]')
    expect(kenya).to_contain_text("Drafting")
    first = amina.get_by_test_id("session-group").first
    expect(first).to_contain_text("VNR session 1: Kenya")
    expect(first.get_by_test_id("due")).to_contain_text("13 July 2027 at 10:00 UTC · in ")

    lucas = signed_in("lucas@example.org")
    open_statement(lucas, KENYA)
    expect(kenya.get_by_test_id("editing-now")).to_have_text("Editing now: Lucas Pereira")
    amina.screenshot(path=str(screenshots / "dashboard.png"), full_page=True)

    sofia = signed_in("sofia@example.org")
    open_statement(sofia, KENYA)
    sofia.get_by_test_id("panel-actions").get_by_role("button", name="Finalise").click()
    expect(kenya.get_by_test_id("row-state")).to_have_text("Final")
