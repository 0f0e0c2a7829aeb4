"""Lesson 08: the big picture — alliances, sanctions and the corridor on one map — and the
facts from every earlier lesson that the scenario exercise argues with."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from lessons.core.text import t
from lessons.topics.alliances import MEMBER_COLORS, status_on
from lessons.topics.corridor import ROUTE_COLORS, STATUS_DASH, route_traces, trace_routes
from lessons.viz.figures import _geo_layout

NONE = "-"
SANCTION_LINE = "#000000"


def imposing_countries(sanctions: pd.DataFrame, eu_members: list[str], target: str, as_of: pd.Timestamp) -> list[str]:
    """Countries applying at least one measure on `target` at `as_of` (EU measures count for every member)."""
    from lessons.topics.sanctions import measures_by_country

    shown = sanctions[sanctions["target"] == target]
    return sorted(measures_by_country(shown, eu_members, as_of).index)


def layers(
    memberships: pd.DataFrame,
    sanctions: pd.DataFrame,
    eu_members: list[str],
    *,
    org: str,
    target: str,
    as_of: pd.Timestamp,
) -> dict:
    """The map's three layers as plain lists: members of `org`, countries sanctioning `target`."""
    members = [] if org == NONE else list(status_on(memberships, org, as_of.year).query("status == 'member'")["iso3"])
    imposers = [] if target == NONE else imposing_countries(sanctions, eu_members, target, as_of)
    return dict(members=members, imposers=imposers)


def big_picture_alt(data: dict, org_name: str, target_name: str, corridor_on: bool, lang: str) -> str:
    both = sorted(set(data["members"]) & set(data["imposers"]))
    return t(
        "big.alt",
        lang,
        org=org_name,
        members=len(data["members"]),
        target=target_name,
        imposers=len(data["imposers"]),
        both=len(both),
        corridor=t("big.alt_corridor" if corridor_on else "big.alt_no_corridor", lang),
    )


def _names(
    organizations: pd.DataFrame, names: dict[str, str], lang: str, org: str, target: str
) -> tuple[str, str, str]:
    """The organisation's name and abbreviation and the target's name ("—" for none)."""
    if org == NONE:
        return "—", "—", names.get(target, "—")
    row = organizations.set_index("id").loc[org]
    return row[f"name_{lang}"], row["abbr"], names.get(target, "—")


def _layer_traces(
    data: dict, names: dict[str, str], lang: str, org_name: str, org_abbr: str, target_name: str
) -> tuple[dict, dict]:
    """What changes in the two country layers when the choices change (the explorer updates only these)."""
    members = dict(
        locations=data["members"],
        z=[1] * len(data["members"]),
        name=t("big.legend_members", lang, org=org_abbr),
        text=[f"{names.get(c, c)}: {t('big.member_of', lang, org=org_name)}" for c in data["members"]],
    )
    imposers = dict(
        locations=data["imposers"],
        z=[1] * len(data["imposers"]),
        name=t("big.legend_imposers", lang, target=target_name),
        text=[f"{names.get(c, c)}: {t('big.sanctions', lang, target=target_name)}" for c in data["imposers"]],
    )
    return members, imposers


def big_picture_map(
    memberships,
    organizations,
    sanctions,
    corridor,
    eu_members: list[str],
    names: dict[str, str],
    lang: str,
    *,
    org: str = "sco",
    target: str = "RUS",
    corridor_on: bool = True,
    as_of: pd.Timestamp,
) -> go.Figure:
    """Fill = full members of `org`; thick black outline = countries sanctioning `target`; lines = the corridor."""
    data = layers(memberships, sanctions, eu_members, org=org, target=target, as_of=as_of)
    org_name, org_abbr, target_name = _names(organizations, names, lang, org, target)
    members, imposers = _layer_traces(data, names, lang, org_name, org_abbr, target_name)
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            **members,
            locationmode="ISO-3",
            showscale=False,
            colorscale=[[0, MEMBER_COLORS["observer"]], [1, MEMBER_COLORS["observer"]]],
            marker_line_color="#555",
            marker_line_width=0.4,
            showlegend=True,
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Choropleth(
            **imposers,
            locationmode="ISO-3",
            showscale=False,
            colorscale=[[0, "rgba(0,0,0,0.10)"], [1, "rgba(0,0,0,0.10)"]],
            marker_line_color=SANCTION_LINE,
            marker_line_width=2.2,
            showlegend=True,
            hovertemplate="%{text}<extra></extra>",
        )
    )
    for tr in route_traces(corridor, lang):
        fig.add_trace(
            go.Scattergeo(
                lat=tr["lat"],
                lon=tr["lon"],
                text=tr["text"],
                mode="lines",
                hovertemplate="%{text}<extra></extra>",
                line=dict(color=ROUTE_COLORS[tr["route"]], width=2.5, dash=STATUS_DASH[tr["status"]]),
                name=t("big.legend_corridor", lang),
                legendgroup="corridor",
                showlegend=tr["route"] == "western" and tr["status"] == "operating",
                visible=corridor_on and tr["visible"],
            )
        )
    _geo_layout(fig, t("big.title", lang, org=org_abbr, target=target_name), lang)
    fig.update_layout(height=520, meta={"description": big_picture_alt(data, org_name, target_name, corridor_on, lang)})
    return fig


class BigPictureExplorer(widgets.VBox):
    """Choose an organisation, a sanctions target and whether to draw the corridor."""

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
        from lessons.viz.widgets import figure_widget

        self.memberships, self.organizations, self.sanctions, self.corridor = (
            memberships,
            organizations,
            sanctions,
            corridor,
        )
        self.eu, self.names, self.lang, self.as_of = eu_members, names, lang, as_of
        self.org = widgets.Dropdown(
            options=[(t("big.none", lang), NONE)] + [(r[f"name_{lang}"], r["id"]) for _, r in organizations.iterrows()],
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
        self.map = figure_widget(self._figure())
        self.has_lines = [has for _, has in trace_routes(corridor)]  # the corridor's traces, in order
        for control in (self.org, self.target, self.corridor_on):
            control.observe(lambda _: self._update(), "value")
        super().__init__(
            [
                widgets.HBox([self.org, self.target, self.corridor_on], layout=widgets.Layout(flex_flow="row wrap")),
                self.summary,
                self.map,
            ]
        )
        self.add_class("lessons-bigpicture")
        self._update()

    def _figure(self) -> go.Figure:
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

    def _update(self) -> None:
        """Only what the choices change: the two country layers, the corridor's visibility, title and description."""
        org, target, corridor_on = self.org.value, self.target.value, self.corridor_on.value
        data = layers(self.memberships, self.sanctions, self.eu, org=org, target=target, as_of=self.as_of)
        org_name, org_abbr, target_name = _names(self.organizations, self.names, self.lang, org, target)
        alt = big_picture_alt(data, org_name, target_name, corridor_on, self.lang)
        with self.map.batch_update():
            for trace, new in zip(
                self.map.data[:2], _layer_traces(data, self.names, self.lang, org_name, org_abbr, target_name)
            ):
                trace.locations, trace.z, trace.text, trace.name = new["locations"], new["z"], new["text"], new["name"]
            for trace, has_lines in zip(self.map.data[2:], self.has_lines):
                trace.visible = corridor_on and has_lines
            self.map.layout.title.text = t("big.title", self.lang, org=org_abbr, target=target_name)
            self.map.layout.meta = {"description": alt}
        self.summary.value = "<p>" + html.escape(alt) + "</p>"


def scenario_facts(lang: str = "en") -> dict:
    """Figures from lessons 03–07 that the scenario's consequences cite (computed from the data, never typed in)."""
    from lessons.api import _as_of, _eu_members, load
    from lessons.topics.corridor import km_by_status, segments
    from lessons.topics.trade import partner_years, rank_of, turnover
    from lessons.topics.votes import agreement

    as_of = _as_of()
    sanctions, trade, corridor = load("sanctions"), load("trade"), load("corridor")
    transfers, votes = load("transfers"), load("un_votes")
    totals = turnover(trade)
    last = int(totals["year"].max())
    latest = totals[totals["year"] == last]["value_usd_bn"]
    year = partner_years(trade, "IRN")[-1]
    segs = segments(corridor)
    km = km_by_status(corridor)
    share, n = agreement(votes, "IRN", "RUS")
    active = sanctions[(sanctions["start"] <= as_of) & (sanctions["end"].isna() | (sanctions["end"] > as_of))]
    return dict(
        imposers_irn=len(imposing_countries(sanctions, _eu_members(), "IRN", as_of)),
        imposers_rus=len(imposing_countries(sanctions, _eu_members(), "RUS", as_of)),
        measures_irn=int((active["target"] == "IRN").sum()),
        measures_rus=int((active["target"] == "RUS").sum()),
        trade_year=last,
        trade_range=_range(float(latest.min()), float(latest.max()), lang),
        partner_year=year,
        russia_rank=rank_of(trade, "IRN", "RUS", year) or "—",
        gaps=int((segs["status"] != "operating").sum()),
        gap_km=int(km["under_construction"] + km["planned"]),
        confirmed=int((transfers["status"] == "confirmed").sum()),
        alleged=int((transfers["status"] == "alleged").sum()),
        denied=int((transfers["status"] == "denied").sum()),
        reported=int((transfers["status"] == "reported").sum()),
        agree=int(round(share * 100)),
        shared_votes=n,
    )


def _range(low: float, high: float, lang: str) -> str:
    """ "4.6–5" (or "4,6–5" in Vietnamese), or one number when the sources agree."""

    def show(x: float) -> str:
        text = f"{x:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "vi" else text

    return show(low) if round(low, 1) == round(high, 1) else f"{show(low)}–{show(high)}"
