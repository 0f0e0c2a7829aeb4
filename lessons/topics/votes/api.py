"""Lesson 07 (votes): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import load
from lessons.core.errors import CourseError
from lessons.core.text import t
from lessons.topics.votes import figures

__all__ = ["vote_map", "vote_map_explorer", "agreement_heatmap", "agreement_explorer", "votes_table"]


def vote_map(resolution: str = "es11_1"):
    """The sample countries coloured by their vote on one resolution (an id from L.load("un_resolutions"))."""
    resolutions = load("un_resolutions")
    choice(resolution, list(resolutions.sort_values("date")["id"]), "resolution")
    lang = get_language()
    return figures.vote_map(load("un_votes"), resolutions, resolution, country_names(lang), lang)


def vote_map_explorer():
    """Pick a resolution; the map shows how each sample country voted."""
    from lessons.topics.votes.explorer import VoteMapExplorer

    lang = get_language()
    return VoteMapExplorer(load("un_votes"), load("un_resolutions"), load("sources"), country_names(lang), lang)


def _sample(countries):
    votes = load("un_votes")
    sample = sorted(set(votes["iso3"]))
    if countries is None:
        return [c for c in figures.DEFAULT_COUNTRIES if c in sample]
    if isinstance(countries, str) or not isinstance(countries, (list, tuple)):
        raise CourseError(t("votes.bad_countries", get_language(), value=repr(countries)))
    for c in countries:
        choice(c, sample, "countries")
    if len(countries) < 2:
        raise CourseError(t("votes.pick_two", get_language()))
    return list(countries)


def agreement_heatmap(countries: list[str] | None = None, topic: str | None = None):
    """How often each pair of `countries` (ISO-3 codes) voted alike, on all resolutions or one topic."""
    resolutions = load("un_resolutions")
    if topic is not None:
        choice(topic, sorted(set(resolutions["category"])), "topic")
    lang = get_language()
    return figures.agreement_heatmap(
        load("un_votes"), resolutions, _sample(countries), country_names(lang), lang, category=topic
    )


def agreement_explorer():
    """Choose countries and a topic; the heatmap shows how often each pair voted alike."""
    from lessons.topics.votes.explorer import AgreementExplorer

    lang = get_language()
    return AgreementExplorer(load("un_votes"), load("un_resolutions"), country_names(lang), lang)


def votes_table(countries: list[str] | None = None):
    """Every resolution × the chosen countries, each cell the vote."""
    from IPython.display import HTML

    lang = get_language()
    return HTML(
        figures.votes_table_html(
            load("un_votes"), load("un_resolutions"), _sample(countries), country_names(lang), lang
        )
    )
