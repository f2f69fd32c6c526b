"""Who an `@Name` refers to: pure parsing over literal names in several scripts."""

from __future__ import annotations

from server.domain.mentions import mentioned

GROUP = {
    1: "Amina Yusuf",
    2: "Sofía Hernández",
    3: "أمينة الفاسي",
    4: "王芳",
    5: "Amina",
    6: "Jean-Luc Picard",
    7: "Ingrid Bergström",
    8: "Ingrid Larsen",
}


def test_a_full_name_with_spaces_is_a_mention() -> None:
    assert mentioned("Thanks @Amina Yusuf, agreed.", GROUP) == {1}


def test_the_longest_name_after_the_at_sign_wins() -> None:
    assert mentioned("@Amina what do you think?", GROUP) == {5}
    assert mentioned("@Amina Yusuf what do you think?", GROUP) == {1}
    # "Amina Yusufzai" is nobody here, but "Amina" is.
    assert mentioned("@Amina Yusufzai", GROUP) == {5}


def test_case_is_ignored_and_accents_are_kept() -> None:
    assert mentioned("cc @sofía hernández", GROUP) == {2}
    assert mentioned("cc @SOFÍA", GROUP) == {2}
    assert mentioned("cc @Sofia", GROUP) == set()


def test_a_unique_first_name_is_enough() -> None:
    assert mentioned("@Sofía, see line 3", GROUP) == {2}
    assert mentioned("@Jean-Luc?", GROUP) == {6}


def test_a_first_name_two_people_share_is_no_mention_on_its_own() -> None:
    assert mentioned("@Ingrid please look", GROUP) == set()
    assert mentioned("@Ingrid Larsen please look", GROUP) == {8}


def test_arabic_names_match_and_end_at_a_word_boundary() -> None:
    assert mentioned("شكرا @أمينة الفاسي على الاقتراح", GROUP) == {3}
    assert mentioned("@أمينة، ما رأيك؟", GROUP) == {3}
    assert mentioned("@أمينةس", GROUP) == set()


def test_chinese_names_may_run_into_the_next_words() -> None:
    assert mentioned("@王芳你好,请看第二段", GROUP) == {4}
    assert mentioned("@王", GROUP) == set()


def test_an_address_is_not_a_mention() -> None:
    assert mentioned("write to amina@Amina.org or x@y.org", GROUP) == set()
    assert mentioned("mail me (@Amina) not a.b@Amina", GROUP) == {5}


def test_several_mentions_and_none() -> None:
    assert mentioned("@Amina Yusuf and @王芳 and @Ingrid Bergström", GROUP) == {1, 4, 7}
    assert mentioned("no one here @ all", GROUP) == set()
    assert mentioned("@nobody", GROUP) == set()
    assert mentioned("@", GROUP) == set()
    assert mentioned("@Amina", {}) == set()


def test_decomposed_accents_match_composed_names() -> None:
    assert mentioned("@Sofi\u0301a", GROUP) == {2}


def test_a_line_break_between_the_words_of_a_name() -> None:
    assert mentioned("@Amina\nYusuf", GROUP) == {1}


def test_blank_names_are_never_matched() -> None:
    assert mentioned("@ hello", {1: "  ", 2: ""}) == set()
