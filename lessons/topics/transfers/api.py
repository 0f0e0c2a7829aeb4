"""Lesson 06 (transfers): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import load
from lessons.topics.transfers import figures
from lessons.viz.palettes import STATUS_ORDER

__all__ = ["evidence_matrix", "evidence_table", "evidence_explorer"]


def _transfers(category: str | None, status: str | None):
    transfers = load("transfers")
    if category is not None:
        choice(category, sorted(set(transfers["category"])), "category")
    if status is not None:
        choice(status, STATUS_ORDER, "status")
    return figures.filter_transfers(transfers, category, status)


def evidence_matrix(category: str | None = None, status: str | None = None):
    """Items × who says what about them; optionally one kind of item or one status."""
    lang = get_language()
    return figures.evidence_matrix(_transfers(category, status), load("transfer_claims"), country_names(lang), lang)


def evidence_table(category: str | None = None, status: str | None = None):
    """Each item with its status and every statement on it, with sources (the matrix's static twin)."""
    from IPython.display import HTML

    lang = get_language()
    return HTML(
        figures.statements_html(
            _transfers(category, status), load("transfer_claims"), load("sources"), country_names(lang), lang
        )
    )


def evidence_explorer():
    """Kind-of-item and status filters over the evidence matrix and the statements."""
    from lessons.topics.transfers.explorer import EvidenceExplorer

    lang = get_language()
    return EvidenceExplorer(load("transfers"), load("transfer_claims"), load("sources"), country_names(lang), lang)
