"""The Steering Group overview: every statement of the forum, outstanding first."""

from __future__ import annotations

from server.config import load_settings
from tests.support.http import signed_in_as
from tests.support.servers import Server
from tests.test_personal_data_at_rest import _execute


def test_after_the_drafting_deadline_statements_not_final_are_outstanding_and_first(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        before = sofia.get("/api/forums/1/overview").json()
        assert before["forum"]["name"] == "HLPF 2027"
        assert not any(s["outstanding"] for s in before["statements"])
        group = next(s for s in before["sessions"] if "Brazil" in s["title"])
        assert group["countries"] == ["BR", "CL", "CO"]

        # The drafting deadline passes.
        _execute(
            load_settings(server.env).database_url,
            "UPDATE forums SET drafting_closes_at = '2026-01-01 00:00:00' WHERE id = 1",
        )
        after = sofia.get("/api/forums/1/overview").json()["statements"]
        flags = [(s["state"], s["outstanding"]) for s in after]
        drafting = sum(state == "drafting" for state, _ in flags)
        assert flags[:drafting] == [("drafting", True)] * drafting
        assert all(not outstanding for _, outstanding in flags[drafting:])
        assert {state for state, _ in flags[drafting:]} == {"final", "delivered"}


def test_contributors_are_sent_to_their_dashboard(server: Server, accounts: dict[str, str]) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        refused = amina.get("/api/forums/1/overview")
        assert refused.status_code == 403
        assert "dashboard" in refused.json()["error"]["message"]
        assert amina.get("/api/forums/999/overview").status_code == 404
