"""The text a signature binds to, pinned by the vectors shared with the client: the words
and the links the exports show."""

from __future__ import annotations

import hashlib
import itertools
import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from server.domain.cosigning import normalised_text, text_digest
from server.domain.words import rendered_text

# The exports' rendering (CommonMark, raw HTML off).
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
VECTORS_PATH = Path(__file__).parents[2] / "schemas" / "signing_vectors.json"


def _load_cases() -> list[dict[str, Any]]:
    document = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = document["cases"]
    return cases


CASES = _load_cases()
BY_NAME = {case["name"]: case for case in CASES}


def test_vectors_are_well_formed() -> None:
    assert len(CASES) >= 25
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert set(case) == {"name", "markdown", "normalised", "digest", "reason"}
        assert case["reason"]
        assert case["digest"] == hashlib.sha256(case["normalised"].encode()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_vector(case: dict[str, Any]) -> None:
    assert normalised_text(case["markdown"]) == case["normalised"], case["reason"]
    assert text_digest(case["markdown"]) == case["digest"], case["reason"]


class _ExportShows(HTMLParser):
    """What the HTML export of a Markdown text shows: its words, and each link with its
    destination and words. Read from the HTML markdown-it renders (the exports' rendering),
    not from the token walk the digest uses, so the two are checked against each other."""

    BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, list[str]]] = []
        self._link: list[str] | None = None

    def _add(self, text: str) -> None:
        self.text.append(text)
        if self._link is not None:
            self._link.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._link = []
            self.links.append((dict(attrs).get("href") or "", self._link))
        elif tag == "img":
            self._add(f" {dict(attrs).get('alt') or ''} ")  # an image is its alt text
        elif tag in self.BLOCKS or tag in ("br", "hr"):
            self._add(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._link = None
        elif tag in self.BLOCKS:
            self._add(" ")

    def handle_data(self, data: str) -> None:
        self._add(data)


def _words(text: str) -> list[str]:
    """Words compared the way a reader would: NFC, whitespace ignored; zero width space
    separates words and a byte order mark is nothing, as in the word rule."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\u200b", " ").replace("\ufeff", "").split()


def _export_shows(markdown: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    shows = _ExportShows()
    shows.feed(_MARKDOWN.render(markdown))
    shows.close()
    links = [(href, _words("".join(words))) for href, words in shows.links]
    return _words("".join(shows.text)), links


@pytest.mark.parametrize(
    ("before", "after"),
    list(itertools.combinations(CASES, 2)),
    ids=[f"{a['name']}-{b['name']}" for a, b in itertools.combinations(CASES, 2)],
)
def test_only_edits_that_change_nothing_the_exports_show_keep_the_digest(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    # The rule a signatory relies on: an edit keeps their signature valid exactly when the
    # exported statement reads the same, word for word and link for link; any other edit
    # makes it stale.
    same = _export_shows(before["markdown"]) == _export_shows(after["markdown"])
    assert (before["digest"] == after["digest"]) == same


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_text_without_links_or_brackets_keeps_the_digest_it_had(case: dict[str, Any]) -> None:
    # Before links counted, the digest covered the rendered words alone: a text with no link
    # and no bracket or backslash normalises as it did then (links make a difference).
    before = " ".join(_words(rendered_text(case["markdown"])))
    links = _export_shows(case["markdown"])[1]
    if not links and not any(ch in before for ch in "[]\\"):
        assert case["normalised"] == before
    else:
        assert case["normalised"] != before


@pytest.mark.parametrize(
    ("before", "after", "keeps"),
    [
        ("plain_prose", "extra_spaces", True),
        ("plain_prose", "line_breaks", True),
        ("plain_prose", "paragraphs", True),
        ("plain_prose", "tabs_and_nbsp", True),
        ("plain_prose", "heading", True),
        ("plain_prose", "emphasis", True),
        ("plain_prose", "bullet_list", True),
        ("plain_prose", "ordered_list", True),
        ("plain_prose", "blockquote", True),
        ("plain_prose", "hard_break", True),
        ("plain_prose", "byte_order_mark", True),
        ("arabic", "arabic_extra_whitespace", True),
        ("combining_accent_nfc", "combining_accent_nfd", True),
        ("empty", "only_markup", True),
        ("plain_prose", "changed_word", False),
        ("plain_prose", "changed_number", False),
        ("plain_prose", "changed_punctuation", False),
        ("plain_prose", "added_comma", False),
        ("plain_prose", "split_word", False),
        ("plain_prose", "escaped_asterisks", False),
        ("chinese", "chinese_changed_character", False),
        ("chinese", "chinese_line_break", False),
        # A link's destination is shown by the exports; how the Markdown writes it is not.
        ("plain_prose", "link", False),
        ("link", "link_other_destination", False),
        ("link", "link_reference", True),
        ("link", "link_reference_collapsed", True),
        ("link", "link_angle_destination", True),
        ("link", "link_with_title", True),
        ("link", "link_emphasised", True),
        ("link", "link_inner_spaces", True),
        ("link", "image_in_link", True),
        ("link", "link_over_other_words", False),
        ("link", "link_as_literal_text", False),
        ("link", "link_in_code", False),
        ("link_destination_raw", "link_destination_percent_encoded", True),
        ("two_links", "two_links_swapped", False),
        ("autolink", "autolink_as_inline_link", True),
        ("autolink", "autolink_other_destination", False),
        ("autolink", "bare_url", False),
        ("plain_prose", "literal_brackets", False),
        # Images are their alt text: the source is never shown.
        ("plain_prose", "image", True),
        ("image", "image_other_source", True),
        ("image", "image_other_alt", False),
        ("plain_prose", "link_in_image_alt", True),
        ("arabic_link", "arabic_link_other_destination", False),
        ("arabic_link", "arabic_link_idn", False),
        ("chinese_link", "chinese_link_other_destination", False),
        ("chinese_link", "chinese_link_idn", False),
        ("emoji_link", "emoji_link_other_destination", False),
        ("emoji", "emoji_link", False),
    ],
)
def test_edit_keeps_or_breaks_the_digest(before: str, after: str, keeps: bool) -> None:
    assert (BY_NAME[before]["digest"] == BY_NAME[after]["digest"]) is keeps


def test_typed_text_never_reads_as_a_link() -> None:
    # Brackets and backslashes typed as text are escaped, so no text spells a link's marks.
    linked = normalised_text("[civic space](https://example.org/a)")
    assert linked == "[civic space]<https://example.org/a>"
    assert normalised_text("\\[civic space\\]<https://example.org/a>") != linked
    assert normalised_text("`[civic space]<https://example.org/a>`") != linked
    assert normalised_text("\\\\[civic space](https://example.org/a)") == (
        "\\\\[civic space]<https://example.org/a>"
    )


def test_a_link_moved_to_the_same_words_elsewhere_changes_the_digest() -> None:
    before = "See [the report](https://example.org/a) and the report."
    after = "See the report and [the report](https://example.org/a)."
    assert text_digest(before) != text_digest(after)


def test_digest_is_lower_case_hex_of_64() -> None:
    digest = text_digest("We call on all States.")
    assert len(digest) == 64
    assert digest == digest.lower()
    int(digest, 16)
