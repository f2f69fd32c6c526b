"""The languages the pages speak (server/domain/interface_languages.py), apart from the
language a statement is written in."""

from __future__ import annotations

import pytest

from schemas.translations import LANGUAGES, SOURCE
from server.domain.interface_languages import (
    INTERFACE_LANGUAGES,
    interface_language,
    interface_language_refusal,
)


def test_english_french_and_spanish_are_offered_english_first() -> None:
    assert INTERFACE_LANGUAGES == ("en", "fr", "es")


def test_every_language_offered_has_the_server_messages_translated() -> None:
    # A language the interface offers says every refusal in it: its codes.po is kept.
    assert set(INTERFACE_LANGUAGES) == {SOURCE, *LANGUAGES}


@pytest.mark.parametrize("asked", ["en", "fr", "es", "FR", " es ", "En\n"])
def test_an_offered_language_in_any_case_and_spacing_is_taken(asked: str) -> None:
    assert interface_language_refusal(asked) is None
    assert interface_language(asked) in INTERFACE_LANGUAGES


def test_it_is_kept_trimmed_and_in_lower_case() -> None:
    assert interface_language(" FR ") == "fr"


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ("de", "de"),
        ("", ""),
        ("  ", ""),
        (" AR ", "AR"),
        ("fr-CA", "fr-CA"),
        ("français", "français"),
    ],
)
def test_any_other_is_refused_naming_it_as_asked(asked: str, named: str) -> None:
    refusal = interface_language_refusal(asked)
    assert refusal is not None
    assert refusal.code == "language_not_offered"
    assert refusal.params == {"language": named}
    assert refusal.text == (
        f"Chorus does not speak “{named}” yet; choose English, French or Spanish."
    )


def test_a_statement_language_the_interface_does_not_speak_is_still_refused() -> None:
    # Arabic is a UN language a statement may be written in; the pages do not speak it.
    assert interface_language_refusal("ar") is not None
