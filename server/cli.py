"""The `chorus` command: serve, migrate, demo, rotate-keys."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import logging
import socket
import sys
from collections.abc import Sequence

from server.config import Settings, load_settings


async def _demo(settings: Settings, statements: int) -> None:
    from server import demo
    from server.db import engine as db_engine
    from server.domain.countries import country_name
    from server.sealing import key_ring_of

    engine = db_engine.create_engine(settings)
    try:
        async with db_engine.sessionmaker(engine)() as db, db.begin():
            accounts = await demo.load_demo(db, key_ring_of(settings), statements)
    finally:
        await engine.dispose()
    print("Demo accounts (email password role):")
    for account, rows in accounts:
        print(f"{account.email} {account.password} {account.role}")
        shown = ", ".join(
            f"#{s.id} {country_name(s.country_code) if s.country_code else s.title}"
            for s in rows[:6]
        )
        more = f" and {len(rows) - 6} more" if len(rows) > 6 else ""
        print(f"    may edit: {shown}{more}")


# Enough rows per transaction to be quick, few enough not to hold the table for long.
RESEAL_BATCH = 500


async def _reseal(settings: Settings) -> int:
    """Re-seal every person's personal data under the current key; prints progress."""
    from sqlalchemy import func, select

    from server.db import engine as db_engine
    from server.db import speakers
    from server.db.models import User
    from server.db.people import reseal_batch
    from server.sealing import PersonalDataError, key_ring_of

    keys = key_ring_of(settings)
    engine = db_engine.create_engine(settings)
    seen = resealed = 0
    try:
        store = db_engine.sessionmaker(engine)
        async with store() as db:
            total = await db.scalar(select(func.count()).select_from(User)) or 0
        after: int | None = 0
        while after is not None:
            async with store() as db, db.begin():
                try:
                    batch = await reseal_batch(db, keys, after_id=after, limit=RESEAL_BATCH)
                except PersonalDataError as error:
                    print(f"Stopped after {seen} of {total} people: {error}", file=sys.stderr)
                    print(
                        "Put the key it names back in CHORUS_PERSONAL_DATA_KEYS and run again; "
                        "nothing was lost.",
                        file=sys.stderr,
                    )
                    return 2
            seen += batch.people
            resealed += batch.resealed
            after = batch.last_id
            print(f"  {seen} of {total} people checked, {resealed} re-sealed", flush=True)
        # Volunteers' answers about the country are sealed too, row by row of their own.
        answers = 0
        position: tuple[int, int] | None = (0, 0)
        while position is not None:
            async with store() as db, db.begin():
                try:
                    changed, position = await speakers.reseal_answers(
                        db, keys, after=position, limit=RESEAL_BATCH
                    )
                except PersonalDataError as error:
                    print(f"Stopped at the volunteers' answers: {error}", file=sys.stderr)
                    return 2
            answers += changed
        print(f"  answers of {answers} speaker volunteers re-sealed", flush=True)
    finally:
        await engine.dispose()
    print(
        f"Personal data of {resealed} people re-sealed with key {keys.current_id}; "
        f"{seen - resealed} already were. Keys other than {keys.current_id} can now be removed."
    )
    return 0


def _rotate_keys(settings: Settings, new_key: bool) -> int:
    import os

    from server.sealing import with_new_key

    if new_key:
        path = settings.personal_data_keys_file
        if path is None:
            print(
                "CHORUS_PERSONAL_DATA_KEYS is set in the environment: put a new key in front of "
                "it (id:base64 of 32 random bytes, e.g. k2:...) and run `chorus rotate-keys`.",
                file=sys.stderr,
            )
            return 2
        ring_text, key_id = with_new_key(settings.personal_data_keys)
        spare = path.with_suffix(".new")
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(ring_text + "\n")
        os.replace(spare, path)  # the ring is never half-written
        print(f"New key {key_id} added in front of the ring in {path}.")
        settings = dataclasses.replace(settings, personal_data_keys=ring_text)
    return asyncio.run(_reseal(settings))


LISTEN_BACKLOG = 8192
GC_THRESHOLD = 50_000  # allocations (net) between young-generation collections; Python's is 700


def _serve(settings: Settings, host: str, port: int) -> None:
    import anyio
    import uvicorn

    from server.app import create_app

    app = create_app(settings)
    rooms = app.state.chorus.rooms
    _collect_garbage_for_a_server()

    class Server(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            # Stop accepting, then close every editor with 1001 ("going away") ourselves:
            # uvicorn would close websockets with 1012 before the app hears of the shutdown.
            for server in self.servers:
                server.close()
            with anyio.move_on_after(3):
                await rooms.say_goodbye()
            await super().shutdown(sockets)

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        # Bound one websocket message at the socket, before it is buffered whole.
        ws_max_size=settings.max_message_bytes + 64,
        ws_per_message_deflate=False,
        timeout_graceful_shutdown=5,
        # After a restart every editor connects at once: connections the kernel cannot queue
        # are dropped and retried a second or three later (the kernel caps this at somaxconn).
        backlog=LISTEN_BACKLOG,
        # Behind a proxy the client's address (the sign-in limits' key) comes from
        # X-Forwarded-For, believed only from these hops.
        proxy_headers=True,
        forwarded_allow_ips=list(settings.forwarded_allow_ips),
    )
    # After the config, which sets up uvicorn's loggers.
    logging.getLogger("uvicorn.error").addFilter(_without_connection_chatter)
    print(f"Chorus is serving on http://{host}:{port}", flush=True)
    Server(config).run()


def _collect_garbage_for_a_server() -> None:
    """Keep the cyclic garbage collector off the editing path. Everything imported so far
    (hundreds of thousands of objects: SQLAlchemy, pydantic, the PDF renderer) lives as long as
    the process, so it is frozen out of every future collection; and collections come after
    more allocations than the default 700. Without this, 5,000 editors reconnecting at once
    set off a dozen full collections of 0.2 to 0.8 s each, the event loop stopped for all of
    them."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 10, 10)


def _without_connection_chatter(record: logging.LogRecord) -> bool:
    """Drop the websocket library's "connection open" and "connection closed": they name
    neither the client nor the path (uvicorn's "[accepted]" line does, once per connection),
    and after a restart thousands of each cost the event loop more than the joins' queries."""
    return record.msg not in ("connection open", "connection closed")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chorus", description="Chorus: co-write civil society statements for UN sessions."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the app (HTTP and websockets)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    commands.add_parser("migrate", help="bring the database schema up to date")
    demo = commands.add_parser("demo", help="load the demo data (idempotent) and print accounts")
    demo.add_argument(
        "--statements",
        type=int,
        default=0,
        metavar="N",
        help="make sure the first demo contributor can edit at least N statements",
    )
    rotate = commands.add_parser(
        "rotate-keys",
        help="re-seal personal data under the current (first) key of CHORUS_PERSONAL_DATA_KEYS",
    )
    rotate.add_argument(
        "--new-key",
        action="store_true",
        help="first put a new key in front of the ring kept in the data directory",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    if args.command == "serve":
        _serve(settings, args.host, args.port)
    elif args.command == "migrate":
        logging.getLogger("alembic").setLevel(logging.WARNING)
        from server.db.migrate import upgrade

        upgrade(settings)
        print("The database schema is up to date.")
    elif args.command == "demo":
        asyncio.run(_demo(settings, args.statements))
    elif args.command == "rotate-keys":
        return _rotate_keys(settings, args.new_key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
