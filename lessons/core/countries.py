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


def _plain(text: str) -> str:
    """`text` without case, accents, spaces or punctuation: "Việt Nam" and "vietnam" are the same."""
    import unicodedata

    text = unicodedata.normalize("NFD", str(text).casefold().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum())


def guess_code(text, among=None) -> str | None:
    """The ISO-3 code a student most likely meant by `text` ("vnm", "Vietnam", "Việt Nam" → "VNM"), or None:
    a code in another case, or a country's name in any of the course's languages. Only codes in `among`."""
    from lessons.core.config import LANGUAGES

    if not isinstance(text, str) or not text.strip():
        return None
    wanted = _plain(text)
    for lang in LANGUAGES:
        for code, name in country_names(lang).items():
            if (among is None or code in among) and wanted in (_plain(code), _plain(name)):
                return code
    return None
