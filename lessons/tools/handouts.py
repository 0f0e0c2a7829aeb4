"""Offline handouts: one HTML file per lesson and language, from the student edition, that opens
from disk with no network and shows every figure (maps included) and each widget as it first
appears (its static state).

    python -m lessons.handouts                 # handouts/vi/*.html and handouts/en/*.html
    python -m lessons.handouts --lang en --out /tmp/handouts

How: the student edition is built afresh in a temporary folder and executed with LESSONS_HANDOUT=1,
in kernels given an empty, throw-away progress store (a temporary LESSONS_PROGRESS_DIR, removed
afterwards, and a neutral LESSONS_STUDENT): the handout never shows the answers of whoever builds
it, and building it saves nothing to anyone's file. In that mode every figure and
every widget shows as plain HTML: a figure becomes a <figure> holding its JSON and its text
description; a widget becomes a snapshot of its controls (the chosen values), its texts and its
figures. The page then carries plotly.js once and the world geometry once (as a blob: URL that
every map reads), and nothing from a CDN: no require.js, no widget manager, no MathJax.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
from pathlib import Path

from lessons.core.config import LANGUAGES, REPO_DIR

HANDOUT_ENV = "LESSONS_HANDOUT"


def active() -> bool:
    return bool(os.environ.get(HANDOUT_ENV))


# --- inside the kernel: figures and widgets as static HTML ---------------------------------------
def figure_html(fig_dict: dict) -> str:
    """A figure as a <figure>: its JSON for the page's loader, and its description for screen readers."""
    meta = (fig_dict.get("layout") or {}).get("meta") or {}
    description = meta.get("description", "") if isinstance(meta, dict) else ""
    from plotly.io.json import to_json_plotly

    payload = to_json_plotly({"data": fig_dict.get("data", []), "layout": fig_dict.get("layout", {})})
    payload = payload.replace("</", "<\\/")  # never close the script element early
    return (
        "<figure class='lessons-handout-figure'>"
        f"<div class='lessons-plot' role='img' aria-label='{html.escape(description)}'></div>"
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


def _options(widget):
    labels = getattr(widget, "_options_labels", ())
    values = getattr(widget, "_options_values", ())
    return list(zip(labels, values))


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
STYLE = """
.lessons-handout-figure{margin:8px 0}.lessons-plot{width:100%;min-height:200px}
.lessons-alt{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.lessons-handout-control{font-size:90%;color:#333}.lessons-options{list-style:none;padding-left:8px;margin:2px 0}
.lessons-handout-answer{border:1px solid #bbb;min-height:3em;margin:4px 0;padding:4px}
@media print{.lessons-handout-figure{break-inside:avoid}
div[style*='max-height']{max-height:none!important;overflow:visible!important}}
"""

LOADER = """
(function(){
  var topo = document.getElementById('lessons-topojson').textContent;
  var url = URL.createObjectURL(new Blob([topo], {type: 'application/json'})) + '#';
  document.querySelectorAll('figure.lessons-handout-figure').forEach(function(f){
    var spec = JSON.parse(f.querySelector('script.lessons-figure-json').textContent);
    Plotly.newPlot(f.querySelector('.lessons-plot'), spec.data, spec.layout,
                   {topojsonURL: url, displaylogo: false, responsive: true, staticPlot: false});
  });
})();
"""


def trace_types(page: str) -> set[str]:
    """The trace types the page's figures draw (plotly's default type is scatter)."""
    import json

    blocks = re.findall(r"<script type='application/json' class='lessons-figure-json'>(.*?)</script>", page, flags=re.S)
    return {trace.get("type") or "scatter" for block in blocks for trace in json.loads(block).get("data", [])}


def assemble(body_html: str) -> str:
    """The exported page, made offline: CDN scripts out; plotly.js, the geometry and the loader in, once."""
    from lessons.viz.maps import TOPOJSON_PATH
    from lessons.viz.plotlyjs import plotly_js as course_plotly_js  # the small bundle, if it draws every trace

    page = re.sub(r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", "", body_html)
    page = re.sub(r"<script type=[\"']text/x-mathjax-config[\"']>.*?</script>", "", page, flags=re.S)
    # inline loaders that would fetch from a CDN (nbconvert's mermaid loader, for one)
    page = re.sub(
        r"<script[^>]*>(?:(?!</script>).)*(?:cdnjs|unpkg|jsdelivr)(?:(?!</script>).)*</script>", "", page, flags=re.S
    )
    plotly_js = course_plotly_js(trace_types(page))
    topo = TOPOJSON_PATH.read_text(encoding="utf-8").replace("</", "<\\/")
    tail = (
        f"<style>{STYLE}</style><script>{plotly_js}</script>"
        f"<script type='application/json' id='lessons-topojson'>{topo}</script><script>{LOADER}</script>"
    )
    return page.replace("</body>", tail + "</body>", 1) if "</body>" in page else page + tail


def student_notebooks(editions: Path, lang: str, only: list[str] | None = None) -> list[Path]:
    """The student edition of every lesson in the registry (or of the lessons `only` names), in order."""
    from lessons.core import registry

    wanted = {registry.lesson(x).id for x in only} if only else None
    paths = [editions / "student" / lang / x.notebook for x in registry.lessons() if wanted is None or x.id in wanted]
    return [p for p in paths if p.exists()]


def build(
    out_dir: Path, langs: tuple[str, ...] = LANGUAGES, lessons: list[str] | None = None, timeout: int = 300
) -> list[Path]:
    """Write out_dir/<lang>/<lesson>.html for every lesson (or the given ones) from the student edition."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    from lessons.tools.editions import build as build_editions
    from lessons.tools.editions import report
    from lessons.tools.present import throwaway_progress

    written = []
    with tempfile.TemporaryDirectory(prefix="lessons-handouts-") as tmp, throwaway_progress("handout") as env:
        editions = Path(tmp) / "editions"
        report(build_editions(editions, langs=langs, editions=("student",)), langs[0])  # which sources differ from git
        env[HANDOUT_ENV] = "1"
        for lang in langs:
            for source in student_notebooks(editions, lang, lessons):
                nb = nbformat.read(source, as_version=4)
                NotebookClient(
                    nb,
                    timeout=timeout,
                    kernel_name="python3",
                    store_widget_state=False,
                    resources={"metadata": {"path": str(source.parent)}},
                ).execute(env=env)
                nb.metadata.pop("widgets", None)  # the page shows snapshots; no widget state to carry
                exporter = HTMLExporter(template_name="lab")
                body, _ = exporter.from_notebook_node(nb)
                target = Path(out_dir) / lang / source.name.replace(".ipynb", ".html")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(assemble(body), encoding="utf-8")
                written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="one language (default: both)")
    parser.add_argument("--lesson", action="append", help="one lesson number, e.g. 05 (default: all)")
    parser.add_argument("--out", default=str(REPO_DIR / "handouts"), help="output folder (default: handouts/)")
    args = parser.parse_args(argv)
    from lessons.core import registry

    for lesson in args.lesson or []:
        try:
            registry.lesson(lesson)
        except KeyError as e:
            parser.error(e.args[0])
    for path in build(Path(args.out), tuple(args.lang or LANGUAGES), args.lesson):
        print(f"{path}  {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
