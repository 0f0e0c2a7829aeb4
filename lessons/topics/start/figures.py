"""Lesson 00 (start): the course map and the setup check's map. Pure: data and names in, figures out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.viz.palettes import HIGHLIGHT_COLOR, lesson_color
from lessons.viz.template import course_figure, geo_layout

# Where a place's name goes beside its point (plotly's textposition; "top center" if not listed). On a world
# map, places a few hundred km apart are a few pixels apart: neighbours' names go to opposite sides (Moskva
# left, Kazan right) or, round the Caspian, one above another on the left (Astara, Rasht, Tehran) with
# Ashgabat on the right. tests/test_browser_labels.py measures that no two names overlap.
LABEL_POSITION = {
    "moscow": "top left",
    "kazan": "top right",
    "london": "top left",
    "vienna": "top right",
    "astara": "top left",
    "rasht": "middle left",
    "tehran": "bottom left",
    "ashgabat": "middle right",
    "bushehr": "bottom center",  # south of Tehran: its long name below the point
}
DEFAULT_POSITION = "top center"


def places_map(
    places: pd.DataFrame,
    names: dict[str, str],
    lang: str,
    *,
    color_by: str = "first_lesson",
    highlight: list[str] | None = None,
    title: str | None = None,
    colors: dict[int, str] | None = None,
) -> go.Figure:
    """Points for places (coloured by first lesson, or by whether the article names them).

    `names` maps ISO-3 codes to country names in `lang`; `highlight` shades those countries;
    `colors` gives each lesson's colour (the registry's; a default palette for lessons it leaves out).
    """
    fig = course_figure()
    if highlight:
        codes = list(highlight)
        fig.add_trace(
            go.Choropleth(
                locations=codes,
                z=[1] * len(codes),
                locationmode="ISO-3",
                showscale=False,
                colorscale=[[0, HIGHLIGHT_COLOR], [1, HIGHLIGHT_COLOR]],
                marker_line_color="#7a6a3a",
                marker_line_width=0.8,
                name=t("map.highlight", lang),
                showlegend=False,
                text=[names.get(c, c) for c in codes],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    if color_by == "first_lesson":
        groups = [
            (int(k), t("map.lesson", lang, n=f"{int(k):02d}"), (colors or {}).get(int(k)) or lesson_color(int(k)))
            for k in sorted(places["first_lesson"].unique())
        ]
        key = "first_lesson"
    elif color_by == "in_article":
        groups = [(True, t("map.in_article", lang), "#c0392b"), (False, t("map.not_in_article", lang), "#7f8c8d")]
        key = "in_article"
    else:
        raise ValueError(f"color_by must be 'first_lesson' or 'in_article', not {color_by!r}")
    for value, label, color in groups:
        sub = places[places[key] == value]
        if sub.empty:
            continue
        hover = [
            t(
                "map.hover_place",
                lang,
                name=row[lang_col("name", lang)],
                country=names.get(row["iso3"], row["iso3"]),
                role=row[lang_col("role", lang)],
            )
            for _, row in sub.iterrows()
        ]
        sizes = [9 if k == "country" else 11 for k in sub["kind"]]
        symbols = ["square" if k == "country" else "circle" for k in sub["kind"]]
        # Countries are labelled by their shape and hover; only cities and sites get a text label.
        labels = [name if kind != "country" else "" for name, kind in zip(sub[lang_col("name", lang)], sub["kind"])]
        fig.add_trace(
            go.Scattergeo(
                lat=sub["lat"].astype(float),
                lon=sub["lon"].astype(float),
                text=labels,
                customdata=hover,
                mode="markers+text",
                textposition=[LABEL_POSITION.get(pid, DEFAULT_POSITION) for pid in sub["id"]],
                textfont=dict(size=11),
                marker=dict(size=sizes, color=color, symbol=symbols, line=dict(width=1, color="white")),
                name=label,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    geo_layout(fig, title or t("map.course_title", lang), lang)
    named = ", ".join(places[lang_col("name", lang)].head(8))
    fig.update_layout(
        meta={"description": t("map.places_alt", lang, n=len(places), shaded=len(highlight or []), names=named)}
    )
    return fig


def check_map(names: dict[str, str], lang: str) -> go.Figure:
    """The setup check's map: Iran and Russia shaded on a world map."""
    codes = ["IRN", "RUS"]
    fig = course_figure(
        go.Choropleth(
            locations=codes,
            z=[0, 1],
            locationmode="ISO-3",
            showscale=False,
            colorscale=[[0, "#2a9d8f"], [1, "#e76f51"]],
            text=[names[c] for c in codes],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    geo_layout(fig, t("check.map_title", lang), lang)
    fig.update_layout(meta={"description": t("check.map_alt", lang, a=names["IRN"], b=names["RUS"])})
    return fig
