"""Lesson 07 (votes): recorded UN General Assembly votes — agreement between countries and the vote map."""

from lessons.topics import lazy
from lessons.topics.votes.figures import (  # noqa: F401
    VOTES,
    VOTE_COLORS,
    CAST,
    ALL,
    DEFAULT_COUNTRIES,
    agreement,
    agreement_matrix,
    filter_resolutions,
    heatmap_data,
    agreement_heatmap,
    heatmap_title,
    heatmap_alt,
    vote_map_traces,
    vote_map_title,
    vote_map_alt,
    vote_map,
    resolution_html,
    votes_table_html,
)

__getattr__ = lazy(__name__, {"VoteMapExplorer": "explorer", "AgreementExplorer": "explorer"})
