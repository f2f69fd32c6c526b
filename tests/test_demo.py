"""`chorus demo`: the contract outside tools rely on (accounts printed as `email password role`,
`--statements N` editable statements for the first contributor), and a believable forum."""

from __future__ import annotations

import httpx

from tests.support.servers import Server, Template, chorus


def test_demo_prints_an_account_per_role_and_is_idempotent(
    template: Template, server: Server
) -> None:
    roles = {}
    for line in template.demo_output.splitlines():
        parts = line.split()
        if len(parts) == 3 and "@" in parts[0]:
            roles[parts[0]] = parts[2]
    assert set(roles.values()) == {
        "contributor",
        "moderator",
        "facilitator",
        "observer",
        "site_admin",
        "reviewer",
    }
    first_contributor = next(email for email, role in roles.items() if role == "contributor")
    with httpx.Client(base_url=server.base_url) as http:
        http.post(
            "/api/session",
            json={"email": first_contributor, "password": template.accounts()[first_contributor]},
        ).raise_for_status()
        listed = http.get("/api/statements").json()["statements"]
        # `chorus demo --statements 8` in the test template: at least 8 she can type into.
        assert sum(s["state"] == "drafting" for s in listed) >= 8
        assert {s["state"] for s in listed} == {"drafting", "final", "delivered"}
    # Running it again adds nothing and prints the same accounts.
    again = chorus(["demo", "--statements", "8"], server.env)
    assert [line for line in again.splitlines() if "@" in line.split(" ")[0]] == [
        line for line in template.demo_output.splitlines() if "@" in line.split(" ")[0]
    ]


def test_may_edit_lists_what_each_account_can_really_type_into(
    template: Template, server: Server
) -> None:
    """The printed list follows the permission table: a moderator may write the statements they
    guide, so Kwame (guiding Egypt, in drafting) is not told he may edit nothing."""
    listed: dict[str, list[int]] = {}
    email = ""
    for line in template.demo_output.splitlines():
        if "@" in line.split(" ")[0]:
            email = line.split()[0]
        elif line.strip().startswith("may edit:") and email:
            shown = line.split(":", 1)[1]
            listed[email] = [int(part.split()[0][1:]) for part in shown.split(",") if "#" in part]
    assert 6 in listed["kwame@example.org"]  # Egypt
    passwords = template.accounts()
    for who in ("kwame@example.org", "sofia@example.org", "mei@example.org"):
        with httpx.Client(base_url=server.base_url) as http:
            http.post(
                "/api/session", json={"email": who, "password": passwords[who]}
            ).raise_for_status()
            for statement_id in listed[who]:
                assert http.get(f"/api/statements/{statement_id}").json()["can_edit"], (
                    who,
                    statement_id,
                )


def test_the_demo_shows_signing(template: Template, server: Server) -> None:
    """`make run` shows co-signing: Kenya's contributors may each sign for an organisation, and
    HLPF 2027's rules need more than one of them (required) and ask for more (advisory)."""
    passwords = template.accounts()
    with httpx.Client(base_url=server.base_url) as http:
        http.post(
            "/api/session",
            json={"email": "amina@example.org", "password": passwords["amina@example.org"]},
        ).raise_for_status()
        kenya = http.get("/api/statements/1/signatures").json()
        assert [o["name"] for o in kenya["can_sign_for"]] == ["Kenya Youth Climate Network"]
        rules = {r["rule"]: (r["needed"], r["required"]) for r in kenya["coalition"]["rules"]}
        assert rules == {
            "organisations": (3, True),
            "regions": (2, True),
            "global_south": (2, False),
            "constituencies": (3, False),
        }
        gaps = {g["rule"]: len(g["organisations"]) for g in kenya["closing_the_gap"]}
        assert gaps["organisations"] >= 3  # the drafting group can meet the required rules


def test_the_demo_shows_speakers(template: Template, server: Server) -> None:
    """`make run` shows speakers: HLPF 2027 has version 1 of its rules for speakers, and two
    of Kenya's contributors have volunteered, ranked for the Steering Group."""
    passwords = template.accounts()
    with httpx.Client(base_url=server.base_url) as http:
        http.post(
            "/api/session",
            json={"email": "sofia@example.org", "password": passwords["sofia@example.org"]},
        ).raise_for_status()
        kenya = http.get("/api/statements/1/speakers").json()
        assert kenya["rules"]["version"] == 1
        assert [v["name"] for v in kenya["volunteers"]] == ["Amina Yusuf", "Lucas Pereira"]
        assert all(v["explanation"]["code"] == "speaker_ranked" for v in kenya["volunteers"])
        assert kenya["speaker"] is None
