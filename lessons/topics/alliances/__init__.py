"""Lesson 03 (alliances): membership over time, the network of ties, the defence clauses."""

from lessons.topics import lazy
from lessons.topics.alliances.figures import (  # noqa: F401
    MEMBER_STATUSES,
    MEMBER_COLORS,
    TIE_TYPES,
    TIE_COLORS,
    TIE_DASH,
    status_on,
    membership_traces,
    membership_map,
    membership_title,
    network_nodes,
    relations_network,
    edge_style,
    node_style,
    shown_ties,
    tie_hover,
    clause_table_html,
)

__getattr__ = lazy(__name__, {"MembershipExplorer": "explorer", "RelationsExplorer": "explorer"})
