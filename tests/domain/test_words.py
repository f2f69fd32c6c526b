"""The word-counting rule and the limit, pinned by the vectors shared with the client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from server.domain.words import (
    Limits,
    LimitStatus,
    count_words,
    estimate_seconds,
    format_seconds,
    limit_status,
)

VECTORS_PATH = Path(__file__).parents[2] / "schemas" / "word_count_vectors.json"


def _load_cases() -> list[dict[str, Any]]:
    document = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = document["cases"]
    return cases


CASES = _load_cases()


def test_vectors_are_well_formed() -> None:
    assert len(CASES) >= 60
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert set(case) == {"name", "text", "words", "reason"}
        assert isinstance(case["text"], str)
        assert isinstance(case["words"], int)
        assert case["reason"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_vector(case: dict[str, Any]) -> None:
    assert count_words(case["text"]) == case["words"], case["reason"]


DEFAULT = Limits()


def test_default_limits() -> None:
    assert Limits(words=300, seconds=120, speaking_rate=150) == DEFAULT


def test_estimate_seconds_rounds_up() -> None:
    assert estimate_seconds(0, 150) == 0
    assert estimate_seconds(1, 150) == 1  # 0.4 s
    assert estimate_seconds(150, 150) == 60
    assert estimate_seconds(151, 150) == 61  # 60.4 s
    assert estimate_seconds(300, 150) == 120
    assert estimate_seconds(301, 150) == 121
    assert estimate_seconds(100, 130) == 47  # 46.15 s


def test_estimate_seconds_rejects_non_positive_rate() -> None:
    with pytest.raises(ValueError):
        estimate_seconds(10, 0)


def test_limit_status_well_below() -> None:
    status = limit_status(100, DEFAULT)
    assert status == LimitStatus(
        words=100, seconds=40, words_left=200, over_limit=False, near_limit=False
    )
    assert status.over_by == 0


def test_limit_status_not_near_at_269() -> None:
    status = limit_status(269, DEFAULT)
    assert not status.near_limit
    assert not status.over_limit
    assert status.words_left == 31


def test_limit_status_near_at_270() -> None:
    status = limit_status(270, DEFAULT)
    assert status.near_limit
    assert not status.over_limit
    assert status.words_left == 30
    assert status.seconds == 108


def test_limit_status_exactly_300_is_ok() -> None:
    status = limit_status(300, DEFAULT)
    assert not status.over_limit
    assert status.near_limit
    assert status.words_left == 0
    assert status.seconds == 120
    assert status.over_by == 0


def test_limit_status_over_at_301() -> None:
    status = limit_status(301, DEFAULT)
    assert status.over_limit
    assert not status.near_limit
    assert status.words_left == -1
    assert status.over_by == 1
    assert status.seconds == 121


def test_limit_status_time_binds_before_words() -> None:
    limits = Limits(words=300, seconds=60, speaking_rate=150)  # 60 s hold 150 words
    assert limit_status(135, limits).near_limit  # 90% of the time
    assert not limit_status(134, limits).near_limit
    assert not limit_status(150, limits).over_limit
    status = limit_status(151, limits)
    assert status.over_limit
    assert status.words_left == -1
    assert status.over_by == 1


def test_limit_status_time_limit_with_uneven_rate() -> None:
    limits = Limits(words=300, seconds=120, speaking_rate=130)  # 260 words in 120 s
    assert limit_status(260, limits).words_left == 0
    assert not limit_status(260, limits).over_limit
    assert limit_status(261, limits).over_limit
    assert limit_status(261, limits).over_by == 1


def test_format_seconds() -> None:
    assert format_seconds(0) == "0:00"
    assert format_seconds(5) == "0:05"
    assert format_seconds(59) == "0:59"
    assert format_seconds(60) == "1:00"
    assert format_seconds(85) == "1:25"
    assert format_seconds(120) == "2:00"
    assert format_seconds(605) == "10:05"
