"""Every message code the server sends can be said in each language of the interface: the PO
catalogues under client/src/locales stay in step with the server's catalogue, every code is
translated, and each translation says the same params as the English, in valid ICU."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from schemas.translations import LANGUAGES, LOCALES, SOURCE, path_of, read, render, write
from server.domain.catalogue import CATALOGUE, Entry, arguments

RUN = "run `.venv/bin/python -m schemas.translations`"
FRENCH = {"fr": "nplurals=2; plural=(n > 1);"}

# The plural categories CLDR names; a plural branch is one of them or an exact `=n`.
PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


@functools.cache
def _translations(language: str) -> dict[str, str]:
    catalog = read(language)
    assert catalog is not None, f"{path_of(language)} is missing: {RUN}"
    return {str(message.id): str(message.string or "") for message in catalog if message.id}


def _branching(message: str) -> set[tuple[str, str, frozenset[str]]]:
    """(param, plural or select, branch keys) of each branching argument of a valid ICU
    message, at any depth."""
    found = set()
    for match in re.finditer(r"\{\s*(\w+)\s*,\s*(plural|select)\s*,", message):
        keys, at = [], match.end()
        while not message[at:].lstrip().startswith("}"):
            at = len(message) - len(message[at:].lstrip())
            brace = message.index("{", at)
            keys.append(message[at:brace].strip())
            depth, at = 1, brace + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(message[at], 0)
                at += 1
        found.add((match[1], match[2], frozenset(keys)))
    return found


def test_english_file_is_up_to_date() -> None:
    assert path_of(SOURCE).read_text(encoding="utf-8") == render(SOURCE), (
        f"{path_of(SOURCE).relative_to(LOCALES.parents[2])} is out of date: {RUN}"
    )


def test_every_language_with_a_file_is_listed() -> None:
    with_file = {path.parent.name for path in LOCALES.glob("*/codes.po")}
    assert with_file == {SOURCE, *LANGUAGES}, (
        "each language's codes.po is listed in LANGUAGES (schemas/translations.py) and each "
        f"language listed has its file ({RUN})"
    )


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_translation_file_is_in_step(language: str) -> None:
    assert path_of(language).read_text(encoding="utf-8") == render(language), (
        f"{language}/codes.po is not in step with the catalogue (a code added, gone or out of "
        f"order): {RUN}, then translate what it adds"
    )


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_code_is_translated(language: str) -> None:
    translations = _translations(language)
    missing = sorted(code for code in CATALOGUE if not translations.get(code))
    assert not missing, (
        f"{language}/codes.po has no translation of {len(missing)} of the {len(CATALOGUE)} "
        f"codes: {', '.join(missing)}"
    )


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_no_translation_of_an_unknown_code(language: str) -> None:
    unknown = sorted(set(_translations(language)) - set(CATALOGUE))
    assert not unknown, f"{language}/codes.po has codes not in the catalogue: {unknown}: {RUN}"


@pytest.mark.parametrize(
    ("language", "code"),
    [(language, code) for language in sorted(LANGUAGES) for code in sorted(CATALOGUE)],
    ids=lambda value: str(value),
)
def test_translation_says_the_same_params(language: str, code: str) -> None:
    english = CATALOGUE[code].template
    translation = _translations(language).get(code)
    if not translation:
        pytest.skip(f"{code} has no {language} translation (test_every_code_is_translated)")
    try:
        said = arguments(translation)
    except ValueError as error:
        malformed = str(error)
    else:
        malformed = ""
    assert not malformed, f"the {language} translation of {code} is not valid ICU: {malformed}"
    dropped, invented = arguments(english) - said, said - arguments(english)
    assert not dropped and not invented, (
        f"the {language} translation of {code} says other params than the English: "
        f"dropped {sorted(dropped)}, invented {sorted(invented)}"
    )

    # An apostrophe before a brace or # starts quoted text in ICU: the rest would be literal.
    assert not re.search(r"'[{}#]|''", translation), (
        f"the {language} translation of {code} has an apostrophe before a brace or #"
    )
    # Branch keywords stay in English: a select on the English's values, plurals on CLDR's
    # categories, and every branching argument has an `other` branch.
    branching = _branching(translation)
    for name, kind, keys in _branching(english):
        if kind == "select":
            assert (name, kind, keys) in branching, (
                f"the {language} translation of {code} does not keep the select on {name} "
                f"with the English branches {sorted(keys)}"
            )
    for name, kind, keys in branching:
        assert "other" in keys, f"the {language} translation of {code}: {name} has no other"
        if kind == "plural":
            odd = {key for key in keys if key not in PLURAL_CATEGORIES and key[:1] != "="}
            assert not odd, f"the {language} translation of {code}: {name} has branches {odd}"


def test_the_generator_keeps_translations_and_follows_the_catalogue(tmp_path: Path) -> None:
    before = {
        "kept": Entry("Kept for {name}.", {"name": "str"}),
        "removed": Entry("Gone soon."),
    }
    write(catalogue=before, locales=tmp_path, languages=FRENCH)
    french = path_of("fr", tmp_path)
    text = french.read_text(encoding="utf-8")
    assert 'msgid "kept"\nmsgstr ""' in text  # a new language starts with every code empty
    # A translator writes a glossary in the header and translates both codes.
    text = text.replace('msgid ""\n', '# thing = chose\nmsgid ""\n', 1)
    text = text.replace('msgid "kept"\nmsgstr ""', 'msgid "kept"\nmsgstr "Gardé pour {name}."')
    text = text.replace('"removed"\nmsgstr ""', '"removed"\nmsgstr "Bientôt parti."')
    french.write_text(text, encoding="utf-8")

    after = {
        "kept": Entry("Kept for {name}.", {"name": "str"}),
        "added": Entry("{n, plural, one {# thing} other {# things}}", {"n": "int"}),
    }
    write(catalogue=after, locales=tmp_path, languages=FRENCH)

    kept = read("fr", tmp_path)
    assert kept is not None
    assert [(m.id, m.string) for m in kept if m.id] == [
        ("added", ""),
        ("kept", "Gardé pour {name}."),
    ]
    assert kept["added"].auto_comments == [
        "English: {n, plural, one {# thing} other {# things}}",
        "Parameters: n (number).",
    ]
    assert "# thing = chose" in kept.header_comment
    assert "plural=(n > 1)" in french.read_text(encoding="utf-8")
    # Written again, nothing changes: the file is what the generator writes from itself.
    assert french.read_text(encoding="utf-8") == render(
        "fr", catalogue=after, locales=tmp_path, languages=FRENCH
    )

    english = read(SOURCE, tmp_path)
    assert english is not None
    assert [(m.id, m.string) for m in english if m.id] == [
        ("added", "{n, plural, one {# thing} other {# things}}"),
        ("kept", "Kept for {name}."),
    ]
