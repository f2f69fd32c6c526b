"""REST payloads. Named for their role on the wire; a table row is never a response."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

StatementState = Literal["drafting", "final", "delivered"]
ForumRoleName = Literal["contributor", "moderator", "facilitator", "observer"]


class MessageOut(BaseModel):
    """A sentence with its stable code and the values in it, so a page can say it in the
    reader's language; `message` is the English."""

    code: str
    message: str
    params: dict[str, str | int] = Field(default_factory=dict)


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None
    params: dict[str, str | int] = Field(default_factory=dict)
    # Each reason on its own when a refusal has several (finalising, say).
    reasons: list[MessageOut] = Field(default_factory=list)


class ErrorOut(BaseModel):
    error: ErrorDetail


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class ForumRoleOut(BaseModel):
    forum_id: int
    forum: str
    # None: a site administrator, who runs every forum without a role in it.
    role: Literal["contributor", "moderator", "facilitator", "observer"] | None
    can_see_overview: bool
    can_manage: bool  # the forum's settings, sessions, people and invitations
    can_work_review_queue: bool  # the Steering Group's queue of disputes


class UserOut(BaseModel):
    id: int
    name: str
    email: str
    organisations: list[str]
    is_site_admin: bool
    forums: list[ForumRoleOut]
    # The language chosen for the pages ("en", "fr", "es"), on any device; None until chosen.
    interface_language: str | None


class SignedOutOut(BaseModel):
    sessions_ended: int


class SessionOut(BaseModel):
    user: UserOut
    csrf_token: str


class LimitsOut(BaseModel):
    words: int
    seconds: int
    speaking_rate: int


class SignatureCountOut(BaseModel):
    """A statement's signatures at a glance: valid ones, the distinct organisations they
    give (what the coalition rules count), and the stale ones (signed on another text)."""

    valid: int
    organisations: int
    stale: int = 0


class StatementOut(BaseModel):
    id: int
    title: str
    country: str
    country_code: str
    is_joint: bool
    forum_id: int
    forum: str
    session_id: int
    session: str
    # When the statement is due: its session's start (ISO 8601, UTC); None when not scheduled.
    due_at: str | None
    # Not final after the forum's drafting deadline: listed first for the Steering Group.
    outstanding: bool
    editing_now: list[str]
    state: StatementState
    words: int
    seconds: int
    limits: LimitsOut
    over_limit: bool
    language: str
    dir: Literal["ltr", "rtl"]
    signatures: SignatureCountOut = Field(
        default_factory=lambda: SignatureCountOut(valid=0, organisations=0)
    )
    # Every required coalition rule of the forum met by the valid signatures (advisory
    # rules never block).
    coalition_met: bool = False
    # The name of the confirmed speaker; None until a moderator confirms one.
    speaker: str | None = None


class StatementDetailOut(StatementOut):
    can_edit: bool
    drafting_closes_at: str | None
    # The steps of the lifecycle this person may take now (finalise, reopen, deliver).
    actions: list[Literal["finalise", "reopen", "deliver"]]
    can_see_audit_log: bool


class PersonOut(BaseModel):
    id: int
    name: str
    organisations: list[str]
    # Only what this viewer may see of the person (see server/domain/privacy.py).
    email: str | None = None
    nationality: str | None = None
    phone: str | None = None


class CandidateOut(BaseModel):
    """Someone with a role in the forum who could be placed on a statement."""

    id: int
    name: str
    role: ForumRoleName
    organisations: list[str]


class ReviewerCandidateOut(BaseModel):
    """Someone who could review a statement: a person of the forum (`role`), or someone
    without a role in it who already reviews another of its statements (`role` null)."""

    id: int
    name: str
    role: ForumRoleName | None
    organisations: list[str]


class StatementPeopleOut(BaseModel):
    drafting_group: list[PersonOut]
    guiding_moderators: list[PersonOut]
    # Whether this viewer may change them; the candidates are listed only when they may.
    can_change_group: bool = False
    can_change_guides: bool = False
    group_candidates: list[CandidateOut] = []
    guide_candidates: list[CandidateOut] = []
    # Reviewers read the statement, comment and suggest; they never edit it.
    reviewers: list[PersonOut] = []
    can_change_reviewers: bool = False
    reviewer_candidates: list[ReviewerCandidateOut] = []


class StatementListOut(BaseModel):
    statements: list[StatementOut]


TransitionName = Literal["finalise", "reopen", "deliver"]


class TransitionIn(BaseModel):
    """A step in a statement's life; reopening needs a reason, the others may carry one."""

    model_config = ConfigDict(extra="forbid")

    transition: TransitionName
    reason: str | None = Field(default=None, max_length=1000)


class AuditEntryOut(BaseModel):
    id: int
    at: str  # ISO 8601, UTC
    action: str
    actor: str | None
    subject: str | None
    from_value: str | None
    to_value: str | None
    reason: str | None
    sentence: str
    # In the forum's log: the statement the entry is about (None: the forum itself, a role).
    statement_id: int | None = None
    statement: str | None = None


class AuditLogOut(BaseModel):
    entries: list[AuditEntryOut]
    # The forum's log gives its latest entries only; True when there are older ones.
    older_entries: bool = False


class TransitionOut(BaseModel):
    statement: StatementDetailOut
    entry: AuditEntryOut


ThreadKind = Literal["comment", "dispute"]
ThreadState = Literal["open", "resolved", "decided"]
SuggestionState = Literal["pending", "accepted", "declined"]
DecisionOutcome = Literal["keep", "proposal", "own"]


class AnchorOut(BaseModel):
    """Where a thread's passage is now in the statement's `body`, in UTF-16 code units as
    Yjs counts them (`end` exclusive)."""

    start: int
    end: int


class PositionOut(BaseModel):
    """The passage's two Yjs relative positions, base64 of `Y.encodeRelativePosition`, for a
    browser to resolve against its own document as the text moves."""

    start: str
    end: str


class ThreadMessageOut(BaseModel):
    id: int
    author: str | None  # None: a note from the server (what happened to the thread)
    text: str
    at: str
    kind: Literal["comment", "reply", "decision", "note"]


class ThreadOut(BaseModel):
    """A comment thread on a passage, which may carry a suggestion or be a dispute."""

    id: int
    statement_id: int
    kind: ThreadKind
    state: ThreadState
    quote: str  # the passage as it was when the thread began
    anchor: AnchorOut | None  # None: the passage has been deleted
    position: PositionOut
    passage_now: str | None  # the passage's text now; None when it has been deleted
    passage_changed: bool  # passage_now differs from the quote
    suggestion: str | None
    suggestion_state: SuggestionState | None
    # Words past the limit that accepting the pending suggestion now would leave; None: fits.
    suggestion_over_by: int | None
    created_by: str | None
    created_at: str
    messages: list[ThreadMessageOut]
    # A dispute: its reason, the proposed wording, and the Steering Group's work on it.
    reason: str | None
    proposed_wording: str | None
    opened_at: str | None  # when it became a dispute
    claimed_by: str | None
    claimed_by_me: bool
    decided_by: str | None
    outcome: DecisionOutcome | None
    decision: str | None
    applied_wording: str | None  # what the decision put in place of the passage


class ThreadsOut(BaseModel):
    threads: list[ThreadOut]  # oldest first


class ThreadAnswerOut(BaseModel):
    thread: ThreadOut


# Texts are checked by the routes (not here) so an overlong one is refused with its own code,
# `text_too_long`; the body limit bounds the request first.
class NewThreadIn(BaseModel):
    """A comment on the passage `start`..`end` (UTF-16 offsets of `body`), which may suggest
    other wording for it (empty: delete the passage)."""

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    text: str
    suggestion: str | None = None


class NewDisputeIn(BaseModel):
    """A dispute opened directly on the passage `start`..`end`, with its reason and, if any,
    the wording it proposes."""

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    reason: str
    wording: str | None = None


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str


class EscalateIn(BaseModel):
    """Make the thread a dispute. Without `wording`, a suggestion still pending or declined
    is the wording proposed."""

    model_config = ConfigDict(extra="forbid")

    reason: str
    wording: str | None = None


class ReleaseIn(BaseModel):
    """Let go of a dispute's claim. The claimer may give a reason; a facilitator releasing
    someone else's claim must."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = None


class DecideIn(BaseModel):
    """The Steering Group's decision: keep the text, apply the proposed wording, or apply
    `wording` (outcome "own" only), with the written `decision`."""

    model_config = ConfigDict(extra="forbid")

    outcome: DecisionOutcome
    wording: str | None = None
    decision: str


RegionCode = Literal["AFR", "APG", "EEG", "GRULAC", "WEOG"]
CoalitionRuleName = Literal["organisations", "regions", "global_south", "constituencies"]


class SignatoryOrganisationOut(BaseModel):
    """The organisation a signature speaks for, with what the coalition rules count."""

    id: int
    name: str
    country: str | None  # the country's name; None: a global organisation
    country_code: str | None
    region: RegionCode | None  # a global organisation's primary region
    global_south: bool
    constituency: str


class SignedByOut(BaseModel):
    id: int
    name: str


class SignatureOut(BaseModel):
    organisation: SignatoryOrganisationOut
    signed_by: SignedByOut
    signed_at: str  # ISO 8601, UTC
    # Signed on the text as it is now; a stale signature counts nowhere until re-confirmed.
    valid: bool


class CoalitionRuleOut(BaseModel):
    """One coalition rule of the forum against the valid signatures."""

    rule: CoalitionRuleName
    needed: int
    have: int
    met: bool
    required: bool  # blocks finalising; advisory rules are shown only
    message: str  # "3 of 5 organisations — 2 more"
    code: str
    params: dict[str, str | int] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)  # e.g. the regions not yet present


class CoalitionOut(BaseModel):
    met: bool  # every required rule met: finalising is not blocked by the coalition
    rules: list[CoalitionRuleOut]


class OrganisationRefOut(BaseModel):
    id: int
    name: str


class ClosingTheGapOut(BaseModel):
    """An unmet rule and the organisations (authorised signers in the drafting group, not
    yet validly signed) whose signature would bring it closer."""

    rule: CoalitionRuleName
    organisations: list[OrganisationRefOut]


class MySignatureOut(BaseModel):
    """One of the viewer's own signatures: the text they signed and the text now, for the
    difference when it is stale."""

    organisation_id: int
    valid: bool
    signed_text: str
    text_now: str


class SignaturesOut(BaseModel):
    signatures: list[SignatureOut]
    coalition: CoalitionOut
    digest: str  # the digest of the text now, what a signature made now binds to
    can_sign_for: list[OrganisationRefOut]  # the viewer's organisations, when they may sign
    closing_the_gap: list[ClosingTheGapOut]
    mine: list[MySignatureOut]


class SignatureIn(BaseModel):
    """Sign (or re-confirm) for one of one's organisations. `digest` is the digest of the text
    the person read; if the text has changed since, the signature is refused."""

    model_config = ConfigDict(extra="forbid")

    organisation_id: int
    digest: str | None = Field(default=None, max_length=64)


class SignatureAnswerOut(BaseModel):
    signature: SignatureOut
    coalition: CoalitionOut


class ForumSessionOut(BaseModel):
    id: int
    title: str
    starts_at: str | None
    countries: list[str]  # alpha-2 codes, in the order presented


ForumKind = Literal["hlpf", "upr_pre_session", "gcm_review", "other"]


class CoalitionRulesOut(BaseModel):
    """Minimums a statement's co-signing group must meet (0: no rule), and whether each blocks
    finalising (required) or is only shown (advisory)."""

    min_organisations: int
    min_regions: int
    min_global_south: int
    min_constituencies: int
    organisations_required: bool = True
    regions_required: bool = True
    global_south_required: bool = False
    constituencies_required: bool = False


class ForumOut(BaseModel):
    id: int
    name: str
    kind: ForumKind
    languages: list[str]
    time_zone: str
    survey_closes_at: str | None
    drafting_closes_at: str | None
    outstanding_settled_by: str | None
    limits: LimitsOut
    coalition: CoalitionRulesOut


class ForumSettingsIn(BaseModel):
    """A change of a forum's settings: only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    kind: ForumKind | None = None
    languages: list[str] | None = Field(default=None, max_length=12)
    time_zone: str | None = Field(default=None, max_length=64)
    word_limit: int | None = None
    seconds_limit: int | None = None
    speaking_rate: int | None = None
    survey_closes_at: AwareDatetime | None = None
    drafting_closes_at: AwareDatetime | None = None
    outstanding_settled_by: AwareDatetime | None = None
    coalition_min_organisations: int | None = None
    coalition_min_regions: int | None = None
    coalition_min_global_south: int | None = None
    coalition_min_constituencies: int | None = None
    coalition_organisations_required: bool | None = None
    coalition_regions_required: bool | None = None
    coalition_global_south_required: bool | None = None
    coalition_constituencies_required: bool | None = None


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    starts_at: AwareDatetime | None = None
    countries: list[str] = Field(min_length=1, max_length=12)  # alpha-2 codes, in order


class RoleIn(BaseModel):
    """A person's role in the forum; null takes it away."""

    model_config = ConfigDict(extra="forbid")

    role: ForumRoleName | None


class RoleOut(BaseModel):
    """A person's role in the forum after the change; null: they have none."""

    role: ForumRoleName | None


class OverviewOut(BaseModel):
    """Every statement of a forum for the Steering Group: outstanding first, then by due date."""

    forum: ForumOut
    sessions: list[ForumSessionOut]
    statements: list[StatementOut]


class QueueItemOut(BaseModel):
    """An open dispute in the Steering Group's review queue."""

    thread_id: int
    statement_id: int
    statement: str  # its title
    country: str  # the statement's country; "Joint statement" for a group session's
    country_code: str  # "" for a joint statement
    session_id: int
    session: str
    due_at: str | None  # the session's start; None: not dated yet
    state: Literal["open"]
    claimed_by: str | None  # the moderator who holds it
    claimed_by_me: bool
    claimed_at: str | None  # when it was claimed
    # Nobody holds it, or its claim is over a day old: it waits for a moderator.
    waiting: bool
    # Whether I may release the claim: mine, or any as a facilitator of the forum (with a
    # reason).
    may_release: bool
    opened_at: str  # when it was escalated or opened
    quote: str  # the disputed passage as it was when the dispute opened
    reason: str
    proposed_wording: str | None


class ReviewQueueOut(BaseModel):
    """The forum's open disputes: due soonest first (undated last), then the longest waiting."""

    disputes: list[QueueItemOut]


class InvitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: ForumRoleName
    statement_id: int | None = None  # join this drafting group
    organisation_id: int | None = None
    note: str | None = Field(default=None, max_length=200)  # who it is for, for the inviter
    days_valid: int = Field(default=7, ge=1, le=30)


class InvitationOut(BaseModel):
    id: int
    forum: str
    role: ForumRoleName
    statement: str | None
    note: str | None
    expires_at: str
    # Only in the answer to its creation: the link itself is never stored.
    link: str | None = None


class InvitationPreviewOut(BaseModel):
    """What a person opening the link sees before accepting."""

    forum: str
    role: ForumRoleName
    statement: str | None
    invited_by: str | None
    expires_at: str


class AcceptIn(BaseModel):
    """Accepting as a new person; a signed-in person sends `{}`."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    password: str | None = Field(default=None, max_length=1024)


class JoinedOut(BaseModel):
    """A signed-in person accepted an invitation: the forum they joined, and the statement
    whose drafting group they joined, if the invitation named one."""

    joined: str  # the forum's name
    statement_id: int | None


class PersonalDataOut(BaseModel):
    """The signed-in person's own personal data and what they share with their drafting
    groups (name and organisations are always shown)."""

    email: str
    nationality: str | None  # alpha-2 country code
    phone: str | None
    shares_email: bool
    shares_nationality: bool
    shares_phone: bool


class PersonalDataIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nationality: str | None = Field(default=None, max_length=2)
    phone: str | None = Field(default=None, max_length=40)
    shares_email: bool = False
    shares_nationality: bool = False
    shares_phone: bool = False


class InterfaceLanguageIn(BaseModel):
    """The language the pages should speak to me: "en", "fr" or "es" (trimmed, any case)."""

    model_config = ConfigDict(extra="forbid")

    language: str = Field(max_length=35)


class InterfaceLanguageOut(BaseModel):
    """The language kept on my account for the pages."""

    language: str


class ForumPersonOut(BaseModel):
    id: int
    name: str
    organisations: list[str]
    email: str  # facilitators reach the people of their forum
    role: ForumRoleName


class ForumPeopleOut(BaseModel):
    people: list[ForumPersonOut]


class OrganisationMemberOut(BaseModel):
    id: int
    name: str
    may_sign: bool  # authorised by the organisation to speak for it: may sign statements
    # Who recorded the right to sign, and when (ISO 8601); null for a right older than the log.
    granted_by: str | None = None
    granted_at: str | None = None


class OrganisationOut(BaseModel):
    id: int
    name: str
    country_code: str | None  # None: a global organisation
    country: str | None
    region: RegionCode | None
    global_south: bool
    constituency: str
    constituency_label: str
    # For those who record who may sign (facilitators, site administrators) and for the
    # organisation's own signatories, who see who was given the right and by whom; else null.
    members: list[OrganisationMemberOut] | None = None


class OrganisationSignersOut(BaseModel):
    """An organisation's members after a change of who may sign for it."""

    organisation_id: int
    members: list[OrganisationMemberOut]


class OrganisationListOut(BaseModel):
    organisations: list[OrganisationOut]
    # The choices, for forms: constituency code -> label, region code -> UN regional group.
    constituencies: dict[str, str]
    regions: dict[str, str]


class OrganisationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)
    country_code: str | None = Field(default=None, max_length=2)  # None: global
    region: RegionCode | None = None  # defaults to the country's regional group
    says_global_south: bool = False  # only for a global organisation
    constituency: str = Field(max_length=48)
    constituency_other: str | None = Field(default=None, max_length=200)


class NewForumIn(BaseModel):
    """A new forum (site administrators); every other setting starts at its default."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    kind: ForumKind = "hlpf"


NoticeKind = Literal[
    "mention",
    "dispute_opened",
    "dispute_decided",
    "speaker_confirmed",
    "backup_confirmed",
    "speaker_withdrew",
]


class NoticeOut(BaseModel):
    """Something new for the signed-in person, about one of their statements."""

    id: int
    kind: NoticeKind
    statement_id: int
    statement: str  # its title
    thread_id: int | None
    by: str | None  # who mentioned them, opened or decided the dispute
    text: str  # a short excerpt of the comment, the dispute's reason or the decision
    at: str
    seen: bool


class NoticeListOut(BaseModel):
    notices: list[NoticeOut]


class NoticesSeenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Ids of one's own notices; others' ids and unknown ones change nothing.
    ids: list[int] = Field(max_length=200)


class NoticesSeenOut(BaseModel):
    marked: int  # how many were unseen and are seen now


# -- speakers -----------------------------------------------------------------------------------


class SpeakerRulesOut(BaseModel):
    """The forum's rules for speakers as they are now; version 0 and no text before any."""

    version: int
    text: str
    written_at: str | None


class SpeakerRulesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20000)


class PersonRefOut(BaseModel):
    id: int
    name: str


class SpeakerVolunteerOut(BaseModel):
    """A current volunteer. `position` and `explanation` (why they rank there) are given to
    the Steering Group, who choose; `is_national` and `in_national_process` to the Steering
    Group and to the volunteer themself (None: not said, or not for this reader)."""

    id: int
    name: str
    volunteered_at: str
    rules_version: int
    is_member: bool
    position: int | None = None
    explanation: MessageOut | None = None
    is_national: bool | None = None
    in_national_process: bool | None = None


class SpeakersOut(BaseModel):
    """Everything the statement's speaker section shows, for this reader."""

    rules: SpeakerRulesOut
    volunteers: list[SpeakerVolunteerOut]
    speaker: PersonRefOut | None
    backup: PersonRefOut | None
    confirmed_at: str | None
    # What this reader may do: volunteer (or withdraw), and confirm.
    can_volunteer: bool
    can_confirm: bool
    volunteering: bool  # this reader is a current volunteer


class VolunteerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The version of the rules for speakers the volunteer read and accepts.
    accept_rules_version: int = Field(ge=1)
    # Shared with the Steering Group only; None: rather not say.
    is_national: bool | None = None
    in_national_process: bool | None = None


class ConfirmSpeakersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker_id: int
    backup_id: int | None = None
