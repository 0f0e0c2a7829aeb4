"""Lesson 02: the timeline of Iran–Russia relations (a pure figure, its explorer and a static twin)."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from lessons.core.errors import CourseError, check_year
from lessons.core.text import left_aligned, link, t

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
STATUS_SYMBOLS = {"confirmed": "circle", "reported": "diamond", "alleged": "x", "disputed": "triangle-up"}


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
    date, precision = row["date"], row["date_precision"]
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return f"{date.month}/{date.year}" if lang == "vi" else date.strftime("%b %Y")
    return f"{date.day}/{date.month}/{date.year}" if lang == "vi" else f"{date.day} {date.strftime('%b %Y')}"


def with_labels(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events with their hover text and picker label in `lang` (columns `_hover`, `_label`),
    so a widget computes them once rather than on every change."""
    out = events.copy()
    when = [_when(r, lang) for _, r in events.iterrows()]
    out["_hover"] = [
        f"<b>{html.escape(title)}</b><br>{w} · {t('status.' + status, lang)}"
        for title, w, status in zip(events[f"title_{lang}"], when, events["status"])
    ]
    out["_label"] = [f"{w} · {title}" for w, title in zip(when, events[f"title_{lang}"])]
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
    fig = go.Figure()
    for category, data in zip(CATEGORIES, timeline_traces(events, lang)):
        fig.add_trace(
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
            )
        )
    rows = [t(f"timeline.cat.{c}", lang) for c in CATEGORIES]
    fig.update_layout(
        title=dict(text=t("timeline.title", lang), x=0.01),
        height=430,
        margin=dict(l=10, r=10, t=48, b=40),
        plot_bgcolor="#fafafa",
        showlegend=False,
        separators=",." if lang == "vi" else ".,",
        xaxis=dict(type="date", range=list(x_range) if x_range else None, title=None),
        yaxis=dict(type="category", categoryorder="array", categoryarray=list(reversed(rows)), title=None),
        meta={"description": t("timeline.alt", lang, n=len(events))},
    )
    return fig


def event_html(row, sources: pd.DataFrame, lang: str) -> str:
    """One event in full: date, title, summary, status, actors and its sources as links."""
    src = sources.set_index("id")
    links = []
    for key in filter(None, str(row["source_ids"]).split(";")):
        s = src.loc[key]
        label = html.escape(f"{s['publisher']}: {s['title']}")
        links.append(link(s["url"], label))  # http(s) only, else plain text
    place = row[f"place_{lang}"]
    return (
        f"<div class='lessons-event'><b>{_when(row, lang)} · {html.escape(row[f'title_{lang}'])}</b>"
        f"<br>{html.escape(row[f'summary_{lang}'])}"
        f"<br><small>{html.escape(t('timeline.cat.' + row['category'], lang))} · {html.escape(t('status.' + row['status'], lang))}"
        f"{' · ' + html.escape(place) if isinstance(place, str) and place else ''}</small>"
        f"<br><small>{t('timeline.sources', lang)}: {' · '.join(links)}</small></div>"
    )


def events_table_html(events: pd.DataFrame, lang: str) -> str:
    """The static twin of the explorer: date, category, status, title and summary."""
    if events.empty:
        return f"<p><i>{html.escape(t('timeline.none', lang))}</i></p>"
    head = "".join(
        f"<th style='text-align:left'>{html.escape(t(k, lang))}</th>"
        for k in ("timeline.col_date", "timeline.col_category", "timeline.col_status", "timeline.col_event")
    )
    rows = "".join(
        f"<tr><td style='white-space:nowrap'>{_when(r, lang)}</td><td>{html.escape(t('timeline.cat.' + r['category'], lang))}</td>"
        f"<td>{html.escape(t('status.' + r['status'], lang))}</td>"
        f"<td><b>{html.escape(r[f'title_{lang}'])}</b><br><small>{html.escape(r[f'summary_{lang}'])}</small></td></tr>"
        for _, r in events.sort_values("date").iterrows()
    )
    return left_aligned(f"<table class='lessons-table'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


class TimelineExplorer(widgets.VBox):
    """Category toggles and a year range over the timeline; pick an event to read it in full."""

    def __init__(self, events: pd.DataFrame, sources: pd.DataFrame, lang: str):
        from lessons.viz.widgets import figure_widget

        self.events, self.sources, self.lang = with_labels(events.sort_values("date"), lang), sources, lang
        years = sorted(set(self.events["date"].dt.year))
        self.first, self.last = years[0], years[-1]
        self.toggles = {
            c: widgets.ToggleButton(
                value=True,
                description=t(f"timeline.cat.{c}", lang),
                tooltip=t("timeline.toggle_help", lang),
                layout=widgets.Layout(width="auto", border=f"2px solid {CATEGORY_COLORS[c]}"),
            )
            for c in CATEGORIES
        }
        self.years = widgets.IntRangeSlider(
            value=(self.first, self.last),
            min=self.first,
            max=self.last,
            step=1,
            description=t("timeline.years", lang),
            continuous_update=False,
            layout=widgets.Layout(width="640px"),
            style={"description_width": "initial"},
        )
        self.picker = widgets.Dropdown(
            description=t("timeline.pick", lang),
            layout=widgets.Layout(width="640px"),
            style={"description_width": "initial"},
        )
        self.count = widgets.HTML()
        self.detail = widgets.HTML()
        self.figure = figure_widget(timeline_figure(self.events, lang))
        for toggle in self.toggles.values():
            toggle.observe(lambda _: self._update(), "value")
        self.years.observe(lambda _: self._update(), "value")
        self.picker.observe(lambda change: self.show_event(change["new"]), "value")
        for trace in self.figure.data:
            trace.on_click(self._on_click)
        super().__init__(
            [
                widgets.HBox(list(self.toggles.values()), layout=widgets.Layout(flex_flow="row wrap")),
                self.years,
                self.count,
                self.figure,
                self.picker,
                self.detail,
            ]
        )
        self.add_class("lessons-timeline")
        self._update()

    def selection(self) -> dict:
        return {
            "categories": [c for c, b in self.toggles.items() if b.value],
            "start": self.years.value[0],
            "end": self.years.value[1],
        }

    def set_years(self, start: int, end: int) -> None:
        """Choose the years from code; out-of-range or reversed values get a clear message."""
        start, end = (check_year(value, self.first, self.last, self.lang) for value in (start, end))  # numpy years too
        if start > end:
            raise CourseError(t("timeline.bad_range", self.lang, start=start, end=end))
        self.years.value = (start, end)

    def shown(self) -> pd.DataFrame:
        return filter_events(self.events, **self.selection())

    def _update(self) -> None:
        shown = self.shown()
        start, end = self.years.value
        with self.figure.batch_update():
            for trace, data in zip(self.figure.data, timeline_traces(shown, self.lang)):
                trace.x, trace.y, trace.ids, trace.customdata, trace.text = (
                    data["x"],
                    data["y"],
                    data["ids"],
                    data["customdata"],
                    data["text"],
                )
                trace.marker.symbol = data["marker_symbol"]
            self.figure.layout.xaxis.range = [f"{start - 1}-07-01", f"{end + 1}-06-30"]
        self.count.value = f"<b>{t('timeline.count', self.lang, n=len(shown))}</b>"
        options = list(zip(shown["_label"], shown["id"]))
        current = self.picker.value
        self.picker.options = [(t("timeline.pick_none", self.lang), "")] + options
        self.picker.value = current if current in {v for _, v in options} else ""
        if not self.picker.value:
            self.detail.value = f"<small>{html.escape(t('timeline.pick_help', self.lang))}</small>"

    def _on_click(self, trace, points, state) -> None:
        if points.point_inds:
            self.picker.value = trace.customdata[points.point_inds[0]]

    def show_event(self, event_id: str) -> None:
        if not event_id:
            return
        rows = self.events[self.events["id"] == event_id]
        if rows.empty:
            raise CourseError(t("timeline.unknown_event", self.lang, value=event_id))
        if self.picker.value != event_id and event_id in {v for _, v in self.picker.options}:
            self.picker.value = event_id
            return
        self.detail.value = event_html(rows.iloc[0], self.sources, self.lang)
