"""The app factory: routes, middleware and the lifespan that owns the rooms and the update log."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.actions.refusals import Refused
from server.api.errors import http_error, refused_error
from server.api.routes import ROUTES
from server.batching import Batcher
from server.body_limit import BodyLimit
from server.chorus import Chorus
from server.collab import admission
from server.collab.admission import Admission, Knock
from server.collab.direct_send import KeepServerSend
from server.collab.rooms import Rooms
from server.collab.update_log import UpdateLogWriter
from server.config import Settings
from server.db import engine as db_engine
from server.db import people, update_log
from server.db import signatures as signature_queries
from server.db.update_log import StoredDocument
from server.edge.events_socket import events_socket
from server.edge.statement_socket import statement_socket
from server.events.hub import EventHub
from server.export import FORMATS
from server.sealing import key_ring_of

log = logging.getLogger("chorus")

# Pages take no HTML from users (the editor renders text through CodeMirror), so a strict policy
# costs nothing. CodeMirror injects its own <style> elements, hence 'unsafe-inline' for styles.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        b"form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ClientFiles(StaticFiles):
    """The built client: hashed assets cached for a year, everything else revalidated."""

    def file_response(
        self, full_path: Any, stat_result: Any, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        immutable = scope["path"].startswith("/assets/")
        response.headers["cache-control"] = (
            "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        return response


def _page_routes(dist: Path) -> list[Route | Mount]:
    index = dist / "index.html"

    async def page(request: Request) -> Response:
        if not index.exists():
            return Response(
                "The client is not built yet: run `make run` (it builds client/).",
                status_code=503,
                media_type="text/plain",
            )
        return FileResponse(index, headers={"cache-control": "no-cache"})

    routes: list[Route | Mount] = [
        Route("/", page),
        Route("/sign-in", page),
        Route("/statements/{statement_id}", page),
        Route("/statements/{statement_id}/speak", page),
        Route("/forums/{forum_id}/overview", page),
        Route("/forums/{forum_id}/admin", page),
        Route("/forums/{forum_id}/review-queue", page),
        Route("/join/{token}", page),
    ]
    if dist.exists():
        routes.append(Mount("/", ClientFiles(directory=dist), name="client"))
    return routes


# Batches of websocket look-ups fetched at once, of each kind: a few database connections
# each (SQLite's pool holds 15, PostgreSQL's 20), leaving the rest to the routes.
LOOK_UP_BATCHES_IN_FLIGHT = 4


# Answers are gzipped for whoever accepts it: a long thread list is a megabyte of JSON, which a
# slow connection waits for and whose copying, ten reads in a row on a small machine, held the
# room's editors for milliseconds at a time. Large answers are compressed off the event loop
# (the middleware's worker thread; zlib lets go of the interpreter lock meanwhile).
GZIP_FROM = 1024  # bytes: below a packet, compressing saves nothing
GZIP_LEVEL = 1  # zlib's fastest: a 900 kB list in 5 ms, to a quarter of its size
_COMPRESSED_ALREADY = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    *(f.media_type for f in FORMATS.values() if f.is_compressed),
)


def create_app(settings: Settings) -> Starlette:
    engine = db_engine.create_engine(settings)
    store = db_engine.sessionmaker(engine)
    writer = UpdateLogWriter(engine, settings.commit_window_seconds)

    async def load(statement_ids: list[int]) -> dict[int, StoredDocument]:
        async with store() as db:
            return await update_log.load_documents(db, statement_ids)

    # Rooms opened together (every editor reconnecting after a restart) load together.
    room_loads: Batcher[int, StoredDocument] = Batcher(
        load, concurrency=LOOK_UP_BATCHES_IN_FLIGHT, name="room load"
    )
    admissions: Batcher[Knock, Admission] = Batcher(
        partial(admission.look_up, store),
        concurrency=LOOK_UP_BATCHES_IN_FLIGHT,
        name="admission",
    )
    rooms = Rooms(
        writer,
        load=room_loads.get,
        max_document_bytes=settings.max_document_bytes,
        compact_after_updates=settings.compact_after_updates,
        grace_seconds=settings.room_grace_seconds,
    )

    async def names_of(user_ids: set[int]) -> dict[int, str]:
        async with store() as db:
            return await people.names_of(db, user_ids)

    async def signed_statements() -> set[int]:
        async with store() as db:
            return await signature_queries.statements_with_signatures(db)

    events = EventHub(rooms, names_of, signed_statements)
    chorus = Chorus(
        settings, engine, store, writer, rooms, key_ring_of(settings), events, admissions
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(writer.run)
            tasks.start_soon(room_loads.run)
            tasks.start_soon(admissions.run)
            tasks.start_soon(rooms.reap_forever)
            tasks.start_soon(events.watch_rooms_forever)
            # What committed before a stop and was not told yet is told now, not never.
            await chorus.announcer.tell()
            try:
                yield
            finally:
                # Shutdown is a code path: the server has said goodbye to every editor (1001,
                # `chorus serve` calls Rooms.say_goodbye); snapshot the rooms, flush the log.
                with anyio.CancelScope(shield=True):
                    rooms.snapshot_all()
                    await writer.flush()
                    tasks.cancel_scope.cancel()
                    await writer.close()
        await engine.dispose()

    routes: list[Route | WebSocketRoute | Mount] = [
        # The REST API, from its one table (which the OpenAPI document is written from too).
        *(Route(r.path, r.handler, methods=[r.method]) for r in ROUTES),
        WebSocketRoute("/ws/statements/{statement_id}", statement_socket),
        WebSocketRoute("/ws/events", events_socket),
        *_page_routes(settings.client_dist),
    ]
    app = Starlette(
        routes=routes,
        # BodyLimit inside SecurityHeaders, so its early 413 carries the headers too.
        middleware=[
            Middleware(KeepServerSend),
            Middleware(SecurityHeaders),
            Middleware(
                GZipMiddleware,
                minimum_size=GZIP_FROM,
                compresslevel=GZIP_LEVEL,
                exclude_content_types=_COMPRESSED_ALREADY,
            ),
            Middleware(BodyLimit),
        ],
        exception_handlers={HTTPException: http_error, Refused: refused_error},
        lifespan=lifespan,
    )
    app.state.chorus = chorus
    return app
