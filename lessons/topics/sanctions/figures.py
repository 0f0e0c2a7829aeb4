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
                f"{html.escape(r[lang_col('instrument', lang)])}<br>"
                f"{_dates(r, lang)}"
                f"<br>{html.escape(r[lang_col('description', lang)])}"
            )
            x += [r["start"], end, None]
            y += [label, label, None]
            text += [hover, hover, None]
        traces.append(dict(key=measure, x=x, y=y, text=text))
    return traces


def sanctions_timeline(
    shown: pd.DataFrame, names: dict[str, str], lang: str, *, as_of, imposers: list[str]
) -> go.Figure:
    """Each measure a bar from its start to its end (or today), one row per imposer, colour = measure type."""
    fig = course_figure()
    for measure, data in zip(MEASURES, timeline_data(shown, names, lang, as_of)):
        fig.add_trace(
            keyed(
                go.Scatter(
                    x=data["x"],
                    y=data["y"],
                    text=data["text"],
                    mode="lines",
                    line=dict(color=MEASURE_COLORS[measure], width=9),
                    opacity=0.85,
                    name=t("sanctions.measure." + measure, lang),
                    hovertemplate="%{text}<extra></extra>",
                ),
                measure,
            )
        )
    rows = [imposer_name(c, names, lang) for c in imposers]
    fig.update_layout(
        title=dict(text=t("sanctions.timeline_title", lang)),
        height=140 + 26 * len(rows),
        legend=dict(orientation="h", y=-0.15),
        xaxis=dict(type="date", range=["2005-06-01", str((as_of + pd.Timedelta(days=200)).date())]),
        yaxis=dict(type="category", categoryorder="array", categoryarray=list(reversed(rows))),
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
