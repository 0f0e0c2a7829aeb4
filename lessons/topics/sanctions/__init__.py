"""Lesson 04 (sanctions): who sanctions Iran and Russia, with what kind of measure, since when."""

from lessons.topics import lazy
from lessons.topics.sanctions.figures import (  # noqa: F401
    ALL,
    MEASURE_COLORS,
    MEASURES,
    filter_sanctions,
    imposer_name,
    imposer_order,
    map_title,
    measures_by_country,
    sanctions_map,
    sanctions_map_data,
    sanctions_table_html,
    sanctions_timeline,
    target_label,
    timeline_data,
)

__getattr__ = lazy(__name__, {"SanctionsExplorer": "explorer"})
