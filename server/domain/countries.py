"""Country names and codes (ISO 3166, from pycountry)."""

from __future__ import annotations

import pycountry


def country_name(code: str) -> str:
    """The common English name of an alpha-2 or alpha-3 code; the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=code) or pycountry.countries.get(alpha_3=code)
    return str(getattr(country, "common_name", None) or getattr(country, "name", code))


def statement_country(code: str | None) -> str:
    """What a statement is called by its country: a joint statement has none."""
    return country_name(code) if code else "Joint statement"
