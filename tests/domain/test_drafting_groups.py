"""Who may join a drafting group and who may guide a statement: pure rules."""

from __future__ import annotations

from server.domain.drafting_groups import guiding_refusal, joining_refusal, may_draft, may_guide
from server.domain.messages import Message
from server.domain.roles import Role


def test_people_who_write_in_the_forum_may_join_a_drafting_group() -> None:
    for role in (Role.CONTRIBUTOR, Role.MODERATOR, Role.FACILITATOR):
        assert joining_refusal("Amina", role) is None
        assert may_draft(role)


def test_observers_and_people_without_a_role_do_not_join_and_are_told_why() -> None:
    assert joining_refusal("Omar", Role.OBSERVER) == Message(
        "observer_may_not_draft",
        "Omar is an observer: observers read statements and do not draft them.",
        {"name": "Omar"},
    )
    refusal = joining_refusal("Zoe", None)
    assert refusal is not None and "no role in this forum" in refusal.text
    assert (refusal.code, refusal.params) == ("no_role_in_forum", {"name": "Zoe"})
    assert not may_draft(Role.OBSERVER) and not may_draft(None)


def test_only_the_steering_group_guides() -> None:
    assert guiding_refusal("Sofía", Role.MODERATOR) is None
    assert guiding_refusal("Ingrid", Role.FACILITATOR) is None
    assert guiding_refusal("Amina", Role.CONTRIBUTOR) == Message(
        "role_may_not_guide",
        "Amina has the role contributor: only moderators and facilitators guide statements.",
        {"name": "Amina", "role": "contributor"},
    )
    refusal = guiding_refusal("Zoe", None)
    assert refusal is not None and refusal.text.startswith("Zoe has no role in this forum")
    assert (refusal.code, refusal.params) == ("no_role_to_guide", {"name": "Zoe"})
    assert may_guide(Role.MODERATOR) and not may_guide(Role.OBSERVER)
