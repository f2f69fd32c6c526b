"""Two people typing into the same paragraph at the same moment, in two browsers."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import SignedInPage
from tests.browser.helpers import (
    editor_text,
    end_of_line,
    open_statement,
    seen,
    status,
    wait_for_contains,
)

LINE = "We ask the Government of Kenya:"
AMINA_SAYS = " Amina asks about the water budget for the northern counties."
LUCAS_SAYS = " Lucas asks who follows up with the youth networks."
AMINA = "Amina Yusuf (Kenya Youth Climate Network)"
LUCAS = "Lucas Pereira (Rede Cidadã pelo Desenvolvimento)"


def chunks(sentence: str) -> list[str]:
    """The sentence in word-sized pieces, each with its leading space."""
    return [" " + word for word in sentence.split()]


def test_two_people_type_into_one_paragraph_and_converge(signed_in: SignedInPage) -> None:
    amina = signed_in("amina@example.org")
    lucas = signed_in("lucas@example.org")
    for page in (amina, lucas):
        open_statement(page, 1)
    before = editor_text(amina)
    assert LINE in before and editor_text(lucas) == before

    # Both put the cursor at the end of the same line, then type alternately, a word each turn,
    # so every word of one is typed while the other's last words may still be in flight.
    end_of_line(amina, LINE)
    end_of_line(lucas, LINE)
    amina_words, lucas_words = chunks(AMINA_SAYS), chunks(LUCAS_SAYS)
    for i in range(max(len(amina_words), len(lucas_words))):
        if i < len(amina_words):
            amina.keyboard.type(amina_words[i], delay=20)
        if i < len(lucas_words):
            lucas.keyboard.type(lucas_words[i], delay=20)

    # Both editors end with the same text holding both sentences whole, in the same paragraph.
    text = wait_for_contains(amina, AMINA_SAYS, LUCAS_SAYS)
    wait_for_contains(lucas, AMINA_SAYS, LUCAS_SAYS)
    expect(status(amina)).to_have_attribute("data-sync", "saved")
    expect(status(lucas)).to_have_attribute("data-sync", "saved")
    assert editor_text(lucas) == editor_text(amina) == text
    line = next(line for line in text.splitlines() if line.startswith(LINE))
    assert line in (LINE + AMINA_SAYS + LUCAS_SAYS, LINE + LUCAS_SAYS + AMINA_SAYS)
    # Nothing else moved.
    assert text.replace(AMINA_SAYS, "").replace(LUCAS_SAYS, "") == before

    added = len(AMINA_SAYS.split()) + len(LUCAS_SAYS.split())
    for page in (amina, lucas):
        expect(page.get_by_test_id("status-words")).to_have_text(f"{106 + added} / 300 words")

    # Each sees the other here and the other's named cursor in the text.
    expect(amina.get_by_test_id("presence")).to_contain_text(LUCAS)
    expect(lucas.get_by_test_id("presence")).to_contain_text(AMINA)
    expect(amina.get_by_test_id("presence")).not_to_contain_text(AMINA)
    expect(amina.locator(".cm-ySelectionInfo")).to_have_text(LUCAS)
    expect(lucas.locator(".cm-ySelectionInfo")).to_have_text(AMINA)

    # The status line went through "saving…" to "saved" for each typist.
    for page in (amina, lucas):
        values = seen(page)["sync"]
        assert "saving" in values, values
        assert values[-1] == "saved", values
        assert values[0] == "connecting", values

    # A third person opening the statement now gets the merged text from the server.
    mei = signed_in("mei@example.org")
    open_statement(mei, 1)
    assert editor_text(mei) == text
    expect(mei.get_by_test_id("presence")).to_contain_text(AMINA)
    expect(mei.get_by_test_id("presence")).to_contain_text(LUCAS)
