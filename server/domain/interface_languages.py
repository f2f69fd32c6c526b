"""The languages Chorus's own pages speak (the interface: buttons, headings, refusals), which a
person chooses on any page and keeps on their account.

Not the language a statement is written in: a forum lists those (any UN language, such as
Arabic), and `server.domain.languages` says which way each is written. The interface speaks
only the languages it has translations for, listed here once.
"""

from __future__ import annotations

from typing import Final

from server.domain.messages import Message, say

# The interface's languages, as the client's catalogues name them; English first, the default.
INTERFACE_LANGUAGES: Final = ("en", "fr", "es")


def interface_language(asked: str) -> str:
    """A language code as asked, the way it is kept: without surrounding spaces, in lower case
    ("FR " is "fr"). A regional tag stays as it is ("fr-CA" is not "fr"): the client asks in its
    own catalogues' codes."""
    return asked.strip().lower()


def interface_language_refusal(asked: str) -> Message | None:
    """Why `asked` cannot be a person's interface language, or None when it is offered (once
    trimmed and lower-cased). The refusal names the language as it was asked, trimmed."""
    if interface_language(asked) in INTERFACE_LANGUAGES:
        return None
    return say("language_not_offered", language=asked.strip())
