"""The coalition rules: what valid signatures give against what a forum needs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from server.domain.cosigning import (
    RULES,
    CoalitionRules,
    Signer,
    closing_the_gap,
    coalition,
)


def _org(
    organisation_id: int,
    region: str | None = "AFR",
    *,
    south: bool = False,
    constituency: str = "ngos",
    name: str | None = None,
) -> Signer:
    return Signer(
        organisation_id=organisation_id,
        name=name or f"Org {organisation_id:02d}",
        region=region,
        global_south=south,
        constituency=constituency,
    )


# Five organisations from three regions, two of them global south, three constituency types.
KENYA_WOMEN = _org(1, "AFR", south=True, constituency="women", name="Kenya Women")
BRAZIL_YOUTH = _org(2, "GRULAC", south=True, constituency="children_youth", name="Brazil Youth")
GHANA_NGO = _org(3, "AFR", south=True, name="Ghana NGO")
GLOBAL_UNION = _org(4, "WEOG", constituency="workers_trade_unions", name="Global Union")
NORWAY_NGO = _org(5, "WEOG", name="Norway NGO")

ALL_RULES = CoalitionRules(
    min_organisations=5,
    min_regions=3,
    min_global_south=3,
    min_constituencies=3,
)


@dataclass(frozen=True)
class Case:
    name: str
    signers: tuple[Signer, ...]
    rules: CoalitionRules
    have: dict[str, int]  # per shown rule
    met: bool


CASES = [
    Case(
        "nobody_signed",
        (),
        ALL_RULES,
        {"organisations": 0, "regions": 0, "global_south": 0, "constituencies": 0},
        False,
    ),
    Case(
        "global_organisation_counts_in_its_primary_region",
        # A global organisation has no country; the caller passes its primary region.
        (_org(1, "APG", name="Global Alliance"),),
        CoalitionRules(min_regions=1),
        {"regions": 1},
        True,
    ),
    Case(
        "an_organisation_without_a_region_counts_in_none",
        (_org(1, None),),
        CoalitionRules(min_organisations=1, min_regions=1),
        {"organisations": 1, "regions": 0},
        False,
    ),
    Case(
        "two_of_one_region_count_as_one_region",
        (KENYA_WOMEN, GHANA_NGO),
        CoalitionRules(min_organisations=2, min_regions=2),
        {"organisations": 2, "regions": 1},
        False,
    ),
    Case(
        "one_organisation_signing_twice_counts_once",
        # Two of its people signed: two signatures, one organisation.
        (KENYA_WOMEN, KENYA_WOMEN, BRAZIL_YOUTH),
        ALL_RULES,
        {"organisations": 2, "regions": 2, "global_south": 2, "constituencies": 2},
        False,
    ),
    Case(
        "every_rule_met",
        (KENYA_WOMEN, BRAZIL_YOUTH, GHANA_NGO, GLOBAL_UNION, NORWAY_NGO),
        ALL_RULES,
        {"organisations": 5, "regions": 3, "global_south": 3, "constituencies": 4},
        True,
    ),
    Case(
        "unmet_advisory_rules_do_not_block",
        # Global south and constituencies are advisory by default.
        (KENYA_WOMEN, GLOBAL_UNION, NORWAY_NGO, _org(6, "GRULAC"), _org(7, "APG")),
        ALL_RULES,
        {"organisations": 5, "regions": 4, "global_south": 1, "constituencies": 3},
        True,
    ),
    Case(
        "the_same_rules_required_block",
        (KENYA_WOMEN, GLOBAL_UNION, NORWAY_NGO, _org(6, "GRULAC"), _org(7, "APG")),
        CoalitionRules(
            min_organisations=5,
            min_regions=3,
            min_global_south=3,
            min_constituencies=3,
            global_south_required=True,
        ),
        {"organisations": 5, "regions": 4, "global_south": 1, "constituencies": 3},
        False,
    ),
    Case(
        "an_advisory_organisation_rule_does_not_block",
        (KENYA_WOMEN,),
        CoalitionRules(min_organisations=5, organisations_required=False),
        {"organisations": 1},
        True,
    ),
    Case(
        "rules_at_zero_are_not_shown",
        (KENYA_WOMEN,),
        CoalitionRules(min_global_south=1),
        {"global_south": 1},
        True,
    ),
    Case("no_rules_at_all", (KENYA_WOMEN,), CoalitionRules(), {}, True),
    Case(
        "every_other_constituency_is_one_type",
        (_org(1, constituency="other"), _org(2, constituency="other")),
        CoalitionRules(min_constituencies=2, constituencies_required=True),
        {"constituencies": 1},
        False,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_coalition(case: Case) -> None:
    result = coalition(case.signers, case.rules)
    assert {r.rule: r.have for r in result.rules} == case.have
    assert [r.rule for r in result.rules] == [rule for rule in RULES if rule in case.have]
    assert result.met is case.met
    for r in result.rules:
        assert r.needed == case.rules.minimum(r.rule)
        assert r.met is (r.have >= r.needed)
        assert r.required is case.rules.is_required(r.rule)
    unmet_required = [r.rule for r in result.rules if r.required and not r.met]
    assert [m.code for m in result.blockers()] == [f"coalition_{rule}" for rule in unmet_required]


def test_forum_defaults_make_organisations_and_regions_required() -> None:
    rules = CoalitionRules()
    assert [rule for rule in RULES if rules.is_required(rule)] == ["organisations", "regions"]


def test_rules_read_from_a_forum() -> None:
    @dataclass
    class Forum:
        coalition_min_organisations: int = 5
        coalition_min_regions: int = 3
        coalition_min_global_south: int = 2
        coalition_min_constituencies: int = 0
        coalition_organisations_required: bool = True
        coalition_regions_required: bool = False
        coalition_global_south_required: bool = True
        coalition_constituencies_required: bool = False

    assert CoalitionRules.from_forum(Forum()) == CoalitionRules(
        min_organisations=5,
        min_regions=3,
        min_global_south=2,
        regions_required=False,
        global_south_required=True,
    )


def test_a_negative_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="regions"):
        CoalitionRules(min_regions=-1)


SHORT = coalition((KENYA_WOMEN, BRAZIL_YOUTH, BRAZIL_YOUTH, GHANA_NGO), ALL_RULES)


@pytest.mark.parametrize(
    ("rule", "code", "text"),
    [
        ("organisations", "coalition_organisations_short", "3 of 5 organisations — 2 more"),
        (
            "regions",
            "coalition_regions_short",
            "Regions: African States, Latin American and Caribbean States — 1 more",
        ),
        ("global_south", "coalition_global_south_met", "3 from the global south — at least 3"),
        (
            "constituencies",
            "coalition_constituencies_met",
            "Constituency types: Women, Children & Youth, NGOs — at least 3",
        ),
    ],
)
def test_checklist_lines(rule: str, code: str, text: str) -> None:
    (result,) = [r for r in SHORT.rules if r.rule == rule]
    assert result.message.code == code
    assert result.message.text == text
    assert result.message.params["needed"] == result.needed
    assert result.message.params["have"] == result.have
    assert result.message.params["more"] == result.more


def test_missing_names_the_regions_and_constituency_types_not_yet_present() -> None:
    missing = {r.rule: r.missing for r in SHORT.rules}
    assert missing["organisations"] == ()
    assert missing["global_south"] == ()
    assert missing["regions"] == (
        "Asia-Pacific States",
        "Eastern European States",
        "Western European and Other States",
    )
    assert "Women" not in missing["constituencies"]
    assert "NGOs" not in missing["constituencies"]
    assert "Indigenous Peoples" in missing["constituencies"]
    assert len(missing["constituencies"]) == 17 - 3


def test_checklist_line_when_no_region_is_present_yet() -> None:
    (result,) = coalition((), CoalitionRules(min_regions=2)).rules
    assert result.message.text == "Regions: none yet — 2 more"
    assert len(result.missing) == 5


def test_checklist_line_of_a_met_organisation_rule() -> None:
    (result,) = coalition((KENYA_WOMEN, GHANA_NGO), CoalitionRules(min_organisations=1)).rules
    assert result.message.code == "coalition_organisations_met"
    assert result.message.text == "2 organisations — at least 1"


def test_blockers_say_what_is_needed_in_sentences() -> None:
    assert [(m.code, m.text, dict(m.params)) for m in SHORT.blockers()] == [
        (
            "coalition_organisations",
            "3 of 5 organisations have signed; 2 more are needed.",
            {"needed": 5, "have": 3, "more": 2},
        ),
        (
            "coalition_regions",
            "The signatories come from 2 of 3 UN regional groups; 1 more is needed.",
            {"needed": 3, "have": 2, "more": 1},
        ),
    ]


@pytest.mark.parametrize(
    ("rules", "signers", "text"),
    [
        (
            CoalitionRules(min_organisations=3),
            (KENYA_WOMEN,),
            "1 of 3 organisations has signed; 2 more are needed.",
        ),
        (
            CoalitionRules(min_global_south=2, global_south_required=True),
            (KENYA_WOMEN,),
            "1 of 2 organisations from the global south has signed; 1 more is needed.",
        ),
        (
            CoalitionRules(min_constituencies=3, constituencies_required=True),
            (KENYA_WOMEN, GHANA_NGO),
            "The signatories come from 2 of 3 constituency types; 1 more is needed.",
        ),
    ],
)
def test_blocker_wording(rules: CoalitionRules, signers: tuple[Signer, ...], text: str) -> None:
    assert [m.text for m in coalition(signers, rules).blockers()] == [text]


def _names(signers: list[Signer]) -> list[str]:
    return [s.name for s in signers]


def test_closing_the_gap_names_who_would_raise_each_unmet_rule() -> None:
    result = coalition((KENYA_WOMEN, GHANA_NGO), ALL_RULES)
    candidates = (
        NORWAY_NGO,
        BRAZIL_YOUTH,
        GLOBAL_UNION,
        BRAZIL_YOUTH,  # two of its people in the drafting group: listed once
        KENYA_WOMEN,  # already signed: never a candidate
        _org(8, "AFR", south=True, constituency="farmers", name="ayni farmers"),
    )
    gap = closing_the_gap(result, candidates)
    assert list(gap) == ["organisations", "regions", "global_south", "constituencies"]
    assert _names(gap["organisations"]) == [
        "ayni farmers",
        "Brazil Youth",
        "Global Union",
        "Norway NGO",
    ]
    assert _names(gap["regions"]) == ["Brazil Youth", "Global Union", "Norway NGO"]
    assert _names(gap["global_south"]) == ["ayni farmers", "Brazil Youth"]
    assert _names(gap["constituencies"]) == ["ayni farmers", "Brazil Youth", "Global Union"]


def test_closing_the_gap_leaves_out_met_rules_and_keeps_unhelpable_ones() -> None:
    result = coalition(
        (KENYA_WOMEN, BRAZIL_YOUTH),
        CoalitionRules(min_organisations=2, min_global_south=3),
    )
    gap = closing_the_gap(result, (NORWAY_NGO,))
    # Organisations is met; no candidate is from the global south.
    assert gap == {"global_south": []}


def test_closing_the_gap_when_every_rule_is_met() -> None:
    result = coalition((KENYA_WOMEN,), CoalitionRules(min_organisations=1))
    assert closing_the_gap(result, (NORWAY_NGO,)) == {}
