"""The Iran–Russia course package: data, figures, widgets and exercises for the notebooks.

A notebook's import cell is `import lessons as L; L.setup()`; the rest are short calls such as
`L.course_map()` or `L.claims_explorer()`. This file only re-exports them (from `lessons/api.py`).
How the package is laid out: docs/maintainers.md.
"""

from __future__ import annotations

from lessons.core.speed import defer_iri_grammars

defer_iri_grammars()  # before anything imports jsonschema: saves ≈ 2 s per kernel (see lessons/core/speed.py)

from lessons.api import (  # noqa: E402
    setup,
    load,
    validate,
    lang_col,
    get_language,
    CourseError,
    DataError,
    course_map,
    article_map,
    check_map,
    setup_check,
    claims_chart,
    claims_table,
    claims_explorer,
    exercise,
    my_progress,
    sources,
    timeline_chart,
    timeline_explorer,
    events_table,
    membership_map,
    membership_explorer,
    relations_network,
    relations_explorer,
    clause_table,
    sanctions_map,
    sanctions_timeline,
    sanctions_table,
    sanctions_explorer,
    trade_chart,
    partner_chart,
    trade_table,
    trade_explorer,
    corridor_map,
    corridor_table,
    corridor_explorer,
    payments_table,
    evidence_matrix,
    evidence_table,
    evidence_explorer,
    vote_map,
    vote_map_explorer,
    agreement_heatmap,
    agreement_explorer,
    votes_table,
    big_picture_map,
    big_picture_explorer,
    glossary,
)
from lessons.api import __all__  # noqa: E402,F401
