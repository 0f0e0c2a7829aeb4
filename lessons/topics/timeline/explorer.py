"""Lesson 02: category toggles and a year range over the timeline; pick an event to read it in full."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from lessons.core.errors import CourseError, check_year
from lessons.core.text import t
from lessons.topics.timeline.figures import (
    CATEGORIES,
    CATEGORY_COLORS,
    event_html,
    filter_events,
    timeline_figure,
    timeline_traces,
    with_labels,
)
from lessons.viz.explorer import Explorer


class TimelineExplorer(Explorer):
    """Category toggles and a year range over the timeline; pick an event to read it in full."""

    css_class = "lessons-timeline"

    def __init__(self, events: pd.DataFrame, sources: pd.DataFrame, lang: str):
        self.events, self.sources = with_labels(events.sort_values("date"), lang), sources
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
        self.build(
            lang,
            {"timeline": timeline_figure(self.events, lang)},
            header=[
                widgets.HBox(list(self.toggles.values()), layout=widgets.Layout(flex_flow="row wrap")),
                self.years,
                self.count,
            ],
            footer=[self.picker, self.detail],
        )
        self.figure = self.figures["timeline"]
        self.watch(*self.toggles.values(), self.years)
        self.watch(self.picker, handler=lambda change: self.show_event(change["new"]))
        for trace in self.figure.data:
            trace.on_click(self.guarded(self._on_click))
        self.redraw()

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

    def update(self) -> str | None:
        shown = self.shown()
        start, end = self.years.value
        with self.drawing("timeline") as fig:
            for data in timeline_traces(shown, self.lang):
                trace = self.trace("timeline", data["key"])
                trace.x, trace.y, trace.ids, trace.customdata, trace.text = (
                    data["x"],
                    data["y"],
                    data["ids"],
                    data["customdata"],
                    data["text"],
                )
                trace.marker.symbol = data["marker_symbol"]
            fig.layout.xaxis.range = [f"{start - 1}-07-01", f"{end + 1}-06-30"]
        self.count.value = f"<b>{t('timeline.count', self.lang, n=len(shown))}</b>"
        options = list(zip(shown["_label"], shown["id"]))
        current = self.picker.value
        self.picker.options = [(t("timeline.pick_none", self.lang), "")] + options
        self.picker.value = current if current in {v for _, v in options} else ""
        if not self.picker.value:
            self.detail.value = f"<small>{html.escape(t('timeline.pick_help', self.lang))}</small>"
        return None if len(shown) else t("timeline.none", self.lang)

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
