"""The plotly.js the course ships itself: `lessons/assets/plotly-course.min.js`, plotly.js with only
the trace types the course draws (1.4 MB instead of plotly's full 4.8 MB bundle).

It is built by `tools/plotlyjs/build.mjs` from the plotly.js npm package, at the version the
installed Python plotly bundles, and committed, so nothing is built on a student's machine. Its
header names the version and the traces; tests/test_plotly_bundle.py checks both against the
Python plotly and against every figure the course makes.

Handouts and HTML exports (LESSONS_HTML_EXPORT) carry this file. Should it not fit (another plotly
version installed, or a page drawing a trace type it does not hold), they carry plotly's full
bundle instead: a larger page, never a broken one. Presenter mode (Voilà) draws with it too
(lessons.tools.present). In JupyterLab the figures are drawn by plotly's own JupyterLab extension.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

ASSET = "plotly-course.min.js"
# plotly's HTML figures load MathJax from a CDN (one request per figure); the course's figures hold no TeX.
_MATHJAX_CDN = re.compile(r'<script src="https://cdnjs\.cloudflare\.com/ajax/libs/mathjax/[^"]*"></script>')
_HEADER = re.compile(
    r"\A/\*\*\s*\n\* plotly\.js v(?P<version>\d+\.\d+\.\d+\S*)"
    r" \(course bundle[^\n]*\n\* traces: (?P<traces>[a-z0-9,]+)\n"
)


def parse_header(text: str) -> tuple[str, tuple[str, ...]]:
    """(plotly.js version, trace types) from a course bundle's header; ValueError if it has none."""
    m = _HEADER.match(text[:1000])
    if not m:
        raise ValueError("not a course plotly.js bundle: its header names no version and no traces")
    return m.group("version"), tuple(m.group("traces").split(","))


@functools.cache
def course_bundle() -> str:
    return (files("lessons") / "assets" / ASSET).read_text(encoding="utf-8")


def info() -> tuple[str, tuple[str, ...]]:
    """The shipped bundle's plotly.js version and trace types."""
    return parse_header(course_bundle())


def plotly_version() -> str:
    """The plotly.js version the installed Python plotly writes figures for."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def fits(trace_types=None) -> bool:
    """Whether the course bundle can draw figures from this plotly, with these trace types."""
    version, traces = info()
    return version == plotly_version() and set(trace_types or ()) <= set(traces)


def plotly_js(trace_types=None) -> str:
    """The plotly.js to put in a page: the course bundle when it fits, else plotly's full bundle."""
    if fits(trace_types):
        return course_bundle()
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def notebook_renderer(config: dict):
    """plotly's `notebook` renderer (an HTML export's figures), carrying the course bundle once."""
    from plotly.io._base_renderers import NotebookRenderer

    class CourseNotebookRenderer(NotebookRenderer):
        def activate(self):
            from IPython.display import display_html
            from plotly.io._base_renderers import _mathjax_config, _window_plotly_config

            display_html(
                f"<script>\n{_window_plotly_config}\n{_mathjax_config}\n</script>\n<script>{plotly_js()}</script>",
                raw=True,
            )

        def to_mimebundle(self, fig_dict):  # nothing asked of the internet: no MathJax from its CDN
            bundle = super().to_mimebundle(fig_dict)
            bundle["text/html"] = _MATHJAX_CDN.sub("", bundle["text/html"])
            return bundle

    return CourseNotebookRenderer(config=config)
