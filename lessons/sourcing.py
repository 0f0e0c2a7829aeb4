"""Which sources each lesson rests on, and how to show them."""

from __future__ import annotations

import html

import pandas as pd

from .data import load
from .text import t


def lesson_source_ids(lesson: int) -> list[str]:
    """Source ids behind the rows a lesson shows (places, claims, country names, geometry)."""
    ids: list[str] = []
    places = load("places")
    if lesson == 0:
        ids += list(places["source_id"]) + ["course_country_names"]
    if lesson == 1:
        ids += list(places.loc[places["in_article"], "source_id"])
        claims = load("claims")
        ids += list(claims["source_id"]) + list(claims["response_source_id"].dropna()) + list(claims["later_source_id"])
    return list(dict.fromkeys(ids))


def _date(value, lang: str) -> str:
    if pd.isna(value):
        return ""
    return value.strftime("%d/%m/%Y" if lang == "vi" else "%d %b %Y")


def sources_html(lesson: int, lang: str) -> str:
    table = load("sources").set_index("id")
    items = []
    for sid in lesson_source_ids(lesson):
        s = table.loc[sid]
        title = html.escape(s["title"])
        url = s["url"]
        if isinstance(url, str) and url:
            title = f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{title}</a>'
        dates = [t("sources.published", lang, date=_date(s["date_published"], lang))] if not pd.isna(s["date_published"]) else []
        dates.append(t("sources.accessed", lang, date=_date(s["date_accessed"], lang)))
        items.append(f"<li>{title}. {html.escape(s['publisher'])}; {html.escape(', '.join(dates))}.</li>")
    return f"<b>{html.escape(t('sources.title', lang))}</b><ol>{''.join(items)}</ol>"

