"""A guiding moderator changes a drafting group from the statement's side panel: the person
added finds the statement on her dashboard without a reload; removed, her open editor closes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import open_statement

BRAZIL = 2


def test_a_guide_adds_and_removes_a_contributor_who_follows_live(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    mei = signed_in("mei@example.org")
    brazil_on_dashboard = mei.locator(f'[data-statement-id="{BRAZIL}"]')
    expect(mei.get_by_test_id("session-group").first).to_be_visible()
    expect(brazil_on_dashboard).to_have_count(0)

    sofia = signed_in("sofia@example.org")
    open_statement(sofia, BRAZIL)
    group = sofia.get_by_test_id("people-drafting-group")
    expect(group.locator(".person-name")).to_have_count(3)
    group.get_by_label("Add a member").select_option(
        label="Mei Tanaka (contributor, Japan NGO Network for SDGs, Rainbow Rights Asia)"
    )
    group.get_by_role("button", name="Add").click()
    expect(group.locator(".person-name", has_text="Mei Tanaka")).to_be_visible()
    expect(sofia.get_by_test_id("audit-log").locator("li").first).to_contain_text(
        "Sofía Ramírez added Mei Tanaka to the drafting group"
    )
    sofia.screenshot(path=str(screenshots / "statement-drafting-group.png"), full_page=True)

    # Mei's dashboard lists Brazil now, without a reload.
    expect(brazil_on_dashboard).to_have_count(1)
    open_statement(mei, BRAZIL)
    expect(mei.locator(".cm-content")).to_have_attribute("contenteditable", "true")
    # Contributors see the group, not the controls.
    expect(mei.get_by_test_id("people-drafting-group").get_by_role("button")).to_have_count(0)

    group.get_by_role("button", name="Remove Mei Tanaka").click()
    expect(mei.get_by_test_id("statement-error")).to_contain_text(
        "You are not allowed to open this statement."
    )
    expect(group.locator(".person-name", has_text="Mei Tanaka")).to_have_count(0)
