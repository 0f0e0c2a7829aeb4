"""Country names in the course's languages, from the curated data/countries.csv."""

from __future__ import annotations

from functools import cache

from lessons.core.config import get_language
from lessons.core.data import load, version
from lessons.core.locale import lang_col


def country_names(lang: str | None = None) -> dict[str, str]:
    """{ISO-3: name} in `lang`, as Vietnamese and English media write them today."""
    lang = lang or get_language()
    return dict(_names(lang, version()))  # a copy: the caller may change it


@cache
def _names(lang: str, data_version: str) -> dict[str, str]:
    table = load("countries")
    return dict(zip(table["iso3"], table[lang_col("name", lang)]))


def country_name(iso3: str, lang: str | None = None) -> str:
    """One country's name; the code itself when the table does not know it."""
    return country_names(lang).get(iso3, iso3)
