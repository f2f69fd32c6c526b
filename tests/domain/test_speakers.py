"""The ranking of volunteers as a table: who comes first, and the reasons given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.domain.speakers import Candidate, rank_speakers

T0 = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)


def volunteer(
    name: str,
    minute: int,
    *,
    member: bool = True,
    national: bool | None = None,
    process: bool | None = None,
    constituencies: tuple[str, ...] = ("women",),
) -> Candidate:
    return Candidate(
        user_id=minute + 1,
        name=name,
        is_member=member,
        is_national=national,
        in_national_process=process,
        constituencies=frozenset(constituencies),
        volunteered_at=T0 + timedelta(minutes=minute),
    )


CASES = [
    # (why, candidates, confirmed constituencies, names best first)
    ("earlier volunteer wins a tie", [volunteer("B", 2), volunteer("A", 1)], set(), ["A", "B"]),
    (
        "drafting group before a national",
        [volunteer("N", 1, member=False, national=True), volunteer("M", 2)],
        set(),
        ["M", "N"],
    ),
    (
        "national before national process",
        [volunteer("P", 1, process=True), volunteer("N", 2, national=True)],
        set(),
        ["N", "P"],
    ),
    (
        "national process before a new constituency",
        [
            volunteer("C", 1, constituencies=("youth",)),
            volunteer("P", 2, process=True, constituencies=("women",)),
        ],
        {"women"},
        ["P", "C"],
    ),
    (
        "a constituency not yet among the speakers before an earlier volunteer",
        [volunteer("W", 1), volunteer("Y", 2, constituencies=("youth",))],
        {"women"},
        ["Y", "W"],
    ),
    (
        "not saying counts as no",
        [volunteer("S", 1, national=None), volunteer("N", 2, national=True)],
        set(),
        ["N", "S"],
    ),
    ("nobody volunteered", [], {"women"}, []),
]


@pytest.mark.parametrize(
    ("candidates", "confirmed", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rank_speakers(
    candidates: list[Candidate], confirmed: set[str], expected: list[str]
) -> None:
    ranked = rank_speakers(candidates, confirmed)
    assert [r.candidate.name for r in ranked] == expected
    assert [r.position for r in ranked] == list(range(1, len(expected) + 1))


def test_each_rank_is_explained_in_words_with_a_code() -> None:
    ranked = rank_speakers(
        [
            volunteer("Amina", 1, national=True, process=True, constituencies=("children_youth",)),
            volunteer("Bo", 2, member=False),
        ],
        {"women"},
    )
    first, second = (r.explanation for r in ranked)
    assert first.code == second.code == "speaker_ranked"
    assert first.text == (
        "1. Amina: in the drafting group; a national of the country; engaged in its national "
        "process; brings a constituency not yet among the forum's speakers (Children & Youth); "
        "then by time of volunteering."
    )
    assert (
        first.params["new_constituency"] == 1 and first.params["constituencies"] == "children_youth"
    )
    assert "not in the drafting group" in second.text
    assert second.params == {
        "position": 2,
        "name": "Bo",
        "in_group": 0,
        "national": 0,
        "national_process": 0,
        "new_constituency": 0,
        "constituencies": "",
    }
