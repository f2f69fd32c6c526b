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
