"""The catalogue of message codes on the wire; `python -m schemas.messages` writes it.

`schemas/messages.json` holds every code the server can send (an error, a reason, a checklist
line, a read-only notice), with the params its sentence says, the values that come beside it
(`context`) and its English template in ICU MessageFormat, taken from the server's one
catalogue (`server/domain/catalogue.py`). The client's types come from this file
(`cd client && npm run messages`), and translations start from it. A test checks both are up
to date.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

MESSAGES_PATH = Path(__file__).resolve().parent / "messages.json"

# The catalogue's types, as JSON Schema names them.
_JSON_TYPES = {"int": "integer", "str": "string", "int|str": ["integer", "string"]}


def render() -> str:
    """The document, as written to `schemas/messages.json`."""
    from server.domain.catalogue import CATALOGUE

    def types(params: Mapping[str, str]) -> dict[str, object]:
        return {name: _JSON_TYPES[kind] for name, kind in sorted(params.items())}

    codes = {
        code: {
            "template": entry.template,
            "params": types(entry.params),
            "context": types(entry.context),
            # The code names a wider situation: the params of the message it carries come too.
            "wraps": entry.wraps,
        }
        for code, entry in sorted(CATALOGUE.items())
    }
    return json.dumps({"format": "icu", "codes": codes}, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    MESSAGES_PATH.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
