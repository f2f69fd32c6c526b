"""Who sees which personal field of whom (server/domain/privacy.py)."""

from __future__ import annotations

from server.domain.privacy import PERSONAL_FIELDS, Relation, Sharing, visible_fields

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
