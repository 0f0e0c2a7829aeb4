"""Lesson 06 (transfers): military-technical cooperation as an evidence matrix."""

from lessons.topics import lazy
from lessons.topics.transfers.figures import (  # noqa: F401
    ALL,
    PARTY_FIRST,
    POSITION_COLORS,
    POSITION_SYMBOLS,
    POSITIONS,
    evidence_matrix,
    filter_transfers,
    matrix_alt,
    matrix_axes,
    matrix_traces,
    parties,
    party_label,
    statements_html,
)

__getattr__ = lazy(__name__, {"EvidenceExplorer": "explorer"})
