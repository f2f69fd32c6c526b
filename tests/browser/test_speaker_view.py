"""The speaker view: the text large, a countdown, a pace marker, the keyboard, offline."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import (
    open_statement,
    wait_for_service_worker,
    wait_until_stored_locally,
)

KENYA, EGYPT = 1, 6
KENYA_LINE = "We ask the Government of Kenya:"
ARABIC = "شكراً سيدي الرئيس"

# Resolves once the page's own clock has moved on by `ms` (at least one animation frame later)
# with whether the countdown's text changed meanwhile. Showing that a paused clock *holds*
# needs time to pass; this measures that time in the page instead of sleeping in the test.
COUNTDOWN_CHANGES_WITHIN = """
(ms) => new Promise((resolve) => {
  const shown = () => document.querySelector('[data-testid="speak-countdown"]').textContent;
  const before = shown();
  const start = performance.now();
  const step = () => {
    if (shown() !== before) resolve(true);
    else if (performance.now() - start >= ms) resolve(false);
    else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})
"""


def pace(page: Page) -> int:
    value = page.get_by_test_id("speak-text").get_attribute("data-pace")
    assert value not in (None, ""), "no pace marker"
    return int(value or 0)


def wait_for_pace_at_least(page: Page, word: int) -> None:
    page.wait_for_function(
        """(word) => Number(document.querySelector('[data-testid="speak-text"]')
            ?.querySelector('.w.pace')?.dataset.word ?? -1) >= word""",
        arg=word,
    )


def font_size(page: Page) -> float:
    size: str = page.get_by_test_id("speak-text").evaluate("(el) => getComputedStyle(el).fontSize")
    return float(size.removesuffix("px"))


def shoot(page: Page, directory: Path, name: str) -> None:
    page.screenshot(path=str(directory / f"{name}.png"), animations="disabled")


def test_the_speaker_view_counts_down_follows_the_pace_and_works_offline(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    page = signed_in("amina@example.org")
    page.goto(f"/statements/{KENYA}")
    page.get_by_test_id("speaker-view-link").click()
    page.wait_for_url(re.compile(rf"/statements/{KENYA}/speak$"))

    view = page.get_by_test_id("speaker-view")
    text = page.get_by_test_id("speak-text")
    countdown = page.get_by_test_id("speak-countdown")
    toggle = page.get_by_test_id("speak-toggle")
    expect(page.get_by_test_id("speak-draft")).to_have_text("DRAFT — not final")
    expect(text).to_contain_text(KENYA_LINE)
    expect(text).to_have_attribute("lang", "en")
    expect(text).to_have_attribute("dir", "ltr")
    expect(view).to_contain_text("Kenya")
    expect(view).to_have_attribute("data-contrast", "dark")
    expect(countdown).to_have_text("2:00")
    expect(page.get_by_test_id("speak-legend")).to_contain_text("Space")
    expect(text.locator(".w.pace")).to_have_count(0)
    # The words are numbered by the counter's rule: as many as the statement has.
    expect(text.locator(".w[data-word]").last).to_have_attribute("data-word", "105")

    # Space starts: the clock counts down and the pace marker walks on (150 words a minute).
    page.keyboard.press("Space")
    expect(toggle).to_have_text("Pause")
    expect(countdown).not_to_have_text("2:00")
    wait_for_pace_at_least(page, 1)
    first = pace(page)
    wait_for_pace_at_least(page, first + 3)
    assert pace(page) > first
    expect(page.get_by_test_id("speak-bar")).to_be_visible()
    expect(text.locator(".w.said").first).to_have_attribute("data-word", "0")
    shoot(page, screenshots, "speaker-view-running")

    # Space pauses: the countdown and the marker hold.
    page.keyboard.press("Space")
    expect(toggle).to_have_text("Resume")
    held_at = countdown.text_content()
    held_pace = pace(page)
    assert page.evaluate(COUNTDOWN_CHANGES_WITHIN, 1500) is False
    expect(countdown).to_have_text(held_at or "")
    assert pace(page) == held_pace

    # R resets to the full time, with no marker until started again.
    page.keyboard.press("r")
    expect(countdown).to_have_text("2:00")
    expect(toggle).to_have_text("Start")
    expect(text.locator(".w.pace")).to_have_count(0)

    # + enlarges the text, − makes it smaller again; C switches the contrast.
    before = font_size(page)
    page.keyboard.press("+")
    page.wait_for_function(
        """(before) => parseFloat(getComputedStyle(
            document.querySelector('[data-testid="speak-text"]')).fontSize) > before""",
        arg=before,
    )
    page.keyboard.press("-")
    page.wait_for_function(
        """(before) => parseFloat(getComputedStyle(
            document.querySelector('[data-testid="speak-text"]')).fontSize) === before""",
        arg=before,
    )
    page.keyboard.press("c")
    expect(view).to_have_attribute("data-contrast", "light")
    page.get_by_role("button", name="Light on dark").click()
    expect(view).to_have_attribute("data-contrast", "dark")
    # Space after a click on a button toggles once (the button does not click again).
    page.keyboard.press("Space")
    expect(toggle).to_have_text("Pause")
    page.get_by_role("button", name="Reset").click()
    expect(countdown).to_have_text("2:00")

    # Offline once opened: the app, the statement and its text come from this device.
    wait_for_service_worker(page)
    wait_until_stored_locally(page, KENYA)
    page.context.set_offline(True)
    page.reload()
    expect(text).to_contain_text(KENYA_LINE)
    expect(page.get_by_test_id("speak-draft")).to_be_visible()
    expect(page.get_by_test_id("speak-offline")).to_be_visible()
    page.keyboard.press("Space")
    expect(countdown).not_to_have_text("2:00")


def test_an_arabic_statement_reads_right_to_left_in_the_speaker_view(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    page = signed_in("amina@example.org")
    page.goto(f"/statements/{EGYPT}/speak")
    text = page.get_by_test_id("speak-text")
    expect(text).to_contain_text(ARABIC)
    expect(text).to_have_attribute("dir", "rtl")
    expect(text).to_have_attribute("lang", "ar")
    expect(text).to_have_css("direction", "rtl")
    expect(page.get_by_test_id("speaker-view")).to_contain_text("Egypt")
    # The controls around it stay left to right English.
    expect(page.get_by_test_id("speak-clock")).to_have_css("direction", "ltr")
    page.keyboard.press("Space")
    wait_for_pace_at_least(page, 4)
    shoot(page, screenshots, "speaker-view-arabic")


def test_the_countdown_warns_in_the_last_seconds_then_counts_over_time(
    signed_in: SignedInPage, screenshots: Path
) -> None:
    page = signed_in("amina@example.org")
    # The page's clock is Playwright's: two minutes pass in a moment, timers firing on the way.
    page.clock.install()
    # The view follows the pace marker without a smooth scroll, so the screenshots are still.
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/statements/{KENYA}/speak")
    clock = page.get_by_test_id("speak-clock")
    countdown = page.get_by_test_id("speak-countdown")
    expect(page.get_by_test_id("speak-text")).to_contain_text(KENYA_LINE)
    expect(clock).to_have_attribute("data-phase", "ready")
    # From here the page's time moves only when the test moves it: a slow machine running the
    # checks below must not add seconds of its own to the countdown.
    page.clock.pause_at(datetime.now(UTC) + timedelta(minutes=5))

    page.keyboard.press("Space")
    page.clock.run_for("01:30")
    expect(clock).to_have_attribute("data-phase", "running")
    expect(countdown).to_have_text(re.compile(r"^0:(29|30)$"))
    # At 150 words a minute the 106 words are done after 43 s: the marker holds on the last.
    expect(page.locator(".w.pace")).to_have_attribute("data-word", "105")

    page.clock.run_for("00:20")
    expect(clock).to_have_attribute("data-phase", "warning")
    expect(countdown).to_have_text(re.compile(r"^0:(09|10)$"))
    expect(clock).to_contain_text("last seconds")

    page.clock.run_for("00:17")
    expect(clock).to_have_attribute("data-phase", "over")
    expect(countdown).to_have_text(re.compile(r"^\+0:0[67]$"))
    expect(clock).to_contain_text("over time")
    expect(countdown).to_have_css("color", "rgb(255, 90, 79)")
    shoot(page, screenshots, "speaker-view-over-time")

    # Light on dark is the default; C gives dark on light, and the choice is kept on reload.
    page.keyboard.press("c")
    view = page.get_by_test_id("speaker-view")
    expect(view).to_have_attribute("data-contrast", "light")
    expect(countdown).to_have_css("color", "rgb(179, 20, 11)")
    shoot(page, screenshots, "speaker-view-light-over-time")
    page.clock.resume()  # the page loads with timers of its own
    page.reload()
    expect(view).to_have_attribute("data-contrast", "light")
    expect(countdown).to_have_text("2:00")


def test_a_final_statement_shows_no_draft_band(signed_in: SignedInPage, screenshots: Path) -> None:
    page = signed_in("amina@example.org")
    japan = page.locator("[data-statement-id]", has_text="Japan").first
    statement_id = japan.get_attribute("data-statement-id")
    page.goto(f"/statements/{statement_id}/speak")
    expect(page.get_by_test_id("speak-final")).to_have_text("FINAL")
    expect(page.get_by_test_id("speak-text")).not_to_be_empty()
    expect(page.get_by_test_id("speak-draft")).to_have_count(0)
    shoot(page, screenshots, "speaker-view-final")


def test_the_confirmed_speaker_is_named_as_soon_as_a_moderator_confirms(
    signed_in: SignedInPage,
) -> None:
    amina = signed_in("amina@example.org")
    amina.goto(f"/statements/{KENYA}/speak")
    expect(amina.get_by_test_id("speak-text")).to_contain_text(KENYA_LINE)
    expect(amina.get_by_test_id("speak-speaker")).to_have_count(0)

    kwame = signed_in("kwame@example.org")
    open_statement(kwame, KENYA)
    candidates = kwame.get_by_test_id("speakers").get_by_test_id("speaker-candidate")
    candidates.filter(has_text="Amina Yusuf").get_by_role(
        "button", name="Confirm as speaker"
    ).click()
    expect(kwame.get_by_test_id("confirmed-speaker")).to_have_text("Amina Yusuf")

    expect(amina.get_by_test_id("speak-speaker")).to_have_text("Speaker: Amina Yusuf")
