"""Lesson 01 (claims): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import load
from lessons.core.text import t
from lessons.topics.claims import figures
from lessons.topics.start import figures as start_figures  # the places map of lesson 00

__all__ = ["article_map", "claims_chart", "claims_table", "claims_explorer", "vietnam_statements"]


def article_map():
    """The places the article names, with the countries involved shaded."""
    lang = get_language()
    places = load("places")
    named = places[places["in_article"]]
    countries = sorted(set(named.loc[named["kind"] == "country", "iso3"]))
    cities = named[named["kind"] != "country"]  # the countries show as shaded shapes instead
    return start_figures.places_map(
        cities,
        country_names(lang),
        lang,
        color_by="in_article",
        highlight=countries,
        title=t("map.article_title", lang),
    )


def claims_chart():
    """The static chart of the article's claims (speaker × order, coloured by status)."""
    return figures.claims_chart(load("claims"), get_language())


def claims_table(speaker: str | None = None, kind: str | None = None, status: str | None = None):
    """The claims as a table, optionally filtered (the explorer's static twin)."""
    from IPython.display import HTML

    lang = get_language()
    shown = figures.filter_claims(load("claims"), lang, speaker=speaker, kind=kind, status=status)
    return HTML(figures.claims_table_html(shown, load("sources"), lang))


def claims_explorer():
    """Dropdowns for speaker, kind and status over the claims chart and table."""
    from lessons.topics.claims.explorer import ClaimsExplorer

    return ClaimsExplorer(load("claims"), load("sources"), get_language())


def vietnam_statements(topic: str | None = None, event: str | None = None):
    """What Vietnam said, from Vietnamese and UN sources: `topic` one of "ashgabat" (the domestic press on the
    meeting), "middle_east", "sanctions", "un_vote"; or `event`, an id in events.csv."""
    from IPython.display import HTML

    statements = load("vietnam_statements")
    if topic is not None:
        choice(topic, figures.VOICE_TOPICS, "topic")
    if event is not None:
        choice(event, sorted(set(statements["event_id"].dropna())), "event")
    shown = figures.filter_statements(statements, topic, event)
    return HTML(figures.statements_html(shown, load("sources"), get_language()))
