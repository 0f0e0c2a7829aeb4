"""Lesson 02 (timeline): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.data import load
from lessons.core.errors import check_year
from lessons.topics.timeline import figures

__all__ = ["timeline_chart", "timeline_explorer", "events_table", "reactions_table"]


def timeline_chart():
    """Every event on one chart (the timeline explorer's static twin)."""
    return figures.timeline_figure(load("events"), get_language())


def timeline_explorer():
    """Category toggles and a year range over the timeline; pick an event to read it and its sources."""
    from lessons.topics.timeline.explorer import TimelineExplorer

    return TimelineExplorer(load("events"), load("sources"), get_language())


def events_table(category: str | None = None, start: int | None = None, end: int | None = None):
    """The events as a table, optionally one category and a range of years."""
    from IPython.display import HTML

    if category is not None:
        choice(category, figures.CATEGORIES, "category")
    for year in (start, end):
        if year is not None:
            check_year(year, None, None, get_language())
    shown = figures.filter_events(load("events"), None if category is None else [category], start, end)
    return HTML(figures.events_table_html(shown, get_language()))


def reactions_table():
    """The 2024–2026 events side by side: Russia's and China's reactions and Vietnam's statement
    (or "none found", with the date of the search)."""
    from IPython.display import HTML

    tables = [load(name) for name in ("events", "vietnam_statements", "vietnam_voice_gaps", "sources")]
    return HTML(figures.reactions_table_html(*tables, get_language()))
