"""The words an export says around the statement (its state, who it is delivered on behalf of,
the speaker, the count and the date) in the statement's own language where a catalogue has
it, in English otherwise. The text itself, names and titles are data and stay as written.

A catalogue is `server/export/locales/<language>/export.po` (gettext PO, the kind translators'
tools read; its msgids are the English), read with Babel: adding a language is adding its file
(`tests/api/test_export_labels.py` holds each to every label)."""

from __future__ import annotations

import gettext
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALES = Path(__file__).resolve().parent / "locales"

# Every label, as its catalogue's msgid (the English); the count has a plural.
LABELS = ("DRAFT", "Final", "Delivered", "Delivered on behalf of:", "Speaker:")
COUNT = ("{words} word · {time}", "{words} words · {time}")


def primary_language(language: str) -> str:
    """'es-419' -> 'es': the catalogue a statement's language reads."""
    return language.replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=16)
def translations(language: str) -> gettext.NullTranslations:
    """The labels' catalogue for `language` (its primary subtag); English when there is none."""
    path = LOCALES / primary_language(language) / "export.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)


def has_catalogue(language: str) -> bool:
    return (LOCALES / primary_language(language) / "export.po").is_file()


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(primary_language(language)) if has_catalogue(language) else Locale("en")
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def state_label(language: str, state: str, is_draft: bool) -> str:
    """A draft says DRAFT plainly; otherwise Final or Delivered."""
    t = translations(language)
    if is_draft:
        return t.gettext("DRAFT")
    return t.gettext("Delivered") if state == "delivered" else t.gettext("Final")


def on_behalf_label(language: str) -> str:
    return translations(language).gettext("Delivered on behalf of:")


def speaker_label(language: str) -> str:
    return translations(language).gettext("Speaker:")


def count_label(language: str, words: int, seconds: int) -> str:
    """'312 words · 2:05', the number and the plural as the language writes them."""
    minutes, rest = divmod(seconds, 60)
    template = translations(language).ngettext(*COUNT, words)
    # English as it always read (312, not 312.0 or a grouped 1,312): the count never reaches
    # a thousand under any limit, and a catalogue's language writes its own way.
    number = (
        format_decimal(words, locale=_locale(language)) if has_catalogue(language) else str(words)
    )
    return template.format(words=number, time=f"{minutes}:{rest:02d}")


def date_label(language: str, day: date) -> str:
    """The day in the language's long form where a catalogue has it ('8 décembre 2026'); the
    unambiguous ISO form otherwise."""
    if not has_catalogue(language):
        return day.isoformat()
    return format_date(day, format="long", locale=_locale(language))
