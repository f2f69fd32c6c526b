"""UN regional groups and global south status by country, read once from `un_regions.json`.

Covers the 193 UN member states and the two non-member observer states (the Holy See and the
State of Palestine); the JSON file names its sources and explains the edge cases.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Final

import pycountry

UN_REGIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "AFR": "African States",
        "APG": "Asia-Pacific States",
        "EEG": "Eastern European States",
        "GRULAC": "Latin American and Caribbean States",
        "WEOG": "Western European and Other States",
    }
)


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # UN short name, for reading the data; forms use `country_choices`
    group: str | None  # a key of UN_REGIONS, or None outside every group
    un_member: bool
    global_south: bool


@cache
def countries() -> Mapping[str, Country]:
    """Every listed country by alpha-2 code; raises ValueError if the JSON file is inconsistent."""
    raw: dict[str, Any] = json.loads(
        files(__package__).joinpath("un_regions.json").read_text(encoding="utf-8")
    )
    loaded: dict[str, Country] = {}
    for code, entry in raw["countries"].items():
        group = entry["group"]
        # Fail at start-up, not on the first organisation from a mistyped country.
        if group is not None and group not in UN_REGIONS:
            raise ValueError(f"un_regions.json: {code} has unknown group {group!r}")
        loaded[code] = Country(
            code=code,
            name=str(entry["name"]),
            group=group,
            un_member=bool(entry["un_member"]),
            global_south=bool(entry["global_south"]),
        )
    return MappingProxyType(loaded)


def _country(country_code: str) -> Country:
    code = country_code.strip().upper()
    try:
        return countries()[code]
    except KeyError:
        raise ValueError(
            f"{country_code!r} is not the alpha-2 code of a UN member or observer state"
        ) from None


def region_of(country_code: str) -> str | None:
    """The UN regional group code (a key of `UN_REGIONS`) of an alpha-2 country code.

    Case-insensitive. Returns None for Kiribati, the Holy See and the State of Palestine,
    which are in no group; raises ValueError for a code that is not listed.
    """
    return _country(country_code).group


def is_global_south(country_code: str) -> bool:
    """True when UNCTAD classifies the country as a developing economy.

    Case-insensitive; raises ValueError for a code that is not listed.
    """
    return _country(country_code).global_south


def _sort_key(name: str) -> str:
    # "Côte d'Ivoire" sorts under C, "Türkiye" under T: compare without accents.
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _choices() -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for code in countries():
        record = pycountry.countries.get(alpha_2=code)
        if record is None:
            raise ValueError(f"un_regions.json: {code} is not an ISO 3166-1 alpha-2 code")
        pairs.append((code, getattr(record, "common_name", None) or record.name))
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1])))


def country_choices() -> list[tuple[str, str]]:
    """(alpha-2 code, display name from pycountry) for every listed country, sorted by name."""
    return list(_choices())
