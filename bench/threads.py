"""A long thread list under live editing: the editing p99 of a room (one person types, the
others listen) alone, and while the statement's 500-thread list is read 10 times in a row.

Target (Hardening 2, point 9): p99 while the list is read within 1.5 x p99 without. Each round
has a busy window (keystrokes for as long as the 10 reads last) and then a quiet one of as many
keystrokes, so both p99s are taken over the same number of samples; the ratio compares the
medians of the rounds' p99s, so a burst of the machine's other load in one window does not
decide it. Everything runs on 127.0.0.1 against a real `chorus serve` with the demo data.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio
import anyio.to_process
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.exports import EDITS_PER_SECOND, _edit_latencies, _p99
from server.demo import KENYA_DRAFT
from tests.support.servers import make_template, new_server
from tests.support.yclient import sign_in, yclient

THREADS = 500
READS = 10
LISTENERS = 4
TARGET = 1.5
READER_NICENESS = 10
# Who writes the threads: members of Kenya's drafting group and the Steering Group.
WRITERS = ("amina@example.org", "lucas@example.org", "sofia@example.org", "kwame@example.org")
# A kilobyte of comment, and a suggestion, so each listed thread also weighs its suggestion
# against the limit.
COMMENT_CHARACTERS = 1000
PASSAGE = "counties in the north"


def _comment(words: random.Random) -> str:
    """A kilobyte of the draft's own words in another order, different in each thread: a list
    of one sentence said 500 times would compress on the wire as no real list does."""
    vocabulary = KENYA_DRAFT.split()
    said: list[str] = []
    while sum(map(len, said)) + len(said) < COMMENT_CHARACTERS:
        said.append(words.choice(vocabulary))
    return " ".join(said)[:COMMENT_CHARACTERS]


async def _write_threads(http: httpx.AsyncClient, sid: int, count: int, seed: int) -> None:
    """`count` commented suggestions on the passage, each resolved at once (open threads are
    bounded; resolved ones stay in the list)."""
    start = KENYA_DRAFT.index(PASSAGE)
    words = random.Random(seed)
    for _ in range(count):
        body = {
            "start": start,
            "end": start + len(PASSAGE),
            "text": _comment(words),
            "suggestion": "x",
        }
        made = await http.post(f"/api/statements/{sid}/threads", json=body)
        made.raise_for_status()
        tid = made.json()["thread"]["id"]
        (await http.post(f"/api/threads/{tid}/resolve")).raise_for_status()


def _read_list_blocking(base_url: str, cookie: str, sid: int) -> tuple[list[float], bytes]:
    """The thread list, `READS` times one after another, in a process of its own like another
    person's browser, asking for it gzipped as a browser does; the seconds of each and the last
    answer as it came on the wire. The answers are taken as they come, not unpacked or parsed
    here: the person reading is on another machine, while on a 2-core one unpacking and parsing
    900 kB of JSON ten times in a row takes a core from the server and the editors measured.
    The last one is unpacked and checked after the round (`_check_list`)."""
    # A person's browser is on another machine: here, on the server's, it yields the CPU first
    # (as the exporting process of bench/exports.py does). The worker process is reused from
    # round to round: niced once.
    if os.nice(0) < READER_NICENESS:
        os.nice(READER_NICENESS - os.nice(0))
    times = []
    headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=120) as http:
        for _ in range(READS):
            started = time.perf_counter()
            with http.stream("GET", f"/api/statements/{sid}/threads") as answer:
                answer.raise_for_status()
                assert answer.headers["content-encoding"] == "gzip"
                raw = b"".join(answer.iter_raw())
            times.append(time.perf_counter() - started)
    return times, raw


async def _read_list(
    base_url: str,
    cookie: str,
    sid: int,
    times: list[float],
    answers: list[bytes],
    done: anyio.Event,
) -> None:
    """`_read_list_blocking` in a worker process; then `done`."""
    try:
        found, last = await anyio.to_process.run_sync(_read_list_blocking, base_url, cookie, sid)
        times += found
        answers.append(last)
    finally:
        done.set()


def _check_list(raw: bytes) -> int:
    """The list is whole: unpacked and parsed after the round, outside both windows; its size
    unpacked."""
    answer = gzip.decompress(raw)
    assert len(json.loads(answer)["threads"]) >= THREADS
    return len(answer)


async def _client(server_url: str, cookie: str, csrf: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server_url, headers={"Cookie": cookie, "X-CSRF-Token": csrf}, timeout=120
    )


async def main(rounds: int) -> int:
    with tempfile.TemporaryDirectory(prefix="chorus-bench-threads-") as root:
        template = make_template(Path(root) / "template")
        server = new_server(template, Path(root))
        server.start()
        try:
            accounts = template.accounts()
            sid = 1  # Kenya, in drafting
            sessions = []
            for email in WRITERS:
                async with httpx.AsyncClient(base_url=server.base_url) as signing:
                    answer = await signing.post(
                        "/api/session", json={"email": email, "password": accounts[email]}
                    )
                    answer.raise_for_status()
                    cookie = "; ".join(f"{k}={v}" for k, v in signing.cookies.items())
                    sessions.append((cookie, answer.json()["csrf_token"]))
            writers = [await _client(server.base_url, c, t) for c, t in sessions]
            try:
                async with anyio.create_task_group() as tasks:
                    for seed, http in enumerate(writers):
                        tasks.start_soon(_write_threads, http, sid, THREADS // len(writers), seed)
            finally:
                for http in writers:
                    await http.aclose()

            email = "amina@example.org"
            cookies = [sign_in(server, email, accounts[email]) for _ in range(LISTENERS + 1)]
            reader_cookie = sessions[2][0]  # Sofía reads the list
            async with (
                yclient(server, sid, cookies[0]) as typist,
                yclient(server, sid, cookies[1]) as listener,
                contextlib.AsyncExitStack() as others,
            ):
                for cookie in cookies[2:]:
                    await others.enter_async_context(yclient(server, sid, cookie))
                await _edit_latencies(typist, listener, 40)  # warm up the room
                # and the list, and the worker process that reads it
                await _read_list(server.base_url, reader_cookie, sid, [], [], anyio.Event())
                quiet_p99: list[float] = []
                busy_p99: list[float] = []
                quiet_all: list[float] = []
                busy_all: list[float] = []
                read_times: list[float] = []
                for _ in range(rounds):
                    done = anyio.Event()
                    answers: list[bytes] = []
                    async with anyio.create_task_group() as tasks:
                        tasks.start_soon(
                            _read_list,
                            server.base_url,
                            reader_cookie,
                            sid,
                            read_times,
                            answers,
                            done,
                        )
                        busy = await _edit_latencies(typist, listener, 0, until=done)
                    # As many keystrokes alone, right after: the machine's other load falls
                    # on both windows alike, and a p99 of fewer samples is not favoured.
                    quiet = await _edit_latencies(typist, listener, max(len(busy), 2))
                    json_bytes = _check_list(answers[0])
                    wire_bytes = len(answers[0])
                    busy_p99.append(_p99(busy) if len(busy) > 1 else max(busy))
                    quiet_p99.append(_p99(quiet))
                    quiet_all += quiet
                    busy_all += busy
        finally:
            server.stop()
    baseline, loaded = statistics.median(quiet_p99), statistics.median(busy_p99)
    ratio = loaded / baseline
    print(
        f"thread list under live editing: {rounds} rounds of keystrokes while a {THREADS}-thread "
        f"list is read {READS} times in a row, then as many alone ({EDITS_PER_SECOND}/s; 1 "
        f"typist, {LISTENERS} listeners; {len(busy_all)} keystrokes each side)"
    )
    print(
        f"  editing p50 / median p99 of rounds, alone: {statistics.median(quiet_all) * 1000:.1f}"
        f" / {baseline * 1000:.1f} ms"
    )
    print(
        f"  editing p50 / median p99 of rounds, while the list is read: "
        f"{statistics.median(busy_all) * 1000:.1f} / {loaded * 1000:.1f} ms "
        f"(x{ratio:.2f}; target <= x{TARGET})"
    )
    print(
        "  p99 of each round, while read / alone (ms): "
        + ", ".join(
            f"{b * 1000:.1f}/{q * 1000:.1f}" for b, q in zip(busy_p99, quiet_p99, strict=True)
        )
    )
    print(
        f"  thread list over HTTP: median {statistics.median(read_times) * 1000:.0f} ms, "
        f"max {max(read_times) * 1000:.0f} ms ({len(read_times)} reads while typing; "
        f"{json_bytes // 1000} kB of JSON, {wire_bytes // 1000} kB on the wire)"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=16)
    args = parser.parse_args()
    sys.exit(anyio.run(main, args.rounds))
