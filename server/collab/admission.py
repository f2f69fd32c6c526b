"""Who is knocking, and what they may do in the statement: read for every editor's websocket
upgrade, many at once after a restart, so asked in batches (see `server.batching`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from server.db import people
from server.db import statements as queries
from server.db.statements import Standing

# (the sign-in token's hash, the statement id or None when the path named none)
Knock = tuple[str, int | None]


@dataclass(frozen=True)
class Admission:
    user_id: int | None  # None: no live sign-in
    standing: Standing | None  # None: signed out, or no such statement
    sign_in_ends: datetime | None = None  # when the sign-in expires (UTC); None: no sign-in


async def look_up(store: async_sessionmaker[Any], knocks: list[Knock]) -> dict[Knock, Admission]:
    """Every knock's person and standing, in one database session and five queries."""
    async with store() as db:
        live = await people.live_sign_ins(
            db, {token_hash for token_hash, _ in knocks}, datetime.now(UTC)
        )
        users = {token_hash: user_id for token_hash, (user_id, _) in live.items()}
        pairs = {
            (sid, users[token_hash])
            for token_hash, sid in knocks
            if sid is not None and token_hash in users
        }
        found = await queries.standings(db, pairs)
    admitted: dict[Knock, Admission] = {}
    for token_hash, sid in knocks:
        user_id = users.get(token_hash)
        standing = found.get((sid, user_id)) if sid is not None and user_id is not None else None
        ends = live[token_hash][1] if token_hash in live else None
        admitted[(token_hash, sid)] = Admission(user_id, standing, ends)
    return admitted
