"""The one explorer base: controls above, the figures (or a message) below.

A topic's explorer subclasses `Explorer`, builds its controls and figures, and writes `update()`:
it draws the current choice into the figures (each figure in one batched update, traces found by
their key, never by position) and returns a message when the choice leaves nothing to show. The
base then shows either the figures or that message *instead of* them, and guards every callback:
an error while drawing becomes a message in the notebook's language inside the explorer, never a
traceback, and the explorer keeps working.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import ipywidgets as widgets
import plotly.graph_objects as go

from lessons.core.errors import CourseError
from lessons.core.text import t
from lessons.viz import html, maps

log = logging.getLogger("lessons")


def figure_widget(fig: go.Figure) -> go.FigureWidget:
    """A FigureWidget of `fig` that draws maps from the shipped geometry (sent once, with the widget)."""
    widget = go.FigureWidget(fig)
    shape = {"data": [{"type": tr.type} for tr in widget.data], "layout": widget.layout.to_plotly_json()}
    widget._config = maps.plotly_config(geo=maps.needs_geometry(shape))
    return widget


class Explorer(widgets.VBox):
    """Controls + output. Subclasses call `build()` once, then `redraw()`; they implement `update()`."""

    css_class = "lessons-explorer"

    def build(
        self,
        lang: str,
        figures: dict[str, go.Figure],
        *,
        header: list[widgets.Widget] = (),
        footer: list[widgets.Widget] = (),
        row: bool = False,
        empty_note: widgets.HTML | None = None,
    ) -> None:
        """Lay the explorer out: `header` (controls, counts), the alert line (errors), the figures
        (side by side with `row=True`), `footer` (tables, details). The empty state's message shows
        in the figures' place, or in `empty_note` (a widget of the header) when given."""
        self.lang = lang
        self.figures = {name: figure_widget(fig) for name, fig in figures.items()}
        self.alert = widgets.HTML()
        self._note_inside = empty_note is None
        self.empty_note = widgets.HTML(layout=widgets.Layout(display="none")) if empty_note is None else empty_note
        # The figures stay mounted while hidden: a FigureWidget's view, once removed, cannot be shown again
        # (plotly's widget does not rebuild a view from the model's later updates).
        self.frame = widgets.Box(
            list(self.figures.values()),
            layout=widgets.Layout(display="flex", flex_flow="row wrap" if row else "column"),
        )
        self.plots = widgets.Box(
            [self.frame, self.empty_note] if self._note_inside else [self.frame],
            layout=widgets.Layout(display="flex", flex_flow="column"),
        )
        self.empty = False
        super().__init__([*header, self.alert, self.plots, *footer])
        self.add_class("lessons-explorer")
        if self.css_class != "lessons-explorer":
            self.add_class(self.css_class)

    # --- what a subclass writes ---------------------------------------------------------------
    def update(self) -> str | None:
        """Draw the current choice; return a message (in the explorer's language) when nothing is left to show."""
        raise NotImplementedError

    # --- drawing --------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the current choice (errors reach the caller: for calls from code)."""
        message = self.update()
        self.show_empty(message) if message else self.show_figures()

    def refresh(self, change=None) -> None:
        """Draw the current choice from a callback: errors become a message, never a traceback."""
        self.guarded(self.redraw)()

    def watch(self, *controls: widgets.Widget, handler=None) -> None:
        """Redraw (or call `handler(change)`) whenever one of `controls` changes value, guarded."""
        callback = self.guarded(handler) if handler is not None else self.refresh
        for control in controls:
            control.observe(callback, "value")

    def guarded(self, fn):
        """`fn` wrapped so that an error shows as a message in the explorer and the explorer stays usable."""

        def run(*args, **kwargs):
            try:
                result = fn(*args, **kwargs)
            except CourseError as e:
                self.show_error(str(e))
            except Exception as e:  # never a traceback in a student's notebook
                log.debug("explorer callback failed", exc_info=True)
                self.last_error = e
                self.show_error(t("explorer.failed", self.lang))
                # the drawing stopped part-way: what is on screen belongs to no choice, so it goes (the
                # next choice that draws shows the figures again); a CourseError above changed nothing
                self.empty = True
                self.frame.layout.display = "none"
            else:
                self.alert.value = ""
                return result

        run.__name__ = getattr(fn, "__name__", "callback")
        return run

    def show_error(self, message: str) -> None:
        self.alert.value = html.error(message)

    def show_empty(self, message: str) -> None:
        """Nothing to show: the message takes the figures' place (no stale figure below it)."""
        self.empty = True
        self.empty_note.value = html.notice(message)
        if self._note_inside:
            self.empty_note.layout.display = None
        self.frame.layout.display = "none"

    def show_figures(self) -> None:
        self.empty = False
        if self._note_inside:
            self.empty_note.layout.display = "none"
        self.frame.layout.display = "flex"

    # --- traces by key ----------------------------------------------------------------------------
    def trace(self, figure: str, key: str):
        """The trace of figure `figure` whose key is `key` (the figure module set it with `keyed`)."""
        for trace in self.figures[figure].data:
            if trace.meta == key:
                return trace
        raise KeyError(f"{figure}: no trace {key!r}")

    def traces(self, figure: str, prefix: str = "") -> dict[str, object]:
        """The keyed traces of figure `figure` (those whose key starts with `prefix`), by key."""
        return {
            trace.meta: trace
            for trace in self.figures[figure].data
            if isinstance(trace.meta, str) and trace.meta.startswith(prefix)
        }

    @contextmanager
    def drawing(self, figure: str):
        """One batched update of figure `figure`: the browser redraws once for everything inside."""
        widget = self.figures[figure]
        with widget.batch_update():
            yield widget
