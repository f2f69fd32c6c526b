"""Password rules a person can live with, and single-use, expiring invitations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.domain.accounts import (
    COMMON_PASSWORDS,
    MAX_PASSWORD_CHARACTERS,
    MIN_PASSWORD_CHARACTERS,
    invitation_refusal,
    password_problems,
)
from server.domain.messages import Message

EXPIRES = datetime(2025, 3, 8, 12, 0, tzinfo=UTC)


def _texts(problems: list[Message]) -> list[str]:
    return [problem.text for problem in problems]


def test_a_long_phrase_of_plain_words_is_fine() -> None:
    assert password_problems("river lantern quietly") == []


def test_no_composition_rules() -> None:
    assert password_problems("alllowercaseletters") == []
    assert password_problems("3141592653589") == []


def test_too_short_says_how_many_characters() -> None:
    assert _texts(password_problems("short1")) == [
        "Use at least 10 characters; this password has 6. "
        "A few words in a row make a good password."
    ]


def test_ten_characters_is_enough() -> None:
    assert password_problems("tenchars!!") == []
    assert MIN_PASSWORD_CHARACTERS == 10


def test_characters_are_counted_after_nfc_normalisation() -> None:
    decomposed = "cafe\u0301cafe\u0301c"  # "cafécafé" + "c", é typed as e + accent: 11 code points
    assert len(decomposed) == 11
    assert _texts(password_problems(decomposed)) == [
        "Use at least 10 characters; this password has 9. "
        "A few words in a row make a good password."
    ]
    assert password_problems("cafe\u0301cafe\u0301cafe\u0301") == []  # 12 after NFC


def test_non_latin_passwords_count_characters_not_bytes() -> None:
    assert password_problems("пароль") != []  # 6 characters, 12 bytes
    assert password_problems("мой длинный пароль") == []


def test_too_long_is_refused() -> None:
    assert password_problems("ab" * (MAX_PASSWORD_CHARACTERS // 2)) == []
    assert _texts(password_problems("ab" * MAX_PASSWORD_CHARACTERS)) == [
        "Use at most 1024 characters; this password has 2048."
    ]


def test_the_email_address_is_refused_in_any_case() -> None:
    problems = _texts(
        password_problems("Amina.Diallo@Example.org", email="amina.diallo@example.org")
    )
    assert problems == ["Do not use your email address as your password."]


def test_the_part_of_the_email_before_the_at_is_refused() -> None:
    problems = _texts(password_problems("amina.diallo1", email="amina.diallo1@example.org"))
    assert problems == ["Do not use your email address as your password."]


def test_the_name_is_refused_with_or_without_spaces() -> None:
    for password in ("Amina Diallo Sow", "aminadiallosow"):
        assert _texts(password_problems(password, name="Amina Diallo Sow")) == [
            "Do not use your name as your password."
        ]


def test_a_password_containing_the_name_is_fine() -> None:
    assert password_problems("Amina Diallo Sow likes tea", name="Amina Diallo Sow") == []


def test_blank_email_and_name_refuse_nothing() -> None:
    assert password_problems("river lantern quietly", email="", name="  ") == []


def test_one_repeated_character_is_refused() -> None:
    assert _texts(password_problems("aaaaaaaaaaaa")) == [
        "Use more than one different character; one key held down is easy to guess."
    ]


def test_common_passwords_are_refused_in_any_case() -> None:
    for password in ("password123", "QwertyUiop", "1234567890", "HumanRights"):
        assert _texts(password_problems(password)) == [
            "This is one of the most common passwords; choose another."
        ], password


def test_common_password_list_holds_only_passwords_long_enough_to_matter() -> None:
    assert len(COMMON_PASSWORDS) >= 30
    for password in COMMON_PASSWORDS:
        assert len(password) >= MIN_PASSWORD_CHARACTERS, password
        assert password == password.casefold(), password


def test_several_problems_are_all_listed() -> None:
    assert _texts(password_problems("aaaa")) == [
        "Use at least 10 characters; this password has 4. "
        "A few words in a row make a good password.",
        "Use more than one different character; one key held down is easy to guess.",
    ]


def test_each_problem_has_its_code_and_the_numbers_in_it() -> None:
    assert [(p.code, p.params) for p in password_problems("aaaa")] == [
        ("password_too_short", {"min": 10, "length": 4}),
        ("password_one_character", {}),
    ]
    too_long = password_problems("ab" * MAX_PASSWORD_CHARACTERS)
    assert [(p.code, p.params) for p in too_long] == [
        ("password_too_long", {"max": 1024, "length": 2048}),
    ]
    assert [p.code for p in password_problems("amina@example.org", email="amina@example.org")] == [
        "password_is_email"
    ]
    assert [p.code for p in password_problems("Amina Diallo", name="Amina Diallo")] == [
        "password_is_name"
    ]
    assert [p.code for p in password_problems("password123")] == ["password_common"]


def test_an_empty_password_gets_only_the_length_problem() -> None:
    assert _texts(password_problems("", email="a@example.org", name="A")) == [
        "Use at least 10 characters; this password has 0. "
        "A few words in a row make a good password."
    ]


def test_an_unused_invitation_before_it_expires_is_accepted() -> None:
    now = EXPIRES - timedelta(days=1)
    assert invitation_refusal(expires_at=EXPIRES, used_at=None, now=now) is None


def test_an_invitation_is_used_once() -> None:
    now = EXPIRES - timedelta(days=1)
    used = now - timedelta(hours=1)
    assert invitation_refusal(expires_at=EXPIRES, used_at=used, now=now) == Message(
        "invitation_used",
        "This invitation has already been used. If you accepted it, sign in; otherwise "
        "ask the forum's facilitator for a new invitation.",
    )


def test_an_invitation_expires_at_its_expiry_time() -> None:
    assert invitation_refusal(expires_at=EXPIRES, used_at=None, now=EXPIRES) == Message(
        "invitation_expired",
        "This invitation expired on 8 March 2025 at 12:00 UTC. Ask the forum's facilitator "
        "for a new invitation.",
        # The moment itself, so a page can say it in the reader's language and time zone.
        {"expires_at": "2025-03-08T12:00:00+00:00"},
    )
    before = EXPIRES - timedelta(seconds=1)
    assert invitation_refusal(expires_at=EXPIRES, used_at=None, now=before) is None


def test_a_used_invitation_says_used_even_after_expiry() -> None:
    later = EXPIRES + timedelta(days=3)
    refusal = invitation_refusal(expires_at=EXPIRES, used_at=EXPIRES, now=later)
    assert refusal is not None and refusal.code == "invitation_used"
    assert refusal.text.startswith("This invitation has already been used.")


def test_invitation_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        invitation_refusal(expires_at=datetime(2025, 3, 8), used_at=None, now=EXPIRES)
    with pytest.raises(ValueError):
        invitation_refusal(expires_at=EXPIRES, used_at=None, now=datetime(2025, 3, 1))
