"""Organisations: their constituency (the Major Groups and other Stakeholders) and region.

An organisation has a country, or calls itself global; either way it names its primary UN
regional group. Whether it counts as global south follows its country (UNCTAD's developing
economies, see server/data/un_regions.json); a global organisation says so itself.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from server.data.regions import UN_REGIONS, is_global_south, region_of
from server.domain.messages import Message

# The Major Groups and other Stakeholders, as the HLPF lists them; "other" takes a name.
CONSTITUENCIES: Final[dict[str, str]] = {
    "women": "Women",
    "children_youth": "Children & Youth",
    "indigenous_peoples": "Indigenous Peoples",
    "ngos": "NGOs",
    "local_authorities": "Local Authorities",
    "workers_trade_unions": "Workers & Trade Unions",
    "farmers": "Farmers",
    "business_industry": "Business & Industry",
    "science_technology": "Scientific & Technological Community",
    "older_persons": "Older Persons",
    "local_communities": "Local Communities",
    "education_academia": "Education & Academia",
    "persons_with_disabilities": "Persons with Disabilities",
    "volunteers": "Volunteers",
    "lgbtqi": "LGBTQI",
    "work_and_descent": "Persons discriminated based on work and descent",
    "other": "Other",
}

MAX_NAME_CHARACTERS: Final = 200


def constituency_label(code: str, other_name: str | None = None) -> str:
    """How a constituency reads on screen: "other" shows the name the organisation gave."""
    if code == "other" and other_name:
        return other_name
    return CONSTITUENCIES.get(code, code)


def organisation_problems(
    *,
    name: str,
    country_code: str | None,
    region: str | None,
    constituency: str,
    constituency_other: str | None,
) -> dict[str, Message]:
    """What is wrong with an organisation's details, by field; empty when nothing is."""
    problems: dict[str, Message] = {}
    if not name.strip():
        problems["name"] = Message("organisation_name_missing", "Give the organisation's name.")
    elif len(name.strip()) > MAX_NAME_CHARACTERS:
        problems["name"] = Message(
            "organisation_name_too_long",
            f"Keep the name within {MAX_NAME_CHARACTERS} characters.",
            {"max": MAX_NAME_CHARACTERS},
        )
    if country_code:
        try:
            region_of(country_code)
        except ValueError:
            problems["country_code"] = Message(
                "country_unknown",
                f"{country_code!r} is not a UN member or observer state.",
                {"country_code": country_code},
            )
    if region not in UN_REGIONS:
        regions = ", ".join(UN_REGIONS.values())
        problems["region"] = Message(
            "region_unknown",
            f"Choose the primary UN regional group: {regions}",
            {"regions": regions},
        )
    if constituency not in CONSTITUENCIES:
        problems["constituency"] = Message(
            "constituency_unknown", "Choose a constituency from the list, or other with a name."
        )
    elif constituency == "other" and not (constituency_other or "").strip():
        problems["constituency_other"] = Message(
            "constituency_unnamed", "Name the constituency when it is not in the list."
        )
    return problems


def default_region(country_code: str | None) -> str | None:
    """The regional group an organisation from `country_code` most likely names."""
    if not country_code:
        return None
    try:
        return region_of(country_code)
    except ValueError:
        return None


def counts_as_global_south(country_code: str | None, says_global_south: bool) -> bool:
    """An organisation with a country follows its country; a global one says so itself."""
    if not country_code:
        return says_global_south
    try:
        return is_global_south(country_code)
    except ValueError:
        return says_global_south


def signing_right_refusal(
    *,
    granting: bool,
    to_self: bool,
    is_site_admin: bool,
    facilitated_forums: Collection[int],
    signer_forums: Collection[int],
) -> Message | None:
    """Why this person may not give (`granting`) or take away the right to sign for an
    organisation; None when they may.

    Organisations belong to no forum, and a signing right holds in every forum, so the right
    to grant one is tied to the person it is for: a facilitator grants it to someone who takes
    part in a forum they facilitate (the organisation takes part through them), a site
    administrator to anyone with a role somewhere. Nobody grants it to themselves: a
    facilitator could otherwise join any organisation through an invitation of their own and
    sign in its name. Giving up one's own right is always possible."""
    if granting and to_self:
        return Message(
            "may_not_grant_to_self",
            "Nobody grants themselves the right to sign for an organisation: ask another "
            "facilitator or a site administrator.",
        )
    if to_self or (is_site_admin and not granting):
        return None
    if not signer_forums:
        return Message(
            "signer_in_no_forum",
            "This person takes part in no forum: give them a role first.",
        )
    if is_site_admin or set(facilitated_forums) & set(signer_forums):
        return None
    return Message(
        "signer_not_in_your_forums",
        "You record who may sign only for people who take part in a forum you facilitate.",
    )
