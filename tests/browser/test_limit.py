"""The 300-word limit in the editor: refused pastes and words, the near and over states."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import (
    cursor_to_end,
    editor_text,
    open_statement,
    status,
    wait_for_contains,
    words,
)

BRAZIL = 2  # empty; amina and lucas are in its drafting group
AT_THE_LIMIT = "The limit is 300 words (2:00); delete words to add more."


def expect_words(page: Page, n: int) -> None:
    expect(page.get_by_test_id("status-words")).to_have_text(f"{n} / 300 words")


def test_the_editor_keeps_a_statement_within_300_words(signed_in: SignedInPage) -> None:
    page = signed_in("amina@example.org")
    open_statement(page, BRAZIL)
    reason = page.get_by_test_id("limit-reason")
    cursor_to_end(page)

    # A paste is one input: 269 words is still well within the limit.
    page.keyboard.insert_text(words(269))
    expect_words(page, 269)
    expect(status(page)).to_have_attribute("data-state", "ok")
    # The 270th word (90 % of 300) turns the status line to "near".
    page.keyboard.type(" w270")
    expect_words(page, 270)
    expect(status(page)).to_have_attribute("data-state", "near")
    page.keyboard.insert_text(" " + words(25, start=271))
    expect_words(page, 295)
    expect(page.get_by_test_id("status-time")).to_have_text("1:58 / 2:00")
    expect(reason).to_have_text("")
    expect(status(page)).to_have_attribute("data-sync", "saved")
    at_295 = editor_text(page)

    # Ten more words do not fit in the five left: the whole paste is refused, and says why.
    page.keyboard.insert_text(" " + words(10, prefix="extra"))
    expect(reason).to_have_text("This paste adds 10 words; 5 left.")
    expect_words(page, 295)
    assert editor_text(page) == at_295
    assert "extra" not in editor_text(page)

    # Word by word up to exactly 300: each is accepted (and clears the reason).
    for n in range(296, 301):
        page.keyboard.type(f" w{n}")
        expect_words(page, n)
    expect(reason).to_have_text("")
    expect(page.get_by_test_id("status-time")).to_have_text("2:00 / 2:00")
    expect(status(page)).to_have_attribute("data-state", "near")
    expect(page.get_by_test_id("status-over")).to_have_count(0)

    # At 300: a space is fine, and so is lengthening the last word ...
    page.keyboard.type(" ")
    assert editor_text(page) == at_295 + " " + words(5, start=296) + " "
    expect(reason).to_have_text("")
    page.keyboard.press("Backspace")
    page.keyboard.type("x")
    expect(page.locator(".cm-content")).to_contain_text("w300x")
    expect_words(page, 300)
    # ... but the letter that would start a 301st word is refused.
    page.keyboard.type(" y")
    expect(reason).to_have_text(AT_THE_LIMIT)
    full = at_295 + " " + words(5, start=296) + "x "
    assert editor_text(page) == full
    expect_words(page, 300)
    page.keyboard.insert_text("one more")
    expect(reason).to_have_text(AT_THE_LIMIT)
    assert editor_text(page) == full

    # Deleting is always allowed at the limit; then there is room for a word again.
    for _ in range(len(" w300x ")):
        page.keyboard.press("Backspace")
    expect_words(page, 299)
    expect(reason).to_have_text("")
    page.keyboard.type(" last")
    expect_words(page, 300)
    expect(status(page)).to_have_attribute("data-sync", "saved")

    # The server counted the same.
    server_view = page.request.get(f"/api/statements/{BRAZIL}").json()
    assert server_view["words"] == 300
    assert server_view["over_limit"] is False


def test_concurrent_edits_can_go_over_and_everyone_sees_it(signed_in: SignedInPage) -> None:
    amina = signed_in("amina@example.org")
    lucas = signed_in("lucas@example.org")
    open_statement(amina, BRAZIL)
    open_statement(lucas, BRAZIL)
    cursor_to_end(amina)
    amina.keyboard.insert_text(words(297))
    expect_words(amina, 297)
    wait_for_contains(lucas, "w297")
    expect_words(lucas, 297)
    for page in (amina, lucas):
        expect(status(page)).to_have_attribute("data-sync", "saved")

    # Amina drops off the network; each adds two words, which fits what each of them sees.
    amina.context.set_offline(True)
    expect(status(amina)).to_have_attribute("data-sync", "offline")
    cursor_to_end(amina)
    amina.keyboard.type(" amina1 amina2")
    expect_words(amina, 299)
    cursor_to_end(lucas)
    lucas.keyboard.type(" lucas1 lucas2")
    expect_words(lucas, 299)
    expect(status(lucas)).to_have_attribute("data-sync", "saved")
    expect(amina.get_by_test_id("limit-reason")).to_have_text("")
    expect(lucas.get_by_test_id("limit-reason")).to_have_text("")

    # Back online, the edits merge: 301 words, and both are told they are over by one.
    amina.context.set_offline(False)
    for page in (amina, lucas):
        wait_for_contains(page, "amina2", "lucas2")
        expect_words(page, 301)
        line = status(page)
        expect(line).to_have_attribute("data-state", "over")
        expect(line).to_have_attribute("data-sync", "saved")
        over = page.get_by_test_id("status-over")
        expect(over).to_have_text("over by 1 word")
        expect(line).to_contain_text("301 / 300 words · 2:01 / 2:00 · saved · over by 1 word")
        red, green, blue = rgb(over.evaluate("el => getComputedStyle(el).color"))
        assert red > 120 and red > 2 * green and red > 2 * blue, (red, green, blue)
    assert editor_text(amina) == editor_text(lucas)

    # The server's own count agrees.
    server_view = lucas.request.get(f"/api/statements/{BRAZIL}").json()
    assert server_view["words"] == 301
    assert server_view["over_limit"] is True

    # Over the limit, nobody can add a word, but anyone can delete back under it.
    cursor_to_end(lucas)
    lucas.keyboard.type(" z")
    expect(lucas.get_by_test_id("limit-reason")).to_have_text(AT_THE_LIMIT)
    expect_words(lucas, 301)
    for _ in range(len(" lucas2")):
        lucas.keyboard.press("Backspace")
    for page in (amina, lucas):
        expect_words(page, 300)
        expect(status(page)).to_have_attribute("data-state", "near")
        expect(page.get_by_test_id("status-over")).to_have_count(0)
        expect(status(page)).to_have_attribute("data-sync", "saved")
    assert lucas.request.get(f"/api/statements/{BRAZIL}").json()["over_limit"] is False


def rgb(css: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, [\d.]+)?\)", css)
    assert match, css
    red, green, blue = (int(part) for part in match.groups())
    return red, green, blue
