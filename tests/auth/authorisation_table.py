"""The authorisation matrix: every route and websocket upgrade × every kind of person → answer.

One table drives the test (`test_authorisation_matrix.py`) and the printed matrix
(`python -m tests.auth.authorisation_table` writes it as Markdown). A route the app serves
without a row here fails the suite.

The statement under test is Brazil (#2, demo data): Amina is in its drafting group, Mei is not;
Sofía guides it, Kwame is another moderator; Rachel reviews it, with no role in the forum.
Requests that would change something are built so that a permitted person gets a refusal from
the rules, not from authorisation (finalising a statement that is already being refused,
delivering one in drafting): the matrix stays read-only and its rows independent.

Before the rows run, Amina writes a line into Brazil and starts two threads on it: a comment
(`COMMENT_THREAD`) and a dispute (`DISPUTE_THREAD`). Each thread route is then asked for a
move its thread refuses (resolving a dispute, claiming a comment), so a permitted person gets
the rule's 409 or 422 and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.demo import SPEAKER_RULES

STATEMENT = 2  # Brazil
# The threads the matrix starts on Brazil, in this order, in a database that has none.
COMMENT_THREAD = 1
DISPUTE_THREAD = 2
BRAZIL_LINE = "Brazil asks for a fair transition."
# The Kenya Youth Climate Network, the demo's first organisation: Amina may sign for it.
KYCN = 1

# Who asks: label -> demo account email (None: signed out).
PEOPLE: dict[str, str | None] = {
    "signed out": None,
    "contributor (drafting group)": "amina@example.org",
    "contributor (other group)": "mei@example.org",
    "moderator (guiding)": "sofia@example.org",
    "moderator": "kwame@example.org",
    "facilitator": "ingrid@example.org",
    "observer": "omar@example.org",
    "site administrator": "admin@example.org",
    "reviewer": "rachel@example.org",
}

# Websocket answers: "open" (writes applied), "read-only" (open, updates dropped), or a close
# code; HTTP answers are status codes.
OPEN = "open"
READ_ONLY = "read-only"


@dataclass(frozen=True)
class Row:
    method: str  # GET, POST, DELETE, ... or WS
    path: str  # the route's template, as the app declares it
    url: str  # the concrete request
    expected: dict[str, int | str]
    body: dict[str, Any] | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _everyone(answer: int | str) -> dict[str, int | str]:
    return dict.fromkeys(PEOPLE, answer)


def _signed_in(answer: int | str, signed_out: int | str = 401) -> dict[str, int | str]:
    return {**_everyone(answer), "signed out": signed_out}


_STEERING = ("moderator (guiding)", "moderator", "facilitator")
# Who sees Brazil's threads and comments on them (VIEW_THREADS and COMMENT): its drafting group,
# the Steering Group and facilitators, its reviewer; never observers nor site administrators.
_COMMENTING = ("contributor (drafting group)", *_STEERING, "reviewer")
# Who takes a passage of Brazil to the Steering Group: its drafting group and its guide.
_ESCALATING = ("contributor (drafting group)", "moderator (guiding)")
# Who may edit Brazil's text, so accept or decline a suggestion.
_EDITING = ("contributor (drafting group)", "moderator (guiding)")


def _threads(refused: int, who: tuple[str, ...]) -> dict[str, int | str]:
    """A thread route: 401 signed out, 403 for everyone but `who`, who get the rule's
    `refused`."""
    return {**_signed_in(403), **dict.fromkeys(who, refused)}


ROWS: list[Row] = [
    Row("GET", "/", "/", _everyone(200), note="page shell; the data behind it is guarded"),
    Row("GET", "/sign-in", "/sign-in", _everyone(200), note="page shell"),
    Row(
        "GET",
        "/statements/{statement_id}",
        f"/statements/{STATEMENT}",
        _everyone(200),
        note="page shell",
    ),
    Row(
        "GET",
        "/statements/{statement_id}/speak",
        f"/statements/{STATEMENT}/speak",
        _everyone(200),
        note="page shell",
    ),
    Row(
        "GET",
        "/forums/{forum_id}/overview",
        "/forums/1/overview",
        _everyone(200),
        note="page shell",
    ),
    Row("GET", "/join/{token}", "/join/any-token", _everyone(200), note="page shell"),
    Row("GET", "/forums/{forum_id}/admin", "/forums/1/admin", _everyone(200), note="page shell"),
    Row(
        "POST",
        "/api/session",
        "/api/session",
        _everyone(401),
        body={"email": "nobody@example.org", "password": "wrong password"},
        note="sign-in itself: a wrong password is 401 for anyone",
    ),
    Row("GET", "/api/session", "/api/session", _signed_in(200)),
    Row(
        "DELETE",
        "/api/session",
        "/api/session",
        _signed_in(403),
        note="without the CSRF header: refused before anything else",
        extra={"without_csrf": True},
    ),
    Row(
        "DELETE",
        "/api/sessions",
        "/api/sessions",
        _signed_in(403),
        note="without the CSRF header: refused before anything else",
        extra={"without_csrf": True},
    ),
    Row("GET", "/api/me/personal-data", "/api/me/personal-data", _signed_in(200)),
    Row(
        "PUT",
        "/api/me/personal-data",
        "/api/me/personal-data",
        _signed_in(403),
        body={},
        note="without the CSRF header: refused before anything else",
        extra={"without_csrf": True},
    ),
    Row(
        "PUT",
        "/api/me/interface-language",
        "/api/me/interface-language",
        _signed_in(422),
        body={"language": "de"},
        note="one's own only; a language not offered, so the rule refuses and nothing changes",
    ),
    Row("GET", "/api/me/notices", "/api/me/notices", _signed_in(200), note="one's own only"),
    Row(
        "POST",
        "/api/me/notices/seen",
        "/api/me/notices/seen",
        _signed_in(200),
        body={"ids": []},
        note="one's own only: others' ids change nothing",
    ),
    Row("GET", "/api/organisations", "/api/organisations", _signed_in(200)),
    Row(
        "POST",
        "/api/organisations",
        "/api/organisations",
        {**_signed_in(403), "facilitator": 422, "site administrator": 422},
        body={"name": "", "constituency": "ngos"},
        note="a nameless organisation: refused by the rule (422) once authorised",
    ),
    *(
        Row(
            method,
            "/api/organisations/{organisation_id}/signers/{user_id}",
            "/api/organisations/1/signers/99999",
            {**_signed_in(403), "facilitator": 404, "site administrator": 404},
            note="who speaks for an organisation: facilitators (of any forum) and site "
            "administrators record it; 404: nobody with id 99999 is a member",
        )
        for method in ("PUT", "DELETE")
    ),
    Row("GET", "/api/statements", "/api/statements", _signed_in(200)),
    Row(
        "POST",
        "/api/forums",
        "/api/forums",
        {**_signed_in(403), "site administrator": 409},
        body={"name": "HLPF 2027"},
        note="only site administrators create forums; this name is taken (409)",
    ),
    Row(
        "PATCH",
        "/api/forums/{forum_id}",
        "/api/forums/1",
        {**_signed_in(403), "facilitator": 422, "site administrator": 422},
        body={"word_limit": 5},
        note="a permitted person is refused by the settings rule (422): nothing changes",
    ),
    Row(
        "POST",
        "/api/forums/{forum_id}/sessions",
        "/api/forums/1/sessions",
        {**_signed_in(403), "facilitator": 422, "site administrator": 422},
        body={"title": "Matrix", "countries": ["XX"]},
        note="an unknown country: refused by the rule (422) once authorised",
    ),
    Row(
        "GET",
        "/api/forums/{forum_id}/people",
        "/api/forums/1/people",
        {**_signed_in(403), "facilitator": 200, "site administrator": 200},
    ),
    Row(
        "GET",
        "/api/forums/{forum_id}/audit-log",
        "/api/forums/1/audit-log",
        {**_signed_in(403), "facilitator": 200, "site administrator": 200},
        note="the forum's history: for the people who run it",
    ),
    Row(
        "PUT",
        "/api/forums/{forum_id}/people/{user_id}",
        "/api/forums/1/people/99999",
        {**_signed_in(403), "facilitator": 404, "site administrator": 404},
        body={"role": "observer"},
        note="nobody has id 99999: 404 once authorised",
    ),
    Row(
        "GET",
        "/api/forums/{forum_id}/overview",
        "/api/forums/1/overview",
        {
            **_signed_in(200),
            "contributor (drafting group)": 403,
            "contributor (other group)": 403,
            "reviewer": 403,
        },
        note="the Steering Group's desk; contributors and reviewers have their dashboard",
    ),
    Row(
        "POST",
        "/api/forums/{forum_id}/invitations",
        "/api/forums/1/invitations",
        {
            **_signed_in(403),
            "facilitator": 201,
            "site administrator": 201,
        },
        body={"role": "moderator", "note": "authorisation matrix"},
        note="moderators invite contributors and observers only: a moderator's role is refused",
    ),
    Row(
        "POST",
        "/api/sessions/{session_id}/joint-statement",
        "/api/sessions/1/joint-statement",
        {**_signed_in(403), **dict.fromkeys(_STEERING, 409)},
        note="session 1 presents one country: the Steering Group is refused by the rule (409)",
    ),
    Row(
        "GET",
        "/api/invitations/{token}",
        "/api/invitations/not-a-real-token",
        _everyone(404),
        note="public to whoever holds a link; an unknown link is 404 for anyone",
    ),
    Row(
        "POST",
        "/api/invitations/{token}/accept",
        "/api/invitations/not-a-real-token/accept",
        _everyone(404),
        body={},
        note="the link is the authorisation: unknown, used or expired links are refused",
    ),
    Row(
        "GET",
        "/api/statements/{statement_id}",
        f"/api/statements/{STATEMENT}",
        {**_signed_in(200), "contributor (other group)": 403},
    ),
    Row(
        "GET",
        "/api/statements/{statement_id}/export.{format}",
        f"/api/statements/{STATEMENT}/export.txt",
        {**_signed_in(200), "contributor (other group)": 403},
        note="whoever may open the statement exports it",
    ),
    Row(
        "POST",
        "/api/statements/{statement_id}/transitions",
        f"/api/statements/{STATEMENT}/transitions",
        {
            **_signed_in(403),
            **dict.fromkeys(_STEERING, 409),
        },
        body={"transition": "deliver"},
        note="Brazil is in drafting: the Steering Group is refused by the lifecycle (409)",
    ),
    Row(
        "GET",
        "/api/statements/{statement_id}/audit-log",
        f"/api/statements/{STATEMENT}/audit-log",
        {
            **_signed_in(200),
            "contributor (other group)": 403,
            "observer": 403,
            "reviewer": 403,
        },
    ),
    Row(
        "GET",
        "/api/statements/{statement_id}/people",
        f"/api/statements/{STATEMENT}/people",
        {**_signed_in(200), "contributor (other group)": 403},
        note="what each sees of the people is the privacy rule's (server/domain/privacy.py)",
    ),
    *(
        Row(
            method,
            "/api/statements/{statement_id}/drafting-group/{user_id}",
            f"/api/statements/{STATEMENT}/drafting-group/99999",
            {
                **_signed_in(403),
                "moderator (guiding)": 404,
                "facilitator": 404,
                "site administrator": 404,
            },
            note="nobody has id 99999: 404 once authorised (guides and facilitators)",
        )
        for method in ("PUT", "DELETE")
    ),
    *(
        Row(
            method,
            "/api/statements/{statement_id}/guides/{user_id}",
            f"/api/statements/{STATEMENT}/guides/99999",
            {**_signed_in(403), "facilitator": 404, "site administrator": 404},
            note="who guides a statement is the facilitators' choice; 404: nobody has id 99999",
        )
        for method in ("PUT", "DELETE")
    ),
    *(
        Row(
            method,
            "/api/statements/{statement_id}/reviewers/{user_id}",
            f"/api/statements/{STATEMENT}/reviewers/99999",
            {
                **_signed_in(403),
                "moderator (guiding)": 404,
                "facilitator": 404,
                "site administrator": 404,
            },
            note="reviewers are chosen by guides and facilitators; 404: nobody has id 99999",
        )
        for method in ("PUT", "DELETE")
    ),
    Row(
        "GET",
        "/api/statements/{statement_id}/signatures",
        f"/api/statements/{STATEMENT}/signatures",
        {**_signed_in(200), "contributor (other group)": 403},
        note="signatures are public: whoever may read the statement reads them",
    ),
    Row(
        "POST",
        "/api/statements/{statement_id}/signatures",
        f"/api/statements/{STATEMENT}/signatures",
        {**_signed_in(403), "contributor (drafting group)": 409},
        body={"organisation_id": KYCN, "digest": "0" * 64},
        note="only the drafting group signs, each for an organisation they may speak for: "
        "Amina (for hers) is refused because the text changed since that digest (409); Sofía "
        "drafts Brazil too, but not for Amina's organisation (403)",
    ),
    Row(
        "DELETE",
        "/api/statements/{statement_id}/signatures/{organisation_id}",
        f"/api/statements/{STATEMENT}/signatures/{KYCN}",
        {**_signed_in(404), "contributor (other group)": 403},
        note="nobody has signed Brazil: 404 for whoever reads it; only the signer withdraws",
    ),
    Row(
        "GET",
        "/api/statements/{statement_id}/speakers",
        f"/api/statements/{STATEMENT}/speakers",
        {**_signed_in(200), "contributor (other group)": 403},
        note="who volunteered and who speaks: whoever may read the statement (the answers "
        "about the country and the ranking only for the Steering Group)",
    ),
    Row(
        "POST",
        "/api/statements/{statement_id}/speakers/volunteer",
        f"/api/statements/{STATEMENT}/speakers/volunteer",
        {
            **_signed_in(403),
            "contributor (drafting group)": 409,
            "moderator (guiding)": 409,
        },
        body={"accept_rules_version": 999},
        note="the drafting group and its guide volunteer: refused here for accepting a version "
        "of the rules for speakers that is not the current one (409)",
    ),
    Row(
        "DELETE",
        "/api/statements/{statement_id}/speakers/volunteer",
        f"/api/statements/{STATEMENT}/speakers/volunteer",
        {**_signed_in(404), "contributor (other group)": 403},
        note="nobody volunteered for Brazil: 404 for whoever reads it; one withdraws oneself",
    ),
    Row(
        "PUT",
        "/api/statements/{statement_id}/speakers/confirmed",
        f"/api/statements/{STATEMENT}/speakers/confirmed",
        {**_signed_in(403), **dict.fromkeys(_STEERING, 409)},
        body={"speaker_id": 999_999},
        note="the Steering Group confirms the speaker, refused here because that person has "
        "not volunteered (409)",
    ),
    Row(
        "GET",
        "/api/forums/{forum_id}/speaker-rules",
        "/api/forums/1/speaker-rules",
        {**_signed_in(200), "reviewer": 403},
        note="the forum's rules for speakers: anyone with a role in the forum",
    ),
    Row(
        "PUT",
        "/api/forums/{forum_id}/speaker-rules",
        "/api/forums/1/speaker-rules",
        {**_signed_in(403), "facilitator": 200, "site administrator": 200},
        body={"text": SPEAKER_RULES},
        note="facilitators and site administrators write them; the same text again makes no "
        "new version",
    ),
    Row(
        "GET",
        "/forums/{forum_id}/review-queue",
        "/forums/1/review-queue",
        _everyone(200),
        note="page shell",
    ),
    Row(
        "GET",
        "/api/forums/{forum_id}/review-queue",
        "/api/forums/1/review-queue",
        _threads(200, _STEERING),
        note="the Steering Group's queue of disputes: its moderators and the facilitators",
    ),
    Row(
        "GET",
        "/api/statements/{statement_id}/threads",
        f"/api/statements/{STATEMENT}/threads",
        _threads(200, _COMMENTING),
        note="a drafting group is a safe space: observers and site administrators see no threads",
    ),
    Row(
        "POST",
        "/api/statements/{statement_id}/threads",
        f"/api/statements/{STATEMENT}/threads",
        _threads(422, _COMMENTING),
        body={"start": 0, "end": 6, "text": "   "},
        note="an empty comment: refused by the rule (422) once authorised",
    ),
    Row(
        "POST",
        "/api/statements/{statement_id}/disputes",
        f"/api/statements/{STATEMENT}/disputes",
        _threads(422, _ESCALATING),
        body={"start": 0, "end": 6, "reason": "   "},
        note="an empty reason: refused by the rule (422) once authorised",
    ),
    Row(
        "POST",
        "/api/threads/{thread_id}/replies",
        f"/api/threads/{COMMENT_THREAD}/replies",
        _threads(422, _COMMENTING),
        body={"text": "   "},
        note="an empty reply: refused by the rule (422) once authorised",
    ),
    *(
        Row(
            "POST",
            f"/api/threads/{{thread_id}}/{move}",
            f"/api/threads/{COMMENT_THREAD}/{move}",
            _threads(409, _EDITING),
            note="the comment carries no suggestion: 409 for those who may edit the text",
        )
        for move in ("accept", "decline")
    ),
    Row(
        "POST",
        "/api/threads/{thread_id}/resolve",
        f"/api/threads/{DISPUTE_THREAD}/resolve",
        _threads(409, _COMMENTING),
        note="a dispute is decided, not resolved: 409 once authorised",
    ),
    Row(
        "POST",
        "/api/threads/{thread_id}/reopen",
        f"/api/threads/{COMMENT_THREAD}/reopen",
        _threads(409, _COMMENTING),
        note="the comment is open already: 409 once authorised",
    ),
    Row(
        "POST",
        "/api/threads/{thread_id}/escalate",
        f"/api/threads/{DISPUTE_THREAD}/escalate",
        _threads(409, _ESCALATING),
        body={"reason": "Matrix"},
        note="already a dispute: 409 for the drafting group and its guide",
    ),
    Row(
        "POST",
        "/api/threads/{thread_id}/claim",
        f"/api/threads/{COMMENT_THREAD}/claim",
        _threads(409, _STEERING),
        note="a comment is no dispute to claim: 409 for the Steering Group",
    ),
    Row(
        "DELETE",
        "/api/threads/{thread_id}/claim",
        f"/api/threads/{COMMENT_THREAD}/claim",
        _threads(409, _STEERING),
        note="a comment holds no claim to release: 409 for the Steering Group",
    ),
    Row(
        "POST",
        "/api/threads/{thread_id}/decide",
        f"/api/threads/{COMMENT_THREAD}/decide",
        _threads(409, _STEERING),
        body={"outcome": "keep", "decision": "Matrix"},
        note="a comment is no dispute to decide: 409 for the Steering Group",
    ),
    Row(
        "WS",
        "/ws/statements/{statement_id}",
        f"/ws/statements/{STATEMENT}",
        {
            "signed out": 4401,
            "contributor (drafting group)": OPEN,
            "contributor (other group)": 4403,
            "moderator (guiding)": OPEN,
            "moderator": READ_ONLY,
            "facilitator": READ_ONLY,
            "observer": READ_ONLY,
            "site administrator": READ_ONLY,
            "reviewer": READ_ONLY,
        },
        note="moderators write the statements they guide or draft; reviewers read",
    ),
    Row(
        "WS",
        "/ws/events",
        "/ws/events",
        {**_everyone(OPEN), "signed out": 4401},
        note="each hears only about the statements they may open",
    ),
]


def markdown() -> str:
    """The matrix as a Markdown table, one row per route."""
    people = list(PEOPLE)
    lines = [
        "| route | " + " | ".join(people) + " |",
        "|---|" + "---|" * len(people),
    ]
    for row in ROWS:
        cells = [str(row.expected[p]) for p in people]
        lines.append(f"| `{row.method} {row.path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
