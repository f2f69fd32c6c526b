"""Look-ups that many connections ask for at once, answered together: one query per batch.

After a deploy or a crash every editor of a forum reconnects at the same moment. Asked one by
one, their sign-in look-ups, standings and room loads queue for the database's connections,
each paying its round trips and its ORM work on the event loop in front of the editing. A
`Batcher` answers whatever was asked while its previous batch ran in one fetch: one look-up
alone goes at once, and under a storm the batches grow with the queue, so the number of
round trips follows the time the database takes rather than the number of people asking.

An answer is never older than its question: a key asked while a batch is being fetched waits
for the next one, which starts after it was asked. Nothing is cached between batches.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import anyio

log = logging.getLogger("chorus.batching")

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Bounds a batch's queries: the standings' IN lists hold up to 12,000 parameters for 2,000
# knocks (SQLite takes 32,766, asyncpg 32,767).
MAX_BATCH = 2000


@dataclass
class _Asked(Generic[V]):
    done: anyio.Event = field(default_factory=anyio.Event)
    value: V | None = None
    error: BaseException | None = None


class Batcher(Generic[K, V]):
    """`await batcher.get(key)`: the value `fetch` gives for `key`, fetched with every other
    key asked meanwhile. `fetch` answers a list of distinct keys with a dict holding each of
    them; a key it leaves out, or a fetch that raises, fails that batch's callers alike.

    Up to `concurrency` batches are fetched at once: under a storm a batch's time is mostly
    its round trips waiting for a crowded event loop, not the database's work, so a few in
    flight multiply what gets through.

    `run()` does the fetching, in the task group of whoever owns the batcher (the app's
    lifespan): a caller that gives up, its connection gone, does not cancel a batch others
    wait for. Until it runs, each `get` fetches its key alone."""

    def __init__(
        self,
        fetch: Callable[[list[K]], Awaitable[dict[K, V]]],
        *,
        max_batch: int = MAX_BATCH,
        concurrency: int = 1,
        name: str = "look-up",
    ) -> None:
        self._fetch = fetch
        self._max_batch = max_batch
        self._concurrency = concurrency
        self._name = name
        self._waiting: dict[K, _Asked[V]] = {}
        self._wake = anyio.Event()
        self._running = False

    async def get(self, key: K) -> V:
        if not self._running:
            # Not started (a tool using the app without its lifespan): alone, at once.
            found = await self._fetch([key])
            if key not in found:
                raise LookupError(f"{self._name}: no answer for {key!r}")
            return found[key]
        asked = self._waiting.get(key)
        if asked is None:
            asked = self._waiting[key] = _Asked()
            self._wake.set()
        await asked.done.wait()
        if asked.error is not None:
            raise asked.error
        return asked.value  # type: ignore[return-value]  # set with done, for this key

    async def run(self) -> None:
        """Fetch batches until cancelled."""
        slots = anyio.Semaphore(self._concurrency)
        self._running = True
        try:
            async with anyio.create_task_group() as tasks:
                while True:
                    await self._wake.wait()
                    self._wake = anyio.Event()
                    while self._waiting:
                        await slots.acquire()
                        # Taken only now, as the batch starts: nothing asked after a fetch
                        # began is answered by it.
                        keys = list(self._waiting)[: self._max_batch]
                        batch = {key: self._waiting.pop(key) for key in keys}
                        tasks.start_soon(self._fetch_batch, batch, slots)
        finally:
            self._running = False
            self._fail(self._waiting, RuntimeError(f"the {self._name} batcher stopped"))
            self._waiting.clear()

    @staticmethod
    def _fail(batch: dict[K, _Asked[V]], error: BaseException) -> None:
        for asked in batch.values():
            asked.error = error
            asked.done.set()

    async def _fetch_batch(self, batch: dict[K, _Asked[V]], slots: anyio.Semaphore) -> None:
        try:
            found = await self._fetch(list(batch))
        except Exception as error:
            log.exception("%s of %d failed", self._name, len(batch))
            self._fail(batch, error)
            return
        except BaseException:
            self._fail(batch, RuntimeError(f"the {self._name} batcher stopped"))
            raise  # cancelled: the server is stopping
        finally:
            slots.release()
        for key, asked in batch.items():
            if key in found:
                asked.value = found[key]
            else:
                asked.error = LookupError(f"{self._name}: no answer for {key!r}")
            asked.done.set()
