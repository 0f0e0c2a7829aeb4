"""Transitional: the old names, now in lessons.viz.{explorer,html} and lessons.topics.{start,claims}."""

from lessons.topics.claims.explorer import ClaimsExplorer  # noqa: F401
from lessons.topics.claims.figures import ALL, FILTERS, claims_table_html, filter_claims  # noqa: F401
from lessons.topics.start.explorer import SetupCheck, python_version  # noqa: F401
from lessons.viz.explorer import figure_widget  # noqa: F401
from lessons.viz.html import badge as _badge  # noqa: F401
