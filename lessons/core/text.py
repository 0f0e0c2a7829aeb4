"""Every string the course shows, one JSON file per language in lessons/i18n/.

Dates, numbers and plural forms follow each file's "locale." block (lessons/core/locale.py)."""

from __future__ import annotations

import re

from lessons.core import locale
from lessons.core.config import LANGUAGES, get_language
from lessons.core.exceptions import LanguageError
from lessons.core.locale import strings

__all__ = [
    "choices",
    "fill",
    "format_date",
    "left_aligned",
    "link",
    "publisher",
    "scroll_box",
    "source_link",
    "strings",
    "t",
    "web_url",
]


# `{n:one form|other form}`: a field whose format spec lists plural forms; a form may hold `{n}` itself.
_PLURAL = re.compile(r"\{(\w+):((?:[^{}|]|\{\w+\})*\|(?:[^{}]|\{\w+\})*)\}")


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string `key` in `lang` (default: the course language), formatted with `values`;
    `{n:pair|pairs}` picks the plural form that fits n in that language (locale.plural lists the forms)."""
    lang = lang or get_language()
    return fill(strings(lang)[key], lang, **values)


def fill(message: str, lang: str, /, **values: object) -> str:
    """A message `text` in `lang` with its `{fields}` filled, plural forms (`{n:pair|pairs}`) chosen
    for the count (used by `t` and by the exercises' own wording)."""
    if not values:
        return message
    if "|" in message:
        message = _PLURAL.sub(lambda m: locale.choose_plural(values[m[1]], m[2], lang), message)
    return message.format(**values)


def choices(prefix: str, lang: str | None = None) -> dict[str, str]:
    """All strings under `prefix.` as {last part of key: text}, e.g. choices("status")."""
    table = strings(lang or get_language())
    start = prefix + "."
    return {k[len(start) :]: v for k, v in table.items() if k.startswith(start) and "." not in k[len(start) :]}


CELL_STYLE = "text-align:left;vertical-align:top;padding:3px 6px"


def left_aligned(table_html: str) -> str:
    """A table whose cells read left to right from the top (JupyterLab right-aligns by default)."""
    for tag in ("td", "th"):
        table_html = table_html.replace(f"<{tag}>", f"<{tag} style='{CELL_STYLE}'>").replace(
            f"<{tag} style='", f"<{tag} style='{CELL_STYLE};"
        )
    return table_html.replace(f"{CELL_STYLE};{CELL_STYLE}'", f"{CELL_STYLE}'")


def scroll_box(content_html: str, height: int = 420, lang: str | None = None, label: str | None = None) -> str:
    """Long content in a box of fixed height that scrolls; a keyboard can reach it (tabindex) and a screen
    reader names it: `label` (what it holds; best when a page has several boxes), else a general name in
    `lang` (default the course language)."""
    import html

    label = html.escape(label or t("a11y.scroll_box", lang), quote=True)
    return (
        f"<div class='lessons-scroll' role='region' tabindex='0' aria-label='{label}' "
        f"style='max-height:{height}px;overflow-y:auto'>{content_html}</div>"
    )


def format_date(value, lang: str) -> str:
    """A date as the notebook's language writes it, day padded (locale.date.full: 07/01/2025, 07 Jan 2025)."""
    return locale.format_date(value, lang, "full")


WEB_SCHEMES = ("http", "https")


def web_url(url) -> str | None:
    """`url` if it is an http(s) address with a host, else None (javascript:, data:, file: … are never linked)."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None


def link(url, label_html: str) -> str:
    """`label_html` linked to `url` when it is an http(s) address, else the label alone (plain text)."""
    import html

    safe = web_url(url)
    # underlined: told apart from the text around it by more than its colour (WCAG 1.4.1)
    return (
        f'<a href="{html.escape(safe)}" target="_blank" rel="noopener" style="text-decoration:underline">'
        f"{label_html}</a>"
        if safe
        else label_html
    )


# A publisher label's own words around the outlet's name ("Pars News (citing TASS)"): the common forms
# as patterns, the rest as whole phrases (keys "publisher.phrase.*": the English phrase in en.json, its
# translation in the other languages). Outlet names stay as they are.
_PUBLISHER_FORMS = (
    ("publisher.citing", re.compile(r"citing (?P<x>[^,;()]+)")),
    ("publisher.copy", re.compile(r"(?P<x>[^,;()]+?) copy")),
    ("publisher.material", re.compile(r"(?P<x>[^,;()]+?) material")),
    ("publisher.via", re.compile(r"via (?P<x>[^,;()]+)")),
)


def publisher(name, lang: str | None = None) -> str:
    """A source's publisher (sources.csv) as the notebook's language shows it: the outlet's name as it is,
    the words around it ("citing", "copy of", "Course team") in that language."""
    lang = lang or get_language()
    if not isinstance(name, str):
        return ""
    own = strings(lang)
    if name in {strings(x)["sources.course_team"] for x in LANGUAGES}:
        return own["sources.course_team"]
    # the data write these words in one language (English); a phrase in any course language finds its key
    phrases = {strings(x)[k]: own[k] for x in LANGUAGES for k in own if k.startswith("publisher.phrase.")}
    if name in phrases:
        return phrases[name]

    def words(m: re.Match) -> str:
        inner = m.group(1)
        if inner in phrases:
            return f"({phrases[inner]})"
        for key, form in _PUBLISHER_FORMS:
            if found := form.fullmatch(inner):
                return f"({t(key, lang, **found.groupdict())})"
        return m.group(0)

    return re.sub(r"\(([^()]*)\)", words, name)


def source_link(source) -> str:
    """A source (a row of sources.csv) as its publisher's name, linked to its page when it has an http(s) one."""
    import html

    return link(source["url"], html.escape(publisher(source["publisher"])))


def _language_message(value: object, origin: str | None) -> str:
    """The message of a LanguageError, in the language the course speaks now."""
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
    message = t("setup.bad_language", value=shown, allowed=", ".join(LANGUAGES))
    if origin:
        message += " " + t("setup.bad_language_origin", origin=origin)
    return message


LanguageError.render = _language_message
