"""The course's plotly.js bundle (lessons/assets/plotly-course.min.js, built by tools/plotlyjs/build.mjs):
the same plotly.js version as the Python plotly writes figures for, every trace type the course's
figures use (found by building every figure the package makes, in both languages, explorers'
controls turned), no trace it never draws, and the pages that ship plotly.js carry it, falling back
to plotly's full bundle rather than drawing a blank."""

from __future__ import annotations

import functools
import inspect
import json
import re
import sys

import ipywidgets as widgets
import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import lessons as L
from lessons.core import config
from lessons.tools import handouts
from lessons.viz import maps, plotlyjs

from conftest import REPO, chromium_path

sys.path.insert(0, str(REPO / "bench"))
import kernel_widgets as K  # noqa: E402  the benchmark's walk over a widget's controls and their values

TOOLS = REPO / "tools" / "plotlyjs"
NOT_BUILDERS = {"setup", "validate"}  # public calls that configure or check, and draw nothing
VALUES_PER_CONTROL = 6


# --- every figure the course makes --------------------------------------------------------------
def _figures(obj):
    if isinstance(obj, go.Figure | go.FigureWidget):
        yield obj
    elif isinstance(obj, widgets.Widget):
        for part in K.walk(obj):
            if isinstance(part, go.FigureWidget):
                yield part
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _figures(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _figures(item)


def _types(obj) -> set[str]:
    return {trace.type for fig in _figures(obj) for trace in fig.data}


def _builders() -> list[str]:
    """Public calls that take no required argument: every figure, table and explorer of the course."""
    names = []
    for name in L.__all__:
        fn = getattr(L, name)
        if name in NOT_BUILDERS or not callable(fn) or isinstance(fn, type):
            continue
        params = inspect.signature(fn).parameters.values()
        if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
            names.append(name)
    return names


@functools.cache
def course_trace_types(lang: str) -> dict[str, set[str]]:
    """name → trace types, from building every figure and widget in `lang` and turning each
    explorer's controls through up to VALUES_PER_CONTROL values (a choice can add a trace)."""
    config.set_language(lang)
    found: dict[str, set[str]] = {}
    for name in _builders():
        result = getattr(L, name)()
        found[name] = _types(result)
        if isinstance(result, widgets.Widget):
            for control in [c for c in K.walk(result) if isinstance(c, K.CONTROLS)]:
                for value in K.candidates(control)[:VALUES_PER_CONTROL]:
                    control.value = value
                    found[name] |= _types(result)
    return found


def _header_of_plotly_full() -> str:
    return plotly.__path__[0] + "/package_data/plotly.min.js"


# --- the version and the recipe -------------------------------------------------------------------
def test_the_bundle_is_the_plotly_js_the_python_plotly_writes_for():
    version, traces = plotlyjs.info()
    with open(_header_of_plotly_full(), encoding="utf-8") as f:
        full_header = f.read(200)
    assert f"plotly.js v{version}\n" in full_header  # the header of plotly's own bundle, read directly
    assert version == plotlyjs.plotly_version()
    code_versions = set(re.findall(r'\.version="(\d+\.\d+\.\d+)"', plotlyjs.course_bundle()))
    assert code_versions == {version}  # the code itself, not only its header


def test_the_recipe_pins_that_version_and_lists_the_bundles_traces():
    version, traces = plotlyjs.info()
    package = json.loads((TOOLS / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["plotly.js"] == version
    assert lock["packages"]["node_modules/plotly.js"]["version"] == version
    listed = re.search(r"export const TRACES = \[([^\]]*)\]", (TOOLS / "build.mjs").read_text(encoding="utf-8")).group(
        1
    )
    assert tuple(re.findall(r'"([a-z0-9]+)"', listed)) == traces


def test_the_bundle_is_a_third_of_plotlys_full_bundle():
    full = len(open(_header_of_plotly_full(), encoding="utf-8").read())
    assert len(plotlyjs.course_bundle()) < 1.6e6 < full / 2.5


# --- the traces: found by building, not by a hand list ---------------------------------------------
def test_building_finds_the_course_figures():
    assert len(_builders()) >= 30 and {"course_map", "trade_explorer", "agreement_heatmap"} <= set(_builders())
    found = course_trace_types("en")
    assert found["agreement_heatmap"] == {"heatmap"} and "choropleth" in found["sanctions_map"]


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_every_trace_the_course_draws_is_in_the_bundle(lang):
    found = course_trace_types(lang)
    drawn = set().union(*found.values())
    missing = {
        name: sorted(types - set(plotlyjs.info()[1]))
        for name, types in found.items()
        if types - set(plotlyjs.info()[1])
    }
    assert not missing, f"rebuild tools/plotlyjs with these traces: {missing}"
    assert len(drawn) >= 4


def test_the_bundle_holds_no_trace_the_course_never_draws():
    drawn = set().union(*course_trace_types("vi").values(), *course_trace_types("en").values())
    assert set(plotlyjs.info()[1]) == drawn  # scatter is in plotly.js core anyway; the rest is weight


# --- the header, read strictly ------------------------------------------------------------------------
GOOD = (
    "/**\n* plotly.js v4.1.1 (course bundle: plotly.js core + traces bar, scatter)\n* traces: bar,scatter\n"
    "* Built by …\n*/\nvar Plotly;"
)


@pytest.mark.parametrize(
    "text, why",
    [
        ("", "empty file"),
        ("/**\n* plotly.js v4.1.1\n* Copyright 2012-2026, Plotly, Inc.\n*/\n", "plotly's full bundle: no trace list"),
        (GOOD.replace("* traces: bar,scatter\n", ""), "the traces line is missing"),
        (GOOD.replace("v4.1.1", "vX"), "no version number"),
        ("var x = 1;\n" + GOOD, "the header is not at the top"),
        (GOOD.replace("bar,scatter", "bar, scatter"), "a space in the trace list"),
    ],
)
def test_a_file_without_a_course_header_is_refused(text, why):
    with pytest.raises(ValueError, match="course plotly.js bundle"):
        plotlyjs.parse_header(text)


def test_a_course_header_is_read():
    assert plotlyjs.parse_header(GOOD) == ("4.1.1", ("bar", "scatter"))


# --- the pages that ship plotly.js ----------------------------------------------------------------
FULL_MARK = "MapLibre GL JS"  # in plotly's full bundle (map traces), never in the course's


@pytest.mark.parametrize(
    "types, installed, course",
    [
        (set(), None, True),
        ({"scatter", "bar"}, None, True),
        ({"scattergeo", "choropleth", "heatmap"}, None, True),
        ({"pie"}, None, False),
        ({"scatter", "scattermap"}, None, False),
        ({"scatter"}, "4.2.0", False),  # another plotly installed: figures may use what 4.1.1 lacks
    ],
)
def test_a_page_gets_the_course_bundle_only_when_it_fits(monkeypatch, types, installed, course):
    if installed:
        monkeypatch.setattr(plotlyjs, "plotly_version", lambda: installed)
    js = plotlyjs.plotly_js(types)
    assert ("(course bundle" in js[:300]) == course and (FULL_MARK in js) == (not course)


def _page(*figs) -> str:
    body = "".join(handouts.figure_html(f.to_dict()) for f in figs)
    return f"<html><head></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "figs, types, course",
    [
        ([go.Figure(go.Bar(x=[1], y=[2])), go.Figure(go.Scattergeo(lon=[50], lat=[35]))], {"bar", "scattergeo"}, True),
        ([go.Figure({"data": [{"x": [1], "y": [1]}]})], {"scatter"}, True),  # no type: plotly draws a scatter
        ([go.Figure(go.Heatmap(z=[[1]])), go.Figure(go.Pie(values=[1, 2]))], {"heatmap", "pie"}, False),
        ([], set(), True),
    ],
)
def test_a_handout_carries_the_course_bundle_once_unless_a_figure_needs_more(figs, types, course):
    page = _page(*figs)
    assert handouts.trace_types(page) == types
    out = handouts.assemble(page)
    assert out.count("plotly.js v") == 1 and ("(course bundle" in out) == course and (FULL_MARK in out) == (not course)


def test_the_html_export_carries_the_course_bundle(monkeypatch):
    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display_html", lambda html, raw=False: shown.append(html))
    monkeypatch.setenv("LESSONS_HTML_EXPORT", "1")
    L.setup("vi")
    try:
        bundle = pio.renderers._build_mime_bundle(L.check_map().to_dict())  # activates the export's renderers once
    finally:
        monkeypatch.delenv("LESSONS_HTML_EXPORT")
        L.setup("en")
    assert (
        len(shown) == 1 and "(course bundle" in shown[0] and FULL_MARK not in shown[0]
    )  # plotly.js once, the small one
    assert (
        "Plotly.newPlot(" in bundle["text/html"] and '"topojsonURL"' in bundle["text/html"]
    )  # the course config, as before


# --- in Chromium: the traces it registers, and every course figure drawn -------------------------------
@pytest.mark.browser
def test_chromium_draws_every_course_figure_with_the_bundle(tmp_path):
    from support.browser import Offline

    config.set_language("vi")
    figures = []
    for name in _builders():
        figures += [(name, json.loads(fig.to_json())) for fig in _figures(getattr(L, name)())]
    page_file = tmp_path / "figures.html"
    page_file.write_text(f"<html><body><script>{plotlyjs.course_bundle()}</script></body></html>", encoding="utf-8")
    browser = Offline(chromium_path())
    try:
        page = browser.page(900, 700)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        registered = page.evaluate("() => [Plotly.version, Object.keys(Plotly.PlotSchema.get().traces).sort()]")
        assert registered == [plotlyjs.info()[0], sorted(plotlyjs.info()[1])]
        config_ = maps.plotly_config()
        drawn = page.evaluate(
            """async ([figures, config]) => {
            const out = [];
            for (const [name, fig] of figures) {
                const div = document.createElement('div'); document.body.appendChild(div);
                await Plotly.newPlot(div, fig.data, fig.layout, config);
                out.push([name, div.querySelectorAll('.main-svg').length,
                          div.querySelectorAll(
                              '.choroplethlocation, .point, .bars path, .hm image, .scatterlayer path').length,
                          Math.max(0, ...[...div.querySelectorAll('.layer.countries path')]
                              .map(p => (p.getAttribute('d') || '').length))]);
                Plotly.purge(div); div.remove();
            }
            return out; }""",
            [figures, config_],
        )
    finally:
        browser.close()
    assert errors == [] and browser.blocked == []
    assert len(drawn) == len(figures) >= 20
    for (name, svgs, marks, borders), (_, fig) in zip(drawn, figures):
        assert svgs >= 1 and marks >= 1, name
        if any(t.get("type") in ("scattergeo", "choropleth") for t in fig["data"]):
            assert borders > 50000, name  # the world geometry drawn offline, not an empty box
