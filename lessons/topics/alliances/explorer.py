"""Lesson 03 (alliances): an organisation and a year over the membership map; tie types and a
country to highlight over the relations network."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from lessons.core.errors import check_year
from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.topics.alliances.figures import (
    MEMBER_STATUSES,
    TIE_TYPES,
    contested_sentence,
    edge_style,
    membership_alt,
    membership_map,
    membership_title,
    membership_traces,
    network_nodes,
    node_style,
    organisation_label,
    relations_network,
    shown_ties,
    status_on,
)
from lessons.viz.explorer import Explorer


class MembershipExplorer(Explorer):
    """Organisation drop-down and year slider over the membership map."""

    css_class = "lessons-membership"

    def __init__(
        self,
        memberships,
        organizations,
        names: dict[str, str],
        lang: str,
        *,
        org_id: str = "brics",
        year: int | None = None,
        as_of: pd.Timestamp | None = None,
    ):
        self.memberships, self.organizations, self.names = memberships, organizations, names
        self._orgs = organizations.set_index("id")
        # the last year is the data's own (a later year would be a guess); without a date, the latest start
        self.as_of = as_of
        self.last_year = int(max(memberships["start"].max().year, as_of.year if as_of is not None else 0))
        self.org = widgets.Dropdown(
            options=[
                (organisation_label(r["abbr"], r[lang_col("name", lang)]), r["id"]) for _, r in organizations.iterrows()
            ],
            value=org_id,
            description=t("alliance.org", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="480px"),
        )
        self.year = widgets.IntSlider(
            value=year or self.last_year,
            min=self._first_year(org_id),
            max=self.last_year,
            description=t("alliance.year", lang),
            continuous_update=False,
            layout=widgets.Layout(width="480px"),
            style={"description_width": "initial"},
        )
        self.summary = widgets.HTML()
        figure = membership_map(memberships, organizations, names, lang, org_id, self.year.value, as_of)
        self.build(lang, {"map": figure}, header=[widgets.HBox([self.org, self.year]), self.summary])
        self.figure = self.figures["map"]
        self.watch(self.org, handler=self._on_org)
        self.watch(self.year)
        self.redraw()

    def _first_year(self, org_id: str) -> int:
        return int(self._orgs.loc[org_id, "founded"].year)

    def _on_org(self, change) -> None:
        first = self._first_year(change["new"])
        with self.year.hold_trait_notifications():
            self.year.min = min(first, self.year.max)
            if self.year.value < first:
                self.year.value = first
        self.redraw()

    def set_year(self, year) -> None:
        self.year.value = check_year(year, self.year.min, self.year.max, self.lang)

    def update(self) -> None:
        org_id, year = self.org.value, self.year.value
        current = status_on(self.memberships, org_id, year)
        org = self._orgs.loc[org_id]
        with self.drawing("map") as fig:
            for data in membership_traces(current, self.names, self.lang):
                trace = self.trace("map", data["key"])
                trace.locations, trace.z, trace.text = data["locations"], data["z"], data["text"]
            fig.layout.title.text = membership_title(org, current, year, self.lang, self.as_of, self.names)
            fig.layout.meta = {"description": membership_alt(org, current, year, self.names, self.lang)}
        counts = current["status"].value_counts()
        parts = [f"{t('alliance.status.' + s, self.lang)}: {int(counts[s])}" for s in MEMBER_STATUSES if s in counts]
        # the commitment as the treaties stand today (a clause can be younger than the year shown)
        defence = t("alliance.defence_now_yes" if org["mutual_defence"] else "alliance.defence_now_no", self.lang)
        apart = contested_sentence(current, self.names, self.lang)  # named, never counted as a member
        self.summary.value = (
            f"<b>{html.escape(org['abbr'])} · {year}</b> — {html.escape(', '.join(parts) or '—')}.{html.escape(apart)} "
            f"{html.escape(defence)}"
        )


class RelationsExplorer(Explorer):
    """Tie-type check boxes and a country to highlight, over the relations network."""

    css_class = "lessons-relations"

    def __init__(self, relations: pd.DataFrame, names: dict[str, str], lang: str):
        self.relations, self.names = relations.reset_index(drop=True), names
        self.types = {
            tie: widgets.Checkbox(
                value=True,
                description=t("alliance.tie." + tie, lang),
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            for tie in TIE_TYPES
        }
        self.nodes = network_nodes(self.relations)
        self.highlight = widgets.Dropdown(
            options=[(t("alliance.highlight_none", lang), "")] + sorted((names.get(c, c), c) for c in self.nodes),
            value="",
            description=t("alliance.highlight", lang),
            style={"description_width": "initial"},
        )
        self.summary = widgets.HTML()
        self.build(
            lang,
            {"network": relations_network(self.relations, names, lang)},
            header=[
                widgets.HBox(list(self.types.values()), layout=widgets.Layout(flex_flow="row wrap")),
                self.highlight,
                self.summary,
            ],
        )
        self.figure = self.figures["network"]
        self.watch(*self.types.values(), self.highlight)
        self.redraw()

    def update(self) -> str | None:
        types = [tie for tie, box in self.types.items() if box.value]
        focus = self.highlight.value or None
        ties = self.traces("network", "tie:")
        shown, drawn = shown_ties(self.relations, types, focus), shown_ties(self.relations, types, None)
        with self.drawing("network") as fig:
            # the text alternative counts the lines drawn now, not all ties
            fig.layout.meta = {
                "description": t("alliance.network_alt", self.lang, n=len(drawn), countries=len(self.nodes))
            }
            for _, r in self.relations.iterrows():
                style = edge_style(r, types, focus)
                trace = ties["tie:" + r["id"]]
                trace.visible, trace.opacity, trace.line.width = style["visible"], style["opacity"], style["width"]
            nodes = node_style(self.nodes, focus)
            marker = self.trace("network", "nodes").marker
            marker.size, marker.color = nodes["size"], nodes["color"]
        if focus:  # the other ties stay drawn (faded): say both numbers
            summary = t(
                "alliance.network_count_focus",
                self.lang,
                country=self.names.get(focus, focus),
                n=len(shown),
                total=len(drawn),
            )
        else:
            summary = t("alliance.network_count", self.lang, n=len(shown))
        self.summary.value = html.escape(summary)
        return None if len(shown) else t("alliance.network_none", self.lang)
