"""`GET /api/statements/{id}/export.{format}`: the statement as a file, for anyone who may
open it. The text and count are the server's (the open room's, else the stored document's),
the signatories those whose signature is on that text; rendering runs in a worker (a process
for PDF and DOCX), bounded in number, queue and time (`ExportSlots`, `Settings.export_*`), so
live editing never waits for it and no burst or text holds the server's connections."""

from __future__ import annotations

import functools
import math
from datetime import UTC, datetime

import anyio
import anyio.to_process
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from server.actions.statements import text_now
from server.api.errors import ApiError
from server.api.guards import require_sign_in
from server.api.paths import statement_id
from server.api.standing import viewable_standing
from server.auth.current import SignedIn
from server.chorus import Chorus, chorus_of
from server.db import signatures, speakers
from server.db import statements as queries
from server.domain import cosigning, words
from server.domain.countries import country_name, statement_country
from server.domain.languages import is_right_to_left
from server.domain.messages import say
from server.export import FORMATS, ExportDocument, Format, file_name
from server.export.slots import ExportsBusy, ExportSlots
from server.export.worker import ready, render_in_worker


async def _text_and_count(
    chorus: Chorus, sid: int, stored_words: int, limits: words.Limits
) -> tuple[str, words.LimitStatus]:
    room = chorus.rooms.get(sid)
    if room is not None:
        return str(room.body), room.limit_status()
    return await text_now(chorus, sid), words.limit_status(stored_words, limits)


async def _render(
    chosen: Format, extension: str, document: ExportDocument, slots: ExportSlots, seconds: float
) -> bytes:
    """`document` rendered as `chosen`, within `seconds`, else a 503."""
    if chosen.is_heavy:
        # A worker process started and idle first, outside the render's time (see `ready`);
        # the render then takes it, the most recently idle one.
        await anyio.to_process.run_sync(ready, limiter=slots.workers, cancellable=True)
    with anyio.move_on_after(seconds) as clock:
        if chosen.is_heavy:
            # Not a thread: WeasyPrint's pure-Python layout holds the interpreter lock the event
            # loop needs (bench/exports.py: ten PDFs in a thread multiplied the editing p99 by
            # 7). A worker process at a lower priority leaves the loop its lock and, first, the
            # CPU; past its time it is killed, and its slot is free again.
            return await anyio.to_process.run_sync(
                render_in_worker, extension, document, limiter=slots.workers, cancellable=True
            )
        # A thread cannot be stopped: past its time it is left to finish (a text export of
        # the largest document takes a moment) and its slot is free again.
        return await anyio.to_thread.run_sync(
            functools.partial(chosen.render, document),
            limiter=slots.workers,
            abandon_on_cancel=True,
        )
    assert clock.cancelled_caught
    whole = math.ceil(seconds)
    raise ApiError(503, say("export_took_too_long", seconds=whole))


async def _export_document(
    chorus: Chorus, sid: int, me: SignedIn, extension: str
) -> tuple[Format, ExportDocument]:
    """The format asked for and what its export carries, for `me` who may open statement
    `sid`; refuses as the statement does, and an unknown format."""
    chosen = FORMATS.get(extension)
    async with chorus.store() as db:
        await viewable_standing(db, sid, me.user.id)
        if chosen is None:
            raise ApiError(
                404,
                f"There is no export as '{extension}'; ask for one of: {', '.join(FORMATS)}.",
                code="no_such_export_format",
                params={"format": extension, "formats": ", ".join(FORMATS)},
            )
        row = await queries.statement(db, sid)
        assert row is not None
        signed = await signatures.signatures_of(db, sid)
        speaker = (await speakers.speaker_names(db, [sid])).get(sid)
    s = row.statement
    text, status = await _text_and_count(chorus, sid, s.words, row.limits)
    digest = cosigning.text_digest(text)
    valid = [
        (
            found.organisation.name,
            country_name(found.organisation.country_code)
            if found.organisation.country_code
            else "",
        )
        for found in signed
        if found.signature.digest == digest
    ]
    signatories = list(dict.fromkeys(valid))  # an organisation once, however many signed for it
    document = ExportDocument(
        forum=row.forum.name,
        session=row.forum_session.title,
        country=statement_country(s.country_code),
        title=s.title,
        language=s.language,
        direction="rtl" if is_right_to_left(s.language) else "ltr",
        text=text,
        words=status.words,
        seconds=status.seconds,
        state=s.state,
        date=datetime.now(UTC).date(),
        signatories=signatories,
        speaker=speaker,
        is_joint=s.is_joint,
    )
    return chosen, document


@require_sign_in
async def export_statement(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    sid = statement_id(request)
    extension = str(request.path_params["format"])
    slots = chorus.exports
    try:
        # From the start: in a burst the reads below are what the refused would wait for.
        async with slots.slot():
            chosen, document = await _export_document(chorus, sid, me, extension)
            body = await _render(chosen, extension, document, slots, chorus.settings.export_seconds)
    except ExportsBusy as busy:
        raise ApiError(
            429,
            say("exports_busy", seconds=busy.seconds),
            headers={"Retry-After": str(busy.seconds)},
        ) from None
    name = file_name(document, extension)
    return Response(
        body,
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
