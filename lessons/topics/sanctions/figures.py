"""Lesson 04: who sanctions Iran and Russia, with what kind of measure, since when.
Pure figures (a map of imposers, measures over time) and a thin explorer widget."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from lessons.core.text import format_date, left_aligned, scroll_box, t
from lessons.viz.figures import _geo_layout

MEASURES = ["arms_embargo", "nuclear_related", "financial", "swift", "export_controls", "energy", "travel_asset_freeze"]
MEASURE_COLORS = {
    "arms_embargo": "#D55E00",
    "nuclear_related": "#000000",
    "financial": "#0072B2",
    "swift": "#56B4E9",
    "export_controls": "#009E73",
    "energy": "#E69F00",
    "travel_asset_freeze": "#CC79A7",
}
ALL = "*"


def imposer_order(codes) -> list[str]:
    """Imposers in the order the course shows them: the UN, the EU, the US, then the rest alphabetically."""
    first = ["UN", "EU", "USA"]
    return [c for c in first if c in set(codes)] + sorted(set(codes) - set(first))


def map_title(target: str, names: dict[str, str], lang: str, as_of) -> str:
    return t("sanctions.map_title", lang, target=names.get(target, target), date=format_date(as_of, lang))


def filter_sanctions(
    sanctions: pd.DataFrame, target: str | None = None, imposer: str | None = None, measure: str | None = None
) -> pd.DataFrame:
    keep = pd.Series(True, index=sanctions.index)
    for column, value in (("target", target), ("imposer", imposer), ("measure", measure)):
        if value not in (None, ALL):
            keep &= sanctions[column] == value
    return sanctions[keep].sort_values("start")


def imposer_name(code: str, names: dict[str, str], lang: str) -> str:
    if code in ("UN", "EU"):
        return t(f"sanctions.imposer.{code}", lang)
    return names.get(code, code)


def measures_by_country(shown: pd.DataFrame, eu_members: list[str], as_of: pd.Timestamp) -> pd.Series:
    """Measures in force at `as_of` per country that applies them; EU measures count for every EU member."""
    active = shown[(shown["start"] <= as_of) & (shown["end"].isna() | (shown["end"] > as_of))]
    counts: dict[str, int] = {}
    for imposer in active["imposer"]:
        for code in eu_members if imposer == "EU" else [] if imposer == "UN" else [imposer]:
            counts[code] = counts.get(code, 0) + 1
    return pd.Series(counts, dtype="int64").sort_values(ascending=False)


def sanctions_map_data(shown: pd.DataFrame, eu_members: list[str], names: dict[str, str], lang: str, as_of) -> dict:
    counts = measures_by_country(shown, eu_members, as_of)
    return dict(
        locations=list(counts.index),
        z=list(counts.values),
        text=[f"{names.get(c, c)}: {t('sanctions.n_measures', lang, n=int(n))}" for c, n in counts.items()],
    )


def sanctions_map(
    shown: pd.DataFrame, eu_members: list[str], names: dict[str, str], lang: str, *, target: str, as_of: pd.Timestamp
) -> go.Figure:
    """Countries that apply measures on `target` at `as_of`, shaded by how many (EU measures count for EU members)."""
    data = sanctions_map_data(shown, eu_members, names, lang, as_of)
    fig = go.Figure(
        go.Choropleth(
            locations=data["locations"],
            z=data["z"],
            text=data["text"],
            locationmode="ISO-3",
            zmin=0,
            colorscale="Blues",
            marker_line_color="#555",
            marker_line_width=0.5,
            colorbar=dict(title=t("sanctions.measures", lang), thickness=12),
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Choropleth(
            locations=[target],
            z=[1],
            locationmode="ISO-3",
            showscale=False,
            colorscale=[[0, "#E69F00"], [1, "#E69F00"]],
            name=names.get(target, target),
            text=[t("sanctions.target_label", lang, name=names.get(target, target))],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    _geo_layout(fig, map_title(target, names, lang, as_of), lang)
    fig.update_layout(
        meta={"description": t("sanctions.map_alt", lang, target=names.get(target, target), n=len(data["locations"]))}
    )
    return fig


def timeline_data(shown: pd.DataFrame, names: dict[str, str], lang: str, as_of) -> list[dict]:
    """Per measure type, the segments start → end (or `as_of` when still in force) for each imposer."""
    traces = []
    for measure in MEASURES:
        sub = shown[shown["measure"] == measure]
        x, y, text = [], [], []
        for _, r in sub.iterrows():
            end = r["end"] if not pd.isna(r["end"]) else as_of
            label = imposer_name(r["imposer"], names, lang)
            hover = (
                f"<b>{html.escape(label)}</b> · {html.escape(t('sanctions.measure.' + measure, lang))}<br>"
                f"{html.escape(r['instrument'])}<br>{r['start'].date()} → {'' if pd.isna(r['end']) else r['end'].date()}"
                f"<br>{html.escape(r[f'description_{lang}'])}"
            )
            x += [r["start"], end, None]
            y += [label, label, None]
            text += [hover, hover, None]
        traces.append(dict(x=x, y=y, text=text))
    return traces


def sanctions_timeline(
    shown: pd.DataFrame, names: dict[str, str], lang: str, *, as_of, imposers: list[str]
) -> go.Figure:
    """Each measure a bar from its start to its end (or today), one row per imposer, colour = measure type."""
    fig = go.Figure()
    for measure, data in zip(MEASURES, timeline_data(shown, names, lang, as_of)):
        fig.add_trace(
            go.Scatter(
                x=data["x"],
                y=data["y"],
                text=data["text"],
                mode="lines",
                line=dict(color=MEASURE_COLORS[measure], width=9),
                opacity=0.85,
                name=t("sanctions.measure." + measure, lang),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    rows = [imposer_name(c, names, lang) for c in imposers]
    fig.update_layout(
        title=dict(text=t("sanctions.timeline_title", lang), x=0.01),
        height=140 + 26 * len(rows),
        margin=dict(l=10, r=10, t=48, b=40),
        plot_bgcolor="#fafafa",
        legend=dict(orientation="h", y=-0.15),
        xaxis=dict(type="date", range=["2005-06-01", str((as_of + pd.Timedelta(days=200)).date())]),
        yaxis=dict(type="category", categoryorder="array", categoryarray=list(reversed(rows))),
        meta={"description": t("sanctions.timeline_alt", lang, n=len(shown))},
    )
    return fig


def sanctions_table_html(shown: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    if shown.empty:
        return f"<p><i>{html.escape(t('sanctions.none', lang))}</i></p>"
    head = "".join(
        f"<th style='text-align:left'>{html.escape(t(k, lang))}</th>"
        for k in (
            "sanctions.col_imposer",
            "sanctions.col_target",
            "sanctions.col_measure",
            "sanctions.col_instrument",
            "sanctions.col_dates",
            "sanctions.col_what",
        )
    )
    body = "".join(
        f"<tr><td>{html.escape(imposer_name(r['imposer'], names, lang))}</td><td>{html.escape(names.get(r['target'], r['target']))}</td>"
        f"<td>{html.escape(t('sanctions.measure.' + r['measure'], lang))}</td><td><small>{html.escape(r['instrument'])}</small></td>"
        f"<td style='white-space:nowrap'>{r['start'].date()} → {'' if pd.isna(r['end']) else r['end'].date()}</td>"
        f"<td><small>{html.escape(r[f'description_{lang}'])}</small></td></tr>"
        for _, r in shown.iterrows()
    )
    return left_aligned(f"<table class='lessons-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


class SanctionsExplorer(widgets.VBox):
    """Target, imposer and measure type over a map of who imposes and the measures over time."""

    def __init__(
        self, sanctions: pd.DataFrame, eu_members: list[str], names: dict[str, str], lang: str, as_of: pd.Timestamp
    ):
        from lessons.viz.widgets import figure_widget

        self.sanctions, self.eu, self.names, self.lang, self.as_of = sanctions, eu_members, names, lang, as_of
        self.target = widgets.Dropdown(
            options=[(names.get(c, c), c) for c in ("IRN", "RUS")],
            value="IRN",
            description=t("sanctions.target", lang),
            style={"description_width": "initial"},
        )
        self.imposers = imposer_order(sanctions["imposer"])
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
        shown = self.shown()
        self.map = figure_widget(sanctions_map(shown, eu_members, names, lang, target="IRN", as_of=as_of))
        self.timeline = figure_widget(sanctions_timeline(shown, names, lang, as_of=as_of, imposers=self.imposers))
        self.table = widgets.HTML()
        for control in (self.target, self.imposer, self.measure):
            control.observe(lambda _: self._update(), "value")
        super().__init__(
            [
                widgets.HBox([self.target, self.imposer, self.measure], layout=widgets.Layout(flex_flow="row wrap")),
                self.count,
                self.map,
                self.timeline,
                self.table,
            ]
        )
        self.add_class("lessons-sanctions")
        self._update()

    def shown(self) -> pd.DataFrame:
        return filter_sanctions(self.sanctions, self.target.value, self.imposer.value, self.measure.value)

    def _update(self) -> None:
        shown = self.shown()
        target = self.target.value
        data = sanctions_map_data(shown, self.eu, self.names, self.lang, self.as_of)
        with self.map.batch_update():
            self.map.data[0].locations, self.map.data[0].z, self.map.data[0].text = (
                data["locations"],
                data["z"],
                data["text"],
            )
            self.map.data[1].locations = [target]
            self.map.data[1].text = [t("sanctions.target_label", self.lang, name=self.names.get(target, target))]
            self.map.layout.title.text = map_title(target, self.names, self.lang, self.as_of)
        with self.timeline.batch_update():
            for trace, d in zip(self.timeline.data, timeline_data(shown, self.names, self.lang, self.as_of)):
                trace.x, trace.y, trace.text = d["x"], d["y"], d["text"]
        in_force = shown[shown["end"].isna()]
        self.count.value = t(
            "sanctions.count", self.lang, n=len(shown), active=len(in_force), countries=len(data["locations"])
        )
        self.table.value = scroll_box(sanctions_table_html(shown, self.names, self.lang))
