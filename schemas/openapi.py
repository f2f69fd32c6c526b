"""The OpenAPI document, generated from the wire models; `python -m schemas.openapi` writes it.

The route table below is the one place that says which model each REST route takes and answers
with; a test checks it covers every `/api/` route the app serves and that `schemas/openapi.json`
is up to date. The `/ws/events` events ride along as components (`Event` is their union), so the
client's types for them come from the same document as its REST types.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from pydantic_core import core_schema

from schemas.api import (
    AcceptIn,
    AuditLogOut,
    ConfirmSpeakersIn,
    DecideIn,
    ErrorOut,
    EscalateIn,
    ForumOut,
    ForumPeopleOut,
    ForumSessionOut,
    ForumSettingsIn,
    InvitationIn,
    InvitationOut,
    InvitationPreviewOut,
    JoinedOut,
    NewDisputeIn,
    NewForumIn,
    NewThreadIn,
    NoticeListOut,
    NoticesSeenIn,
    NoticesSeenOut,
    OrganisationIn,
    OrganisationListOut,
    OrganisationOut,
    OrganisationSignersOut,
    OverviewOut,
    PersonalDataIn,
    PersonalDataOut,
    ReleaseIn,
    ReplyIn,
    ReviewQueueOut,
    RoleIn,
    RoleOut,
    SessionIn,
    SessionOut,
    SignatureAnswerOut,
    SignatureIn,
    SignaturesOut,
    SignedOutOut,
    SignIn,
    SpeakerRulesIn,
    SpeakerRulesOut,
    SpeakersOut,
    StatementDetailOut,
    StatementListOut,
    StatementPeopleOut,
    ThreadAnswerOut,
    ThreadsOut,
    TransitionIn,
    TransitionOut,
    VolunteerIn,
)
from schemas.events import Event

OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.json"


@dataclass(frozen=True)
class QueryParam:
    """An optional query parameter of a route (a filter)."""

    name: str
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    summary: str
    body: type[BaseModel] | None = None
    answers: dict[int, type[BaseModel] | None] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    query: tuple[QueryParam, ...] = ()
    # A route that answers 200 with a file: the media types it may send (no JSON model).
    files: tuple[str, ...] = ()
    # Path parameters other than `statement_id`, each a string from a closed set.
    path_choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


EXPORT_MEDIA_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/html",
    "text/markdown",
    "text/plain",
)

ROUTES = [
    ApiRoute(
        "POST",
        "/api/session",
        "Sign in; sets the session cookie",
        body=SignIn,
        answers={200: SessionOut},
        errors=(400, 401, 415, 422, 429),
    ),
    ApiRoute("GET", "/api/session", "Who is signed in", answers={200: SessionOut}, errors=(401,)),
    ApiRoute(
        "DELETE",
        "/api/session",
        "Sign out (needs X-CSRF-Token)",
        answers={204: None},
        errors=(401, 403),
    ),
    ApiRoute(
        "DELETE",
        "/api/sessions",
        "Sign out everywhere: end every session of the signed-in person and close their "
        "editors (needs X-CSRF-Token)",
        answers={200: SignedOutOut},
        errors=(401, 403),
    ),
    ApiRoute(
        "GET",
        "/api/me/personal-data",
        "My own contact details and what I share with my drafting groups",
        answers={200: PersonalDataOut},
        errors=(401,),
    ),
    ApiRoute(
        "PUT",
        "/api/me/personal-data",
        "Set my nationality and phone (sealed at rest) and, per field, whether my drafting "
        "groups see it (needs X-CSRF-Token)",
        body=PersonalDataIn,
        answers={200: PersonalDataOut},
        errors=(400, 401, 403, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/me/notices",
        "What is new for me, newest first (50): mentions of me in threads, disputes opened or "
        "decided on my statements; each with its statement, thread, who and a short excerpt",
        answers={200: NoticeListOut},
        errors=(401,),
    ),
    ApiRoute(
        "POST",
        "/api/me/notices/seen",
        "Mark some of my notices seen; others' ids change nothing (needs X-CSRF-Token)",
        body=NoticesSeenIn,
        answers={200: NoticesSeenOut},
        errors=(400, 401, 403, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/organisations",
        "Every organisation, with its country, UN region, global south and constituency",
        answers={200: OrganisationListOut},
        errors=(401,),
    ),
    ApiRoute(
        "POST",
        "/api/organisations",
        "Add an organisation (facilitators and site administrators)",
        body=OrganisationIn,
        answers={201: OrganisationOut},
        errors=(400, 401, 403, 409, 415, 422),
    ),
    *(
        ApiRoute(
            method,
            "/api/organisations/{organisation_id}/signers/{user_id}",
            f"{what} (facilitators of any forum and site administrators); the "
            "organisation's members as they are now",
            answers={200: OrganisationSignersOut},
            errors=(401, 403, 404),
        )
        for method, what in (
            ("PUT", "Record that a member may sign statements for the organisation"),
            ("DELETE", "Record that a member may no longer sign for the organisation"),
        )
    ),
    ApiRoute(
        "GET",
        "/api/statements",
        "The statements the signed-in person may open",
        answers={200: StatementListOut},
        errors=(401,),
    ),
    ApiRoute(
        "POST",
        "/api/forums",
        "Create a forum (site administrators); its settings start at their defaults",
        body=NewForumIn,
        answers={201: ForumOut},
        errors=(400, 401, 403, 409, 415, 422),
    ),
    ApiRoute(
        "PATCH",
        "/api/forums/{forum_id}",
        "Change the forum's settings (facilitators): only the fields sent change",
        body=ForumSettingsIn,
        answers={200: ForumOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/forums/{forum_id}/sessions",
        "Add a session presenting one country or a group; each country gets its statement",
        body=SessionIn,
        answers={201: ForumSessionOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/people",
        "Everyone with a role in the forum (facilitators)",
        answers={200: ForumPeopleOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "PUT",
        "/api/forums/{forum_id}/people/{user_id}",
        "Give, change or take away (null) a person's role in the forum; written to the audit log",
        body=RoleIn,
        answers={200: RoleOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/overview",
        "Every statement of the forum for the Steering Group: outstanding first",
        answers={200: OverviewOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/review-queue",
        "Every open dispute of the forum for its moderators and facilitators: due soonest "
        "first (undated last), then the longest waiting; narrowed by the query's session (id), "
        "country (ISO code) and claimed (me or unclaimed)",
        answers={200: ReviewQueueOut},
        errors=(401, 403, 404, 422),
        query=(
            QueryParam("session", {"type": "integer"}, "Only this session's statements"),
            QueryParam("country", {"type": "string"}, "Only this country's statement"),
            QueryParam(
                "claimed",
                {"type": "string", "enum": ["me", "unclaimed"]},
                "Only the disputes I hold, or those nobody holds",
            ),
        ),
    ),
    ApiRoute(
        "POST",
        "/api/forums/{forum_id}/invitations",
        "Create a single-use invitation link (facilitators: any role; moderators: contributors "
        "and observers)",
        body=InvitationIn,
        answers={201: InvitationOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/sessions/{session_id}/joint-statement",
        "Start a group session's joint statement from its country drafts (Steering Group)",
        answers={201: StatementDetailOut},
        errors=(401, 403, 404, 409),
    ),
    ApiRoute(
        "GET",
        "/api/invitations/{token}",
        "What an invitation link offers (public to whoever holds the link)",
        answers={200: InvitationPreviewOut},
        errors=(404, 410),
    ),
    ApiRoute(
        "POST",
        "/api/invitations/{token}/accept",
        "Accept an invitation: signed in (send {} and X-CSRF-Token) or as a new account (name, "
        "email, password), which is then signed in",
        body=AcceptIn,
        answers={200: JoinedOut, 201: SessionOut},
        errors=(400, 403, 404, 409, 410, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}",
        "One statement, with its limits and the server's own count",
        answers={200: StatementDetailOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/export.{format}",
        "The statement as a file (PDF, DOCX, HTML, Markdown or text), named for its forum, "
        "country and state",
        files=EXPORT_MEDIA_TYPES,
        # 429 past the export queue (with Retry-After), 503 past the render's time.
        errors=(401, 403, 404, 429, 503),
        path_choices={"format": ("pdf", "docx", "html", "md", "txt")},
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/transitions",
        "Finalise, reopen (with a reason) or mark delivered; finalising checks the server's "
        "own count",
        body=TransitionIn,
        answers={200: TransitionOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/audit-log",
        "The forum's history, newest first: roles given and taken, people placed on statements, "
        "every statement's steps (facilitators and site administrators)",
        answers={200: AuditLogOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/speaker-rules",
        "The forum's rules for speakers as they are now (version 0 before any is written)",
        answers={200: SpeakerRulesOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "PUT",
        "/api/forums/{forum_id}/speaker-rules",
        "Write a new version of the forum's rules for speakers (facilitators; needs X-CSRF-Token)",
        body=SpeakerRulesIn,
        answers={200: SpeakerRulesOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/audit-log",
        "Every change of the statement's state: who, when, from, to, why",
        answers={200: AuditLogOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/people",
        "The drafting group and guiding moderators, with only the personal fields this viewer "
        "may see",
        answers={200: StatementPeopleOut},
        errors=(401, 403, 404),
    ),
    *(
        ApiRoute(
            method,
            f"/api/statements/{{statement_id}}/{place}/{{user_id}}",
            f"{verb} {who}; the statement's people as they are now (asking for what already "
            "holds changes nothing)",
            answers={200: StatementPeopleOut},
            errors=(401, 403, 404, 422),
        )
        for place, method, verb, who in (
            ("drafting-group", "PUT", "Add", "a person to the drafting group"),
            ("drafting-group", "DELETE", "Remove", "a person from the drafting group"),
            ("guides", "PUT", "Make", "a moderator a guide of the statement"),
            ("guides", "DELETE", "Remove", "a guiding moderator"),
            ("reviewers", "PUT", "Make", "anyone with an account a reviewer of the statement"),
            ("reviewers", "DELETE", "Remove", "a reviewer"),
        )
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/threads",
        "The statement's comment threads and disputes, oldest first, each with its passage "
        "where it is now (UTF-16 offsets of `body`, as Yjs counts; null once deleted)",
        answers={200: ThreadsOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/threads",
        "Comment on the passage start..end, perhaps suggesting other wording for it (needs "
        "X-CSRF-Token)",
        body=NewThreadIn,
        answers={201: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/disputes",
        "Open a dispute on the passage start..end for the Steering Group to decide, with a "
        "reason and perhaps a proposed wording (needs X-CSRF-Token)",
        body=NewDisputeIn,
        answers={201: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/signatures",
        "The statement's signatures, each valid or stale against the text now, and the "
        "forum's coalition rules against the valid ones; for the viewer, what they may sign "
        "for and their own signatures with the text they signed",
        answers={200: SignaturesOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/signatures",
        "Sign the text as it is now for one of my organisations, or re-confirm a stale "
        "signature; with the digest of the text I read, refused if it changed (needs "
        "X-CSRF-Token)",
        body=SignatureIn,
        answers={201: SignatureAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "DELETE",
        "/api/statements/{statement_id}/signatures/{organisation_id}",
        "Withdraw my signature for the organisation; the signatures as they are now (needs "
        "X-CSRF-Token)",
        answers={200: SignaturesOut},
        errors=(401, 403, 404, 409),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/speakers",
        "The statement's volunteers to speak (ranked and explained for the Steering Group, "
        "with their answers about the country; a volunteer sees their own), the confirmed "
        "speaker and backup, and the forum's rules for speakers",
        answers={200: SpeakersOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/speakers/volunteer",
        "Volunteer to deliver the statement, accepting the current version of the rules for "
        "speakers; refused with `speaker_rules_changed` when a newer one exists (needs "
        "X-CSRF-Token)",
        body=VolunteerIn,
        answers={201: SpeakersOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "DELETE",
        "/api/statements/{statement_id}/speakers/volunteer",
        "Withdraw as a volunteer; a confirmed speaker's slot empties and the backup stays, to "
        "be confirmed (needs X-CSRF-Token)",
        answers={200: SpeakersOut},
        errors=(401, 403, 404, 409),
    ),
    ApiRoute(
        "PUT",
        "/api/statements/{statement_id}/speakers/confirmed",
        "Confirm the speaker and perhaps a backup among the current volunteers; both are told "
        "(moderators and facilitators; needs X-CSRF-Token)",
        body=ConfirmSpeakersIn,
        answers={200: SpeakersOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/threads/{thread_id}/replies",
        "Reply in a thread (needs X-CSRF-Token)",
        body=ReplyIn,
        answers={200: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    *(
        ApiRoute(
            "POST",
            f"/api/threads/{{thread_id}}/{step}",
            f"{what} (needs X-CSRF-Token; any body is ignored)",
            answers={200: ThreadAnswerOut},
            errors=(401, 403, 404, 409),
        )
        for step, what in (
            (
                "accept",
                "Accept the suggestion: the server puts it in place of the passage as one edit "
                "every open editor receives, and resolves the thread",
            ),
            ("decline", "Decline the suggestion; the thread stays open"),
            ("resolve", "Resolve a comment thread"),
            ("reopen", "Reopen a resolved comment thread"),
            (
                "claim",
                "Claim a dispute to decide it (moderators and facilitators); one claim wins",
            ),
        )
    ),
    ApiRoute(
        "DELETE",
        "/api/threads/{thread_id}/claim",
        "Release a dispute's claim so another moderator can claim it: one's own, or anyone's "
        "as a facilitator of the forum with a reason, kept in the thread and the audit log "
        "(needs X-CSRF-Token; the body is optional for the claimer)",
        body=ReleaseIn,
        answers={200: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/threads/{thread_id}/escalate",
        "Make the thread a dispute for the Steering Group, with a reason and perhaps a "
        "proposed wording (needs X-CSRF-Token)",
        body=EscalateIn,
        answers={200: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/threads/{thread_id}/decide",
        "Decide a dispute one holds: keep the text, apply the proposal or one's own wording "
        "(one edit every open editor receives), with the written decision (needs X-CSRF-Token)",
        body=DecideIn,
        answers={200: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
]


_REQUEST_BODIES = {r.body for r in ROUTES if r.body}
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


def build_openapi() -> dict[str, Any]:
    models = {ErrorOut} | {r.body for r in ROUTES if r.body}
    models |= {m for r in ROUTES for m in r.answers.values() if m}
    ordered = sorted(models, key=lambda m: m.__name__)
    _, schema = models_json_schema(
        [(m, "validation" if m in _REQUEST_BODIES else "serialization") for m in ordered],
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
    for route in ROUTES:
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


def render() -> str:
    return json.dumps(build_openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OPENAPI_PATH.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OPENAPI_PATH.name}\n")
