"""The course's public calls, one per thing a notebook shows: each loads its data, reads the course
language and hands both to a figure, a table or an explorer.

`lessons/__init__.py` re-exports what `__all__` lists; every call is wrapped by `errors.public`, so a
bad argument gives a message in the notebook's language, never a traceback.
"""

from __future__ import annotations

from lessons.core.config import get_language
from lessons.core.data import load, validate
from lessons.core.errors import CourseError, DataError, public
from lessons.viz.setup import setup

__all__ = [
    "setup",
    "load",
    "validate",
    "lang_col",
    "get_language",
    "CourseError",
    "DataError",
    "course_map",
    "article_map",
    "check_map",
    "setup_check",
    "claims_chart",
    "claims_table",
    "claims_explorer",
    "exercise",
    "my_progress",
    "sources",
    "timeline_chart",
    "timeline_explorer",
    "events_table",
    "membership_map",
    "membership_explorer",
    "relations_network",
    "relations_explorer",
    "clause_table",
    "sanctions_map",
    "sanctions_timeline",
    "sanctions_table",
    "sanctions_explorer",
    "trade_chart",
    "partner_chart",
    "trade_table",
    "trade_explorer",
    "corridor_map",
    "corridor_table",
    "corridor_explorer",
    "payments_table",
    "evidence_matrix",
    "evidence_table",
    "evidence_explorer",
    "vote_map",
    "vote_map_explorer",
    "agreement_heatmap",
    "agreement_explorer",
    "votes_table",
    "big_picture_map",
    "big_picture_explorer",
    "glossary",
]


def lang_col(name: str) -> str:
    """The column holding `name` in the course language, e.g. lang_col("speaker") → "speaker_vi"."""
    return f"{name}_{get_language()}"


# --- the lessons' own calls live in lessons/topics/<lesson>/api.py ---------------------------------
# (_as_of and _eu_members: other modules imported them from here; now in core/data.py and lesson 03's api)
from lessons.core.checks import choice as _choice  # noqa: E402
from lessons.core.data import as_of as _as_of  # noqa: E402,F401
from lessons.topics.alliances.api import (  # noqa: E402
    clause_table,
    membership_explorer,
    membership_map,
    relations_explorer,
    relations_network,
)
from lessons.topics.alliances.api import eu_members as _eu_members  # noqa: E402,F401
from lessons.topics.claims.api import claims_chart, claims_explorer, claims_table  # noqa: E402
from lessons.topics.sanctions.api import (  # noqa: E402
    sanctions_explorer,
    sanctions_map,
    sanctions_table,
    sanctions_timeline,
)
from lessons.topics.start.api import article_map, check_map, course_map, setup_check  # noqa: E402
from lessons.topics.synthesis.api import big_picture_explorer, big_picture_map  # noqa: E402
from lessons.topics.timeline.api import events_table, timeline_chart, timeline_explorer  # noqa: E402
from lessons.topics.trade.api import (  # noqa: E402
    corridor_explorer,
    corridor_map,
    corridor_table,
    partner_chart,
    payments_table,
    trade_chart,
    trade_explorer,
    trade_table,
)
from lessons.topics.transfers.api import evidence_explorer, evidence_matrix, evidence_table  # noqa: E402
from lessons.topics.votes.api import (  # noqa: E402
    agreement_explorer,
    agreement_heatmap,
    vote_map,
    vote_map_explorer,
    votes_table,
)


def exercise(exercise_id: str):
    """Exercise `exercise_id` (e.g. "01.2") with immediate feedback; answers are saved."""
    from lessons.exercises.bank import exercise as build

    return build(exercise_id)


def sources(lesson: int):
    """The sources a lesson's data rests on, as a list with links and dates."""
    from IPython.display import HTML

    from lessons.core.sourcing import LESSONS, sources_html

    _choice(lesson, list(LESSONS), "lesson")
    return HTML(sources_html(lesson, get_language()))


def my_progress(name: str | None = None):
    """What this student has done, lesson by lesson, and where the answers are saved.
    `name` (once, e.g. ``L.my_progress(name="Nguyễn Văn A")``): the student's name, kept in
    the progress file for the teacher's class table (LESSONS_STUDENT or the class server's
    login, when set, is what the table shows)."""
    from IPython.display import HTML

    from lessons.core.text import t
    from lessons.exercises.bank import BANK
    from lessons.exercises.progress import (
        LOCK_TIMEOUT,
        ProgressBusy,
        ProgressStore,
        clean_name,
        env_student,
        lock_wait,
        os_error_text,
        progress_html,
        summary,
    )

    lang = get_language()
    store = ProgressStore()
    problem, message = None, ""
    if name is not None:
        cleaned = clean_name(name)
        if cleaned is None:
            message = t("progress.name_bad", lang)
        else:
            try:
                store.set_name(cleaned)
            except ProgressBusy:
                message = t("progress.busy_read", lang, seconds=f"{LOCK_TIMEOUT:g}")
            except OSError as e:
                problem = os_error_text(e, lang)
            else:
                message = (
                    t("progress.name_class", lang, name=env_student())
                    if env_student()
                    else t("progress.name_saved", lang, name=cleaned)
                )
    try:
        view = store.overview()
    except ProgressBusy:
        view = {"answers": {}, "notices": [], "student": "", "asked": False}
        message = t("progress.busy_read", lang, seconds=f"{lock_wait(reading=True):g}")
    except OSError as e:
        view = {"answers": {}, "notices": [], "student": "", "asked": False}
        problem = os_error_text(e, lang)
    lessons: dict[str, list[str]] = {}
    for ex in BANK:
        lessons.setdefault(ex.split(".")[0], []).append(ex)
    return HTML(
        progress_html(
            summary(view["answers"], lessons),
            store,
            lang,
            problem,
            notices=view["notices"],
            student=view["student"],
            asked=view["asked"],
            message=message,
        )
    )


def _t(key: str, **values) -> str:
    from lessons.core.text import t

    return t(key, get_language(), **values)


# --- every lesson: the shared glossary ----------------------------------------------------


def glossary(lesson: int | None = None):
    """The course glossary in the notebook's language (only the terms a lesson introduces, if given)."""
    import html

    from IPython.display import HTML

    terms = load("glossary")
    if lesson is not None:
        _choice(lesson, sorted(set(int(x) for x in terms["first_lesson"])), "lesson")
        terms = terms[terms["first_lesson"] == lesson]
    lang = get_language()
    other = "en" if lang == "vi" else "vi"
    head = "".join(
        f"<th style='text-align:left'>{html.escape(_t(k))}</th>"
        for k in ("glossary.col_term", "glossary.col_other", "glossary.col_definition")
    )
    rows = []
    for _, r in terms.sort_values(f"term_{lang}").iterrows():
        variant = r["variant_vi"] if lang == "vi" and isinstance(r["variant_vi"], str) and r["variant_vi"] else ""
        extra = f"<br><small>{html.escape(_t('glossary.variant'))}: {html.escape(variant)}</small>" if variant else ""
        rows.append(
            f"<tr><td><b>{html.escape(r[f'term_{lang}'])}</b>{extra}</td><td><i>{html.escape(r[f'term_{other}'])}</i></td>"
            f"<td>{html.escape(r[f'definition_{lang}'])}</td></tr>"
        )
    from lessons.core.text import left_aligned

    return HTML(
        left_aligned(
            f"<table class='lessons-table lessons-glossary'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    )


# --- every public call: arguments checked before it runs, messages in the notebook's language --


def _guard_public_calls() -> None:
    """Wrap each function in __all__ with errors.public (classes stay as they are)."""
    namespace = globals()
    for name in __all__:
        obj = namespace[name]
        if callable(obj) and not isinstance(obj, type) and not getattr(obj, "__lessons_public__", False):
            namespace[name] = public(obj, name=name)


_guard_public_calls()
