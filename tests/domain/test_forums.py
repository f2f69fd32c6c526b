"""A forum's settings (server/domain/forums.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server.domain.forums import settings_problems, statement_title
from server.domain.messages import Message

GOOD: dict[str, Any] = {
    "name": "HLPF 2028",
    "kind": "hlpf",
    "languages": ["en", "fr", "es", "ar"],
    "time_zone": "America/New_York",
    "word_limit": 300,
    "seconds_limit": 120,
    "speaking_rate": 150,
    "survey_closes_at": datetime(2028, 4, 30, tzinfo=UTC),
    "drafting_closes_at": datetime(2028, 6, 30, tzinfo=UTC),
    "outstanding_settled_by": None,
    "coalition_min_organisations": 5,
    "coalition_min_regions": 3,
    "coalition_min_global_south": 3,
    "coalition_min_constituencies": 0,
    "coalition_organisations_required": True,
    "coalition_regions_required": True,
    "coalition_global_south_required": False,
    "coalition_constituencies_required": False,
}


def test_sensible_settings_have_no_problem() -> None:
    assert settings_problems(GOOD) == {}


def test_each_problem_names_its_field() -> None:
    bad = {
        **GOOD,
        "kind": "summit",
        "languages": ["English"],
        "time_zone": "Mars/Olympus",
        "word_limit": 5,
        "coalition_min_regions": -1,
        "drafting_closes_at": datetime(2028, 1, 1, tzinfo=UTC),  # before the survey closes
    }
    assert set(settings_problems(bad)) == {
        "kind",
        "languages",
        "time_zone",
        "word_limit",
        "coalition_min_regions",
        "drafting_closes_at",
    }
    assert settings_problems({**GOOD, "survey_closes_at": datetime(2028, 1, 1)}) == {
        "survey_closes_at": Message(
            "deadline_without_time_zone", "Give the date and time with its time zone."
        )
    }


def test_each_coalition_rule_is_required_or_advisory_and_nothing_else() -> None:
    assert settings_problems({**GOOD, "coalition_global_south_required": True}) == {}
    problems = settings_problems({**GOOD, "coalition_regions_required": None})
    assert list(problems) == ["coalition_regions_required"]
    assert problems["coalition_regions_required"].code == "coalition_required_not_a_choice"


def test_each_problem_has_a_code_and_the_values_in_its_sentence() -> None:
    problems = settings_problems(
        {**GOOD, "word_limit": 5, "drafting_closes_at": datetime(2028, 1, 1, tzinfo=UTC)}
    )
    assert problems["word_limit"] == Message(
        "limit_out_of_range", "Choose a number from 20 to 2000.", {"min": 20, "max": 2000}
    )
    assert problems["drafting_closes_at"].code == "deadlines_out_of_order"
    assert problems["drafting_closes_at"].params == {"earlier": "survey_closes_at"}


def test_statements_are_titled_by_the_kind_of_forum() -> None:
    assert (
        statement_title("upr_pre_session", "Chile") == "Statement to the UPR pre-session on Chile"
    )
    assert statement_title("hlpf", "Kenya").endswith("voluntary national review of Kenya")
