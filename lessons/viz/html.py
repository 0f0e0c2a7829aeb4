"""HTML the course writes in several lessons, written once: source links, status badges,
tables, messages, wrapped hover text. Pure: strings in, strings out."""

from __future__ import annotations

import html

import pandas as pd

from lessons.core.text import left_aligned, link, publisher, source_link, t
from lessons.viz.palettes import ERROR_COLOR, STATUS_COLORS, WARNING_COLOR, text_on

__all__ = ["badge", "empty", "error", "link", "notice", "source_link", "source_links", "table", "wrap"]


def source_links(source_ids, sources: pd.DataFrame, *, title: bool = False, sep: str = " · ") -> str:
    """The sources `source_ids` (ids, or one "a;b" string) as their publishers' names (and titles, with
    `title=True`), each linked to its page when it has an http(s) one; unknown ids are left out."""
    if isinstance(source_ids, str):
        source_ids = source_ids.split(";")
    src = sources.set_index("id") if "id" in sources.columns else sources
    out = []
    for key in dict.fromkeys(k for k in source_ids if isinstance(k, str) and k):
        if key not in src.index:
            continue
        s = src.loc[key]
        label = f"{publisher(s['publisher'])}: {s['title']}" if title else publisher(s["publisher"])
        out.append(link(s["url"], html.escape(label)))  # http(s) only, else plain text
    return sep.join(out)


def badge(status: str, lang: str) -> str:
    """A status ("confirmed", "alleged" …) as a small coloured label."""
    color = STATUS_COLORS[status]
    return (
        f'<span style="background:{color};color:{text_on(color)};border-radius:3px;padding:0 5px;white-space:nowrap">'
        f"{html.escape(t(f'status.{status}', lang))}</span>"
    )


def table(
    head_keys,
    rows_html: str,
    lang: str,
    *,
    css: str = "lessons-table",
    style: str = "",
    th_style: str = "text-align:left",
) -> str:
    """A course table: headers are i18n keys (shown in `lang`), `rows_html` the body's <tr> rows."""
    th = f" style='{th_style}'" if th_style else ""
    head = "".join(f"<th{th}>{html.escape(t(k, lang))}</th>" for k in head_keys)
    table_style = f" style='{style}'" if style else ""
    return left_aligned(
        f"<table class='{css}'{table_style}><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>"
    )


def empty(key: str, lang: str) -> str:
    """The message a table shows when nothing matches (an i18n key)."""
    return f"<p><i>{html.escape(t(key, lang))}</i></p>"


def notice(message: str) -> str:
    """A note to the student (e.g. "choose at least two countries")."""
    return f"<p class='lessons-notice' style='color:{WARNING_COLOR}'>{html.escape(message)}</p>"


def error(message: str) -> str:
    """A problem the student can fix, shown in place (never a traceback)."""
    return f"<p class='lessons-error' style='color:{ERROR_COLOR}'>{html.escape(message)}</p>"


def wrap(text: str, width: int = 60) -> str:
    """`text` broken into lines of at most `width` characters (with <br>) for a hover label."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)
