"""A long thread list: read a page at a time, every thread once with its own messages, and read
without leaving work for the garbage collector (whose pauses, every few reads of a long list,
held every editor of the server).
"""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from server.actions.thread_list import LIST_PAGE
from server.config import load_settings
from server.db import threads as queries
from server.db.engine import create_engine, sessionmaker
from server.demo import KENYA_DRAFT
from server.domain.threads import Kind
from tests.api.test_threads import KENYA, PASSAGE, comment, person, run_sql, span, threads
from tests.support.servers import Server, Template, new_server

pytestmark = pytest.mark.anyio

ELSEWHERE = 2  # another statement, whose threads take ids between Kenya's


def copies_of(thread_id: int, count: int) -> list[str]:
    """SQL making `count` copies of thread `thread_id`, alternately on Kenya and elsewhere
    (copy i quotes "copy i"), each with a first message naming its thread, and a reply on
    every seventh."""
    columns = (
        "kind, state, anchor_start, anchor_end, suggestion, suggestion_state, created_by, "
        "created_at"
    )
    return [
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
        f"{count}) INSERT INTO threads (statement_id, quote, {columns}) SELECT CASE WHEN "
        f"i % 2 = 1 THEN {KENYA} ELSE {ELSEWHERE} END, 'copy ' || i, {columns} FROM n, "
        f"threads WHERE threads.id = {thread_id} ORDER BY i",
        "INSERT INTO thread_messages (thread_id, author_id, kind, text, at) SELECT id, "
        "created_by, 'comment', 'first of ' || id, created_at FROM threads "
        f"WHERE id > {thread_id} ORDER BY id",
        "INSERT INTO thread_messages (thread_id, author_id, kind, text, at) SELECT id, "
        "created_by, 'reply', 'reply to ' || id, created_at FROM threads "
        f"WHERE id > {thread_id} AND id % 7 = 0 ORDER BY id",
    ]


async def test_a_list_longer_than_a_page_has_every_thread_once_with_its_own_messages(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "amina") as amina:
        first = comment(amina, KENYA, span(KENYA_DRAFT, PASSAGE), "Which counties?")
        assert first.status_code == 201, first.text
        seed = first.json()["thread"]
        run_sql(server, *copies_of(seed["id"], 2 * LIST_PAGE + 50))

        listed = threads(amina)
        copies = listed[1:]
        assert len(copies) == LIST_PAGE + 25
        assert [t["id"] for t in listed] == sorted(t["id"] for t in listed)
        assert {t["statement_id"] for t in listed} == {KENYA}
        assert [t["quote"] for t in copies] == [
            f"copy {i}" for i in range(1, 2 * LIST_PAGE + 50, 2)
        ]
        for thread in copies:
            expected = [f"first of {thread['id']}"]
            if thread["id"] % 7 == 0:
                expected.append(f"reply to {thread['id']}")
            assert [m["text"] for m in thread["messages"]] == expected
            # Each copy is anchored where the first one is, and resolved against the same text.
            assert thread["anchor"] == seed["anchor"]
            assert thread["passage_now"] == PASSAGE

        # A thread in the list is the same as the answer to an action on it.
        last = copies[-1]
        replied = amina.post(f"/api/threads/{last['id']}/replies", json={"text": "Agreed."})
        assert replied.status_code == 200, replied.text
        assert threads(amina)[-1] == replied.json()["thread"]


async def test_reading_a_long_list_leaves_no_garbage_for_the_collector(
    template: Template, tmp_path: Path
) -> None:
    # Collecting the garbage that reading pages once left (query objects built per read, in
    # reference cycles) took 40 to 130 ms at a time, every ten reads of a 500-thread list.
    settings = load_settings(new_server(template, tmp_path).env)
    engine = create_engine(settings)
    try:
        store = sessionmaker(engine)
        async with store() as db, db.begin():
            for i in range(2 * LIST_PAGE + 50):
                await queries.add_thread(
                    db,
                    statement_id=KENYA,
                    kind=Kind.COMMENT,
                    quote=f"copy {i}",
                    anchor_start=b"start",
                    anchor_end=b"end",
                    by=1,
                    at=datetime.now(UTC),
                    text=f"first of copy {i}",
                )

        async def read_all() -> int:
            after, count = 0, 0
            while True:
                async with store() as db:
                    rows = await queries.threads_of(db, KENYA, after=after, limit=LIST_PAGE)
                count += len(rows)
                if len(rows) < LIST_PAGE:
                    return count
                after = rows[-1].thread.id

        await read_all()  # the connection pool and the statement cache, warm
        gc.collect()
        gc.disable()
        try:
            for _ in range(3):
                await read_all()
            garbage = gc.collect()
        finally:
            gc.enable()
    finally:
        await engine.dispose()
    assert garbage < 100, f"{garbage} objects left for the collector by 3 reads"


async def test_a_long_list_goes_gzipped_to_whoever_accepts_it_and_a_pdf_as_it_is(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "amina") as amina:
        first = comment(amina, KENYA, span(KENYA_DRAFT, PASSAGE), "Which counties? " * 60)
        assert first.status_code == 201, first.text
        run_sql(server, *copies_of(first.json()["thread"]["id"], 2 * LIST_PAGE))
        url = f"/api/statements/{KENYA}/threads"

        plain = amina.get(url, headers={"Accept-Encoding": "identity"})
        zipped = amina.get(url, headers={"Accept-Encoding": "gzip"})
        assert plain.status_code == zipped.status_code == 200
        assert "content-encoding" not in plain.headers
        assert zipped.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in zipped.headers["vary"].lower()
        assert zipped.json() == plain.json()
        assert zipped.num_bytes_downloaded * 3 < len(plain.content)

        # A PDF is compressed inside already: sent as it is.
        pdf = amina.get(f"/api/statements/{KENYA}/export.pdf", headers={"Accept-Encoding": "gzip"})
        assert pdf.status_code == 200
        assert "content-encoding" not in pdf.headers
        assert pdf.content.startswith(b"%PDF")
