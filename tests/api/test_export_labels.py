"""An export's own words (its state, who it is delivered on behalf of, the speaker, the count,
the date) are in the statement's language where a catalogue has it, English otherwise; the
text, names and titles stay as written."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

from server.export import labels
from tests.api.test_exports import FORMATS, _export, _ids, _text_of
from tests.support.http import signed_in_as
from tests.support.servers import Server

LANGUAGES = sorted(path.name for path in labels.LOCALES.iterdir() if path.is_dir())


def test_french_and_spanish_have_catalogues() -> None:
    assert {"fr", "es"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_says_every_label_and_keeps_the_counts_values(language: str) -> None:
    with (labels.LOCALES / language / "export.po").open("rb") as po:
        catalogue = read_po(po)
    for label in labels.LABELS:
        found = catalogue.get(label)
        assert found is not None and found.string, f"{language} does not say {label!r}"
    count = catalogue.get(labels.COUNT[0])
    assert count is not None and isinstance(count.string, tuple)
    for form in count.string:
        assert "{words}" in form and "{time}" in form, f"{language}: {form!r}"


def test_labels_in_the_statements_language_with_its_plurals_and_numbers() -> None:
    assert labels.state_label("es", "drafting", True) == "BORRADOR"
    assert labels.state_label("es-419", "drafting", True) == "BORRADOR"  # by its primary tag
    assert labels.state_label("fr", "delivered", False) == "Prononcée"
    assert labels.on_behalf_label("fr") == "Prononcée au nom de :"
    assert labels.count_label("fr", 1, 30) == "1 mot · 0:30"
    assert labels.count_label("fr", 0, 0) == "0 mot · 0:00"  # French says 0 in the singular
    assert labels.count_label("es", 0, 0) == "0 palabras · 0:00"
    assert labels.count_label("es", 1312, 125) == "1.312 palabras · 2:05"
    assert labels.date_label("es", date(2026, 12, 8)) == "8 de diciembre de 2026"


def test_a_language_without_a_catalogue_keeps_the_english_as_it_was() -> None:
    for language in ("en", "ar", "zz", ""):
        assert labels.state_label(language, "drafting", True) == "DRAFT"
        assert labels.state_label(language, "final", False) == "Final"
        assert labels.on_behalf_label(language) == "Delivered on behalf of:"
        assert labels.speaker_label(language) == "Speaker:"
        assert labels.count_label(language, 1, 65) == "1 word · 1:05"
        assert labels.count_label(language, 312, 125) == "312 words · 2:05"
        assert labels.date_label(language, date(2026, 12, 8)) == "2026-12-08"


def test_a_spanish_statement_exports_in_spanish_and_an_arabic_one_in_english(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        ids = _ids(sofia)
        today = datetime.now(UTC).date()
        for extension in FORMATS:
            spanish = _text_of(extension, _export(sofia, ids["Colombia"], extension).content)
            assert "BORRADOR" in spanish and "DRAFT" not in spanish, extension
            assert "palabras" in spanish and " words " not in f" {spanish} ", extension
            day = unicodedata.normalize("NFKC", format_date(today, format="long", locale="es"))
            assert day in unicodedata.normalize("NFKC", spanish), extension

            arabic = _text_of(extension, _export(sofia, ids["Egypt"], extension).content)
            assert "DRAFT" in arabic and "words" in arabic, extension
            assert today.isoformat() in arabic, extension
