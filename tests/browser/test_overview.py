"""The Steering Group overview page: reached from the dashboard, filtered by session and country."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage


def test_a_moderator_filters_the_forum_overview(signed_in: SignedInPage, screenshots: Path) -> None:
    sofia = signed_in("sofia@example.org")
    sofia.get_by_role("link", name="Overview of every HLPF 2027 statement").click()
    table = sofia.get_by_test_id("overview")
    rows = table.get_by_test_id("overview-row")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total >= 7
    sofia.screenshot(path=str(screenshots / "overview.png"), full_page=True)

    sofia.get_by_label("Session").select_option(label="VNR session 2: Brazil, Chile and Colombia")
    expect(rows).to_have_count(3)
    sofia.get_by_label("Country").select_option("Chile")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Chile")
    sofia.get_by_label("Session").select_option(label="VNR session 1: Kenya")
    expect(rows).to_have_count(0)
    expect(sofia.get_by_text("No statement matches these filters.")).to_be_visible()


def test_contributors_have_no_overview_link(signed_in: SignedInPage) -> None:
    amina = signed_in("amina@example.org")
    expect(amina.get_by_test_id("statement-row").first).to_be_visible()
    expect(amina.get_by_role("link", name="Overview of every HLPF 2027 statement")).to_have_count(0)
