"""Lesson 05: the International North–South Transport Corridor — its three routes as ordered
points, each segment's mode and status — and the payment links between Iran and Russia."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from lessons.core.text import format_date, left_aligned, scroll_box, t
from lessons.viz.figures import _geo_layout

ROUTES = ["western", "caspian", "eastern"]
STATUSES = ["operating", "under_construction", "planned"]
# Okabe–Ito colours per route; the status is drawn as the line's dash, so it never rests on colour alone.
ROUTE_COLORS = {"western": "#0072B2", "caspian": "#009E73", "eastern": "#D55E00"}
STATUS_DASH = {"operating": "solid", "under_construction": "dash", "planned": "dot"}
STATUS_WIDTH = {"operating": 3, "under_construction": 4, "planned": 2.5}
COUNTRIES = ["RUS", "AZE", "IRN", "KAZ", "TKM", "IND"]
# Points named on the map itself (the rest are named on hover), so labels do not pile up round the Caspian.
LABELLED = {
    "moscow",
    "astrakhan",
    "makhachkala",
    "baku",
    "astara_irn",
    "rasht",
    "tehran",
    "bandar_abbas",
    "mumbai_nhava_sheva",
    "atyrau",
    "bereket",
    "gorgan",
}


def segments(corridor: pd.DataFrame, routes: list[str] | None = None) -> pd.DataFrame:
    """One row per segment (point → next point on the same route), with its mode, status and length."""
    out = []
    for route, points in corridor.sort_values(["route", "seq"]).groupby("route", sort=False):
        if routes is not None and route not in routes:
            continue
        rows = list(points.itertuples(index=False))
        for a, b in zip(rows, rows[1:]):
            out.append(
                dict(
                    route=route,
                    seq=a.seq,
                    start=a.point_id,
                    end=b.point_id,
                    start_vi=a.name_vi,
                    start_en=a.name_en,
                    end_vi=b.name_vi,
                    end_en=b.name_en,
                    lat0=a.lat,
                    lon0=a.lon,
                    lat1=b.lat,
                    lon1=b.lon,
                    mode=a.mode_to_next,
                    status=a.status_to_next,
                    length_km=a.length_km_to_next,
                    note_vi=a.segment_note_vi,
                    note_en=a.segment_note_en,
                    source_ids=a.source_ids,
                )
            )
    columns = [
        "route",
        "seq",
        "start",
        "end",
        "start_vi",
        "start_en",
        "end_vi",
        "end_en",
        "lat0",
        "lon0",
        "lat1",
        "lon1",
        "mode",
        "status",
        "length_km",
        "note_vi",
        "note_en",
        "source_ids",
    ]
    frame = pd.DataFrame(out, columns=columns)
    order = {r: i for i, r in enumerate(ROUTES)}
    return frame.sort_values(["route", "seq"], key=lambda s: s.map(order) if s.name == "route" else s).reset_index(
        drop=True
    )


def km_by_status(corridor: pd.DataFrame, routes: list[str] | None = None) -> dict[str, float]:
    """Total sourced length per status (segments without a length count as 0)."""
    return _km(segments(corridor, routes))


def _km(segs: pd.DataFrame) -> dict[str, float]:
    return {s: float(segs.loc[segs["status"] == s, "length_km"].fillna(0).sum()) for s in STATUSES}


def _on_routes(segs: pd.DataFrame, routes: list[str] | None) -> pd.DataFrame:
    """The rows of an all-routes `segments()` frame that belong to `routes` (same as segments(corridor, routes))."""
    return segs if routes is None else segs[segs["route"].isin(routes)].reset_index(drop=True)


def trace_routes(corridor: pd.DataFrame) -> list[tuple[str, bool]]:
    """For each line trace of the corridor (ROUTES × STATUSES, the order of route_traces), its route
    and whether it has any segment: what an explorer needs to show or hide it, without the hover texts."""
    segs = segments(corridor)
    present = set(zip(segs["route"], segs["status"]))
    return [(route, (route, status) in present) for route in ROUTES for status in STATUSES]


def _segment_hover(r, lang: str) -> str:
    note = r[f"note_{lang}"] if isinstance(r[f"note_{lang}"], str) else ""
    length = "" if pd.isna(r["length_km"]) else t("corridor.km", lang, km=int(r["length_km"]))
    return (
        f"<b>{html.escape(r[f'start_{lang}'])} → {html.escape(r[f'end_{lang}'])}</b> {length}<br>"
        f"{html.escape(t('corridor.mode.' + r['mode'], lang))} · {html.escape(t('corridor.status.' + r['status'], lang))}"
        + (f"<br><i>{html.escape(note)}</i>" if note else "")
    )


def route_traces(corridor: pd.DataFrame, lang: str, routes: list[str] | None = None) -> list[dict]:
    """Per route and status (in ROUTES × STATUSES order), the line coordinates with gaps between segments."""
    segs = segments(corridor)
    traces = []
    for route in ROUTES:
        for status in STATUSES:
            sub = segs[(segs["route"] == route) & (segs["status"] == status)]
            shown = routes is None or route in routes
            lat, lon, text = [], [], []
            for _, r in sub.iterrows():
                hover = _segment_hover(r, lang)
                lat += [r["lat0"], r["lat1"], None]
                lon += [r["lon0"], r["lon1"], None]
                text += [hover, hover, None]
            traces.append(dict(route=route, status=status, lat=lat, lon=lon, text=text, visible=shown and bool(lat)))
    return traces


def corridor_map(
    corridor: pd.DataFrame, names: dict[str, str], lang: str, *, routes: list[str] | None = None
) -> go.Figure:
    """The corridor's routes: colour = route, dash = status (solid operating, dashed under construction, dotted planned)."""
    fig = go.Figure(
        go.Choropleth(
            locations=COUNTRIES,
            z=[1] * len(COUNTRIES),
            locationmode="ISO-3",
            showscale=False,
            colorscale=[[0, "#f1ead8"], [1, "#f1ead8"]],
            marker_line_color="#8a7f66",
            marker_line_width=0.6,
            text=[names.get(c, c) for c in COUNTRIES],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    for tr in route_traces(corridor, lang, routes):
        fig.add_trace(
            go.Scattergeo(
                lat=tr["lat"],
                lon=tr["lon"],
                text=tr["text"],
                mode="lines",
                hovertemplate="%{text}<extra></extra>",
                line=dict(
                    color=ROUTE_COLORS[tr["route"]], width=STATUS_WIDTH[tr["status"]], dash=STATUS_DASH[tr["status"]]
                ),
                name=f"{t('corridor.route.' + tr['route'], lang)} · {t('corridor.status.' + tr['status'], lang)}",
                visible=tr["visible"],
                legendgroup=tr["route"],
            )
        )
    points = corridor.drop_duplicates("point_id")
    labels = [
        (name.split(" (")[0] if pid.startswith("mumbai") else name) if pid in LABELLED else ""
        for pid, name in zip(points["point_id"], points[f"name_{lang}"])
    ]
    fig.add_trace(
        go.Scattergeo(
            lat=points["lat"],
            lon=points["lon"],
            text=labels,
            customdata=points[f"name_{lang}"],
            mode="markers+text",
            textposition="middle right",
            textfont=dict(size=11),
            marker=dict(size=6, color="#333"),
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    _geo_layout(fig, t("corridor.map_title", lang), lang)
    fig.update_geos(projection_type="mercator", lataxis_range=[16, 58], lonaxis_range=[18, 88])
    fig.update_layout(
        height=640,
        margin=dict(l=0, r=0, t=48, b=0),
        legend=dict(orientation="h", x=0.0, y=-0.02, yanchor="top"),
        meta={"description": corridor_alt(corridor, lang, routes)},
    )
    return fig


def corridor_alt(corridor: pd.DataFrame, lang: str, routes: list[str] | None) -> str:
    return _alt(segments(corridor, routes), lang, routes)


def _alt(segs: pd.DataFrame, lang: str, routes: list[str] | None) -> str:
    shown = routes if routes is not None else ROUTES
    building = segs[segs["status"] != "operating"]
    gaps = "; ".join(f"{r[f'start_{lang}']}–{r[f'end_{lang}']}" for _, r in building.iterrows()) or t(
        "corridor.no_gaps", lang
    )
    return t(
        "corridor.map_alt",
        lang,
        routes=", ".join(t("corridor.route." + r, lang) for r in shown),
        n=len(segs),
        gaps=gaps,
    )


def segments_table_html(corridor: pd.DataFrame, lang: str, routes: list[str] | None = None) -> str:
    return _table(segments(corridor, routes), lang)


def _table(segs: pd.DataFrame, lang: str) -> str:
    if segs.empty:
        return f"<p><i>{html.escape(t('corridor.none', lang))}</i></p>"
    head = "".join(
        f"<th>{html.escape(t('corridor.col_' + c, lang))}</th>"
        for c in ("route", "segment", "mode", "status", "km", "note")
    )
    body = "".join(
        f"<tr><td>{html.escape(t('corridor.route.' + r['route'], lang))}</td>"
        f"<td>{html.escape(r[f'start_{lang}'])} → {html.escape(r[f'end_{lang}'])}</td>"
        f"<td>{html.escape(t('corridor.mode.' + r['mode'], lang))}</td>"
        f"<td>{html.escape(t('corridor.status.' + r['status'], lang))}</td>"
        f"<td>{'' if pd.isna(r['length_km']) else int(r['length_km'])}</td>"
        f"<td><small>{html.escape(r[f'note_{lang}'] if isinstance(r[f'note_{lang}'], str) else '')}</small></td></tr>"
        for _, r in segs.iterrows()
    )
    return left_aligned(f"<table class='lessons-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def payments_table_html(payments: pd.DataFrame, lang: str) -> str:
    """Dated steps in paying each other: cards, currencies, bank messaging, the trade agreement."""
    from lessons.viz.widgets import _badge

    head = "".join(f"<th>{html.escape(t('payments.col_' + c, lang))}</th>" for c in ("date", "topic", "what", "status"))
    body = []
    for _, r in payments.sort_values("date").iterrows():
        when = (
            format_date(r["date"], lang)
            if r["date_precision"] == "day"
            else (f"{r['date'].month}/{r['date'].year}" if r["date_precision"] == "month" else str(r["date"].year))
        )
        claim = r["claim_by"] if isinstance(r["claim_by"], str) and r["claim_by"] else ""
        who = f"<br><small>{html.escape(t('payments.according_to', lang, who=claim))}</small>" if claim else ""
        body.append(
            f"<tr><td style='white-space:nowrap'>{when}</td><td>{html.escape(t('payments.topic.' + r['topic'], lang))}</td>"
            f"<td><b>{html.escape(r[f'title_{lang}'])}</b><br><small>{html.escape(r[f'summary_{lang}'])}</small></td>"
            f"<td>{_badge(r['status'], lang)}{who}</td></tr>"
        )
    return left_aligned(
        f"<table class='lessons-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


class CorridorExplorer(widgets.VBox):
    """Route toggles over the corridor map; the table lists the shown segments with mode and status."""

    def __init__(self, corridor: pd.DataFrame, names: dict[str, str], lang: str):
        from lessons.viz.widgets import figure_widget

        self.corridor, self.names, self.lang = corridor, names, lang
        self.toggles = {
            r: widgets.Checkbox(
                value=True,
                description=t("corridor.route." + r, lang),
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 16px 0 0"),
            )
            for r in ROUTES
        }
        self.summary = widgets.HTML()
        self.map = figure_widget(corridor_map(corridor, names, lang))
        # Computed once: a toggle only shows or hides the traces and filters these rows.
        self.segs = segments(corridor)
        self.trace_routes = trace_routes(corridor)
        self.table = widgets.HTML()
        for box in self.toggles.values():
            box.observe(lambda _: self._update(), "value")
        label = widgets.HTML(f"<b>{html.escape(t('corridor.routes', lang))}</b>&nbsp;")
        super().__init__(
            [
                widgets.HBox([label, *self.toggles.values()], layout=widgets.Layout(flex_flow="row wrap")),
                self.summary,
                self.map,
                self.table,
            ]
        )
        self.add_class("lessons-corridor")
        self._update()

    def routes(self) -> list[str]:
        return [r for r, box in self.toggles.items() if box.value]

    def _update(self) -> None:
        routes = self.routes()
        segs = _on_routes(self.segs, routes)
        with self.map.batch_update():
            for trace, (route, has_lines) in zip(self.map.data[1:], self.trace_routes):
                trace.visible = route in routes and has_lines
            self.map.layout.meta = {"description": _alt(segs, self.lang, routes)}
        km = _km(segs)
        self.summary.value = (
            "<p>"
            + html.escape(
                t(
                    "corridor.summary",
                    self.lang,
                    n=len(routes),
                    segments=len(segs),
                    operating=int((segs["status"] == "operating").sum()),
                    building=int((segs["status"] != "operating").sum()),
                    km=int(km["under_construction"] + km["planned"]),
                )
            )
            + "</p>"
        )
        self.table.value = scroll_box(_table(segs, self.lang), height=360)
