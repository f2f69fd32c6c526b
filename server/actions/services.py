"""What actions work with, as the app hands it to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import async_sessionmaker

if TYPE_CHECKING:
    from server.actions.announcing import Announcer
    from server.actions.thread_list import ThreadLists
    from server.collab.rooms import Rooms
    from server.config import Settings
    from server.events.hub import EventHub
    from server.sealing import KeyRing


class Services(Protocol):
    """The parts of the running app an action uses (`server.chorus.Chorus` has them all)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def store(self) -> async_sessionmaker[Any]: ...  # opens a database session (`db`)
    @property
    def rooms(self) -> Rooms: ...
    @property
    def events(self) -> EventHub: ...
    @property
    def announcer(self) -> Announcer: ...
    @property
    def keys(self) -> KeyRing: ...  # seals personal data (a volunteer's answers, ...)
    @property
    def thread_lists(self) -> ThreadLists: ...  # statements' thread lists, kept
