"""Lesson 07 (votes): pick a resolution for the vote map; choose countries and a topic for the
agreement heatmap."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from lessons.core.locale import lang_col, sorted_names
from lessons.core.text import t
from lessons.topics.votes.figures import (
    ALL,
    DEFAULT_COUNTRIES,
    MAX_HEATMAP,
    agreement_heatmap,
    baseline_annotation,
    baseline_marks,
    compare_bars,
    compare_figure,
    compare_html,
    filter_resolutions,
    heatmap_alt,
    heatmap_data,
    heatmap_title,
    heatmap_top,
    resolution_html,
    vote_map,
    vote_map_alt,
    vote_map_title,
    vote_map_traces,
)
from lessons.viz.explorer import Explorer


class VoteMapExplorer(Explorer):
    """Pick a resolution: the map colours every member state by its vote; the totals and source follow."""

    css_class = "lessons-votemap"

    def __init__(
        self, votes: pd.DataFrame, resolutions: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str], lang: str
    ):
        self.votes, self.resolutions, self.sources, self.names = votes, resolutions, sources, names
        ordered = resolutions.sort_values("date")
        self.resolution = widgets.Dropdown(
            options=[(f"{r['symbol']} · {r[lang_col('title', lang)]}", r["id"]) for _, r in ordered.iterrows()],
            value=ordered["id"].iloc[0],
            description=t("votes.resolution", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="760px"),
        )
        self.info = widgets.HTML()
        self.build(
            lang,
            {"map": vote_map(votes, resolutions, self.resolution.value, names, lang)},
            header=[self.resolution, self.info],
        )
        self.map = self.figures["map"]
        self.watch(self.resolution)
        self.redraw()

    def update(self) -> None:
        rid = self.resolution.value
        with self.drawing("map") as fig:
            for data in vote_map_traces(self.votes, rid, self.names, self.lang):
                trace = self.trace("map", data["key"])
                trace.locations, trace.z, trace.text = data["locations"], data["z"], data["text"]
            fig.layout.title.text = vote_map_title(self.resolutions, rid, self.lang)
            fig.layout.meta = {"description": vote_map_alt(self.votes, self.resolutions, rid, self.names, self.lang)}
        self.info.value = resolution_html(self.resolutions, rid, self.sources, self.lang)


class AgreementExplorer(Explorer):
    """Choose countries (any member states, listed by name in the notebook's language, or typed into the
    search box) and a topic: the heatmap shows how often each pair voted alike, for at most MAX_HEATMAP."""

    css_class = "lessons-agreement"

    def __init__(
        self,
        votes: pd.DataFrame,
        resolutions: pd.DataFrame,
        names: dict[str, str],
        lang: str,
        countries: list[str] | None = None,
    ):
        self.votes, self.resolutions, self.names = votes, resolutions, names
        members = sorted_names({c: names.get(c, c) for c in set(votes["iso3"])}, lang)
        chosen = [c for c in (countries or DEFAULT_COUNTRIES) if c in members][:MAX_HEATMAP]
        self.countries = widgets.SelectMultiple(
            options=[(names.get(c, c), c) for c in members],
            value=chosen,
            rows=10,
            description=t("votes.countries", lang),
            style={"description_width": "initial"},
        )
        self.by_name = {names.get(c, c): c for c in members}
        self.search = widgets.Combobox(
            options=[names.get(c, c) for c in members],
            ensure_option=True,
            placeholder=t("votes.add_placeholder", lang),
            description=t("votes.add_country", lang),
            style={"description_width": "initial"},
        )
        categories = list(dict.fromkeys(resolutions.sort_values("date")["category"]))
        self.category = widgets.Dropdown(
            options=[(t("votes.all_topics", lang), ALL)] + [(t("votes.category." + c, lang), c) for c in categories],
            value=ALL,
            description=t("votes.topic", lang),
            style={"description_width": "initial"},
        )
        self.baselines: dict[tuple, dict] = {}
        self.message = widgets.HTML()  # the heatmap in words, or what to choose
        self.build(
            lang,
            {"heatmap": agreement_heatmap(votes, resolutions, chosen, names, lang)},
            header=[
                widgets.HBox(
                    [self.countries, widgets.VBox([self.search, self.category])],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.message,
            ],
            empty_note=self.message,
        )
        self.heatmap = self.figures["heatmap"]
        self.watch(self.countries, self.category)
        self.watch(self.search, handler=self.add)
        self.redraw()

    def add(self, change=None) -> None:
        """A name picked in the search box joins the chosen countries (the box empties for the next one)."""
        code = self.by_name.get(self.search.value)
        if code is None:
            return
        self.search.value = ""
        if code not in self.countries.value:
            self.countries.value = (*self.countries.value, code)

    def update(self) -> str | None:
        countries = list(self.countries.value)
        if len(countries) < 2:
            return t("votes.pick_two", self.lang)
        if len(countries) > MAX_HEATMAP:
            n = len(countries)
            return t("votes.too_many", self.lang, n=n, max=MAX_HEATMAP, extra=n - MAX_HEATMAP)
        chosen = list(filter_resolutions(self.resolutions, self.category.value)["id"])
        data = heatmap_data(self.votes, countries, self.names, self.lang, chosen)
        key = tuple(chosen)
        if key not in self.baselines:  # the baseline of all 193 members changes with the topic only
            self.baselines[key] = baseline_marks(self.votes, chosen, self.lang)
        marks = self.baselines[key]
        alt = heatmap_alt(self.votes, countries, self.names, self.lang, chosen, marks=marks)
        with self.drawing("heatmap") as fig:
            hm = self.trace("heatmap", "agreement")
            hm.z, hm.x, hm.y, hm.text, hm.customdata = data["z"], data["x"], data["y"], data["text"], data["customdata"]
            hm.colorbar.tickvals, hm.colorbar.ticktext = marks["tickvals"], marks["ticktext"]
            fig.layout.height = 200 + 38 * len(countries)
            fig.layout.title.text = heatmap_title(len(chosen), self.category.value, self.lang)
            fig.layout.annotations = [baseline_annotation(marks["note"])]
            fig.layout.margin.t = heatmap_top(marks["note"])
            fig.layout.meta = {"description": alt, "baseline": marks["value"]}
        self.message.value = "<p>" + html.escape(alt) + "</p>"
        return None


class CompareExplorer(Explorer):
    """Pick two member states (by name, in the notebook's language's order): how many resolutions both
    voted on, how often alike, per topic, and the resolutions where they differed."""

    css_class = "lessons-compare"

    def __init__(
        self, votes: pd.DataFrame, resolutions: pd.DataFrame, names: dict[str, str], lang: str, a: str, b: str
    ):
        self.votes, self.resolutions, self.names = votes, resolutions, names
        members = sorted_names({c: names.get(c, c) for c in set(votes["iso3"])}, lang)
        options = [(names.get(c, c), c) for c in members]
        style = {"description_width": "initial"}
        self.a = widgets.Dropdown(options=options, value=a, description=t("votes.country_a", lang), style=style)
        self.b = widgets.Dropdown(options=options, value=b, description=t("votes.country_b", lang), style=style)
        self.info = widgets.HTML()
        self.build(
            lang,
            {"bars": compare_figure(votes, resolutions, a, b, names, lang)},
            header=[widgets.HBox([self.a, self.b], layout=widgets.Layout(flex_flow="row wrap"))],
            footer=[self.info],
        )
        self.bars = self.figures["bars"]
        self.watch(self.a, self.b)
        self.redraw()

    def update(self) -> str | None:
        a, b = self.a.value, self.b.value
        if a == b:
            self.info.value = ""
            return t("votes.pick_other", self.lang)
        data = compare_bars(self.votes, self.resolutions, a, b, self.names, self.lang)
        with self.drawing("bars") as fig:
            bars = self.trace("bars", "alike")
            bars.x, bars.y, bars.text, bars.customdata = data["x"], data["y"], data["text"], data["customdata"]
            fig.layout.title.text = data["title"]
            fig.layout.height = 140 + 34 * len(data["y"])
            fig.layout.meta = {"description": data["title"]}
        self.info.value = compare_html(self.votes, self.resolutions, a, b, self.names, self.lang)
        return None
