"""The Steering Group's review queue in the browser: disputes arrive live, a moderator claims
one and decides it with their own wording, which every open editor receives; the queue
empties."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

from server.config import load_settings
from server.demo import KENYA_DRAFT
from tests.browser.conftest import SignedInPage
from tests.browser.helpers import open_statement, wait_for_contains
from tests.support.http import signed_in_as
from tests.support.servers import Server
from tests.test_personal_data_at_rest import _execute

WATER = "counties in the north still wait for the water services promised in 2019"
YOUTH = "one in three young people"
NEW_WORDING = "counties in the north still wait for the water services the Government promised"


def open_dispute(
    http: httpx.Client, statement_id: int, passage: str, reason: str, wording: str | None
) -> dict[str, Any]:
    """A dispute on the passage of Kenya's draft, through the API (its text is plain ASCII, so
    Python's positions are Yjs's)."""
    start = KENYA_DRAFT.index(passage)
    body: dict[str, Any] = {"start": start, "end": start + len(passage), "reason": reason}
    if wording is not None:
        body["wording"] = wording
    answer = http.post(f"/api/statements/{statement_id}/disputes", json=body)
    assert answer.status_code == 201, answer.text
    thread: dict[str, Any] = answer.json()["thread"]
    return thread


def test_a_moderator_claims_and_decides_a_dispute_that_arrived_live(
    signed_in: SignedInPage, server: Server, accounts: dict[str, str], screenshots: Path
) -> None:
    sofia = signed_in("sofia@example.org")
    sofia.get_by_role("link", name="HLPF 2027 review queue").click()
    expect(sofia.get_by_role("heading", name="HLPF 2027: review queue")).to_be_visible()
    expect(sofia.get_by_test_id("queue-empty")).to_contain_text(
        "The drafting groups are settling their wording themselves."
    )

    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina_api:
        kenya = next(
            s
            for s in amina_api.get("/api/statements").json()["statements"]
            if s["country_code"] == "KE"
        )
        amina = signed_in("amina@example.org")
        open_statement(amina, kenya["id"])

        # Amina's group cannot settle the water passage: the queue shows it at once.
        water = open_dispute(
            amina_api,
            kenya["id"],
            WATER,
            "The group cannot agree whether to name the year.",
            "counties in the north still wait for water",
        )
        cards = sofia.get_by_test_id("dispute")
        expect(cards).to_have_count(1)
        card = cards.first
        expect(card).to_contain_text("Kenya")
        expect(card.get_by_test_id("quote")).to_have_text(WATER)
        expect(card).to_contain_text("The group cannot agree whether to name the year.")
        expect(card.get_by_role("link", name=kenya["title"])).to_have_attribute(
            "href", f"/statements/{kenya['id']}#thread-{water['id']}"
        )
        expect(card.get_by_test_id("claim")).to_contain_text("Unclaimed")

        card.get_by_role("button", name="Claim").click()
        expect(card.get_by_test_id("claim")).to_contain_text("Claimed by you")
        form = card.get_by_test_id("decide")
        form.get_by_label("Apply my own wording").check()
        form.get_by_label("Your wording for the passage").fill(NEW_WORDING)
        form.get_by_label("Written decision").fill("Name the Government, not the year")

        # Another dispute arrives while Sofía writes: the queue reloads, her form stays.
        open_dispute(amina_api, kenya["id"], YOUTH, "Is the figure still right?", None)
        expect(cards).to_have_count(2)
        expect(form.get_by_label("Written decision")).to_have_value(
            "Name the Government, not the year"
        )
        expect(form.get_by_label("Your wording for the passage")).to_have_value(NEW_WORDING)
        sofia.screenshot(path=str(screenshots / "review-queue.png"), full_page=True)

        # Filters go into the address.
        sofia.get_by_label("Claimed").select_option(label="Unclaimed")
        expect(cards).to_have_count(1)
        expect(cards.first.get_by_test_id("quote")).to_have_text(YOUTH)
        assert "claimed=unclaimed" in sofia.url
        sofia.get_by_label("Claimed").select_option(label="Claimed by me")
        expect(cards).to_have_count(1)
        # The half-written decision outlived the filter that hid it.
        form = cards.first.get_by_test_id("decide")
        expect(form.get_by_label("Apply my own wording")).to_be_checked()
        expect(form.get_by_label("Your wording for the passage")).to_have_value(NEW_WORDING)
        expect(form.get_by_label("Written decision")).to_have_value(
            "Name the Government, not the year"
        )
        form.get_by_label("Written decision").fill("Name the Government, not the year.")
        form.get_by_role("button", name="Decide").click()

        # The decision reaches the open editor as one edit, and the dispute leaves the queue.
        wait_for_contains(amina, NEW_WORDING)
        expect(sofia.get_by_test_id("queue-filtered-empty")).to_be_visible()
        sofia.get_by_role("button", name="Show every open dispute").click()
        expect(cards).to_have_count(1)
        expect(cards.first.get_by_test_id("quote")).to_have_text(YOUTH)

        # The last one: keep the text; the queue is empty.
        cards.first.get_by_role("button", name="Claim").click()
        form = cards.first.get_by_test_id("decide")
        form.get_by_label("Keep the text as it is").check()
        form.get_by_label("Written decision").fill("The figure is the latest survey's.")
        form.get_by_role("button", name="Decide").click()
        expect(sofia.get_by_test_id("queue-empty")).to_be_visible()
        assert "claimed" not in sofia.url


def test_claiming_a_dispute_someone_else_just_took_names_who_holds_it(
    signed_in: SignedInPage, server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
    ):
        kenya = next(
            s
            for s in amina.get("/api/statements").json()["statements"]
            if s["country_code"] == "KE"
        )
        water = open_dispute(amina, kenya["id"], WATER, "Name the year or not?", None)
        sofia = signed_in("sofia@example.org")
        sofia.goto("/forums/1/review-queue")
        card = sofia.get_by_test_id("dispute")
        expect(card.get_by_role("button", name="Claim")).to_be_visible()

        # Sofía's page cannot reload for a moment (it says so, and keeps what it shows), so it
        # still offers the claim Kwame takes.
        sofia.route("**/api/forums/1/review-queue*", lambda route: route.abort())
        with sofia.expect_event("requestfailed", lambda r: "review-queue" in r.url):
            answer = kwame.post(f"/api/threads/{water['id']}/claim", json={})
            assert answer.status_code == 200, answer.text
        expect(sofia.get_by_role("status")).to_contain_text("The queue may be out of date")
        sofia.unroute("**/api/forums/1/review-queue*")
        card.get_by_role("button", name="Claim").click()
        expect(card.get_by_role("alert")).to_have_text(
            "Kwame Mensah has claimed this dispute; join its thread or pick another one."
        )
        expect(card.get_by_test_id("claim")).to_have_text("Claimed by Kwame Mensah")
        expect(card.get_by_test_id("decide")).to_have_count(0)


def test_a_facilitator_releases_a_stale_claim_with_a_reason_and_a_claimer_their_own(
    signed_in: SignedInPage, server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
    ):
        kenya = next(
            s
            for s in amina.get("/api/statements").json()["statements"]
            if s["country_code"] == "KE"
        )
        water = open_dispute(amina, kenya["id"], WATER, "Name the year or not?", None)
        assert kwame.post(f"/api/threads/{water['id']}/claim").status_code == 200
        # Kwame went silent two days ago.
        aged = datetime.now(UTC) - timedelta(days=2)
        sql = f"UPDATE threads SET claimed_at = '{aged:%Y-%m-%d %H:%M:%S}' WHERE id = {water['id']}"
        # In a thread of its own: Playwright's loop runs in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(_execute, load_settings(server.env).database_url, sql).result()
    ingrid = signed_in("ingrid@example.org")
    ingrid.goto("/forums/1/review-queue")
    card = ingrid.get_by_test_id("dispute")
    claim = card.get_by_test_id("claim")
    expect(claim).to_contain_text("Claimed by Kwame Mensah")
    expect(card.get_by_test_id("stale-claim")).to_contain_text("Waiting: claimed 2 days ago")
    expect(ingrid.get_by_test_id("queue-summary")).to_contain_text("1 waiting")

    claim.get_by_role("button", name="Release (with reason)").click()
    form = card.get_by_test_id("release")
    form.get_by_role("button", name="Release the claim").click()
    expect(form.get_by_role("alert")).to_have_text("Say why you release Kwame Mensah's claim.")
    form.get_by_label("Why release Kwame Mensah's claim?").fill("Kwame is away until May.")
    form.get_by_role("button", name="Release the claim").click()
    expect(claim).to_contain_text("Unclaimed")

    # A facilitator works the queue too: she claims it, then lets it go again.
    claim.get_by_role("button", name="Claim").click()
    expect(claim).to_contain_text("Claimed by you")
    claim.get_by_role("button", name="Release", exact=True).click()
    expect(claim).to_contain_text("Unclaimed")
