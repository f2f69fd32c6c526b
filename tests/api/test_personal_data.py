"""A person's own personal data: sealed at rest, shown to their drafting groups per their
choice of field."""

from __future__ import annotations

from server.config import load_settings
from tests.support.http import signed_in_as
from tests.support.servers import Server
from tests.test_personal_data_at_rest import _query

KENYA = 1


def test_shared_fields_reach_the_drafting_group_and_stay_sealed(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        mine = amina.get("/api/me/personal-data").json()
        assert mine["email"] == "amina@example.org" and mine["shares_email"] is False
        bad = amina.put("/api/me/personal-data", json={"nationality": "XX"})
        assert bad.status_code == 422 and bad.json()["error"]["field"] == "nationality"
        saved = amina.put(
            "/api/me/personal-data",
            json={"nationality": "ke", "phone": "+254 700 123456", "shares_phone": True},
        )
        assert saved.status_code == 200
        assert saved.json()["nationality"] == "KE"

    def amina_as_seen_by(email: str) -> dict[str, object]:
        with signed_in_as(server, email, accounts[email]) as http:
            group = http.get(f"/api/statements/{KENYA}/people").json()["drafting_group"]
        return next(p for p in group if p["name"] == "Amina Yusuf")

    by_mei = amina_as_seen_by("mei@example.org")
    assert by_mei["phone"] == "+254 700 123456"  # shared
    assert by_mei["nationality"] is None and by_mei["email"] is None  # not shared
    assert amina_as_seen_by("omar@example.org")["phone"] is None  # observers: nothing

    rows = _query(
        load_settings(server.env).database_url,
        "SELECT phone_sealed, nationality_sealed FROM users WHERE phone_sealed IS NOT NULL",
    )
    assert len(rows) == 1
    phone, nationality = rows[0]
    assert isinstance(phone, bytes) and b"254 700" not in phone
    assert isinstance(nationality, bytes) and len(nationality) > 30  # ciphertext, not b"KE"
