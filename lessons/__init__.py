"""The Iran–Russia course package: data, figures, widgets and exercises for the notebooks.

A notebook's import cell is `import lessons as L; L.setup()`; the rest are short calls
such as `L.course_map()` or `L.claims_explorer()`.
"""

from __future__ import annotations

from .config import get_language
from .course import setup
from .data import load, validate
from .errors import CourseError, DataError

__all__ = [
    "setup", "load", "validate", "lang_col", "get_language", "CourseError", "DataError",
    "course_map", "article_map", "check_map", "setup_check", "claims_chart", "claims_table",
    "claims_explorer", "exercise", "my_progress", "sources",
]


def lang_col(name: str) -> str:
    """The column holding `name` in the course language, e.g. lang_col("speaker") → "speaker_vi"."""
    return f"{name}_{get_language()}"


def course_map():
    """Every place in the course, coloured by the lesson that first uses it."""
    from . import figures
    from .countries import country_names

    lang = get_language()
    return figures.places_map(load("places"), country_names(lang), lang, color_by="first_lesson")


def article_map():
    """The places the article names, with the countries involved shaded."""
    from . import figures
    from .countries import country_names
    from .text import t

    lang = get_language()
    places = load("places")
    named = places[places["in_article"]]
    countries = sorted(set(named.loc[named["kind"] == "country", "iso3"]))
    cities = named[named["kind"] != "country"]  # the countries show as shaded shapes instead
    return figures.places_map(cities, country_names(lang), lang, color_by="in_article", highlight=countries,
                              title=t("map.article_title", lang))


def check_map():
    """The setup check's map (Iran and Russia shaded)."""
    from . import figures
    from .countries import country_names

    lang = get_language()
    return figures.check_map(country_names(lang), lang)


def setup_check():
    """A checklist plus a slider that answers back: proves widgets talk to the kernel."""
    import plotly

    from .text import t
    from .widgets import SetupCheck, python_version

    lang = get_language()
    descriptor_tables = ["sources", "countries", "places", "claims"]
    rows = sum(len(load(name)) for name in descriptor_tables)
    facts = [
        t("check.python", lang, version=python_version()),
        t("check.plotly", lang, version=plotly.__version__),
        t("check.data_ok", lang, count=len(descriptor_tables), rows=rows, sources=len(load("sources"))),
    ]
    return SetupCheck(facts, lang)


def claims_chart():
    """The static chart of the article's claims (speaker × order, coloured by status)."""
    from . import figures

    return figures.claims_chart(load("claims"), get_language())


def claims_table(speaker: str | None = None, kind: str | None = None, status: str | None = None):
    """The claims as a table, optionally filtered (the explorer's static twin)."""
    from IPython.display import HTML

    from .widgets import claims_table_html, filter_claims

    lang = get_language()
    shown = filter_claims(load("claims"), lang, speaker=speaker, kind=kind, status=status)
    return HTML(claims_table_html(shown, load("sources"), lang))


def claims_explorer():
    """Dropdowns for speaker, kind and status over the claims chart and table."""
    from .widgets import ClaimsExplorer

    return ClaimsExplorer(load("claims"), load("sources"), get_language())


def exercise(exercise_id: str):
    """Exercise `exercise_id` (e.g. "01.2") with immediate feedback; answers are saved."""
    from .bank import exercise as build

    return build(exercise_id)


def sources(lesson: int):
    """The sources a lesson's data rests on, as a list with links and dates."""
    from IPython.display import HTML

    from .sourcing import sources_html

    return HTML(sources_html(lesson, get_language()))


def my_progress():
    """What this student has done, lesson by lesson, and where the answers are saved."""
    from IPython.display import HTML

    from .bank import BANK
    from .progress import ProgressStore, progress_html, summary

    store = ProgressStore()
    try:
        answers = store.all()
    except OSError as e:
        answers, problem = {}, e.strerror or str(e)
    else:
        problem = None
    lessons: dict[str, list[str]] = {}
    for ex in BANK:
        lessons.setdefault(ex.split(".")[0], []).append(ex)
    return HTML(progress_html(summary(answers, lessons), store, get_language(), problem))
