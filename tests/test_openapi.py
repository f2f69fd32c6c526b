"""The wire contract stays in step: the OpenAPI document, the route table, the `/ws/events`
events, the client's types."""

from __future__ import annotations

import json
import shutil
import subprocess
import typing
from pathlib import Path

from starlette.routing import Route

from schemas.events import Event
from schemas.openapi import OPENAPI_PATH, render
from server.api.routes import ROUTES
from server.app import create_app
from server.config import Settings

REPO = Path(__file__).resolve().parents[1]
CLIENT_TYPES = REPO / "client" / "src" / "api" / "openapi.d.ts"
# Optional means "may be left out", which only the schema's `required` says: a default makes a
# field optional in a request body, not present in an answer (as client/package.json's script).
NOT_BY_DEFAULT = ("--default-non-nullable", "false")


def test_openapi_document_is_up_to_date() -> None:
    assert OPENAPI_PATH.read_text(encoding="utf-8") == render(ROUTES), (
        "schemas/openapi.json is out of date: run `.venv/bin/python -m schemas.openapi`"
    )


def test_every_api_route_is_served_from_the_one_table(tmp_path: Path) -> None:
    # The document is written from the table: a route added to the app by hand would be
    # served undocumented.
    app = create_app(
        Settings(data_dir=tmp_path, database_url="sqlite+aiosqlite://", secret_key="x")
    )
    served = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/api/")
        for method in (route.methods or set()) - {"HEAD"}
    }
    documented = {(r.method, r.path) for r in ROUTES}
    assert served == documented


def test_every_answer_with_a_body_names_its_model() -> None:
    # Only 204 goes without a body; any other answer the table leaves without a model is a
    # raw dict the client would have to take on trust.
    unnamed = [
        (r.method, r.path, status)
        for r in ROUTES
        for status, model in r.answers.items()
        if (model is None) != (status == 204)
    ]
    assert unnamed == []


def test_every_event_is_in_the_document() -> None:
    # The client types /ws/events from the document's `Event` union; the document being up to
    # date is only worth something if every event the server can send is in it.
    union, _ = typing.get_args(Event)
    sent = {model.model_fields["type"].default: model.__name__ for model in typing.get_args(union)}
    document = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))["components"]["schemas"]
    mapping = document["Event"]["discriminator"]["mapping"]
    assert mapping == {t: f"#/components/schemas/{name}" for t, name in sent.items()}
    for name in sent.values():
        assert set(document[name]["required"]) == set(document[name]["properties"]), (
            f"{name}: the server sends every field, so every field is required"
        )


def test_client_types_are_generated_from_the_document(tmp_path: Path) -> None:
    client = REPO / "client"
    out = tmp_path / "openapi.d.ts"
    npx = shutil.which("npx")
    assert npx, "Node's npx is needed (make test installs the client)"
    subprocess.run(
        [npx, "openapi-typescript", str(OPENAPI_PATH), "-o", str(out), *NOT_BY_DEFAULT],
        cwd=client,
        check=True,
        capture_output=True,
        timeout=120,
    )
    formatted = subprocess.run(
        [npx, "prettier", "--stdin-filepath", str(CLIENT_TYPES)],
        cwd=client,
        check=True,
        capture_output=True,
        timeout=120,
        input=out.read_bytes(),
    ).stdout.decode()
    assert CLIENT_TYPES.read_text(encoding="utf-8") == formatted, (
        "client/src/api/openapi.d.ts is out of date: run `cd client && npm run openapi`"
    )
