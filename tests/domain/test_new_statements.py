"""How a statement begins (server/domain/new_statements.py)."""

from __future__ import annotations

from server.domain.new_statements import FIRST_STATE, new_country_statement, new_joint_statement


def test_every_statement_begins_in_drafting() -> None:
    assert FIRST_STATE == "drafting"


def test_a_country_statement_is_titled_for_the_forum_and_in_its_first_language() -> None:
    new = new_country_statement("upr_pre_session", ["fr", "en"], "CL")
    assert new.title == "Statement to the UPR pre-session on Chile"
    assert (new.language, new.country_code, new.text, new.is_joint) == ("fr", "CL", "", False)


def test_a_forum_without_languages_writes_in_english() -> None:
    assert new_country_statement("hlpf", [""], "KE").language == "en"
    assert new_country_statement("hlpf", [], "KE").language == "en"


def test_a_joint_statement_names_its_countries_in_the_sessions_order() -> None:
    new = new_joint_statement(["Brazil", "Chile", "Colombia"], "es", "## Brazil\n")
    assert new.title == "Joint statement of Brazil, Chile and Colombia"
    assert (new.language, new.country_code, new.is_joint) == ("es", None, True)
    assert new_joint_statement(["Chile", "Peru"], None, "").title == (
        "Joint statement of Chile and Peru"
    )
    assert new_joint_statement(["Chile", "Peru"], None, "").language == "en"
