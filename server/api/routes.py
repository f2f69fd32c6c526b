"""The one route table of the REST API: each route's method, path, handler, the model it takes
and those it answers with, and the errors it may give. The app serves its routes from it
(`server/app.py`) and the OpenAPI document is written from it (`python -m schemas.openapi`), so
what is served and what is documented cannot drift apart.

It lives in `server/` because it names the handlers; `schemas/` (the wire contract) knows only
the shape of a documented route, and imports nothing from the server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from schemas.api import (
    AcceptIn,
    AuditLogOut,
    ConfirmSpeakersIn,
    DecideIn,
    EscalateIn,
    ForumOut,
    ForumPeopleOut,
    ForumSessionOut,
    ForumSettingsIn,
    InterfaceLanguageIn,
    InterfaceLanguageOut,
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
from schemas.openapi import QueryParam
from server.api import (
    exports,
    forums,
    invitations,
    joint,
    lifecycle,
    me,
    notices,
    organisations,
    review_queue,
    reviewers,
    session,
    signatures,
    speakers,
    statement_people,
    statements,
    threads,
)

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class ApiRoute:
    """One REST route: served by `handler`, documented by the rest."""

    method: str
    path: str
    handler: Handler
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

ROUTES: list[ApiRoute] = [
    ApiRoute(
        "POST",
        "/api/session",
        session.sign_in,
        "Sign in; sets the sign-in cookie",
        body=SignIn,
        answers={200: SessionOut},
        errors=(400, 401, 415, 422, 429),
    ),
    ApiRoute(
        "GET",
        "/api/session",
        session.who_am_i,
        "Who is signed in",
        answers={200: SessionOut},
        errors=(401,),
    ),
    ApiRoute(
        "DELETE",
        "/api/session",
        session.sign_out,
        "Sign out (needs X-CSRF-Token)",
        answers={204: None},
        errors=(401, 403),
    ),
    ApiRoute(
        "DELETE",
        "/api/sessions",
        session.sign_out_everywhere,
        "Sign out everywhere: end every session of the signed-in person and close their "
        "editors (needs X-CSRF-Token)",
        answers={200: SignedOutOut},
        errors=(401, 403),
    ),
    ApiRoute(
        "GET",
        "/api/me/personal-data",
        me.get_personal_data,
        "My own contact details and what I share with my drafting groups",
        answers={200: PersonalDataOut},
        errors=(401,),
    ),
    ApiRoute(
        "PUT",
        "/api/me/personal-data",
        me.put_personal_data,
        "Set my nationality and phone (sealed at rest) and, per field, whether my drafting "
        "groups see it (needs X-CSRF-Token)",
        body=PersonalDataIn,
        answers={200: PersonalDataOut},
        errors=(400, 401, 403, 415, 422),
    ),
    ApiRoute(
        "PUT",
        "/api/me/interface-language",
        me.put_interface_language,
        "Keep on my account the language the pages speak to me: en, fr or es (trimmed, any "
        "case), so it follows me to other devices; /api/session says it (needs X-CSRF-Token)",
        body=InterfaceLanguageIn,
        answers={200: InterfaceLanguageOut},
        errors=(400, 401, 403, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/me/notices",
        notices.my_notices,
        "What is new for me, newest first (50): mentions of me in threads, disputes opened or "
        "decided on my statements; each with its statement, thread, who and a short excerpt",
        answers={200: NoticeListOut},
        errors=(401,),
    ),
    ApiRoute(
        "POST",
        "/api/me/notices/seen",
        notices.mark_seen,
        "Mark some of my notices seen; others' ids change nothing (needs X-CSRF-Token)",
        body=NoticesSeenIn,
        answers={200: NoticesSeenOut},
        errors=(400, 401, 403, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/organisations",
        organisations.list_organisations,
        "Every organisation, with its country, UN region, global south and constituency",
        answers={200: OrganisationListOut},
        errors=(401,),
    ),
    ApiRoute(
        "POST",
        "/api/organisations",
        organisations.add_organisation,
        "Add an organisation (facilitators and site administrators)",
        body=OrganisationIn,
        answers={201: OrganisationOut},
        errors=(400, 401, 403, 409, 415, 422),
    ),
    *(
        ApiRoute(
            method,
            "/api/organisations/{organisation_id}/signers/{user_id}",
            handler,
            f"{what} (facilitators of any forum and site administrators); the "
            "organisation's members as they are now",
            answers={200: OrganisationSignersOut},
            errors=(401, 403, 404),
        )
        for method, handler, what in (
            (
                "PUT",
                organisations.add_signer,
                "Record that a member may sign statements for the organisation",
            ),
            (
                "DELETE",
                organisations.remove_signer,
                "Record that a member may no longer sign for the organisation",
            ),
        )
    ),
    ApiRoute(
        "GET",
        "/api/statements",
        statements.list_statements,
        "The statements the signed-in person may open",
        answers={200: StatementListOut},
        errors=(401,),
    ),
    ApiRoute(
        "POST",
        "/api/forums",
        forums.create_forum,
        "Create a forum (site administrators); its settings start at their defaults",
        body=NewForumIn,
        answers={201: ForumOut},
        errors=(400, 401, 403, 409, 415, 422),
    ),
    ApiRoute(
        "PATCH",
        "/api/forums/{forum_id}",
        forums.update_settings,
        "Change the forum's settings (facilitators): only the fields sent change",
        body=ForumSettingsIn,
        answers={200: ForumOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/forums/{forum_id}/sessions",
        forums.add_forum_session,
        "Add a session presenting one country or a group; each country gets its statement",
        body=SessionIn,
        answers={201: ForumSessionOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/people",
        forums.forum_people,
        "Everyone with a role in the forum (facilitators)",
        answers={200: ForumPeopleOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "PUT",
        "/api/forums/{forum_id}/people/{user_id}",
        forums.set_role,
        "Give, change or take away (null) a person's role in the forum; written to the audit log",
        body=RoleIn,
        answers={200: RoleOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/overview",
        forums.overview,
        "Every statement of the forum for the Steering Group: outstanding first",
        answers={200: OverviewOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/review-queue",
        review_queue.review_queue_of_forum,
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
        invitations.create,
        "Create a single-use invitation link (facilitators: any role; moderators: contributors "
        "and observers)",
        body=InvitationIn,
        answers={201: InvitationOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/sessions/{session_id}/joint-statement",
        joint.start,
        "Start a group session's joint statement from its country drafts (Steering Group)",
        answers={201: StatementDetailOut},
        errors=(401, 403, 404, 409),
    ),
    ApiRoute(
        "GET",
        "/api/invitations/{token}",
        invitations.preview,
        "What an invitation link offers (public to whoever holds the link)",
        answers={200: InvitationPreviewOut},
        errors=(404, 410),
    ),
    ApiRoute(
        "POST",
        "/api/invitations/{token}/accept",
        invitations.accept,
        "Accept an invitation: signed in (send {} and X-CSRF-Token) or as a new account (name, "
        "email, password), which is then signed in",
        body=AcceptIn,
        answers={200: JoinedOut, 201: SessionOut},
        errors=(400, 403, 404, 409, 410, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}",
        statements.get_statement,
        "One statement, with its limits and the server's own count",
        answers={200: StatementDetailOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/export.{format}",
        exports.export_statement,
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
        lifecycle.take_step,
        "Finalise, reopen (with a reason) or mark delivered; finalising checks the server's "
        "own count",
        body=TransitionIn,
        answers={200: TransitionOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/audit-log",
        forums.forum_audit_log,
        "The forum's history, newest first: roles given and taken, people placed on statements, "
        "every statement's steps (facilitators and site administrators)",
        answers={200: AuditLogOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/forums/{forum_id}/speaker-rules",
        speakers.get_rules,
        "The forum's rules for speakers as they are now (version 0 before any is written)",
        answers={200: SpeakerRulesOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "PUT",
        "/api/forums/{forum_id}/speaker-rules",
        speakers.write_rules,
        "Write a new version of the forum's rules for speakers (facilitators; needs X-CSRF-Token)",
        body=SpeakerRulesIn,
        answers={200: SpeakerRulesOut},
        errors=(400, 401, 403, 404, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/audit-log",
        lifecycle.audit_log,
        "Every change of the statement's state: who, when, from, to, why",
        answers={200: AuditLogOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/people",
        statement_people.statement_people,
        "The drafting group and guiding moderators, with only the personal fields this viewer "
        "may see",
        answers={200: StatementPeopleOut},
        errors=(401, 403, 404),
    ),
    *(
        ApiRoute(
            method,
            f"/api/statements/{{statement_id}}/{place}/{{user_id}}",
            handler,
            f"{verb} {who}; the statement's people as they are now (asking for what already "
            "holds changes nothing)",
            answers={200: StatementPeopleOut},
            errors=(401, 403, 404, 422),
        )
        for place, method, handler, verb, who in (
            (
                "drafting-group",
                "PUT",
                statement_people.add_to_group,
                "Add",
                "a person to the drafting group",
            ),
            (
                "drafting-group",
                "DELETE",
                statement_people.remove_from_group,
                "Remove",
                "a person from the drafting group",
            ),
            (
                "guides",
                "PUT",
                statement_people.add_guide,
                "Make",
                "a moderator a guide of the statement",
            ),
            ("guides", "DELETE", statement_people.remove_guide, "Remove", "a guiding moderator"),
            (
                "reviewers",
                "PUT",
                reviewers.add_reviewer,
                "Make",
                "anyone with an account a reviewer of the statement",
            ),
            ("reviewers", "DELETE", reviewers.remove_reviewer, "Remove", "a reviewer"),
        )
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/threads",
        threads.list_threads,
        "The statement's comment threads and disputes, oldest first, each with its passage "
        "where it is now (UTF-16 offsets of `body`, as Yjs counts; null once deleted)",
        answers={200: ThreadsOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/threads",
        threads.start_thread,
        "Comment on the passage start..end, perhaps suggesting other wording for it (needs "
        "X-CSRF-Token)",
        body=NewThreadIn,
        answers={201: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/disputes",
        threads.open_dispute,
        "Open a dispute on the passage start..end for the Steering Group to decide, with a "
        "reason and perhaps a proposed wording (needs X-CSRF-Token)",
        body=NewDisputeIn,
        answers={201: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/signatures",
        signatures.list_signatures,
        "The statement's signatures, each valid or stale against the text now, and the "
        "forum's coalition rules against the valid ones; for the viewer, what they may sign "
        "for and their own signatures with the text they signed",
        answers={200: SignaturesOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/signatures",
        signatures.sign,
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
        signatures.withdraw,
        "Withdraw my signature for the organisation; the signatures as they are now (needs "
        "X-CSRF-Token)",
        answers={200: SignaturesOut},
        errors=(401, 403, 404, 409),
    ),
    ApiRoute(
        "GET",
        "/api/statements/{statement_id}/speakers",
        speakers.list_speakers,
        "The statement's volunteers to speak (ranked and explained for the Steering Group, "
        "with their answers about the country; a volunteer sees their own), the confirmed "
        "speaker and backup, and the forum's rules for speakers",
        answers={200: SpeakersOut},
        errors=(401, 403, 404),
    ),
    ApiRoute(
        "POST",
        "/api/statements/{statement_id}/speakers/volunteer",
        speakers.volunteer,
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
        speakers.withdraw,
        "Withdraw as a volunteer; a confirmed speaker's slot empties and the backup stays, to "
        "be confirmed (needs X-CSRF-Token)",
        answers={200: SpeakersOut},
        errors=(401, 403, 404, 409),
    ),
    ApiRoute(
        "PUT",
        "/api/statements/{statement_id}/speakers/confirmed",
        speakers.confirm,
        "Confirm the speaker and perhaps a backup among the current volunteers; both are told "
        "(moderators and facilitators; needs X-CSRF-Token)",
        body=ConfirmSpeakersIn,
        answers={200: SpeakersOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/threads/{thread_id}/replies",
        threads.reply,
        "Reply in a thread (needs X-CSRF-Token)",
        body=ReplyIn,
        answers={200: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    *(
        ApiRoute(
            "POST",
            f"/api/threads/{{thread_id}}/{step}",
            handler,
            f"{what} (needs X-CSRF-Token; any body is ignored)",
            answers={200: ThreadAnswerOut},
            errors=(401, 403, 404, 409),
        )
        for step, handler, what in (
            (
                "accept",
                threads.accept,
                "Accept the suggestion: the server puts it in place of the passage as one edit "
                "every open editor receives, and resolves the thread",
            ),
            ("decline", threads.decline, "Decline the suggestion; the thread stays open"),
            ("resolve", threads.resolve, "Resolve a comment thread"),
            ("reopen", threads.reopen, "Reopen a resolved comment thread"),
            (
                "claim",
                threads.claim,
                "Claim a dispute to decide it (moderators and facilitators); one claim wins",
            ),
        )
    ),
    ApiRoute(
        "DELETE",
        "/api/threads/{thread_id}/claim",
        threads.release,
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
        threads.escalate,
        "Make the thread a dispute for the Steering Group, with a reason and perhaps a "
        "proposed wording (needs X-CSRF-Token)",
        body=EscalateIn,
        answers={200: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    ApiRoute(
        "POST",
        "/api/threads/{thread_id}/decide",
        threads.decide,
        "Decide a dispute one holds: keep the text, apply the proposal or one's own wording "
        "(one edit every open editor receives), with the written decision (needs X-CSRF-Token)",
        body=DecideIn,
        answers={200: ThreadAnswerOut},
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
]
