"""Who may do what: the permission table and the answers drawn from it."""

from __future__ import annotations

from server.domain.roles import (
    PERMISSIONS,
    REVIEWER,
    SITE_ADMIN,
    Action,
    Role,
    When,
    may,
    permission_matrix,
    roles_always_allowed,
)


def test_table_has_an_entry_for_every_role_and_action() -> None:
    assert set(PERMISSIONS) == set(Action)
    for action in Action:
        assert set(PERMISSIONS[action]) == {*Role, SITE_ADMIN, REVIEWER}, action
        for role in Role:
            assert isinstance(PERMISSIONS[action][role], When), (action, role)


def test_site_admin_column_needs_no_facts_about_the_statement() -> None:
    for action in Action:
        assert PERMISSIONS[action][SITE_ADMIN] in (When.ALWAYS, When.NEVER), action


def test_matrix_has_every_action_and_the_same_columns_in_each_row() -> None:
    matrix = permission_matrix()
    assert [action for action, _ in matrix] == [action.value for action in Action]
    columns = [list(cells) for _, cells in matrix]
    assert all(row == columns[0] for row in columns)
    assert "contributor in the drafting group" in columns[0]
    assert "site administrator" in columns[0]


def test_matrix_cells_agree_with_may() -> None:
    cells = dict(permission_matrix())
    assert cells["edit_text"]["contributor in the drafting group"] is True
    assert cells["edit_text"]["contributor"] is False
    assert cells["finalise"]["moderator"] is may(Role.MODERATOR, Action.FINALISE)
    assert cells["create_forum"]["site administrator"] is True


def test_nobody_without_a_role_or_site_admin_may_do_anything() -> None:
    for action in Action:
        assert not may(None, action), action
        assert not may(None, action, is_member=True, is_guiding_moderator=True), action


def test_the_steering_group_facilitators_and_observers_follow_every_statement() -> None:
    for role in (Role.MODERATOR, Role.FACILITATOR, Role.OBSERVER):
        assert may(role, Action.VIEW_STATEMENT)
        assert may(role, Action.VIEW_OVERVIEW)


def test_contributors_read_only_the_statements_of_their_drafting_groups() -> None:
    assert may(Role.CONTRIBUTOR, Action.VIEW_STATEMENT, is_member=True)
    assert not may(Role.CONTRIBUTOR, Action.VIEW_STATEMENT)
    assert not may(Role.CONTRIBUTOR, Action.VIEW_OVERVIEW, is_member=True)


def test_contributors_edit_only_the_statements_of_their_drafting_group() -> None:
    assert may(Role.CONTRIBUTOR, Action.EDIT_TEXT, is_member=True)
    assert not may(Role.CONTRIBUTOR, Action.EDIT_TEXT)
    assert not may(Role.CONTRIBUTOR, Action.EDIT_TEXT, is_guiding_moderator=True)


def test_contributors_do_not_finalise_reopen_or_deliver_even_in_their_group() -> None:
    for action in (Action.FINALISE, Action.REOPEN, Action.MARK_DELIVERED):
        assert not may(Role.CONTRIBUTOR, action, is_member=True)


def test_moderators_finalise_reopen_and_deliver_any_statement_of_their_forum() -> None:
    for action in (Action.FINALISE, Action.REOPEN, Action.MARK_DELIVERED):
        assert may(Role.MODERATOR, action)


def test_moderators_edit_the_statements_they_guide_or_draft() -> None:
    assert may(Role.MODERATOR, Action.EDIT_TEXT, is_guiding_moderator=True)
    assert may(Role.MODERATOR, Action.EDIT_TEXT, is_member=True)
    assert not may(Role.MODERATOR, Action.EDIT_TEXT)


def test_moderators_invite_but_do_not_manage_the_forum_or_its_people() -> None:
    assert may(Role.MODERATOR, Action.INVITE)
    for action in (Action.MANAGE_FORUM, Action.MANAGE_PEOPLE):
        assert not may(Role.MODERATOR, action, is_guiding_moderator=True)


def test_facilitators_act_as_moderators_and_run_the_forum() -> None:
    for action in Action:
        if may(Role.MODERATOR, action, is_member=True, is_guiding_moderator=True):
            assert may(Role.FACILITATOR, action, is_member=True, is_guiding_moderator=True)
    for action in (Action.MANAGE_FORUM, Action.MANAGE_PEOPLE, Action.INVITE):
        assert may(Role.FACILITATOR, action)
    assert not may(Role.FACILITATOR, Action.CREATE_FORUM)


def test_observers_only_read() -> None:
    allowed = {
        action
        for action in Action
        if may(Role.OBSERVER, action, is_member=True, is_guiding_moderator=True)
    }
    assert allowed == {Action.VIEW_STATEMENT, Action.VIEW_OVERVIEW}


def test_personal_data_only_for_people_who_work_with_them() -> None:
    assert may(Role.CONTRIBUTOR, Action.VIEW_PERSONAL_DATA_FOR_WORK, is_member=True)
    assert not may(Role.CONTRIBUTOR, Action.VIEW_PERSONAL_DATA_FOR_WORK)
    assert may(Role.MODERATOR, Action.VIEW_PERSONAL_DATA_FOR_WORK, is_guiding_moderator=True)
    assert not may(Role.MODERATOR, Action.VIEW_PERSONAL_DATA_FOR_WORK)
    assert may(Role.FACILITATOR, Action.VIEW_PERSONAL_DATA_FOR_WORK)
    assert not may(Role.OBSERVER, Action.VIEW_PERSONAL_DATA_FOR_WORK, is_member=True)


def test_site_admin_manages_any_forum_without_a_role_in_it() -> None:
    for action in (
        Action.CREATE_FORUM,
        Action.MANAGE_FORUM,
        Action.MANAGE_PEOPLE,
        Action.INVITE,
        Action.VIEW_STATEMENT,
        Action.VIEW_AUDIT_LOG,
    ):
        assert may(None, action, is_site_admin=True), action


def test_site_admin_does_not_write_or_decide_on_statements() -> None:
    for action in (Action.EDIT_TEXT, Action.FINALISE, Action.REOPEN, Action.MARK_DELIVERED):
        assert not may(None, action, is_site_admin=True), action


def test_site_admin_with_a_role_keeps_what_the_role_allows() -> None:
    assert may(Role.MODERATOR, Action.FINALISE, is_site_admin=True)
    assert may(Role.CONTRIBUTOR, Action.EDIT_TEXT, is_site_admin=True, is_member=True)
    assert may(Role.OBSERVER, Action.MANAGE_FORUM, is_site_admin=True)


def test_only_a_site_admin_creates_a_forum() -> None:
    for role in Role:
        assert not may(role, Action.CREATE_FORUM, is_member=True, is_guiding_moderator=True)
    assert may(None, Action.CREATE_FORUM, is_site_admin=True)


def test_roles_are_the_strings_stored_in_the_database() -> None:
    assert [role.value for role in Role] == ["contributor", "moderator", "facilitator", "observer"]
    assert Role("moderator") is Role.MODERATOR


def test_guiding_moderators_and_facilitators_decide_who_is_in_a_drafting_group() -> None:
    assert may(Role.MODERATOR, Action.MANAGE_DRAFTING_GROUP, is_guiding_moderator=True)
    assert not may(Role.MODERATOR, Action.MANAGE_DRAFTING_GROUP)
    assert not may(Role.MODERATOR, Action.MANAGE_DRAFTING_GROUP, is_member=True)
    assert may(Role.FACILITATOR, Action.MANAGE_DRAFTING_GROUP)
    assert not may(Role.CONTRIBUTOR, Action.MANAGE_DRAFTING_GROUP, is_member=True)
    assert may(None, Action.MANAGE_DRAFTING_GROUP, is_site_admin=True)


def test_those_always_allowed_to_view_are_who_follow_the_whole_forum() -> None:
    assert roles_always_allowed(Action.VIEW_STATEMENT) == (
        Role.MODERATOR,
        Role.FACILITATOR,
        Role.OBSERVER,
    )
    # A guiding moderator's right depends on the statement: not "always".
    assert roles_always_allowed(Action.MANAGE_DRAFTING_GROUP) == (Role.FACILITATOR,)


def test_a_reviewer_reads_and_comments_on_the_statement_and_never_edits_it() -> None:
    for action in (Action.VIEW_STATEMENT, Action.VIEW_THREADS, Action.COMMENT):
        assert may(None, action, is_reviewer=True), action
        assert may(Role.OBSERVER, action, is_reviewer=True), action
    for action in (Action.EDIT_TEXT, Action.ESCALATE, Action.FINALISE, Action.WORK_REVIEW_QUEUE):
        assert not may(None, action, is_reviewer=True), action
    assert PERMISSIONS[Action.EDIT_TEXT][REVIEWER] is When.NEVER


def test_observers_and_site_administrators_see_no_threads() -> None:
    assert not may(Role.OBSERVER, Action.VIEW_THREADS)
    assert not may(None, Action.VIEW_THREADS, is_site_admin=True)
    assert may(Role.CONTRIBUTOR, Action.VIEW_THREADS, is_member=True)
    assert not may(Role.CONTRIBUTOR, Action.VIEW_THREADS)


def test_the_steering_group_works_the_review_queue() -> None:
    assert may(Role.MODERATOR, Action.WORK_REVIEW_QUEUE)
    assert may(Role.FACILITATOR, Action.WORK_REVIEW_QUEUE)
    assert not may(Role.CONTRIBUTOR, Action.WORK_REVIEW_QUEUE, is_member=True)


def test_only_members_of_the_drafting_group_sign() -> None:
    for role in (Role.CONTRIBUTOR, Role.MODERATOR, Role.FACILITATOR):
        assert may(role, Action.SIGN, is_member=True), role
        assert not may(role, Action.SIGN), role
    # Guiding a statement is not drafting it.
    assert not may(Role.MODERATOR, Action.SIGN, is_guiding_moderator=True)
    assert not may(Role.FACILITATOR, Action.SIGN, is_guiding_moderator=True)
    assert not may(Role.OBSERVER, Action.SIGN, is_member=True)
    assert not may(None, Action.SIGN, is_reviewer=True, is_member=True)
    assert not may(None, Action.SIGN, is_site_admin=True, is_member=True)


def test_facilitators_and_site_administrators_record_who_may_sign() -> None:
    assert may(Role.FACILITATOR, Action.MANAGE_SIGNERS)
    assert may(None, Action.MANAGE_SIGNERS, is_site_admin=True)
    for role in (Role.CONTRIBUTOR, Role.MODERATOR, Role.OBSERVER):
        assert not may(role, Action.MANAGE_SIGNERS, is_member=True, is_guiding_moderator=True)
    assert not may(None, Action.MANAGE_SIGNERS, is_reviewer=True)
