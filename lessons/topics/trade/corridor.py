"""Lesson 05: the International North–South Transport Corridor — its three routes as ordered
points, each segment's mode and status. Pure: data and names in, figures and HTML out."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from lessons.core.config import LANGUAGES
from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.viz import html as course_html
from lessons.viz.template import course_figure, geo_layout, keyed, shaded_countries

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
# A label goes right of its point, except where that would cross the map's frame: Moskva lies just under the
# map's top edge, so its name goes below it.
LABEL_POSITION = {"moscow": "bottom right"}


def segments(corridor: pd.DataFrame, routes: list[str] | None = None) -> pd.DataFrame:
    """One row per segment (point → next point on the same route), with its mode, status and length."""
    out = []
    for route, points in corridor.sort_values(["route", "seq"]).groupby("route", sort=False):
        if routes is not None and route not in routes:
            continue
        rows = [r._asdict() for r in points.itertuples(index=False)]
        for a, b in zip(rows, rows[1:]):
            segment = dict(route=route, seq=a["seq"], start=a["point_id"], end=b["point_id"])
            for lang in LANGUAGES:  # the names and the note in every language the data hold
                segment[lang_col("start", lang)] = a[lang_col("name", lang)]
                segment[lang_col("end", lang)] = b[lang_col("name", lang)]
            segment.update(lat0=a["lat"], lon0=a["lon"], lat1=b["lat"], lon1=b["lon"], mode=a["mode_to_next"])
            segment.update(status=a["status_to_next"], length_km=a["length_km_to_next"], source_ids=a["source_ids"])
            for lang in LANGUAGES:
                segment[lang_col("note", lang)] = a[lang_col("segment_note", lang)]
            out.append(segment)
    texts = [lang_col(name, lang) for name in ("start", "end") for lang in LANGUAGES]
    notes = [lang_col("note", lang) for lang in LANGUAGES]
    columns = ["route", "seq", "start", "end", *texts, "lat0", "lon0", "lat1", "lon1", "mode", "status", "length_km"]
    columns += [*notes, "source_ids"]
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
    note = r[lang_col("note", lang)] if isinstance(r[lang_col("note", lang)], str) else ""
    length = "" if pd.isna(r["length_km"]) else t("corridor.km", lang, km=int(r["length_km"]))
    return (
        f"<b>{html.escape(r[lang_col('start', lang)])} → {html.escape(r[lang_col('end', lang)])}</b> {length}<br>"
        f"{html.escape(t('corridor.mode.' + r['mode'], lang))} · "
        f"{html.escape(t('corridor.status.' + r['status'], lang))}"
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
            traces.append(
                dict(
                    key=f"{route}:{status}",
                    route=route,
                    status=status,
                    lat=lat,
                    lon=lon,
                    text=text,
                    visible=shown and bool(lat),
                )
            )
    return traces


def route_line(tr: dict, key: str, *, width: float, **trace) -> go.Scattergeo:
    """One segment of `route_traces` as a map line found by `key`: colour = route, dash = status; `trace` gives
    the rest (name, legend, visibility)."""
    line = dict(color=ROUTE_COLORS[tr["route"]], width=width, dash=STATUS_DASH[tr["status"]])
    return keyed(
        go.Scattergeo(
            lat=tr["lat"],
            lon=tr["lon"],
            text=tr["text"],
            mode="lines",
            hovertemplate="%{text}<extra></extra>",
            line=line,
            **trace,
        ),
        key,
    )


def corridor_map(
    corridor: pd.DataFrame, names: dict[str, str], lang: str, *, routes: list[str] | None = None
) -> go.Figure:
    """The corridor's routes: colour = route, dash = status (solid operating, dashed under construction,
    dotted planned)."""
    text = [names.get(c, c) for c in COUNTRIES]
    land = shaded_countries(
        "countries", "#f1ead8", line_color="#8a7f66", line_width=0.6, locations=COUNTRIES, text=text, showlegend=False
    )
    fig = course_figure(land)
    for tr in route_traces(corridor, lang, routes):
        fig.add_trace(
            route_line(
                tr,
                tr["key"],
                width=STATUS_WIDTH[tr["status"]],
                name=f"{t('corridor.route.' + tr['route'], lang)} · {t('corridor.status.' + tr['status'], lang)}",
                visible=tr["visible"],
                legendgroup=tr["route"],
            )
        )
    points = corridor.drop_duplicates("point_id")
    labels = [
        (name.split(" (")[0] if pid.startswith("mumbai") else name) if pid in LABELLED else ""
        for pid, name in zip(points["point_id"], points[lang_col("name", lang)])
    ]
    fig.add_trace(
        keyed(
            go.Scattergeo(
                lat=points["lat"],
                lon=points["lon"],
                text=labels,
                customdata=points[lang_col("name", lang)],
                mode="markers+text",
                textposition=[LABEL_POSITION.get(pid, "middle right") for pid in points["point_id"]],
                textfont=dict(size=11),
                marker=dict(size=6, color="#333"),
                hovertemplate="%{customdata}<extra></extra>",
                showlegend=False,
            ),
            "points",
        )
    )
    geo_layout(
        fig,
        t("corridor.map_title", lang),
        lang,
        projection_type="mercator",
        lataxis_range=[16, 58],
        lonaxis_range=[18, 88],
    )
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
    gaps = "; ".join(f"{r[lang_col('start', lang)]}–{r[lang_col('end', lang)]}" for _, r in building.iterrows()) or t(
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


def _text(value) -> str:
    """A note cell's text ('' for an empty cell)."""
    return value if isinstance(value, str) else ""


def _table(segs: pd.DataFrame, lang: str) -> str:
    if segs.empty:
        return course_html.empty("corridor.none", lang)
    body = "".join(
        f"<tr><td>{html.escape(t('corridor.route.' + r['route'], lang))}</td>"
        f"<td>{html.escape(r[lang_col('start', lang)])} → {html.escape(r[lang_col('end', lang)])}</td>"
        f"<td>{html.escape(t('corridor.mode.' + r['mode'], lang))}</td>"
        f"<td>{html.escape(t('corridor.status.' + r['status'], lang))}</td>"
        f"<td>{'' if pd.isna(r['length_km']) else int(r['length_km'])}</td>"
        f"<td><small>{html.escape(_text(r[lang_col('note', lang)]))}</small></td></tr>"
        for _, r in segs.iterrows()
    )
    head = [f"corridor.col_{c}" for c in ("route", "segment", "mode", "status", "km", "note")]
    return course_html.table(head, body, lang, th_style="")
