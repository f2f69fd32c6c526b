"""Events on `/ws/events`: what is not text (a statement's state, its live count, who is in
it, membership), as JSON. One model per event, told apart by `type`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

from schemas.api import StatementState


class Hello(BaseModel):
    """The first event: which statements this connection hears about."""

    type: Literal["hello"] = "hello"
    statement_ids: list[int]


class StatementStateChanged(BaseModel):
    type: Literal["statement.state"] = "statement.state"
    statement_id: int
    state: StatementState
    by: str | None = None  # who took the step


class StatementCounted(BaseModel):
    """The server's own count after the text changed (at most once a second per statement)."""

    type: Literal["statement.count"] = "statement.count"
    statement_id: int
    words: int
    seconds: int
    over_limit: bool


class StatementPresence(BaseModel):
    """Who has the statement open now."""

    type: Literal["statement.presence"] = "statement.presence"
    statement_id: int
    editors: list[str]


class StatementPeopleChanged(BaseModel):
    """Someone joined or left the drafting group, or a guiding moderator changed: reload them."""

    type: Literal["statement.people"] = "statement.people"
    statement_id: int


class ForumChanged(BaseModel):
    """The forum's settings or sessions changed (deadlines, limits, a new session): reload."""

    type: Literal["forum"] = "forum"
    forum_id: int


class MembershipChanged(BaseModel):
    """The statements this person may open changed: reload the list."""

    type: Literal["membership"] = "membership"


class NoticesChanged(BaseModel):
    """This person has new notices (or marked some seen elsewhere): reload them."""

    type: Literal["notices"] = "notices"


class StatementThreadsChanged(BaseModel):
    """A thread of the statement changed (new, replied to, settled, escalated, claimed,
    decided): reload the threads. Only people who may see the threads hear it."""

    type: Literal["statement.threads"] = "statement.threads"
    statement_id: int


class StatementSignaturesChanged(BaseModel):
    """Someone signed, re-confirmed or withdrew, or the text changed so signatures may have
    gone stale (or valid again): reload the signatures. Signatures are public: everyone who
    may open the statement hears it."""

    type: Literal["statement.signatures"] = "statement.signatures"
    statement_id: int


class StatementSpeakersChanged(BaseModel):
    """Someone volunteered or withdrew, a speaker was confirmed, or the forum's rules for
    speakers changed: reload the speakers. Everyone who may open the statement hears it."""

    type: Literal["statement.speakers"] = "statement.speakers"
    statement_id: int


class ReviewQueueChanged(BaseModel):
    """The forum's review queue changed (a dispute opened, claimed or decided): reload it.
    Only the forum's moderators and facilitators hear it."""

    type: Literal["review_queue"] = "review_queue"
    forum_id: int


Event = Annotated[
    Hello
    | StatementStateChanged
    | StatementCounted
    | StatementPresence
    | StatementPeopleChanged
    | ForumChanged
    | MembershipChanged
    | NoticesChanged
    | StatementThreadsChanged
    | StatementSignaturesChanged
    | StatementSpeakersChanged
    | ReviewQueueChanged,
    Field(discriminator="type"),
]
EVENT = TypeAdapter(Event)
