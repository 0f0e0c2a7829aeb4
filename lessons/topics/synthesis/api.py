"""Lesson 08 (synthesis): the public calls — load the data, read the language, draw — and the
facts from every earlier lesson that the scenario exercise argues with."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import as_of as data_as_of
from lessons.core.data import load
from lessons.core.locale import format_number
from lessons.topics.alliances.api import eu_members
from lessons.topics.synthesis import figures
from lessons.topics.synthesis.figures import imposing_countries

__all__ = ["big_picture_map", "big_picture_explorer"]


def big_picture_map(org: str = "sco", target: str = "RUS", corridor: bool = True):
    """Members of `org` (fill), countries sanctioning `target` (outline) and the corridor (lines) on one map."""
    organizations = load("organizations")
    choice(org, [figures.NONE] + list(organizations["id"]), "org")
    choice(target, [figures.NONE, "IRN", "RUS"], "target")
    choice(corridor, [True, False], "corridor")
    lang = get_language()
    return figures.big_picture_map(
        load("memberships"),
        organizations,
        load("sanctions"),
        load("corridor"),
        eu_members(),
        country_names(lang),
        lang,
        org=org,
        target=target,
        corridor_on=corridor,
        as_of=data_as_of(),
    )


def big_picture_explorer():
    """Organisation, sanctions target and corridor layers on one map."""
    from lessons.topics.synthesis.explorer import BigPictureExplorer

    lang = get_language()
    return BigPictureExplorer(
        load("memberships"),
        load("organizations"),
        load("sanctions"),
        load("corridor"),
        eu_members(),
        country_names(lang),
        lang,
        data_as_of(),
    )


def scenario_facts(lang: str | None = None) -> dict:
    """Figures from lessons 03–07 that the scenario's consequences cite (computed from the data, never typed in)."""
    lang = lang or get_language()
    from lessons.topics.alliances.api import eu_members
    from lessons.topics.trade.corridor import km_by_status, segments
    from lessons.topics.trade.figures import focus_rank, partner_years, partners, turnover
    from lessons.topics.votes.figures import agreement

    as_of = data_as_of()
    sanctions, trade, corridor = load("sanctions"), load("trade"), load("corridor")
    transfers, votes = load("transfers"), load("un_votes")
    totals = turnover(trade)
    last = int(totals["year"].max())
    latest = totals[totals["year"] == last]["value_usd_bn"]
    year = partner_years(trade, "IRN")[-1]
    segs = segments(corridor)
    km = km_by_status(corridor)
    share, n = agreement(votes, "IRN", "RUS")
    active = sanctions[(sanctions["start"] <= as_of) & (sanctions["end"].isna() | (sanctions["end"] > as_of))]
    return dict(
        imposers_irn=len(imposing_countries(sanctions, eu_members(), "IRN", as_of)),
        imposers_rus=len(imposing_countries(sanctions, eu_members(), "RUS", as_of)),
        measures_irn=int((active["target"] == "IRN").sum()),
        measures_rus=int((active["target"] == "RUS").sum()),
        trade_year=last,
        trade_range=_range(float(latest.min()), float(latest.max()), lang),
        partner_year=year,
        russia_rank=focus_rank(partners(trade, "IRN", year), "RUS") or "—",  # a source's rank, never an order of a few
        gaps=int((segs["status"] != "operating").sum()),
        gap_km=int(km["under_construction"] + km["planned"]),
        disputed=int((transfers["status"] == "disputed").sum()),
        confirmed=int((transfers["status"] == "confirmed").sum()),
        alleged=int((transfers["status"] == "alleged").sum()),
        denied=int((transfers["status"] == "denied").sum()),
        reported=int((transfers["status"] == "reported").sum()),
        agree=int(round(share * 100)),
        shared_votes=n,
    )


def _range(low: float, high: float, lang: str) -> str:
    """ "4.6–5" (or "4,6–5" in Vietnamese), or one number when the sources agree."""

    def show(x: float) -> str:
        return format_number(x, lang, 1, trim=True, group=False)

    return show(low) if round(low, 1) == round(high, 1) else f"{show(low)}–{show(high)}"
