"""Every message code a person can read, declared once: its parameters and its English template.

A refusal, a reason, a checklist line or a read-only notice goes out as a code with its values
(`server.domain.messages.Message`), so a page can say it in the reader's language. This module
is the one list of those codes: a `Message` or an `ApiError` with a code missing here, or with
other parameters than the ones declared, is refused when it is built, so no code reaches the
wire undeclared. The list is exported as `schemas/messages.json` and the client's types are
generated from it, so translations start from the same codes.

Templates are in ICU MessageFormat (`{name}`, `{name, plural, one {...} other {...}}`,
`{name, select, value {...} other {...}}`) and use exactly the declared parameters; a template
never holds a literal brace or an apostrophe right before one. The English a route sends is the
template said with the values; where a sentence is put together from a table (a step's name, a
duration as m:ss) the template says the same with the raw values, which is what a translation
has.

A code keeps its sentence: one code, one sentence. A new sentence gets a new code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

# A parameter's type on the wire: a whole number, a text, or either (a path's raw id).
ParamType = Literal["int", "str", "int|str"]

_PYTHON_TYPES: Final[Mapping[ParamType, tuple[type, ...]]] = {
    "int": (int,),
    "str": (str,),
    "int|str": (int, str),
}


@dataclass(frozen=True)
class Entry:
    """One code: its English `template` and the `params` its sentence says; `context` holds
    values that come beside the sentence without being said (the id a page links to).

    `wraps` marks a code that names a wider situation and carries another message as its
    sentence (a refused step with its reason): its own params are required, and the wrapped
    message's params come along beside them.
    """

    template: str
    params: Mapping[str, ParamType] = field(default_factory=dict)
    wraps: bool = False
    context: Mapping[str, ParamType] = field(default_factory=dict)

    @property
    def values(self) -> Mapping[str, ParamType]:
        """Every value the message carries: the ones its sentence says and its context."""
        return {**self.params, **self.context}


def _(
    template: str,
    *,
    wraps: bool = False,
    context: Mapping[str, ParamType] | None = None,
    **params: ParamType,
) -> Entry:
    return Entry(template, params, wraps, context or {})


INT: Final = "int"
STR: Final = "str"
ID: Final = "int|str"

_SAME_STEP = "The statement is changing state right now (being finalised); try again in a moment."
_NO_RULE_FOR_FACILITATOR = "Only the forum's facilitators and site administrators do this."

_COALITION: Final[dict[str, Entry]] = {
    # The checklist line of each rule, met or short, and the finalise blocker of each.
    "coalition_organisations_met": _(
        "{have, plural, one {# organisation} other {# organisations}} — at least {needed}",
        have=INT,
        needed=INT,
        context={"more": INT},
    ),
    "coalition_organisations_short": _(
        "{have} of {needed} organisations — {more} more", have=INT, needed=INT, more=INT
    ),
    "coalition_global_south_met": _(
        "{have} from the global south — at least {needed}",
        have=INT,
        needed=INT,
        context={"more": INT},
    ),
    "coalition_global_south_short": _(
        "{have} of {needed} from the global south — {more} more", have=INT, needed=INT, more=INT
    ),
    "coalition_regions_met": _(
        "Regions: {present} — at least {needed}",
        needed=INT,
        present=STR,
        context={"have": INT, "more": INT},
    ),
    "coalition_regions_short": _(
        "Regions: {present} — {more} more, {have} of {needed}",
        have=INT,
        needed=INT,
        more=INT,
        present=STR,
    ),
    "coalition_constituencies_met": _(
        "Constituency types: {present} — at least {needed}",
        needed=INT,
        present=STR,
        context={"have": INT, "more": INT},
    ),
    "coalition_constituencies_short": _(
        "Constituency types: {present} — {more} more, {have} of {needed}",
        have=INT,
        needed=INT,
        more=INT,
        present=STR,
    ),
    "coalition_organisations": _(
        "{have} of {needed} organisations {have, plural, one {has} other {have}} signed; "
        "{more, plural, one {# more is} other {# more are}} needed.",
        have=INT,
        needed=INT,
        more=INT,
    ),
    "coalition_global_south": _(
        "{have} of {needed} organisations from the global south "
        "{have, plural, one {has} other {have}} signed; "
        "{more, plural, one {# more is} other {# more are}} needed.",
        have=INT,
        needed=INT,
        more=INT,
    ),
    "coalition_regions": _(
        "The signatories come from {have} of {needed} UN regional groups; "
        "{more, plural, one {# more is} other {# more are}} needed.",
        have=INT,
        needed=INT,
        more=INT,
    ),
    "coalition_constituencies": _(
        "The signatories come from {have} of {needed} constituency types; "
        "{more, plural, one {# more is} other {# more are}} needed.",
        have=INT,
        needed=INT,
        more=INT,
    ),
}

CATALOGUE: Final[Mapping[str, Entry]] = {
    # -- any request: HTTP's own refusals, the body, the session -----------------------------
    "bad_request": _("Bad Request"),
    "not_found": _("Not Found"),
    "method_not_allowed": _("Method Not Allowed"),
    "forbidden": _("Forbidden"),
    "conflict": _("Conflict"),
    "too_large": _("Request Entity Too Large"),
    "unsupported_media": _("Unsupported Media Type"),
    "invalid": _("Unprocessable Entity"),
    "too_many_requests": _("Too Many Requests"),
    "error": _("Error"),
    "body_not_json": _("Send the body as JSON (Content-Type: application/json)."),
    "invalid_json": _("The body is not valid JSON."),
    # pydantic's own sentence, named by its error type (`problem`); its limits come along.
    "invalid_body": _("{field}: {problem}", wraps=True, field=STR, problem=STR),
    "body_too_large": _("The request body is too large: send at most {max_kib} KiB.", max_kib=INT),
    "not_signed_in": _("You are not signed in. Sign in and try again."),
    "csrf": _("Missing or wrong CSRF token: send the X-CSRF-Token header from your session."),
    "bad_credentials": _("Wrong email or password."),
    "too_many_attempts": _("Too many attempts; try again in {seconds} s.", wraps=True, seconds=INT),
    "retry_in_seconds": _("Too many attempts. Try again in {seconds} s.", seconds=INT),
    "retry_in_minutes": _("Too many attempts. Try again in {minutes} min.", minutes=INT),
    # -- things that are not there ------------------------------------------------------------
    "no_such_forum": _("There is no forum {id}.", id=ID),
    "no_such_statement": _("There is no statement {id}.", id=ID),
    "no_such_person": _("There is no person {id}.", id=ID),
    "no_such_organisation": _("There is no organisation {id}.", id=ID),
    "no_such_session": _("There is no session {id}.", id=ID),
    "no_such_thread": _("There is no thread {id}.", id=ID),
    "no_such_export_format": _(
        "There is no export as {format}; ask for one of: {formats}.", format=STR, formats=STR
    ),
    # -- who may do what ----------------------------------------------------------------------
    "not_in_forum": _("You have no role in this forum."),
    "not_in_group": _("You are not in the drafting group of this statement."),
    "not_a_facilitator": _(_NO_RULE_FOR_FACILITATOR),
    "not_a_site_admin": _("Only site administrators create forums."),
    "not_a_moderator": _(
        "Only the Steering Group and the forum's facilitators {transition, select, "
        "finalise {finalise statements} reopen {reopen statements} "
        "other {mark statements delivered}}.",
        transition=STR,
    ),
    "may_not_view_statement": _("You may not do this with this statement."),
    "may_not_view_audit_log": _(
        "The audit log is for the drafting group, the Steering Group and facilitators."
    ),
    "may_not_view_overview": _(
        "The overview is for the Steering Group, facilitators and observers of this forum; "
        "your statements are on your dashboard."
    ),
    "may_not_view_review_queue": _(
        "The review queue is for the Steering Group and the facilitators of this forum; "
        "your statements and their threads are on your dashboard."
    ),
    "may_not_work_review_queue": _(
        "Only the Steering Group and the forum's facilitators claim and decide disputes."
    ),
    "may_not_view_threads": _(
        "Comments are the drafting group's own: its members, the Steering Group, the "
        "facilitators and the statement's reviewers see them."
    ),
    "may_not_comment": _(
        "Only the drafting group, the Steering Group, the facilitators and reviewers comment."
    ),
    "may_not_edit_text": _(
        "Only those who may edit the text accept or decline a suggestion; reply instead."
    ),
    "may_not_escalate": _(
        "Only the drafting group and its guiding moderators take a passage to the Steering "
        "Group; comment instead."
    ),
    "may_not_change_reviewers": _(
        "Only the statement's guiding moderators and the forum's facilitators choose its reviewers."
    ),
    "may_not_change_drafting_group": _(
        "Only the statement's guiding moderators and the forum's facilitators change its "
        "drafting group."
    ),
    "may_not_choose_guides": _("Only the forum's facilitators choose who guides a statement."),
    "may_not_invite": _("Only the forum's facilitators and moderators invite people."),
    "role_needs_a_facilitator": _(
        "Moderators invite contributors and observers; ask a facilitator to give someone the "
        "Steering Group's or the Task Group's role."
    ),
    "may_not_add_organisations": _("Facilitators and site administrators add organisations."),
    "may_not_manage_signers": _(
        "Facilitators and site administrators record who may sign for an organisation."
    ),
    "may_not_grant_to_self": _(
        "Nobody grants themselves the right to sign for an organisation: ask another "
        "facilitator or a site administrator."
    ),
    "signer_in_no_forum": _("This person takes part in no forum: give them a role first."),
    "signer_not_in_your_forums": _(
        "You record who may sign only for people who take part in a forum you facilitate."
    ),
    "may_not_start_joint_statement": _("The Steering Group starts joint statements."),
    "may_not_sign": _(
        "Only members of the drafting group sign its statement, each for an organisation they "
        "may speak for."
    ),
    "may_not_volunteer": _(
        "Only members of the drafting group volunteer to deliver its statement."
    ),
    "may_not_confirm_speaker": _("The Steering Group confirms who delivers a statement."),
    "no_longer_reviewer": _("You no longer review this statement."),
    # -- what an open editor is told --------------------------------------------------------
    "read_only_final": _("This statement is final; it is read-only for everyone."),
    "read_only_delivered": _("This statement has been delivered; it is read-only for everyone."),
    "read_only_for_you": _("This statement is read-only for you."),
    "finalised_by": _("{name} finalised this statement; it is read-only now.", name=STR),
    "delivered_by": _("{name} marked this statement delivered; it is read-only now.", name=STR),
    "removed_from_statement": _("You were removed from this statement."),
    "role_changed": _("Your role in this forum changed."),
    # -- the statement's lifecycle ----------------------------------------------------------
    "refused": _("This step cannot be taken now.", wraps=True),
    "wrong_state": _(
        "Only {transition, select, finalise {a statement in drafting can be finalised} "
        "reopen {a final statement can be reopened} "
        "other {a final statement can be marked delivered}}; this one is "
        "{state, select, drafting {in drafting} final {final} other {delivered}}.",
        state=STR,
        transition=STR,
    ),
    "cannot_finalise": _(
        "It cannot be finalised yet: {blockers, plural, one {# reason} other {# reasons}}.",
        blockers=INT,
    ),
    "over_word_limit": _(
        "The statement has {words} words; the limit is {limit}.", words=INT, limit=INT
    ),
    "over_time_limit": _(
        "It takes {seconds} s to read; the limit is {limit_seconds} s.",
        seconds=INT,
        limit_seconds=INT,
    ),
    "disputes_open": _(
        "{count, plural, one {# dispute is} other {# disputes are}} still open.", count=INT
    ),
    "reason_needed": _(
        "Say why the statement is reopened; the drafting group will see the reason."
    ),
    "reason_too_long": _("Keep the reason within {max} characters.", max=INT),
    "state_changed": _("Someone changed this statement's state just now; reload."),
    "statement_step_under_way": _(_SAME_STEP),
    # -- signatures -------------------------------------------------------------------------
    "signatures_frozen": _(
        "The statement is {state}: its signatures are frozen with it.", state=STR
    ),
    "text_changed": _("The text changed while you read it; read it again and sign."),
    "over_limit_cannot_sign": _(
        "The statement has {words} words; the limit is {limit}. It takes {seconds} s to read; "
        "the limit is {limit_seconds} s. Shorten it before anyone signs.",
        words=INT,
        limit=INT,
        seconds=INT,
        limit_seconds=INT,
    ),
    "not_authorised_for_organisation": _(
        "{member, select, 1 {You may not sign for {name}: its members sign only "
        "once a facilitator records that they speak for it.} "
        "other {You may sign only for an organisation you belong to.}}",
        member=INT,
        name=STR,
        context={"organisation_id": INT},
    ),
    "already_signed": _(
        "You have signed for {name} already, on the text as it is now.",
        name=STR,
        context={"organisation_id": INT},
    ),
    "not_your_signature": _(
        "Only the person who signed withdraws a signature.", context={"organisation_id": INT}
    ),
    "no_signature": _(
        "You have not signed this statement for that organisation.",
        context={"organisation_id": INT},
    ),
    **_COALITION,
    # -- comments, suggestions, disputes ----------------------------------------------------
    "text_empty": _("Write something first; an empty message is not sent."),
    "text_too_long": _("Keep it within {max} characters; this has {length}.", max=INT, length=INT),
    "passage_reversed": _(
        "The passage ends ({end}) before it starts ({start}); send start before end.",
        start=INT,
        end=INT,
    ),
    "passage_empty": _("Select at least one character to comment on.", context={"start": INT}),
    "passage_out_of_range": _(
        "The passage {start}–{end} is outside the text, which has {length} positions; "
        "reload the statement and select again.",
        start=INT,
        end=INT,
        length=INT,
    ),
    "passage_splits_character": _(
        "The passage starts or ends inside a character; select whole characters."
    ),
    "passage_removed": _(
        "The passage this thread is about has been deleted, so there is nothing to replace; "
        "edit the text directly instead."
    ),
    "statement_not_drafting": _(
        "This statement is {state}; its text changes only in drafting. "
        "Ask a moderator to reopen it.",
        state=STR,
    ),
    "already_a_dispute": _(
        "This thread is a dispute now: the Steering Group decides it. Reply in the thread instead."
    ),
    "not_a_dispute": _("This thread is a comment, not a dispute; escalate it first."),
    "dispute_decided": _(
        "This dispute has been decided. Start a new thread to raise the passage again."
    ),
    "thread_resolved": _("This thread is resolved; reopen it first if it is not settled."),
    "thread_changed": _("Someone changed this thread just now; reload it."),
    "no_suggestion": _("This thread carries no suggestion to accept or decline."),
    "suggestion_settled": _(
        "This suggestion has already been {suggestion_state}.", suggestion_state=STR
    ),
    "suggestion_over_limit": _(
        "This wording would take the statement {over_by, plural, one {# word} other {# words}} "
        "past its limit of {limit}; shorten it, or cut elsewhere first.",
        over_by=INT,
        limit=INT,
    ),
    "already_resolved": _("This thread is already resolved."),
    "already_open": _("This thread is already open."),
    "already_claimed": _(
        "{name} has claimed this dispute; join its thread or pick another one.", name=STR
    ),
    "not_claimed": _("Claim the dispute before deciding it."),
    "no_claim_to_release": _("Nobody holds this dispute; there is no claim to release."),
    "claimed_by_someone_else": _("{name} has claimed this dispute; only they decide it.", name=STR),
    "may_not_release_claim": _(
        "{name} holds this dispute; only they or a facilitator of the forum release it.",
        name=STR,
    ),
    "release_reason_needed": _(
        "Say why you release {name}'s claim; the reason is kept in the thread and the audit log.",
        name=STR,
    ),
    "wording_needed": _("Write the wording to apply, or choose another outcome."),
    "wording_not_expected": _(
        "Only a decision with your own wording takes a wording; leave it out.",
        context={"outcome": STR},
    ),
    "no_proposal": _("This dispute proposes no wording; keep the text or write your own."),
    "dispute_open": _(
        "The dispute on “{quote}” is still open; the Steering Group decides it first.",
        quote=STR,
        context={"thread_id": INT},
    ),
    "too_many_open_threads_by_you": _(
        "You have {open} open threads on this statement, the most one person may have; "
        "resolve or settle one first.",
        open=INT,
        context={"max": INT},
    ),
    "too_many_open_threads": _(
        "This statement has {open} open threads, the most it may have; resolve or settle some "
        "first.",
        open=INT,
        context={"max": INT},
    ),
    "too_many_replies": _(
        "This thread has {max} replies, the most a thread may have; start a new thread on the "
        "passage instead.",
        max=INT,
    ),
    "too_many_mentions": _(
        "This message mentions {mentioned} people; mention at most {max}.",
        mentioned=INT,
        max=INT,
    ),
    # -- the review queue's filters ---------------------------------------------------------
    "queue_filter_unknown": _(
        "There is no filter “{name}”: filter by session, country or claimed.", name=STR
    ),
    "queue_filter_repeated": _("Give the {name} filter once.", name=STR),
    "queue_filter_session_invalid": _("Filter by a session's number, such as session=3."),
    "queue_filter_country_invalid": _("Filter by a country's ISO code, such as country=KE."),
    "queue_filter_claimed_invalid": _(
        "Filter by claimed=me (the disputes you hold) or claimed=unclaimed."
    ),
    # -- accounts and invitations -----------------------------------------------------------
    "weak_password": _("Choose a stronger password.", wraps=True),
    "password_too_short": _(
        "Use at least {min} characters; this password has {length}. A few words in a row make "
        "a good password.",
        min=INT,
        length=INT,
    ),
    "password_too_long": _(
        "Use at most {max} characters; this password has {length}.", max=INT, length=INT
    ),
    "password_is_email": _("Do not use your email address as your password."),
    "password_is_name": _("Do not use your name as your password."),
    "password_one_character": _(
        "Use more than one different character; one key held down is easy to guess."
    ),
    "password_common": _("This is one of the most common passwords; choose another."),
    "invitation_invalid": _("This invitation link is not valid. Check that it was copied whole."),
    "invitation_unusable": _("This invitation cannot be used.", wraps=True),
    "invitation_used": _(
        "This invitation has already been used. If you accepted it, sign in; otherwise ask the "
        "forum's facilitator for a new invitation."
    ),
    "invitation_just_used": _("This invitation has just been used."),
    "invitation_expired": _(
        "This invitation expired on {expires_at}. Ask the forum's facilitator for a new "
        "invitation.",
        expires_at=STR,
    ),
    "name_missing": _("Give your name as others should see it."),
    "email_invalid": _("Give the email address you will sign in with."),
    "email_taken": _(
        "There is already an account with this email: sign in first, then open the invitation "
        "again."
    ),
    "statement_not_in_forum": _("That statement is not in this forum."),
    "country_not_listed": _("Choose a country from the list."),
    "phone_invalid": _("Write the phone number with digits, spaces and + ( ) - only."),
    "language_not_offered": _(
        "Chorus does not speak “{language}” yet; choose English, French or Spanish.",
        language=STR,
    ),
    # -- forums, sessions, organisations ----------------------------------------------------
    "forum_exists": _("There is already a forum called {name}.", name=STR),
    "forum_name_missing": _("Give the forum a name."),
    "forum_kind_unknown": _("Choose the kind of forum: {kinds}.", kinds=STR),
    "forum_languages_invalid": _("List the forum's languages as codes, such as en, fr, es, ar."),
    "time_zone_unknown": _("Choose a time zone such as Europe/Zurich or America/New_York."),
    "limit_out_of_range": _("Choose a number from {min} to {max}.", min=INT, max=INT),
    "coalition_rule_out_of_range": _("Choose a number from 0 (no rule) to 100."),
    "coalition_required_not_a_choice": _(
        "Say whether the rule blocks finalising: true (required) or false (advisory)."
    ),
    "deadline_without_time_zone": _("Give the date and time with its time zone."),
    "deadlines_out_of_order": _("This comes before {earlier}; put them in order.", earlier=STR),
    "countries_unknown": _("{countries}: not a UN member or observer state.", countries=STR),
    "country_listed_twice": _("A country is listed twice."),
    "joint_statement_exists": _("This session already has its joint statement (#{id}).", id=INT),
    "not_a_group_session": _(
        "Only a session presenting a group of countries has a joint statement."
    ),
    "organisation_exists": _("{name} is already listed.", name=STR),
    "organisation_name_missing": _("Give the organisation's name."),
    "organisation_name_too_long": _("Keep the name within {max} characters.", max=INT),
    "country_unknown": _(
        "“{country_code}” is not a UN member or observer state.", country_code=STR
    ),
    "region_unknown": _("Choose the primary UN regional group: {regions}", regions=STR),
    "constituency_unknown": _("Choose a constituency from the list, or other with a name."),
    "constituency_unnamed": _("Name the constituency when it is not in the list."),
    "not_a_member": _(
        "Person {user_id} is not a member of {name}.",
        user_id=INT,
        name=STR,
        context={"organisation_id": INT},
    ),
    # -- drafting groups and guides ---------------------------------------------------------
    "no_role_in_forum": _(
        "{name} has no role in this forum: give them one, or send an invitation.", name=STR
    ),
    "observer_may_not_draft": _(
        "{name} is an observer: observers read statements and do not draft them.", name=STR
    ),
    "no_role_to_guide": _(
        "{name} has no role in this forum: only moderators and facilitators guide statements.",
        name=STR,
    ),
    "role_may_not_guide": _(
        "{name} has the role {role}: only moderators and facilitators guide statements.",
        name=STR,
        role=STR,
    ),
    # -- speakers ---------------------------------------------------------------------------
    "speaker_ranked": _(
        "{position}. {name}: "
        "{in_group, select, 1 {in the drafting group} other {not in the drafting group}}; "
        "{national, select, 1 {a national of the country} other {not known as a national}}; "
        "{national_process, select, 1 {engaged in its national process} "
        "other {not known to be engaged in its national process}}; "
        "{new_constituency, select, 1 {brings a constituency not yet among the forum's "
        "speakers ({constituencies})} other {no constituency new among the forum's speakers}}; "
        "then by time of volunteering.",
        position=INT,
        name=STR,
        in_group=INT,
        national=INT,
        national_process=INT,
        new_constituency=INT,
        constituencies=STR,
    ),
    "speaker_rules_changed": _(
        "The rules for speakers are now at version {version}: read them and accept them again.",
        version=INT,
    ),
    "no_speaker_rules": _(
        "The facilitators have not written the rules for speakers of this forum yet; volunteer "
        "once they have."
    ),
    "not_a_volunteer": _("You have not volunteered for this statement."),
    "speaker_is_backup": _("The speaker and the backup must be two different people."),
    "statement_delivered": _("The statement has been delivered: its speaker stays as it was."),
    "not_volunteering": _(
        "The {field} must be one of the statement's current volunteers.",
        field=STR,
        context={"user_id": INT},
    ),
    # -- exports ----------------------------------------------------------------------------
    "exports_busy": _(
        "Every export slot is taken and the queue is full; try again in {seconds} s.",
        seconds=INT,
    ),
    "export_took_too_long": _(
        "The export took longer than {seconds} s and was stopped; try again later.", seconds=INT
    ),
}


def mismatch(code: str, params: Mapping[str, object]) -> str | None:
    """Why `code` with `params` is not as the catalogue declares it; None when it is.

    Every declared parameter must be there with its type; no other may come, unless the code
    wraps another message (whose own were checked when it was built)."""
    entry = CATALOGUE.get(code)
    if entry is None:
        return f"the message code {code!r} is not in the catalogue (server/domain/catalogue.py)"
    declared = entry.values
    missing = sorted(set(declared) - set(params))
    extra = sorted(set(params) - set(declared))
    if missing or (extra and not entry.wraps):
        return f"{code!r} takes the params {sorted(declared)}, not {sorted(params)}"
    for name, kind in declared.items():
        value = params[name]
        if isinstance(value, bool) or not isinstance(value, _PYTHON_TYPES[kind]):
            return f"{code!r}: {name} is {kind}, not {type(value).__name__}"
    return None


def arguments(template: str) -> set[str]:
    """The parameter names an ICU template uses, at any depth (`{a}`, `{a, plural, ...}`)."""
    names: set[str] = set()
    _scan(template, 0, names, top=True)
    return names


def _scan(text: str, at: int, names: set[str], *, top: bool) -> int:
    # Reads message text from `at` up to an unmatched `}` (or the end, at the top); returns
    # the index just past it. A `{` opens an argument: its name, then an optional type and,
    # for plural and select, branches of `key {message}`.
    while at < len(text):
        char = text[at]
        if char == "}":
            if top:
                raise ValueError(f"unbalanced '}}' at {at} in {text!r}")
            return at + 1
        if char != "{":
            at += 1
            continue
        close = _first_of(text, at + 1, ",}")
        names.add(text[at + 1 : close].strip())
        if text[close] == "}":
            at = close + 1
            continue
        kind_end = _first_of(text, close + 1, ",}")
        kind = text[close + 1 : kind_end].strip()
        if kind not in ("plural", "select") or text[kind_end] != ",":
            raise ValueError(f"unknown argument type {kind!r} in {text!r}")
        at = kind_end + 1
        while True:
            brace = _first_of(text, at, "{}")
            if text[brace] == "}":
                at = brace + 1
                break
            at = _scan(text, brace + 1, names, top=False)
    if not top:
        raise ValueError(f"unclosed '{{' in {text!r}")
    return at


def _first_of(text: str, at: int, chars: str) -> int:
    for index in range(at, len(text)):
        if text[index] in chars:
            return index
    raise ValueError(f"unclosed '{{' in {text!r}")


def is_plain(code: str) -> bool:
    """Whether the code's template is plain `{name}` substitution (no plural, no select), so
    its English can be made from the template alone."""
    template = CATALOGUE[code].template
    inside = re.findall(r"\{([^{}]*)\}", template)
    return template.count("{") == len(inside) and all(name.isidentifier() for name in inside)
