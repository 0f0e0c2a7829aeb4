"""Lesson 04 (sanctions): who sanctions Iran and Russia, with what kind of measure, since when."""

from lessons.topics import lazy
from lessons.topics.sanctions.figures import (  # noqa: F401
    MEASURES,
    MEASURE_COLORS,
    ALL,
    imposer_order,
    map_title,
    filter_sanctions,
    imposer_name,
    measures_by_country,
    sanctions_map_data,
    sanctions_map,
    target_label,
    timeline_data,
    sanctions_timeline,
    sanctions_table_html,
)

__getattr__ = lazy(__name__, {"SanctionsExplorer": "explorer"})
