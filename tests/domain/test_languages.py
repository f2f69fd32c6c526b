"""Which way a statement's language is written (server/domain/languages.py)."""

from __future__ import annotations

from server.domain.languages import is_right_to_left


def test_arabic_hebrew_persian_and_urdu_are_written_right_to_left() -> None:
    assert all(is_right_to_left(code) for code in ("ar", "he", "fa", "ur"))


def test_a_regional_tag_follows_its_language() -> None:
    assert is_right_to_left("ar-EG")
    assert not is_right_to_left("en-GB")


def test_the_other_un_languages_are_written_left_to_right() -> None:
    assert not any(is_right_to_left(code) for code in ("en", "fr", "es", "ru", "zh"))
