"""Tables. Names follow the users' words: forum, forum session, statement, drafting group."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UpdateBytes(TypeDecorator[bytes]):
    """A Yjs update, handed to the driver as the `bytes` it is: sqlite3 and asyncpg both take
    them so. LargeBinary wraps every value in Python first, which at thousands of keystrokes a
    second was a tenth of the event loop's time in the update log's inserts."""

    impl = LargeBinary
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> None:
        return None


class Base(DeclarativeBase):
    pass


class User(Base):
    """A person. Contact details are sealed at rest (see sealing.py): the email is
    found through a keyed hash, never stored in the clear. `shares_*` say what the person lets
    the others in their drafting groups see; name and organisations are always shown."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    nationality_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    shares_email: Mapped[bool] = mapped_column(Boolean, default=False)
    shares_nationality: Mapped[bool] = mapped_column(Boolean, default=False)
    shares_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The language the pages speak to them (`server.domain.interface_languages`), kept so it
    # follows them to another device; None until they choose one.
    interface_language: Mapped[str | None] = mapped_column(String(8))


class Organisation(Base):
    """A civil society organisation. `country_code` is None for one that calls itself global;
    it still names its primary UN region."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country_code: Mapped[str | None] = mapped_column(String(3))
    region: Mapped[str | None] = mapped_column(String(32))
    global_south: Mapped[bool] = mapped_column(Boolean, default=False)
    constituency: Mapped[str] = mapped_column(String(48), default="other")
    constituency_other: Mapped[str | None] = mapped_column(String(200))


class OrganisationMember(Base):
    __tablename__ = "organisation_members"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # Officially authorised by the organisation to speak on its behalf: may sign for it.
    # Facilitators record it.
    may_sign: Mapped[bool] = mapped_column(Boolean, default=False)


class SignInRow(Base):
    """A signed-in browser. The cookie carries the token; only its hash is stored."""

    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Forum(Base):
    __tablename__ = "forums"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="hlpf")
    languages: Mapped[str] = mapped_column(String(200), default="en")  # comma-separated codes
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    word_limit: Mapped[int] = mapped_column(Integer, default=300)
    seconds_limit: Mapped[int] = mapped_column(Integer, default=120)
    speaking_rate: Mapped[int] = mapped_column(Integer, default=150)
    survey_closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    drafting_closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outstanding_settled_by: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Coalition rules for co-signing (0: no rule); enforced by the co-signing gates.
    coalition_min_organisations: Mapped[int] = mapped_column(Integer, default=0)
    coalition_min_regions: Mapped[int] = mapped_column(Integer, default=0)
    coalition_min_global_south: Mapped[int] = mapped_column(Integer, default=0)
    coalition_min_constituencies: Mapped[int] = mapped_column(Integer, default=0)
    # Each rule blocks finalising (required) or is only shown (advisory: "to the extent
    # possible", as the source documents word some of them).
    coalition_organisations_required: Mapped[bool] = mapped_column(Boolean, default=True)
    coalition_regions_required: Mapped[bool] = mapped_column(Boolean, default=True)
    coalition_global_south_required: Mapped[bool] = mapped_column(Boolean, default=False)
    coalition_constituencies_required: Mapped[bool] = mapped_column(Boolean, default=False)


class ForumRole(Base):
    """A person's role in a forum: contributor, moderator, facilitator or observer."""

    __tablename__ = "forum_roles"

    forum_id: Mapped[int] = mapped_column(
        ForeignKey("forums.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(32))


class ForumSession(Base):
    """A session of a forum: one country, or a group of countries presented together."""

    __tablename__ = "forum_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SessionCountry(Base):
    """A country presented in a session, in the order the session presents them."""

    __tablename__ = "session_countries"

    forum_session_id: Mapped[int] = mapped_column(
        ForeignKey("forum_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    country_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Statement(Base):
    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("forum_session_id", "country_code", "title"),
        # A joint statement has no country, so the constraint above never matches two of them.
        Index(
            "uq_statements_joint_per_session",
            "forum_session_id",
            unique=True,
            sqlite_where=text("is_joint"),
            postgresql_where=text("is_joint"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    forum_session_id: Mapped[int] = mapped_column(
        ForeignKey("forum_sessions.id", ondelete="CASCADE"), index=True
    )
    # None for a joint statement of a group session.
    country_code: Mapped[str | None] = mapped_column(String(3))
    is_joint: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(16), default="en")
    state: Mapped[str] = mapped_column(String(16), default="drafting")
    # The server's own count, refreshed by the room whenever the text changes.
    words: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[int] = mapped_column(Integer, default=0)
    # The digest of the normalised text (what signatures bind to), refreshed with the count:
    # lists compare signatures with it without opening the room.
    text_digest: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DraftingGroupMember(Base):
    __tablename__ = "drafting_group_members"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class GuidingModerator(Base):
    """A Steering Group member guiding a statement's drafting group."""

    __tablename__ = "guiding_moderators"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AuditLogEntry(Base):
    """Append-only: every change of a statement's state and every role change (who, when,
    from, to, why). Nothing updates or deletes these rows."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_statement_id_id", "statement_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # For role changes: whose role changed.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(32))
    from_value: Mapped[str | None] = mapped_column(String(32))
    to_value: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)


class Invitation(Base):
    """A single-use, expiring link into a forum with a role (and optionally a drafting group).
    Only the hash of its token is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(String(200))  # who it is for, for the inviter
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class StatementUpdate(Base):
    """The append-only update log of a statement's document (Yjs updates, as received)."""

    __tablename__ = "statement_updates"
    __table_args__ = (Index("ix_statement_updates_statement_id_id", "statement_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    data: Mapped[bytes] = mapped_column(UpdateBytes)


class StatementSnapshot(Base):
    """The compacted document: one Yjs update holding everything up to `through_update_id`."""

    __tablename__ = "statement_snapshots"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
    through_update_id: Mapped[int] = mapped_column(BigInteger, default=0)
    text: Mapped[str] = mapped_column(Text, default="")


class StatementReviewer(Base):
    """A person asked to review one statement: reads it, comments and suggests, never edits."""

    __tablename__ = "statement_reviewers"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Thread(Base):
    """A comment thread on a passage, which may carry a suggestion and may become a dispute.

    The passage is anchored by two Yjs relative positions (the bytes of pycrdt's encoded
    `StickyIndex`), kept here and not in the document: the document carries the text alone,
    and the anchor is resolved against it whenever the thread is shown. `quote` is the
    passage as it was when the thread began, kept for when the passage is gone.
    """

    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_statement_id_id", "statement_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # comment | dispute
    state: Mapped[str] = mapped_column(String(16))  # open | resolved | decided
    quote: Mapped[str] = mapped_column(Text)
    anchor_start: Mapped[bytes] = mapped_column(LargeBinary)
    anchor_end: Mapped[bytes] = mapped_column(LargeBinary)
    suggestion: Mapped[str | None] = mapped_column(Text)
    suggestion_state: Mapped[str | None] = mapped_column(String(16))  # pending|accepted|declined
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A dispute: why, the wording its party proposes, and the Steering Group's decision.
    reason: Mapped[str | None] = mapped_column(Text)
    proposed_wording: Mapped[str | None] = mapped_column(Text)
    escalated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))  # keep | proposal | own
    decision: Mapped[str | None] = mapped_column(Text)
    applied_wording: Mapped[str | None] = mapped_column(Text)


class ThreadMessage(Base):
    """One message of a thread: its first comment, a reply, a decision or the server's note."""

    __tablename__ = "thread_messages"
    __table_args__ = (Index("ix_thread_messages_thread_id_id", "thread_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # comment | reply | decision | note
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Notice(Base):
    """Something new for one person: a mention, a dispute opened or decided on their
    statement. Shown on their dashboard until seen."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # mention | dispute_opened | dispute_decided
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("thread_messages.id", ondelete="CASCADE")
    )
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignedText(Base):
    """A text as it was signed, kept once however many signatures bind to it, so a signatory
    can be shown what they signed beside the text now."""

    __tablename__ = "signed_texts"
    __table_args__ = (UniqueConstraint("statement_id", "digest"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)


class Signature(Base):
    """A person signing a statement for one of their organisations, bound to the digest of
    the text they signed. Valid while the statement's text has that digest. An organisation
    counts once however many of its people sign."""

    __tablename__ = "signatures"
    __table_args__ = (Index("ix_signatures_statement_id", "statement_id"),)

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    digest: Mapped[str] = mapped_column(String(64))
    signed_text_id: Mapped[int] = mapped_column(ForeignKey("signed_texts.id", ondelete="CASCADE"))


class FinalRecord(Base):
    """What a statement was when it was finalised: its text and who had signed it (JSON),
    kept for every finalising (a reopened statement may be finalised again)."""

    __tablename__ = "final_records"
    __table_args__ = (Index("ix_final_records_statement_id_id", "statement_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    finalised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    signatories: Mapped[str] = mapped_column(
        Text
    )  # JSON: [{organisation_id, name, signed_by, signed_at}]


class ForumSpeakerRules(Base):
    """The rules for speakers of a forum, as its facilitators wrote them: each change is a new
    version, so a volunteer's acceptance names the text they read."""

    __tablename__ = "forum_speaker_rules"

    forum_id: Mapped[int] = mapped_column(
        ForeignKey("forums.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    written_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SpeakerVolunteer(Base):
    """A person offering to deliver a statement, with the version of the rules for speakers
    they accepted. Whether they are a national of the country and take part in its national
    process are sealed (see sealing.py), for the Steering Group only; None: not said."""

    __tablename__ = "speaker_volunteers"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rules_version: Mapped[int] = mapped_column(Integer)
    volunteered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    is_national_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    in_national_process_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StatementSpeakers(Base):
    """Who delivers a statement and who stands in, as a moderator confirmed them. A speaker who
    withdraws empties `speaker_id`; the backup stays until someone is confirmed."""

    __tablename__ = "statement_speakers"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class HappenedRow(Base):
    """One thing a person did, recorded once in the transaction that did it (the outbox):
    the audit log's line and the notices are written from it in that transaction, and the
    `/ws/events` events are told from it once it has committed (`told_at` then). See
    `server.domain.happenings`."""

    __tablename__ = "happenings"
    __table_args__ = (
        Index("ix_happenings_told_at_id", "told_at", "id"),
        Index("ix_happenings_statement_id_id", "statement_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    what: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE")
    )
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    from_value: Mapped[str | None] = mapped_column(Text)
    to_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: {name: short text}
    told_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
