"""Lesson 05 (trade): Iran–Russia trade under sanctions, the North–South corridor and how the two pay each other."""

from lessons.topics import lazy
from lessons.topics.trade.corridor import (  # noqa: F401
    COUNTRIES,
    LABELLED,
    ROUTE_COLORS,
    ROUTES,
    STATUS_DASH,
    STATUS_WIDTH,
    STATUSES,
    corridor_alt,
    corridor_map,
    km_by_status,
    route_traces,
    segments,
    segments_table_html,
    trace_routes,
)
from lessons.topics.trade.figures import (  # noqa: F401
    BASES,
    BASIS_SYMBOLS,
    FLOWS,
    FOCUS_COLOR,
    PAIR,
    PARTNER_COLOR,
    SIDE_COLORS,
    WORLD,
    bilateral,
    bilateral_chart,
    bilateral_traces,
    growth_rate,
    partner_alt,
    partner_axis,
    partner_bars,
    partner_chart,
    partner_title,
    partner_years,
    partners,
    rank_of,
    trade_table_html,
    turnover,
    year_marker,
)
from lessons.topics.trade.payments import (  # noqa: F401
    payments_table_html,
)

__getattr__ = lazy(__name__, {"TradeExplorer": "explorer", "CorridorExplorer": "explorer"})
