"""Who may be placed in a statement's drafting group, and who may guide it."""

from __future__ import annotations

from server.domain.roles import Role

# A drafting group writes: anyone who may write in the forum may be placed in one.
_MAY_DRAFT = (Role.CONTRIBUTOR, Role.MODERATOR, Role.FACILITATOR)
# Guiding moderators are the Steering Group's: moderators, and facilitators acting as them.
_MAY_GUIDE = (Role.MODERATOR, Role.FACILITATOR)


def joining_refusal(name: str, role: Role | None) -> str | None:
    """Why `name` (holding `role` in the forum) cannot join a drafting group; None if they can."""
    if role is None:
        return f"{name} has no role in this forum: give them one, or send an invitation."
    if role not in _MAY_DRAFT:
        return f"{name} is an observer: observers read statements and do not draft them."
    return None


def guiding_refusal(name: str, role: Role | None) -> str | None:
    """Why `name` cannot guide a statement; None if they can."""
    if role not in _MAY_GUIDE:
        held = "no role in this forum" if role is None else f"the role {role.value}"
        return f"{name} has {held}: only moderators and facilitators guide statements."
    return None


def may_draft(role: Role | None) -> bool:
    return role in _MAY_DRAFT


def may_guide(role: Role | None) -> bool:
    return role in _MAY_GUIDE
