"""Lesson 06 (transfers): kind-of-item and status filters over the evidence matrix; the statements follow."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from lessons.core.text import scroll_box, t
from lessons.topics.transfers.figures import (
    ALL,
    _set_axes,
    evidence_matrix,
    filter_transfers,
    matrix_alt,
    matrix_axes,
    matrix_traces,
    statements_html,
)
from lessons.viz.explorer import Explorer
from lessons.viz.palettes import STATUS_ORDER


class EvidenceExplorer(Explorer):
    """Filter the evidence matrix by kind of item and by status; the statements follow below."""

    css_class = "lessons-evidence"

    def __init__(
        self, transfers: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str], lang: str
    ):
        self.transfers, self.claims, self.sources, self.names = transfers, claims, sources, names
        self._axes = None  # the (columns, rows) the figure's layout was last set for
        self._details: dict[tuple, str] = {}  # the statements below the matrix, per set of items shown
        categories = [c for c in dict.fromkeys(transfers.sort_values("first_reported")["category"])]
        self.category = widgets.Dropdown(
            options=[(t("claims.all", lang), ALL)] + [(t("evidence.category." + c, lang), c) for c in categories],
            value=ALL,
            description=t("evidence.filter_category", lang),
            style={"description_width": "initial"},
        )
        self.status = widgets.Dropdown(
            options=[(t("claims.all", lang), ALL)]
            + [(t("status." + s, lang), s) for s in STATUS_ORDER if (transfers["status"] == s).any()],
            value=ALL,
            description=t("evidence.filter_status", lang),
            style={"description_width": "initial"},
        )
        self.count = widgets.HTML()
        self.details = widgets.HTML()
        self.build(
            lang,
            {"matrix": evidence_matrix(transfers, claims, names, lang)},
            header=[
                widgets.HBox([self.category, self.status], layout=widgets.Layout(flex_flow="row wrap")),
                self.count,
            ],
            footer=[self.details],
        )
        self.matrix = self.figures["matrix"]
        self.watch(self.category, self.status)
        self.redraw()

    def shown(self) -> pd.DataFrame:
        return filter_transfers(self.transfers, self.category.value, self.status.value)

    def update(self) -> str | None:
        shown = self.shown()
        axes = matrix_axes(shown, self.claims, self.names, self.lang)
        alt = matrix_alt(shown, self.claims, self.lang)
        with self.drawing("matrix") as fig:
            for data in matrix_traces(shown, self.claims, self.names, self.lang):
                trace = self.trace("matrix", data["key"])
                trace.x, trace.y, trace.text = data["x"], data["y"], data["text"]
            if axes != self._axes:  # re-laying out the axes costs more than the points; only when they change
                _set_axes(fig.layout, *axes)
                self._axes = axes
            fig.layout.meta = {"description": alt}
        self.count.value = "<p>" + html.escape(alt) + "</p>"
        key = tuple(shown["id"])
        if key not in self._details:
            self._details[key] = scroll_box(
                statements_html(shown, self.claims, self.sources, self.names, self.lang), height=380
            )
        self.details.value = self._details[key]
        return None if len(shown) else t("evidence.none", self.lang)
