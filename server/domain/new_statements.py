"""How a statement begins: every one starts in drafting; a country's is titled by its forum's
kind and written in the forum's first language, a group session's joint one is titled by its
countries and starts from their drafts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from server.domain.countries import country_name
from server.domain.forums import statement_title
from server.domain.lifecycle import State

FIRST_STATE: Final = State.DRAFTING
DEFAULT_LANGUAGE: Final = "en"


@dataclass(frozen=True)
class NewStatement:
    """What a statement is made with: its title, language, country (None: the joint
    statement of a group session) and first text."""

    title: str
    language: str
    country_code: str | None
    text: str = ""

    @property
    def is_joint(self) -> bool:
        return self.country_code is None


def new_country_statement(
    forum_kind: str, forum_languages: Sequence[str], country_code: str
) -> NewStatement:
    """A country's statement in a new session: empty, in the forum's first language."""
    language = next(iter(forum_languages), "") or DEFAULT_LANGUAGE
    return NewStatement(
        title=statement_title(forum_kind, country_name(country_code)),
        language=language,
        country_code=country_code,
    )


def new_joint_statement(
    country_names: Sequence[str], language: str | None, text: str
) -> NewStatement:
    """A group session's joint statement, titled by its countries in the session's order (two
    or more), in the language of a country draft (None: the default) with `text` to start."""
    names = list(country_names)
    title = "Joint statement of " + ", ".join(names[:-1]) + " and " + names[-1]
    return NewStatement(
        title=title,
        language=DEFAULT_LANGUAGE if language is None else language,
        country_code=None,
        text=text,
    )
