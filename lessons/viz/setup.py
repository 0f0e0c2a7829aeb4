"""One call in each notebook's import cell: language, plotly renderer, offline geometry, messages."""

from __future__ import annotations

import html
import os
import sys

from lessons.core import config
from lessons.core.errors import _install_error_handler, public
from lessons.core.text import t
from lessons.viz import maps

EXPORT_ENV = "LESSONS_HTML_EXPORT"


class CourseInfo:
    """What setup() configured; shows as a one-line banner in the notebook."""

    def __init__(self, lang: str, as_of: str, guessed: bool):
        self.lang, self.as_of, self.guessed = lang, as_of, guessed

    def _repr_html_(self) -> str:
        parts = [
            t("setup.language", self.lang),
            t("setup.data_as_of", self.lang, date=self.as_of),
            t("setup.maps_offline", self.lang),
        ]
        note = f"<br><i>{html.escape(t('setup.guessed_language', self.lang))}</i>" if self.guessed else ""
        return (
            f'<div class="lessons-banner" style="border-left:4px solid #2a9d8f;padding:4px 10px;background:#f3faf9">'
            f"<b>{html.escape(t('setup.ready', self.lang))}</b> · "
            + " · ".join(html.escape(p) for p in parts)
            + note
            + "</div>"
        )

    def __repr__(self) -> str:
        return f"CourseInfo(lang={self.lang!r}, as_of={self.as_of!r})"


def _configure_plotly() -> None:
    import plotly.io as pio

    from lessons.viz.template import use_as_default

    use_as_default()  # the course's look, also for a student's own plotly.express figure
    for name in ("plotly_mimetype", "jupyterlab"):
        pio.renderers[name] = _course_renderer()
    from lessons.viz.plotlyjs import (
        notebook_renderer,
    )  # HTML export only (LESSONS_HTML_EXPORT): carries the course's plotly.js

    pio.renderers["notebook"] = notebook_renderer(maps.plotly_config())
    # An HTML export needs plotly.js in the page; JupyterLab and Voilà draw the mimetype.
    pio.renderers.default = "plotly_mimetype+notebook" if os.environ.get(EXPORT_ENV) else "plotly_mimetype"
    from lessons.viz import static

    static.accessible_tables()
    if static.active():  # an offline handout: figures and widgets as static HTML
        static.install()


def _course_renderer():
    """plotly's mimetype renderer, with the course's config: the map geometry only for maps."""
    from plotly.io._base_renderers import PlotlyRenderer

    class CourseRenderer(PlotlyRenderer):
        def to_mimebundle(self, fig_dict):
            self.config = maps.plotly_config(geo=maps.needs_geometry(fig_dict))
            return super().to_mimebundle(fig_dict)

    return CourseRenderer(maps.plotly_config())


def _setup(lang: str | None = None) -> CourseInfo:
    """Prepare the course: language (from the notebook's folder unless given), renderer, maps.

    Returns a banner object that shows what was set up. A language the course does not speak
    (an argument or LESSONS_LANG) still sets the course up, in the notebook folder's language
    (Vietnamese by default), and then says so as the course's message.
    """
    _install_error_handler()  # first: whatever goes wrong below shows as the course's message
    guessed, problem = False, None
    if lang is None:
        lang = os.environ.get("LESSONS_LANG") or None
        origin = "LESSONS_LANG"
    else:
        origin = None
    if isinstance(lang, str) and lang.strip().lower() in config.LANGUAGES:
        lang = lang.strip().lower()  # "EN", " vi" as meant
    if lang is not None and lang not in config.LANGUAGES:
        problem, lang = (lang, origin), None
    if lang is None:  # the notebook folder's language; after a bad value, else the one in use
        lang = config.infer_language() or (config.get_language() if problem else None)
        if lang is None:
            lang, guessed = config.DEFAULT_LANGUAGE, True
    config.set_language(lang)
    _configure_plotly()
    if problem is not None:
        raise config.language_error(*problem)
    from lessons.core.data import package_info

    return CourseInfo(lang, package_info().get("asOf", "?"), guessed)


setup = public(_setup, name="setup", before=_install_error_handler)


def running_in_ipython() -> bool:
    return "IPython" in sys.modules and getattr(sys.modules["IPython"], "get_ipython", lambda: None)() is not None
