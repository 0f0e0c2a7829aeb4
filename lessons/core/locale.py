"""How each language writes dates, numbers, plurals and its own name.

Everything here is read from the "locale." block at the top of lessons/i18n/<lang>.json, so a new
language is one JSON file (and its code in config.LANGUAGES), never a branch in the code:

- locale.name            the language's name in itself ("Tiếng Việt", "English")
- locale.cldr            the CLDR locale babel uses for month names and plural rules
- locale.separators      decimal then thousands separator, as plotly's layout.separators wants them
- locale.date.<style>    a CLDR date pattern per style: full (a day, padded), day, month, year
- locale.plural          the plural forms a message lists, in order (English "one other", Vietnamese "other")
- locale.library_words   "show" when Python's and the libraries' own (English) words may be shown, else "hide"
- locale.alphabet        the language's letters in order, for sort_key (Vietnamese: a ă â b … đ …)
- locale.letter_marks    the marks that make a letter of their own, not a tone or an accent (Vietnamese: ˘ ˆ ̛)

Messages choose a plural form with `{n:form one|form other}` (see text.t); a form may repeat the
count: `{n:the one test case|all {n} test cases}`.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal, InvalidOperation
from functools import cache
from numbers import Number

from babel import Locale
from babel.dates import format_date as _cldr_date

from lessons.core.config import LANGUAGES, PACKAGE_DIR, get_language
from lessons.core.exceptions import LanguageError

DATE_STYLES = ("full", "day", "month", "year")
MISSING = "—"


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of one language, keyed by a dotted name such as "claims.kind.plan"."""
    if lang not in LANGUAGES:
        raise LanguageError(lang)
    path = PACKAGE_DIR / "i18n" / f"{lang}.json"
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def _setting(lang: str | None, name: str) -> str:
    return strings(lang or get_language())[f"locale.{name}"]


@cache
def _cldr(lang: str) -> Locale:
    return Locale.parse(_setting(lang, "cldr"))


def language_name(lang: str) -> str:
    """The language's name in itself, e.g. "Tiếng Việt"."""
    return _setting(lang, "name")


def lang_col(name: str, lang: str | None = None) -> str:
    """The data column holding `name` in `lang` (default: the course language), e.g. "note" → "note_vi".
    The one place a column's language suffix is built."""
    return f"{name}_{lang or get_language()}"


def format_date(value, lang: str | None = None, style: str = "full") -> str:
    """A date as `lang` writes it. Styles: "full" (17/01/2025, 17 Jan 2025), "day" (17/1/2025, 17 Jan 2025),
    "month" (1/2025, Jan 2025), "year" (2025) — one per date precision of the course's data."""
    if style not in DATE_STYLES:
        raise ValueError(f"date style {style!r} is not one of {', '.join(DATE_STYLES)}")
    lang = lang or get_language()
    return _cldr_date(value, _setting(lang, f"date.{style}"), locale=_cldr(lang))


def plotly_separators(lang: str | None = None) -> str:
    """plotly's layout.separators for `lang`: its decimal separator, then its thousands separator."""
    separators = _setting(lang, "separators")
    if len(separators) != 2:
        raise ValueError(f"locale.separators must be two characters, not {separators!r}")
    return separators


def format_number(x, lang: str | None = None, decimals: int = 0, *, trim: bool = False, group: bool = True) -> str:
    """`x` with `decimals` decimals and `lang`'s separators: 1234.5 → "1.234,5" (vi), "1,234.5" (en).
    `trim` drops trailing zeros (4.60 → 4.6, 5.00 → 5); `group=False` leaves out the thousands separator.
    A missing value (None, NaN) is shown as "—"."""
    if x is None or (isinstance(x, Number) and math.isnan(float(x))):
        return MISSING
    text = f"{float(x):{',' if group else ''}.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0.001 rounds to 0, never to "-0"
    decimal, thousands = plotly_separators(lang)
    return text.translate(str.maketrans({".": decimal, ",": thousands}))


def shows_library_words(lang: str | None = None) -> bool:
    """Whether Python's and the libraries' own words (English) may be shown to a reader of `lang`."""
    return _setting(lang, "library_words") == "show"


def plural_forms(lang: str | None = None) -> tuple[str, ...]:
    """The plural forms `lang`'s messages list, in order, e.g. ("one", "other")."""
    return _plural_forms(lang or get_language())


@cache
def _plural_forms(lang: str) -> tuple[str, ...]:
    return tuple(_setting(lang, "plural").split())


@cache
def _plural_rule(lang: str):
    return _cldr(lang).plural_form


def clear_caches() -> None:
    """Forget what was read from the language files (after a file changed, or in a test)."""
    for cached in (strings, _cldr, _plural_forms, _plural_rule, _alphabet):
        cached.cache_clear()


def plural_form(count, lang: str | None = None) -> str:
    """The plural form of `count` in `lang` ("one", "few", "other" …) among the forms its messages list;
    a count that is not a number (None, True, "x", NaN) takes "other"."""
    lang = lang or get_language()
    if isinstance(count, bool):
        return "other"
    shown = str(count).strip()  # the count as the message shows it: "1" is one, "1.0" is not
    try:
        number = int(shown) if shown.isdigit() else Decimal(shown)  # int: four times faster for babel
        if isinstance(number, Decimal) and not number.is_finite():
            return "other"
        form = _plural_rule(lang)(abs(number))
    except (InvalidOperation, TypeError, ValueError):
        return "other"
    return form if form in _plural_forms(lang) else "other"


def choose_plural(count, spec: str, lang: str | None = None) -> str:
    """The form of `spec` ("pair|pairs", forms in the order locale.plural lists) that fits `count`."""
    forms = plural_forms(lang)
    texts = spec.split("|")
    if len(texts) != len(forms):
        raise ValueError(f"plural {spec!r} gives {len(texts)} forms; locale.plural lists {len(forms)}: {forms}")
    return dict(zip(forms, texts))[plural_form(count, lang)]


# --- sorting names as the language sorts them ----------------------------------------------------------
# The Unicode Collation Algorithm's order with a language's own letters (CLDR's tailoring), from the "locale."
# block: locale.alphabet lists the letters in order (Vietnamese: ă and â after a, đ after d, ê after e, ô and ơ
# after o, ư after u) and locale.letter_marks the marks that make a letter of their own (breve, circumflex,
# horn); the other marks (the tones) only decide between words whose letters are equal (ngang, huyền, sắc,
# hỏi, ngã, nặng). Written here because the library that does this (PyICU) has no wheels for Windows or
# macOS on PyPI, where students install the course with pip.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


@cache
def _alphabet(lang: str) -> dict[str, int]:
    return {c: i for i, c in enumerate(_setting(lang, "alphabet"))}


def sort_key(text: str, lang: str | None = None) -> tuple:
    """A key that sorts `text` as dictionaries in `lang` do (Vietnamese: "Áo" < "Ấn Độ" < "Ba Lan" < "Đức"):
    first the letters, then the marks, then the case."""
    import unicodedata

    lang = lang or get_language()
    kept = _setting(lang, "letter_marks")
    alphabet = _alphabet(lang)
    letters, marks = [], []
    for ch in unicodedata.normalize("NFC", str(text)).casefold():
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m in kept))
        if base not in alphabet and base.isalpha():  # a letter the alphabet does not list: its bare form
            base = unicodedata.normalize("NFD", base)[0]
        if base.isspace() or not base.isalnum():
            letters.append((0, 0))  # spaces and punctuation before any letter
        elif base in alphabet:
            letters.append((2, alphabet[base]))
        else:
            letters.append((1, ord(base)))  # digits and other scripts, after spaces, before letters
        marks.append(sum(_TONES.index(m) + 1 if m in _TONES else 9 for m in parts[1:] if m not in kept))
    return tuple(letters), tuple(marks), unicodedata.normalize("NFC", str(text))


def sorted_names(names: dict[str, str], lang: str | None = None) -> list[str]:
    """The keys of `names` ({code: name}) in the order of their names in `lang`."""
    return sorted(names, key=lambda code: sort_key(names[code], lang))
