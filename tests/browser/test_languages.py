"""The interface's language: chosen on any page (the sign-in page included), else the
browser's preferred languages, else English; the server's refusals said in it from their code
and params."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po
from playwright.sync_api import expect

from tests.browser.conftest import NewContext, SignedInPage
from tests.support.servers import REPO, Server

PICKER = "Language · Langue · Idioma"


def _said(language: str, code: str) -> str:
    """The catalogue's sentence for `code` in `language` (a code without params)."""
    path = Path(REPO) / "client" / "src" / "locales" / language / "codes.po"
    with path.open("rb") as po:
        catalogue = read_po(po)
    message = catalogue.get(code)
    assert message is not None and message.string, f"{language} has no {code}"
    return str(message.string)


def test_french_chosen_on_the_sign_in_page_says_the_servers_refusal_in_french(
    new_context: NewContext,
) -> None:
    page = new_context().new_page()
    page.goto("/sign-in")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label(PICKER).select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_label(PICKER)).to_have_value("fr")

    page.get_by_label("Email").fill("amina@example.org")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Sign in").click()
    french = _said("fr", "bad_credentials")
    assert french != "Wrong email or password."
    expect(page.get_by_test_id("sign-in-error")).to_have_text(french)

    # Kept in this browser: the next visit opens in French.
    page.goto("/sign-in")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_the_browsers_languages_decide_before_any_choice(new_context: NewContext) -> None:
    spanish = new_context(locale="es-MX").new_page()
    spanish.goto("/sign-in")
    expect(spanish.locator("html")).to_have_attribute("lang", "es")
    expect(spanish.get_by_label(PICKER)).to_have_value("es")

    # A language we do not have yet: English.
    german = new_context(locale="de-DE").new_page()
    german.goto("/sign-in")
    expect(german.locator("html")).to_have_attribute("lang", "en")


def test_a_language_chosen_before_signing_in_is_kept_on_the_account_and_follows_the_person(
    new_context: NewContext, signed_in: SignedInPage, server: Server, accounts: dict[str, str]
) -> None:
    email = "amina@example.org"
    here = new_context().new_page()
    here.goto("/sign-in")
    here.get_by_label(PICKER).select_option("es")
    expect(here.locator("html")).to_have_attribute("lang", "es")
    here.get_by_label("Email").fill(email)
    here.get_by_label("Password").fill(accounts[email])
    here.get_by_role("button", name="Sign in").click()
    here.wait_for_url(f"{server.base_url}/")
    expect(here.locator("html")).to_have_attribute("lang", "es")
    assert here.request.get("/api/session").json()["user"]["interface_language"] == "es"

    # Another device, whose browser prefers English: the account's language decides.
    elsewhere = signed_in(email)
    expect(elsewhere.locator("html")).to_have_attribute("lang", "es")
    expect(elsewhere.get_by_label(PICKER)).to_have_value("es")

    # Chosen there while signed in: kept on the account too (told by the reloaded page, which
    # shows the person's name once its answer is in).
    elsewhere.get_by_label(PICKER).select_option("fr")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "fr")
    kept = None
    for _ in range(50):
        kept = elsewhere.request.get("/api/session").json()["user"]["interface_language"]
        if kept == "fr":
            break
        elsewhere.wait_for_timeout(100)
    assert kept == "fr"
