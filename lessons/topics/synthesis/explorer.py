"""Lesson 08 (synthesis): an organisation, a sanctions target and the corridor on one map."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.topics.synthesis.figures import (
    NONE,
    _layer_traces,
    big_picture_alt,
    big_picture_map,
    big_picture_title,
    layer_names,
    layers,
)
from lessons.topics.trade.corridor import ROUTES, STATUSES, trace_routes
from lessons.viz.explorer import Explorer


class BigPictureExplorer(Explorer):
    """Choose an organisation, a sanctions target and whether to draw the corridor."""

    css_class = "lessons-bigpicture"

    def __init__(
        self,
        memberships,
        organizations,
        sanctions,
        corridor,
        eu_members: list[str],
        names: dict[str, str],
        lang: str,
        as_of: pd.Timestamp,
    ):
        self.memberships, self.organizations, self.sanctions, self.corridor = (
            memberships,
            organizations,
            sanctions,
            corridor,
        )
        self.eu, self.names, self.lang, self.as_of = eu_members, names, lang, as_of
        self.org = widgets.Dropdown(
            options=[(t("big.none", lang), NONE)]
            + [(r[lang_col("name", lang)], r["id"]) for _, r in organizations.iterrows()],
            value="sco",
            description=t("big.org", lang),
            style={"description_width": "initial"},
        )
        self.target = widgets.Dropdown(
            options=[(t("big.none", lang), NONE)] + [(names.get(c, c), c) for c in ("IRN", "RUS")],
            value="RUS",
            description=t("big.target", lang),
            style={"description_width": "initial"},
        )
        self.corridor_on = widgets.Checkbox(value=True, description=t("big.corridor", lang), indent=False)
        self.summary = widgets.HTML()
        # the corridor's traces by key, and whether each has a line to show
        self.has_lines = {
            f"corridor:{route}:{status}": has
            for (route, has), status in zip(trace_routes(corridor), STATUSES * len(ROUTES))
        }
        self._layers: dict[tuple, tuple] = {}  # what each (org, target) draws: the data never changes
        self.build(
            lang,
            {"map": self._figure()},
            header=[
                widgets.HBox([self.org, self.target, self.corridor_on], layout=widgets.Layout(flex_flow="row wrap")),
                self.summary,
            ],
        )
        self.map = self.figures["map"]
        self.watch(self.org, self.target, self.corridor_on)
        self.redraw()

    def _figure(self):
        return big_picture_map(
            self.memberships,
            self.organizations,
            self.sanctions,
            self.corridor,
            self.eu,
            self.names,
            self.lang,
            org=self.org.value,
            target=self.target.value,
            corridor_on=self.corridor_on.value,
            as_of=self.as_of,
        )

    def _layer(self, org: str, target: str) -> tuple:
        if (org, target) not in self._layers:
            data = layers(self.memberships, self.sanctions, self.eu, org=org, target=target, as_of=self.as_of)
            org_name, org_abbr, target_name = layer_names(self.organizations, self.names, self.lang, org, target)
            traces = _layer_traces(data, self.names, self.lang, org_name, org_abbr, target_name)
            self._layers[(org, target)] = (data, org_name, org_abbr, target_name, traces)
        return self._layers[(org, target)]

    def update(self) -> str | None:
        """Only what the choices change: the two country layers, the corridor's visibility, title and description."""
        org, target, corridor_on = self.org.value, self.target.value, self.corridor_on.value
        data, org_name, org_abbr, target_name, traces = self._layer(org, target)
        alt = big_picture_alt(data, org_name, target_name, corridor_on, self.lang, self.names)
        lines = self.traces("map", "corridor:")
        with self.drawing("map") as fig:
            for new in traces:
                trace = self.trace("map", new["key"])
                trace.locations, trace.z, trace.text, trace.name = new["locations"], new["z"], new["text"], new["name"]
            for key, has_lines in self.has_lines.items():
                visible = corridor_on and has_lines
                if lines[key].visible != visible:  # send only what changes
                    lines[key].visible = visible
            fig.layout.title.text = big_picture_title(org_abbr, target_name, corridor_on, self.lang)
            fig.layout.meta = {"description": alt}
        self.summary.value = "<p>" + html.escape(alt) + "</p>"
        nothing = org == NONE and target == NONE and not corridor_on
        return t("big.empty", self.lang) if nothing else None
