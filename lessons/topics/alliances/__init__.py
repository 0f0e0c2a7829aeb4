"""Lesson 03 (alliances): membership over time, the network of ties, the defence clauses."""

from lessons.topics import lazy
from lessons.topics.alliances.figures import (  # noqa: F401
    MEMBER_COLORS,
    MEMBER_STATUSES,
    TIE_COLORS,
    TIE_DASH,
    TIE_TYPES,
    clause_table_html,
    edge_style,
    membership_map,
    membership_title,
    membership_traces,
    network_nodes,
    node_style,
    relations_network,
    shown_ties,
    status_on,
    tie_hover,
)

__getattr__ = lazy(__name__, {"MembershipExplorer": "explorer", "RelationsExplorer": "explorer"})
