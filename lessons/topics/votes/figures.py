"""Lesson 07: recorded UN General Assembly votes — how often two countries vote alike, an
agreement heatmap for chosen countries, and a world map of the votes on one resolution.
Pure: data and names in, figures and HTML out."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lessons.core.locale import format_number, lang_col
from lessons.core.text import format_date, left_aligned, t
from lessons.viz import html as course_html
from lessons.viz.template import course_figure, geo_layout, keyed, shaded_countries

VOTES = ["yes", "no", "abstain", "absent"]
# Okabe–Ito colours; the map's hover and legend name each vote as well.
VOTE_COLORS = {"yes": "#0072B2", "no": "#D55E00", "abstain": "#F0E442", "absent": "#BBBBBB"}
CAST = ["yes", "no", "abstain"]
ALL = "*"
DEFAULT_COUNTRIES = ["IRN", "RUS", "CHN", "IND", "VNM", "BLR", "USA", "DEU", "TUR", "BRA"]


def _wide(votes: pd.DataFrame, resolutions: list[str] | None) -> pd.DataFrame:
    """One row per resolution, one column per country, the vote in each cell."""
    rows = votes if resolutions is None else votes[votes["resolution_id"].isin(resolutions)]
    return rows.pivot_table(index="resolution_id", columns="iso3", values="vote", aggfunc="first")


def agreement(votes: pd.DataFrame, a: str, b: str, resolutions: list[str] | None = None) -> tuple[float, int]:
    """Share (0–1) of the resolutions on which both `a` and `b` cast a vote (yes, no or abstain)
    and cast the same one, and how many such resolutions there were. NaN share if none."""
    wide = _wide(votes, resolutions)
    if a not in wide or b not in wide:
        return float("nan"), 0
    if a == b:
        n = int(wide[a].isin(CAST).sum())
        return (1.0 if n else float("nan")), n
    both = wide[[a, b]].dropna()
    both = both[both[a].isin(CAST) & both[b].isin(CAST)]
    if both.empty:
        return float("nan"), 0
    return float((both[a] == both[b]).mean()), len(both)


def agreement_matrix(
    votes: pd.DataFrame, countries: list[str], resolutions: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement share and number of shared votes for every pair of `countries` (two square DataFrames).

    The same numbers as `agreement(votes, a, b)` for each pair, from one pivot: for each way of
    voting, a 0/1 matrix (resolution × country); its product with itself counts the shared votes.
    """
    cast = _wide(votes, resolutions).reindex(columns=countries).to_numpy(dtype=object)
    same = np.zeros((len(countries), len(countries)))
    for vote in CAST:
        m = (cast == vote).astype(float)
        same += m.T @ m
    voted = np.isin(cast, CAST).astype(float)
    shared = voted.T @ voted
    share = np.where(shared > 0, same / np.maximum(shared, 1), np.nan)
    return (
        pd.DataFrame(share, index=countries, columns=countries, dtype=float),
        pd.DataFrame(shared.astype(int), index=countries, columns=countries),
    )


def baseline(votes: pd.DataFrame, resolutions: list[str] | None = None) -> tuple[float, int]:
    """The course's baseline for agreement scores: the mean score of every pair of distinct countries in
    `votes` (on `resolutions`) that shared at least one vote, and how many such pairs there are. A pair
    above it votes alike more often than a typical pair; near-unanimous votes raise every score and the
    baseline alike."""
    countries = sorted(set(votes["iso3"]))
    share, count = agreement_matrix(votes, countries, resolutions)
    upper = np.triu(np.ones(share.shape, dtype=bool), k=1) & (count.to_numpy() > 0)
    values = share.to_numpy()[upper]
    return (float(values.mean()) if values.size else float("nan")), int(values.size)


def one_vote(n: int) -> float:
    """How many percentage points one vote moves a score that rests on `n` shared votes."""
    return 100 / n if n else float("nan")


def filter_resolutions(resolutions: pd.DataFrame, category: str | None = None) -> pd.DataFrame:
    rows = resolutions if category in (None, ALL) else resolutions[resolutions["category"] == category]
    return rows.sort_values("date")


def heatmap_data(
    votes: pd.DataFrame, countries: list[str], names: dict[str, str], lang: str, resolutions: list[str] | None = None
) -> dict:
    share, count = agreement_matrix(votes, countries, resolutions)
    labels = [names.get(c, c) for c in countries]
    z = (share * 100).round(0)
    text = [
        [("—" if pd.isna(z.iloc[i, j]) else f"{int(z.iloc[i, j])}") for j in range(len(countries))]
        for i in range(len(countries))
    ]
    hover = [
        [_hover(labels[i], labels[j], text[i][j], int(count.iloc[i, j]), i == j, lang) for j in range(len(countries))]
        for i in range(len(countries))
    ]
    return dict(z=z.values.tolist(), x=labels, y=labels, text=text, customdata=hover)


def _hover(a: str, b: str, share: str, n: int, same: bool, lang: str) -> str:
    """A cell's hover: the score, the votes it rests on and, for a pair, how much one vote moves it."""
    if not n:  # no resolution both voted on: no score, not "—% of 0"
        return t("votes.hover_none", lang, a=a, b=b)
    words = t("votes.hover_pair", lang, a=a, b=b, share=share, n=n)
    if n and not same:
        words += t("votes.hover_one_vote", lang, points=format_number(one_vote(n), lang, decimals=0))
    return words


def baseline_marks(votes: pd.DataFrame, resolutions: list[str], lang: str) -> dict:
    """The baseline drawn on the heatmap: a labelled tick on the colour bar and a note under the title."""
    value, pairs = baseline(votes, resolutions)
    ticks = [0, 25, 50, 75, 100]
    if pd.isna(value):
        return dict(value=value, tickvals=ticks, ticktext=[str(v) for v in ticks], note="")
    pct = round(value * 100)
    near = [v for v in ticks if abs(v - pct) < 8]
    kept = [v for v in ticks if v not in near]
    tickvals = sorted([*kept, value * 100])
    ticktext = [t("votes.baseline_tick", lang, pct=pct) if v == value * 100 else str(int(v)) for v in tickvals]
    note = t("votes.baseline_note", lang, pct=pct, pairs=pairs)
    return dict(value=value, tickvals=tickvals, ticktext=ticktext, note=note)


def agreement_heatmap(
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    countries: list[str],
    names: dict[str, str],
    lang: str,
    *,
    category: str | None = None,
) -> go.Figure:
    """How often each pair of `countries` voted alike (% of resolutions where both voted)."""
    chosen = list(filter_resolutions(resolutions, category)["id"])
    data = heatmap_data(votes, countries, names, lang, chosen)
    marks = baseline_marks(votes, chosen, lang)
    fig = course_figure(
        keyed(
            go.Heatmap(
                z=data["z"],
                x=data["x"],
                y=data["y"],
                text=data["text"],
                customdata=data["customdata"],
                texttemplate="%{text}",
                colorscale="Cividis",
                zmin=0,
                zmax=100,
                hovertemplate="%{customdata}<extra></extra>",
                colorbar=dict(
                    title=dict(text=t("votes.colorbar", lang), side="right"),
                    thickness=12,
                    tickvals=marks["tickvals"],
                    ticktext=marks["ticktext"],
                ),
            ),
            "agreement",
        )
    )
    fig.update_layout(
        title=dict(text=heatmap_title(len(chosen), category, lang)),
        height=200 + 38 * len(countries),
        margin=dict(t=72, b=10),
        xaxis=dict(side="bottom", tickangle=-35, automargin=True),
        yaxis=dict(autorange="reversed", automargin=True),
        annotations=[baseline_annotation(marks["note"])],
        meta={"description": heatmap_alt(votes, countries, names, lang, chosen), "baseline": marks["value"]},
    )
    return fig


def baseline_annotation(note: str) -> dict:
    """The baseline's note, just under the title."""
    return dict(
        text=note,
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        yshift=8,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=12),
    )


def heatmap_title(n: int, category: str | None, lang: str) -> str:
    topic = t("votes.all_topics", lang) if category in (None, ALL) else t("votes.category." + category, lang)
    return t("votes.heatmap_title", lang, n=n, topic=topic)


def heatmap_alt(votes: pd.DataFrame, countries: list[str], names: dict[str, str], lang: str, chosen: list[str]) -> str:
    if "IRN" in countries and "RUS" in countries:
        s, n = agreement(votes, "IRN", "RUS", chosen)
        if not n or pd.isna(s):
            pair = " " + t("votes.hover_none", lang, a=names.get("IRN", "IRN"), b=names.get("RUS", "RUS")) + "."
        elif n == 1:  # one vote is no percentage: say what happened
            pair = t("votes.alt_pair_one_same" if s == 1 else "votes.alt_pair_one_diff", lang)
        else:
            pair = t("votes.alt_pair", lang, share=int(round(s * 100)), n=n)
    else:
        pair = ""
    note = baseline_marks(votes, chosen, lang)["note"]
    return (
        t(
            "votes.heatmap_alt",
            lang,
            n=len(countries),
            resolutions=len(chosen),
            countries=", ".join(names.get(c, c) for c in countries),
        )
        + pair
        + (" " + note if note else "")
    )


def vote_map_traces(votes: pd.DataFrame, resolution_id: str, names: dict[str, str], lang: str) -> list[dict]:
    rows = votes[votes["resolution_id"] == resolution_id]
    traces = []
    for vote in VOTES:
        codes = list(rows.loc[rows["vote"] == vote, "iso3"])
        traces.append(
            dict(
                key=vote,
                locations=codes,
                z=[1] * len(codes),
                text=[f"{names.get(c, c)}: {t('votes.vote.' + vote, lang)}" for c in codes],
            )
        )
    return traces


TITLE_CHARS = 70  # characters on one line of the vote map's title
TITLE_MARGIN = 78  # px above the map: room for a title of two lines


def vote_map_title(resolutions: pd.DataFrame, resolution_id: str, lang: str) -> str:
    """The map's title, on lines short enough for a 700 px wide map (a resolution's title can be long)."""
    r = resolutions.set_index("id").loc[resolution_id]
    words = t(
        "votes.map_title", lang, symbol=r["symbol"], title=r[lang_col("title", lang)], date=format_date(r["date"], lang)
    )
    return course_html.wrap(words, TITLE_CHARS)


def vote_map_alt(
    votes: pd.DataFrame, resolutions: pd.DataFrame, resolution_id: str, names: dict[str, str], lang: str
) -> str:
    r = resolutions.set_index("id").loc[resolution_id]
    rows = votes[votes["resolution_id"] == resolution_id].set_index("iso3")["vote"]
    said = {c: t("votes.vote." + rows[c], lang) if c in rows else "—" for c in ("IRN", "RUS", "VNM")}
    return t(
        "votes.map_alt",
        lang,
        symbol=r["symbol"],
        yes=int(r["yes"]),
        no=int(r["no"]),
        abstain=int(r["abstain"]),
        n=len(rows),
        iran=said["IRN"],
        russia=said["RUS"],
        vietnam=said["VNM"],
    )


def vote_map(
    votes: pd.DataFrame, resolutions: pd.DataFrame, resolution_id: str, names: dict[str, str], lang: str
) -> go.Figure:
    """The sample countries coloured by their vote on one resolution (others left blank)."""
    fig = course_figure()
    for vote, data in zip(VOTES, vote_map_traces(votes, resolution_id, names, lang)):
        color = VOTE_COLORS[vote]
        name = t("votes.vote." + vote, lang)
        fig.add_trace(shaded_countries(vote, color, name=name, showlegend=True, **data))
    geo_layout(fig, vote_map_title(resolutions, resolution_id, lang), lang)
    description = vote_map_alt(votes, resolutions, resolution_id, names, lang)
    fig.update_layout(margin_t=TITLE_MARGIN, meta={"description": description})
    return fig


def resolution_html(resolutions: pd.DataFrame, resolution_id: str, sources: pd.DataFrame, lang: str) -> str:
    r = resolutions.set_index("id").loc[resolution_id]
    links = course_html.source_links(str(r["source_ids"]), sources, sep=", ")
    totals = t(
        "votes.totals", lang, yes=int(r["yes"]), no=int(r["no"]), abstain=int(r["abstain"]), absent=int(r["non_voting"])
    )
    return (
        f"<p><b>{html.escape(r['symbol'])}</b> · {format_date(r['date'], lang)} · "
        f"{html.escape(t('votes.category.' + r['category'], lang))}<br>"
        f"{html.escape(r[lang_col('topic', lang)])}<br>"
        f"{html.escape(totals)}"
        f"<br><small>{html.escape(t('votes.source', lang))}: {links}</small></p>"
    )


def votes_table_html(
    votes: pd.DataFrame, resolutions: pd.DataFrame, countries: list[str], names: dict[str, str], lang: str
) -> str:
    """Resolutions (rows) × countries (columns), each cell the country's vote."""
    wide = votes.pivot_table(index="resolution_id", columns="iso3", values="vote", aggfunc="first")
    head = f"<th>{html.escape(t('votes.resolution', lang))}</th>" + "".join(
        f"<th>{html.escape(names.get(c, c))}</th>" for c in countries
    )
    body = []
    for _, r in resolutions.sort_values("date").iterrows():
        cells = []
        for c in countries:
            v = wide.loc[r["id"], c] if r["id"] in wide.index and c in wide.columns else None
            label = t("votes.vote_short." + v, lang) if isinstance(v, str) else "—"
            color = VOTE_COLORS.get(v, "#fff")
            cells.append(f"<td style='background:{color}33'>{html.escape(label)}</td>")
        body.append(
            f"<tr><td><small>{html.escape(r['symbol'])}<br>{html.escape(r[lang_col('title', lang)])}"
            f"</small></td>{''.join(cells)}</tr>"
        )
    return left_aligned(
        f"<table class='lessons-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
