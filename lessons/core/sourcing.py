"""Which sources each lesson rests on, and how to show them."""

from __future__ import annotations

import html

import pandas as pd

from lessons.core.data import load
from lessons.core.text import format_date, link, t

LESSONS = tuple(range(9))  # lessons 00–08, one notebook each

# Sources the lesson's prose cites beyond its tables (e.g. how third countries describe sanctions).
PROSE_SOURCES = {
    3: ["vietnamplus_2019_11_25_defence_white_paper", "hanoitimes_2019_11_26_four_noes"],
    4: [
        "tass_russia_china_statement",
        "mercopress_20220301_china",
        "pti_bs_20180528_india",
        "almayadeen_20220322_vn_my",
        "sputnik_urdupoint_20230406_vn",
    ],
}


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
    if lesson == 2:
        ids += _split(load("events")["source_ids"])
    if lesson == 3:
        for name in ("organizations", "memberships", "relations"):
            ids += _split(load(name)["source_ids"])
    if lesson == 4:
        ids += _split(load("sanctions")["source_ids"])
        memberships = load("memberships")  # EU measures are shown on the EU's member states
        ids += _split(memberships.loc[memberships["org_id"] == "eu", "source_ids"])
    if lesson == 5:
        ids += list(load("trade")["source_id"])
        for name in ("corridor", "payments"):
            ids += _split(load(name)["source_ids"])
    if lesson == 6:
        ids += _split(load("transfers")["source_ids"]) + list(load("transfer_claims")["source_id"])
        events = load("events")  # the Iran–Israel exchanges and the 2026 war, shown in section 5
        ids += _split(events.loc[(events["category"] == "conflict") & (events["date"].dt.year >= 2024), "source_ids"])
    if lesson == 7:
        ids += _split(load("un_resolutions")["source_ids"]) + _split(load("un_votes")["source_ids"])
    if lesson == 8:  # the big-picture map draws memberships, sanctions and the corridor; the recap cites 2026 events
        memberships = load("memberships")
        ids += (
            _split(memberships["source_ids"])
            + _split(load("sanctions")["source_ids"])
            + _split(load("corridor")["source_ids"])
        )
        events = load("events")
        ids += _split(events.loc[events["date"].dt.year >= 2026, "source_ids"])
    ids += PROSE_SOURCES.get(lesson, [])
    if lesson >= 2:
        glossary = load("glossary")
        ids += list(glossary.loc[glossary["first_lesson"] == lesson, "source_id"])
    return list(dict.fromkeys(ids))


def _split(column) -> list[str]:
    """Every id in a column of "a;b;c" lists, in order."""
    return [part for cell in column.dropna() for part in str(cell).split(";") if part]


def _date(value, lang: str) -> str:
    if pd.isna(value):
        return ""
    return format_date(value, lang)


def sources_html(lesson: int, lang: str) -> str:
    table = load("sources").set_index("id")
    items = []
    for sid in lesson_source_ids(lesson):
        s = table.loc[sid]
        title = html.escape(s["title"])
        title = link(s["url"], title)
        dates = (
            [t("sources.published", lang, date=_date(s["date_published"], lang))]
            if not pd.isna(s["date_published"])
            else []
        )
        dates.append(t("sources.accessed", lang, date=_date(s["date_accessed"], lang)))
        items.append(f"<li>{title}. {html.escape(s['publisher'])}; {html.escape(', '.join(dates))}.</li>")
    listing = f"<ol>{''.join(items)}</ol>"
    if len(items) > 15:  # a long list folds away; a click opens it
        listing = (
            f"<details><summary>{html.escape(t('sources.show_all', lang, n=len(items)))}</summary>{listing}</details>"
        )
    return f"<b>{html.escape(t('sources.title', lang))}</b>{listing}"
