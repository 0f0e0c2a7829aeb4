"""Lesson 07 (votes): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names, guess_code
from lessons.core.data import load
from lessons.core.errors import CourseError, plain
from lessons.core.text import t
from lessons.topics.votes import figures

__all__ = [
    "vote_map",
    "vote_map_explorer",
    "agreement_heatmap",
    "agreement_explorer",
    "compare_votes",
    "compare_explorer",
    "votes_by_topic",
    "votes_record",
    "votes_table",
]


def vote_map(resolution: str = "es11_1"):
    """Every member state coloured by its vote on one resolution (an id from L.load("un_resolutions"))."""
    resolutions = load("un_resolutions")
    choice(resolution, list(resolutions.sort_values("date")["id"]), "resolution")
    lang = get_language()
    return figures.vote_map(load("un_votes"), resolutions, resolution, country_names(lang), lang)


def vote_map_explorer():
    """Pick a resolution; the map shows how each member state voted."""
    from lessons.topics.votes.explorer import VoteMapExplorer

    lang = get_language()
    return VoteMapExplorer(load("un_votes"), load("un_resolutions"), load("sources"), country_names(lang), lang)


def _country(value, members, what: str = "countries") -> str:
    """`value` if it is the code of a member state in the vote table, else a CourseError in the notebook's
    language that suggests the code when `value` is a name or a code in the wrong case ("Vietnam" → "VNM")."""
    value = plain(value)
    if isinstance(value, str) and value in members:
        return value
    lang = get_language()
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:59] + "…"
    code = guess_code(value, members)
    if code:
        raise CourseError(
            t("votes.bad_code_guess", lang, what=what, value=shown, code=code, name=country_names(lang)[code])
        )
    raise CourseError(t("votes.bad_code", lang, what=what, value=shown))


def _sample(countries, cap: int | None = None):
    """The countries to show: the course's default ones, or the student's list checked code by code."""
    members = set(load("un_votes")["iso3"])
    if countries is None:
        return [c for c in figures.DEFAULT_COUNTRIES if c in members]
    if isinstance(countries, str) or not isinstance(countries, (list, tuple)):
        raise CourseError(t("votes.bad_countries", get_language(), value=repr(countries)))
    chosen = list(dict.fromkeys(_country(c, members) for c in countries))
    if len(chosen) < 2:
        raise CourseError(t("votes.pick_two", get_language()))
    if cap is not None and len(chosen) > cap:
        raise CourseError(t("votes.too_many", get_language(), n=len(chosen), max=cap, extra=len(chosen) - cap))
    return chosen


def agreement_heatmap(countries: list[str] | None = None, topic: str | None = None):
    """How often each pair of `countries` (ISO-3 codes, at most 12) voted alike, on all resolutions or one topic."""
    resolutions = load("un_resolutions")
    if topic is not None:
        choice(topic, sorted(set(resolutions["category"])), "topic")
    lang = get_language()
    return figures.agreement_heatmap(
        load("un_votes"),
        resolutions,
        _sample(countries, figures.MAX_HEATMAP),
        country_names(lang),
        lang,
        category=topic,
    )


def agreement_explorer():
    """Choose countries (any member states) and a topic; the heatmap shows how often each pair voted alike."""
    from lessons.topics.votes.explorer import AgreementExplorer

    lang = get_language()
    return AgreementExplorer(load("un_votes"), load("un_resolutions"), country_names(lang), lang)


def compare_votes(a: str = "IRN", b: str = "RUS"):
    """Country `a` against country `b` (ISO-3 codes): how many resolutions both voted on, how many alike,
    per topic, and the resolutions on which they voted differently."""
    from IPython.display import HTML

    votes = load("un_votes")
    members = set(votes["iso3"])
    a, b = _country(a, members, "a"), _country(b, members, "b")
    lang = get_language()
    return HTML(figures.compare_html(votes, load("un_resolutions"), a, b, country_names(lang), lang))


def compare_explorer(a: str = "IRN", b: str = "VNM"):
    """Pick two member states; the comparison follows."""
    from lessons.topics.votes.explorer import CompareExplorer

    votes = load("un_votes")
    members = set(votes["iso3"])
    a, b = _country(a, members, "a"), _country(b, members, "b")
    lang = get_language()
    return CompareExplorer(votes, load("un_resolutions"), country_names(lang), lang, a, b)


def votes_by_topic(country: str = "VNM"):
    """One member state's votes counted per topic (yes, no, abstain, did not vote)."""
    from IPython.display import HTML

    votes = load("un_votes")
    country = _country(country, set(votes["iso3"]), "country")
    lang = get_language()
    return HTML(figures.by_topic_html(votes, load("un_resolutions"), country, country_names(lang), lang))


def votes_record():
    """The vote table in words: how many resolutions and member states, which years, how many per topic."""
    from IPython.display import HTML

    lang = get_language()
    return HTML(figures.record_html(load("un_votes"), load("un_resolutions"), lang))


def votes_table(countries: list[str] | None = None):
    """Every resolution × the chosen countries, each cell the vote."""
    from IPython.display import HTML

    lang = get_language()
    return HTML(
        figures.votes_table_html(
            load("un_votes"), load("un_resolutions"), _sample(countries), country_names(lang), lang
        )
    )
