"""Every explorer's control states, driven through its real controls (`.value` set as a click would):
is what is drawn and written true of the data, and would a student read it as intended?

STATES is the table of states tried (explorer | state | what must be shown). Each row runs in both
languages; what it must show is computed from the data (the `expect_*` functions below), never copied.
"""

from __future__ import annotations

import html
import itertools
import re

import pandas as pd
import pytest

import lessons as L
from lessons.core import config, registry
from lessons.core.countries import country_names
from lessons.core.data import as_of
from lessons.core.locale import format_date
from lessons.core.text import t
from lessons.exercises import bank
from lessons.exercises.checks import Numeric, check
from lessons.topics.alliances.figures import shown_ties, status_on
from lessons.topics.sanctions.figures import filter_sanctions
from lessons.topics.synthesis.figures import NONE
from lessons.topics.trade.corridor import segments
from lessons.topics.trade.figures import FLOWS, WORLD, partner_years, partners
from lessons.topics.transfers.figures import filter_transfers
from lessons.topics.votes.figures import MAX_HEATMAP, agreement_matrix, compare, filter_resolutions
from lessons.viz.palettes import STATUS_ORDER

LANGS = ("vi", "en")


# --- finders: control values chosen FROM THE DATA (a state named by what it is, not by a typed value) ----------
def _trade():
    return L.load("trade")


def claims_one_speaker(lang):
    """A speaker with exactly one claim (the one-row state)."""
    claims = L.load("claims")
    col = f"speaker_{lang}"
    counts = claims[col].value_counts()
    return counts[counts == 1].index[0]


def claims_empty_filter(lang):
    """A kind and a status that no claim has together (the no-row state)."""
    claims = L.load("claims")
    for kind in sorted(set(claims["kind"])):
        for status in sorted(set(claims["status"])):
            if claims[(claims["kind"] == kind) & (claims["status"] == status)].empty:
                return kind, status
    raise AssertionError("every kind has every status: no empty filter to try")


def sanctions_combo(n):
    """(target, imposer, measure) keeping exactly `n` measures (n=0: the no-row state, n=1: one row)."""
    sanctions = L.load("sanctions")
    for target in ("IRN", "RUS"):
        for imposer in sorted(set(sanctions["imposer"])):
            for measure in sorted(set(sanctions["measure"])):
                if len(filter_sanctions(sanctions, target, imposer, measure)) == n:
                    return target, imposer, measure
    raise AssertionError(f"no choice keeps {n} measures")


def evidence_combo(n):
    transfers = L.load("transfers")
    for category in sorted(set(transfers["category"])):
        for status in sorted(set(transfers["status"])):
            if len(filter_transfers(transfers, category, status)) == n:
                return category, status
    raise AssertionError(f"no filter keeps {n} items")


def trade_flow_without_ranking(reporter):
    """A flow of `reporter` whose partners in the data are too few for a ranking (one or two)."""
    trade = _trade()
    for flow in FLOWS:
        rows = trade[(trade["reporter"] == reporter) & (trade["flow"] == flow) & (trade["partner"] != WORLD)]
        if len(rows) and not partner_years(trade, reporter, flow):
            return flow
    raise AssertionError(f"every flow of {reporter} has a ranking")


def trade_year(reporter, flow, kind):
    """A year of `reporter`'s partner chart: "rank_only" (a source ranks a partner without a figure),
    "no_ranks" (no source gives a rank), "part_year" (the ranked rows cover months, not a year),
    "other_source_rank" (no ranks among the rows kept, yet another source ranks the other country)."""
    trade = _trade()
    other = ({"IRN", "RUS"} - {reporter}).pop()
    years = partner_years(trade, reporter, flow)
    for year in reversed(years) if kind == "rank_only" else years:  # rank-only: the latest (the 2024)
        rows = trade[(trade["reporter"] == reporter) & (trade["year"] == year) & (trade["flow"] == flow)]
        rows = rows[rows["partner"] != WORLD]
        kept = partners(trade, reporter, year, flow)
        ranked = rows["rank"].notna().any()
        if (
            kind == "rank_only"
            and (rows["rank"].notna() & rows["value_usd_bn"].isna() & rows["share_pct"].isna()).any()
        ):
            return year
        if kind == "no_ranks" and not ranked:
            return year
        if kind == "part_year" and ranked and (rows.loc[rows["rank"].notna(), "months"] < 12).all():
            return year
        if (
            kind == "other_source_rank"
            and kept["rank"].isna().all()
            and rows.loc[rows["partner"] == other, "rank"].notna().any()
        ):
            return year
    raise AssertionError(f"no {kind} year for {reporter} {flow}")


def agreement_topic_with_gap():
    """A topic on which some pair of the default countries never both voted (a cell with no score)."""
    votes, resolutions = L.load("un_votes"), L.load("un_resolutions")
    from lessons.topics.votes.figures import DEFAULT_COUNTRIES

    for category in dict.fromkeys(resolutions.sort_values("date")["category"]):
        chosen = list(filter_resolutions(resolutions, category)["id"])
        _, count = agreement_matrix(votes, DEFAULT_COUNTRIES, chosen)
        if (count.to_numpy() == 0).any():
            return category
    raise AssertionError("every pair voted together on every topic")


def one_resolution_topic():
    resolutions = L.load("un_resolutions")
    counts = resolutions["category"].value_counts()
    return counts[counts == 1].index[0]


# --- THE TABLE: explorer | state (controls set in this order) | what must be shown --------------------------------
# A value may be a finder above (called with the language where it takes one); "toggles.western" is
# explorer.toggles["western"]; "years" takes a (start, end) pair; "last"/"first" pick an end of the options.
STATES = [
    ("setup_check", "slider at its first value", {"slider": "first"}, "echo of the chosen value"),
    ("setup_check", "slider at its last value", {"slider": "last"}, "echo of the chosen value"),
    ("claims_explorer", "no filter", {}, "every claim, one point each"),
    (
        "claims_explorer",
        "one row: a speaker with one claim",
        {"controls.speaker": claims_one_speaker},
        "1 point, 1 table row",
    ),
    (
        "claims_explorer",
        "no row: kind + status no claim has",
        {"controls.kind+status": claims_empty_filter},
        "message claims.none, no stale chart",
    ),
    (
        "claims_explorer",
        "no row, then cleared",
        {"controls.kind+status": claims_empty_filter, "controls.kind": "*", "controls.status": "*"},
        "every claim, chart shown again",
    ),
    ("timeline_explorer", "first year only", {"years": "first"}, "the first year's events counted"),
    ("timeline_explorer", "last year only", {"years": "last"}, "the last year's events counted"),
    ("timeline_explorer", "no category", {"toggles.*": False}, "message timeline.none, no stale chart"),
    (
        "membership_explorer",
        "each organisation at its founding year",
        {"org+year": "first"},
        "members at the end of that year",
    ),
    ("membership_explorer", "the data's own year", {"year": "last"}, "members on the data's date, not 'end of'"),
    ("relations_explorer", "no tie type", {"types.*": False}, "message alliance.network_none, no stale chart"),
    ("relations_explorer", "one country highlighted", {"highlight": "IRN"}, "ties counted from the data"),
    (
        "relations_explorer",
        "one tie type off, one country highlighted",
        {"types.adversarial": False, "highlight": "RUS"},
        "ties counted from the data",
    ),
    (
        "sanctions_explorer",
        "no row: imposer + measure with no measure",
        {"target+imposer+measure": 0},
        "message sanctions.none, no stale figure",
    ),
    ("sanctions_explorer", "one row", {"target+imposer+measure": 1}, "count of 1 measure"),
    ("sanctions_explorer", "the UN as imposer (no country to shade)", {"imposer": "UN"}, "UN measures in force named"),
    (
        "trade_explorer",
        "Russia, a flow with one partner (exports)",
        {"reporter": "RUS", "flow": trade_flow_without_ranking},
        "what the data hold, no rank, no stale chart",
    ),
    (
        "trade_explorer",
        "Russia, total, a year with rank-only partners (2024)",
        {"reporter": "RUS", "flow": "total", "year": "rank_only"},
        "bars only where a figure; rank-only listed; Iran below the ranked",
    ),
    (
        "trade_explorer",
        "Russia, total, a year without ranks (2022)",
        {"reporter": "RUS", "flow": "total", "year": "no_ranks"},
        "no rank numbers; 'not a ranking'",
    ),
    (
        "trade_explorer",
        "Iran, total, a part-year ranking (2023, 11 months)",
        {"reporter": "IRN", "flow": "total", "year": "part_year"},
        "title names the months; Russia's rank from the data",
    ),
    (
        "trade_explorer",
        "Iran, exports, another source ranks Russia (2022)",
        {"reporter": "IRN", "flow": "exports", "year": "other_source_rank"},
        "not a ranking; the other source's rank",
    ),
    (
        "trade_explorer",
        "Russia, no-ranking flow, then total again",
        {"reporter": "RUS", "flow": trade_flow_without_ranking, "flow ": "total"},
        "chart shown again, slider on",
    ),
    (
        "trade_explorer",
        "Iran, total, first and last year",
        {"year": "first", "year ": "last"},
        "the last year's chart, its title",
    ),
    ("corridor_explorer", "every route", {}, "counts and 'N of M segments' lengths from the data"),
    (
        "corridor_explorer",
        "one route (western)",
        {"toggles.caspian": False, "toggles.eastern": False},
        "counts and 'N of M segments' lengths from the data",
    ),
    ("corridor_explorer", "no route", {"toggles.*": False}, "message corridor.none, no stale map, no summary"),
    (
        "evidence_explorer",
        "no row: kind + status no item has",
        {"category+status": 0},
        "message evidence.none, no stale matrix",
    ),
    ("evidence_explorer", "one item", {"category+status": 1}, "one item row"),
    ("vote_map_explorer", "first resolution", {"resolution": "first"}, "its symbol and whole-Assembly totals"),
    ("vote_map_explorer", "last resolution", {"resolution": "last"}, "its symbol and whole-Assembly totals"),
    ("agreement_explorer", "one country", {"countries": ("IRN",)}, "message votes.pick_two, no stale heatmap"),
    (
        "agreement_explorer",
        "one country more than the cap",
        {"countries": lambda lang: tuple(sorted(set(L.load("un_votes")["iso3"])))[: MAX_HEATMAP + 1]},
        "message votes.too_many, no stale heatmap",
    ),
    ("compare_explorer", "Vietnam and the US", {"a": "VNM", "b": "USA"}, "the pair's counts, topic by topic"),
    ("compare_explorer", "Iran and Russia", {"a": "IRN", "b": "RUS"}, "the pair's counts, topic by topic"),
    ("compare_explorer", "the same country twice", {"b": "IRN"}, "message votes.pick_other, no stale bars"),
    (
        "agreement_explorer",
        "a topic where a pair never both voted",
        {"category": agreement_topic_with_gap},
        "that cell says so, no '—% of 0'",
    ),
    (
        "agreement_explorer",
        "a topic with one resolution",
        {"category": one_resolution_topic},
        "title counts 1 resolution",
    ),
    (
        "big_picture_explorer",
        "nothing chosen",
        {"org": NONE, "target": NONE, "corridor_on": False},
        "message big.empty, no stale map",
    ),
    ("big_picture_explorer", "the corridor only", {"org": NONE, "target": NONE}, "map shown"),
    (
        "big_picture_explorer",
        "the corridor only (layers named)",
        {"org": NONE, "target": NONE},
        "only the chosen layers named",
    ),
    (
        "big_picture_explorer",
        "sanctions on Iran, no organisation, no corridor",
        {"org": NONE, "target": "IRN", "corridor_on": False},
        "only the chosen layers named",
    ),
]

# Percent exercises answered with a share (value / 100): the reason given must be that one.
PERCENT_AS_SHARE = [("07.2", 1), ("07.2", 2), ("05.2", 1), ("05.2", 2)]  # (exercise, decimals typed)


# --- driving the controls ----------------------------------------------------------------------------------------
def _explorer(name, lang):
    config.set_language(lang)
    return getattr(L, name)()


def _ends(control, end):
    if hasattr(control, "options") and not hasattr(control, "min"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return values[0] if end == "first" else values[-1]
    return control.min if end == "first" else control.max


def _arg(finder, lang):
    try:
        return finder(lang)
    except TypeError:
        return finder()


def drive(e, state: dict, lang: str) -> None:
    for path, value in state.items():
        path = path.strip()
        if path in ("controls.kind+status",):
            kind, status = _arg(value, lang)
            e.controls["kind"].value, e.controls["status"].value = kind, status
        elif path == "target+imposer+measure":
            target, imposer, measure = sanctions_combo(value)
            e.target.value, e.imposer.value, e.measure.value = target, imposer, measure
        elif path == "category+status":
            e.category.value, e.status.value = evidence_combo(value)
        elif path == "org+year":
            pass  # the check walks every organisation itself
        elif path == "years":
            end = e.first if value == "first" else e.last
            e.years.value = (end, end)
        elif path.endswith(".*"):
            for box in getattr(e, path[:-2]).values():
                box.value = value
        elif "." in path:
            group, key = path.split(".")
            control = getattr(e, group)[key]
            control.value = _arg(value, lang) if callable(value) else value
        else:
            control = getattr(e, path)
            if path == "year" and value in ("rank_only", "no_ranks", "part_year", "other_source_rank"):
                value = trade_year(e.reporter.value, e.flow.value, value)
            elif value in ("first", "last"):
                value = _ends(control, value)
            elif callable(value):
                value = value(e.reporter.value) if path == "flow" else _arg(value, lang)
            control.value = value
        assert e.alert.value == "", e.alert.value  # no control state may end in the error line


def visible_text(e) -> str:
    """What the explorer writes around its figures (header HTML, message, footer), without tags."""
    parts = [getattr(e, name).value for name in ("summary", "count", "info", "message", "echo") if hasattr(e, name)]
    parts.append(e.empty_note.value if e.empty else "")
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(p for p in parts if isinstance(p, str))))


def assert_message(e, key: str, lang: str, **values) -> None:
    """The state's message is shown in the figures' place, and no figure of an earlier state stays."""
    assert e.empty and e.frame.layout.display == "none"
    expected = t(key, lang, **values) if values else t(key, lang)
    assert html.escape(expected) in e.empty_note.value or expected in e.empty_note.value


def assert_figures(e) -> None:
    assert not e.empty and e.frame.layout.display != "none"


# --- expectations, each computed from the data -----------------------------------------------------------------
def expect_echo(e, lang, state):
    assert t("check.echo", lang, value=e.slider.value) in html.unescape(e.echo.value)


def _points(fig):
    """The claims drawn: points of the status traces only (not the shape legend's or the row-keeping trace's)."""
    return sum(len(tr.x) for tr in fig.data if tr.x is not None and tr.meta in STATUS_ORDER)


def expect_all_claims(e, lang, state):
    assert_figures(e)
    assert _points(e.figure) == len(L.load("claims"))


def expect_one_claim(e, lang, state):
    assert_figures(e)
    assert _points(e.figure) == 1 == e.table.value.count("<tr") - 1


def expect_claims_none(e, lang, state):
    assert_message(e, "claims.none", lang)
    assert _points(e.figure) == 0


def expect_year_count(e, lang, state):
    events = L.load("events")
    year = e.years.value[0]
    n = int((events["date"].dt.year == year).sum())
    assert t("timeline.count", lang, n=n) in html.unescape(e.count.value)
    assert_figures(e) if n else assert_message(e, "timeline.none", lang)


def expect_timeline_none(e, lang, state):
    assert_message(e, "timeline.none", lang)


def expect_membership_first_years(e, lang, state):
    memberships, orgs = L.load("memberships"), L.load("organizations").set_index("id")
    for _, org in e.org.options:
        e.org.value = org
        e.year.value = e.year.min
        year = int(orgs.loc[org, "founded"].year)
        members = int((status_on(memberships, org, year)["status"] == "member").sum())
        assert e.year.value == year
        assert e.figure.layout.title.text == t(
            "alliance.map_title", lang, org=orgs.loc[org, f"name_{lang}"], year=year, n=members
        )
        assert t("alliance.defence_now_yes", lang) in e.summary.value or t("alliance.defence_now_no", lang) in (
            e.summary.value
        )


def expect_membership_data_year(e, lang, state):
    day = as_of()
    assert e.year.max == day.year  # no year after the data's
    org = L.load("organizations").set_index("id").loc[e.org.value]
    current = status_on(L.load("memberships"), e.org.value, day.year)
    members = int((current["status"] == "member").sum())
    # a contested membership (Saudi Arabia in BRICS) is named after the count, never in it
    contested = [country_names(lang)[c] for c in current.loc[current["status"] == "contested", "iso3"]]
    apart = "<br>" + t("alliance.title_contested", lang, names=", ".join(contested)) if contested else ""
    title = e.figure.layout.title.text
    head = t("alliance.map_title_on", lang, org=org[f"name_{lang}"], n=members, date=format_date(day, lang))
    assert title == head + apart
    assert t("alliance.map_title", lang, org=org[f"name_{lang}"], year=day.year, n=members) != title


def expect_network_none(e, lang, state):
    assert_message(e, "alliance.network_none", lang)


def expect_network_count(e, lang, state):
    types = [tie for tie, box in e.types.items() if box.value]
    n = len(shown_ties(L.load("relations"), types, e.highlight.value))
    drawn = len(shown_ties(L.load("relations"), types, None))
    focus = country_names(lang)[e.highlight.value]
    assert html.unescape(e.summary.value) == t("alliance.network_count_focus", lang, country=focus, n=n, total=drawn)
    assert e.figure.layout.meta["description"] == t(
        "alliance.network_alt", lang, n=drawn, countries=len(e.nodes)
    )  # the lines drawn now
    assert_figures(e)


def expect_sanctions_none(e, lang, state):
    assert_message(e, "sanctions.none", lang)
    assert sum(len(tr.x) for tr in e.timeline.data if tr.x is not None) == 0


def expect_sanctions_one(e, lang, state):
    assert len(filter_sanctions(L.load("sanctions"), e.target.value, e.imposer.value, e.measure.value)) == 1
    assert re.search(r"\b1\b", visible_text(e))
    assert_figures(e)


def expect_un_note(e, lang, state):
    shown = filter_sanctions(L.load("sanctions"), e.target.value, e.imposer.value, e.measure.value)
    n = int(shown["end"].isna().sum())
    assert n and t("sanctions.un_note", lang, n=n) in e.count.value
    assert len(e.trace("map", "imposers").locations) == 0  # nothing shaded, and the line says why
    assert_figures(e)


def expect_trade_only_partners(e, lang, state):
    trade, names = _trade(), country_names(lang)
    reporter, flow = e.reporter.value, e.flow.value
    rows = trade[(trade["reporter"] == reporter) & (trade["flow"] == flow) & (trade["partner"] != WORLD)]
    assert 0 < rows["partner"].nunique() < 3  # what makes it no ranking
    assert e.empty and e.frame.layout.display == "none" and e.summary.value == ""
    message = html.unescape(e.empty_note.value)
    for partner in set(rows["partner"]):  # each partner with the years it has
        years = ", ".join(str(y) for y in sorted(set(rows.loc[rows["partner"] == partner, "year"].astype(int))))
        assert f"{names[partner]} ({years})" in message
    assert e.year.disabled
    table = html.unescape(e.table.value)  # the rows the message speaks of, not the last year's
    assert table.count("<tr") - 1 == len(rows)
    assert all(str(int(y)) in table for y in rows["year"])
    rank_words = {"vi": "thứ 1", "en": "number 1"}[lang]
    assert rank_words not in message and "1." not in message


def _bars(e):
    bar = e.trace("ranking", "partners")
    return list(bar.y), list(bar.x)


def _figure_partners(reporter, year, flow):
    """Per partner in the data: whether a figure (value, or share of the same source's world total) is recorded,
    and its best rank."""
    trade = _trade()
    rows = trade[(trade["reporter"] == reporter) & (trade["year"] == year) & (trade["flow"] == flow)]
    world = set(rows.loc[(rows["partner"] == WORLD) & rows["value_usd_bn"].notna(), "source_id"])
    rows = rows[rows["partner"] != WORLD]
    figure = rows["value_usd_bn"].notna() | (rows["share_pct"].notna() & rows["source_id"].isin(world))
    out = pd.DataFrame({"partner": rows["partner"], "figure": figure, "rank": rows["rank"]})
    return out.groupby("partner").agg(figure=("figure", "any"), rank=("rank", "min"))


def expect_trade_rank_only(e, lang, state):
    reporter, year, flow = e.reporter.value, e.year.value, e.flow.value
    data = _figure_partners(reporter, year, flow)
    labels, values = _bars(e)
    assert_figures(e)
    assert sum(v is not None for v in values) == int(data["figure"].sum())  # a bar only where a figure is recorded
    rank_only = data[data["rank"].notna() & ~data["figure"]]
    assert len(rank_only)
    for partner, r in rank_only.iterrows():
        label = t("trade.rank_only", lang, rank=int(r["rank"]), partner=country_names(lang)[partner])
        assert label in labels and values[labels.index(label)] is None
    # the other country, outside the source's ranking, is drawn below every ranked partner (y runs bottom-up)
    other = ({"IRN", "RUS"} - {reporter}).pop()
    assert pd.isna(data.loc[other, "rank"])  # the other country: in the data, not in the source's ranking
    at = next(i for i, label in enumerate(labels) if label.startswith(country_names(lang)[other]))
    assert at == 0 and all(re.match(r"\d+\. ", label) for label in labels[1:])
    # a figure for another period than the chart's says so
    ranked = _trade().query("reporter == @reporter and year == @year and flow == @flow and rank.notna()")
    months = int(ranked["months"].max())
    if months < 12:
        assert t("trade.part_year", lang, months=months) in e.ranking.layout.title.text
    focus_months = int(
        _trade()
        .query("reporter == @reporter and year == @year and flow == @flow and partner == @other")["months"]
        .max()
    )
    if focus_months != months:
        assert labels[0].endswith(
            t("trade.whole_year", lang) if focus_months == 12 else t("trade.part_year", lang, months=focus_months)
        )


def expect_trade_no_ranks(e, lang, state):
    labels, values = _bars(e)
    assert_figures(e)
    data = _figure_partners(e.reporter.value, e.year.value, e.flow.value)
    assert data["rank"].isna().all() and len(labels) == len(data)
    assert not any(re.match(r"\d+\. ", label) for label in labels)
    names = country_names(lang)
    assert e.ranking.layout.title.text.startswith(
        t("trade.partners_title_unranked", lang, country=names[e.reporter.value], year=e.year.value, flow="")[:12]
    )
    focus = ({"IRN", "RUS"} - {e.reporter.value}).pop()
    listed = focus in data.index
    key = "trade.partners_alt_unranked" if listed else "trade.partners_alt_unranked_absent"
    expected = t(
        key,
        lang,
        country=names[e.reporter.value],
        other=names[focus],
        year=e.year.value,
        n=len(data),
        flow=t("trade.flow." + e.flow.value, lang).lower(),
    )
    assert html.escape(expected) in e.summary.value


def expect_trade_part_year(e, lang, state):
    trade = _trade()
    reporter, year, flow = e.reporter.value, e.year.value, e.flow.value
    ranked = trade[(trade["reporter"] == reporter) & (trade["year"] == year) & (trade["flow"] == flow)]
    ranked = ranked[ranked["rank"].notna()]
    months = int(ranked["months"].max())
    assert months < 12 and t("trade.part_year", lang, months=months) in e.ranking.layout.title.text
    focus = ({"IRN", "RUS"} - {reporter}).pop()
    rank = int(ranked.loc[ranked["partner"] == focus, "rank"].min())
    labels, _ = _bars(e)
    assert f"{rank}. {country_names(lang)[focus]}" in labels
    assert len(labels) == ranked["partner"].nunique()


def expect_trade_other_source_rank(e, lang, state):
    trade = _trade()
    reporter, year, flow = e.reporter.value, e.year.value, e.flow.value
    focus = ({"IRN", "RUS"} - {reporter}).pop()
    rows = trade[(trade["reporter"] == reporter) & (trade["year"] == year) & (trade["flow"] == flow)]
    rank = int(rows.loc[rows["partner"] == focus, "rank"].min())
    labels, _ = _bars(e)
    assert not any(re.match(r"\d+\. ", label) for label in labels)
    names = country_names(lang)
    n = rows.loc[rows["partner"] != WORLD, "partner"].nunique()
    expected = t(
        "trade.partners_alt_unranked_source",
        lang,
        country=names[reporter],
        other=names[focus],
        year=year,
        n=n,
        rank=rank,
        flow=t("trade.flow." + flow, lang).lower(),
    )
    assert html.escape(expected) in e.summary.value


def expect_trade_back(e, lang, state):
    assert_figures(e)
    assert not e.year.disabled and e.summary.value
    assert tuple(e.year.options) == tuple(partner_years(_trade(), e.reporter.value, "total"))
    assert str(e.year.value) in e.ranking.layout.title.text


def expect_trade_last_year(e, lang, state):
    assert_figures(e)
    assert e.year.value == partner_years(_trade(), e.reporter.value, e.flow.value)[-1]
    assert str(e.year.value) in e.ranking.layout.title.text and e.bilateral.layout.shapes[0].x0 == e.year.value


def expect_corridor_counts(e, lang, state):
    segs = segments(L.load("corridor"))
    segs = segs[segs["route"].isin(e.routes())]
    building = segs[segs["status"] != "operating"]
    text = html.unescape(e.summary.value)
    assert t("corridor.lengths", lang, known=int(segs["length_km"].notna().sum()), segments=len(segs)) in text
    if building["length_km"].notna().any():
        km = int(building["length_km"].fillna(0).sum())
        assert f"{km} km" in text
        assert (
            t("corridor.gap_km", lang, known=int(building["length_km"].notna().sum()), building=len(building), km=km)
            in text
        )
    else:
        assert "km" not in text  # no length that could be read as the corridor's
    assert_figures(e)


def expect_corridor_none(e, lang, state):
    assert_message(e, "corridor.none", lang)
    assert e.summary.value == ""


def expect_evidence_none(e, lang, state):
    assert_message(e, "evidence.none", lang)


def expect_evidence_one(e, lang, state):
    assert_figures(e)
    assert (
        len(e.matrix.layout.yaxis.ticktext or ()) == 1
        or len(set(sum((list(tr.y) for tr in e.matrix.data if tr.y is not None), []))) == 1
    )


def expect_vote_map(e, lang, state):
    resolutions, votes = L.load("un_resolutions").set_index("id"), L.load("un_votes")
    rid = e.resolution.value
    assert resolutions.loc[rid, "symbol"] in e.map.layout.title.text
    sample = votes[votes["resolution_id"] == rid]
    located = sum(
        len(tr.locations)
        for tr in e.map.data
        if getattr(tr, "locations", None) is not None and tr.meta in set(sample["vote"])
    )
    assert located == len(sample)
    assert_figures(e)


def expect_pick_two(e, lang, state):
    assert_message(e, "votes.pick_two", lang)


def expect_too_many(e, lang, state):
    n = len(e.countries.value)
    assert n == MAX_HEATMAP + 1
    assert_message(e, "votes.too_many", lang, n=n, max=MAX_HEATMAP, extra=1)


def expect_pair_counts(e, lang, state):
    assert_figures(e)
    a, b = e.a.value, e.b.value
    c = compare(L.load("un_votes"), L.load("un_resolutions"), a, b)
    bars = e.trace("bars", "alike")
    assert list(bars.text) == [f"{same}/{n}" if n else "—" for same, n, _ in c["topics"].values()]
    names = country_names(lang)
    assert names[a] in e.bars.layout.title.text and names[b] in e.bars.layout.title.text
    assert t(
        "votes.compare_head", lang, a=names[a], b=names[b], n=c["n"], same=c["same"], share=round(c["share"] * 100)
    ) in (html.unescape(e.info.value))


def expect_pick_other(e, lang, state):
    assert_message(e, "votes.pick_other", lang)
    assert e.info.value == ""


def expect_agreement_gap(e, lang, state):
    hm = e.trace("heatmap", "agreement")
    names = country_names(lang)
    chosen = list(filter_resolutions(L.load("un_resolutions"), e.category.value)["id"])
    codes = list(e.countries.value)
    _, count = agreement_matrix(L.load("un_votes"), codes, chosen)
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            hover = hm.customdata[i][j]
            if count.iloc[i, j] == 0:
                assert hover == t("votes.hover_none", lang, a=names[a], b=names[b])
            assert "—%" not in hover and " 0 " not in hover


def expect_one_resolution(e, lang, state):
    chosen = filter_resolutions(L.load("un_resolutions"), e.category.value)
    assert len(chosen) == 1
    assert e.heatmap.layout.title.text.split(",")[1].strip().startswith("1 ")
    votes = L.load("un_votes")
    pair = votes[votes["resolution_id"].isin(chosen["id"]) & votes["iso3"].isin(["IRN", "RUS"])]
    pair = pair[pair["vote"] != "absent"].set_index("iso3")["vote"]
    if len(pair) == 2:  # one shared vote: said as what happened, not as "0%" or "100%"
        same = pair["IRN"] == pair["RUS"]
        assert t("votes.alt_pair_one_same" if same else "votes.alt_pair_one_diff", lang).strip() in e.message.value
        assert "%" not in e.message.value.split(".")[1]


def expect_big_layers_named(e, lang, state):
    """Title and text name only the layers shown: no 'sanctions on —', no corridor when it is hidden."""
    assert_figures(e)
    title, alt = e.map.layout.title.text, e.map.layout.meta["description"]
    assert "—" not in title and "—" not in alt
    assert (t("big.legend_corridor", lang) in title) == e.corridor_on.value
    target = e.target.value
    if target != NONE:
        imposers = len(e.trace("map", "imposers").locations)
        assert str(imposers) in alt and country_names(lang)[target] in title
    if e.org.value == NONE:
        assert len(e.trace("map", "members").locations) == 0


def expect_big_empty(e, lang, state):
    assert_message(e, "big.empty", lang)


def expect_big_corridor(e, lang, state):
    assert_figures(e)
    assert any(tr.visible for key, tr in e.traces("map", "corridor:").items())


CHECKS = {
    "echo of the chosen value": expect_echo,
    "every claim, one point each": expect_all_claims,
    "1 point, 1 table row": expect_one_claim,
    "message claims.none, no stale chart": expect_claims_none,
    "every claim, chart shown again": expect_all_claims,
    "the first year's events counted": expect_year_count,
    "the last year's events counted": expect_year_count,
    "message timeline.none, no stale chart": expect_timeline_none,
    "members at the end of that year": expect_membership_first_years,
    "members on the data's date, not 'end of'": expect_membership_data_year,
    "message alliance.network_none, no stale chart": expect_network_none,
    "ties counted from the data": expect_network_count,
    "message sanctions.none, no stale figure": expect_sanctions_none,
    "count of 1 measure": expect_sanctions_one,
    "UN measures in force named": expect_un_note,
    "what the data hold, no rank, no stale chart": expect_trade_only_partners,
    "bars only where a figure; rank-only listed; Iran below the ranked": expect_trade_rank_only,
    "no rank numbers; 'not a ranking'": expect_trade_no_ranks,
    "title names the months; Russia's rank from the data": expect_trade_part_year,
    "not a ranking; the other source's rank": expect_trade_other_source_rank,
    "chart shown again, slider on": expect_trade_back,
    "the last year's chart, its title": expect_trade_last_year,
    "counts and 'N of M segments' lengths from the data": expect_corridor_counts,
    "message corridor.none, no stale map, no summary": expect_corridor_none,
    "message evidence.none, no stale matrix": expect_evidence_none,
    "one item row": expect_evidence_one,
    "its symbol and whole-Assembly totals": expect_vote_map,
    "message votes.pick_two, no stale heatmap": expect_pick_two,
    "message votes.too_many, no stale heatmap": expect_too_many,
    "the pair's counts, topic by topic": expect_pair_counts,
    "message votes.pick_other, no stale bars": expect_pick_other,
    "that cell says so, no '—% of 0'": expect_agreement_gap,
    "title counts 1 resolution": expect_one_resolution,
    "message big.empty, no stale map": expect_big_empty,
    "map shown": expect_big_corridor,
    "only the chosen layers named": expect_big_layers_named,
}


def markdown_table() -> str:
    """STATES as a markdown table (for the closing note)."""
    lines = ["| explorer | state | what must be shown |", "|---|---|---|"]
    lines += [f"| {name} | {state} | {shows} |" for name, state, _, shows in STATES]
    return "\n".join(lines)


# --- the tests ---------------------------------------------------------------------------------------------------
def test_the_table_covers_every_explorer_and_names_a_check_for_every_row():
    assert {name for _, name in registry.explorers()} == {row[0] for row in STATES}
    assert all(row[3] in CHECKS for row in STATES)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "state", "controls", "shows"), STATES, ids=[f"{r[0]}: {r[1]}" for r in STATES])
def test_explorer_state(name, state, controls, shows, lang):
    e = _explorer(name, lang)
    drive(e, controls, lang)
    CHECKS[shows](e, lang, controls)
    text = visible_text(e)
    assert not re.search(r"\b(nan|None|NaN|Traceback)\b", text), text
    if lang == "vi":
        assert not re.search(r"\b(the|and|of|with|rank|partner|Error)\b", text), text


def _options(control):
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", [n for _, n in registry.explorers() if n != "setup_check"])
def test_every_option_of_every_dropdown_shows_figures_or_a_message_never_an_error(name, lang):
    """Each option of each drop-down, one after the other: no error line, and either the figures or
    a message in their place (never both, never a figure left from the state before)."""
    import ipywidgets as widgets

    e = _explorer(name, lang)
    dropdowns = [w for w in _walk(e) if isinstance(w, widgets.Dropdown | widgets.SelectionSlider)]
    assert dropdowns or name in ("relations_explorer", "corridor_explorer", "timeline_explorer")
    for control in dropdowns:
        for value in _options(control):
            if control.disabled:
                break
            control.value = value
            assert e.alert.value == "", (name, value, e.alert.value)
            assert e.empty == (e.frame.layout.display == "none"), (name, value)
            if e.empty:
                assert e.empty_note.value
            assert not re.search(r"\b(nan|None|NaN)\b|—%", visible_text(e)), (name, value)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise", "decimals"), PERCENT_AS_SHARE)
def test_a_percent_answered_as_a_share_gets_that_reason(exercise, decimals, lang):
    spec = bank.specs()[exercise]
    key = Numeric.key(spec)
    share = round(key / 100, decimals)
    typed = f"{share:.{decimals}f}".replace(".", "," if lang == "vi" else ".")
    verdict = check(spec, typed, lang)
    assert verdict.correct is False
    assert verdict.message == spec.text("why.share", lang)
    assert verdict.message != spec.text("why.low", lang)
    # the percent itself is still right, and a number merely too low keeps the "too low" reason
    assert check(spec, str(round(key, 1)), lang).correct is True
    assert check(spec, str(round(key / 2, 1)), lang).message == spec.text("why.low", lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("scale", "slip"), [(100, "percent"), (1, None)])
def test_a_share_function_returning_a_percent_gets_that_reason(scale, slip, lang):
    """07.3 asks for a share (0 to 1): a function returning the percent hears that, not "too high"."""
    config.set_language(lang)
    share = bank.answers("07").agreement_share

    def scaled(votes, a, b):
        return share(votes, a, b) * scale

    verdict = L.exercise("07.3").check(scaled)
    assert verdict.correct is (slip is None)
    words = t("ex.code_value_percent", lang, got="").split(",", 1)[-1].strip()
    assert (words in verdict.message) is (slip == "percent")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["claims_explorer", "trade_explorer", "agreement_explorer"])
def test_a_drawing_that_fails_part_way_leaves_no_figure_of_another_choice(name, lang, monkeypatch):
    """An error while drawing: the message in the notebook's language, the half-drawn figure hidden;
    the next choice that draws shows the figures again."""
    e = _explorer(name, lang)
    assert_figures(e)
    real = type(e).update

    def broken(self):
        real(self)
        raise RuntimeError("drawing failed part-way")

    monkeypatch.setattr(type(e), "update", broken)
    e.refresh()
    assert t("explorer.failed", lang) in html.unescape(e.alert.value)
    assert e.frame.layout.display == "none"
    monkeypatch.setattr(type(e), "update", real)
    e.refresh()
    assert e.alert.value == ""
    assert_figures(e)


def _trade_states():
    trade = _trade()
    rows = trade[trade["reporter"].isin(["IRN", "RUS"]) & (trade["partner"] != WORLD)]
    return sorted({(r, f, int(y)) for r, f, y in zip(rows["reporter"], rows["flow"], rows["year"])})


@pytest.mark.parametrize("lang", LANGS)
def test_partner_chart_numbers_a_partner_only_where_a_source_ranks_it(lang):
    """The figure function, for every country, flow and year the data hold (also a list of one, e.g.
    Russia's exports in 2021): a "k." label only where a source gives rank k, a bar only where a
    figure is recorded, and never "number 1" of a list without ranks."""
    from lessons.topics.trade.figures import partner_chart

    trade, names = _trade(), country_names(lang)
    states = _trade_states()
    assert any(len(_figure_partners(r, y, f)) == 1 for r, f, y in states)  # the ranking-of-one case is tried
    for reporter, flow, year in states:
        fig = partner_chart(trade, names, lang, reporter=reporter, year=year, flow=flow)
        data = _figure_partners(reporter, year, flow)
        labels, values = list(fig.data[0].y), list(fig.data[0].x)
        by_name = {names.get(p, p): p for p in data.index}
        for label in labels:
            number = re.match(r"(\d+)\. (.+)$", label)
            if number:
                rest = number.group(2)
                partner = next(
                    by_name[n] for n in sorted(by_name, key=len, reverse=True) if rest == n or rest.startswith(n + " ")
                )
                rank = data.loc[partner, "rank"]
                assert pd.notna(rank) and int(rank) == int(number.group(1)), (reporter, flow, year, label)
        if data["rank"].isna().all():
            assert not any(re.match(r"\d+\. ", label) for label in labels), (reporter, flow, year)
            said = {"vi": r"đứng thứ \d", "en": r"ranks number \d"}[lang]
            assert not re.search(said, fig.layout.meta["description"]), (reporter, flow, year)
        if data["figure"].any():
            assert sum(v is not None for v in values) == int(data["figure"].sum()), (reporter, flow, year)
        else:  # only ranks: the bars must not suggest sizes the source never gave
            assert len(set(values)) == 1, (reporter, flow, year, values)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise", ["07.2", "05.2"])
def test_a_percent_typed_with_its_sign_is_read_as_that_percent(exercise, lang):
    """ "81%" answers "what percentage…?" — not "the answer must be a number"; a count exercise still refuses it."""
    spec = bank.specs()[exercise]
    key = round(Numeric.key(spec), 1)
    typed = f"{key}%".replace(".", "," if lang == "vi" else ".")
    assert check(spec, typed, lang).correct is True
    assert check(spec, typed.replace("%", " %"), lang).correct is True
    count = bank.specs()["01.4"]  # a count, not a percentage
    assert check(count, "5%", lang).valid is False


@pytest.mark.parametrize("lang", LANGS)
def test_no_mark_of_the_evidence_matrix_covers_another(lang):
    """Every status filter of the evidence matrix: two marks in one cell (one party's several positions on one
    item) lie at least CELL_SPREAD of a column apart, and a cell's marks stay inside their column."""
    from lessons.topics.transfers.figures import CELL_SPREAD, evidence_matrix, filter_transfers

    transfers, claims = L.load("transfers"), L.load("transfer_claims")
    names = country_names(lang)
    crowded = 0
    for status in [None, *sorted(set(transfers["status"]))]:
        fig = evidence_matrix(filter_transfers(transfers, status=status), claims, names, lang)
        marks = [(x, y) for tr in fig.data for x, y in zip(tr.x, tr.y)]
        for (x1, y1), (x2, y2) in itertools.combinations(marks, 2):
            if y1 == y2 and round(x1) == round(x2):
                crowded += 1
                assert abs(x1 - x2) >= CELL_SPREAD - 1e-9, (status, x1, x2, y1)
        assert all(abs(x - round(x)) < 0.5 for x, _ in marks)
    assert crowded  # the data do hold cells with several marks (the case is tried)
