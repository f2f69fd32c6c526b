"""Playwright driving Debian's Chromium against a real server serving the built client."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.support.servers import REPO, Server

CHROMIUM = os.environ.get("CHORUS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Web-first assertions wait this long (ms) before failing; a cold server and Chromium can take
# a second or two to open the first statement.
expect.set_options(timeout=10_000)

# Installed in every page before the app's scripts run: remembers every value the status line
# takes (data-sync and data-state, consecutive repeats folded), so a test can check that a
# short-lived state such as "saving" or "connecting" was shown at some point.
RECORD_STATUS = """
(() => {
  const seen = { sync: [], state: [] };
  Object.defineProperty(window, "__chorusSeen", { value: seen });
  const note = (list, value) => {
    if (value && list[list.length - 1] !== value) list.push(value);
  };
  const record = (el) => {
    note(seen.sync, el.getAttribute("data-sync"));
    note(seen.state, el.getAttribute("data-state"));
  };
  const selector = '[data-testid="status-line"]';
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === "attributes") {
        if (m.target.matches(selector)) record(m.target);
        continue;
      }
      for (const node of m.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches(selector)) record(node);
        node.querySelectorAll(selector).forEach(record);
      }
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-sync", "data-state"],
  });
})();
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# Package scope: Playwright's sync API holds an event loop on this thread while it runs,
# so it must stop before the async websocket tests that follow this package.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not (REPO / "client" / "dist" / "index.html").exists():
        pytest.fail("the client is not built: run `make test` (it builds client/dist)")
    with sync_playwright() as playwright:
        # Each context gets a fresh profile (Playwright makes a new user-data dir per launch and
        # keeps contexts apart), so no test sees another's IndexedDB or service worker.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class NewContext(Protocol):
    """Opens a browser context; `locale` sets the browser's preferred language (en-US when
    not given, Chromium's own)."""

    def __call__(self, *, locale: str | None = None) -> BrowserContext: ...


SignedInPage = Callable[[str], Page]


@pytest.fixture
def new_context(browser: Browser, server: Server) -> Iterator[NewContext]:
    """Open a fresh, signed-out browser context on the test's server (closed at the end).

    Uncaught errors in any of its pages fail the test at teardown.
    """
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def open_context(*, locale: str | None = None) -> BrowserContext:
        context = browser.new_context(
            base_url=server.base_url,
            viewport={"width": 1100, "height": 800},
            **({"locale": locale} if locale else {}),
        )
        context.set_default_timeout(15_000)
        context.add_init_script(RECORD_STATUS)
        context.on("weberror", lambda error: errors.append(str(error.error)))
        contexts.append(context)
        return context

    try:
        yield open_context
    finally:
        for context in contexts:
            context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def signed_in(new_context: NewContext, server: Server, accounts: dict[str, str]) -> SignedInPage:
    """Open a new browser context and sign `email` in through the real sign-in page."""

    def open_as(email: str) -> Page:
        page = new_context().new_page()
        page.goto("/sign-in")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(accounts[email])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{server.base_url}/")
        return page

    return open_as


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("CHORUS_SCREENSHOTS", tmp_path / "screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    return out
