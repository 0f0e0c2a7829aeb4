"""Lesson 01 (claims): who claims what in the article, with which status."""

from lessons.topics import lazy
from lessons.topics.claims.figures import (
    ALL,
    FILTERS,
    claims_alt,
    claims_chart,
    claims_table_html,
    claims_traces,
    filter_claims,
)

__all__ = ["ALL", "FILTERS", "claims_alt", "claims_chart", "claims_table_html", "claims_traces", "filter_claims"]
__all__ += ["ClaimsExplorer"]
__getattr__ = lazy(__name__, {"ClaimsExplorer": "explorer"})
