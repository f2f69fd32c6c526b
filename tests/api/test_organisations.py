"""Organisations: region and global south from the country, a global one names its region."""

from __future__ import annotations

import httpx

from tests.support.http import signed_in_as
from tests.support.servers import Server


def test_facilitators_add_organisations_classified_by_their_country(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        listed = ingrid.get("/api/organisations").json()["organisations"]
        assert len(listed) >= 12
        assert {o["region"] for o in listed} == {"AFR", "APG", "EEG", "GRULAC", "WEOG"}

        fiji = ingrid.post(
            "/api/organisations",
            json={
                "name": "Fiji Women's Rights Movement",
                "country_code": "fj",
                "constituency": "women",
            },
        )
        assert fiji.status_code == 201, fiji.text
        assert fiji.json() | {"id": 0} == {
            "id": 0,
            "name": "Fiji Women's Rights Movement",
            "country_code": "FJ",
            "country": "Fiji",
            "region": "APG",
            "global_south": True,
            "constituency": "women",
            "constituency_label": "Women",
            "members": [],  # who may sign for it: shown to those who record it
        }
        global_one = ingrid.post(
            "/api/organisations",
            json={
                "name": "Migrants Worldwide",
                "region": "WEOG",
                "constituency": "other",
                "constituency_other": "Migrants and diaspora",
            },
        )
        assert global_one.status_code == 201
        assert global_one.json()["country"] is None
        assert global_one.json()["constituency_label"] == "Migrants and diaspora"

        nameless_other = ingrid.post(
            "/api/organisations",
            json={"name": "X", "region": "AFR", "constituency": "other"},
        )
        assert nameless_other.status_code == 422
        assert nameless_other.json()["error"]["field"] == "constituency_other"
        twice = ingrid.post(
            "/api/organisations",
            json={"name": "Migrants Worldwide", "region": "WEOG", "constituency": "ngos"},
        )
        assert twice.status_code == 409
        assert (twice.json()["error"]["code"], twice.json()["error"]["params"]) == (
            "organisation_exists",
            {"name": "Migrants Worldwide"},
        )
        too_long = ingrid.post(
            "/api/organisations",
            json={"name": "N" * 201, "region": "WEOG", "constituency": "ngos"},
        )
        # The body's own limit answers first: pydantic's error type and limit stand for its
        # English sentence.
        assert too_long.status_code == 422
        error = too_long.json()["error"]
        assert (error["code"], error["field"], error["params"]) == (
            "invalid_body",
            "name",
            {"field": "name", "problem": "string_too_long", "max_length": 200},
        )
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        refused = sofia.post(
            "/api/organisations", json={"name": "Y", "region": "AFR", "constituency": "ngos"}
        )
        assert refused.status_code == 403


KENYA = 1
MAPUCHE = "Consejo Indígena Mapuche"
KYCN = "Kenya Youth Climate Network"


def _organisation_ids(http: httpx.Client) -> dict[str, int]:
    return {o["name"]: o["id"] for o in http.get("/api/organisations").json()["organisations"]}


def _accept(http: httpx.Client, link: str) -> httpx.Response:
    return http.post(f"/api/invitations/{link.removeprefix('/join/')}/accept", json={})


def _error_code(answer: httpx.Response) -> str:
    return str(answer.json()["error"]["code"])


def test_a_facilitator_of_another_forum_cannot_make_themselves_a_signatory(
    server: Server, accounts: dict[str, str]
) -> None:
    """Amina drafts Kenya's statement in HLPF 2027 and facilitates another forum. Inviting
    herself there as a member of an organisation she does not belong to works, but granting
    herself its signing right does not, so she cannot sign Kenya's statement in its name."""
    with (
        signed_in_as(server, "admin@example.org", accounts["admin@example.org"]) as admin,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        other = admin.post("/api/forums", json={"name": "UPR pre-sessions 2028"}).json()["id"]
        made = admin.post(f"/api/forums/{other}/invitations", json={"role": "facilitator"})
        assert _accept(amina, made.json()["link"]).status_code == 200
        amina_id = amina.get("/api/session").json()["user"]["id"]
        mapuche = _organisation_ids(amina)[MAPUCHE]

        to_herself = amina.post(
            f"/api/forums/{other}/invitations",
            json={"role": "contributor", "organisation_id": mapuche},
        )
        assert to_herself.status_code == 201, to_herself.text
        assert _accept(amina, to_herself.json()["link"]).status_code == 200

        granted = amina.put(f"/api/organisations/{mapuche}/signers/{amina_id}")
        assert granted.status_code == 403, granted.text
        assert _error_code(granted) == "may_not_grant_to_self"
        signed = amina.post(
            f"/api/statements/{KENYA}/signatures", json={"organisation_id": mapuche}
        )
        assert signed.status_code == 403
        assert _error_code(signed) == "not_authorised_for_organisation"

        # Nor may she grant it to someone who takes part only in a forum she does not run.
        with signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas:
            lucas_id = lucas.get("/api/session").json()["user"]["id"]
        rede = _organisation_ids(amina)["Rede Cidadã pelo Desenvolvimento"]
        outside = amina.put(f"/api/organisations/{rede}/signers/{lucas_id}")
        assert outside.status_code == 403 and _error_code(outside) == "signer_not_in_your_forums"


def test_a_grant_by_another_facilitator_is_logged_and_shown_to_the_other_signatories(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
    ):
        kycn = _organisation_ids(ingrid)[KYCN]
        made = ingrid.post(
            "/api/forums/1/invitations",
            json={"role": "contributor", "statement_id": KENYA, "organisation_id": kycn},
        )
        with httpx.Client(base_url=server.base_url) as wanjiru:
            joined = wanjiru.post(
                f"/api/invitations/{made.json()['link'].removeprefix('/join/')}/accept",
                json={
                    "name": "Wanjiru Kamau",
                    "email": "wanjiru@example.org",
                    "password": "a long enough password",
                },
            )
            assert joined.status_code == 201, joined.text
            wanjiru_id = joined.json()["user"]["id"]

        granted = ingrid.put(f"/api/organisations/{kycn}/signers/{wanjiru_id}")
        assert granted.status_code == 200, granted.text
        by_name = {m["name"]: m for m in granted.json()["members"]}
        assert by_name["Wanjiru Kamau"]["granted_by"] == "Ingrid Halvorsen"
        assert by_name["Wanjiru Kamau"]["granted_at"]

        # Amina signs for the same organisation: she sees who was given the right, and by whom.
        seen = {o["name"]: o for o in amina.get("/api/organisations").json()["organisations"]}
        members = {m["name"]: m for m in seen[KYCN]["members"]}
        assert members["Wanjiru Kamau"]["may_sign"] is True
        assert members["Wanjiru Kamau"]["granted_by"] == "Ingrid Halvorsen"
        # Others' organisations stay closed to her, and Lucas sees no member of hers.
        assert seen[MAPUCHE]["members"] is None
        listed = {o["name"]: o for o in lucas.get("/api/organisations").json()["organisations"]}
        assert listed[KYCN]["members"] is None

        # The forum's log says who did it; so does the withdrawal.
        assert ingrid.delete(f"/api/organisations/{kycn}/signers/{wanjiru_id}").status_code == 200
        log = ingrid.get("/api/forums/1/audit-log").json()["entries"]
        withdrawn, grant = log[0], log[1]
        assert (grant["action"], grant["actor"], grant["subject"]) == (
            "grant_signing",
            "Ingrid Halvorsen",
            "Wanjiru Kamau",
        )
        assert grant["sentence"].startswith(
            "Ingrid Halvorsen gave Wanjiru Kamau the right to sign for an organisation on"
        )
        assert grant["sentence"].endswith(f"“{KYCN}”")
        assert withdrawn["action"] == "withdraw_signing" and withdrawn["reason"] == KYCN

        # Nobody grants it to themselves, a facilitator of this forum included.
        ingrid_id = ingrid.get("/api/session").json()["user"]["id"]
        older = _organisation_ids(ingrid)["Older Persons Rights Alliance Europe"]
        herself = ingrid.put(f"/api/organisations/{older}/signers/{ingrid_id}")
        assert herself.status_code == 403 and _error_code(herself) == "may_not_grant_to_self"
