"""A passage the drafting group cannot settle, end to end in four browsers: a contributor
escalates a comment thread, the Steering Group's queue shows it live, finalising is refused
while it is open, a moderator claims it and decides with their own wording, every open editor
shows the new text, and finalising then goes through."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import open_statement, wait_for_contains
from tests.browser.test_threads import open_thread, select_text, thread_about
from tests.support.coalition import without_coalition_rules
from tests.support.servers import Server

KENYA = 1
PASSAGE = "one in three young people"
DECIDED = "a third of young people"


def test_an_escalated_thread_blocks_finalising_until_the_steering_group_decides(
    signed_in: SignedInPage, screenshots: Path, server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    amina = signed_in("amina@example.org")
    mei = signed_in("mei@example.org")
    for page in (amina, mei):
        open_statement(page, KENYA)

    # Mei questions a figure; Amina answers; they cannot agree, so Mei escalates.
    select_text(mei, PASSAGE)
    mei.get_by_test_id("thread-start").get_by_role("button", name="Comment").click()
    mei.get_by_label("Your comment").fill("Is this figure from the 2024 survey?")
    mei.get_by_role("button", name="Send").click()
    thread = open_thread(mei, PASSAGE)
    thread.get_by_role("button", name="Escalate to the Steering Group").click()
    thread.get_by_label("What the group could not settle, and why").fill(
        "We disagree on whether to quote the figure at all."
    )
    thread.get_by_label("Proposed wording (optional)").fill("many young people")
    thread.get_by_role("button", name="Escalate", exact=True).click()
    expect(thread_about(amina, PASSAGE).get_by_test_id("dispute-state")).to_be_visible()
    mei.screenshot(path=str(screenshots / "dispute-escalated.png"), full_page=True)

    # The Steering Group's queue has it, live.
    sofia_queue = signed_in("sofia@example.org")
    sofia_queue.goto("/forums/1/review-queue")
    card = sofia_queue.get_by_test_id("dispute").filter(has_text=PASSAGE)
    expect(card).to_contain_text("We disagree on whether to quote the figure at all.")

    # Finalising is refused while the dispute is open, and the refusal names it.
    sofia = signed_in("sofia@example.org")
    open_statement(sofia, KENYA)
    panel = sofia.get_by_test_id("panel-actions")
    panel.get_by_role("button", name="Finalise").click()
    refusal = sofia.get_by_test_id("action-error")
    expect(refusal).to_contain_text("It cannot be finalised yet.")
    expect(refusal).to_contain_text(PASSAGE)
    expect(sofia.get_by_test_id("statement-state")).to_have_text("Drafting")
    sofia.screenshot(path=str(screenshots / "finalise-refused.png"), full_page=True)

    # Sofía claims it in the queue and decides with her own wording.
    card.get_by_role("button", name="Claim").click()
    expect(card).to_contain_text("Claimed by you")
    card.get_by_label("Apply my own wording").check()
    card.get_by_label("Your wording for the passage").fill(DECIDED)
    card.get_by_label("Written decision").fill(
        "Quote the figure as a share; the survey supports it."
    )
    sofia_queue.screenshot(path=str(screenshots / "review-queue-deciding.png"), full_page=True)
    card.get_by_role("button", name="Decide").click()
    expect(sofia_queue.get_by_test_id("dispute")).to_have_count(0)

    # Every open editor shows the decided wording, and the thread says how it was decided.
    for page in (amina, mei, sofia):
        text = wait_for_contains(page, f"**{DECIDED}**")
        assert PASSAGE not in text
    expect(thread_about(amina, PASSAGE).get_by_test_id("dispute-state")).to_contain_text(
        "Decided by Sofía Ramírez"
    )
    amina.screenshot(path=str(screenshots / "dispute-decided.png"), full_page=True)

    # With nothing open, finalising goes through.
    panel.get_by_role("button", name="Finalise").click()
    expect(sofia.get_by_test_id("statement-state")).to_have_text("Final")
    expect(amina.get_by_test_id("statement-state")).to_have_text("Final")
