"""A statement's thread list as last read from the store, kept while nothing changes it.

A long list is read often (every editor's page reads it when anything in it moves) and changes
seldom; reading 500 threads and their messages again each time held the room's editors. Every
change to a thread is an action, and every action records what happened with its statement
(`server.actions.recording`), so the statement's last record says whether the kept list is
still the store's: one indexed lookup instead of the whole list.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Final

import anyio.lowlevel
from sqlalchemy.ext.asyncio import async_sessionmaker

from server.db import happenings
from server.db import threads as queries
from server.db.threads import ThreadRow

# Threads read from the store at a time: one page's rows are turned into values in one go,
# and the room's editors go first between pages.
LIST_PAGE: Final = 100
# Statements whose list is kept (the least recently read is dropped first).
KEPT: Final = 64


class ThreadLists:
    """The lists kept, each with the statement's last record when it was read. Rows are
    shared between the readers of a list: nothing changes a `ThreadRow` once read."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._lists: OrderedDict[int, tuple[int, list[ThreadRow]]] = OrderedDict()

    async def of(self, store: async_sessionmaker[Any], sid: int) -> list[ThreadRow]:
        """Statement `sid`'s threads, oldest first, each with its messages."""
        async with store() as db:
            last = await happenings.last_of_statement(db, sid)
        kept = self._lists.get(sid)
        if kept is not None and kept[0] == last:
            self._lists.move_to_end(sid)
            return kept[1]
        # Read after the last record was: a change committed in between makes the list newer
        # than its mark, and the next read reads it again; never older.
        rows = await _read(store, sid)
        self._lists[sid] = (last, rows)
        self._lists.move_to_end(sid)
        while len(self._lists) > self._kept:
            self._lists.popitem(last=False)
        return rows


async def _read(store: async_sessionmaker[Any], sid: int) -> list[ThreadRow]:
    rows: list[ThreadRow] = []
    after = 0
    while True:
        async with store() as db:
            page = await queries.threads_of(db, sid, after=after, limit=LIST_PAGE)
        rows += page
        if len(page) < LIST_PAGE:
            return rows
        after = page[-1].thread.id
        await anyio.lowlevel.checkpoint()
