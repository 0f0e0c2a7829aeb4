"""Lesson 04 (sanctions): target, imposer and measure type over a map of who imposes and the
measures over time."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from lessons.core.text import scroll_box, t
from lessons.topics.sanctions.figures import (
    ALL,
    MEASURES,
    filter_sanctions,
    imposer_name,
    imposer_order,
    map_title,
    sanctions_map,
    sanctions_map_data,
    sanctions_table_html,
    sanctions_timeline,
    target_label,
    timeline_data,
    timeline_rows,
)
from lessons.viz.explorer import Explorer


class SanctionsExplorer(Explorer):
    """Target, imposer and measure type over a map of who imposes and the measures over time."""

    css_class = "lessons-sanctions"

    def __init__(
        self, sanctions: pd.DataFrame, eu_members: list[str], names: dict[str, str], lang: str, as_of: pd.Timestamp
    ):
        self.sanctions, self.eu, self.names, self.as_of = sanctions, eu_members, names, as_of
        self._drawn: dict[tuple, dict] = {}  # what each choice draws: the data never changes
        self.target = widgets.Dropdown(
            options=[(names.get(c, c), c) for c in ("IRN", "RUS")],
            value="IRN",
            description=t("sanctions.target", lang),
            style={"description_width": "initial"},
        )
        self.imposers = imposer_order(sanctions["imposer"])
        self.rows = timeline_rows(sanctions, self.imposers, as_of)  # the timeline's rows, whatever the target
        self.imposer = widgets.Dropdown(
            options=[(t("claims.all", lang), ALL)] + [(imposer_name(c, names, lang), c) for c in self.imposers],
            value=ALL,
            description=t("sanctions.imposer", lang),
            style={"description_width": "initial"},
        )
        self.measure = widgets.Dropdown(
            options=[(t("claims.all", lang), ALL)] + [(t("sanctions.measure." + m, lang), m) for m in MEASURES],
            value=ALL,
            description=t("sanctions.measure", lang),
            style={"description_width": "initial"},
        )
        self.count = widgets.HTML()
        self.table = widgets.HTML()
        self.lang = lang
        shown = self.shown()
        self.build(
            lang,
            {
                "map": sanctions_map(shown, eu_members, names, lang, target="IRN", as_of=as_of),
                "timeline": sanctions_timeline(shown, names, lang, as_of=as_of, imposers=self.imposers, rows=self.rows),
            },
            header=[
                widgets.HBox([self.target, self.imposer, self.measure], layout=widgets.Layout(flex_flow="row wrap")),
                self.count,
            ],
            footer=[self.table],
        )
        self.map, self.timeline = self.figures["map"], self.figures["timeline"]
        self._target = None  # the target the map's target layer shows
        self.watch(self.target, self.imposer, self.measure)
        self.redraw()

    def shown(self) -> pd.DataFrame:
        return filter_sanctions(self.sanctions, self.target.value, self.imposer.value, self.measure.value)

    def _draw(self, key: tuple) -> dict:
        """Everything one choice draws, computed once."""
        if key not in self._drawn:
            shown = self.shown()
            data = sanctions_map_data(shown, self.eu, self.names, self.lang, self.as_of)
            in_force = shown[shown["end"].isna()]
            self._drawn[key] = dict(
                n=len(shown),
                map=data,
                timeline=timeline_data(shown, self.names, self.lang, self.as_of, self.rows),
                count=t(
                    "sanctions.count",
                    self.lang,
                    n=len(shown),
                    active=len(in_force),
                    countries=len(data["locations"]),
                )
                + self._un_note(in_force),
                table=scroll_box(sanctions_table_html(shown, self.names, self.lang)),
            )
        return self._drawn[key]

    def _un_note(self, in_force: pd.DataFrame) -> str:
        """UN measures in force are no country's own: the map cannot shade them, so "0 countries" must not
        read as "nobody applies them"."""
        n = int((in_force["imposer"] == "UN").sum())
        return " " + t("sanctions.un_note", self.lang, n=n) if n else ""

    def update(self) -> str | None:
        target = self.target.value
        drawn = self._draw((target, self.imposer.value, self.measure.value))
        data = drawn["map"]
        with self.drawing("map") as fig:
            imposers = self.trace("map", "imposers")
            imposers.locations, imposers.z, imposers.text = data["locations"], data["z"], data["text"]
            if target != self._target:
                layer = self.trace("map", "target")
                layer.locations, layer.text = [target], [target_label(target, self.names, self.lang)]
                fig.layout.title.text = map_title(target, self.names, self.lang, self.as_of)
                self._target = target
        with self.drawing("timeline"):
            for d in drawn["timeline"]:
                trace = self.trace("timeline", d["key"])
                trace.x, trace.y, trace.text = d["x"], d["y"], d["text"]
        self.count.value = drawn["count"]
        self.table.value = drawn["table"]
        return None if drawn["n"] else t("sanctions.none", self.lang)
