"""One JSON shape for every error a person or a tool can act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar, overload

from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import ErrorDetail, ErrorOut, MessageOut
from server.actions.refusals import Refused
from server.domain.catalogue import mismatch
from server.domain.messages import Message, Param, say

Model = TypeVar("Model", bound=BaseModel)

_CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media",
    422: "invalid",
    429: "too_many_requests",
}


class ApiError(HTTPException):
    """An answer a person can act on, with a stable `code` a page can say in the reader's
    language from `params`, beside the English.

    Give a domain `Message` (its code and params go out; `code` may name a wider situation, the
    message then usually going in `reasons` too), or English text with its `code` and the
    `params` it holds. `code` is keyword-only and required with text, so no refusal goes out
    without one: mypy holds every route to it, and the check below every other caller. The
    code and its params must be as `server.domain.catalogue` declares them.
    """

    @overload
    def __init__(
        self,
        status: int,
        message: Message,
        *,
        code: str | None = None,
        params: Mapping[str, Param] | None = None,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        reasons: Sequence[Message] = (),
    ) -> None: ...

    @overload
    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str,
        params: Mapping[str, Param] | None = None,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        reasons: Sequence[Message] = (),
    ) -> None: ...

    def __init__(
        self,
        status: int,
        message: str | Message,
        *,
        code: str | None = None,
        params: Mapping[str, Param] | None = None,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        reasons: Sequence[Message] = (),
    ) -> None:
        if isinstance(message, Message):
            code = code or message.code
            params = {**message.params, **(params or {})}
            message = message.text
        if code is None:
            raise TypeError("an ApiError needs a stable code beside its English message")
        problem = mismatch(code, params or {})
        if problem is not None:
            raise TypeError(problem)
        super().__init__(status, message, headers=headers)
        self.code = code
        self.field = field
        self.params = dict(params or {})
        self.reasons = list(reasons)


def error_response(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    params: Mapping[str, Param] | None = None,
    reasons: Sequence[Message] = (),
) -> Response:
    body = ErrorOut(
        error=ErrorDetail(
            code=code,
            message=message,
            field=field,
            params=dict(params or {}),
            reasons=[
                MessageOut(code=r.code, message=r.text, params=dict(r.params)) for r in reasons
            ],
        )
    )
    return JSONResponse(body.model_dump(), status_code=status)


async def refused_error(request: Request, exc: Exception) -> Response:
    """An action's refusal (`server.actions.refusals.Refused`) in the one error shape."""
    assert isinstance(exc, Refused)
    response = error_response(
        exc.status, exc.code, exc.message.text, exc.field, exc.message.params, exc.reasons
    )
    response.headers.update(exc.headers)
    return response


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, ApiError):
        response = error_response(
            exc.status_code, exc.code, exc.detail, exc.field, exc.params, exc.reasons
        )
        response.headers.update(exc.headers or {})
        return response
    return error_response(exc.status_code, _CODES.get(exc.status_code, "error"), exc.detail)


async def read_json(request: Request, model: type[Model]) -> Model:
    """The request body as `model`, or a 415/400/422 that says what was wrong.

    Bodies over the cap never get this far: `server.body_limit.BodyLimit` refuses them with a
    413 before they are buffered, for every route.
    """
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ApiError(415, say("body_not_json"))
    body = await request.body()
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        if first["type"] == "json_invalid":
            raise ApiError(400, say("invalid_json")) from None
        # pydantic's error type (string_too_short, missing, ...) and its limits stand for its
        # English sentence: they are stable, the sentence is not ours to translate.
        limits = {
            name: value
            for name, value in (first.get("ctx") or {}).items()
            if isinstance(value, str | int) and not isinstance(value, bool)
        }
        raise ApiError(
            422,
            f"{field or 'body'}: {first['msg']}",
            code="invalid_body",
            field=field,
            params={**limits, "field": field or "body", "problem": first["type"]},
        ) from None
