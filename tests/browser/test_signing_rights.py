"""Who may sign for an organisation, and who said so: a facilitator gives a new member of the
Kenya Youth Climate Network the right to sign for it from the forum's page, which then says who
granted it and when; Amina, who already signs for the network, sees on Kenya's statement, live,
that Wanjiru may sign for it too and that Ingrid granted the right; when Ingrid takes it back,
the line goes."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import open_statement
from tests.support.http import signed_in_as
from tests.support.servers import Server

KENYA = 1
KYCN = "Kenya Youth Climate Network"
WANJIRU = "Wanjiru Kamau"
# "7 Dec 2026": the day of the grant, as the client writes dates (whatever day the test runs).
DAY = r"\d{1,2} [A-Z][a-z]{2,3} \d{4}"
PHONE = ViewportSize(width=390, height=844)


def fellows(page: Page) -> Locator:
    return page.get_by_test_id("signatures").get_by_test_id("fellow-signers")


def _wanjiru_joins_the_network(server: Server, accounts: dict[str, str]) -> None:
    """Ingrid invites Wanjiru into Kenya's drafting group as a member of the network; she
    accepts. She may not sign for it yet."""
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        organisations = ingrid.get("/api/organisations").json()["organisations"]
        kycn = next(o["id"] for o in organisations if o["name"] == KYCN)
        made = ingrid.post(
            "/api/forums/1/invitations",
            json={"role": "contributor", "statement_id": KENYA, "organisation_id": kycn},
        )
        assert made.status_code == 201, made.text
    with httpx.Client(base_url=server.base_url, timeout=10) as wanjiru:
        joined = wanjiru.post(
            f"/api/invitations/{made.json()['link'].removeprefix('/join/')}/accept",
            json={
                "name": WANJIRU,
                "email": "wanjiru@example.org",
                "password": "a long enough password",
            },
        )
        assert joined.status_code == 201, joined.text


def test_a_signatory_sees_who_else_may_sign_for_their_organisation_and_who_granted_it(
    signed_in: SignedInPage, server: Server, accounts: dict[str, str], screenshots: Path
) -> None:
    _wanjiru_joins_the_network(server, accounts)
    amina = signed_in("amina@example.org")  # signs for the network (the demo)
    open_statement(amina, KENYA)
    expect(amina.get_by_role("button", name=f"Sign for {KYCN}")).to_be_visible()
    expect(fellows(amina)).to_have_count(0)

    ingrid = signed_in("ingrid@example.org")
    ingrid.goto("/forums/1/admin")
    box = ingrid.get_by_label(f"{WANJIRU} may sign for {KYCN}")
    expect(box).not_to_be_checked()
    row = ingrid.get_by_test_id("signers").locator("li").filter(has=box)
    expect(row.get_by_test_id("signer-grant")).to_have_count(0)
    box.check()
    expect(box).to_be_checked()
    expect(row.get_by_test_id("signer-grant")).to_have_text(
        re.compile(rf"^granted by Ingrid Halvorsen on {DAY}$")
    )
    # A right from before grants were recorded names nobody.
    amina_box = ingrid.get_by_label(f"Amina Yusuf may sign for {KYCN}")
    expect(amina_box).to_be_checked()
    expect(
        ingrid.get_by_test_id("signers")
        .locator("li")
        .filter(has=amina_box)
        .get_by_test_id("signer-grant")
    ).to_have_count(0)

    # Amina's open statement follows: who else may sign for her network, and who said so.
    line = fellows(amina).get_by_test_id("fellow-signers-organisation")
    expect(line).to_have_text(
        re.compile(
            rf"^Also signing for {KYCN}: {WANJIRU} "
            rf"\(right granted by Ingrid Halvorsen on {DAY}\)$"
        )
    )
    # Nobody else's organisation is listed to her.
    expect(line).to_have_count(1)

    signers_cell = ingrid.get_by_test_id("signers").filter(has=box)
    signers_cell.scroll_into_view_if_needed()
    ingrid.get_by_test_id("organisations").screenshot(
        path=str(screenshots / "signing-rights-admin.png")
    )
    amina.get_by_test_id("signatures").screenshot(
        path=str(screenshots / "signing-rights-panel.png")
    )
    # On a phone: the same, read from a fresh load.
    for page in (amina, ingrid):
        page.set_viewport_size(PHONE)
    open_statement(amina, KENYA)
    expect(fellows(amina)).to_contain_text("right granted by Ingrid Halvorsen")
    amina.get_by_test_id("signatures").screenshot(
        path=str(screenshots / "signing-rights-panel-phone.png")
    )
    ingrid.reload()
    phone_row = (
        ingrid.get_by_test_id("signers")
        .locator("li")
        .filter(has=ingrid.get_by_label(f"{WANJIRU} may sign for {KYCN}"))
    )
    expect(phone_row.get_by_test_id("signer-grant")).to_contain_text("granted by Ingrid")
    ingrid.locator("section", has=ingrid.get_by_test_id("organisations")).screenshot(
        path=str(screenshots / "signing-rights-admin-phone.png")
    )
    phone_row.scroll_into_view_if_needed()  # the table scrolls to its members column
    ingrid.screenshot(path=str(screenshots / "signing-rights-admin-phone-members.png"))

    # Ingrid takes the right back: the line leaves Amina's statement.
    ingrid.get_by_label(f"{WANJIRU} may sign for {KYCN}").uncheck()
    expect(phone_row.get_by_test_id("signer-grant")).to_have_count(0)
    expect(fellows(amina)).to_have_count(0)
