"""Rules for accounts: passwords a person can live with, and single-use invitations.

Passwords: length, not composition. A long password of plain words is good; the rule only
refuses what is short, absurdly long, guessable from the account itself, one key held down,
or among the passwords people choose most.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Final

from server.domain.lifecycle import format_moment
from server.domain.messages import Message

MIN_PASSWORD_CHARACTERS: Final = 10
MAX_PASSWORD_CHARACTERS: Final = 1024

# Passwords people choose most, at least MIN_PASSWORD_CHARACTERS long (shorter ones are
# refused for their length already), compared case-insensitively. The last few are what
# people writing statements for the UN are likely to try.
COMMON_PASSWORDS: Final = frozenset(
    {
        "0123456789",
        "1234567890",
        "12345678910",
        "123456789a",
        "0987654321",
        "9876543210",
        "1234512345",
        "1234554321",
        "a1b2c3d4e5",
        "abc1234567",
        "abcdefghij",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "zxcvbnm123",
        "asdfghjkl1",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "password!1",
        "iloveyou123",
        "letmein123",
        "welcome123",
        "changeme123",
        "administrator",
        "football123",
        "sunshine123",
        "trustno1234",
        "humanrights",
        "humanrights1",
        "unitednations",
        "statement1",
    }
)


def _plain(text: str) -> str:
    """Text compared the way people think of it: NFC, case folded, outer spaces dropped."""
    return unicodedata.normalize("NFC", text).casefold().strip()


def password_problems(password: str, *, email: str = "", name: str = "") -> list[Message]:
    """What is wrong with ``password`` for the account of ``email`` and ``name``.

    Returns one message per problem, empty when the password is fine. Counts characters
    after NFC normalisation (an accented letter is one character however it was typed);
    refuses fewer than MIN_PASSWORD_CHARACTERS or more than MAX_PASSWORD_CHARACTERS, the
    email address or name, one character repeated, and the most common passwords.
    """
    normalised = unicodedata.normalize("NFC", password)
    length = len(normalised)
    problems: list[Message] = []
    if length < MIN_PASSWORD_CHARACTERS:
        problems.append(
            Message(
                "password_too_short",
                f"Use at least {MIN_PASSWORD_CHARACTERS} characters; this password has "
                f"{length}. A few words in a row make a good password.",
                {"min": MIN_PASSWORD_CHARACTERS, "length": length},
            )
        )
    elif length > MAX_PASSWORD_CHARACTERS:
        problems.append(
            Message(
                "password_too_long",
                f"Use at most {MAX_PASSWORD_CHARACTERS} characters; this password has {length}.",
                {"max": MAX_PASSWORD_CHARACTERS, "length": length},
            )
        )
    if not normalised:
        return problems
    plain = _plain(normalised)
    email_plain = _plain(email)
    email_forms = {email_plain, email_plain.partition("@")[0]} - {""}
    name_plain = _plain(name)
    name_forms = {name_plain, "".join(name_plain.split())} - {""}
    if plain in email_forms:
        problems.append(
            Message("password_is_email", "Do not use your email address as your password.")
        )
    elif plain in name_forms:
        problems.append(Message("password_is_name", "Do not use your name as your password."))
    if len(set(normalised)) == 1:
        problems.append(
            Message(
                "password_one_character",
                "Use more than one different character; one key held down is easy to guess.",
            )
        )
    elif plain in COMMON_PASSWORDS:
        problems.append(
            Message("password_common", "This is one of the most common passwords; choose another.")
        )
    return problems


def invitation_refusal(
    *, expires_at: datetime, used_at: datetime | None, now: datetime
) -> Message | None:
    """Whether an invitation can still be accepted ``now``: None if so, else why not.

    Takes when it expires and when it was used (None: not yet); refuses a used invitation
    (single use, ``invitation_used``) and an expired one (``invitation_expired``, with the
    moment as ISO 8601 UTC in ``expires_at``), and refuses naive datetimes with ValueError.
    """
    for moment in (expires_at, now):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("invitation times must carry a time zone")
    if used_at is not None:
        return Message(
            "invitation_used",
            "This invitation has already been used. If you accepted it, sign in; otherwise "
            "ask the forum's facilitator for a new invitation.",
        )
    if now >= expires_at:
        return Message(
            "invitation_expired",
            f"This invitation expired on {format_moment(expires_at)}. Ask the forum's "
            "facilitator for a new invitation.",
            {"expires_at": expires_at.astimezone(UTC).isoformat()},
        )
    return None


__all__ = [
    "COMMON_PASSWORDS",
    "MAX_PASSWORD_CHARACTERS",
    "MIN_PASSWORD_CHARACTERS",
    "invitation_refusal",
    "password_problems",
]
