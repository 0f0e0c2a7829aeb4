"""Figures and widgets as static HTML, for the offline handouts (lessons/tools/handouts.py builds them).

Inside a kernel started with LESSONS_HANDOUT=1, `L.setup()` calls `install()`: every figure then displays
as a <figure> holding its JSON and its text description, and every widget as a snapshot of its
controls, texts and figures. This module only draws; the handout builder (which starts kernels) is a tool.
"""

from __future__ import annotations

import html
import os

HANDOUT_ENV = "LESSONS_HANDOUT"


def active() -> bool:
    return bool(os.environ.get(HANDOUT_ENV))


# --- inside the kernel: figures and widgets as static HTML ---------------------------------------
def figure_html(fig_dict: dict) -> str:
    """A figure as a <figure>: its JSON for the page's loader, and its description for screen readers.

    The description is the figure's caption (visually hidden), which names the <figure>: the plot itself is
    not marked role="img", since plotly draws focusable controls (its mode bar) inside it."""
    meta = (fig_dict.get("layout") or {}).get("meta") or {}
    description = meta.get("description", "") if isinstance(meta, dict) else ""
    from plotly.io.json import to_json_plotly

    payload = to_json_plotly({"data": fig_dict.get("data", []), "layout": fig_dict.get("layout", {})})
    payload = payload.replace("</", "<\\/")  # never close the script element early
    return (
        "<figure class='lessons-handout-figure'>"
        "<div class='lessons-plot'></div>"
        f"<script type='application/json' class='lessons-figure-json'>{payload}</script>"
        f"<figcaption class='lessons-alt'>{html.escape(description)}</figcaption></figure>"
    )


def widget_html(widget) -> str:
    """A widget as it stands now: labels and chosen values, texts, figures; children in order."""
    import ipywidgets as w
    import plotly.graph_objects as go

    if isinstance(widget, go.FigureWidget):
        return figure_html(widget.to_dict())
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        return f"<div class='lessons-handout-html'>{widget.value}</div>"
    if isinstance(widget, w.Label):
        return f"<div>{html.escape(widget.value)}</div>"
    label = html.escape(getattr(widget, "description", "") or "")
    if isinstance(widget, w.RadioButtons):
        items = "".join(
            f"<li>{'◉' if value == widget.value else '○'} {html.escape(str(text))}</li>"
            for text, value in _options(widget)
        )
        return f"<div class='lessons-handout-control'>{label}<ul class='lessons-options'>{items}</ul></div>"
    if isinstance(widget, w.SelectMultiple):
        chosen = [str(text) for text, value in _options(widget) if value in widget.value]
        return f"<div class='lessons-handout-control'><b>{label}</b> {html.escape(', '.join(chosen))}</div>"
    if isinstance(widget, (w.Dropdown, w.Select, w.SelectionSlider, w.ToggleButtons)):
        chosen = next((str(text) for text, value in _options(widget) if value == widget.value), "")
        return f"<div class='lessons-handout-control'><b>{label}</b> {html.escape(chosen)}</div>"
    if isinstance(widget, w.Checkbox):
        return f"<div class='lessons-handout-control'>{'☑' if widget.value else '☐'} {label}</div>"
    if isinstance(widget, (w.IntSlider, w.FloatSlider, w.IntRangeSlider, w.FloatRangeSlider, w.IntText, w.FloatText)):
        value = widget.value if not isinstance(widget.value, tuple) else "–".join(map(str, widget.value))
        return f"<div class='lessons-handout-control'><b>{label}</b> {html.escape(str(value))}</div>"
    if isinstance(widget, (w.Textarea, w.Text)):
        return f"<div class='lessons-handout-answer'>{html.escape(widget.value) or '&nbsp;'}</div>"
    if isinstance(widget, (w.Button, w.ToggleButton)):
        return ""  # nothing to press on paper
    if isinstance(widget, w.Box):
        inner = "".join(widget_html(child) for child in widget.children)
        row = isinstance(widget, w.HBox)
        style = f"display:flex;flex-direction:{'row' if row else 'column'};flex-wrap:wrap;gap:6px 18px"
        return f"<div class='lessons-handout-box' style='{style}'>{inner}</div>"
    return ""


def dataframe_html(df) -> str:
    """A pandas table whose header cells all have text: pandas leaves the corner above the index (and the
    cells beside the index's name) as empty <th>, which screen readers announce as nameless headers; those
    become plain cells."""
    import re

    import pandas as pd

    shown = df.to_html(
        max_rows=pd.get_option("display.max_rows"),
        max_cols=pd.get_option("display.max_columns"),
        show_dimensions=pd.get_option("display.show_dimensions") is True,
    )
    return re.sub(r"<th>(\s*)</th>", r"<td>\1</td>", shown)


def _options(widget):
    labels = getattr(widget, "_options_labels", ())
    values = getattr(widget, "_options_values", ())
    return list(zip(labels, values))


def accessible_tables() -> None:
    """In a notebook: pandas tables display with no nameless header cell (dataframe_html); called by
    L.setup() in every mode (JupyterLab, Voilà, HTML export, handout)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        import pandas as pd

        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, dataframe_html)


def install() -> None:
    """In handout mode: figures and widgets display as the static HTML above (called by L.setup())."""
    import ipywidgets as w
    import plotly.io as pio
    from plotly.io.base_renderers import MimetypeRenderer

    class HandoutRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            return {"text/html": figure_html(fig_dict)}

    pio.renderers["lessons_handout"] = HandoutRenderer()
    pio.renderers.default = "lessons_handout"
    w.DOMWidget._repr_mimebundle_ = lambda self, **kwargs: {"text/html": widget_html(self), "text/plain": ""}


# --- after execution: one self-contained page ------------------------------------------------------
