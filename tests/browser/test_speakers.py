"""Speakers in the browser: a contributor reads the rules for speakers and volunteers, a
moderator in another browser reads the volunteers ranked with the reasons and confirms a
speaker and a backup, the contributor sees it live, and the overview names the speaker."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import open_statement

KENYA = 1  # drafting group: Amina, Lucas, Mei, Sofía; Lucas and Amina have volunteered


def test_a_contributor_volunteers_and_a_moderator_confirms_the_speaker_and_backup(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    mei = signed_in("mei@example.org")
    kwame = signed_in("kwame@example.org")
    open_statement(mei, KENYA)
    open_statement(kwame, KENYA)

    section = mei.get_by_test_id("speakers")
    expect(section.get_by_test_id("confirmed-speaker")).to_have_text("Not confirmed yet")
    section.get_by_text("Rules for speakers (version 1)", exact=True).click()
    expect(section.get_by_text("word for word")).to_be_visible()
    form = section.get_by_test_id("volunteer-form")
    expect(form.get_by_text("shared with the Steering Group only")).to_be_visible()
    volunteer = form.get_by_role("button", name="Volunteer")
    expect(volunteer).to_be_disabled()  # not before accepting the rules
    form.get_by_label("I accept the rules for speakers (version 1)").check()
    form.get_by_label("Are you a national of the country?").select_option("no")
    volunteer.click()
    expect(section.get_by_test_id("withdraw-volunteering")).to_be_visible()
    # Other contributors read who volunteered, not the ranking nor the answers.
    expect(section.get_by_test_id("speaker-volunteers")).to_contain_text("Mei Tanaka")
    expect(section.get_by_test_id("speaker-ranking")).to_have_count(0)

    # The moderator's list follows live: three volunteers, each with the reason for its place.
    candidates = kwame.get_by_test_id("speakers").get_by_test_id("speaker-candidate")
    expect(candidates).to_have_count(3)
    expect(candidates.nth(0)).to_contain_text("Amina Yusuf")
    expect(candidates.nth(0).get_by_test_id("speaker-why")).to_contain_text(
        "a national of the country"
    )
    mine = candidates.filter(has_text="Mei Tanaka")
    expect(mine).to_contain_text("National: no")
    mine.get_by_role("button", name="Confirm as speaker").click()
    expect(kwame.get_by_test_id("confirmed-speaker")).to_have_text("Mei Tanaka")
    candidates.filter(has_text="Amina Yusuf").get_by_role(
        "button", name="Confirm as backup"
    ).click()
    expect(kwame.get_by_test_id("confirmed-backup")).to_have_text("Amina Yusuf")
    kwame.get_by_test_id("speakers").scroll_into_view_if_needed()
    kwame.screenshot(path=str(screenshots / "speakers-moderator.png"), full_page=True)

    # The contributor's page shows it without reloading.
    expect(section.get_by_test_id("confirmed-speaker")).to_have_text("Mei Tanaka")
    expect(section.get_by_test_id("confirmed-backup")).to_have_text("Amina Yusuf")
    section.scroll_into_view_if_needed()
    mei.screenshot(path=str(screenshots / "speakers-volunteer.png"), full_page=True)

    kwame.goto("/forums/1/overview")
    row = kwame.get_by_test_id("overview-row").filter(has_text="Kenya")
    expect(row.get_by_test_id("overview-speaker")).to_have_text("Mei Tanaka")
    kwame.screenshot(path=str(screenshots / "speakers-overview.png"), full_page=True)


def test_new_rules_for_speakers_reach_an_open_statement_and_ask_for_acceptance_again(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    mei = signed_in("mei@example.org")
    ingrid = signed_in("ingrid@example.org")
    open_statement(mei, KENYA)
    form = mei.get_by_test_id("volunteer-form")
    form.get_by_label("I accept the rules for speakers (version 1)").check()

    ingrid.goto("/forums/1/admin")
    rules = ingrid.get_by_test_id("speaker-rules-text")
    expect(rules).to_have_value(re.compile("word for word"))
    rules.fill("Speakers deliver the agreed text word for word.\nSpeakers arrive early.")
    ingrid.get_by_role("button", name="Save the rules").click()
    expect(ingrid.get_by_test_id("speaker-rules-version")).to_contain_text("Version 2.")
    ingrid.get_by_test_id("speaker-rules-text").scroll_into_view_if_needed()
    ingrid.screenshot(path=str(screenshots / "speaker-rules-admin.png"))

    # The open statement shows the new version, and the acceptance of the old one is gone.
    accept = form.get_by_label("I accept the rules for speakers (version 2)")
    expect(accept).not_to_be_checked()
    expect(form.get_by_role("button", name="Volunteer")).to_be_disabled()
    mei.get_by_test_id("speakers").get_by_text("Rules for speakers (version 2)", exact=True).click()
    expect(mei.get_by_text("Speakers arrive early.")).to_be_visible()


def test_the_confirmed_speaker_is_told_on_their_dashboard(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    amina = signed_in("amina@example.org")
    kwame = signed_in("kwame@example.org")
    open_statement(kwame, KENYA)
    candidates = kwame.get_by_test_id("speakers").get_by_test_id("speaker-candidate")
    candidates.filter(has_text="Amina Yusuf").get_by_role(
        "button", name="Confirm as speaker"
    ).click()
    expect(kwame.get_by_test_id("confirmed-speaker")).to_have_text("Amina Yusuf")

    notice = amina.get_by_test_id("notice").and_(amina.locator("[data-kind=speaker_confirmed]"))
    expect(notice).to_contain_text("Kwame Mensah confirmed you as the speaker on")
    amina.screenshot(path=str(screenshots / "speaker-notice.png"))
