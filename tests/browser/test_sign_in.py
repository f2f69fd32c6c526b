"""Signing in through the real page, the statement list, and who may open what."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import NewContext, SignedInPage
from tests.browser.helpers import status
from tests.support.servers import Server


def test_wrong_password_shows_the_servers_message(new_context: NewContext, server: Server) -> None:
    page = new_context().new_page()
    page.goto("/sign-in")
    # What the server itself answers to these credentials.
    answer = page.request.post(
        "/api/session", data={"email": "amina@example.org", "password": "not-her-password"}
    )
    assert answer.status == 401
    message = answer.json()["error"]["message"]
    assert message == "Wrong email or password."

    page.get_by_label("Email").fill("amina@example.org")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Sign in").click()

    error = page.get_by_test_id("sign-in-error")
    expect(error).to_have_text(message)
    expect(error).to_have_attribute("role", "alert")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("button", name="Sign in")).to_be_enabled()
    assert page.url == f"{server.base_url}/sign-in"

    # An unknown address gets the very same sentence (no hint about who has an account).
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_role("button", name="Sign in").click()
    expect(error).to_have_text(message)


def test_empty_fields_are_caught_before_asking_the_server(new_context: NewContext) -> None:
    page = new_context().new_page()
    page.goto("/sign-in")
    page.get_by_label("Email").fill("amina@example.org")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("sign-in-error")).to_have_text("Enter your email and password.")
    expect(page.get_by_label("Password")).to_be_focused()


def test_right_password_lands_on_my_statements(signed_in: SignedInPage, server: Server) -> None:
    page = signed_in("amina@example.org")
    expect(page.get_by_role("heading", name="My statements")).to_be_visible()
    rows = page.get_by_test_id("statement-row")
    listed = page.request.get("/api/statements").json()["statements"]
    expect(rows).to_have_count(len(listed))

    # Same statements in the same order as the server's list: Kenya first, then Brazil, Japan
    # and the Arabic Egypt statement; never Chile or Colombia (not in her drafting groups).
    ids = [rows.nth(i).get_attribute("data-statement-id") for i in range(rows.count())]
    assert ids == [str(s["id"]) for s in listed]
    assert ids[:4] == ["1", "2", "5", "6"]
    expect(rows.first).to_contain_text("Kenya")
    expect(rows.first).to_contain_text("106 / 300 words · 0:43 / 2:00")
    expect(rows.nth(1)).to_contain_text("Brazil")
    expect(rows.nth(1)).to_contain_text("0 / 300 words · 0:00 / 2:00")
    expect(rows.nth(3)).to_contain_text("Egypt")
    countries = page.locator(".row-country")
    expect(countries.filter(has_text="Chile")).to_have_count(0)
    expect(countries.filter(has_text="Colombia")).to_have_count(0)
    expect(page.locator(".user-name")).to_have_text("Amina Yusuf (Kenya Youth Climate Network)")

    rows.first.get_by_role("link").click()
    page.wait_for_url(f"{server.base_url}/statements/1")
    expect(status(page)).to_have_attribute("data-sync", "saved")
    expect(page.get_by_test_id("status-words")).to_have_text("106 / 300 words")


def test_a_statement_outside_my_drafting_group_is_refused(signed_in: SignedInPage) -> None:
    page = signed_in("mei@example.org")
    page.goto("/statements/2")  # Brazil: lucas, amina and sofia only
    error = page.get_by_test_id("statement-error")
    expect(error).to_contain_text("You are not allowed to open this statement.")
    expect(page.locator(".cm-content")).to_have_count(0)
    expect(error.get_by_role("link", name="Back to my statements")).to_be_visible()

    page.goto("/statements/999")
    expect(page.get_by_test_id("statement-error")).to_contain_text("This statement does not exist")


def test_signed_out_visit_goes_to_sign_in_and_comes_back(
    new_context: NewContext, server: Server, accounts: dict[str, str]
) -> None:
    page = new_context().new_page()
    page.goto("/statements/1")
    page.wait_for_url(re.compile(r"/sign-in\?next=%2Fstatements%2F1$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    page.get_by_label("Email").fill("lucas@example.org")
    page.get_by_label("Password").fill(accounts["lucas@example.org"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.base_url}/statements/1")
    expect(status(page)).to_have_attribute("data-sync", "saved")
    expect(page.get_by_test_id("editor")).to_contain_text("Thank you, Chair.")


def test_signing_out_ends_the_session(signed_in: SignedInPage, server: Server) -> None:
    page = signed_in("sofia@example.org")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{server.base_url}/sign-in")
    assert page.request.get("/api/session").status == 401
    page.goto("/statements/1")
    page.wait_for_url(re.compile(r"/sign-in\?next=%2Fstatements%2F1$"))
