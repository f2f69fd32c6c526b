"""The export slots: how many exports render at once, and how many requests may wait for one.

Rendering is bounded (`Settings.export_concurrency`) so live editing keeps the event loop and
a core; the wait is bounded too (`Settings.export_queue`), so a burst of requests is told at
once when to come back instead of each holding a connection open until its turn."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

# How much each render's time moves the estimate of the next ones.
_WEIGHT = 0.2


class ExportsBusy(Exception):
    """Every slot is rendering and the queue is full: come back in `seconds`."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"every export slot is taken; try again in {seconds} s")
        self.seconds = seconds


class ExportSlots:
    """`renders` slots, and a queue of at most `queue` requests waiting for one. Owned by the
    running app (`Chorus`); one per process."""

    def __init__(self, renders: int, queue: int) -> None:
        self.renders = renders
        self.queue = queue
        self.waiting = 0
        self._slots = anyio.CapacityLimiter(renders)
        # anyio's worker threads and processes take a limiter of their own: as wide as the
        # slots, so it never makes a render that holds a slot wait.
        self.workers = anyio.CapacityLimiter(renders)
        # A moving estimate of one render's time, for the answer's Retry-After.
        self.seconds_per_render = 1.0

    @property
    def rendering(self) -> int:
        return int(self._slots.borrowed_tokens)

    def retry_after(self) -> int:
        """Whole seconds until the renders under way and those waiting should be done."""
        ahead = self.rendering + self.waiting
        return max(1, math.ceil(self.seconds_per_render * ahead / self.renders))

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a slot for one render, waiting in the queue for it if need be; raises
        `ExportsBusy` at once if every slot is taken and the queue is full."""
        if self._slots.available_tokens < 1 and self.waiting >= self.queue:
            raise ExportsBusy(self.retry_after())
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        started = anyio.current_time()
        try:
            yield
        finally:
            self._slots.release()
            took = anyio.current_time() - started
            self.seconds_per_render += _WEIGHT * (took - self.seconds_per_render)
