"""Who may do what in a forum: the roles, the actions and the one table joining them.

A person holds at most one role in a forum. Being a site administrator is not a role in a
forum: it is a flag of the account, passed in as ``is_site_admin``. Two facts about one
statement refine the table: whether the person is in the statement's drafting group
(``is_member``) and whether they are the moderator guiding it (``is_guiding_moderator``).

The table says nothing about the statement's state: a final or delivered statement is
read-only for everyone, whatever the table allows (see ``server.domain.lifecycle``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from server.domain.messages import Message


class Role(StrEnum):
    """A person's role in one forum."""

    CONTRIBUTOR = "contributor"  # writes statements in their drafting groups
    MODERATOR = "moderator"  # Steering Group member
    FACILITATOR = "facilitator"  # Task Group facilitator, runs the forum
    OBSERVER = "observer"  # reads, never writes


class Action(StrEnum):
    """What people do in Chorus."""

    VIEW_STATEMENT = "view_statement"
    EDIT_TEXT = "edit_text"
    FINALISE = "finalise"
    REOPEN = "reopen"
    MARK_DELIVERED = "mark_delivered"
    START_JOINT_STATEMENT = "start_joint_statement"
    VIEW_AUDIT_LOG = "view_audit_log"
    VIEW_OVERVIEW = "view_overview"
    VIEW_PERSONAL_DATA_FOR_WORK = "view_personal_data_for_work"
    INVITE = "invite"
    MANAGE_DRAFTING_GROUP = "manage_drafting_group"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_FORUM = "manage_forum"
    CREATE_FORUM = "create_forum"
    VIEW_THREADS = "view_threads"
    COMMENT = "comment"
    ESCALATE = "escalate"
    WORK_REVIEW_QUEUE = "work_review_queue"
    MANAGE_REVIEWERS = "manage_reviewers"
    SIGN = "sign"
    MANAGE_SIGNERS = "manage_signers"
    VOLUNTEER = "volunteer"
    CONFIRM_SPEAKER = "confirm_speaker"


class When(StrEnum):
    """The condition under which a cell of the table allows an action."""

    ALWAYS = "always"
    NEVER = "never"
    IN_DRAFTING_GROUP = "in the drafting group"
    IN_DRAFTING_GROUP_OR_GUIDING = "in the drafting group or guiding the statement"
    GUIDING = "guiding the statement"


# The column of the table for site administrators, next to the four roles.
SITE_ADMIN: Final = "site_admin"
# The column for a statement's reviewers: whatever their role in the forum (often none), a
# reviewer reads that one statement, comments and suggests.
REVIEWER: Final = "reviewer"

_C: Final = Role.CONTRIBUTOR
_M: Final = Role.MODERATOR
_F: Final = Role.FACILITATOR
_O: Final = Role.OBSERVER
_A: Final = SITE_ADMIN
_R: Final = REVIEWER

ALWAYS: Final = When.ALWAYS
NEVER: Final = When.NEVER
IN_GROUP: Final = When.IN_DRAFTING_GROUP
IN_GROUP_OR_GUIDING: Final = When.IN_DRAFTING_GROUP_OR_GUIDING
GUIDING: Final = When.GUIDING

# The one table. Each row is an action; each column a role in the statement's forum, the
# site administrator (who needs no role in the forum), or a reviewer of the statement. A person
# may do an action when any of their columns allows it. Facilitators act as moderators, and
# also run the forum.
PERMISSIONS: Final[dict[Action, dict[str, When]]] = {
    # A drafting group is a safe space: contributors read the statements of their own groups.
    # The Steering Group and the facilitators follow every statement of their forum, and so do
    # observers, read-only. Site administrators read any statement, to help people.
    Action.VIEW_STATEMENT: {
        _C: IN_GROUP,
        _M: ALWAYS,
        _F: ALWAYS,
        _O: ALWAYS,
        _A: ALWAYS,
        _R: ALWAYS,
    },
    # Contributors write only the statements of their drafting groups. Moderators and
    # facilitators write a statement when they are in its drafting group or guide it, so an
    # edit from the Steering Group always has someone answerable for the statement.
    # Site administrators do not write: to write, they take a role in the forum.
    Action.EDIT_TEXT: {
        _C: IN_GROUP,
        _M: IN_GROUP_OR_GUIDING,
        _F: IN_GROUP_OR_GUIDING,
        _O: NEVER,
        _A: NEVER,
        _R: NEVER,
    },
    # Finalising, reopening and marking delivered are the Steering Group's decisions, on any
    # statement of their forum. Contributors ask a moderator; site administrators stay out.
    Action.FINALISE: {_C: NEVER, _M: ALWAYS, _F: ALWAYS, _O: NEVER, _A: NEVER, _R: NEVER},
    Action.REOPEN: {_C: NEVER, _M: ALWAYS, _F: ALWAYS, _O: NEVER, _A: NEVER, _R: NEVER},
    Action.MARK_DELIVERED: {_C: NEVER, _M: ALWAYS, _F: ALWAYS, _O: NEVER, _A: NEVER, _R: NEVER},
    # A group session's joint statement is started by the Steering Group from the drafts.
    Action.START_JOINT_STATEMENT: {
        _C: NEVER,
        _M: ALWAYS,
        _F: ALWAYS,
        _O: NEVER,
        _A: NEVER,
        _R: NEVER,
    },
    # The audit log says who moved the statement and why: the drafting group sees it for their
    # own statement (a reopening's reason is written for them); moderators, facilitators and
    # site administrators see every log. Observers see the state, not who moved it.
    Action.VIEW_AUDIT_LOG: {_C: IN_GROUP, _M: ALWAYS, _F: ALWAYS, _O: NEVER, _A: ALWAYS, _R: NEVER},
    # The overview lists every statement of the forum, outstanding first: the Steering
    # Group's desk, shared with facilitators, observers and site administrators. Contributors
    # have their dashboard.
    Action.VIEW_OVERVIEW: {_C: NEVER, _M: ALWAYS, _F: ALWAYS, _O: ALWAYS, _A: ALWAYS, _R: NEVER},
    # Contact details (email, organisation) of the people on a statement, shown only to those
    # who work with them: its drafting group, its guiding moderator, the facilitators who run
    # the forum, and site administrators who manage accounts. Observers never see them.
    Action.VIEW_PERSONAL_DATA_FOR_WORK: {
        _C: IN_GROUP,
        _M: IN_GROUP_OR_GUIDING,
        _F: ALWAYS,
        _O: NEVER,
        _A: ALWAYS,
        _R: NEVER,
    },
    # Invitation links come from facilitators and moderators (who bring contributors and
    # observers to the statements they guide); site administrators invite to any forum. Who
    # holds which role, once in, is the facilitators' decision.
    Action.INVITE: {_C: NEVER, _M: ALWAYS, _F: ALWAYS, _O: NEVER, _A: ALWAYS, _R: NEVER},
    # Who is in a statement's drafting group: the facilitators decide for any statement, and
    # a guiding moderator for the statements they guide (they bring people to them).
    Action.MANAGE_DRAFTING_GROUP: {
        _C: NEVER,
        _M: GUIDING,
        _F: ALWAYS,
        _O: NEVER,
        _A: ALWAYS,
        _R: NEVER,
    },
    # Roles in the forum, and who guides which statement.
    Action.MANAGE_PEOPLE: {_C: NEVER, _M: NEVER, _F: ALWAYS, _O: NEVER, _A: ALWAYS, _R: NEVER},
    # The forum's settings (name, limits, sessions, deadlines): facilitators of the forum and
    # site administrators, who manage any forum.
    Action.MANAGE_FORUM: {_C: NEVER, _M: NEVER, _F: ALWAYS, _O: NEVER, _A: ALWAYS, _R: NEVER},
    # Only a site administrator creates a forum; no role in a forum reaches beyond it.
    Action.CREATE_FORUM: {_C: NEVER, _M: NEVER, _F: NEVER, _O: NEVER, _A: ALWAYS, _R: NEVER},
    # Comment threads are the drafting group's safe space: its members, the Steering Group and
    # facilitators (who settle disputes in them) and the statement's reviewers. Observers and
    # site administrators, who read the text, do not see the group's discussion.
    Action.VIEW_THREADS: {
        _C: IN_GROUP,
        _M: ALWAYS,
        _F: ALWAYS,
        _O: NEVER,
        _A: NEVER,
        _R: ALWAYS,
    },
    # Commenting (a thread, a reply, a suggestion, resolving and reopening): whoever sees the
    # threads. Accepting a suggestion changes the text, so it needs EDIT_TEXT instead.
    Action.COMMENT: {_C: IN_GROUP, _M: ALWAYS, _F: ALWAYS, _O: NEVER, _A: NEVER, _R: ALWAYS},
    # What the group cannot settle goes to the Steering Group: its members escalate, and so do
    # the moderators who guide it. Reviewers comment; they do not open disputes.
    Action.ESCALATE: {
        _C: IN_GROUP,
        _M: IN_GROUP_OR_GUIDING,
        _F: IN_GROUP_OR_GUIDING,
        _O: NEVER,
        _A: NEVER,
        _R: NEVER,
    },
    # The review queue of the forum's disputes: the Steering Group claims and decides, with the
    # facilitators acting as moderators.
    Action.WORK_REVIEW_QUEUE: {
        _C: NEVER,
        _M: ALWAYS,
        _F: ALWAYS,
        _O: NEVER,
        _A: NEVER,
        _R: NEVER,
    },
    # Who reviews a statement: its guiding moderators and the facilitators, as for the group.
    Action.MANAGE_REVIEWERS: {
        _C: NEVER,
        _M: GUIDING,
        _F: ALWAYS,
        _O: NEVER,
        _A: ALWAYS,
        _R: NEVER,
    },
    # A statement speaks for those who worked on it: only members of its drafting group
    # co-sign, whatever their role (each for an organisation they may speak for). A moderator
    # who guides the statement without drafting it does not sign; nor do observers, reviewers
    # or site administrators.
    Action.SIGN: {_C: IN_GROUP, _M: IN_GROUP, _F: IN_GROUP, _O: NEVER, _A: NEVER, _R: NEVER},
    # Who may sign for an organisation is recorded by those who manage accounts: the
    # facilitators and site administrators.
    Action.MANAGE_SIGNERS: {
        _C: NEVER,
        _M: NEVER,
        _F: ALWAYS,
        _O: NEVER,
        _A: ALWAYS,
        _R: NEVER,
    },
    # Whoever drafted the statement may offer to deliver it; a Steering Group member who
    # guides it may too (the Steering Group delivers the generic statements it writes).
    Action.VOLUNTEER: {
        _C: IN_GROUP,
        _M: IN_GROUP_OR_GUIDING,
        _F: IN_GROUP_OR_GUIDING,
        _O: NEVER,
        _A: NEVER,
        _R: NEVER,
    },
    # Choosing the speaker and the backup is the Steering Group's decision, on any statement
    # of their forum; only they read the volunteers' answers about nationality.
    Action.CONFIRM_SPEAKER: {
        _C: NEVER,
        _M: ALWAYS,
        _F: ALWAYS,
        _O: NEVER,
        _A: NEVER,
        _R: NEVER,
    },
}

# The columns of the printed matrix: who, in which role, with which facts about the statement.
_MATRIX_COLUMNS: Final[tuple[tuple[str, Role | None, bool, bool, bool, bool], ...]] = (
    # label, role, is_member, is_guiding_moderator, is_site_admin, is_reviewer
    ("contributor", _C, False, False, False, False),
    ("contributor in the drafting group", _C, True, False, False, False),
    ("moderator", _M, False, False, False, False),
    ("moderator guiding the statement", _M, False, True, False, False),
    ("facilitator", _F, False, False, False, False),
    ("observer", _O, False, False, False, False),
    ("site administrator", None, False, False, True, False),
    ("reviewer of the statement (no role)", None, False, False, False, True),
)


def _holds(when: When, *, is_member: bool, is_guiding_moderator: bool) -> bool:
    if when is When.ALWAYS:
        return True
    if when is When.IN_DRAFTING_GROUP:
        return is_member
    if when is When.IN_DRAFTING_GROUP_OR_GUIDING:
        return is_member or is_guiding_moderator
    if when is When.GUIDING:
        return is_guiding_moderator
    return False


def may(
    role: Role | None,
    action: Action,
    *,
    is_site_admin: bool = False,
    is_member: bool = False,
    is_guiding_moderator: bool = False,
    is_reviewer: bool = False,
) -> bool:
    """Whether a person with ``role`` in the forum (None: no role) may do ``action``.

    ``is_member``, ``is_guiding_moderator`` and ``is_reviewer`` describe the person and the
    statement at hand. The answer comes from ``PERMISSIONS`` alone; without a role, without
    being a site administrator or a reviewer of the statement, a person may do nothing.
    """
    row = PERMISSIONS[action]
    if is_reviewer and row[REVIEWER] is When.ALWAYS:
        return True
    if is_site_admin and _holds(
        row[SITE_ADMIN], is_member=is_member, is_guiding_moderator=is_guiding_moderator
    ):
        return True
    return role is not None and _holds(
        row[role], is_member=is_member, is_guiding_moderator=is_guiding_moderator
    )


def roles_always_allowed(action: Action) -> tuple[Role, ...]:
    """The roles whose column allows ``action`` whatever the facts about the statement, in
    the order of ``Role``: for ``VIEW_STATEMENT``, those who follow every statement of their
    forum."""
    return tuple(role for role in Role if PERMISSIONS[action][role] is When.ALWAYS)


def permission_matrix() -> list[tuple[str, dict[str, bool]]]:
    """The table for the documentation: one row per action, one yes/no column per kind of person.

    Each cell is what ``may`` answers, so the matrix cannot drift from the rule.
    """
    return [
        (
            action.value,
            {
                label: may(
                    role,
                    action,
                    is_site_admin=is_site_admin,
                    is_member=is_member,
                    is_guiding_moderator=is_guiding,
                    is_reviewer=is_reviewer,
                )
                for (label, role, is_member, is_guiding, is_site_admin, is_reviewer) in (
                    _MATRIX_COLUMNS
                )
            },
        )
        for action in Action
    ]


# What an open editor is told when its person's role in the forum changed and it stays open.
ROLE_CHANGED: Final = Message("role_changed", "Your role in this forum changed.")


__all__ = [
    "PERMISSIONS",
    "REVIEWER",
    "ROLE_CHANGED",
    "SITE_ADMIN",
    "Action",
    "Role",
    "When",
    "may",
    "permission_matrix",
    "roles_always_allowed",
]
