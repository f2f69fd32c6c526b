"""An organisation's details (server/domain/organisations.py)."""

from __future__ import annotations

from server.domain.messages import Message
from server.domain.organisations import MAX_NAME_CHARACTERS, organisation_problems


def test_sensible_details_have_no_problem() -> None:
    assert (
        organisation_problems(
            name="Fiji Women's Rights Movement",
            country_code="FJ",
            region="APG",
            constituency="women",
            constituency_other=None,
        )
        == {}
    )


def test_each_problem_names_its_field_with_a_code_and_its_values() -> None:
    problems = organisation_problems(
        name="N" * (MAX_NAME_CHARACTERS + 1),
        country_code="XX",
        region="MOON",
        constituency="other",
        constituency_other=" ",
    )
    assert {field: p.code for field, p in problems.items()} == {
        "name": "organisation_name_too_long",
        "country_code": "country_unknown",
        "region": "region_unknown",
        "constituency_other": "constituency_unnamed",
    }
    assert problems["name"] == Message(
        "organisation_name_too_long", "Keep the name within 200 characters.", {"max": 200}
    )
    assert problems["country_code"].params == {"country_code": "XX"}
    assert problems["country_code"].text == "'XX' is not a UN member or observer state."
