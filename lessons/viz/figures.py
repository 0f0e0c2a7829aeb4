"""Pure figure builders: tidy DataFrames in, plotly Figures out (no I/O, no display)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lessons.core.text import format_date, t

STATUS_ORDER = ["confirmed", "reported", "alleged", "denied"]
# Okabe–Ito colours: distinct under protanopia, deuteranopia and tritanopia (tests/test_accessibility.py).
STATUS_COLORS = {"confirmed": "#009E73", "reported": "#0072B2", "alleged": "#D55E00", "denied": "#CC79A7"}
KIND_SYMBOLS = {"statement": "circle", "accusation": "x", "analysis": "diamond", "plan": "triangle-up"}
LESSON_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"]
HIGHLIGHT_COLOR = "#fde9b6"


def _geo_layout(fig: go.Figure, title: str, lang: str) -> go.Figure:
    fig.update_geos(
        projection_type="natural earth",
        fitbounds=False,
        showcountries=True,
        countrycolor="#9aa5b1",
        showland=True,
        landcolor="#f4f4f0",
        showocean=True,
        oceancolor="#e8f1f8",
        showframe=False,
        lataxis_range=[-58, 85],
    )
    fig.update_layout(
        title=dict(text=title, x=0.01),
        margin=dict(l=0, r=0, t=48, b=0),
        height=460,
        legend=dict(orientation="h", yanchor="bottom", y=-0.08, x=0.01),
        separators=",." if lang == "vi" else ".,",
    )
    return fig


def places_map(
    places: pd.DataFrame,
    names: dict[str, str],
    lang: str,
    *,
    color_by: str = "first_lesson",
    highlight: list[str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Points for places (coloured by first lesson, or by whether the article names them).

    `names` maps ISO-3 codes to country names in `lang`; `highlight` shades those countries.
    """
    fig = go.Figure()
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
            (int(k), t("map.lesson", lang, n=f"{int(k):02d}"), LESSON_COLORS[int(k) % len(LESSON_COLORS)])
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
                name=row[f"name_{lang}"],
                country=names.get(row["iso3"], row["iso3"]),
                role=row[f"role_{lang}"],
            )
            for _, row in sub.iterrows()
        ]
        sizes = [9 if k == "country" else 11 for k in sub["kind"]]
        symbols = ["square" if k == "country" else "circle" for k in sub["kind"]]
        # Countries are labelled by their shape and hover; only cities and sites get a text label.
        labels = [name if kind != "country" else "" for name, kind in zip(sub[f"name_{lang}"], sub["kind"])]
        fig.add_trace(
            go.Scattergeo(
                lat=sub["lat"].astype(float),
                lon=sub["lon"].astype(float),
                text=labels,
                customdata=hover,
                mode="markers+text",
                textposition="top center",
                textfont=dict(size=11),
                marker=dict(size=sizes, color=color, symbol=symbols, line=dict(width=1, color="white")),
                name=label,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    _geo_layout(fig, title or t("map.course_title", lang), lang)
    named = ", ".join(places[f"name_{lang}"].head(8))
    fig.update_layout(
        meta={"description": t("map.places_alt", lang, n=len(places), shaded=len(highlight or []), names=named)}
    )
    return fig


def check_map(names: dict[str, str], lang: str) -> go.Figure:
    """The setup check's map: Iran and Russia shaded on a world map."""
    codes = ["IRN", "RUS"]
    fig = go.Figure(
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
    _geo_layout(fig, t("check.map_title", lang), lang)
    fig.update_layout(meta={"description": t("check.map_alt", lang, a=names["IRN"], b=names["RUS"])})
    return fig


def _claim_hover(row: pd.Series, lang: str) -> str:
    return t(
        "claims.hover",
        lang,
        speaker=row[f"speaker_{lang}"],
        role=row[f"speaker_role_{lang}"],
        kind=t(f"kind.{row['kind']}", lang),
        status=t(f"status.{row['status']}", lang),
        outlet=row["reported_by"],
        date=format_date(row["date"], lang),
        text=_wrap(row[f"paraphrase_{lang}"]),
    )


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def claims_traces(claims: pd.DataFrame, lang: str) -> list[dict]:
    """Per status, the x/y/hover/symbol arrays of the claims chart (for building or updating)."""
    traces = []
    for status in STATUS_ORDER:
        sub = claims[claims["status"] == status]
        traces.append(
            dict(
                x=list(sub["order"].astype(int)),
                y=list(sub[f"speaker_{lang}"]),
                customdata=[_claim_hover(row, lang) for _, row in sub.iterrows()],
                marker_symbol=[KIND_SYMBOLS[k] for k in sub["kind"]],
            )
        )
    return traces


def claims_chart(
    claims: pd.DataFrame,
    lang: str,
    *,
    speakers: list[str] | None = None,
    x_max: int | None = None,
) -> go.Figure:
    """Each claim as a mark: x = order in the article, y = speaker, colour = status, shape = kind.

    `speakers` and `x_max` fix the axes (all speakers, all claims) so filtering keeps them stable.
    """
    speakers = speakers or list(dict.fromkeys(claims.sort_values("order")[f"speaker_{lang}"]))
    fig = go.Figure()
    for status, data in zip(STATUS_ORDER, claims_traces(claims, lang)):
        fig.add_trace(
            go.Scatter(
                x=data["x"],
                y=data["y"],
                customdata=data["customdata"],
                mode="markers",
                marker=dict(
                    size=16, color=STATUS_COLORS[status], symbol=data["marker_symbol"], line=dict(width=1, color="#333")
                ),
                name=t(f"status.{status}", lang),
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        title=dict(text=t("claims.title", lang), x=0.01),
        height=120 + 38 * len(speakers),
        margin=dict(l=10, r=10, t=48, b=40),
        plot_bgcolor="#fafafa",
        legend=dict(title=t("claims.legend_status", lang), orientation="h", y=-0.25 if len(speakers) < 6 else -0.12),
        xaxis=dict(
            title=t("claims.axis_order", lang),
            dtick=1,
            range=[0.3, (x_max or (int(claims["order"].max()) if len(claims) else 1)) + 0.7],
        ),
        yaxis=dict(
            title=None,
            categoryorder="array",
            categoryarray=list(reversed(speakers)),
            type="category",
            range=[-0.5, len(speakers) - 0.5],
        ),
        meta={"description": claims_alt(claims, lang)},
    )
    return fig


def claims_alt(claims: pd.DataFrame, lang: str) -> str:
    """The claims chart in words: how many claims, by whom, with which status."""
    counts = {s: int((claims["status"] == s).sum()) for s in STATUS_ORDER}
    return t("claims.alt", lang, n=len(claims), speakers=claims[f"speaker_{lang}"].nunique(), **counts)
