"""Lesson 01 (claims): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.config import get_language
from lessons.core.data import load
from lessons.topics.claims import figures

__all__ = ["claims_chart", "claims_table", "claims_explorer"]


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
