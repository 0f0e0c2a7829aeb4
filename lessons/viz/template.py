"""The course's plotly template: what every figure shares (background, margins, title place,
hover labels, colours, the world map's look). `setup()` makes it plotly's default, so a student's
own `plotly.express` figure looks like the course's; the course's figures ask for it by name
(`course_figure`), so they look the same with or without `setup()`.
"""

from __future__ import annotations

from functools import cache

import plotly.graph_objects as go
import plotly.io as pio

from lessons.core import locale
from lessons.viz import archipelagos
from lessons.viz.palettes import OKABE_ITO

NAME = "lessons"

LAYOUT = dict(
    colorway=OKABE_ITO,
    title=dict(x=0.01),
    margin=dict(l=10, r=10, t=48, b=40),
    plot_bgcolor="#fafafa",
    hoverlabel=dict(align="left", bgcolor="white", font=dict(size=12)),
    geo=dict(
        projection=dict(type="natural earth"),
        fitbounds=False,  # plotly.js 4 zooms a choropleth to its data by default; the course shows the world
        showcountries=True,
        countrycolor="#9aa5b1",
        showland=True,
        landcolor="#f4f4f0",
        showocean=True,
        oceancolor="#e8f1f8",
        showframe=False,
        lataxis=dict(range=[-58, 85]),
    ),
)
# Maps: no side margins (the world fills the width), a legend under the map.
MAP_LAYOUT = dict(
    margin=dict(l=0, r=0, t=48, b=0), height=460, legend=dict(orientation="h", yanchor="bottom", y=-0.08, x=0.01)
)


@cache
def template() -> go.layout.Template:
    """plotly's own template with the course's layout on top, registered as "lessons"."""
    course = go.layout.Template(layout=LAYOUT)
    pio.templates[NAME] = pio.templates.merge_templates(pio.templates["plotly"], course)
    return pio.templates[NAME]


def use_as_default() -> None:
    """Make the course template plotly's default (called by setup())."""
    template()
    pio.templates.default = NAME


def course_figure(data=None, **layout) -> go.Figure:
    """A new figure on the course template; `layout` is applied on top."""
    fig = go.Figure(data, layout=dict(template=template()))
    if layout:
        fig.update_layout(**layout)
    return fig


def geo_layout(fig: go.Figure, title: str, lang: str, **geos) -> go.Figure:
    """A map's title, size and legend (its look comes from the template); `geos` sets its view
    (e.g. `lonaxis_range`, as `update_geos` takes). Then Viet Nam's Hoàng Sa and Trường Sa
    archipelagos are drawn and labelled on it if its view includes them (`viz.archipelagos`): call
    this last, after the map's own traces and view."""
    if geos:
        fig.update_geos(**geos)
    fig.update_layout(title=dict(text=title), separators=locale.plotly_separators(lang), **MAP_LAYOUT)
    archipelagos.add(fig, lang)
    return fig


def keyed(trace, key: str):
    """`trace` with its key: the name an explorer finds it by (`Explorer.trace`), whatever its label
    or position. Kept in the trace's `meta`, which plotly keeps (a FigureWidget replaces `uid`)."""
    trace.meta = key
    return trace


def shaded_countries(key: str, color: str, /, *, line_color: str = "#555", line_width: float = 0.5, **trace):
    """Countries shaded in one colour (a map layer an explorer finds by `key`): `trace` gives at least
    `locations` (ISO-3 codes) and `text` (what hovering shows), and may set `name`, `showlegend`, `z`;
    a layer's own "key" entry, if it has one, is the key already given."""
    trace.pop("key", None)
    trace.setdefault("z", [1] * len(trace["locations"]))
    layer = go.Choropleth(
        locationmode="ISO-3",
        showscale=False,
        colorscale=[[0, color], [1, color]],
        marker_line_color=line_color,
        marker_line_width=line_width,
        hovertemplate="%{text}<extra></extra>",
        **trace,
    )
    return keyed(layer, key)
