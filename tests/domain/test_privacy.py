"""Who sees which personal field of whom (server/domain/privacy.py)."""

from __future__ import annotations

from server.domain.privacy import PERSONAL_FIELDS, Relation, Sharing, relation_of, visible_fields
from server.domain.roles import Role

NOTHING = Sharing()
EVERYTHING = Sharing(email=True, nationality=True, phone=True)


def test_a_person_sees_all_of_their_own_data() -> None:
    assert visible_fields(Relation.SELF, NOTHING) == set(PERSONAL_FIELDS)


def test_by_default_the_drafting_group_sees_name_and_organisation_only() -> None:
    assert visible_fields(Relation.SAME_DRAFTING_GROUP, NOTHING) == set()


def test_the_drafting_group_sees_exactly_what_was_shared() -> None:
    assert visible_fields(Relation.SAME_DRAFTING_GROUP, Sharing(phone=True)) == {"phone"}
    assert visible_fields(Relation.SAME_DRAFTING_GROUP, EVERYTHING) == set(PERSONAL_FIELDS)


def test_those_who_guide_or_run_the_forum_see_the_email_their_work_needs() -> None:
    for relation in (Relation.GUIDING_MODERATOR, Relation.FACILITATOR, Relation.SITE_ADMIN):
        assert visible_fields(relation, NOTHING) == {"email"}
        assert visible_fields(relation, Sharing(nationality=True)) == {"email", "nationality"}


def test_observers_and_strangers_see_nothing_personal_whatever_was_shared() -> None:
    assert visible_fields(Relation.OTHER, EVERYTHING) == set()


def _relation(
    *,
    is_self: bool = False,
    role: Role | None = None,
    guides: bool = False,
    admin: bool = False,
    together: bool = False,
) -> Relation:
    return relation_of(
        is_self=is_self,
        viewer_role=role,
        viewer_guides_the_statement=guides,
        viewer_is_site_admin=admin,
        share_a_drafting_group=together,
    )


def test_the_viewers_work_counts_before_a_shared_drafting_group() -> None:
    assert _relation(is_self=True, role=Role.FACILITATOR) is Relation.SELF
    assert _relation(role=Role.FACILITATOR, together=True) is Relation.FACILITATOR
    assert _relation(role=Role.MODERATOR, guides=True, together=True) is Relation.GUIDING_MODERATOR
    assert _relation(admin=True, together=True) is Relation.SITE_ADMIN
    assert _relation(role=Role.CONTRIBUTOR, together=True) is Relation.SAME_DRAFTING_GROUP


def test_observers_and_moderators_of_other_statements_are_others() -> None:
    assert _relation(role=Role.OBSERVER) is Relation.OTHER
    assert _relation(role=Role.MODERATOR) is Relation.OTHER
