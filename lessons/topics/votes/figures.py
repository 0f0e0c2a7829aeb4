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
    note = t("votes.baseline_note", lang, pct=pct, pairs=format_number(pairs, lang))  # 18,528 / 18.528
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
        margin=dict(t=heatmap_top(marks["note"]), b=10),
        xaxis=dict(side="bottom", tickangle=-35, automargin=True),
        yaxis=dict(autorange="reversed", automargin=True),
        annotations=[baseline_annotation(marks["note"])],
        meta={
            "description": heatmap_alt(votes, countries, names, lang, chosen, marks=marks),
            "baseline": marks["value"],
        },
    )
    return fig


NOTE_CHARS = 60  # characters on one line of the baseline's note: long country names push the plot's left edge right


def baseline_annotation(note: str) -> dict:
    """The baseline's note, just under the title, on lines short enough for the plot beside long names."""
    return dict(
        text=course_html.wrap(note, NOTE_CHARS),
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        yshift=8,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font=dict(size=12),
    )


def heatmap_top(note: str) -> int:
    """The heatmap's top margin: the title, then the baseline's note on one line or more."""
    return 72 + 16 * (course_html.wrap(note, NOTE_CHARS).count("<br>"))


def heatmap_title(n: int, category: str | None, lang: str) -> str:
    topic = t("votes.all_topics", lang) if category in (None, ALL) else t("votes.category." + category, lang)
    return t("votes.heatmap_title", lang, n=n, topic=topic)


def heatmap_alt(
    votes: pd.DataFrame,
    countries: list[str],
    names: dict[str, str],
    lang: str,
    chosen: list[str],
    *,
    marks: dict | None = None,
) -> str:
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
    note = (marks or baseline_marks(votes, chosen, lang))["note"]
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
    """Every member state in the vote table coloured by its vote on one resolution."""
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


# --- the record as a whole, one pair, one country ---------------------------------------------------------
MAX_HEATMAP = 12  # countries on one heatmap: more and the labels and cells can no longer be read


def record(votes: pd.DataFrame, resolutions: pd.DataFrame) -> dict:
    """What the vote table holds: how many resolutions and member states, the years, how many resolutions
    on each topic (most first) and how many recorded non-votes."""
    topics = resolutions["category"].value_counts()
    order = sorted(topics.index, key=lambda c: (-topics[c], c))
    dates = pd.to_datetime(resolutions["date"])
    return dict(
        resolutions=len(resolutions),
        members=votes["iso3"].nunique(),
        first=int(dates.min().year),
        last=int(dates.max().year),
        topics={c: int(topics[c]) for c in order},
        absent=int((votes["vote"] == "absent").sum()),
        rows=len(votes),
    )


def record_html(votes: pd.DataFrame, resolutions: pd.DataFrame, lang: str) -> str:
    """The record in words: its size, its years and its topics with their counts."""
    r = record(votes, resolutions)
    topics = "; ".join(
        t("votes.record_topic", lang, topic=t("votes.category." + c, lang), n=n) for c, n in r["topics"].items()
    )
    return (
        "<p>"
        + html.escape(
            t("votes.record", lang, n=r["resolutions"], members=r["members"], first=r["first"], last=r["last"])
        )
        + "<br>"
        + html.escape(t("votes.record_topics", lang, topics=topics))
        + "</p>"
    )


def compare(votes: pd.DataFrame, resolutions: pd.DataFrame, a: str, b: str) -> dict:
    """Country `a` against country `b`: the resolutions both voted on, how many alike, the same per topic,
    and the resolutions on which they voted differently (each with both votes), oldest first."""
    ordered = resolutions.sort_values("date")
    table = _wide(votes, None).reindex(index=ordered["id"])
    wide = pd.DataFrame({"a": table.get(a), "b": table.get(b)}, index=table.index)  # a may be b
    a, b = "a", "b"
    both = wide[wide[a].isin(CAST) & wide[b].isin(CAST)]
    same = both[a] == both[b]
    category = ordered.set_index("id")["category"]
    topics = {}
    for c in dict.fromkeys(ordered["category"]):
        ids = [i for i in both.index if category[i] == c]
        topics[c] = (int(same[ids].sum()), len(ids), int((category == c).sum()))
    differ = [
        dict(id=i, vote_a=wide.loc[i, a], vote_b=wide.loc[i, b])
        for i in wide.index
        if isinstance(wide.loc[i, a], str) and isinstance(wide.loc[i, b], str) and wide.loc[i, a] != wide.loc[i, b]
    ]
    n = len(both)
    return dict(
        n=n, same=int(same.sum()), share=float(same.mean()) if n else float("nan"), topics=topics, differ=differ
    )


def compare_html(
    votes: pd.DataFrame, resolutions: pd.DataFrame, a: str, b: str, names: dict[str, str], lang: str
) -> str:
    """`compare` in words and two tables: per topic, then the resolutions where the two voted differently."""
    c = compare(votes, resolutions, a, b)
    na, nb = names.get(a, a), names.get(b, b)
    if c["n"]:
        head = t("votes.compare_head", lang, a=na, b=nb, n=c["n"], same=c["same"], share=round(c["share"] * 100))
    else:
        head = t("votes.hover_none", lang, a=na, b=nb) + "."
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(t('votes.category.' + cat, lang))}</td><td>{total}</td><td>{n}</td>"
        f"<td>{same}</td><td>{(str(round(same / n * 100)) + '%') if n else '—'}</td></tr>"
        for cat, (same, n, total) in c["topics"].items()
    )
    topics = (
        f"<table class='lessons-table'><thead><tr><th>{esc(t('votes.topic', lang))}</th>"
        f"<th>{esc(t('votes.compare_total', lang))}</th><th>{esc(t('votes.compare_both', lang))}</th>"
        f"<th>{esc(t('votes.compare_alike', lang))}</th><th>%</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    by_id = resolutions.set_index("id")
    if c["differ"]:
        lines = "".join(
            f"<tr><td><small>{esc(by_id.loc[d['id'], 'symbol'])} · {format_date(by_id.loc[d['id'], 'date'], lang)}"
            f"<br>{esc(by_id.loc[d['id'], lang_col('title', lang)])}</small></td>"
            f"<td>{esc(t('votes.vote.' + d['vote_a'], lang))}</td>"
            f"<td>{esc(t('votes.vote.' + d['vote_b'], lang))}</td></tr>"
            for d in c["differ"]
        )
        differ = (
            f"<p>{esc(t('votes.compare_differ', lang, n=len(c['differ'])))}</p>"
            f"<table class='lessons-table'><thead><tr><th>{esc(t('votes.resolution', lang))}</th>"
            f"<th>{esc(na)}</th><th>{esc(nb)}</th></tr></thead><tbody>{lines}</tbody></table>"
        )
    else:
        differ = f"<p>{esc(t('votes.compare_never_differ', lang))}</p>"
    return left_aligned(f"<p><b>{esc(head)}</b></p>{topics}{differ}")


def by_topic(votes: pd.DataFrame, resolutions: pd.DataFrame, country: str) -> pd.DataFrame:
    """One country's votes counted per topic: a row per topic (in the order of the first vote), a column
    per way of voting."""
    ordered = resolutions.sort_values("date")
    rows = votes[votes["iso3"] == country].merge(ordered[["id", "category"]], left_on="resolution_id", right_on="id")
    table = pd.crosstab(rows["category"], rows["vote"]).reindex(
        index=list(dict.fromkeys(ordered["category"])), columns=VOTES, fill_value=0
    )
    return table.fillna(0).astype(int)


def by_topic_html(
    votes: pd.DataFrame, resolutions: pd.DataFrame, country: str, names: dict[str, str], lang: str
) -> str:
    table = by_topic(votes, resolutions, country)
    esc = html.escape
    head = f"<th>{esc(t('votes.topic', lang))}</th>" + "".join(
        f"<th style='background:{VOTE_COLORS[v]}33'>{esc(t('votes.vote.' + v, lang))}</th>" for v in VOTES
    )
    body = "".join(
        f"<tr><td>{esc(t('votes.category.' + cat, lang))}</td>"
        + "".join(f"<td>{int(table.loc[cat, v]) or ''}</td>" for v in VOTES)
        + "</tr>"
        for cat in table.index
    )
    title = t("votes.by_topic_title", lang, country=names.get(country, country), n=int(table.to_numpy().sum()))
    return left_aligned(
        f"<p><b>{esc(title)}</b></p><table class='lessons-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def compare_bars(votes: pd.DataFrame, resolutions: pd.DataFrame, a: str, b: str, names: dict[str, str], lang: str):
    """The per-topic bars of `compare`: a topic per row (in the order of the first vote), the share alike in %,
    the counts beside each bar; a topic on which the two never both voted has no bar and says so."""
    c = compare(votes, resolutions, a, b)
    topics = list(c["topics"])
    labels = [t("votes.category." + k, lang) for k in topics]
    x, text, hover = [], [], []
    na, nb = names.get(a, a), names.get(b, b)
    for k in topics:
        same, n, _ = c["topics"][k]
        x.append(round(same / n * 100) if n else None)
        text.append(f"{same}/{n}" if n else "—")
        hover.append(
            t("votes.hover_pair", lang, a=na, b=nb, share=round(same / n * 100), n=n)
            if n
            else t("votes.hover_none", lang, a=na, b=nb)
        )
    title = (
        t("votes.compare_head", lang, a=na, b=nb, n=c["n"], same=c["same"], share=round(c["share"] * 100))
        if c["n"]
        else t("votes.hover_none", lang, a=na, b=nb)
    )
    return dict(x=x, y=labels, text=text, customdata=hover, title=course_html.wrap(title, TITLE_CHARS))


def compare_figure(
    votes: pd.DataFrame, resolutions: pd.DataFrame, a: str, b: str, names: dict[str, str], lang: str
) -> go.Figure:
    """Country `a` against `b`, topic by topic: how often they voted alike (%) of the votes both cast."""
    data = compare_bars(votes, resolutions, a, b, names, lang)
    fig = course_figure(
        keyed(
            go.Bar(
                x=data["x"],
                y=data["y"],
                text=data["text"],
                customdata=data["customdata"],
                orientation="h",
                textposition="outside",
                cliponaxis=False,
                marker_color=VOTE_COLORS["yes"],
                hovertemplate="%{customdata}<extra></extra>",
            ),
            "alike",
        )
    )
    fig.update_layout(
        title=dict(text=data["title"]),
        height=140 + 34 * len(data["y"]),
        margin=dict(t=TITLE_MARGIN, r=40),
        xaxis=dict(range=[0, 112], title=t("votes.colorbar", lang), tickvals=[0, 25, 50, 75, 100]),
        yaxis=dict(autorange="reversed", automargin=True),
        meta={"description": data["title"]},
    )
    return fig
