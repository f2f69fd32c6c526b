"""`Batcher`: look-ups asked together are fetched together, and never answered from a batch
that began before they were asked."""

from __future__ import annotations

import anyio
import pytest

from server.batching import Batcher

pytestmark = pytest.mark.anyio


class Store:
    """A fetch that records its batches and can be held while a batch is under way."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.version = 0
        self.gate: anyio.Event | None = None
        self.fail_next = False

    async def fetch(self, keys: list[int]) -> dict[int, str]:
        self.batches.append(list(keys))
        read_at = self.version
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_next:
            self.fail_next = False
            raise OSError("the database went away")
        return {k: f"{k}@{read_at}" for k in keys if k >= 0}


async def test_keys_asked_while_a_batch_runs_go_together_in_the_next() -> None:
    store = Store()
    batcher: Batcher[int, str] = Batcher(store.fetch)
    got: dict[int, str] = {}

    async def ask(key: int) -> None:
        got[key] = await batcher.get(key)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(batcher.run)
        store.gate = anyio.Event()
        tasks.start_soon(ask, 0)
        await anyio.wait_all_tasks_blocked()
        assert store.batches == [[0]]  # alone, at once
        store.version = 1  # changed while the first batch reads
        for key in range(1, 60):
            tasks.start_soon(ask, key)
        tasks.start_soon(ask, 1)  # the same key twice: asked once
        await anyio.wait_all_tasks_blocked()
        store.gate.set()
        await anyio.wait_all_tasks_blocked()
        tasks.cancel_scope.cancel()
    assert store.batches == [[0], list(range(1, 60))]
    # Asked after the change, answered by a batch that began after it.
    assert got == {0: "0@0", **{k: f"{k}@1" for k in range(1, 60)}}


async def test_a_batch_is_bounded_in_size() -> None:
    store = Store()
    batcher: Batcher[int, str] = Batcher(store.fetch, max_batch=10)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(batcher.run)
        await anyio.wait_all_tasks_blocked()
        store.gate = anyio.Event()
        for key in range(25):
            tasks.start_soon(batcher.get, key)
        await anyio.wait_all_tasks_blocked()
        store.gate.set()
        await anyio.wait_all_tasks_blocked()
        tasks.cancel_scope.cancel()
    assert [len(b) for b in store.batches] == [10, 10, 5]
    assert sorted(k for b in store.batches for k in b) == list(range(25))


async def test_a_failed_batch_fails_its_callers_only() -> None:
    store = Store()
    batcher: Batcher[int, str] = Batcher(store.fetch)
    errors: list[BaseException] = []

    async def ask(key: int) -> None:
        try:
            await batcher.get(key)
        except OSError as error:
            errors.append(error)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(batcher.run)
        await anyio.wait_all_tasks_blocked()
        store.fail_next = True
        for key in range(3):
            tasks.start_soon(ask, key)
        await anyio.wait_all_tasks_blocked()
        assert len(errors) == 3
        assert await batcher.get(7) == "7@0"  # the next batch goes on
        with pytest.raises(LookupError):
            await batcher.get(-1)  # a key the fetch has no answer for
        tasks.cancel_scope.cancel()


async def test_a_caller_that_gives_up_does_not_cancel_the_batch() -> None:
    store = Store()
    batcher: Batcher[int, str] = Batcher(store.fetch)
    got: list[str] = []

    async def ask(key: int) -> None:
        got.append(await batcher.get(key))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(batcher.run)
        await anyio.wait_all_tasks_blocked()
        store.gate = anyio.Event()
        with anyio.move_on_after(0.01):
            await batcher.get(1)  # gives up while the batch is held
        tasks.start_soon(ask, 2)
        await anyio.wait_all_tasks_blocked()
        store.gate.set()
        await anyio.wait_all_tasks_blocked()
        tasks.cancel_scope.cancel()
    assert got == ["2@0"]
    assert store.batches == [[1], [2]]


async def test_without_run_each_key_is_fetched_alone() -> None:
    store = Store()
    batcher: Batcher[int, str] = Batcher(store.fetch)
    assert await batcher.get(3) == "3@0"
    with pytest.raises(LookupError):
        await batcher.get(-1)
    assert store.batches == [[3], [-1]]


async def test_up_to_concurrency_batches_are_in_flight_at_once() -> None:
    store = Store()
    batcher: Batcher[int, str] = Batcher(store.fetch, concurrency=2)
    got: dict[int, str] = {}

    async def ask(key: int) -> None:
        got[key] = await batcher.get(key)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(batcher.run)
        await anyio.wait_all_tasks_blocked()
        store.gate = anyio.Event()
        tasks.start_soon(ask, 1)
        await anyio.wait_all_tasks_blocked()
        tasks.start_soon(ask, 2)
        await anyio.wait_all_tasks_blocked()
        assert store.batches == [[1], [2]]  # two held at once
        for key in (3, 4):
            tasks.start_soon(ask, key)
        await anyio.wait_all_tasks_blocked()
        assert store.batches == [[1], [2]]  # the third waits for a free slot...
        store.gate.set()
        await anyio.wait_all_tasks_blocked()
        tasks.cancel_scope.cancel()
    assert store.batches == [[1], [2], [3, 4]]  # ...and takes all that waited
    assert got == {k: f"{k}@0" for k in (1, 2, 3, 4)}


async def test_stopping_fails_whoever_still_waits() -> None:
    store = Store()
    batcher: Batcher[int, str] = Batcher(store.fetch)
    errors: list[str] = []

    async def ask(key: int) -> None:
        try:
            await batcher.get(key)
        except RuntimeError as error:
            errors.append(str(error))

    async with anyio.create_task_group() as outer, anyio.create_task_group() as tasks:
        tasks.start_soon(batcher.run)
        await anyio.wait_all_tasks_blocked()
        store.gate = anyio.Event()
        outer.start_soon(ask, 1)  # in flight when the batcher stops
        await anyio.wait_all_tasks_blocked()
        outer.start_soon(ask, 2)  # still waiting for a slot
        await anyio.wait_all_tasks_blocked()
        tasks.cancel_scope.cancel()
    assert errors == ["the look-up batcher stopped"] * 2
