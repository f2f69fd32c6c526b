"""Who sees which personal field of whom.

Name and organisations are always shown to whoever may see the person at all. Email,
nationality and phone are the person's to share: each is shown to the others in their drafting
groups only if they chose so (default: not). The people who work with them see what that work
needs: the moderators guiding their statements, the forum's facilitators and site
administrators see the email (to reach them), and the rest only if shared. Observers see names
and organisations only, whatever was shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from server.domain.roles import Role

PERSONAL_FIELDS: Final = ("email", "nationality", "phone")


class Relation(StrEnum):
    """How the viewer stands toward the person shown."""

    SELF = "self"
    SAME_DRAFTING_GROUP = "same drafting group"
    GUIDING_MODERATOR = "guiding moderator"  # guides a statement the person drafts
    FACILITATOR = "facilitator"
    SITE_ADMIN = "site administrator"
    OTHER = "other"  # observers, moderators of other statements, anyone else


@dataclass(frozen=True)
class Sharing:
    """What the person chose to show the others in their drafting groups."""

    email: bool = False
    nationality: bool = False
    phone: bool = False

    def shares(self, field: str) -> bool:
        return bool(getattr(self, field))


def relation_of(
    *,
    is_self: bool,
    viewer_role: Role | None,
    viewer_guides_the_statement: bool,
    viewer_is_site_admin: bool,
    share_a_drafting_group: bool,
) -> Relation:
    """How a viewer stands toward a person on a statement. The first that holds wins, the
    work before the group: themselves, a facilitator of the forum, guiding the statement, a
    site administrator, in a drafting group together; anyone else is OTHER."""
    if is_self:
        return Relation.SELF
    if viewer_role == Role.FACILITATOR:
        return Relation.FACILITATOR
    if viewer_guides_the_statement:
        return Relation.GUIDING_MODERATOR
    if viewer_is_site_admin:
        return Relation.SITE_ADMIN
    if share_a_drafting_group:
        return Relation.SAME_DRAFTING_GROUP
    return Relation.OTHER


_NEEDED_FOR_WORK: Final[dict[Relation, frozenset[str]]] = {
    Relation.GUIDING_MODERATOR: frozenset({"email"}),
    Relation.FACILITATOR: frozenset({"email"}),
    Relation.SITE_ADMIN: frozenset({"email"}),
}


def visible_fields(relation: Relation, sharing: Sharing) -> frozenset[str]:
    """The personal fields of a person that a viewer with `relation` sees."""
    if relation is Relation.SELF:
        return frozenset(PERSONAL_FIELDS)
    if relation is Relation.OTHER:
        return frozenset()
    shared = frozenset(f for f in PERSONAL_FIELDS if sharing.shares(f))
    return shared | _NEEDED_FOR_WORK.get(relation, frozenset())
