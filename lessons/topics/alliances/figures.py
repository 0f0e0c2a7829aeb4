"""Lesson 03: alliance structure — membership over time on a map, a network of bilateral ties,
and a side-by-side reading of defence clauses. Pure: data and names in, figures and HTML out."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from lessons.core.locale import format_date, lang_col
from lessons.core.text import t
from lessons.viz import html as course_html
from lessons.viz.template import course_figure, geo_layout, keyed, shaded_countries

MEMBER_STATUSES = ["member", "contested", "observer", "partner", "dialogue_partner", "frozen", "suspended"]
# Okabe–Ito colours, safe for colour-vision deficiency. A contested membership (listed by the organisation,
# not confirmed by the country) is never counted as a member: its own colour, the evidence scale's orange
# for "disputed", and a dark outline as a second cue.
MEMBER_COLORS = {
    "member": "#0072B2",
    "contested": "#E69F00",
    "observer": "#56B4E9",
    "partner": "#009E73",
    "dialogue_partner": "#F0E442",
    "frozen": "#D55E00",
    "suspended": "#CC79A7",
}
MEMBER_OUTLINE = {"contested": ("#000000", 1.5)}
TIE_TYPES = ["mutual_defence_treaty", "comprehensive_strategic_partnership", "strategic_partnership", "adversarial"]
TIE_COLORS = {
    "mutual_defence_treaty": "#D55E00",
    "comprehensive_strategic_partnership": "#0072B2",
    "strategic_partnership": "#56B4E9",
    "adversarial": "#CC79A7",
}
TIE_DASH = {
    "mutual_defence_treaty": "solid",
    "comprehensive_strategic_partnership": "solid",
    "strategic_partnership": "dot",
    "adversarial": "dash",
}


def organisation_label(abbr: str, name: str) -> str:
    """An organisation as its menu names it: "CSTO · Collective Security Treaty Organization", but
    "BRICS" once when the short name is the name."""
    abbr, name = str(abbr).strip(), str(name).strip()
    return abbr if not name or name.casefold() == abbr.casefold() else f"{abbr} · {name}"


def status_on(memberships: pd.DataFrame, org_id: str, year: int) -> pd.DataFrame:
    """Each country's status in `org_id` at the end of `year` (or today, for the current year)."""
    moment = pd.Timestamp(year=year, month=12, day=31)
    rows = memberships[
        (memberships["org_id"] == org_id)
        & (memberships["start"] <= moment)
        & (memberships["end"].isna() | (memberships["end"] > moment))
    ]
    rows = rows[rows["status"] != "withdrawn"]
    return rows.sort_values("start").drop_duplicates("iso3", keep="last")


def contested_names(current: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """The countries whose membership is contested in `current`, by name: shown apart, never counted."""
    return [names.get(c, c) for c in current.loc[current["status"] == "contested", "iso3"]]


def membership_traces(current: pd.DataFrame, names: dict[str, str], lang: str) -> list[dict]:
    traces = []
    for status in MEMBER_STATUSES:
        codes = list(current.loc[current["status"] == status, "iso3"])
        traces.append(
            dict(
                key=status,
                locations=codes,
                z=[1] * len(codes),
                text=[f"{names.get(c, c)}: {t('alliance.status.' + status, lang)}" for c in codes],
            )
        )
    return traces


def membership_map(
    memberships: pd.DataFrame,
    organizations: pd.DataFrame,
    names: dict[str, str],
    lang: str,
    org_id: str,
    year: int,
    as_of: pd.Timestamp | None = None,
) -> go.Figure:
    """A world map of one organisation's members, observers and partners at the end of `year`
    (on the data's date `as_of` for its year: that year has not ended in the data)."""
    org = organizations.set_index("id").loc[org_id]
    current = status_on(memberships, org_id, year)
    fig = course_figure()
    for status, data in zip(MEMBER_STATUSES, membership_traces(current, names, lang)):
        color = MEMBER_COLORS[status]
        name = t("alliance.status." + status, lang)
        line_color, line_width = MEMBER_OUTLINE.get(status, ("#555", 0.5))
        fig.add_trace(
            shaded_countries(
                status, color, name=name, showlegend=True, line_color=line_color, line_width=line_width, **data
            )
        )
    geo_layout(fig, membership_title(org, current, year, lang, as_of, names), lang)
    fig.update_layout(meta={"description": membership_alt(org, current, year, names, lang)})
    return fig


def membership_alt(org: pd.Series, current: pd.DataFrame, year: int, names: dict[str, str], lang: str) -> str:
    """The map in words: how many members, how many with another status, and a contested membership by name."""
    return t(
        "alliance.map_alt",
        lang,
        org=org["abbr"],
        year=year,
        members=int((current["status"] == "member").sum()),
        others=int((current["status"] != "member").sum()),
    ) + contested_sentence(current, names, lang)


def contested_sentence(current: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    """The map's words for a contested membership (" Saudi Arabia: membership contested, not counted as a
    member."), or "" when none is contested."""
    shown = contested_names(current, names)
    return " " + t("alliance.contested_apart", lang, names=", ".join(shown)) if shown else ""


def membership_title(
    org: pd.Series,
    current: pd.DataFrame,
    year: int,
    lang: str,
    as_of: pd.Timestamp | None = None,
    names: dict[str, str] | None = None,
) -> str:
    """The map's title: the organisation, the year and how many full members it had — at the end of
    the year, or on the data's date for the data's own year (its end is not in the data); a contested
    membership is named apart, never counted."""
    on_date = as_of is not None and year >= as_of.year
    shown = contested_names(current, names or {})
    # on a line of its own: with the count on one line the title ran past a 700 px wide map
    apart = "<br>" + t("alliance.title_contested", lang, names=", ".join(shown)) if shown else ""
    return (
        t(
            "alliance.map_title_on" if on_date else "alliance.map_title",
            lang,
            org=org[lang_col("name", lang)],
            year=year,
            date=format_date(as_of, lang) if on_date else "",
            n=int((current["status"] == "member").sum()),
        )
        + apart
    )


def _circle(codes: list[str]) -> dict[str, tuple[float, float]]:
    n = len(codes)
    return {c: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, c in enumerate(codes)}


def network_nodes(relations: pd.DataFrame) -> list[str]:
    """Countries in the network, Russia and Iran first, then by how many ties they have."""
    counts = pd.concat([relations["a_iso3"], relations["b_iso3"]]).value_counts()
    rest = sorted((c for c in counts.index if c not in ("RUS", "IRN")), key=lambda c: (-counts[c], c))
    return [c for c in ("RUS", "IRN") if c in counts.index] + rest


def relations_network(
    relations: pd.DataFrame,
    names: dict[str, str],
    lang: str,
    *,
    types: list[str] | None = None,
    highlight: str | None = None,
) -> go.Figure:
    """Countries on a circle, one line per tie coloured by its type; a highlighted country's ties stand out."""
    nodes = network_nodes(relations)
    pos = _circle(nodes)
    fig = course_figure()
    for _, r in relations.iterrows():
        (x0, y0), (x1, y1) = pos[r["a_iso3"]], pos[r["b_iso3"]]
        style = edge_style(r, types, highlight)
        fig.add_trace(
            keyed(
                go.Scatter(
                    x=[x0, (x0 + x1) / 2, x1],
                    y=[y0, (y0 + y1) / 2, y1],
                    mode="lines",
                    ids=[r["id"]] * 3,
                    line=dict(color=TIE_COLORS[r["type"]], width=style["width"], dash=TIE_DASH[r["type"]]),
                    opacity=style["opacity"],
                    visible=style["visible"],
                    showlegend=False,
                    name=r["id"],
                    text=[tie_hover(r, names, lang)] * 3,
                    hovertemplate="%{text}<extra></extra>",
                ),
                "tie:" + r["id"],
            )
        )
    for tie in TIE_TYPES:  # legend entries
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=t("alliance.tie." + tie, lang),
                line=dict(color=TIE_COLORS[tie], width=3, dash=TIE_DASH[tie]),
            )
        )
    fig.add_trace(
        keyed(
            go.Scatter(
                x=[pos[c][0] for c in nodes],
                y=[pos[c][1] for c in nodes],
                mode="markers+text",
                name="nodes",
                showlegend=False,
                text=[names.get(c, c) for c in nodes],
                textposition=["middle right" if pos[c][0] >= 0 else "middle left" for c in nodes],
                marker=node_style(nodes, highlight),
                hovertemplate="%{text}<extra></extra>",
            ),
            "nodes",
        )
    )
    fig.update_layout(
        title=dict(text=t("alliance.network_title", lang)),
        height=560,
        margin=dict(b=10),
        plot_bgcolor="white",
        legend=dict(orientation="h", y=-0.02),
        xaxis=dict(visible=False, range=[-1.7, 1.7]),
        yaxis=dict(visible=False, range=[-1.2, 1.2], scaleanchor="x"),
        meta={"description": t("alliance.network_alt", lang, n=len(relations), countries=len(nodes))},
    )
    return fig


def edge_style(row, types: list[str] | None, highlight: str | None) -> dict:
    visible = types is None or row["type"] in types
    touches = highlight is None or highlight in (row["a_iso3"], row["b_iso3"])
    return {"visible": visible, "opacity": 1.0 if touches else 0.15, "width": 4 if (highlight and touches) else 2}


def node_style(nodes: list[str], highlight: str | None) -> dict:
    """The network's nodes: the highlighted country larger and in colour."""
    return dict(
        size=[16 if c == highlight else 11 for c in nodes],
        color=["#E69F00" if c == highlight else "#444" for c in nodes],
    )


def shown_ties(relations: pd.DataFrame, types: list[str] | None, highlight: str | None) -> pd.DataFrame:
    """The ties of the chosen types (touching `highlight`, when given)."""
    shown = relations if types is None else relations[relations["type"].isin(types)]
    if highlight:
        shown = shown[(shown["a_iso3"] == highlight) | (shown["b_iso3"] == highlight)]
    return shown


def tie_hover(row, names: dict[str, str], lang: str) -> str:
    signed = row["signed"]
    when = f" ({signed.year})" if not pd.isna(signed) else ""
    defence = t("alliance.defence_yes" if row["mutual_defence"] else "alliance.defence_no", lang)
    return (
        f"<b>{html.escape(names.get(row['a_iso3'], row['a_iso3']))} – "
        f"{html.escape(names.get(row['b_iso3'], row['b_iso3']))}</b>"
        f"<br>{html.escape(t('alliance.tie.' + row['type'], lang))}<br>"
        f"{html.escape(row[lang_col('instrument', lang)])}{when}<br>{defence}"
    )


def clause_table_html(
    organizations: pd.DataFrame, relations: pd.DataFrame, lang: str, org_ids: list[str], relation_ids: list[str]
) -> str:
    """Side by side: each instrument, whether it promises mutual defence, and what its clause says."""
    rows = []
    for _, o in organizations.set_index("id").loc[org_ids].reset_index().iterrows():
        rows.append(
            (
                o[lang_col("name", lang)],
                o[lang_col("clause_ref", lang)],
                bool(o["mutual_defence"]),
                o[lang_col("clause", lang)],
            )
        )
    for _, r in relations.set_index("id").loc[relation_ids].reset_index().iterrows():
        rows.append(
            (
                r[lang_col("instrument", lang)],
                r[lang_col("clause_ref", lang)],
                bool(r["mutual_defence"]),
                r[lang_col("clause", lang)],
            )
        )
    body = "".join(
        f"<tr><td><b>{html.escape(name)}</b></td><td>{html.escape(ref if isinstance(ref, str) else '—')}</td>"
        f"<td>{html.escape(t('alliance.yes' if defence else 'alliance.no', lang))}</td>"
        f"<td>{html.escape(says)}</td></tr>"
        for name, ref, defence, says in rows
    )
    return course_html.table(
        ("alliance.col_instrument", "alliance.col_clause", "alliance.col_defence", "alliance.col_says"),
        body,
        lang,
        css="lessons-table lessons-clauses",
    )
