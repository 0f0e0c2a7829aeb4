"""Lesson 07 (votes): recorded UN General Assembly votes — agreement between countries and the vote map."""

from lessons.topics import lazy
from lessons.topics.votes.figures import (  # noqa: F401
    ALL,
    CAST,
    DEFAULT_COUNTRIES,
    MAX_HEATMAP,
    VOTE_COLORS,
    VOTES,
    agreement,
    agreement_heatmap,
    agreement_matrix,
    by_topic,
    compare,
    filter_resolutions,
    heatmap_alt,
    heatmap_data,
    heatmap_title,
    record,
    resolution_html,
    vote_map,
    vote_map_alt,
    vote_map_title,
    vote_map_traces,
    votes_table_html,
)

__getattr__ = lazy(
    __name__, {"VoteMapExplorer": "explorer", "AgreementExplorer": "explorer", "CompareExplorer": "explorer"}
)
