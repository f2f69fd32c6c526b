from __future__ import annotations

import json
from collections import Counter
from importlib.resources import files

import pycountry
import pytest

from server.data.regions import (
    UN_REGIONS,
    countries,
    country_choices,
    is_global_south,
    region_of,
)

# Kiribati is a member in no group; the Holy See and Palestine are observer states.
NO_GROUP = {"KI", "PS", "VA"}
OBSERVER_STATES = {"PS", "VA"}


def _raw() -> dict[str, object]:
    data = json.loads(files("server.data").joinpath("un_regions.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_five_groups_with_their_codes() -> None:
    assert set(UN_REGIONS) == {"AFR", "APG", "EEG", "GRULAC", "WEOG"}
    assert UN_REGIONS["GRULAC"] == "Latin American and Caribbean States"


def test_all_193_member_states_are_present() -> None:
    members = [c for c in countries().values() if c.un_member]
    assert len(members) == 193
    assert {c.code for c in countries().values() if not c.un_member} == OBSERVER_STATES


def test_every_code_is_a_pycountry_alpha_2() -> None:
    for code in countries():
        assert pycountry.countries.get(alpha_2=code) is not None, code


def test_groups_are_the_five_or_null_only_for_the_documented_exceptions() -> None:
    for code, country in countries().items():
        if code in NO_GROUP:
            assert country.group is None, code
        else:
            assert country.group in UN_REGIONS, code


def test_group_sizes() -> None:
    sizes = Counter(c.group for c in countries().values() if c.group is not None)
    # WEOG has 28 members; the United States is counted with it for elections.
    assert sizes == {"AFR": 54, "APG": 53, "EEG": 23, "GRULAC": 33, "WEOG": 29}


def test_sources_and_notes_are_recorded() -> None:
    raw = _raw()
    sources = raw["sources"]
    assert isinstance(sources, list)
    assert any("General Assembly and Conference Management" in s for s in sources)
    assert any("UNCTAD" in s for s in sources)
    assert isinstance(raw["notes"], list)
    assert raw["notes"]


@pytest.mark.parametrize(
    ("code", "group", "south"),
    [
        ("KE", "AFR", True),
        ("FR", "WEOG", False),
        ("BR", "GRULAC", True),
        ("JP", "APG", False),
        ("PL", "EEG", False),
        ("CN", "APG", True),
        ("IL", "WEOG", False),
        ("TR", "WEOG", True),
        ("US", "WEOG", False),
        ("CY", "APG", False),
        ("GE", "EEG", True),
        ("KI", None, True),
        ("PS", None, True),
        ("VA", None, False),
    ],
)
def test_spot_checks(code: str, group: str | None, south: bool) -> None:
    assert region_of(code) == group
    assert is_global_south(code) is south


def test_codes_are_case_and_whitespace_insensitive() -> None:
    assert region_of(" ke ") == "AFR"
    assert is_global_south("ke")


@pytest.mark.parametrize("code", ["XX", "TW", "", "KEN"])
def test_unlisted_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="not the alpha-2 code"):
        region_of(code)
    with pytest.raises(ValueError, match="not the alpha-2 code"):
        is_global_south(code)


def test_country_choices() -> None:
    choices = country_choices()
    assert len(choices) == len(countries()) == 195
    by_code = dict(choices)
    assert by_code["KE"] == "Kenya"
    assert by_code["BO"] == "Bolivia"
    names = [name for _, name in choices]
    assert names.index("Côte d'Ivoire") < names.index("Croatia")
    choices.append(("XX", "Nowhere"))  # a caller's copy; the cached list is untouched
    assert len(country_choices()) == 195
