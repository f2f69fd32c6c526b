"""Comments and suggestions on the statement's passages, in two browsers at once."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import editor_text, open_statement, wait_for_contains

QUESTION = "How will the budget for 2027/28 fund the county water plans"
MINISTRY = "the Government of Kenya"
SUGGESTED = "the National Treasury of Kenya"
COMMENT = "Should we name the ministry here?"
REPLY = "Yes, the Treasury answers for the county budgets."

# Selects the first occurrence of `needle` in the editor's text as a person dragging over it
# would: a DOM selection inside the focused editor, which CodeMirror reads as its own.
SELECT = """
(needle) => {
  const content = document.querySelector(".cm-content");
  content.focus();
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}
"""


def select_text(page: Page, needle: str) -> None:
    assert page.evaluate(SELECT, needle), f"{needle!r} is not in one run of the editor's text"
    expect(page.get_by_test_id("thread-start")).to_contain_text(needle[:40])


def thread_about(page: Page, quote: str) -> Locator:
    return page.get_by_test_id("thread").filter(has_text=quote)


def open_thread(page: Page, quote: str) -> Locator:
    """Select the thread about `quote` (a thread just started is selected already)."""
    thread = thread_about(page, quote)
    header = thread.get_by_role("button", name=quote)
    if header.get_attribute("aria-expanded") != "true":
        header.click()
    expect(header).to_have_attribute("aria-expanded", "true")
    return thread


def test_two_contributors_comment_one_suggests_the_other_accepts(
    signed_in: SignedInPage,
) -> None:
    amina = signed_in("amina@example.org")
    lucas = signed_in("lucas@example.org")
    for page in (amina, lucas):
        open_statement(page, 1)
        expect(page.get_by_test_id("threads")).to_contain_text("No comments yet.")

    # Amina comments on a passage; Lucas sees the thread and the passage highlighted, live.
    select_text(amina, QUESTION)
    amina.get_by_test_id("thread-start").get_by_role("button", name="Comment").click()
    amina.get_by_label("Your comment").fill(COMMENT)
    amina.get_by_role("button", name="Send").click()
    expect(thread_about(amina, QUESTION)).to_contain_text(COMMENT)
    expect(thread_about(lucas, QUESTION)).to_contain_text(COMMENT)
    expect(lucas.locator(".cm-passage-comment")).to_have_text(QUESTION)

    # Lucas answers in the thread; Amina reads the answer.
    open_thread(lucas, QUESTION)
    expect(lucas.locator(".cm-passage-selected")).to_have_text(QUESTION)
    lucas.get_by_label("Your reply").fill(REPLY)
    lucas.get_by_role("button", name="Reply", exact=True).click()
    expect(open_thread(amina, QUESTION)).to_contain_text(REPLY)

    # Lucas suggests other wording for another passage.
    select_text(lucas, MINISTRY)
    lucas.get_by_test_id("thread-start").get_by_role("button", name="Suggest").click()
    wording = lucas.get_by_label("Suggested wording")
    expect(wording).to_have_value(MINISTRY)
    wording.fill(SUGGESTED)
    lucas.get_by_label("Why this wording?").fill("The Treasury holds the budget.")
    lucas.get_by_role("button", name="Send").click()

    # Amina sees it as a replacement, highlighted as a suggestion, and accepts it.
    suggestion = thread_about(amina, MINISTRY)
    expect(suggestion.get_by_test_id("suggestion")).to_have_text(
        f"Replace {MINISTRY} with {SUGGESTED}"
    )
    expect(amina.locator(".cm-passage-suggestion")).to_have_text(MINISTRY)
    open_thread(amina, MINISTRY).get_by_role("button", name="Accept").click()

    # Both editors show the new wording, and nothing else moved.
    for page in (amina, lucas):
        text = wait_for_contains(page, f"We ask {SUGGESTED}:")
        assert MINISTRY not in text
        assert QUESTION in text
    assert editor_text(amina) == editor_text(lucas)
    # The suggestion is settled for both: no longer offered, no longer highlighted.
    for page in (amina, lucas):
        expect(page.locator(".cm-passage-suggestion")).to_have_count(0)
        expect(thread_about(page, MINISTRY).get_by_role("button", name="Accept")).to_have_count(0)

    # Lucas settles the question thread and takes it up again, from the same button.
    question = open_thread(lucas, QUESTION)
    question.get_by_role("button", name="Resolve").click()
    expect(lucas.get_by_test_id("threads-resolved")).to_contain_text("Resolved (2)")
    expect(amina.get_by_test_id("threads-resolved")).to_contain_text("Resolved (2)")
    lucas.get_by_test_id("threads-resolved").locator("summary").click()
    open_thread(lucas, QUESTION).get_by_role("button", name="Reopen").click()
    expect(lucas.get_by_test_id("threads-resolved")).to_contain_text("Resolved (1)")
    expect(open_thread(amina, QUESTION).get_by_role("button", name="Resolve")).to_have_count(1)
