"""Organisations: region and global south from the country, a global one names its region."""

from __future__ import annotations

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
