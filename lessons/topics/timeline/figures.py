"""Lesson 02: the timeline of Iran–Russia relations — the figure, one event in full and the table.
Pure: data and names in, figures and HTML out."""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from lessons.core import locale
from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.topics.claims import figures as claims
from lessons.viz import html as course_html
from lessons.viz.template import course_figure, keyed

CATEGORIES = ["diplomacy", "treaty", "military", "conflict", "sanctions", "economy", "nuclear"]
# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
CATEGORY_COLORS = {
    "diplomacy": "#0072B2",
    "treaty": "#009E73",
    "military": "#D55E00",
    "conflict": "#CC79A7",
    "sanctions": "#E69F00",
    "economy": "#56B4E9",
    "nuclear": "#000000",
}
STATUS_SYMBOLS = {
    "confirmed": "circle",
    "reported": "diamond",
    "alleged": "x",
    "disputed": "triangle-up",
    "denied": "square",
    "view": "star",
}


def filter_events(
    events: pd.DataFrame, categories: list[str] | None = None, start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """Events in the chosen categories whose year lies in [start, end]."""
    years = events["date"].dt.year
    keep = pd.Series(True, index=events.index)
    if categories is not None:
        keep &= events["category"].isin(categories)
    if start is not None:
        keep &= years >= start
    if end is not None:
        keep &= years <= end
    return events[keep].sort_values("date")


def _when(row, lang: str) -> str:
    return locale.format_date(row["date"], lang, row["date_precision"])  # the precision the data give


def with_labels(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events with their hover text and picker label in `lang` (columns `_hover`, `_label`),
    so a widget computes them once rather than on every change."""
    out = events.copy()
    when = [_when(r, lang) for _, r in events.iterrows()]
    out["_hover"] = [
        f"<b>{html.escape(title)}</b><br>{w} · {t('status.' + status, lang)}"
        for title, w, status in zip(events[lang_col("title", lang)], when, events["status"])
    ]
    out["_label"] = [f"{w} · {title}" for w, title in zip(when, events[lang_col("title", lang)])]
    return out


def timeline_traces(events: pd.DataFrame, lang: str) -> list[dict]:
    """Per category, the arrays of the timeline (for building the figure or updating a widget)."""
    if "_hover" not in events:
        events = with_labels(events, lang)
    traces = []
    for category in CATEGORIES:
        sub = events[events["category"] == category]
        traces.append(
            dict(
                key=category,
                x=list(sub["date"]),
                y=[t(f"timeline.cat.{category}", lang)] * len(sub),
                ids=list(sub["id"]),
                customdata=list(sub["id"]),
                text=list(sub["_hover"]),
                marker_symbol=[STATUS_SYMBOLS[s] for s in sub["status"]],
            )
        )
    return traces


def timeline_figure(events: pd.DataFrame, lang: str, *, x_range: tuple | None = None) -> go.Figure:
    """Each event a mark: x = date, row = category (colour), shape = status. Hover for the title."""
    fig = course_figure()
    for category, data in zip(CATEGORIES, timeline_traces(events, lang)):
        fig.add_trace(
            keyed(
                go.Scatter(
                    x=data["x"],
                    y=data["y"],
                    ids=data["ids"],
                    customdata=data["customdata"],
                    text=data["text"],
                    mode="markers",
                    marker=dict(
                        size=13,
                        color=CATEGORY_COLORS[category],
                        symbol=data["marker_symbol"],
                        line=dict(width=1, color="#333"),
                        opacity=0.9,
                    ),
                    name=t(f"timeline.cat.{category}", lang),
                    hovertemplate="%{text}<extra></extra>",
                ),
                category,
            )
        )
    rows = [t(f"timeline.cat.{c}", lang) for c in CATEGORIES]
    fig.update_layout(
        title=dict(text=t("timeline.title", lang)),
        height=430,
        showlegend=False,
        separators=locale.plotly_separators(lang),
        xaxis=dict(type="date", range=list(x_range) if x_range else None, title=None),
        yaxis=dict(type="category", categoryorder="array", categoryarray=list(reversed(rows)), title=None),
        meta={"description": t("timeline.alt", lang, n=len(events))},
    )
    return fig


def event_html(row, sources: pd.DataFrame, lang: str) -> str:
    """One event in full: date, title, summary, status, actors and its sources as links."""
    links = course_html.source_links(str(row["source_ids"]), sources, title=True)
    place = row[lang_col("place", lang)]
    return (
        f"<div class='lessons-event'><b>{_when(row, lang)} · {html.escape(row[lang_col('title', lang)])}</b>"
        f"<br>{html.escape(row[lang_col('summary', lang)])}"
        f"<br><small>{html.escape(t('timeline.cat.' + row['category'], lang))} · "
        f"{html.escape(t('status.' + row['status'], lang))}"
        f"{' · ' + html.escape(place) if isinstance(place, str) and place else ''}</small>"
        f"<br><small>{t('timeline.sources', lang)}: {links}</small></div>"
    )


def events_table_html(events: pd.DataFrame, lang: str) -> str:
    """The static twin of the explorer: date, category, status, title and summary."""
    if events.empty:
        return course_html.empty("timeline.none", lang)
    rows = "".join(
        f"<tr><td style='white-space:nowrap'>{_when(r, lang)}</td>"
        f"<td>{html.escape(t('timeline.cat.' + r['category'], lang))}</td>"
        f"<td>{html.escape(t('status.' + r['status'], lang))}</td>"
        f"<td><b>{html.escape(r[lang_col('title', lang)])}"
        f"</b><br><small>{html.escape(r[lang_col('summary', lang)])}</small></td></tr>"
        for _, r in events.sort_values("date").iterrows()
    )
    return course_html.table(
        ("timeline.col_date", "timeline.col_category", "timeline.col_status", "timeline.col_event"), rows, lang
    )


# --- Russia's, China's and Vietnam's reactions to the 2024–2026 events ------------------------------------
REACTION_YEARS = (2024, 2026)
REACTION_CATEGORIES = ("conflict", "nuclear", "sanctions")
REACTORS = ("RUS", "CHN")
_REACTION_WORDS = re.compile(r"\b(Kremlin|Moscow|Beijing|Russia|China)\b")


def _in_years(events: pd.DataFrame) -> pd.Series:
    years = events["date"].dt.year
    return (years >= REACTION_YEARS[0]) & (years <= REACTION_YEARS[1])


def reactions_by(events: pd.DataFrame) -> dict[str, list[str]]:
    """Event id → ids of the diplomacy events in which Russia or China (first actor) reacts to it."""
    out: dict[str, list[str]] = {}
    led = events[(events["category"] == "diplomacy") & _in_years(events) & events["related"].notna()]
    for _, r in led.sort_values("date").iterrows():
        if str(r["actors"]).split(";")[0] in REACTORS:
            out.setdefault(r["related"], []).append(r["id"])
    return out


def others_by(events: pd.DataFrame) -> dict[str, list[str]]:
    """Event id → ids of the diplomacy events in which another government or organisation (first actor neither
    Russia nor China) states its position on it, e.g. the Gulf states on Iran's strikes on them."""
    out: dict[str, list[str]] = {}
    led = events[(events["category"] == "diplomacy") & _in_years(events) & events["related"].notna()]
    for _, r in led.sort_values("date").iterrows():
        if str(r["actors"]).split(";")[0] not in REACTORS:
            out.setdefault(r["related"], []).append(r["id"])
    return out


def reaction_events(events: pd.DataFrame) -> list[str]:
    """The 2024–2026 conflict, nuclear and sanctions events with a Russian or Chinese reaction: Russia or China
    is an actor, a Russian- or Chinese-led diplomacy event answers it, or its summary names the reaction
    (the Kremlin, Moscow, Beijing, Russia or China, as the English summary writes them)."""
    replies = reactions_by(events)
    picked = events[_in_years(events) & events["category"].isin(REACTION_CATEGORIES)]
    out = []
    for _, r in picked.sort_values("date").iterrows():
        actors = set(str(r["actors"]).split(";"))
        summaries = " ".join(str(r[c]) for c in r.index if c.startswith("summary_"))  # every language's
        if actors & set(REACTORS) or r["id"] in replies or _REACTION_WORDS.search(summaries):
            out.append(r["id"])
    return out


def reactions_table_html(
    events: pd.DataFrame,
    statements: pd.DataFrame,
    gaps: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
) -> str:
    """One row per event with a Russian or Chinese reaction, a Vietnamese statement or a search that found none:
    the event (its summary gives the reaction, and the acting side's stated reason, when no separate event does),
    Russia's and China's reactions, other governments' and organisations' statements (e.g. the Gulf states'),
    Vietnam's statement (or "none found" with the date of the search)."""
    by_id = events.set_index("id")
    said = statements[statements["topic"] == "middle_east"].dropna(subset=["event_id"])
    wanted = reaction_events(events) + list(said["event_id"]) + list(gaps["event_id"])
    ids = [i for i in dict.fromkeys(wanted) if i in by_id.index]
    if not ids:
        return course_html.empty("timeline.none", lang)
    ids.sort(key=lambda i: by_id.loc[i, "date"])
    replies = reactions_by(events)
    others = others_by(events)
    reacted = set(reaction_events(events))
    gap_notes = gaps.set_index("event_id")
    rows = []
    for i in ids:
        ev = by_id.loc[i]
        russia_china = "<br>".join(
            f"{_when(by_id.loc[j], lang)} · {html.escape(by_id.loc[j, lang_col('title', lang)])}"
            for j in replies.get(i, [])
        ) or (html.escape(t("voice.in_summary", lang)) if i in reacted else "—")
        other = (
            "<br>".join(
                f"{_when(by_id.loc[j], lang)} · {html.escape(by_id.loc[j, lang_col('title', lang)])}"
                for j in others.get(i, [])
            )
            or "—"
        )
        mine = said[said["event_id"] == i].sort_values("date")
        if not mine.empty:
            vietnam = "<br>".join(
                f"<b>{claims.statement_when(s, lang)}</b> · {html.escape(s[lang_col('summary', lang)])} "
                f"<small>({course_html.source_links(s['source_ids'], sources)})</small>"
                for _, s in mine.iterrows()
            )
        elif i in gap_notes.index:
            g = gap_notes.loc[i]
            vietnam = html.escape(
                t(
                    "voice.none_found",
                    lang,
                    date=locale.format_date(g["searched_on"], lang, "day"),
                    note=g[lang_col("note", lang)],
                )
            )
        else:
            vietnam = "—"
        rows.append(
            "<tr>"
            f"<td style='white-space:nowrap'>{_when(ev, lang)}</td>"
            f"<td><b>{html.escape(ev[lang_col('title', lang)])}</b>"
            f"<br><small>{html.escape(ev[lang_col('summary', lang)])}</small></td>"
            f"<td><small>{russia_china}</small></td>"
            f"<td><small>{other}</small></td>"
            f"<td><small>{vietnam}</small></td>"
            "</tr>"
        )
    return course_html.table(
        ("timeline.col_date", "timeline.col_event", "voice.col_russia_china", "voice.col_others", "voice.col_vietnam"),
        "".join(rows),
        lang,
        css="lessons-reactions",
        style="border-collapse:collapse;font-size:90%",
    )
