"""A forum's settings: what makes them sensible, and how its statements are titled."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from itertools import pairwise
from typing import Any, Final
from zoneinfo import available_timezones

from server.domain.messages import Message

KINDS: Final = {
    "hlpf": "HLPF",
    "upr_pre_session": "UPR pre-session",
    "gcm_review": "GCM regional review",
    "other": "Other",
}
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")

# (lowest, highest) for each limit: a statement is spoken, so its length is bounded both ways.
LIMIT_RANGES: Final[dict[str, tuple[int, int]]] = {
    "word_limit": (20, 2000),
    "seconds_limit": (10, 1800),
    "speaking_rate": (60, 300),
}
DEADLINES: Final = ("survey_closes_at", "drafting_closes_at", "outstanding_settled_by")
COALITION_RULES: Final = (
    "coalition_min_organisations",
    "coalition_min_regions",
    "coalition_min_global_south",
    "coalition_min_constituencies",
)
# Whether each rule blocks finalising (required) or is only shown (advisory).
COALITION_REQUIRED: Final = (
    "coalition_organisations_required",
    "coalition_regions_required",
    "coalition_global_south_required",
    "coalition_constituencies_required",
)


def settings_problems(settings: Mapping[str, Any]) -> dict[str, Message]:
    """What is wrong with a forum's settings (all of them, after a change), by field."""
    problems: dict[str, Message] = {}
    if not str(settings.get("name", "")).strip():
        problems["name"] = Message("forum_name_missing", "Give the forum a name.")
    if settings.get("kind") not in KINDS:
        kinds = ", ".join(KINDS.values())
        problems["kind"] = Message(
            "forum_kind_unknown", f"Choose the kind of forum: {kinds}.", {"kinds": kinds}
        )
    languages = settings.get("languages") or []
    if not languages or not all(_LANGUAGE.fullmatch(code) for code in languages):
        problems["languages"] = Message(
            "forum_languages_invalid",
            "List the forum's languages as codes, such as en, fr, es, ar.",
        )
    if settings.get("time_zone") not in available_timezones():
        problems["time_zone"] = Message(
            "time_zone_unknown", "Choose a time zone such as Europe/Zurich or America/New_York."
        )
    for field, (low, high) in LIMIT_RANGES.items():
        value = settings.get(field)
        if not isinstance(value, int) or not low <= value <= high:
            problems[field] = Message(
                "limit_out_of_range",
                f"Choose a number from {low} to {high}.",
                {"min": low, "max": high},
            )
    for field in COALITION_RULES:
        value = settings.get(field)
        if not isinstance(value, int) or not 0 <= value <= 100:
            problems[field] = Message(
                "coalition_rule_out_of_range", "Choose a number from 0 (no rule) to 100."
            )
    for field in COALITION_REQUIRED:
        if not isinstance(settings.get(field), bool):
            problems[field] = Message(
                "coalition_required_not_a_choice",
                "Say whether the rule blocks finalising: true (required) or false (advisory).",
            )
    dated = [(f, settings.get(f)) for f in DEADLINES]
    for field, value in dated:
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            problems[field] = Message(
                "deadline_without_time_zone", "Give the date and time with its time zone."
            )
    present = [(f, v) for f, v in dated if isinstance(v, datetime) and v.tzinfo is not None]
    for (first, early), (then, late) in pairwise(present):
        if late < early:
            # `earlier` is the field's name: a page says it with the field's own label.
            problems[then] = Message(
                "deadlines_out_of_order",
                f"This comes before {first.replace('_', ' ')}; put them in order.",
                {"earlier": first},
            )
    return problems


def statement_title(kind: str, country: str) -> str:
    """How a country's statement is called in a forum of this kind."""
    if kind == "hlpf":
        return f"Statement to the voluntary national review of {country}"
    if kind == "upr_pre_session":
        return f"Statement to the UPR pre-session on {country}"
    if kind == "gcm_review":
        return f"Statement to the regional review on {country}"
    return f"Statement on {country}"
