"""Lesson 05: Iran–Russia trade under sanctions — the bilateral figures as each source gives them,
each country's largest partners and the figures behind both. Pure: data and names in, figures and HTML out."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lessons.core import locale
from lessons.core.config import LANGUAGES
from lessons.core.locale import lang_col
from lessons.core.text import publisher, source_link, t
from lessons.viz import html as course_html
from lessons.viz.template import course_figure, keyed

PAIR = {"IRN", "RUS"}
WORLD = "WLD"
# Okabe–Ito colours, safe for colour-vision deficiency: colour = whose figure, shape = kind of source.
SIDE_COLORS = {"RUS": "#0072B2", "IRN": "#D55E00"}
BASES = ["customs", "national_statistics", "imf_dots", "un_comtrade", "official_statement", "estimate"]
BASIS_SYMBOLS = {
    "customs": "circle",
    "national_statistics": "square",
    "imf_dots": "diamond",
    "un_comtrade": "triangle-up",
    "official_statement": "star",
    "estimate": "x",
}
PARTNER_COLOR, FOCUS_COLOR = "#9aa5b1", "#D55E00"


def bilateral(trade: pd.DataFrame) -> pd.DataFrame:
    """Iran–Russia rows, each with `direction`: "total", "RUS→IRN" or "IRN→RUS" (who ships to whom)."""
    rows = trade[
        trade["reporter"].isin(PAIR) & trade["partner"].isin(PAIR) & (trade["reporter"] != trade["partner"])
    ].copy()
    exports = (rows["flow"] == "exports").to_numpy(dtype=bool)
    reporter, partner = rows["reporter"].astype(str).to_numpy(), rows["partner"].astype(str).to_numpy()
    seller, buyer = np.where(exports, reporter, partner), np.where(exports, partner, reporter)
    direction = [f"{a}→{b}" for a, b in zip(seller, buyer)]
    rows["direction"] = (
        np.where((rows["flow"] == "total").to_numpy(dtype=bool), "total", direction) if len(rows) else []
    )
    return rows.sort_values(["year", "direction"])


def turnover(trade: pd.DataFrame) -> pd.DataFrame:
    """One total per year and source, whole years only: the source's own total, or its two
    directions added up. Figures for part of a year stay out (they are in the table)."""
    columns = [
        "year",
        "source_id",
        "basis",
        "reporter",
        "value_usd_bn",
        *[lang_col("note", x) for x in LANGUAGES],
        "summed",
    ]
    rows = bilateral(trade)
    rows = rows[(rows["months"] == 12).fillna(False) & rows["value_usd_bn"].notna()]
    keys = ["year", "source_id"]
    # a source's own total wins (its first row); otherwise both directions, one row each, added up
    totals = rows[rows["direction"] == "total"].drop_duplicates(keys).assign(summed=False)
    parts = rows[rows["direction"] != "total"].drop_duplicates(keys + ["direction"])
    parts = parts.merge(totals[keys], on=keys, how="left", indicator=True)
    parts = parts[parts["_merge"] == "left_only"].drop(columns="_merge")
    both = parts.groupby(keys, sort=False)["direction"].transform("nunique") == 2
    parts = parts[both & parts["direction"].isin(["RUS→IRN", "IRN→RUS"])]
    sums = parts.groupby(keys, sort=False)["value_usd_bn"].sum().rename("value_usd_bn").reset_index()
    summed = parts.drop_duplicates(keys).drop(columns="value_usd_bn").merge(sums, on=keys).assign(summed=True)
    out = (
        pd.concat([totals[columns], summed[columns]], ignore_index=True)
        if len(totals) or len(summed)
        else pd.DataFrame(columns=columns)
    )
    out = out.sort_values(keys).astype({"value_usd_bn": float})
    out["year"] = out["year"].astype(int)
    return out.sort_values(["year", "basis"]).reset_index(drop=True)


def growth_rate(values: pd.Series, start: int, end: int) -> float:
    """Percentage change from `start` to `end` of a Series indexed by year."""
    return float((values.loc[end] - values.loc[start]) / values.loc[start] * 100)


FLOWS = ["total", "exports", "imports"]


def partners(trade: pd.DataFrame, reporter: str, year: int, flow: str = "total") -> pd.DataFrame:
    """The `reporter`'s partners in `year` for one `flow`, largest first, with each one's share.

    A share missing in the data is computed from the world total of the same source when there is one.
    Where the sources give only ranks, the rows come in rank order and `position` is the rank.
    """
    rows = trade[(trade["reporter"] == reporter) & (trade["year"] == year) & (trade["flow"] == flow)]
    world = rows[rows["partner"] == WORLD].dropna(subset=["value_usd_bn"])
    world_by_source = dict(zip(world["source_id"], world["value_usd_bn"]))
    rows = rows[rows["partner"] != WORLD].copy()
    share = []
    for _, r in rows.iterrows():
        if pd.notna(r["share_pct"]):
            share.append(float(r["share_pct"]))
        elif pd.notna(r["value_usd_bn"]) and r["source_id"] in world_by_source:
            share.append(round(float(r["value_usd_bn"]) / float(world_by_source[r["source_id"]]) * 100, 1))
        else:
            share.append(float("nan"))
    rows["share"] = pd.array(share, dtype="Float64")
    # A value missing beside a share is the share of the same source's world total (same months).
    value = []
    for v, s_, src in zip(rows["value_usd_bn"], rows["share"], rows["source_id"]):
        if pd.isna(v) and pd.notna(s_) and src in world_by_source:
            value.append(round(float(s_) * float(world_by_source[src]) / 100, 1))
        else:
            value.append(v)
    rows["from_share"] = rows["value_usd_bn"].isna().to_numpy() & pd.notna(pd.Series(value, dtype="Float64")).to_numpy()
    rows["value_usd_bn"] = pd.array(value, dtype="Float64")
    # One row per partner: prefer rows with a value, then the source that covers most partners that year.
    coverage = rows.groupby("source_id")["partner"].nunique()
    rows["_coverage"] = rows["source_id"].map(coverage)
    rows["_has_value"] = rows["value_usd_bn"].notna()
    best_rank = rows.groupby("partner")["rank"].min()  # a rank any source gives, also one not kept below
    rows = rows.sort_values(["_has_value", "_coverage"], ascending=False).drop_duplicates("partner")
    rows["source_rank"] = rows["partner"].map(best_rank).astype("Int64")
    ranked = bool(rows["rank"].notna().any())
    if ranked:  # the sources' ranks first, in rank order; a partner they do not rank comes after them all
        rows["_unranked"] = rows["rank"].isna()
        rows = rows.sort_values(
            ["_unranked", "rank", "value_usd_bn", "share"], ascending=[True, True, False, False], na_position="last"
        ).drop(columns="_unranked")
    else:
        rows = rows.sort_values(["value_usd_bn", "share"], ascending=False, na_position="last")
    # position: the source's rank where it gives one; the order in the data when no row has a rank
    # (`ranked` False: an order among the partners the data hold, not a ranking of all partners);
    # none for a partner listed beside a ranking it is not part of (its place is unknown).
    if ranked:
        rows["position"] = rows["rank"].astype("Int64")
    else:
        rows["position"] = pd.array(range(1, len(rows) + 1), dtype="Int64")
    rows["ranked"] = ranked
    return rows.drop(columns=["_coverage", "_has_value"]).reset_index(drop=True)


def is_ranking(table: pd.DataFrame) -> bool:
    """Whether `partners()` gave a source's ranking (False: only the partners that have a figure in the data)."""
    return bool(len(table)) and bool(table["ranked"].iloc[0])


def partner_years(trade: pd.DataFrame, reporter: str, flow: str = "total") -> list[int]:
    """Years with at least three partners of `reporter` for `flow` in the data (enough for a ranking)."""
    rows = trade[(trade["reporter"] == reporter) & (trade["flow"] == flow) & (trade["partner"] != WORLD)]
    counts = rows.groupby("year")["partner"].nunique()
    return sorted(int(y) for y in counts[counts >= 3].index)


def rank_of(trade: pd.DataFrame, reporter: str, partner: str, year: int, flow: str = "total") -> int | None:
    """Where `partner` stands among `reporter`'s partners in `year` (1 = largest), or None if absent."""
    return _rank_in(partners(trade, reporter, year, flow), partner)


def focus_rank(table: pd.DataFrame, partner: str) -> int | None:
    """`partner`'s place as the chart states it: its rank in a ranking; in a table that is no ranking,
    the rank another source gives it (or None)."""
    if is_ranking(table):
        return _rank_in(table, partner)
    hit = table[table["partner"] == partner]
    return None if hit.empty or pd.isna(hit["source_rank"].iloc[0]) else int(hit["source_rank"].iloc[0])


def _rank_in(table: pd.DataFrame, partner: str) -> int | None:
    hit = table[table["partner"] == partner]
    if hit.empty or pd.isna(hit["position"].iloc[0]):
        return None
    return int(hit["position"].iloc[0])


def _value_text(value, lang: str) -> str:
    return locale.format_number(None if pd.isna(value) else float(value), lang, 2, trim=True, group=False)


def _source_label(sources: pd.DataFrame, source_id: str, lang: str) -> str:
    return publisher(sources.loc[source_id, "publisher"], lang) if source_id in sources.index else source_id


def bilateral_traces(
    trade: pd.DataFrame, sources: pd.DataFrame, lang: str, totals: pd.DataFrame | None = None
) -> list[dict]:
    """Per reporting side and kind of source that has figures, the yearly totals as points."""
    totals = turnover(trade) if totals is None else totals
    src = sources.set_index("id") if "id" in sources.columns else sources
    traces = []
    for side in SIDE_COLORS:
        for basis in BASES:
            sub = totals[(totals["reporter"] == side) & (totals["basis"] == basis)]
            if sub.empty:
                continue
            hover = []
            for _, r in sub.iterrows():
                note = (
                    r[lang_col("note", lang)]
                    if isinstance(r[lang_col("note", lang)], str) and r[lang_col("note", lang)]
                    else ""
                )
                hover.append(
                    t(
                        "trade.hover_total",
                        lang,
                        year=int(r["year"]),
                        value=_value_text(r["value_usd_bn"], lang),
                        source=html.escape(_source_label(src, r["source_id"], lang)),
                        basis=t("trade.basis." + basis, lang),
                    )
                    + (f"<br><i>{_wrap(note)}</i>" if note else "")
                )
            traces.append(
                dict(
                    key=f"{side}:{basis}",
                    side=side,
                    basis=basis,
                    x=list(sub["year"]),
                    y=list(sub["value_usd_bn"]),
                    text=hover,
                )
            )
    return traces


def _wrap(text: str) -> str:
    """A note as hover HTML: escaped first, then broken into lines (escaping after the break
    would show its <br> as text)."""
    return course_html.wrap(html.escape(text), 70)


def bilateral_chart(
    trade: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str], lang: str, *, year: int | None = None
) -> go.Figure:
    """Iran–Russia trade per year, one point per source: colour = whose figure (Russia's or Iran's),
    shape = kind of source, so that disagreeing sources show side by side."""
    totals = turnover(trade)
    fig = course_figure()
    for data in bilateral_traces(trade, sources, lang, totals):
        fig.add_trace(
            keyed(
                go.Scatter(
                    x=data["x"],
                    y=data["y"],
                    text=data["text"],
                    mode="markers",
                    name=t(
                        "trade.legend", lang, side=names[data["side"]], basis=t("trade.basis." + data["basis"], lang)
                    ),
                    marker=dict(
                        size=11,
                        color=SIDE_COLORS[data["side"]],
                        symbol=BASIS_SYMBOLS[data["basis"]],
                        line=dict(width=1, color="#333"),
                    ),
                    hovertemplate="%{text}<extra></extra>",
                ),
                data["key"],
            )
        )
    years = sorted(set(totals["year"])) or [2015, 2024]
    fig.update_layout(
        title=dict(text=t("trade.bilateral_title", lang)),
        height=400,
        legend=dict(orientation="h", y=-0.2),
        separators=locale.plotly_separators(lang),
        xaxis=dict(title=t("trade.axis_year", lang), dtick=1, range=[min(years) - 0.6, max(years) + 0.6]),
        yaxis=dict(title=t("trade.axis_bn", lang), rangemode="tozero"),
        meta={
            "description": t(
                "trade.bilateral_alt",
                lang,
                n=len(totals),
                first=min(years),
                last=max(years),
                low=_value_text(totals["value_usd_bn"].min(), lang) if len(totals) else "—",
                high=_value_text(totals["value_usd_bn"].max(), lang) if len(totals) else "—",
            )
        },
    )
    if year is not None:
        fig.update_layout(shapes=[year_marker(year)])
    return fig


def year_marker(year: int) -> dict:
    """A dotted vertical line at `year` across the whole plot."""
    return dict(
        type="line", x0=year, x1=year, xref="x", y0=0, y1=1, yref="paper", line=dict(width=2, dash="dot", color="#555")
    )


def partner_bars(table: pd.DataFrame, names: dict[str, str], lang: str, focus: str) -> dict:
    """Bars of the partner ranking: largest at the top; `focus` (the other country of the pair) stands out.

    A bar only where the data hold a figure: a partner the source ranks without a figure is listed at
    its rank with no bar ("rank only"), a partner outside the source's ranking comes below all ranked
    ones, and without any rank in the sources the labels carry no numbers (it is not a ranking)."""
    table = table.head(12)
    ranked = is_ranking(table)
    n_value, n_share = int(table["value_usd_bn"].notna().sum()), int(table["share"].notna().sum())
    measure = "value" if n_value and n_value >= n_share else "share" if n_share else "rank"
    column = {"value": "value_usd_bn", "share": "share"}.get(measure)
    if column:
        values = [None if pd.isna(v) else float(v) for v in table[column]]
    else:  # the source gives only the order: bars of one length (the labels carry the ranks), so no bar
        values = [1.0] * len(table)  # length suggests a size the source never gave
    months = _months(table)
    labels = []
    for p, c, v, m in zip(table["position"], table["partner"], values, table["months"]):
        name = names.get(c, c)
        if not ranked:
            label = name
        elif pd.isna(p):
            label = t("trade.unranked", lang, partner=name)
        elif v is None:
            label = t("trade.rank_only", lang, rank=int(p), partner=name)
        else:
            label = f"{int(p)}. {name}"
        if pd.notna(m) and int(m) != months:  # a figure for another period than the chart's
            period = t("trade.whole_year", lang) if int(m) == 12 else t("trade.part_year", lang, months=int(m))
            label += " · " + period
        labels.append(label)
    text = [
        _partner_hover(names.get(c, c), v, s, None if pd.isna(p) or not ranked else int(p), bool(d), lang)
        for c, v, s, p, d in zip(
            table["partner"], table["value_usd_bn"], table["share"], table["position"], table["from_share"]
        )
    ]
    colors = [FOCUS_COLOR if c == focus else PARTNER_COLOR for c in table["partner"]]
    return dict(x=values[::-1], y=labels[::-1], text=text[::-1], marker_color=colors[::-1], measure=measure)


def _partner_hover(partner: str, value, share, rank: int | None, from_share: bool, lang: str) -> str:
    """A partner bar's hover: its rank where a source gives one, then only the figures the data hold
    (a value worked out from a share says so; no "—%" for a share that is not there)."""
    head = t("trade.hover_rank", lang, rank=rank, partner=partner) if rank else partner
    parts = []
    if pd.notna(value):
        key = "trade.hover_value_from_share" if from_share else "trade.hover_value"
        parts.append(t(key, lang, value=_value_text(value, lang)))
    if pd.notna(share):
        parts.append(t("trade.hover_share", lang, share=_value_text(share, lang)))
    return f"<b>{html.escape(head)}</b><br>" + (" · ".join(parts) or t("trade.hover_no_figure", lang))


def partner_chart(
    trade: pd.DataFrame, names: dict[str, str], lang: str, *, reporter: str, year: int, flow: str = "total"
) -> go.Figure:
    """`reporter`'s largest trade partners in `year` for `flow`, with the other country of the pair highlighted."""
    focus = ({"IRN", "RUS"} - {reporter}).pop() if reporter in PAIR else ""
    table = partners(trade, reporter, year, flow)
    bars = partner_bars(table, names, lang, focus)
    fig = course_figure(
        keyed(
            go.Bar(
                x=bars["x"],
                y=bars["y"],
                text=bars["text"],
                orientation="h",
                marker_color=bars["marker_color"],
                hovertemplate="%{text}<extra></extra>",
                textposition="none",
            ),
            "partners",
        )
    )
    rank, ranked = focus_rank(table, focus), is_ranking(table)
    fig.update_layout(
        title=dict(text=partner_title(reporter, year, flow, names, lang, _months(table), ranked)),
        height=400,
        separators=locale.plotly_separators(lang),
        xaxis=partner_axis(bars["measure"], lang),
        meta={
            "description": partner_alt(
                reporter, focus, year, flow, rank, len(table), names, lang, focus in set(table["partner"]), ranked
            )
        },
    )
    return fig


def _months(table: pd.DataFrame) -> int:
    """The months the ranking covers: those of the ranked rows (12 unless they cover part of the year only)."""
    ranked = table[table["position"].notna()]
    return int(ranked["months"].max()) if len(ranked) else 12


def partner_axis(measure: str, lang: str) -> dict:
    return dict(title=t("trade.axis_" + measure, lang), rangemode="tozero", showticklabels=measure != "rank")


def partner_title(
    reporter: str, year: int, flow: str, names: dict[str, str], lang: str, months: int = 12, ranked: bool = True
) -> str:
    title = t(
        "trade.partners_title" if ranked else "trade.partners_title_unranked",
        lang,
        country=names.get(reporter, reporter),
        year=year,
        flow=t("trade.flow." + flow, lang).lower(),
    )
    return title if months == 12 else title + " · " + t("trade.part_year", lang, months=months)


def partner_alt(
    reporter: str,
    focus: str,
    year: int,
    flow: str,
    rank: int | None,
    n: int,
    names: dict[str, str],
    lang: str,
    listed: bool = False,
    ranked: bool = True,
) -> str:
    if not ranked:  # an order among the partners the data hold is no rank: never "number k" (`rank`: another source's)
        key = "trade.partners_alt_unranked_source" if rank else "trade.partners_alt_unranked"
        key = key if listed else "trade.partners_alt_unranked_absent"
    else:
        key = "trade.partners_alt" if rank else "trade.partners_alt_outside" if listed else "trade.partners_alt_absent"
    return t(
        key,
        lang,
        country=names.get(reporter, reporter),
        other=names.get(focus, focus),
        year=year,
        rank=rank or "",
        n=n,
        flow=t("trade.flow." + flow, lang).lower(),
    )


def trade_table_html(rows: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    """Figures with their source and note, one row each."""
    if rows.empty:
        return course_html.empty("trade.none", lang)
    src = sources.set_index("id")
    body = []
    for _, r in rows.iterrows():
        label = source_link(src.loc[r["source_id"]])
        note = r[lang_col("note", lang)] if isinstance(r[lang_col("note", lang)], str) else ""
        partner = t("trade.world", lang) if r["partner"] == WORLD else names.get(r["partner"], r["partner"])
        months = "" if r["months"] == 12 else html.escape(t("trade.part_year", lang, months=int(r["months"])))
        part = f"<br><small>{months}</small>" if months else ""
        body.append(
            f"<tr><td>{int(r['year'])}{part}</td>"
            f"<td>{html.escape(names.get(r['reporter'], r['reporter']))}</td><td>{html.escape(partner)}</td>"
            f"<td>{html.escape(t('trade.flow.' + r['flow'], lang))}</td><td>{_value_text(r['value_usd_bn'], lang)}</td>"
            f"<td>{_value_text(r['share_pct'], lang)}</td><td><small>{label} · "
            f"{html.escape(t('trade.basis.' + r['basis'], lang))}</small></td>"
            f"<td><small>{html.escape(note)}</small></td></tr>"
        )
    head = [f"trade.col_{c}" for c in ("year", "reporter", "partner", "flow", "value", "share", "source", "note")]
    return course_html.table(head, "".join(body), lang, th_style="")


def by_year(trade: pd.DataFrame) -> pd.DataFrame:
    """Iran–Russia trade per year as each side's figures give it (whole years only, as `turnover`):
    the lowest and highest Russian figure and the lowest and highest Iranian figure, in bn USD."""
    totals = turnover(trade)
    out = totals.groupby(["year", "reporter"])["value_usd_bn"].agg(["min", "max"]).unstack("reporter")
    out.columns = [f"{side.lower()}_{end}" for end, side in out.columns]
    for col in ("rus_min", "rus_max", "irn_min", "irn_max"):
        if col not in out:
            out[col] = np.nan
    return out[["rus_min", "rus_max", "irn_min", "irn_max"]].reset_index()


def _range_text(low, high, lang: str) -> str:
    if pd.isna(low):
        return "—"
    if round(float(low), 2) == round(float(high), 2):
        return _value_text(low, lang)
    return f"{_value_text(low, lang)}–{_value_text(high, lang)}"


def by_year_html(trade: pd.DataFrame, lang: str) -> str:
    """`by_year` as a small table: one row per year, one column per side (a range where its sources differ)."""
    table = by_year(trade)
    if table.empty:
        return course_html.empty("trade.none", lang)
    body = "".join(
        f"<tr><td>{int(r['year'])}</td><td>{_range_text(r['rus_min'], r['rus_max'], lang)}</td>"
        f"<td>{_range_text(r['irn_min'], r['irn_max'], lang)}</td></tr>"
        for _, r in table.iterrows()
    )
    head = ["trade.col_year", "trade.by_year_russian", "trade.by_year_iranian"]
    caption = f"<p><small>{html.escape(t('trade.by_year_caption', lang))}</small></p>"
    return course_html.table(head, body, lang, th_style="") + caption
