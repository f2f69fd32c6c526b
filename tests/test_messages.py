"""The catalogue of message codes on the wire stays in step: `schemas/messages.json` with the
server's catalogue, and the client's types with that file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from schemas.messages import MESSAGES_PATH, render

REPO = Path(__file__).resolve().parents[1]
CLIENT_TYPES = REPO / "client" / "src" / "api" / "messages.d.ts"


def test_messages_document_is_up_to_date() -> None:
    assert MESSAGES_PATH.read_text(encoding="utf-8") == render(), (
        "schemas/messages.json is out of date: run `.venv/bin/python -m schemas.messages`"
    )


def test_the_document_holds_each_code_once_with_its_template() -> None:
    codes = json.loads(MESSAGES_PATH.read_text(encoding="utf-8"))["codes"]
    assert codes["no_such_forum"] == {
        "template": "There is no forum {id}.",
        "params": {"id": ["integer", "string"]},
        "context": {},
        "wraps": False,
    }
    # The codes split so that each says one sentence.
    assert {"signatures_frozen", "may_not_view_review_queue", "no_claim_to_release"} <= set(codes)


def test_client_types_are_generated_from_the_document() -> None:
    client = REPO / "client"
    node, npx = shutil.which("node"), shutil.which("npx")
    assert node and npx, "Node is needed (make test installs the client)"
    made = subprocess.run(
        [node, "scripts/messages.mjs", "--stdout"],
        cwd=client,
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    formatted = subprocess.run(
        [npx, "prettier", "--stdin-filepath", str(CLIENT_TYPES)],
        cwd=client,
        check=True,
        capture_output=True,
        timeout=120,
        input=made,
    ).stdout.decode()
    assert CLIENT_TYPES.read_text(encoding="utf-8") == formatted, (
        "client/src/api/messages.d.ts is out of date: run `cd client && npm run messages`"
    )
