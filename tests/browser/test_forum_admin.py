"""A facilitator runs the forum from its page: changes a limit, adds a session, invites a
contributor into its drafting group; the contributor joins through the link and edits; the
facilitator then makes them an observer, and their open editor turns read-only."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import NewContext, SignedInPage
from tests.browser.helpers import cursor_to_end, wait_for_contains
from tests.support.servers import Server


def test_a_facilitator_sets_up_a_session_and_invites_a_contributor(
    signed_in: SignedInPage, new_context: NewContext, server: Server, screenshots: Path
) -> None:
    ingrid = signed_in("ingrid@example.org")
    ingrid.get_by_role("link", name="Run HLPF 2027").click()
    expect(ingrid.get_by_role("heading", name="Run HLPF 2027")).to_be_visible()

    ingrid.get_by_label("Word limit").fill("5")
    ingrid.get_by_role("button", name="Save settings").click()
    expect(ingrid.get_by_test_id("settings-error")).to_contain_text("from 20 to 2000")
    ingrid.get_by_label("Word limit").fill("280")
    # The constituency rule, advisory by default, now blocks finalising.
    constituencies = ingrid.get_by_label("The constituency types rule is required")
    expect(constituencies).not_to_be_checked()
    constituencies.check()
    ingrid.get_by_role("button", name="Save settings").click()
    expect(ingrid.get_by_test_id("settings-saved")).to_be_visible()
    ingrid.reload()
    expect(ingrid.get_by_label("The constituency types rule is required")).to_be_checked()
    expect(ingrid.get_by_label("The organisations rule is required")).to_be_checked()

    ingrid.get_by_label("Session title").fill("VNR session 6: Fiji and Samoa")
    ingrid.get_by_label("Starts (UTC)").fill("2027-07-16T14:00")
    ingrid.get_by_label("Countries").fill("FJ, WS")
    ingrid.get_by_role("button", name="Add the session").click()
    expect(ingrid.get_by_test_id("sessions")).to_contain_text("VNR session 6: Fiji and Samoa")

    ingrid.get_by_label("Organisation", exact=True).fill("Fiji Women's Rights Movement")
    ingrid.get_by_label("Country code (empty: global)").fill("FJ")
    ingrid.get_by_label("Constituency", exact=True).select_option(label="Women")
    ingrid.get_by_role("button", name="Add the organisation").click()
    row = ingrid.get_by_test_id("organisations").locator("tr", has_text="Fiji Women's Rights")
    expect(row).to_contain_text("Asia-Pacific States")
    expect(row).to_contain_text("yes")

    ingrid.get_by_label("Drafting group").select_option(label="Fiji")
    ingrid.get_by_label("For (a note for you)").fill("Litia, Pacific Disability Forum")
    ingrid.get_by_role("button", name="Create the link").click()
    link = ingrid.get_by_test_id("invitation-link").locator("code").inner_text()
    ingrid.screenshot(path=str(screenshots / "forum-admin.png"), full_page=True)

    litia = new_context().new_page()
    litia.goto(link)
    litia.get_by_label("Your name").fill("Litia Vakaloloma")
    litia.get_by_label("Email").fill("litia@example.org")
    litia.get_by_label("Password").fill("the ocean is our home")
    litia.get_by_role("button", name="Create my account and join").click()
    litia.wait_for_url(f"{server.base_url}/")
    litia.get_by_role("link", name="Fiji").click()
    expect(litia.get_by_test_id("status-line")).to_have_attribute("data-sync", "saved")
    expect(litia.get_by_test_id("status-line")).to_contain_text("/ 280 words")
    cursor_to_end(litia)
    litia.keyboard.type("Vinaka, Chair.")
    wait_for_contains(litia, "Vinaka, Chair.")

    ingrid.reload()
    ingrid.get_by_label("Role of Litia Vakaloloma").select_option("observer")
    expect(litia.locator(".cm-content")).to_have_attribute("contenteditable", "false")
    expect(litia.get_by_test_id("read-only-notice")).to_have_text(
        "Your role in this forum changed."
    )
    # The forum's history on the same page, newest first: the role change, then her joining.
    history = ingrid.get_by_test_id("forum-log").locator("li")
    expect(history.first).to_contain_text("Ingrid Halvorsen changed the role of Litia Vakaloloma")
    expect(history.first).to_contain_text("(contributor → observer)")
    expect(ingrid.get_by_test_id("forum-log")).to_contain_text("Fiji")
    ingrid.screenshot(path=str(screenshots / "forum-admin-history.png"), full_page=True)
