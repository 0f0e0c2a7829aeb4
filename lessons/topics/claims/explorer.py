"""Lesson 01 (claims): drop-downs for speaker, kind and status over the claims chart and table."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from lessons.core.config import get_language
from lessons.core.errors import CourseError, plain
from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.topics.claims.figures import (
    ALL,
    FILTERS,
    claims_alt,
    claims_chart,
    claims_table_html,
    claims_traces,
    filter_claims,
)
from lessons.viz.explorer import Explorer
from lessons.viz.palettes import KIND_SYMBOLS, STATUS_ORDER


class ClaimsExplorer(Explorer):
    """Filter the article's claims by speaker, kind and status; chart and table follow."""

    css_class = "lessons-claims-explorer"

    def __init__(self, claims: pd.DataFrame, sources: pd.DataFrame, lang: str | None = None):
        lang = lang or get_language()
        self.claims, self.sources = claims, sources
        self.speakers = list(dict.fromkeys(claims.sort_values("order")[lang_col("speaker", lang)]))
        all_label = t("claims.all", lang)
        self.controls = {
            "speaker": widgets.Dropdown(options=[(all_label, ALL)] + [(s, s) for s in self.speakers]),
            "kind": widgets.Dropdown(options=[(all_label, ALL)] + [(t(f"kind.{k}", lang), k) for k in KIND_SYMBOLS]),
            "status": widgets.Dropdown(
                options=[(all_label, ALL)] + [(t(f"status.{s}", lang), s) for s in STATUS_ORDER]
            ),
        }
        for name, control in self.controls.items():
            control.description = t(f"claims.filter_{name}", lang)
            control.style = {"description_width": "initial"}
            control.layout = widgets.Layout(width="auto", min_width="180px")
        self.count = widgets.HTML()
        self.table = widgets.HTML()
        chart = claims_chart(claims, lang, speakers=self.speakers, x_max=int(claims["order"].max()))
        self.build(
            lang,
            {"chart": chart},
            header=[widgets.HBox(list(self.controls.values())), self.count],
            footer=[self.table],
        )
        self.figure = self.figures["chart"]
        self.message = self.alert  # the line where a problem with a choice shows
        self.watch(*self.controls.values())
        self.redraw()

    def filters(self) -> dict[str, str | None]:
        return {name: (None if control.value == ALL else control.value) for name, control in self.controls.items()}

    def filtered(self) -> pd.DataFrame:
        """The claims the current filters keep."""
        return filter_claims(self.claims, self.lang, **self.filters())

    def set_filters(self, **values: str | None) -> pd.DataFrame:
        """Set filters from code (e.g. status="alleged"); bad names or values get a clear message."""
        values = {name: plain(value) for name, value in values.items()}
        unknown = [k for k in values if k not in FILTERS]
        if unknown:
            raise CourseError(
                t("claims.bad_filter", self.lang, value=unknown[0], filter="", allowed=", ".join(FILTERS))
            )
        filter_claims(self.claims, self.lang, **values)  # validates before anything changes
        with self.hold_trait_notifications():
            for name, value in values.items():
                self.controls[name].value = ALL if value is None else value
        self.redraw()
        return self.filtered()

    def update(self) -> str | None:
        shown = self.filtered()
        with self.drawing("chart") as fig:
            for data in claims_traces(shown, self.lang):
                trace = self.trace("chart", data["key"])
                trace.x, trace.y, trace.customdata = data["x"], data["y"], data["customdata"]
                trace.marker.symbol = data["marker_symbol"]
            fig.layout.meta = {"description": claims_alt(shown, self.lang)}
        self.count.value = (
            f"<b>{html.escape(t('claims.count', self.lang, shown=len(shown), total=len(self.claims)))}</b>"
        )
        self.table.value = claims_table_html(shown, self.sources, self.lang)
        return None if len(shown) else t("claims.none", self.lang)
