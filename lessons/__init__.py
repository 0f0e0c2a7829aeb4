"""The Iran–Russia course package: data, figures, widgets and exercises for the notebooks.

A notebook's import cell is `import lessons as L; L.setup()`; the rest are short calls such as
`L.course_map()` or `L.claims_explorer()`. This file only re-exports them (from `lessons/api.py`).
How the package is laid out: docs/maintainers.md.
"""

from __future__ import annotations

from lessons.core.speed import defer_iri_grammars

defer_iri_grammars()  # before anything imports jsonschema: saves ≈ 2 s per kernel (see lessons/core/speed.py)

from lessons.api import (  # noqa: E402
    CourseError,
    DataError,
    __all__,  # noqa: E402,F401
    agreement_explorer,
    agreement_heatmap,
    article_map,
    big_picture_explorer,
    big_picture_map,
    check_map,
    claims_chart,
    claims_explorer,
    claims_table,
    clause_table,
    corridor_explorer,
    corridor_map,
    corridor_table,
    course_map,
    events_table,
    evidence_explorer,
    evidence_matrix,
    evidence_table,
    exercise,
    get_language,
    glossary,
    lang_col,
    load,
    membership_explorer,
    membership_map,
    my_progress,
    partner_chart,
    payments_table,
    relations_explorer,
    relations_network,
    sanctions_explorer,
    sanctions_map,
    sanctions_table,
    sanctions_timeline,
    setup,
    setup_check,
    sources,
    timeline_chart,
    timeline_explorer,
    trade_chart,
    trade_explorer,
    trade_table,
    validate,
    vote_map,
    vote_map_explorer,
    votes_table,
)
