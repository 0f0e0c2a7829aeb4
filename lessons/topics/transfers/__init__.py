"""Lesson 06 (transfers): military-technical cooperation as an evidence matrix."""

from lessons.topics import lazy
from lessons.topics.transfers.figures import (  # noqa: F401
    POSITIONS,
    POSITION_COLORS,
    POSITION_SYMBOLS,
    ALL,
    PARTY_FIRST,
    party_label,
    parties,
    filter_transfers,
    OFFSETS,
    matrix_axes,
    matrix_traces,
    evidence_matrix,
    matrix_alt,
    statements_html,
)

__getattr__ = lazy(__name__, {"EvidenceExplorer": "explorer"})
