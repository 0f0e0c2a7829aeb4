"""Lesson 04: who sanctions Iran and Russia, with what kind of measure, since when.
Pure: data and names in, figures (a map of imposers, measures over time) and HTML out."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from lessons.core.locale import lang_col
from lessons.core.text import format_date, t
from lessons.viz import html as course_html
from lessons.viz.template import course_figure, geo_layout, keyed

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
    fig = course_figure(
        keyed(
            go.Choropleth(
                locations=data["locations"],
                z=data["z"],
                text=data["text"],
                locationmode="ISO-3",
                zmin=0,
                colorscale="Blues",
                marker_line_color="#555",
                marker_line_width=0.5,
                colorbar=dict(title=dict(text=t("sanctions.measures", lang), side="right"), thickness=12),
                hovertemplate="%{text}<extra></extra>",
            ),
            "imposers",
        )
    )
    fig.add_trace(
        keyed(
            go.Choropleth(
                locations=[target],
                z=[1],
                locationmode="ISO-3",
                showscale=False,
                colorscale=[[0, "#E69F00"], [1, "#E69F00"]],
                name=names.get(target, target),
                text=[target_label(target, names, lang)],
                hovertemplate="%{text}<extra></extra>",
            ),
            "target",
        )
    )
    geo_layout(fig, map_title(target, names, lang, as_of), lang)
    fig.update_layout(
        meta={"description": t("sanctions.map_alt", lang, target=names.get(target, target), n=len(data["locations"]))}
    )
    return fig


def target_label(target: str, names: dict[str, str], lang: str) -> str:
    return t("sanctions.target_label", lang, name=names.get(target, target))


def _dates(r, lang: str) -> str:
    """A measure's start → end (nothing after the arrow while in force), as the notebook's language writes dates."""
    end = "" if pd.isna(r["end"]) else format_date(r["end"], lang)
    return f"{format_date(r['start'], lang)} → {end}"


LANE_PX = 13  # one lane of the timeline: a bar (BAR_PX) and the space between bars
BAR_PX = 8
ROW_GAP = 0.8  # lanes of space between two imposers
LEGEND_PX = 100  # under the timeline: its legend, in up to four rows at 700 px


def _lanes(measures: pd.DataFrame, as_of) -> list[int]:
    """Each measure's lane (0, 1, …) within its imposer's row: a measure takes the first lane free at
    its start, so measures in force at the same time lie side by side, never on top of each other."""
    ends: list = []  # per lane, when its last measure ends
    lanes = []
    for _, r in measures.iterrows():
        end = r["end"] if not pd.isna(r["end"]) else as_of
        lane = next((i for i, e in enumerate(ends) if e <= r["start"]), len(ends))
        ends[lane : lane + 1] = [end]
        lanes.append(lane)
    return lanes


def timeline_rows(sanctions: pd.DataFrame, imposers: list[str], as_of) -> dict[str, tuple[float, int]]:
    """Each imposer's row on the timeline's y axis, top to bottom: (where it starts, its number of lanes).
    A row has as many lanes as the imposer has measures in force at once on any one target of
    `sanctions`, so an explorer that switches target keeps its rows."""
    rows, top = {}, 0.0
    for code in imposers:
        mine = sanctions[sanctions["imposer"] == code]
        n = max([max(_lanes(g.sort_values("start"), as_of)) + 1 for _, g in mine.groupby("target")] or [1])
        rows[code] = (top, n)
        top += n + ROW_GAP
    return rows


def _rows_height(rows: dict) -> float:
    return max((top + n for top, n in rows.values()), default=1.0)


def timeline_data(
    shown: pd.DataFrame, names: dict[str, str], lang: str, as_of, rows: dict[str, tuple[float, int]] | None = None
) -> list[dict]:
    """Per measure type, the segments start → end (or `as_of` when still in force) for each imposer, each on
    its lane of the imposer's row (`rows`: from timeline_rows; by default the rows of `shown` itself)."""
    shown = shown.sort_values("start")
    rows = rows or timeline_rows(shown, imposer_order(shown["imposer"]), as_of)
    lane = pd.Series(0, index=shown.index)
    for _, mine in shown.groupby("imposer"):
        lane[mine.index] = _lanes(mine, as_of)
    traces = []
    for measure in MEASURES:
        sub = shown[shown["measure"] == measure]
        x, y, text = [], [], []
        for i, r in sub.iterrows():
            end = r["end"] if not pd.isna(r["end"]) else as_of
            top, _ = rows[r["imposer"]]
            at = top + lane[i] + 0.5
            label = imposer_name(r["imposer"], names, lang)
            hover = (
                f"<b>{html.escape(label)}</b> · {html.escape(t('sanctions.measure.' + measure, lang))}<br>"
                f"{html.escape(r[lang_col('instrument', lang)])}<br>"
                f"{_dates(r, lang)}"
                f"<br>{html.escape(r[lang_col('description', lang)])}"
            )
            x += [r["start"], end, None]
            y += [at, at, None]
            text += [hover, hover, None]
        traces.append(dict(key=measure, x=x, y=y, text=text))
    return traces


def sanctions_timeline(
    shown: pd.DataFrame,
    names: dict[str, str],
    lang: str,
    *,
    as_of,
    imposers: list[str],
    rows: dict[str, tuple[float, int]] | None = None,
) -> go.Figure:
    """Each measure a bar from its start to its end (or today), one row per imposer, colour = measure type;
    measures of one imposer in force at the same time lie in lanes side by side (`rows`: timeline_rows)."""
    rows = rows or timeline_rows(shown, imposers, as_of)
    fig = course_figure()
    for measure, data in zip(MEASURES, timeline_data(shown, names, lang, as_of, rows)):
        fig.add_trace(
            keyed(
                go.Scatter(
                    x=data["x"],
                    y=data["y"],
                    text=data["text"],
                    mode="lines",
                    line=dict(color=MEASURE_COLORS[measure], width=BAR_PX),
                    opacity=0.85,
                    name=t("sanctions.measure." + measure, lang),
                    hovertemplate="%{text}<extra></extra>",
                ),
                measure,
            )
        )
    span = _rows_height(rows)
    height = 110 + LEGEND_PX + LANE_PX * span
    fig.update_layout(
        title=dict(text=t("sanctions.timeline_title", lang)),
        height=height,
        # the legend under the axis
        legend=dict(
            orientation="h", yref="container", y=(LEGEND_PX - 12) / height, yanchor="top", xref="container", x=0.01
        ),
        margin=dict(b=LEGEND_PX + 28),
        xaxis=dict(type="date", range=["2005-06-01", str((as_of + pd.Timedelta(days=200)).date())]),
        yaxis=dict(
            range=[span, 0],  # the first imposer on top
            tickmode="array",
            tickvals=[top + n / 2 for top, n in rows.values()],
            ticktext=[imposer_name(c, names, lang) for c in rows],
            showgrid=False,
            zeroline=False,
            # a line between two imposers' rows: a row of several lanes reads as one imposer's
            minor=dict(
                tickmode="array",
                tickvals=[top - ROW_GAP / 2 for top, _ in list(rows.values())[1:]],
                showgrid=True,
                gridcolor="#d0d0d0",
                ticklen=0,
            ),
        ),
        meta={"description": t("sanctions.timeline_alt", lang, n=len(shown))},
    )
    return fig


def sanctions_table_html(shown: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    if shown.empty:
        return course_html.empty("sanctions.none", lang)
    head = (
        "sanctions.col_imposer",
        "sanctions.col_target",
        "sanctions.col_measure",
        "sanctions.col_instrument",
        "sanctions.col_dates",
        "sanctions.col_what",
    )
    body = "".join(
        f"<tr><td>{html.escape(imposer_name(r['imposer'], names, lang))}</td>"
        f"<td>{html.escape(names.get(r['target'], r['target']))}</td>"
        f"<td>{html.escape(t('sanctions.measure.' + r['measure'], lang))}</td>"
        f"<td><small>{html.escape(r[lang_col('instrument', lang)])}</small></td>"
        f"<td style='white-space:nowrap'>{_dates(r, lang)}</td>"
        f"<td><small>{html.escape(r[lang_col('description', lang)])}</small></td></tr>"
        for _, r in shown.iterrows()
    )
    return course_html.table(head, body, lang)
