"""Who may be placed in a statement's drafting group, and who may guide it."""

from __future__ import annotations

from server.domain.messages import Message
from server.domain.roles import Role

# A drafting group writes: anyone who may write in the forum may be placed in one.
_MAY_DRAFT = (Role.CONTRIBUTOR, Role.MODERATOR, Role.FACILITATOR)
# Guiding moderators are the Steering Group's: moderators, and facilitators acting as them.
_MAY_GUIDE = (Role.MODERATOR, Role.FACILITATOR)


def joining_refusal(name: str, role: Role | None) -> Message | None:
    """Why `name` (holding `role` in the forum) cannot join a drafting group; None if they can."""
    if role is None:
        return Message(
            "no_role_in_forum",
            f"{name} has no role in this forum: give them one, or send an invitation.",
            {"name": name},
        )
    if role not in _MAY_DRAFT:
        return Message(
            "observer_may_not_draft",
            f"{name} is an observer: observers read statements and do not draft them.",
            {"name": name},
        )
    return None


def guiding_refusal(name: str, role: Role | None) -> Message | None:
    """Why `name` cannot guide a statement; None if they can."""
    if role is None:
        return Message(
            "no_role_to_guide",
            f"{name} has no role in this forum: only moderators and facilitators guide statements.",
            {"name": name},
        )
    if role not in _MAY_GUIDE:
        return Message(
            "role_may_not_guide",
            f"{name} has the role {role.value}: only moderators and facilitators guide statements.",
            {"name": name, "role": role.value},
        )
    return None


# What an open editor of someone taken off the drafting group is told, if it stays open.
REMOVED_FROM_STATEMENT = Message("removed_from_statement", "You were removed from this statement.")


def may_draft(role: Role | None) -> bool:
    return role in _MAY_DRAFT


def may_guide(role: Role | None) -> bool:
    return role in _MAY_GUIDE
