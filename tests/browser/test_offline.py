"""Working without a network: the copy kept in the browser, the service worker, the merge."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import (
    cursor_to_end,
    editor_text,
    end_of_line,
    open_statement,
    seen,
    status,
    wait_for_contains,
    wait_for_service_worker,
    wait_until_stored_locally,
)

KENYA = 1
OFFLINE_TEXT = "offline — your edits are kept on this device"
ONLINE = " Typed online."
OFFLINE = " Typed offline, then reloaded."
LINE = "We ask the Government of Kenya:"
LUCAS = " Lucas added this meanwhile."


def test_edits_survive_going_offline_and_reloading(signed_in: SignedInPage) -> None:
    amina = signed_in("amina@example.org")
    open_statement(amina, KENYA)
    wait_for_service_worker(amina)

    # Online: typed text is saved, and a reload brings it back.
    cursor_to_end(amina)
    amina.keyboard.type(ONLINE)
    expect(status(amina)).to_have_attribute("data-sync", "saved")
    assert "saving" in seen(amina)["sync"]
    amina.reload()
    expect(status(amina)).to_have_attribute("data-sync", "saved")
    online_text = wait_for_contains(amina, ONLINE)
    expect(amina.get_by_test_id("status-words")).to_have_text("108 / 300 words")

    # Offline: the status line says so, and typing still works.
    amina.context.set_offline(True)
    line = status(amina)
    expect(line).to_have_attribute("data-sync", "offline")
    expect(amina.get_by_test_id("status-sync")).to_have_text(OFFLINE_TEXT)
    expect(line).to_have_text(f"108 / 300 words · 0:44 / 2:00 · {OFFLINE_TEXT}")
    cursor_to_end(amina)
    amina.keyboard.type(OFFLINE)
    expect(amina.get_by_test_id("status-words")).to_have_text("112 / 300 words")
    expect(line).to_have_attribute("data-sync", "offline")
    # Known gap: the browser's copy is written a change at a time, and a reload within ~0.1 s of
    # the last keystroke can lose the last few (seen: up to ~20 characters). Wait until written.
    wait_until_stored_locally(amina, KENYA)

    # Reload with no network: the service worker serves the app and the statement's last known
    # details, the browser's own copy has the offline words.
    amina.reload()
    expect(status(amina)).to_have_attribute("data-sync", "offline")
    wait_for_contains(amina, ONLINE + OFFLINE)
    assert editor_text(amina) == online_text + OFFLINE
    expect(amina.get_by_test_id("status-words")).to_have_text("112 / 300 words")
    expect(amina.locator(".country")).to_have_text("Kenya")

    # Meanwhile Lucas, online, adds a sentence; he cannot see Amina's offline words yet.
    lucas = signed_in("lucas@example.org")
    open_statement(lucas, KENYA)
    assert editor_text(lucas) == online_text
    end_of_line(lucas, LINE)
    lucas.keyboard.type(LUCAS)
    expect(status(lucas)).to_have_attribute("data-sync", "saved")
    with_lucas = online_text.replace(LINE, LINE + LUCAS)
    assert editor_text(lucas) == with_lucas

    # Back online: Amina's page reconnects, both edits merge, and everything is saved.
    amina.context.set_offline(False)
    expect(status(amina)).to_have_attribute("data-sync", "saved")
    merged = wait_for_contains(amina, OFFLINE, LUCAS)
    wait_for_contains(lucas, OFFLINE)
    assert editor_text(lucas) == merged
    assert merged == with_lucas + OFFLINE
    for page in (amina, lucas):
        expect(page.get_by_test_id("status-words")).to_have_text("116 / 300 words")
        expect(status(page)).to_have_attribute("data-sync", "saved")

    # Both are in the server's copy: a fresh visitor gets the merged text.
    mei = signed_in("mei@example.org")
    open_statement(mei, KENYA)
    assert editor_text(mei) == merged
