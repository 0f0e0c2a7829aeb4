"""Transitional: the old names, now in lessons.viz.{palettes,template,html} and lessons.topics.{start,claims}."""

from lessons.topics.claims.figures import claims_alt, claims_chart, claims_traces  # noqa: F401
from lessons.topics.start.figures import check_map, places_map  # noqa: F401
from lessons.viz.html import wrap as _wrap  # noqa: F401
from lessons.viz.palettes import HIGHLIGHT_COLOR, KIND_SYMBOLS, LESSON_COLORS, STATUS_COLORS, STATUS_ORDER  # noqa: F401
from lessons.viz.template import geo_layout as _geo_layout  # noqa: F401
