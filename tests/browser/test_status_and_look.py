"""Every state of the status line on one page, right-to-left statements, and screenshots.

The screenshots go to the `screenshots` directory (CHORUS_SCREENSHOTS to keep them) so a person
can look at what contributors see.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import NewContext, SignedInPage
from tests.browser.helpers import (
    cursor_to_end,
    end_of_line,
    open_statement,
    prose,
    seen,
    status,
    wait_for_contains,
    words,
)

KENYA, EGYPT = 1, 6
LINE = "We ask the Government of Kenya:"


def shoot(page: Page, directory: Path, name: str, *, full_page: bool = False) -> None:
    page.screenshot(path=str(directory / f"{name}.png"), full_page=full_page, animations="disabled")


def first_index(values: list[str], wanted: list[str]) -> list[int]:
    missing = [value for value in wanted if value not in values]
    assert not missing, f"{missing} never shown; saw {values}"
    return [values.index(value) for value in wanted]


def test_sign_in_and_list_pages(
    new_context: NewContext, signed_in: SignedInPage, screenshots: Path
) -> None:
    page = new_context().new_page()
    page.goto("/sign-in")
    expect(page.get_by_label("Email")).to_be_focused()
    shoot(page, screenshots, "01-sign-in")
    page.get_by_label("Email").fill("amina@example.org")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("sign-in-error")).to_be_visible()
    shoot(page, screenshots, "02-sign-in-wrong-password")

    listing = signed_in("amina@example.org")
    expect(listing.get_by_test_id("statement-row").first).to_be_visible()
    shoot(listing, screenshots, "03-statement-list", full_page=True)


def test_the_status_line_shows_every_state(signed_in: SignedInPage, screenshots: Path) -> None:
    amina = signed_in("amina@example.org")
    lucas = signed_in("lucas@example.org")
    open_statement(amina, KENYA)
    open_statement(lucas, KENYA)

    # Two people: Amina types, and sees Lucas's named cursor where he clicked.
    end_of_line(lucas, "Thank you, Chair.")
    end_of_line(amina, LINE)
    amina.keyboard.type(" Amina was here.")
    expect(status(amina)).to_have_attribute("data-sync", "saved")
    expect(amina.locator(".cm-ySelectionInfo")).to_have_text(
        "Lucas Pereira (Rede Cidadã pelo Desenvolvimento)"
    )
    expect(amina.locator(".cm-ySelectionCaret")).to_be_in_viewport()
    expect(amina.get_by_test_id("presence")).to_contain_text("Lucas Pereira")
    wait_for_contains(lucas, "Amina was here.")
    shoot(amina, screenshots, "04-statement-two-people")

    # Offline.
    amina.context.set_offline(True)
    expect(status(amina)).to_have_attribute("data-sync", "offline")
    cursor_to_end(amina)
    amina.keyboard.type(" Offline words.")
    expect(amina.get_by_test_id("status-words")).to_have_text("111 / 300 words")
    shoot(amina, screenshots, "05-offline")
    amina.context.set_offline(False)
    expect(status(amina)).to_have_attribute("data-sync", "saved")
    wait_for_contains(lucas, "Offline words.")

    # Near the limit, with a refused paste explained under the status line.
    cursor_to_end(lucas)
    lucas.keyboard.insert_text(" " + prose(186))
    expect(lucas.get_by_test_id("status-words")).to_have_text("297 / 300 words")
    expect(status(lucas)).to_have_attribute("data-state", "near")
    lucas.keyboard.insert_text(" " + words(10))
    expect(lucas.get_by_test_id("limit-reason")).to_have_text("This paste adds 10 words; 3 left.")
    expect(status(lucas)).to_have_attribute("data-sync", "saved")
    expect(amina.get_by_test_id("status-words")).to_have_text("297 / 300 words")
    shoot(lucas, screenshots, "06-near-limit")

    # Over the limit, after edits made apart are merged.
    amina.context.set_offline(True)
    expect(status(amina)).to_have_attribute("data-sync", "offline")
    cursor_to_end(amina)
    amina.keyboard.type(" Both agree")
    cursor_to_end(lucas)
    lucas.keyboard.type(" Clearly yes")
    expect(amina.get_by_test_id("status-words")).to_have_text("299 / 300 words")
    expect(lucas.get_by_test_id("status-words")).to_have_text("299 / 300 words")
    amina.context.set_offline(False)
    for page in (amina, lucas):
        expect(page.get_by_test_id("status-over")).to_have_text("over by 1 word")
        expect(status(page)).to_have_attribute("data-state", "over")
        expect(status(page)).to_have_attribute("data-sync", "saved")
    shoot(amina, screenshots, "07-over-limit")

    # Amina's page showed every state, in the order they happened.
    shown = seen(amina)
    sync = first_index(shown["sync"], ["connecting", "saved", "saving", "offline"])
    assert sync == sorted(sync), shown
    state = first_index(shown["state"], ["ok", "near", "over"])
    assert state == sorted(state), shown
    assert shown["sync"][-1] == "saved" and shown["state"][-1] == "over", shown


def test_an_arabic_statement_is_right_to_left(signed_in: SignedInPage, screenshots: Path) -> None:
    page = signed_in("amina@example.org")
    open_statement(page, EGYPT)
    editor = page.get_by_test_id("editor")
    expect(editor).to_have_attribute("dir", "rtl")
    expect(editor).to_have_attribute("lang", "ar")
    content = page.locator(".cm-content")
    expect(content).to_have_attribute("dir", "rtl")
    expect(content).to_have_attribute("lang", "ar")
    expect(content).to_have_css("direction", "rtl")
    expect(content).to_contain_text("شكراً سيدي الرئيس")
    expect(page.locator(".country")).to_have_text("Egypt")
    # The rest of the page stays left-to-right English.
    expect(page.get_by_test_id("status-line")).to_have_css("direction", "ltr")
    shoot(page, screenshots, "08-arabic-statement")
