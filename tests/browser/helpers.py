"""Small steps the browser tests share: opening a statement, reading the editor, typing."""

from __future__ import annotations

import json

from playwright.sync_api import Locator, Page, expect

# The statement's text as CodeMirror shows it, one line per `.cm-line`, without the widgets
# y-codemirror.next draws for remote cursors (their name labels are DOM text too).
EDITOR_TEXT = """
() => Array.from(document.querySelectorAll(".cm-content .cm-line"), (line) => {
  const copy = line.cloneNode(true);
  copy.querySelectorAll(".cm-ySelectionCaret, .cm-widgetBuffer").forEach((w) => w.remove());
  return copy.textContent;
}).join("\\n")
"""


def status(page: Page) -> Locator:
    return page.get_by_test_id("status-line")


def open_statement(page: Page, statement_id: int, *, sync: str = "saved") -> None:
    """Go to the statement and wait until its status line shows `sync`."""
    page.goto(f"/statements/{statement_id}")
    expect(status(page)).to_have_attribute("data-sync", sync)


def editor_text(page: Page) -> str:
    text: str = page.evaluate(EDITOR_TEXT)
    return text


def wait_for_text(page: Page, predicate: str, timeout_ms: int = 10_000) -> str:
    """Wait until the editor's text satisfies `predicate` (a JS expression over `text`)."""
    page.wait_for_function(
        f"() => {{ const text = ({EDITOR_TEXT})(); return {predicate}; }}", timeout=timeout_ms
    )
    return editor_text(page)


def wait_for_contains(page: Page, *parts: str, timeout_ms: int = 10_000) -> str:
    checks = " && ".join(f"text.includes({json.dumps(part)})" for part in parts)
    return wait_for_text(page, checks or "true", timeout_ms)


def cursor_to_end(page: Page) -> None:
    """Focus the editor and put the cursor at the very end of the statement."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+End")


def end_of_line(page: Page, line_text: str) -> None:
    """Put the cursor at the end of the (unwrapped) editor line holding `line_text`."""
    page.locator(".cm-line", has_text=line_text).click()
    page.keyboard.press("End")


def seen(page: Page) -> dict[str, list[str]]:
    """Every data-sync and data-state value the status line has shown since the page loaded."""
    values: dict[str, list[str]] = page.evaluate(
        "() => ({ sync: [...window.__chorusSeen.sync], state: [...window.__chorusSeen.state] })"
    )
    return values


def words(n: int, prefix: str = "w", start: int = 1) -> str:
    """`n` distinct plain words separated by single spaces: "w1 w2 w3"."""
    return " ".join(f"{prefix}{i}" for i in range(start, start + n))


FILLER = (
    "Civil society asks the Government to publish the county budgets on time and to hold open "
    "hearings with young people before every decision on water and energy"
)


def prose(n: int) -> str:
    """`n` words of plausible statement text (for screenshots that a person will look at)."""
    filler = FILLER.split(" ")
    return " ".join(filler[i % len(filler)] for i in range(n)) + "."


# y-indexeddb writes every change in its own read-write transaction on the "updates" store.
# Read-write transactions on one store run in the order they were created, so once a read-write
# transaction opened now completes, every change made before it is on disk.
STORED_LOCALLY = """
async (name) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(["updates"], "readwrite");
      tx.oncomplete = () => resolve(undefined);
      tx.onerror = () => reject(tx.error);
      tx.objectStore("updates").count();
    });
  } finally {
    db.close();
  }
}
"""


def wait_until_stored_locally(page: Page, statement_id: int) -> None:
    """Wait until every change made so far is in this browser's copy of the statement."""
    page.evaluate(STORED_LOCALLY, f"chorus-statement-{statement_id}")


def wait_for_service_worker(page: Page) -> None:
    """Wait until the offline support is active and controls this page."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => undefined)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
