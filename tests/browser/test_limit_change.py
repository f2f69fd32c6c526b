"""A forum's limits changed while a statement is open: the open editor follows at once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import cursor_to_end, editor_text, open_statement, status
from tests.support.http import signed_in_as
from tests.support.servers import Server

KENYA = 1  # 106 words; amina is in its drafting group


def test_an_open_editor_follows_a_lower_word_limit(
    signed_in: SignedInPage, server: Server, accounts: dict[str, str]
) -> None:
    page = signed_in("amina@example.org")
    open_statement(page, KENYA)
    counted = page.get_by_test_id("status-words")
    expect(counted).to_have_text("106 / 300 words")
    expect(status(page)).to_have_attribute("data-state", "ok")

    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        assert ingrid.patch("/api/forums/1", json={"word_limit": 50}).is_success

    # Without a reload: the meter, the status line and the guard hold to the new limit.
    expect(counted).to_have_text("106 / 50 words")
    expect(status(page)).to_have_attribute("data-state", "over")
    expect(page.get_by_test_id("status-over")).to_have_text("over by 56 words")
    before = editor_text(page)
    cursor_to_end(page)
    page.keyboard.type(" more")
    expect(page.get_by_test_id("limit-reason")).to_have_text(
        "The limit is 50 words (2:00); delete words to add more."
    )
    assert editor_text(page).rstrip() == before.rstrip()  # the space went in, no word did
    expect(counted).to_have_text("106 / 50 words")
    # The editor kept its connection all along.
    expect(status(page)).to_have_attribute("data-sync", "saved")
