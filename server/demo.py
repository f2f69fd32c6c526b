"""Demo data: a believable HLPF 2027 with sessions, statements and drafting groups.

Idempotent: running it again adds only what is missing. Passwords are printed on purpose; these
accounts exist to be tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pycountry
from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.statements import create_statement
from server.auth.passwords import hash_password
from server.collab.documents import document_with_text
from server.db import audit, people
from server.db import speakers as speaker_queries
from server.db.models import (
    AuditLogEntry,
    DraftingGroupMember,
    Forum,
    ForumRole,
    ForumSession,
    GuidingModerator,
    Organisation,
    OrganisationMember,
    SessionCountry,
    Statement,
    StatementReviewer,
    User,
)
from server.domain.countries import country_name
from server.domain.forums import statement_title
from server.domain.new_statements import FIRST_STATE, NewStatement
from server.domain.organisations import counts_as_global_south
from server.domain.roles import REVIEWER, SITE_ADMIN
from server.sealing import KeyRing

FORUM = "HLPF 2027"
LOAD_TEST_SESSION = "Load test statements"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    name: str
    organisations: tuple[str, ...]
    role: str  # a forum role, "site_admin", or "reviewer" (no role: reviews `REVIEWS`)


ACCOUNTS = [
    DemoAccount(
        "amina@example.org",
        "amina-demo-2027",
        "Amina Yusuf",
        ("Kenya Youth Climate Network",),
        "contributor",
    ),
    DemoAccount(
        "lucas@example.org",
        "lucas-demo-2027",
        "Lucas Pereira",
        ("Rede Cidadã pelo Desenvolvimento",),
        "contributor",
    ),
    DemoAccount(
        "mei@example.org",
        "mei-demo-2027",
        "Mei Tanaka",
        ("Japan NGO Network for SDGs", "Rainbow Rights Asia"),
        "contributor",
    ),
    DemoAccount(
        "sofia@example.org",
        "sofia-demo-2027",
        "Sofía Ramírez",
        ("Red de Mujeres Rurales de Colombia",),
        "moderator",
    ),
    DemoAccount(
        "kwame@example.org",
        "kwame-demo-2027",
        "Kwame Mensah",
        ("Ghana Academic Network on Sustainable Development",),
        "moderator",
    ),
    DemoAccount(
        "ingrid@example.org",
        "ingrid-demo-2027",
        "Ingrid Halvorsen",
        ("Older Persons Rights Alliance Europe",),
        "facilitator",
    ),
    DemoAccount(
        "omar@example.org",
        "omar-demo-2027",
        "Omar Haddad",
        ("Egyptian Initiative for Workers' Rights",),
        "observer",
    ),
    # A reviewer from outside the forum: reads Kenya's and Brazil's statements, comments and
    # suggests, never edits.
    DemoAccount(
        "rachel@example.org",
        "rachel-demo-2027",
        "Rachel Okafor",
        (),
        REVIEWER,
    ),
    DemoAccount(
        "admin@example.org",
        "admin-demo-2027",
        "Chorus Administrator",
        (),
        "site_admin",
    ),
]

# (name, country or None for a global one, region, constituency)
ORGANISATIONS: list[tuple[str, str | None, str, str]] = [
    ("Kenya Youth Climate Network", "KE", "AFR", "children_youth"),
    ("Rede Cidadã pelo Desenvolvimento", "BR", "GRULAC", "ngos"),
    ("Japan NGO Network for SDGs", "JP", "APG", "ngos"),
    ("Red de Mujeres Rurales de Colombia", "CO", "GRULAC", "women"),
    ("Egyptian Initiative for Workers' Rights", "EG", "AFR", "workers_trade_unions"),
    ("Consejo Indígena Mapuche", "CL", "GRULAC", "indigenous_peoples"),
    ("Older Persons Rights Alliance Europe", "DE", "WEOG", "older_persons"),
    ("Pacific Disability Forum", "FJ", "APG", "persons_with_disabilities"),
    ("Global Forum of Local Authorities", None, "WEOG", "local_authorities"),
    ("Ukrainian Farmers Union", "UA", "EEG", "farmers"),
    ("Ghana Academic Network on Sustainable Development", "GH", "AFR", "education_academia"),
    ("Rainbow Rights Asia", "PH", "APG", "lgbtqi"),
    ("Dalit Rights Collective", "IN", "APG", "work_and_descent"),
]

DRAFTS = Path(__file__).resolve().parent / "demo_drafts"
KENYA_DRAFT = (DRAFTS / "kenya.md").read_text(encoding="utf-8")
EGYPT_DRAFT = (DRAFTS / "egypt.md").read_text(encoding="utf-8")
JAPAN_DRAFT = (DRAFTS / "japan.md").read_text(encoding="utf-8")
GHANA_DRAFT = (DRAFTS / "ghana.md").read_text(encoding="utf-8")

# (session title, start, [(country code, language, draft, members, state)])
SESSIONS: list[tuple[str, datetime, list[tuple[str, str, str, list[str], str]]]] = [
    (
        "VNR session 1: Kenya",
        datetime(2027, 7, 13, 10, 0, tzinfo=UTC),
        [("KE", "en", KENYA_DRAFT, ["amina", "lucas", "mei", "sofia"], "drafting")],
    ),
    (
        "VNR session 2: Brazil, Chile and Colombia",
        datetime(2027, 7, 13, 15, 0, tzinfo=UTC),
        [
            ("BR", "en", "", ["lucas", "amina", "sofia"], "drafting"),
            ("CL", "es", "", ["lucas", "sofia"], "drafting"),
            ("CO", "es", "", ["lucas", "mei", "sofia"], "drafting"),
        ],
    ),
    (
        "VNR session 3: Japan",
        datetime(2027, 7, 14, 10, 0, tzinfo=UTC),
        [("JP", "en", JAPAN_DRAFT, ["mei", "amina", "sofia"], "final")],
    ),
    (
        "VNR session 4: Egypt",
        datetime(2027, 7, 14, 15, 0, tzinfo=UTC),
        [("EG", "ar", EGYPT_DRAFT, ["amina", "sofia"], "drafting")],
    ),
    (
        "VNR session 5: Ghana",
        datetime(2027, 7, 15, 10, 0, tzinfo=UTC),
        [("GH", "en", GHANA_DRAFT, ["amina", "kwame"], "delivered")],
    ),
]
# Who guides which country's drafting group.
GUIDES = {
    "KE": "sofia",
    "BR": "sofia",
    "CL": "sofia",
    "CO": "sofia",
    "JP": "kwame",
    "EG": "kwame",
    "GH": "kwame",
}
# Who reviews which countries' statements, with no role in the forum.
REVIEWS = {"rachel": ("KE", "BR")}
# Who is authorised to sign for which of their organisations. Mei may sign for the Japan NGO
# Network, not for Rainbow Rights Asia: its page shows her only the one she speaks for.
SIGNERS = {
    "amina": ("Kenya Youth Climate Network",),
    "lucas": ("Rede Cidadã pelo Desenvolvimento",),
    "mei": ("Japan NGO Network for SDGs",),
    "sofia": ("Red de Mujeres Rurales de Colombia",),
    "kwame": ("Ghana Academic Network on Sustainable Development",),
}
JOINT_SESSION = "VNR session 2: Brazil, Chile and Colombia"


# When the facilitator made the demo's statements, for their audit logs.
CREATED_AT = datetime(2027, 5, 2, 12, 0, tzinfo=UTC)


async def _get_or_add(
    db: AsyncSession,
    model: type,
    where: dict[str, object],
    values: dict[str, object] | None = None,
) -> object:
    found = await db.scalar(select(model).filter_by(**where))
    if found is None:
        found = model(**where, **(values or {}))
        db.add(found)
        await db.flush()
    return found


async def _add_statement(
    db: AsyncSession,
    forum: Forum,
    forum_session: ForumSession,
    new: NewStatement,
    facilitator: User,
    state: str = "drafting",
) -> Statement:
    """The statement titled `new.title` in the session, made by the facilitator if missing and
    put straight into `state` (its history of steps is the demo's to write)."""
    found = await db.scalar(
        select(Statement).filter_by(forum_session_id=forum_session.id, title=new.title)
    )
    if found is not None:
        return found
    statement = await create_statement(
        db,
        forum,
        forum_session.id,
        new,
        document=document_with_text(new.text) if new.text else None,
        by=facilitator.id,
        at=CREATED_AT,
    )
    statement.state = state
    return statement


async def _join(db: AsyncSession, statement_id: int, user_id: int) -> None:
    await _get_or_add(db, DraftingGroupMember, {"statement_id": statement_id, "user_id": user_id})


async def _organisations(db: AsyncSession) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for name, country, region, constituency in ORGANISATIONS:
        organisation = await _get_or_add(
            db,
            Organisation,
            {"name": name},
            {
                "country_code": country,
                "region": region,
                "global_south": counts_as_global_south(country, says_global_south=False),
                "constituency": constituency,
            },
        )
        assert isinstance(organisation, Organisation)
        found[name] = organisation
    return found


async def _accounts(
    db: AsyncSession, keys: KeyRing, forum: Forum, organisations: dict[str, Organisation]
) -> dict[str, User]:
    users: dict[str, User] = {}
    for account in ACCOUNTS:
        user = await people.user_by_email(db, keys, account.email)
        if user is None:
            user = await people.create_user(
                db,
                keys,
                email=account.email,
                name=account.name,
                password_hash=await hash_password(account.password),
                is_site_admin=account.role == SITE_ADMIN,
            )
        handle = account.email.split("@")[0]
        users[handle] = user
        for name in account.organisations:
            member = await _get_or_add(
                db,
                OrganisationMember,
                {"organisation_id": organisations[name].id, "user_id": user.id},
            )
            assert isinstance(member, OrganisationMember)
            if name in SIGNERS.get(handle, ()):
                member.may_sign = True  # also on a membership made before signing existed
        if account.role not in (SITE_ADMIN, REVIEWER):
            await _get_or_add(
                db,
                ForumRole,
                {"forum_id": forum.id, "user_id": user.id},
                {"role": account.role},
            )
    return users


async def load_demo(
    db: AsyncSession, keys: KeyRing, load_statements: int = 0
) -> list[tuple[DemoAccount, list[Statement]]]:
    """Create what is missing of the demo; returns each account with the statements it may edit."""
    forum = await _get_or_add(
        db,
        Forum,
        {"name": FORUM},
        {
            "kind": "hlpf",
            "languages": "en,fr,es,ar",
            "time_zone": "America/New_York",
            "word_limit": 300,
            "seconds_limit": 120,
            "speaking_rate": 150,
            "survey_closes_at": datetime(2027, 4, 30, 22, 0, tzinfo=UTC),
            "drafting_closes_at": datetime(2027, 6, 30, 22, 0, tzinfo=UTC),
            "outstanding_settled_by": datetime(2027, 7, 17, 22, 0, tzinfo=UTC),
            # Kenya's drafting group can meet the required rules (three organisations from
            # two regions) and still be short of the advisory ones, which do not block.
            "coalition_min_organisations": 3,
            "coalition_min_regions": 2,
            "coalition_min_global_south": 2,
            "coalition_min_constituencies": 3,
            "coalition_organisations_required": True,
            "coalition_regions_required": True,
            "coalition_global_south_required": False,
            "coalition_constituencies_required": False,
        },
    )
    assert isinstance(forum, Forum)
    users = await _accounts(db, keys, forum, await _organisations(db))
    facilitator = users["ingrid"]
    for title, starts_at, countries in SESSIONS:
        forum_session = await _get_or_add(
            db, ForumSession, {"forum_id": forum.id, "title": title}, {"starts_at": starts_at}
        )
        assert isinstance(forum_session, ForumSession)
        for position, (code, language, draft, members, state) in enumerate(countries):
            await _get_or_add(
                db,
                SessionCountry,
                {"forum_session_id": forum_session.id, "country_code": code},
                {"position": position},
            )
            new = NewStatement(
                title=statement_title(forum.kind, country_name(code)),
                language=language,
                country_code=code,
                text=draft,
            )
            statement = await _add_statement(db, forum, forum_session, new, facilitator, state)
            for member in members:
                await _join(db, statement.id, users[member].id)
            guide = users[GUIDES[code]]
            await _get_or_add(
                db, GuidingModerator, {"statement_id": statement.id, "user_id": guide.id}
            )
            await _record_history(db, statement, guide, facilitator, state)
            for reviewer in (who for who, countries in REVIEWS.items() if code in countries):
                await _get_or_add(
                    db,
                    StatementReviewer,
                    {"statement_id": statement.id, "user_id": users[reviewer].id},
                )
    await _speakers(db, keys, forum, users)
    first = users[ACCOUNTS[0].email.split("@")[0]]
    await _ensure_statements(db, forum, first, facilitator, load_statements)
    result = []
    for account in ACCOUNTS:
        user = users[account.email.split("@")[0]]
        # What the permission table lets them write: their drafting groups' statements and
        # those they guide (only moderators and facilitators guide), while in drafting.
        in_group = exists().where(
            DraftingGroupMember.statement_id == Statement.id,
            DraftingGroupMember.user_id == user.id,
        )
        guiding = exists().where(
            GuidingModerator.statement_id == Statement.id, GuidingModerator.user_id == user.id
        )
        rows = await db.scalars(
            select(Statement)
            .where(or_(in_group, guiding), Statement.state == "drafting")
            .order_by(Statement.id)
        )
        result.append((account, list(rows)))
    return result


SPEAKER_RULES = """Speakers deliver the statement as the drafting group agreed it, word for word, \
within the time limit.
Speakers speak for the co-signing organisations, not for their own organisation.
Speakers are available in person at the session, or stand down in good time so the backup \
can be confirmed.
Speakers respect the UN's code of conduct and the safety of the people the statement names."""

# Kenya's volunteers: (who, national, engaged in the national process, volunteered at).
KENYA_VOLUNTEERS = (
    ("lucas", None, True, datetime(2027, 6, 20, 14, 0, tzinfo=UTC)),
    ("amina", True, True, datetime(2027, 6, 21, 9, 30, tzinfo=UTC)),
)


async def _speakers(db: AsyncSession, keys: KeyRing, forum: Forum, users: dict[str, User]) -> None:
    """Version 1 of the forum's rules for speakers, and two volunteers on Kenya's statement."""
    if await speaker_queries.current_rules(db, forum.id) is None:
        await speaker_queries.write_rules(
            db,
            forum.id,
            SPEAKER_RULES,
            by=users["ingrid"].id,
            at=datetime(2027, 5, 2, 12, 0, tzinfo=UTC),
        )
    kenya = await db.scalar(
        select(Statement.id).where(
            Statement.forum_id == forum.id,
            Statement.country_code == "KE",
            Statement.is_joint.is_(False),
        )
    )
    if kenya is None or await speaker_queries.volunteers_of(db, kenya):
        return
    for who, national, process, at in KENYA_VOLUNTEERS:
        await speaker_queries.volunteer(
            db,
            keys,
            statement_id=kenya,
            user_id=users[who].id,
            rules_version=1,
            is_national=national,
            in_national_process=process,
            at=at,
        )
    await db.flush()


async def _record_history(
    db: AsyncSession, statement: Statement, guide: User, facilitator: User, state: str
) -> None:
    """The audit log a statement in `state` would have: its guide took it there. A statement
    made before the log existed gets its "create" entry too."""
    logged = set(
        await db.scalars(
            select(AuditLogEntry.action).where(AuditLogEntry.statement_id == statement.id)
        )
    )
    if logged - {"create"}:
        return
    moments = {
        "final": [("finalise", "drafting", "final", datetime(2027, 6, 28, 16, 0, tzinfo=UTC))],
        "delivered": [
            ("finalise", "drafting", "final", datetime(2027, 6, 29, 9, 30, tzinfo=UTC)),
            ("deliver", "final", "delivered", datetime(2027, 7, 15, 10, 20, tzinfo=UTC)),
        ],
    }
    if not logged:
        await audit.record(
            db,
            forum_id=statement.forum_id,
            statement_id=statement.id,
            actor_id=facilitator.id,
            at=CREATED_AT,
            action="create",
            to_value=FIRST_STATE.value,
        )
    for action, before, after, at in moments.get(state, []):
        db.add(
            AuditLogEntry(
                forum_id=statement.forum_id,
                statement_id=statement.id,
                actor_id=guide.id,
                at=at,
                action=action,
                from_value=before,
                to_value=after,
            )
        )


async def _ensure_statements(
    db: AsyncSession, forum: Forum, user: User, facilitator: User, wanted: int
) -> None:
    """Make sure `user` may edit at least `wanted` statements (extra ones for load tests)."""
    # Only statements in drafting can be edited; final and delivered ones are read-only.
    have = (
        await db.scalar(
            select(func.count())
            .select_from(DraftingGroupMember)
            .join(Statement, Statement.id == DraftingGroupMember.statement_id)
            .where(DraftingGroupMember.user_id == user.id, Statement.state == "drafting")
        )
        or 0
    )
    if have >= wanted:
        return
    forum_session = await _get_or_add(
        db, ForumSession, {"forum_id": forum.id, "title": LOAD_TEST_SESSION}
    )
    assert isinstance(forum_session, ForumSession)
    countries = list(pycountry.countries)
    existing = (
        await db.scalar(
            select(func.count())
            .select_from(Statement)
            .where(Statement.forum_session_id == forum_session.id)
        )
        or 0
    )
    for n in range(existing, existing + wanted - have):
        code = countries[n % len(countries)].alpha_2
        new = NewStatement(title=f"Load test statement {n + 1}", language="en", country_code=code)
        statement = await _add_statement(db, forum, forum_session, new, facilitator)
        await _join(db, statement.id, user.id)
