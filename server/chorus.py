"""The running app (`Chorus`): its settings, the store, the update log writer, the rooms and the
rest every request and connection reaches through `chorus_of`.

Three words are kept apart in the code: `chorus` is the running app (never "state"); `db` is
a database session and `store` what opens one (never "session"); a sign-in is a person's signed
cookie (`SignIn`, `new_sign_in`), and "session" alone is a UN session of a forum
(`ForumSession`). A statement's `state` is its step in the process (drafting, finalised, ...),
and a room's document has a Yjs `state_vector`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from starlette.requests import HTTPConnection

from server.actions.announcing import Announcer
from server.actions.thread_list import ThreadLists
from server.batching import Batcher
from server.collab.admission import Admission, Knock
from server.collab.rooms import Rooms
from server.collab.update_log import UpdateLogWriter
from server.config import Settings
from server.domain.rate_limits import SignInLimiter
from server.events.hub import EventHub
from server.export.slots import ExportSlots
from server.sealing import KeyRing


@dataclass
class Chorus:
    """What the running app holds; one per process."""

    settings: Settings
    engine: AsyncEngine
    store: async_sessionmaker[Any]  # opens a database session (`db`)
    writer: UpdateLogWriter
    rooms: Rooms
    keys: KeyRing  # seals personal data; finds people by their email's keyed hash
    events: EventHub
    # Every websocket upgrade's sign-in and standing, looked up in batches.
    admissions: Batcher[Knock, Admission]
    # In memory, per process: a restart forgets the counts (the embedded default is one process).
    sign_in_limiter: SignInLimiter = field(default_factory=SignInLimiter)
    # Moves whenever anyone's access changes (roles, drafting groups, signing out everywhere).
    # An editor's connection reads its person's standing before it joins its room, and a
    # change in between finds no connection to update: one that saw this move re-checks.
    access_changes: int = 0
    # Statements' thread lists as last read, while no record about the statement followed.
    thread_lists: ThreadLists = field(default_factory=ThreadLists)
    # How many exports render at once and how many may wait (from the settings).
    exports: ExportSlots = field(init=False)
    # Tells the events of what actions recorded, once committed.
    announcer: Announcer = field(init=False)

    def __post_init__(self) -> None:
        self.exports = ExportSlots(self.settings.export_concurrency, self.settings.export_queue)
        self.announcer = Announcer(self.store, self.events)


def chorus_of(conn: HTTPConnection) -> Chorus:
    """What the app holds, from one of its requests or websocket connections."""
    chorus: Chorus = conn.app.state.chorus
    return chorus
