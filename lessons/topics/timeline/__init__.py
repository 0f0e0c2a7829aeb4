"""Lesson 02 (timeline): the events of Iran–Russia relations on one chart."""

from lessons.topics import lazy
from lessons.topics.timeline.figures import (
    CATEGORIES,
    CATEGORY_COLORS,
    STATUS_SYMBOLS,
    event_html,
    events_table_html,
    filter_events,
    timeline_figure,
    timeline_traces,
    with_labels,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_COLORS",
    "STATUS_SYMBOLS",
    "event_html",
    "events_table_html",
    "filter_events",
    "timeline_figure",
    "timeline_traces",
    "with_labels",
    "TimelineExplorer",
]
__getattr__ = lazy(__name__, {"TimelineExplorer": "explorer"})
