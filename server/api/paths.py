"""Ids from the path: each route reads its path parameters here, so an id that is not a number
answers 404 naming the kind of thing, the same way everywhere."""

from __future__ import annotations

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


def statement_id(request: Request) -> int:
    """The statement named by the path (`{statement_id}`)."""
    return path_id(request, "statement_id", "statement")


def forum_id(request: Request) -> int:
    """The forum named by the path (`{forum_id}`)."""
    return path_id(request, "forum_id", "forum")
