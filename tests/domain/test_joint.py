"""The joint statement's first text (server/domain/joint.py)."""

from __future__ import annotations

from server.domain.joint import joint_draft
from server.domain.words import count_words


def test_each_country_draft_becomes_a_section_in_the_sessions_order() -> None:
    text = joint_draft(
        [("Brazil", "# Brazil\n\nWe welcome the plan."), ("Chile", ""), ("Colombia", "Thanks.")]
    )
    assert text == (
        "## Brazil\n\n### Brazil\n\nWe welcome the plan.\n\n## Chile\n\n## Colombia\n\nThanks.\n"
    )


def test_the_headings_add_words_the_limit_counts() -> None:
    text = joint_draft([("Brazil", "one two"), ("Chile", "three")])
    assert count_words(text) == 5  # "Brazil", "Chile" and the three words
