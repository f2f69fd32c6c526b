"""The people of a statement as a viewer may see them: the answer of the drafting-group, guide
and reviewer routes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse, Response

from schemas.api import CandidateOut, PersonOut, ReviewerCandidateOut, StatementPeopleOut
from server.auth.current import SignedIn
from server.chorus import Chorus
from server.db import people, reviewers
from server.db import statements as queries
from server.db.models import User
from server.db.statements import Standing
from server.domain.drafting_groups import may_draft, may_guide
from server.domain.privacy import Sharing, relation_of, visible_fields
from server.domain.roles import Action, Role


async def people_answer(chorus: Chorus, me: SignedIn, sid: int) -> Response:
    """The statement's people as `me` may see them now (after a change of them)."""
    async with chorus.store() as db:
        after = await queries.standing(db, sid, me.user.id)
        assert after is not None
        body = await people_out(db, chorus, me.user, after)
    return JSONResponse(body.model_dump())


async def people_out(
    db: AsyncSession, chorus: Chorus, viewer: User, standing: Standing
) -> StatementPeopleOut:
    """The statement's people as `viewer` may see them (the answer of every route here)."""
    sid = standing.statement_id
    group, guides = await queries.statement_people(db, sid)
    reviewing = await reviewers.reviewers_of(db, sid)
    can_change_group = standing.may(Action.MANAGE_DRAFTING_GROUP)
    can_change_guides = standing.may(Action.MANAGE_PEOPLE)
    can_change_reviewers = standing.may(Action.MANAGE_REVIEWERS)
    forum_people: list[tuple[User, Role]] = []
    if can_change_group or can_change_guides or can_change_reviewers:
        forum_people = await people.forum_members(db, standing.forum_id)
    outside: list[User] = []
    if can_change_reviewers:
        outside = await reviewers.reviewers_without_role(db, standing.forum_id)
    everyone = [*group, *guides, *reviewing, *(user for user, _ in forum_people), *outside]
    organisations = await people.organisations_of(db, [u.id for u in everyone])
    my_groups = await queries.drafting_groups_of(db, viewer.id)
    shared_group = await queries.people_sharing_groups(db, my_groups)

    def person(user: User) -> PersonOut:
        relation = relation_of(
            is_self=viewer.id == user.id,
            viewer_role=standing.role,
            viewer_guides_the_statement=standing.is_guiding_moderator,
            viewer_is_site_admin=viewer.is_site_admin,
            share_a_drafting_group=user.id in shared_group,
        )
        shown = visible_fields(relation, sharing_of(user))
        data = people.personal_data(chorus.keys, user) if shown else None
        return PersonOut(
            id=user.id,
            name=user.name,
            organisations=organisations.get(user.id, []),
            email=data.email if data and "email" in shown else None,
            nationality=data.nationality if data and "nationality" in shown else None,
            phone=data.phone if data and "phone" in shown else None,
        )

    def candidate(user: User, role: Role) -> CandidateOut:
        return CandidateOut(
            id=user.id,
            name=user.name,
            role=role.value,
            organisations=organisations.get(user.id, []),
        )

    in_group = {u.id for u in group}
    guiding = {u.id for u in guides}
    reviewer_ids = {u.id for u in reviewing}
    # Worth asking to review: people the statement is otherwise closed to, or open to only to
    # read (observers). The Steering Group and facilitators comment on it already.
    may_review: list[tuple[User, Role | None]] = []
    if can_change_reviewers:
        may_review += [(u, r) for u, r in forum_people if r in (Role.CONTRIBUTOR, Role.OBSERVER)]
        may_review += [(u, None) for u in outside]
    return StatementPeopleOut(
        drafting_group=[person(u) for u in group],
        guiding_moderators=[person(u) for u in guides],
        can_change_group=can_change_group,
        can_change_guides=can_change_guides,
        group_candidates=[
            candidate(u, role)
            for u, role in forum_people
            if can_change_group and may_draft(role) and u.id not in in_group
        ],
        guide_candidates=[
            candidate(u, role)
            for u, role in forum_people
            if can_change_guides and may_guide(role) and u.id not in guiding
        ],
        reviewers=[person(u) for u in reviewing],
        can_change_reviewers=can_change_reviewers,
        reviewer_candidates=[
            ReviewerCandidateOut(
                id=u.id,
                name=u.name,
                role=None if role is None else role.value,
                organisations=organisations.get(u.id, []),
            )
            for u, role in may_review
            if u.id not in reviewer_ids and u.id not in in_group
        ],
    )


def sharing_of(user: User) -> Sharing:
    return Sharing(
        email=user.shares_email, nationality=user.shares_nationality, phone=user.shares_phone
    )
