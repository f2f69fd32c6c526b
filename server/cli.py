"""The `chorus` command: serve, migrate, demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import sys
from collections.abc import Sequence

from server.config import Settings, load_settings


async def _demo(settings: Settings, statements: int) -> None:
    from server import demo
    from server.auth.personal_data import key_ring_of
    from server.db import engine as db_engine
    from server.domain.countries import country_name

    engine = db_engine.create_engine(settings)
    try:
        async with db_engine.sessionmaker(engine)() as session, session.begin():
            accounts = await demo.load_demo(session, key_ring_of(settings), statements)
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


def _serve(settings: Settings, host: str, port: int) -> None:
    import anyio
    import uvicorn

    from server.app import create_app

    app = create_app(settings)
    rooms = app.state.chorus.rooms

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
    )
    print(f"Chorus is serving on http://{host}:{port}", flush=True)
    Server(config).run()


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
