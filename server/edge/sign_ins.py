"""A sign-in started and ended: the store's record of it, and what was opened with one that
ended (editors, the pages' event connections) closed. The routes set and clear the cookie and
answer; signing in with a password and accepting an invitation both start one here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from server.auth.current import SignedIn
from server.auth.sign_ins import NewSignIn, new_sign_in
from server.chorus import Chorus
from server.collab import close_codes
from server.db import people
from server.db.models import User


@dataclass(frozen=True)
class SignInStarted:
    """A fresh sign-in: its tokens and cookie value, and how long it lasts."""

    fresh: NewSignIn
    lasts: timedelta


async def start_sign_in(chorus: Chorus, user: User, old: SignedIn | None) -> SignInStarted:
    """Start a sign-in for `user` (a new token at every sign-in), ending `old`, the one the
    request came with, if any: whatever listened or edited with it stops."""
    fresh = new_sign_in(chorus.settings.secret_key)
    now = datetime.now(UTC)
    lasts = timedelta(seconds=chorus.settings.sign_in_seconds)
    async with chorus.store() as db, db.begin():
        if old is not None:
            await people.end_sign_in(db, old.token_hash)
        await people.start_sign_in(
            db, user.id, fresh.token_hash, fresh.csrf_token, now, now + lasts
        )
    if old is not None:
        close_sign_in(chorus, old)
    return SignInStarted(fresh, lasts)


async def end_sign_in(chorus: Chorus, me: SignedIn) -> None:
    """`me` signs out here: this sign-in ends and what was opened with it closes."""
    async with chorus.store() as db, db.begin():
        await people.end_sign_in(db, me.token_hash)
    close_sign_in(chorus, me)


async def end_every_sign_in(chorus: Chorus, me: SignedIn) -> int:
    """`me` signs out everywhere, here included; their editors and their pages' event
    connections close. How many sign-ins ended."""
    async with chorus.store() as db, db.begin():
        ended = await people.end_all_sign_ins(db, me.user.id)
    chorus.access_changes += 1
    chorus.rooms.close_person(me.user.id, close_codes.NOT_SIGNED_IN, "signed out everywhere")
    chorus.events.close_person(me.user.id, close_codes.NOT_SIGNED_IN, "signed out everywhere")
    return ended


def close_sign_in(chorus: Chorus, ended: SignedIn) -> None:
    """Close the editors and event connections opened with a sign-in that has just ended."""
    # An editor being let in right now read the sign-in before it ended: it checks again.
    chorus.access_changes += 1
    chorus.rooms.close_sign_in(
        ended.user.id, ended.token_hash, close_codes.NOT_SIGNED_IN, "signed out"
    )
    chorus.events.close_sign_in(ended.token_hash, close_codes.NOT_SIGNED_IN, "signed out")
