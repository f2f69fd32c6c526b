"""What a person does with what is theirs: their contact details (sealed at rest, each shown to
their drafting groups only if they say so), their notices (marked seen) and the language the
pages speak to them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from schemas.api import PersonalDataIn
from schemas.events import NoticesChanged
from server.actions.refusals import Refused
from server.actions.services import Services
from server.data.regions import countries
from server.db import notices, people
from server.db.models import User
from server.domain.interface_languages import interface_language, interface_language_refusal
from server.domain.messages import say

PHONE = re.compile(r"\+?[0-9 ()./-]{4,40}")


async def change_personal_data(services: Services, me: User, asked: PersonalDataIn) -> User:
    """`me` changes their contact details: a listed country, a phone number that looks like
    one (422 `country_not_listed`, `phone_invalid`), each sealed with their own key."""
    nationality = (asked.nationality or "").strip().upper() or None
    if nationality is not None and nationality not in countries():
        raise Refused(422, say("country_not_listed"), field="nationality")
    phone = (asked.phone or "").strip() or None
    if phone is not None and not PHONE.fullmatch(phone):
        raise Refused(422, say("phone_invalid"), field="phone")
    async with services.store() as db, db.begin():
        user: User | None = await db.get(User, me.id)
        assert user is not None
        keys = services.keys
        user.nationality_sealed = (
            people.seal(keys, user.id, "nationality", nationality) if nationality else None
        )
        user.phone_sealed = people.seal(keys, user.id, "phone", phone) if phone else None
        user.shares_email = asked.shares_email
        user.shares_nationality = asked.shares_nationality
        user.shares_phone = asked.shares_phone
    return user


async def mark_notices_seen(services: Services, me: User, ids: list[int]) -> int:
    """`me` marks notices `ids` seen (ids of others' notices change nothing); how many were
    theirs and unseen. Their other pages are told, so a notice dismissed in one tab leaves
    every tab."""
    async with services.store() as db, db.begin():
        marked = await notices.mark_seen(db, me.id, ids, at=datetime.now(UTC))
    if marked:
        services.events.tell_person(me.id, NoticesChanged())
    return marked


async def choose_interface_language(services: Services, me: User, language: str) -> str:
    """`me` chooses the language the pages speak to them, kept on their account so it follows
    them to their other devices; the language as stored. Asked with spaces around it or in
    capitals it is kept trimmed and in lower case ("FR " is "fr"); one the interface does not
    speak is refused (422 `language_not_offered`) and the earlier choice stays.

    A preference, not a step anyone else sees: nothing is recorded (no happening, audit line,
    notice or event), as for contact details. Their other devices read it where
    `/api/session` says who is signed in."""
    refusal = interface_language_refusal(language)
    if refusal is not None:
        raise Refused(422, refusal, field="language")
    chosen = interface_language(language)
    async with services.store() as db, db.begin():
        user: User | None = await db.get(User, me.id)
        assert user is not None
        user.interface_language = chosen
    return chosen
