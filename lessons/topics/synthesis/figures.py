"""Lesson 08: the big picture — alliances, sanctions and the corridor on one map — and the
layers it draws. Pure: data and names in, figures out (the scenario's facts, which read the data,
are in api.py)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.topics.alliances.figures import MEMBER_COLORS, status_on
from lessons.topics.sanctions.figures import measures_by_country
from lessons.topics.trade.corridor import route_line, route_traces
from lessons.viz.template import course_figure, geo_layout, shaded_countries

NONE = "-"
SANCTION_LINE = "#000000"


def imposing_countries(sanctions: pd.DataFrame, eu_members: list[str], target: str, as_of: pd.Timestamp) -> list[str]:
    """Countries applying at least one measure on `target` at `as_of` (EU measures count for every member)."""
    shown = sanctions[sanctions["target"] == target]
    return sorted(measures_by_country(shown, eu_members, as_of).index)


def layers(
    memberships: pd.DataFrame,
    sanctions: pd.DataFrame,
    eu_members: list[str],
    *,
    org: str,
    target: str,
    as_of: pd.Timestamp,
) -> dict:
    """The map's three layers as plain lists: full members of `org`, countries sanctioning `target`; and
    the countries whose membership of `org` is contested (named in the map's words, never filled or counted)."""
    current = status_on(memberships, org, as_of.year) if org != NONE else memberships.iloc[0:0]
    members, contested = (list(current.loc[current["status"] == s, "iso3"]) for s in ("member", "contested"))
    imposers = [] if target == NONE else imposing_countries(sanctions, eu_members, target, as_of)
    return dict(members=members, imposers=imposers, contested=contested)


def big_picture_alt(
    data: dict, org_name: str, target_name: str, corridor_on: bool, lang: str, names: dict[str, str] | None = None
) -> str:
    """The map in words: only the layers chosen (no "the 0 members of —" for a layer that is off); a
    contested membership of the organisation shown is named apart."""
    text = _layers_alt(data, org_name, target_name, corridor_on, lang)
    contested = [(names or {}).get(c, c) for c in data.get("contested", [])]
    if org_name != "—" and contested:
        text += " " + t("big.alt_contested", lang, names=", ".join(contested), org=org_name)
    return text


def _layers_alt(data: dict, org_name: str, target_name: str, corridor_on: bool, lang: str) -> str:
    corridor = t("big.alt_corridor" if corridor_on else "big.alt_no_corridor", lang)
    members, imposers = len(data["members"]), len(data["imposers"])
    if org_name != "—" and target_name != "—":
        both = sorted(set(data["members"]) & set(data["imposers"]))
        values = dict(org=org_name, members=members, target=target_name, imposers=imposers, both=len(both))
        return t("big.alt", lang, corridor=corridor, **values)
    if org_name != "—":
        return t("big.alt_org", lang, org=org_name, members=members, corridor=corridor)
    if target_name != "—":
        return t("big.alt_target", lang, target=target_name, imposers=imposers, corridor=corridor)
    return t("big.alt_none", lang, corridor=corridor)


def big_picture_title(org_abbr: str, target_name: str, corridor_on: bool, lang: str) -> str:
    """The title names the layers shown, and only those."""
    parts = [org_abbr] if org_abbr != "—" else []
    parts += [t("big.title_sanctions", lang, target=target_name)] if target_name != "—" else []
    parts += [t("big.legend_corridor", lang)] if corridor_on else []
    return t("big.title_parts", lang, parts=" · ".join(parts) or t("big.none", lang))


def layer_names(
    organizations: pd.DataFrame, names: dict[str, str], lang: str, org: str, target: str
) -> tuple[str, str, str]:
    """The organisation's name and abbreviation and the target's name ("—" for none)."""
    if org == NONE:
        return "—", "—", names.get(target, "—")
    row = organizations.set_index("id").loc[org]
    return row[lang_col("name", lang)], row["abbr"], names.get(target, "—")


def _layer_traces(
    data: dict, names: dict[str, str], lang: str, org_name: str, org_abbr: str, target_name: str
) -> tuple[dict, dict]:
    """What changes in the two country layers when the choices change (the explorer updates only these)."""
    members = dict(
        key="members",
        locations=data["members"],
        z=[1] * len(data["members"]),
        name=t("big.legend_members", lang, org=org_abbr),
        text=[f"{names.get(c, c)}: {t('big.member_of', lang, org=org_name)}" for c in data["members"]],
    )
    imposers = dict(
        key="imposers",
        locations=data["imposers"],
        z=[1] * len(data["imposers"]),
        name=t("big.legend_imposers", lang, target=target_name),
        text=[f"{names.get(c, c)}: {t('big.sanctions', lang, target=target_name)}" for c in data["imposers"]],
    )
    return members, imposers


def _without_key(layer: dict) -> dict:
    return {k: v for k, v in layer.items() if k != "key"}


def big_picture_map(
    memberships,
    organizations,
    sanctions,
    corridor,
    eu_members: list[str],
    names: dict[str, str],
    lang: str,
    *,
    org: str = "sco",
    target: str = "RUS",
    corridor_on: bool = True,
    as_of: pd.Timestamp,
) -> go.Figure:
    """Fill = full members of `org`; thick black outline = countries sanctioning `target`; lines = the corridor."""
    data = layers(memberships, sanctions, eu_members, org=org, target=target, as_of=as_of)
    org_name, org_abbr, target_name = layer_names(organizations, names, lang, org, target)
    members, imposers = _layer_traces(data, names, lang, org_name, org_abbr, target_name)
    fig = course_figure()
    observer = MEMBER_COLORS["observer"]
    fig.add_trace(shaded_countries("members", observer, line_width=0.4, showlegend=True, **members))
    fig.add_trace(
        shaded_countries(
            "imposers", "rgba(0,0,0,0.10)", line_color=SANCTION_LINE, line_width=2.2, showlegend=True, **imposers
        )
    )
    for tr in route_traces(corridor, lang):
        fig.add_trace(
            route_line(
                tr,
                "corridor:" + tr["key"],
                width=2.5,
                name=t("big.legend_corridor", lang),
                legendgroup="corridor",
                showlegend=tr["route"] == "western" and tr["status"] == "operating",
                visible=corridor_on and tr["visible"],
            )
        )
    geo_layout(fig, big_picture_title(org_abbr, target_name, corridor_on, lang), lang)
    fig.update_layout(
        height=520, meta={"description": big_picture_alt(data, org_name, target_name, corridor_on, lang, names)}
    )
    return fig
