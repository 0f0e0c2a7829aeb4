"""Offline handouts: one HTML file per lesson and language, from the student edition, that opens
from disk with no network and shows every figure (maps included) and each widget as it first
appears (its static state).

    python -m lessons.tools.handouts                 # handouts/vi/*.html and handouts/en/*.html
    python -m lessons.tools.handouts --lang en --out /tmp/handouts

How: the student edition is built afresh in a temporary folder and executed with LESSONS_HANDOUT=1,
in kernels given an empty, throw-away progress store (a temporary LESSONS_PROGRESS_DIR, removed
afterwards, and a neutral LESSONS_STUDENT): the handout never shows the answers of whoever builds
it, and building it saves nothing to anyone's file. In that mode every figure and
every widget shows as plain HTML: a figure becomes a <figure> holding its JSON and its text
description; a widget becomes a snapshot of its controls (the chosen values), its texts and its
figures. The page then carries plotly.js once and the world geometry once (as a blob: URL that
every map reads), and nothing from a CDN: no require.js, no widget manager, no MathJax. A link to another
lesson's notebook points to that lesson's handout beside it (or, when that one is not built, leaves its words
as plain text). tests/test_browser_a11y.py runs axe-core on every handout.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from lessons.core.config import LANGUAGES, REPO_DIR
from lessons.viz.static import HANDOUT_ENV, active, figure_html, install, widget_html  # noqa: F401 (re-exported)

STYLE = """
.lessons-handout-figure{margin:8px 0}.lessons-plot{width:100%;min-height:200px}
.lessons-alt{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.lessons-handout-control{font-size:90%;color:#333}.lessons-options{list-style:none;padding-left:8px;margin:2px 0}
.lessons-handout-answer{border:1px solid #bbb;min-height:3em;margin:4px 0;padding:4px}
/* what axe-core found hard to read or to tell apart (tests/test_browser_a11y.py): JupyterLab draws the
   prompts of inactive cells at half opacity (#b0b0b0 on white, 2.2:1) and numbers in code #080 on grey (4.3:1) */
:root{--jp-cell-prompt-not-active-opacity:1;--jp-mirror-editor-number-color:#006b00}
.jp-RenderedHTMLCommon a:link,.jp-RenderedHTMLCommon a:visited{text-decoration:underline}
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


# A link to a notebook by a relative address ("02-timeline.ipynb#part-2", "../en/x.ipynb"): a handout
# has no notebook beside it.
NOTEBOOK_LINK = re.compile(
    r"""<a\b[^>]*?\bhref=(["'])(?![a-z][a-z0-9+.-]*:)([^"'#?]*?)\.ipynb([?#][^"']*)?\1[^>]*>(.*?)</a>""",
    flags=re.S | re.I,
)


def relink(page: str, handouts: set[str]) -> str:
    """Links to a lesson's .ipynb beside this page point to that lesson's handout when it is in `handouts`
    (file names beside this page); any other link to a notebook goes, and its text stays."""

    def swap(m: re.Match) -> str:
        path, anchor, text = m.group(2), m.group(3) or "", m.group(4)
        target = f"{path}.html"
        return f'<a href="{target}{anchor}">{text}</a>' if target in handouts else text

    return NOTEBOOK_LINK.sub(swap, page)


def kernel_config():
    """The kernels that run the lessons talk to this process over CurveZMQ-encrypted TCP (the manager
    hands the kernel its keys when the kernelspec says it can use them): without it, each kernel warns
    that its connection is plain text, once per handout."""
    import zmq
    from traitlets.config import Config

    return Config({"KernelManager": {"transport_encryption": "auto"}}) if zmq.has("curve") else Config()


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
            sources = student_notebooks(editions, lang, lessons)
            folder = Path(out_dir) / lang
            beside = {p.name for p in folder.glob("*.html")} | {s.name.replace(".ipynb", ".html") for s in sources}
            for source in sources:
                nb = nbformat.read(source, as_version=4)
                NotebookClient(
                    nb,
                    timeout=timeout,
                    kernel_name="python3",
                    store_widget_state=False,
                    resources={"metadata": {"path": str(source.parent)}},
                    config=kernel_config(),
                ).execute(env=env)
                nb.metadata.pop("widgets", None)  # the page shows snapshots; no widget state to carry
                exporter = HTMLExporter(template_name="lab")
                body, _ = exporter.from_notebook_node(nb)
                target = folder / source.name.replace(".ipynb", ".html")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(assemble(relink(body, beside)), encoding="utf-8")
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
