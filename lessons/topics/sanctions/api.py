"""Lesson 04 (sanctions): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import as_of, load
from lessons.topics.alliances.api import eu_members
from lessons.topics.sanctions import figures

__all__ = ["sanctions_map", "sanctions_timeline", "sanctions_table", "sanctions_explorer"]


def _filtered(target: str, imposer: str | None, measure: str | None):
    sanctions = load("sanctions")
    choice(target, ["IRN", "RUS"], "target")
    if imposer is not None:
        choice(imposer, sorted(set(sanctions["imposer"])), "imposer")
    if measure is not None:
        choice(measure, figures.MEASURES, "measure")
    return figures.filter_sanctions(sanctions, target, imposer, measure)


def sanctions_map(target: str = "RUS", measure: str | None = None):
    """Countries applying measures on `target` ("IRN" or "RUS") now, shaded by how many."""
    shown = _filtered(target, None, measure)
    lang = get_language()
    return figures.sanctions_map(shown, eu_members(), country_names(lang), lang, target=target, as_of=as_of())


def sanctions_timeline(target: str = "IRN", imposer: str | None = None, measure: str | None = None):
    """The measures on `target` over time, one row per imposer."""
    shown = _filtered(target, imposer, measure)
    lang = get_language()
    return figures.sanctions_timeline(
        shown, country_names(lang), lang, as_of=as_of(), imposers=figures.imposer_order(shown["imposer"])
    )


def sanctions_table(target: str = "IRN", imposer: str | None = None, measure: str | None = None):
    """The measures as a table (the explorer's static twin)."""
    from IPython.display import HTML

    lang = get_language()
    return HTML(figures.sanctions_table_html(_filtered(target, imposer, measure), country_names(lang), lang))


def sanctions_explorer():
    """Target, imposer and measure type over a map of who imposes and the measures over time."""
    from lessons.topics.sanctions.explorer import SanctionsExplorer

    lang = get_language()
    return SanctionsExplorer(load("sanctions"), eu_members(), country_names(lang), lang, as_of())
