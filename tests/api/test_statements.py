"""`GET /api/statements` and `GET /api/statements/{id}`: the contract outside tools rely on."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.http import signed_in_as
from tests.support.servers import Server

CONTRACT_FIELDS = {"id", "title", "country", "state", "words", "seconds"}


@pytest.fixture
def amina(server: Server, accounts: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url) as http:
        http.post(
            "/api/session",
            json={"email": "amina@example.org", "password": accounts["amina@example.org"]},
        ).raise_for_status()
        yield http


def test_lists_the_statements_i_may_open(amina: httpx.Client) -> None:
    listed = amina.get("/api/statements").json()["statements"]
    assert listed and all(set(s) >= CONTRACT_FIELDS for s in listed)
    countries = [s["country"] for s in listed]
    assert countries[:2] == ["Kenya", "Brazil"]
    assert "Chile" not in countries  # amina is not in Chile's drafting group
    kenya = listed[0]
    assert kenya["state"] == "drafting" and kenya["words"] > 50
    assert kenya["limits"] == {"words": 300, "seconds": 120, "speaking_rate": 150}
    assert kenya["seconds"] == -(-kenya["words"] * 60 // 150)


def test_one_statement_has_its_limits_and_direction(amina: httpx.Client) -> None:
    listed = amina.get("/api/statements").json()["statements"]
    egypt = next(s for s in listed if s["country"] == "Egypt")
    detail = amina.get(f"/api/statements/{egypt['id']}").json()
    assert detail["language"] == "ar" and detail["dir"] == "rtl"
    assert detail["can_edit"] is True and detail["over_limit"] is False


@pytest.mark.parametrize(
    ("path", "status", "code", "params"),
    [
        ("/api/statements/3", 403, "not_in_group", {}),
        ("/api/statements/99999", 404, "no_such_statement", {"id": 99999}),
        ("/api/statements/abc", 404, "no_such_statement", {"id": "abc"}),
        ("/api/statements/1/audit-log-x", 404, "not_found", {}),
    ],
)
def test_refusals_say_why_with_a_stable_code_and_their_values(
    amina: httpx.Client, path: str, status: int, code: str, params: dict[str, object]
) -> None:
    response = amina.get(path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["message"]
    # Pages say it in the reader's language from the code and the values.
    assert (error["code"], error["params"]) == (code, params)


@pytest.mark.parametrize("path", ["/api/statements", "/api/statements/1"])
def test_signed_out_gets_401(server: Server, path: str) -> None:
    response = httpx.get(f"{server.base_url}{path}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_signed_in"


def test_the_people_of_a_statement_show_only_what_each_viewer_may_see(
    server: Server, accounts: dict[str, str]
) -> None:
    def people_seen_by(email: str) -> dict[str, dict[str, object]]:
        with signed_in_as(server, email, accounts[email]) as http:
            body = http.get("/api/statements/1/people").json()
        return {p["name"]: p for p in body["drafting_group"]}

    # A colleague in the drafting group: name and organisations, no email (not shared).
    by_mei = people_seen_by("mei@example.org")
    assert by_mei["Amina Yusuf"]["organisations"] == ["Kenya Youth Climate Network"]
    assert by_mei["Amina Yusuf"]["email"] is None
    assert by_mei["Mei Tanaka"]["email"] == "mei@example.org"  # her own
    # The moderator guiding the statement reaches people by email.
    assert people_seen_by("sofia@example.org")["Amina Yusuf"]["email"] == "amina@example.org"
    # An observer sees no personal data at all.
    by_omar = people_seen_by("omar@example.org")
    assert all(p["email"] is None and p["phone"] is None for p in by_omar.values())
