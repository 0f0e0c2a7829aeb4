"""Lesson 00 (start): the setup check — a checklist and a slider that answers back."""

from __future__ import annotations

import html
import platform

import ipywidgets as widgets

from lessons.core.config import get_language
from lessons.core.text import t
from lessons.viz.explorer import Explorer


class SetupCheck(Explorer):
    """Proves, in the student's own browser, that widgets talk to the kernel."""

    css_class = "lessons-setup-check"

    def __init__(self, facts: list[str], lang: str | None = None):
        lang = lang or get_language()
        self.slider = widgets.IntSlider(
            value=3, min=0, max=10, description=t("check.slider", lang), style={"description_width": "initial"}
        )
        self.echo = widgets.HTML()
        items = "".join(f"<li>{html.escape(f)}</li>" for f in facts)
        header = widgets.HTML(
            f"<b>{html.escape(t('check.title', lang))}</b><ul>{items}</ul>"
            f"<p>{html.escape(t('check.widgets_ok', lang, version=widgets.__version__))}</p>"
        )
        self.build(lang, {}, header=[header, widgets.HBox([self.slider, self.echo])])
        self.watch(self.slider)
        self.redraw()

    def update(self) -> None:
        self.echo.value = (
            f"<span class='lessons-echo'>{html.escape(t('check.echo', self.lang, value=self.slider.value))}</span>"
        )


def python_version() -> str:
    return platform.python_version()
