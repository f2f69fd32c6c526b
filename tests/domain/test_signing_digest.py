"""The text a signature binds to, pinned by the vectors shared with the client."""

from __future__ import annotations

import hashlib
import itertools
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from server.domain.cosigning import normalised_text, text_digest
from server.domain.words import rendered_text

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


def _rendered_words(markdown: str) -> list[str]:
    """The words a reader sees, compared the way a reader would: NFC, whitespace ignored.

    Zero width space separates words and a byte order mark is nothing, as in the word rule.
    """
    text = unicodedata.normalize("NFC", rendered_text(markdown))
    return text.replace("\u200b", " ").replace("\ufeff", "").split()


@pytest.mark.parametrize(
    ("before", "after"),
    list(itertools.combinations(CASES, 2)),
    ids=[f"{a['name']}-{b['name']}" for a, b in itertools.combinations(CASES, 2)],
)
def test_only_edits_that_change_no_word_keep_the_digest(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    # The rule a signatory relies on: an edit keeps their signature valid exactly when the
    # rendered text reads the same, word for word; any other edit makes it stale.
    same_words = _rendered_words(before["markdown"]) == _rendered_words(after["markdown"])
    assert (before["digest"] == after["digest"]) == same_words


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
        ("plain_prose", "link", True),
        ("link", "link_other_destination", True),
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
    ],
)
def test_edit_keeps_or_breaks_the_digest(before: str, after: str, keeps: bool) -> None:
    assert (BY_NAME[before]["digest"] == BY_NAME[after]["digest"]) is keeps


def test_digest_is_lower_case_hex_of_64() -> None:
    digest = text_digest("We call on all States.")
    assert len(digest) == 64
    assert digest == digest.lower()
    int(digest, 16)
