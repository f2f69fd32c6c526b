"""A person's interface language is kept on their account: chosen on one device, said by
`/api/session` on any other.

Decided: a language is taken trimmed and in any case ("FR " is "fr"), and kept as the
interface's own code; anything else, a regional tag or an empty string included, is refused
with `language_not_offered`, naming the language as it was asked (trimmed)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx
import pytest

from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server

PATH = "/api/me/interface-language"


def _chosen(server: Server, email: str, password: str) -> object:
    """The interface language `/api/session` says, from a fresh sign-in (another device)."""
    with signed_in_as(server, email, password) as elsewhere:
        return elsewhere.get("/api/session").json()["user"]["interface_language"]


def test_a_chosen_language_follows_the_person_to_another_device(
    server: Server, accounts: dict[str, str]
) -> None:
    email, password = "amina@example.org", accounts["amina@example.org"]
    with signed_in_as(server, email, password) as amina:
        before = amina.get("/api/session").json()["user"]
        assert before["interface_language"] is None  # never chosen
        chosen = amina.put(PATH, json={"language": "fr"})
        assert chosen.status_code == 200 and chosen.json() == {"language": "fr"}
        assert _chosen(server, email, password) == "fr"
        # Trimmed and in any case, kept as the interface's own code.
        again = amina.put(PATH, json={"language": " ES "})
        assert again.status_code == 200 and again.json() == {"language": "es"}
    # The sign-in itself says it too.
    with httpx.Client(base_url=server.base_url) as phone:
        answer = phone.post("/api/session", json={"email": email, "password": password})
        assert answer.json()["user"]["interface_language"] == "es"
    # Someone else's choice is untouched.
    assert _chosen(server, "mei@example.org", accounts["mei@example.org"]) is None


@pytest.mark.parametrize(
    ("asked", "named"),
    [("de", "de"), ("", ""), (" DE ", "DE"), ("fr-CA", "fr-CA"), ("french", "french")],
)
def test_a_language_not_offered_is_refused_and_the_choice_stays(
    server: Server, accounts: dict[str, str], asked: str, named: str
) -> None:
    email, password = "amina@example.org", accounts["amina@example.org"]
    with signed_in_as(server, email, password) as amina:
        assert amina.put(PATH, json={"language": "fr"}).status_code == 200
        refused = amina.put(PATH, json={"language": asked})
        assert refused.status_code == 422
        error = refused.json()["error"]
        assert error["code"] == "language_not_offered"
        assert error["field"] == "language"
        assert error["params"] == {"language": named}
        assert error["message"] == (
            f"Chorus does not speak “{named}” yet; choose English, French or Spanish."
        )
    assert _chosen(server, email, password) == "fr"


def test_bodies_that_are_not_a_language_are_refused_with_the_field(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        for body in ({}, {"language": None}, {"language": 1}, {"language": "fr", "more": 1}):
            refused = amina.put(PATH, json=body)
            assert refused.status_code == 422, body
            assert refused.json()["error"]["code"] == "invalid_body", body
        too_long = amina.put(PATH, json={"language": "x" * 36})
        assert too_long.status_code == 422
        assert too_long.json()["error"]["field"] == "language"


def test_only_a_signed_in_person_with_the_csrf_token_chooses(
    server: Server, accounts: dict[str, str]
) -> None:
    email, password = "amina@example.org", accounts["amina@example.org"]
    signed_out = httpx.put(f"{server.base_url}{PATH}", json={"language": "fr"})
    assert signed_out.status_code == 401
    assert signed_out.json()["error"]["code"] == "not_signed_in"
    with signed_in_as(server, email, password) as amina:
        without = httpx.put(
            f"{server.base_url}{PATH}",
            json={"language": "fr"},
            headers={"Cookie": cookie_of(amina)},
        )
        assert without.status_code == 403 and without.json()["error"]["code"] == "csrf"
        forged = httpx.put(
            f"{server.base_url}{PATH}",
            json={"language": "fr"},
            headers={"Cookie": cookie_of(amina), "X-CSRF-Token": "forged"},
        )
        assert forged.status_code == 403
    assert _chosen(server, email, password) is None


def test_two_people_choosing_at_once_each_keep_their_own(
    server: Server, accounts: dict[str, str]
) -> None:
    people = {"amina@example.org": ("fr", "es"), "mei@example.org": ("es", "fr")}
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
    ):
        clients = {"amina@example.org": amina, "mei@example.org": mei}
        for round_ in range(6):
            start = Barrier(2)

            def choose(email: str, round_: int = round_, start: Barrier = start) -> str:
                language = people[email][round_ % 2]
                start.wait(5)
                answer = clients[email].put(PATH, json={"language": language})
                assert answer.status_code == 200, answer.text
                return str(answer.json()["language"])

            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(choose, people))
            assert answers == [people[email][round_ % 2] for email in people]
    # The last round: Amina chose Spanish and Mei French, each kept apart.
    for email, (_, last) in people.items():
        assert _chosen(server, email, accounts[email]) == last
