"""Lesson 00 (start): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core import registry
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import load
from lessons.core.text import t
from lessons.topics.start import figures

__all__ = ["course_map", "check_map", "setup_check"]


def course_map():
    """Every place in the course, coloured by the lesson that first uses it."""
    lang = get_language()
    places = load("places")
    return figures.places_map(places, country_names(lang), lang, color_by="first_lesson", colors=registry.colors())


def check_map():
    """The setup check's map (Iran and Russia shaded)."""
    lang = get_language()
    return figures.check_map(country_names(lang), lang)


def setup_check():
    """A checklist plus a slider that answers back: proves widgets talk to the kernel."""
    import plotly

    from lessons.topics.start.explorer import SetupCheck, python_version

    lang = get_language()
    descriptor_tables = ["sources", "countries", "places", "claims"]
    rows = sum(len(load(name)) for name in descriptor_tables)
    facts = [
        t("check.python", lang, version=python_version()),
        t("check.plotly", lang, version=plotly.__version__),
        t("check.data_ok", lang, count=len(descriptor_tables), rows=rows, sources=len(load("sources"))),
    ]
    return SetupCheck(facts, lang)
