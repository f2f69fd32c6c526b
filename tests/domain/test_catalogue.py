"""One catalogue of message codes: every code the server can send is declared once, with the
params its template says, and nothing can be built with an undeclared code or other params."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.api.errors import _CODES, ApiError
from server.domain.catalogue import CATALOGUE, arguments, is_plain, mismatch
from server.domain.messages import Message, say

SERVER = Path(__file__).resolve().parents[2] / "server"

# Codes put together from a value where they are made, by their shape (each value a `{}`):
# the codes they make. A new shape fails the test below until it is listed here, so its codes
# are declared too; moving one to another module does not.
RULES = ("organisations", "global_south", "regions", "constituencies")
MADE_CODES = {
    "coalition_{}_{}": {f"coalition_{rule}_{end}" for rule in RULES for end in ("met", "short")},
    "coalition_{}": {f"coalition_{rule}" for rule in RULES},
    # The standing checks: may_not_{action} for the actions refused in their own words.
    "may_not_{}": {"may_not_view_statement", "may_not_view_audit_log"},
    "no_such_{}": set(),  # from each path_id call's literal, below
}


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _literal_codes() -> Iterator[tuple[str, str, ast.expr | None, ast.Call]]:
    """(where, code, params expression, call) for every code written as a literal in server/:
    `Message("code", ...)`, `say("code", ...)`, `code="code"` and `path_id(..., "what")`."""
    for path in sorted(SERVER.rglob("*.py")):
        where = str(path.relative_to(SERVER))
        if where.startswith(("collab/protocol", "db/")):
            continue  # a y-websocket Message and the thread_messages row, not ours
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            name = _name(call)
            first = call.args[0] if call.args else None
            if name in ("Message", "say") and isinstance(first, ast.Constant):
                params = call.args[2] if name == "Message" and len(call.args) > 2 else None
                yield where, str(first.value), params, call
            if name == "path_id" and len(call.args) == 3:
                what = call.args[2]
                if isinstance(what, ast.Constant):
                    yield where, f"no_such_{what.value}", None, call
            for keyword in call.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    params_kw = [k.value for k in call.keywords if k.arg == "params"]
                    yield where, str(keyword.value.value), (params_kw or [None])[0], call


def test_every_code_written_in_the_server_is_in_the_catalogue() -> None:
    used = {(where, code) for where, code, _, _ in _literal_codes()}
    undeclared = sorted((where, code) for where, code in used if code not in CATALOGUE)
    assert undeclared == []
    assert len(used) > 150  # the scan sees the server's codes, not an empty tree


def _shape(made: ast.JoinedStr) -> str:
    return "".join(
        part.value if isinstance(part, ast.Constant) else "{}"
        for part in made.values
        if isinstance(part, ast.Constant | ast.FormattedValue)
    )


def test_every_code_made_from_a_value_is_listed_and_declared() -> None:
    shapes = set()
    for path in sorted(SERVER.rglob("*.py")):
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            first = call.args[0] if call.args else None
            code_kw = [k.value for k in call.keywords if k.arg == "code"]
            for expr in [*code_kw, *([first] if _name(call) == "Message" else [])]:
                if isinstance(expr, ast.JoinedStr):
                    shapes.add(_shape(expr))
    assert shapes <= set(MADE_CODES)
    assert "coalition_{}" in shapes  # the scan sees them
    for codes in MADE_CODES.values():
        assert codes <= set(CATALOGUE)


def test_literal_params_are_the_declared_ones() -> None:
    wrong = []
    for where, code, params, call in _literal_codes():
        entry = CATALOGUE.get(code)
        if entry is None or not isinstance(params, ast.Dict) or None in params.keys:
            continue  # undeclared is the test above; params built elsewhere are checked live
        keys = {k.value for k in params.keys if isinstance(k, ast.Constant)}
        if keys != set(entry.values) and not entry.wraps:
            wrong.append((where, call.lineno, code, sorted(keys), sorted(entry.values)))
    assert wrong == []


def test_the_http_fallback_codes_are_declared() -> None:
    assert set(_CODES.values()) <= set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_each_template_says_exactly_its_params(code: str) -> None:
    assert arguments(CATALOGUE[code].template) == set(CATALOGUE[code].params)


def test_templates_are_read_as_icu() -> None:
    assert arguments("{a} and {b, plural, one {# {c}} other {# more}}.") == {"a", "b", "c"}
    with pytest.raises(ValueError):
        arguments("{a")
    with pytest.raises(ValueError):
        arguments("{a, number}")
    assert is_plain("no_such_forum") and not is_plain("disputes_open")


def test_an_undeclared_code_is_refused_when_built() -> None:
    with pytest.raises(TypeError, match="not in the catalogue"):
        Message("no_such_planet", "There is no planet 9.", {"id": 9})
    with pytest.raises(TypeError, match="not in the catalogue"):
        ApiError(404, "There is no planet 9.", code="no_such_planet", params={"id": 9})


def test_params_must_be_the_declared_ones_with_their_types() -> None:
    with pytest.raises(TypeError, match="takes the params"):
        Message("no_such_forum", "There is no forum.")
    with pytest.raises(TypeError, match="takes the params"):
        ApiError(404, "There is no forum 9.", code="no_such_forum", params={"id": 9, "x": 1})
    with pytest.raises(TypeError, match="is int"):
        Message("reason_too_long", "Keep the reason within 2000 characters.", {"max": "2000"})
    assert mismatch("passage_empty", {"start": 3}) is None  # context beside the sentence


def test_a_wider_code_carries_its_reasons_params() -> None:
    wait = say("retry_in_minutes", minutes=3)
    error = ApiError(429, wait, code="too_many_attempts", params={"seconds": 150})
    assert error.params == {"minutes": 3, "seconds": 150}


def test_say_makes_the_english_from_the_template() -> None:
    forum = say("no_such_forum", id=9)
    assert (forum.code, forum.text, forum.params) == (
        "no_such_forum",
        "There is no forum 9.",
        {"id": 9},
    )
    with pytest.raises(TypeError, match="plural or select"):
        say("disputes_open", count=2)


# Sentences put together where they are made: a duration as m:ss, a value quoted as Python
# writes it, the words' or the time's sentence, whichever is over. Their templates say the raw
# values.
FORMATTED_WHERE_MADE = {"over_time_limit", "no_such_export_format", "over_limit_cannot_sign"}


def _sentence_shape(text: ast.expr) -> str | None:
    """A sentence as written beside its code, each value a NUL; None when it is made another
    way (a variable, a table, a conversion such as !r)."""
    if isinstance(text, ast.Constant) and isinstance(text.value, str):
        return text.value
    if not isinstance(text, ast.JoinedStr):
        return None
    parts = []
    for part in text.values:
        if isinstance(part, ast.Constant):
            parts.append(str(part.value))
        elif isinstance(part, ast.FormattedValue) and part.conversion == -1:
            parts.append("\0")
        else:
            return None
    return "".join(parts)


def test_a_sentence_written_beside_its_code_is_its_template() -> None:
    # The English sent and the catalogue's template cannot drift apart: where a sentence is
    # still written out beside its code, it is the template with its values in place.
    drifted = []
    for where, code, _, call in _literal_codes():
        if code not in CATALOGUE or not is_plain(code) or code in FORMATTED_WHERE_MADE:
            continue
        is_message = _name(call) == "Message"
        text = call.args[1] if len(call.args) > 1 else None
        if text is None or (not is_message and _name(call) not in ("ApiError", "Refused")):
            continue
        shape = _sentence_shape(text)
        template = re.sub(r"\{\w+\}", "\0", CATALOGUE[code].template)
        if shape is not None and shape != template:
            drifted.append((where, call.lineno, code))
    assert drifted == []
