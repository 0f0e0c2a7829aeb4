"""Viet Nam's Hoàng Sa and Trường Sa archipelagos on every map whose view includes Biển Đông.

The shipped world geometry (Natural Earth 110m) drops small islands, so no map would show them.
`template.geo_layout`, which every course map calls, adds this layer to each geo subplot whose
visible range meets the archipelagos: decided by geometry (the subplot's lon/lat range, scope,
zoom), never by a list of maps, so a new map gets them too. The points come from
`data/archipelagos.csv` (sourced, in the data package); the labels and the sea's name from the
i18n files. See docs/maps.md.

Two keyed traces per subplot (found by an explorer's `trace(...)`, never redrawn by one): the islands
(markers) and the labels (text, placed north-east of Hoàng Sa and south-east of Trường Sa, so that
they meet neither each other, nor the islands, nor Viet Nam's coast). Neither is in the legend.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import plotly.graph_objects as go

from lessons.core.config import PACKAGE_DIR, REPO_DIR
from lessons.core.locale import lang_col
from lessons.core.text import t

TABLE = "archipelagos.csv"
KEY = "archipelagos"
ISLANDS_KEY = f"{KEY}:islands"
LABELS_KEY = f"{KEY}:labels"
ARCHIPELAGOS = ("hoang_sa", "truong_sa")
LABEL_KEYS = {"hoang_sa": "map.hoang_sa", "truong_sa": "map.truong_sa"}
# Where each label sits relative to its archipelago: Hoàng Sa's above and to the right of its
# north-easternmost island, Trường Sa's below and to the right of its easternmost one.
LABEL_PLACE = {"hoang_sa": ("top right", "north"), "truong_sa": ("bottom right", "middle")}
# Gaps between the islands and their labels, on a world map (360° of longitude, 143° of latitude); a map
# that shows less of the world shrinks them in proportion, so that a label stays beside its islands.
LABEL_GAP = 2.5  # degrees of longitude east of the archipelago's easternmost island
LABEL_LIFT = 0.6  # degrees of latitude north of Hoàng Sa (Trường Sa's label: south of its centre)
WORLD_SPAN = (360.0, 143.0)
FONT_SIZE = 11
ISLAND_COLOR = "#1f3a5f"
# A white halo around the labels' letters: readable where they cross a coastline or a thick border.
HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff"
# plotly's scopes other than "world" and the ranges they show (plotly.js geo's scope defaults)
SCOPE_RANGES = {
    "usa": ((-180, -50), (15, 80)),
    "europe": ((-30, 60), (30, 85)),
    "asia": ((22, 160), (-15, 55)),
    "africa": ((-30, 60), (-40, 40)),
    "north america": ((-180, -45), (5, 85)),
    "south america": ((-100, -30), (-60, 15)),
}


def table_path() -> Path:
    """The archipelagos table: the repository's data/ beside the package, else the installed copy."""
    beside = REPO_DIR / "data" / TABLE
    return beside if beside.is_file() else PACKAGE_DIR / "dataset" / TABLE


@cache
def _points() -> tuple[dict, ...]:
    """The table's rows (read once per process). Read like the world geometry (`viz.maps`), not through
    the data loader: it is part of the base map that pure figure functions draw; the data package still
    declares and validates it (schema, sources) with the rest of the data."""
    with table_path().open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return tuple({**row, "lat": float(row["lat"]), "lon": float(row["lon"])} for row in rows)


def points(archipelago: str | None = None, kind: str | None = None) -> list[dict]:
    """Rows of the archipelagos table (optionally of one archipelago and/or one kind)."""
    return [
        p
        for p in _points()
        if (archipelago is None or p["archipelago"] == archipelago) and (kind is None or p["kind"] == kind)
    ]


def bounds() -> tuple[tuple[float, float], tuple[float, float]]:
    """(lon range, lat range) that holds every point of both archipelagos."""
    lons = [p["lon"] for p in _points()]
    lats = [p["lat"] for p in _points()]
    return (min(lons), max(lons)), (min(lats), max(lats))


def label(archipelago: str, lang: str) -> str:
    """The label exactly as shown (one line): e.g. "Quần đảo Hoàng Sa (Việt Nam)"."""
    return t(LABEL_KEYS[archipelago], lang)


def two_lines(text: str) -> str:
    """`text` on two lines (plotly's "<br>"), broken at the space nearest its middle among those
    before "(" or after ")": "Quần đảo Hoàng Sa<br>(Việt Nam)", "Hoang Sa (Paracel)<br>Islands (Viet Nam)".
    Narrow enough for the Pacific east of the archipelagos on a world map."""
    spaces = [i for i, c in enumerate(text) if c == " " and (text[i + 1 : i + 2] == "(" or text[i - 1 : i] == ")")]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "<br>" + text[cut + 1 :]


# --- the view ------------------------------------------------------------------------------------
def _value(fig: go.Figure, subplot: str, *path: str):
    """A geo subplot's setting: the figure's own, else its template's (plotly fills in the rest)."""
    for source in (fig.layout, fig.layout.template.layout):
        obj = getattr(source, subplot, None) if source is fig.layout else getattr(source, "geo", None)
        for name in path:
            obj = None if obj is None else getattr(obj, name, None)
        if obj is not None:
            return obj
    return None


def _traces_box(fig: go.Figure, subplot: str):
    """(lon range, lat range) of what a subplot's traces draw, for maps that zoom to their data."""
    from lessons.viz.maps import topojson

    centres = {g.get("id"): g["properties"]["ct"] for g in topojson()["objects"]["countries"]["geometries"]}
    lons, lats = [], []
    for tr in fig.data:
        if getattr(tr, "geo", None) not in (subplot, None) or tr.meta in (ISLANDS_KEY, LABELS_KEY):
            continue
        if tr.type == "scattergeo" and tr.lon is not None and tr.lat is not None:
            lons += [x for x in tr.lon if x is not None]
            lats += [y for y in tr.lat if y is not None]
        elif tr.type == "choropleth" and tr.locations is not None:
            for code in tr.locations:
                if code in centres:
                    lons.append(centres[code][0])
                    lats.append(centres[code][1])
    if not lons:
        return None
    return (min(lons), max(lons)), (min(lats), max(lats))


def view(fig: go.Figure, subplot: str = "geo"):
    """(lon range, lat range) that a geo subplot shows, from its settings (range, scope, rotation,
    zoom), or from its traces when it zooms to its data (`fitbounds`)."""
    if _value(fig, subplot, "fitbounds"):
        box = _traces_box(fig, subplot)
        if box is not None:
            return box
    scope = _value(fig, subplot, "scope") or "world"
    lon_default, lat_default = SCOPE_RANGES.get(scope, ((-180, 180), (-90, 90)))
    rotation = _value(fig, subplot, "projection", "rotation", "lon")
    if rotation is not None and scope == "world":
        lon_default = (rotation - 180, rotation + 180)
    lon = tuple(_value(fig, subplot, "lonaxis", "range") or lon_default)
    lat = tuple(_value(fig, subplot, "lataxis", "range") or lat_default)
    scale = _value(fig, subplot, "projection", "scale") or 1
    if scale > 1:  # zoomed in around the centre
        c_lon = _value(fig, subplot, "center", "lon")
        c_lat = _value(fig, subplot, "center", "lat")
        c_lon = (lon[0] + lon[1]) / 2 if c_lon is None else c_lon
        c_lat = (lat[0] + lat[1]) / 2 if c_lat is None else c_lat
        half_lon, half_lat = (lon[1] - lon[0]) / 2 / scale, (lat[1] - lat[0]) / 2 / scale
        lon, lat = (c_lon - half_lon, c_lon + half_lon), (c_lat - half_lat, c_lat + half_lat)
    return lon, lat


def _meets(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return min(a) <= max(b) and min(b) <= max(a)


def _lon_meets(view_lon: tuple[float, float], box_lon: tuple[float, float]) -> bool:
    """Longitude ranges meet, also when the view's range crosses the antimeridian."""
    return any(_meets((view_lon[0] + k, view_lon[1] + k), box_lon) for k in (-360, 0, 360))


def range_reaches(lon: tuple[float, float], lat: tuple[float, float]) -> bool:
    """Whether a map showing longitudes `lon` and latitudes `lat` shows any part of the archipelagos."""
    box_lon, box_lat = bounds()
    return _lon_meets(lon, box_lon) and _meets(lat, box_lat)


def in_view(fig: go.Figure, subplot: str = "geo") -> bool:
    """Whether the subplot's visible range includes the archipelagos (any part of them)."""
    return range_reaches(*view(fig, subplot))


def geo_subplots(fig: go.Figure) -> list[str]:
    """The figure's geo subplots ("geo", "geo2", …): those its layout sets and those its traces use."""
    names = {k for k in fig.layout.to_plotly_json() if k == "geo" or (k.startswith("geo") and k[3:].isdigit())}
    names |= {tr.geo or "geo" for tr in fig.data if tr.type in ("scattergeo", "choropleth")}
    return sorted(names)


# --- the layer -----------------------------------------------------------------------------------
def layer(lang: str, subplot: str = "geo", shown=None) -> list[go.Scattergeo]:
    """The two traces (islands, labels) for one geo subplot, in `lang`; `shown` is the subplot's view
    ((lon range), (lat range)), the whole world if not given."""
    (lon0, lon1), (lat0, lat1) = shown or ((-180, 180), (-58, 85))
    gap = LABEL_GAP * min(1.0, abs(lon1 - lon0) / WORLD_SPAN[0])
    lift = LABEL_LIFT * min(1.0, abs(lat1 - lat0) / WORLD_SPAN[1])
    sea = t("map.sea", lang)
    name_col = lang_col("name", lang)
    islands = [p for a in ARCHIPELAGOS for p in points(a, "feature")]
    hover = [
        t("map.archipelago_hover", lang, name=p[name_col], archipelago=label(p["archipelago"], lang), sea=sea)
        for p in islands
    ]
    island_trace = go.Scattergeo(
        lon=[p["lon"] for p in islands],
        lat=[p["lat"] for p in islands],
        mode="markers",
        marker=dict(size=5, color=ISLAND_COLOR, line=dict(width=0.5, color="white")),
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        name=t("map.sea", lang),
        showlegend=False,
        geo=subplot,
    )
    lons, lats, texts, places, hovers = [], [], [], [], []
    for a in ARCHIPELAGOS:
        pts = points(a)
        position, row = LABEL_PLACE[a]
        east = max(p["lon"] for p in pts)
        if row == "north":
            lat = max(p["lat"] for p in pts) + lift
        else:
            lat = points(a, "archipelago")[0]["lat"] - lift
        lons.append(east + gap)
        lats.append(lat)
        texts.append(two_lines(label(a, lang)))
        places.append(position)
        hovers.append(f"<b>{label(a, lang)}</b><br>{sea}")
    label_trace = go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="text",
        text=texts,
        textposition=places,
        textfont=dict(size=FONT_SIZE, color="#1b2631", shadow=HALO),
        customdata=hovers,
        hovertemplate="%{customdata}<extra></extra>",
        name=t("map.sea", lang),
        showlegend=False,
        geo=subplot,
    )
    island_trace.meta = ISLANDS_KEY
    label_trace.meta = LABELS_KEY
    return [island_trace, label_trace]


def has_layer(fig, subplot: str = "geo") -> bool:
    return any(tr.meta == LABELS_KEY and (tr.geo or "geo") == subplot for tr in fig.data)


def add(fig: go.Figure, lang: str) -> go.Figure:
    """Add the archipelagos to every geo subplot of `fig` whose view includes them (once)."""
    for subplot in geo_subplots(fig) or ["geo"]:
        if in_view(fig, subplot) and not has_layer(fig, subplot):
            fig.add_traces(layer(lang, subplot, view(fig, subplot)))
    return fig
