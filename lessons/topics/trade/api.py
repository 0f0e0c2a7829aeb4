"""Lesson 05 (trade, the corridor and payments): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import load
from lessons.topics.trade import corridor, figures, payments

__all__ = [
    "trade_chart",
    "partner_chart",
    "trade_table",
    "trade_by_year",
    "trade_explorer",
    "corridor_map",
    "corridor_table",
    "corridor_explorer",
    "payments_table",
]


def trade_chart():
    """Iran–Russia trade per year, one point per source (so disagreeing figures show side by side)."""
    lang = get_language()
    return figures.bilateral_chart(load("trade"), load("sources"), country_names(lang), lang)


def _partner_year(reporter: str, year: int | None) -> int:
    choice(reporter, ["IRN", "RUS"], "reporter")
    years = figures.partner_years(load("trade"), reporter)
    if year is None:
        return years[-1]
    choice(year, years, "year")
    return year


def partner_chart(reporter: str = "IRN", year: int | None = None):
    """`reporter`'s ("IRN" or "RUS") largest trade partners in `year` (default: the latest year with data)."""
    year = _partner_year(reporter, year)
    lang = get_language()
    return figures.partner_chart(load("trade"), country_names(lang), lang, reporter=reporter, year=year)


def trade_table(reporter: str = "IRN", year: int | None = None):
    """The trade figures of one country and year, each with its source and note (the explorer's static twin)."""
    from IPython.display import HTML

    year = _partner_year(reporter, year)
    trade = load("trade")
    rows = trade[(trade["year"] == year) & ((trade["reporter"] == reporter) | (trade["partner"] == reporter))]
    lang = get_language()
    return HTML(
        figures.trade_table_html(
            rows.sort_values(["reporter", "partner", "flow"]), load("sources"), country_names(lang), lang
        )
    )


def trade_by_year():
    """Iran–Russia trade per year: the Russian and the Iranian figures side by side (a range where sources differ)."""
    from IPython.display import HTML

    return HTML(figures.by_year_html(load("trade"), get_language()))


def trade_explorer(reporter: str = "IRN"):
    """Country and year controls over the bilateral figures and the partner ranking."""
    from lessons.topics.trade.explorer import TradeExplorer

    choice(reporter, ["IRN", "RUS"], "reporter")
    lang = get_language()
    return TradeExplorer(load("trade"), load("sources"), country_names(lang), lang, reporter=reporter)


def _routes(route):
    if route is None:
        return None
    return [choice(route, corridor.ROUTES, "route")]


def corridor_map(route: str | None = None):
    """The North–South corridor (one route: "western", "caspian" or "eastern"; default all three)."""
    lang = get_language()
    return corridor.corridor_map(load("corridor"), country_names(lang), lang, routes=_routes(route))


def corridor_table(route: str | None = None):
    """The corridor's segments with mode, status and length."""
    from IPython.display import HTML

    return HTML(corridor.segments_table_html(load("corridor"), get_language(), _routes(route)))


def corridor_explorer():
    """Route toggles over the corridor map and its segment table."""
    from lessons.topics.trade.explorer import CorridorExplorer

    lang = get_language()
    return CorridorExplorer(load("corridor"), country_names(lang), lang)


def payments_table(shares: bool = False):
    """Dated steps in how Iran and Russia pay each other (cards, currencies, banks, trade agreement);
    with `shares=True`, only the figures on payment in roubles and rials: who said each, when, what it measures."""
    from IPython.display import HTML

    build = payments.shares_table_html if shares else payments.payments_table_html
    return HTML(build(load("payments"), get_language()))
