"""The course-wide public calls (setup, exercises, progress, sources, glossary). Each lesson's own
calls live in its folder, `lessons/topics/<folder>/api.py`.

`lessons/__init__.py` re-exports the calls the lesson registry (`lessons/registry.toml`) declares:
its `[course]` calls from this module, and each lesson's calls from the module its entry names. It
wraps every call once with `errors.public`, so a bad argument gives a message in the notebook's
language, never a traceback.
"""

from __future__ import annotations

from functools import partial

from lessons.core import locale
from lessons.core.checks import choice as _choice
from lessons.core.config import LANGUAGES, get_language
from lessons.core.data import load, validate  # noqa: F401 (validate: a course-wide call, see registry.toml)
from lessons.core.errors import CourseError, DataError  # noqa: F401 (course-wide names, see registry.toml)
from lessons.core.text import left_aligned
from lessons.viz.setup import setup  # noqa: F401 (a course-wide call, see registry.toml)


def lang_col(name: str) -> str:
    """The column holding `name` in the course language, e.g. lang_col("speaker") → "speaker_vi"."""
    return locale.lang_col(name, get_language())


def exercise(exercise_id: str):
    """Exercise `exercise_id` (e.g. "01.2") with immediate feedback; answers are saved."""
    from lessons.exercises.widget import exercise as build

    return build(exercise_id)


def sources(lesson: int):
    """The sources a lesson's data rests on, as a list with links and dates."""
    from IPython.display import HTML

    from lessons.core.registry import numbers
    from lessons.core.sourcing import sources_html

    _choice(lesson, numbers(), "lesson")
    return HTML(sources_html(lesson, get_language()))


def my_progress(name: str | None = None):
    """What this student has done, lesson by lesson, and where the answers are saved.
    `name` (once, e.g. ``L.my_progress(name="Nguyễn Văn A")``): the student's name, kept in
    the progress file for the teacher's class table (LESSONS_STUDENT or the class server's
    login, when set, is what the table shows)."""
    from IPython.display import HTML

    from lessons.core import registry
    from lessons.core.text import t
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
    lessons = {x.id: ids for x in registry.lessons() if (ids := registry.exercises(x.id))}
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

    import pandas as pd
    from IPython.display import HTML

    from lessons.core.statuses import glossary_rows

    terms = pd.concat([load("glossary"), glossary_rows()], ignore_index=True)  # status entries: data/statuses.csv
    if lesson is not None:
        _choice(lesson, sorted(set(int(x) for x in terms["first_lesson"])), "lesson")
        terms = terms[terms["first_lesson"] == lesson]
    lang = get_language()
    others = [x for x in LANGUAGES if x != lang]  # the term in the course's other language(s)
    col = partial(locale.lang_col, lang=lang)
    head = "".join(
        f"<th style='text-align:left'>{html.escape(_t(k))}</th>"
        for k in ("glossary.col_term", "glossary.col_other", "glossary.col_definition")
    )
    rows = []
    for _, r in terms.sort_values(col("term")).iterrows():
        variant = r.get(col("variant"))  # another name for the term in use in this language, if the data give one
        extra = (
            f"<br><small>{html.escape(_t('glossary.variant'))}: {html.escape(variant)}</small>"
            if isinstance(variant, str) and variant
            else ""
        )
        other = " · ".join(html.escape(r[locale.lang_col("term", x)]) for x in others)
        rows.append(
            f"<tr><td><b>{html.escape(r[col('term')])}</b>{extra}</td><td><i>{other}</i></td>"
            f"<td>{html.escape(r[col('definition')])}</td></tr>"
        )
    table = "<table class='lessons-table lessons-glossary'>"
    return HTML(left_aligned(f"{table}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"))


# --- lessons 01 and 06: the status table ---------------------------------------------------


def status_table():
    """The course's statuses in the notebook's language: the questions to ask, in order, and what each gives."""
    from IPython.display import HTML

    from lessons.core.statuses import table_html
    from lessons.core.text import t

    return HTML(left_aligned(table_html(get_language(), t)))
