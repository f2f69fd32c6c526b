"""Co-signing end to end in four browsers: three contributors of different organisations sign
Kenya's statement and the checklist fills; a fourth member of the drafting group edits; the
three see their signatures go stale with the difference and re-confirm; a moderator finalises
only once the required coalition rules are met, refused before with what is missing."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Locator, Page, Route, expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import end_of_line, open_statement, wait_for_contains

KENYA = 1
# The demo's Kenya drafting group: who signs, and for which organisation (each may sign for it).
SIGNATORIES = {
    "amina@example.org": "Kenya Youth Climate Network",
    "lucas@example.org": "Rede Cidadã pelo Desenvolvimento",
    "mei@example.org": "Japan NGO Network for SDGs",
}
# Sofía's edit of the statement's last line, and the words it changes.
LAST_LINE = "Thank you."
NEW_LAST_LINE = "Thank you all. Asante."


def group(page: Page) -> Locator:
    return page.get_by_test_id("signatures")


def rule(page: Page, name: str) -> Locator:
    return group(page).locator(f'[data-testid="coalition-rule"][data-rule="{name}"]')


def signatories(page: Page, *, valid: bool) -> Locator:
    return group(page).locator(f'[data-testid="signatory"][data-valid="{str(valid).lower()}"]')


def finalise(page: Page) -> None:
    page.get_by_test_id("panel-actions").get_by_role("button", name="Finalise").click()


def sign(page: Page, organisation: str) -> None:
    group(page).get_by_role("button", name=f"Sign for {organisation}").click()
    expect(group(page).get_by_test_id("sign-for")).to_have_count(0)


def test_signatures_go_stale_on_an_edit_and_the_coalition_gates_finalising(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    signers = {email: signed_in(email) for email in SIGNATORIES}
    sofia = signed_in("sofia@example.org")  # a moderator, guide and member of the group
    for page in (*signers.values(), sofia):
        open_statement(page, KENYA)
    amina = signers["amina@example.org"]
    expect(group(amina)).to_contain_text("No signatures yet")
    expect(rule(amina, "organisations")).to_have_attribute("data-met", "false")
    expect(rule(amina, "organisations").get_by_test_id("closing-the-gap")).to_be_visible()

    # Before anyone signs, finalising is refused and says which rules are not met.
    finalise(sofia)
    refusal = sofia.get_by_test_id("action-error")
    expect(refusal).to_contain_text("It cannot be finalised yet.")
    expect(refusal).to_contain_text("0 of 3 organisations")
    expect(sofia.get_by_test_id("statement-state")).to_have_text("Drafting")

    # Amina and Lucas sign; Amina's checklist follows live.
    sign(amina, SIGNATORIES["amina@example.org"])
    expect(rule(amina, "organisations")).to_contain_text("1 of 3")
    sign(signers["lucas@example.org"], SIGNATORIES["lucas@example.org"])
    expect(rule(amina, "organisations")).to_contain_text("2 of 3")

    # Mei's text changes under her while she reads (here: the digest her page sends is not the
    # one of the text now): the signature is refused and she is asked to read it again.
    mei = signers["mei@example.org"]

    def stale_digest(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        body = json.loads(route.request.post_data or "{}")
        route.continue_(post_data=json.dumps({**body, "digest": "0" * 64}))

    signatures_route = f"**/api/statements/{KENYA}/signatures"
    mei.route(signatures_route, stale_digest)
    group(mei).get_by_role("button", name=f"Sign for {SIGNATORIES['mei@example.org']}").click()
    problem = group(mei).get_by_test_id("signing-error")
    expect(problem).to_contain_text("The text changed while you read it")
    mei.unroute(signatures_route, stale_digest)
    problem.get_by_role("button", name="Read it again").click()
    expect(problem).to_have_count(0)
    sign(mei, SIGNATORIES["mei@example.org"])

    # Three organisations from three regions: both required rules are met, everywhere.
    for page in signers.values():
        expect(signatories(page, valid=True)).to_have_count(3)
        expect(rule(page, "organisations")).to_have_attribute("data-met", "true")
        expect(rule(page, "regions")).to_have_attribute("data-met", "true")
    expect(group(amina).get_by_test_id("signatures-summary")).to_contain_text("✓ Coalition met")
    group(amina).screenshot(path=str(screenshots / "cosigning-checklist.png"))

    # Sofía rewrites the last line: every signature is now on another text.
    end_of_line(sofia, LAST_LINE)
    sofia.keyboard.press("Shift+Home")
    sofia.keyboard.type(NEW_LAST_LINE)
    for page in signers.values():
        wait_for_contains(page, NEW_LAST_LINE)
        notice = group(page).get_by_test_id("stale-notice")
        expect(notice).to_contain_text("The text changed since you signed")
        difference = notice.get_by_test_id("signature-diff")
        expect(difference.locator("del")).to_have_text("you.")
        expect(difference.locator("ins")).to_have_text("you all. Asante.")
        expect(signatories(page, valid=False)).to_have_count(3)
        expect(rule(page, "organisations")).to_have_attribute("data-met", "false")
    expect(signatories(amina, valid=False).first).to_contain_text(
        "the text changed since it was signed"
    )
    amina.screenshot(path=str(screenshots / "cosigning-stale.png"), full_page=True)

    # Stale signatures count nowhere: finalising is refused again.
    finalise(sofia)
    expect(refusal).to_contain_text("0 of 3 organisations")
    expect(sofia.get_by_test_id("statement-state")).to_have_text("Drafting")

    # Each re-confirms in one step; the checklist fills again.
    for page in signers.values():
        group(page).get_by_test_id("stale-notice").get_by_role("button", name="Re-confirm").click()
        expect(group(page).get_by_test_id("stale-notice")).to_have_count(0)
    for page in (amina, sofia):
        expect(signatories(page, valid=True)).to_have_count(3)
        expect(rule(page, "organisations")).to_have_attribute("data-met", "true")
        expect(rule(page, "regions")).to_have_attribute("data-met", "true")

    # The overview shows the coalition met for Kenya.
    overview = signed_in("sofia@example.org")
    overview.goto("/forums/1/overview")
    row = overview.locator(f'[data-testid="overview-row"][data-statement-id="{KENYA}"]')
    expect(row.get_by_test_id("signature-count")).to_have_text("3 organisations signed")
    expect(row.get_by_test_id("coalition-met")).to_contain_text("✓ coalition met")
    overview.screenshot(path=str(screenshots / "cosigning-overview.png"), full_page=True)

    # Now the moderator finalises, and the signatures are frozen with the text.
    finalise(sofia)
    expect(sofia.get_by_test_id("statement-state")).to_have_text("Final")
    expect(group(amina).get_by_test_id("signatures-frozen")).to_have_text(
        "Signatures are frozen with the final text."
    )
    expect(group(amina).get_by_role("button", name="Withdraw")).to_have_count(0)


def test_a_facilitator_records_who_may_sign_and_the_statement_page_offers_the_choice(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    # Mei belongs to two organisations and may sign only for the first (the demo).
    mei = signed_in("mei@example.org")
    open_statement(mei, KENYA)
    expect(
        group(mei).get_by_role("button", name="Sign for Japan NGO Network for SDGs")
    ).to_be_visible()

    ingrid = signed_in("ingrid@example.org")
    ingrid.goto("/forums/1/admin")
    box = ingrid.get_by_label("Mei Tanaka may sign for Rainbow Rights Asia")
    expect(box).not_to_be_checked()
    box.check()
    row = ingrid.get_by_test_id("signers").filter(has=box)
    expect(row.get_by_text("Saving…")).to_have_count(0)
    expect(box).to_be_checked()
    ingrid.get_by_test_id("organisations").screenshot(
        path=str(screenshots / "cosigning-signers.png")
    )

    # Now she chooses which of her organisations she signs for.
    open_statement(mei, KENYA)
    choice = group(mei).get_by_label("Sign for")
    choice.select_option(label="Rainbow Rights Asia")
    group(mei).get_by_role("button", name="Sign for Rainbow Rights Asia").click()
    expect(signatories(mei, valid=True)).to_contain_text("Rainbow Rights Asia")
    # What is left to sign for is the other one.
    expect(
        group(mei).get_by_role("button", name="Sign for Japan NGO Network for SDGs")
    ).to_be_visible()

    # The box stays ticked after a reload: the server kept it.
    ingrid.reload()
    expect(ingrid.get_by_label("Mei Tanaka may sign for Rainbow Rights Asia")).to_be_checked()
