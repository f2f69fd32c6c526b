"""A new contributor opens an invitation link, creates an account and types into the
statement of their drafting group."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import NewContext
from tests.browser.helpers import cursor_to_end, open_statement, wait_for_contains
from tests.support.http import signed_in_as
from tests.support.servers import Server

BRAZIL = 2


def test_a_newcomer_joins_through_an_invitation_and_edits(
    new_context: NewContext, server: Server, accounts: dict[str, str], screenshots: Path
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        made = ingrid.post(
            "/api/forums/1/invitations", json={"role": "contributor", "statement_id": BRAZIL}
        )
        assert made.status_code == 201
        link = made.json()["link"]

    page = new_context().new_page()
    page.goto(link)
    expect(page.get_by_test_id("join-offer")).to_contain_text(
        "Ingrid Halvorsen invites you to HLPF 2027 as contributor"
    )
    page.get_by_label("Your name").fill("Thiago Souza")
    page.get_by_label("Email").fill("thiago@example.org")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account and join").click()
    expect(page.get_by_test_id("join-error")).to_contain_text("at least 10 characters")
    page.screenshot(path=str(screenshots / "join.png"), full_page=True)
    page.get_by_label("Password").fill("a river of many voices")
    page.get_by_role("button", name="Create my account and join").click()
    page.wait_for_url(f"{server.base_url}/")
    expect(page.locator(f'[data-statement-id="{BRAZIL}"]')).to_be_visible()

    open_statement(page, BRAZIL)
    cursor_to_end(page)
    page.keyboard.type("Obrigado.")
    wait_for_contains(page, "Obrigado.")
    expect(page.get_by_test_id("status-line")).to_have_attribute("data-sync", "saved")

    # The same link does not work twice.
    page.goto(link)
    expect(page.get_by_test_id("join-error")).to_contain_text("already been used")
