"""The OpenAPI document, generated from the wire models; `python -m schemas.openapi` writes it.

The routes it documents come from the server's one route table (`server/api/routes.py`), the
same table the app serves its routes from; this module knows only what a documented route says
(`DocumentedRoute`) and imports nothing from the server, except to write the file. A test checks
that `schemas/openapi.json` is up to date. The `/ws/events` events ride along as components
(`Event` is their union), so the client's types for them come from the same document as its
REST types.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from pydantic_core import core_schema

from schemas.api import ErrorOut
from schemas.events import Event

OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.json"


@dataclass(frozen=True)
class QueryParam:
    """An optional query parameter of a route (a filter)."""

    name: str
    schema: dict[str, Any]
    description: str


class DocumentedRoute(Protocol):
    """What the document says of one REST route (the server's route table holds these)."""

    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def body(self) -> type[BaseModel] | None: ...
    @property
    def answers(self) -> Mapping[int, type[BaseModel] | None]: ...
    @property
    def errors(self) -> tuple[int, ...]: ...
    @property
    def query(self) -> tuple[QueryParam, ...]: ...
    @property
    def files(self) -> tuple[str, ...]: ...
    @property
    def path_choices(self) -> Mapping[str, tuple[str, ...]]: ...


REF_TEMPLATE = "#/components/schemas/{model}"


class _EveryFieldSent(GenerateJsonSchema):
    """Answers and events go out through `model_dump()` or `model_dump_json()`, which write
    every field, defaults included: so in what the server sends each field is required (and
    an event's `type` can tell the union's members apart). A field with a default stays
    optional in what it receives."""

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        if self.mode == "serialization":
            return True
        return super().field_is_required(field, total)


def event_schemas() -> dict[str, Any]:
    """The `/ws/events` events as components: one per model, and `Event`, their union."""
    schema = TypeAdapter(Event).json_schema(
        mode="serialization", ref_template=REF_TEMPLATE, schema_generator=_EveryFieldSent
    )
    members = schema.pop("$defs")
    return {**members, "Event": schema}


def build_openapi(routes: Iterable[DocumentedRoute]) -> dict[str, Any]:
    """The document of `routes`, with every model they name and every event as components."""
    routes = list(routes)
    request_bodies = {r.body for r in routes if r.body}
    models = {ErrorOut} | request_bodies
    models |= {m for r in routes for m in r.answers.values() if m}
    ordered = sorted(models, key=lambda m: m.__name__)
    _, schema = models_json_schema(
        [(m, "validation" if m in request_bodies else "serialization") for m in ordered],
        ref_template=REF_TEMPLATE,
        schema_generator=_EveryFieldSent,
    )
    components: dict[str, Any] = schema.get("$defs", {})
    events = event_schemas()
    clashes = components.keys() & events.keys()
    assert not clashes, f"an event and a REST model share a name: {sorted(clashes)}"
    components |= events

    def ref(model: type[BaseModel]) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        responses: dict[str, Any] = {}
        for status, model in route.answers.items():
            answer: dict[str, Any] = {"description": "OK" if status < 300 else "Done"}
            if model is not None:
                answer["content"] = {"application/json": {"schema": ref(model)}}
            responses[str(status)] = answer
        if route.files:
            responses["200"] = {
                "description": "The file, with a Content-Disposition file name",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in route.files
                },
            }
        for status in route.errors:
            responses[str(status)] = {
                "description": "Error",
                "content": {"application/json": {"schema": ref(ErrorOut)}},
            }
        operation: dict[str, Any] = {"summary": route.summary, "responses": responses}
        if route.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref(route.body)}},
            }
        if "{statement_id}" in route.path:
            operation["parameters"] = [
                {
                    "name": "statement_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ]
        for name, choices in route.path_choices.items():
            operation["parameters"] = [
                *operation.get("parameters", []),
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": list(choices)},
                },
            ]
        if route.query:
            operation["parameters"] = [
                *operation.get("parameters", []),
                *(
                    {
                        "name": q.name,
                        "in": "query",
                        "required": False,
                        "description": q.description,
                        "schema": q.schema,
                    }
                    for q in route.query
                ),
            ]
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Chorus", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    }


def render(routes: Iterable[DocumentedRoute]) -> str:
    """The document as `schemas/openapi.json` holds it."""
    return json.dumps(build_openapi(routes), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    # Writing the file is the one place that needs the server: the document is of the routes
    # it serves. Importing this module (the models, the generator) never loads the server.
    from server.api.routes import ROUTES

    OPENAPI_PATH.write_text(render(ROUTES), encoding="utf-8")
    sys.stdout.write(f"wrote {OPENAPI_PATH.name}\n")


if __name__ == "__main__":
    main()
