"""Small pieces the routes share: ids from the path, and times read back from the store."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request

from server.api.errors import ApiError
from server.db.statements import parse_statement_id


def path_id(request: Request, param: str, what: str) -> int:
    """The numeric id in path parameter `param`; 404 naming `what` for anything else."""
    raw = request.path_params[param]
    found = parse_statement_id(raw)
    if found is None:
        # One code per kind of thing, as the websocket's close reasons name them.
        raise ApiError(
            404, f"There is no {what} {raw!r}.", code=f"no_such_{what}", params={"id": raw}
        )
    return found


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite hands back naive UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
