"""The lessons in a real browser: JupyterLab (fresh run and reopened), Voilà and an HTML
export, in Debian's Chromium, with every request that leaves the machine blocked."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import lessons as L
from lessons.core.text import t
from lessons.exercises import bank

from conftest import ARTIFACTS, LANGS, NETGUARD, REPO, notebook_names
from support.browser import GEO_TEXTS_JS, course_copy, export_html, quiet_settings, server

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "screenshots"

PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
MAPS_JS = """(root) => [...root.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.geo')).map(p => ({
    choropleth: p.querySelectorAll('path.choroplethlocation').length,
    borders: Math.max(0, ...[...p.querySelectorAll('.layer.countries path')]
        .map(x => (x.getAttribute('d') || '').length)),
    points: p.querySelectorAll('.scattergeo .point, .scattergeo path.point').length,
}))"""
EXPECTED = {  # per lesson: geo maps after Run All, of which drawn from stored output on reopening; widgets (css class)
    "00": {"maps": 2, "static_maps": 2, "widgets": ["lessons-setup-check"]},
    "01": {"maps": 1, "static_maps": 1, "widgets": ["lessons-claims-explorer"]},
    "02": {"maps": 0, "static_maps": 0, "widgets": ["lessons-timeline"]},
    "03": {"maps": 2, "static_maps": 1, "widgets": ["lessons-membership", "lessons-relations"]},
    "04": {"maps": 2, "static_maps": 1, "widgets": ["lessons-sanctions"]},
    "05": {"maps": 2, "static_maps": 1, "widgets": ["lessons-trade", "lessons-corridor"]},
    "06": {"maps": 0, "static_maps": 0, "widgets": ["lessons-evidence"]},
    "07": {"maps": 2, "static_maps": 1, "widgets": ["lessons-votemap", "lessons-agreement"]},
    "08": {"maps": 2, "static_maps": 1, "widgets": ["lessons-bigpicture"]},
}

_WORKSPACES = itertools.count(1)


def _env(tmp_path) -> dict:
    env = dict(os.environ)
    env.update(
        LESSONS_PROGRESS_DIR=str(tmp_path / "progress"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(quiet_settings(tmp_path / "settings")),
        PYTHONPATH=os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")])),
    )
    return env


def _maps_ok(maps: list[dict]) -> bool:
    return all(m["borders"] > 50_000 for m in maps)


def _open(page, base, token, path):
    # A fresh, named workspace per page, so JupyterLab does not also restore the notebooks
    # an earlier page had open (run-all would then run in whichever one has focus).
    workspace = f"w{next(_WORKSPACES)}"
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{path}?token={token}")
    page.wait_for_function(f"window.jupyterapp && {PANEL} && {PANEL}.querySelector('.jp-Notebook .jp-Cell')")
    page.wait_for_function("document.querySelector('.jp-Notebook-ExecutionIndicator, .jp-KernelStatus') !== null")


def _run_all(page):
    # Run All only once the notebook's kernel is up and idle (a cold first start can take a while).
    page.wait_for_function(
        """() => { const w = window.jupyterapp.shell.currentWidget;
        return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
               && w.sessionContext.session.kernel.status === 'idle'; }""",
        timeout=120_000,
    )
    page.wait_for_timeout(500)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    try:
        page.wait_for_function(
            f"""() => {{
                const p = [...{PANEL}.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent);
                return p.length && !p.some(x => x.includes('*')) && /\\d/.test(p[p.length - 1]); }}""",
            timeout=180_000,
        )
    except Exception as e:  # say what the page showed, so a failure on CI can be understood
        failures = ARTIFACTS / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        shot = failures / f"run-all-{next(_WORKSPACES)}.png"
        page.screenshot(path=str(shot))
        state = page.evaluate(f"""() => ({{
            prompts: [...{PANEL}.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent),
            kernel: document.querySelector('.jp-KernelStatus, .jp-Notebook-ExecutionIndicator')
                        ?.getAttribute('data-status')
                    || document.querySelector('.jp-KernelStatus')?.textContent,
            dialogs: [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.slice(0, 300)),
        }})""")
        raise AssertionError(f"Run All did not finish: {state}; screenshot {shot}") from e
    page.wait_for_timeout(1500)  # widgets and plots render after the kernel replies


def _state(page) -> dict:
    return page.evaluate(f"""() => {{
        const root = {PANEL};
        const outputs = [...root.querySelectorAll('.jp-OutputArea-output')];
        return {{
            errors: root.querySelectorAll(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
            widgetProblems: outputs.map(o => o.innerText)
                .filter(t => /Error displaying widget|Loading widget|model not found/.test(t)),
            exercises: root.querySelectorAll('.lessons-exercise').length,
            classes: [...root.querySelectorAll('[class*="lessons-"]')].flatMap(e => [...e.classList])
                .filter(c => c.startsWith('lessons-')),
            maps: ({MAPS_JS})(root),
        }};
    }}""")


def _screenshot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(f"() => {{ const o = {PANEL}.querySelector('.jp-WindowedPanel-outer'); if (o) o.scrollTop = 0; }}")
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# A cell's own widget outputs (not outputs inside a widget): jupyterlab_widgets renders each as a Panel,
# every other renderer as a plain widget (the widget renderer sets no data-mime-type).
WIDGET_OUTPUTS_JS = f"""() => {PANEL}.querySelectorAll(
    '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output.lm-Panel').length"""
REOPENED_JS = f"""() => {{
    const root = {PANEL};
    return {{
        views: ({WIDGET_OUTPUTS_JS})(),
        lines: [...root.querySelectorAll('.lessons-rerun')].map(e => [e.getAttribute('lang'), e.innerText.trim()]),
        problems: [...root.querySelectorAll('.jp-OutputArea-output')].map(o => o.innerText)
            .filter(t => /Error displaying widget|Loading widget|model not found/.test(t)),
        news: /official Jupyter news/.test(document.body.innerText),
    }};
}}"""


@pytest.mark.parametrize("lang", LANGS)
def test_lessons_in_jupyterlab(browser, tmp_path, lang):
    from lessons.tools.lab import environment

    root = course_copy(REPO, tmp_path)
    # as `python -m lessons.tools.lab` starts it (the course's Jupyter configuration: the save hook, the
    # news prompt off), with empty user settings, so the course itself must keep the news prompt away
    env = environment(_env(tmp_path))
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "empty-settings")
    with server("lab", root, env) as (base, token):
        for name in notebook_names():
            lesson = name[:2]
            nb = nbformat.read(REPO / "notebooks" / lang / name, as_version=4)
            n_exercises = sum("L.exercise(" in c.source for c in nb.cells if c.cell_type == "code")
            page = browser.page(1400, 9000)  # tall, so every output is laid out for the screenshot
            console = []
            page.on("console", lambda m, console=console: console.append(m.text))
            _open(page, base, token, f"notebooks/{lang}/{name}")
            # the course's JupyterLab extension is loaded: a slow figure gets ten minutes, not anywidget's 2 s
            assert page.evaluate("window.__lessonsWidgetPatience === true")
            _run_all(page)
            state = _state(page)
            assert not [m for m in console if "Failed to initialize model" in m], console
            assert state["errors"] == 0, state
            assert state["widgetProblems"] == []
            assert state["exercises"] == n_exercises
            for cls in EXPECTED[lesson]["widgets"]:
                assert cls in state["classes"]
            assert len(state["maps"]) == EXPECTED[lesson]["maps"] and _maps_ok(state["maps"]), state["maps"]
            _archipelagos_labelled(page, lang)
            _interact(page, lesson, lang)
            _screenshot(page, f"{lang}-{name[:-6]}")
            for cls in EXPECTED[lesson]["widgets"]:  # one picture per widget, after its interaction
                (SHOTS / "widgets").mkdir(parents=True, exist_ok=True)
                page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) .{cls}").first.screenshot(
                    path=str(SHOTS / "widgets" / f"{lang}-{cls.removeprefix('lessons-')}.png")
                )

            # Reopen the saved notebook. JupyterLab's plotly renderer first shows the PNG it
            # stored, and draws the live figure from the stored output when the pointer enters it:
            # the map must then draw from the geometry in the saved config, with no network.
            views = page.evaluate(WIDGET_OUTPUTS_JS)
            assert views >= n_exercises + len(EXPECTED[lesson]["widgets"]), views
            page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_timeout(1500)
            page.context.close()
            page = browser.page(1400, 9000)
            _open(page, base, token, f"notebooks/{lang}/{name}")
            # Every widget output was saved as one line in the notebook's language saying to run the
            # cells (lessons.tools.reopen): never "Error displaying widget: model not found".
            page.wait_for_function(f"() => {PANEL}.querySelectorAll('.lessons-rerun').length >= {views}")
            page.wait_for_timeout(1000)
            reopened = page.evaluate(REOPENED_JS)
            assert reopened["problems"] == [] and reopened["views"] == 0, reopened
            assert reopened["lines"] == [[lang, t("reopen.run_cells", lang)]] * views, reopened["lines"][:3]
            assert not reopened["news"]
            if name.startswith("00"):
                _screenshot(page, f"{lang}-{name[:-6]}-reopened")
            static_maps = EXPECTED[lesson]["static_maps"]
            if static_maps == 0:
                page.context.close()
                continue
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedPlotly img.plot-img").first.wait_for()
            # What the pointer does: enter each stored image (again on every poll, in case the
            # renderer had not yet attached its handler the first time).
            page.wait_for_function(
                f"""() => {{
                {PANEL}.querySelectorAll('.jp-RenderedPlotly img.plot-img')
                    .forEach(i => i.dispatchEvent(new MouseEvent('mouseenter')));
                return ({MAPS_JS})({PANEL}).filter(m => m.borders > 50000).length >= {static_maps}; }}""",
                polling=500,
            )
            page.context.close()
    assert browser.blocked == [], browser.blocked[:5]
    index = write_index().read_text(encoding="utf-8")
    for name in notebook_names():  # this language's pictures are all on the index page
        assert f"src='{lang}-{name[:-6]}.png'" in index


def _archipelagos_labelled(page, lang: str) -> None:
    """Every map in the open notebook whose visible range reaches Hoàng Sa and Trường Sa shows both labels,
    in the notebook's language, inside the figure (issue 17): decided by each map's own range."""
    from lessons.viz import archipelagos

    labels = [archipelagos.label(a, lang) for a in archipelagos.ARCHIPELAGOS]
    for m in page.evaluate(f"() => ({GEO_TEXTS_JS})({PANEL})"):
        if archipelagos.range_reaches(m["lon"], m["lat"]):
            assert all(label in m["texts"] for label in labels), (labels, m)


def write_index() -> Path:
    """artifacts/screenshots/index.html: every lesson's screenshots, Vietnamese beside English,
    then every widget's; built from whatever pictures the runs so far have written."""
    import html

    rows = []
    for name in notebook_names():
        stem = name[:-6]
        cells = "".join(
            f"<td><a href='{lang}-{stem}.png'><img src='{lang}-{stem}.png' loading='lazy'></a></td>"
            if (SHOTS / f"{lang}-{stem}.png").exists()
            else "<td><i>not run</i></td>"
            for lang in LANGS
        )
        rows.append(f"<tr><th>{html.escape(stem)}</th>{cells}</tr>")
    widget_names = (
        sorted({p.name.split("-", 1)[1] for p in (SHOTS / "widgets").glob("*.png")})
        if (SHOTS / "widgets").exists()
        else []
    )
    for w in widget_names:
        cells = "".join(
            f"<td><a href='widgets/{lang}-{w}'><img src='widgets/{lang}-{w}' loading='lazy'></a></td>"
            if (SHOTS / "widgets" / f"{lang}-{w}").exists()
            else "<td><i>not run</i></td>"
            for lang in LANGS
        )
        rows.append(f"<tr><th>{html.escape(w[:-4])}</th>{cells}</tr>")
    page = (
        "<!doctype html><meta charset='utf-8'><title>Course screenshots</title>"
        "<style>body{font-family:sans-serif}td{vertical-align:top;width:50%}img{width:100%;border:1px solid #ccc}"
        "th{text-align:left;vertical-align:top;padding-right:8px}</style>"
        "<h1>Screenshots from the browser tests / Ảnh chụp từ các bài kiểm tra trình duyệt</h1>"
        f"<table><tr><th></th><th>Tiếng Việt</th><th>English</th></tr>{''.join(rows)}</table>"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    index = SHOTS / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def L_names(lang: str) -> dict[str, str]:
    from lessons.core.countries import country_names

    return country_names(lang)


def _drawn(page, cls: str) -> str:
    """The JS expression for what the first figure of widget `cls` has drawn (its plot's SVG)."""
    return f"({PANEL}.querySelector('.{cls} .js-plotly-plot .main-svg')?.innerHTML || '')"


def _remember(page, cls: str) -> None:
    """Keep, in the page, what the widget's figure shows now."""
    page.evaluate(
        f"() => {{ window.__drawn = window.__drawn || {{}}; window.__drawn[{cls!r}] = {_drawn(page, cls)}; }}"
    )


def _redrawn(page, cls: str) -> None:
    """Wait until the widget's figure has been drawn again, differently."""
    page.wait_for_function(f"() => {_drawn(page, cls)} !== window.__drawn[{cls!r}]")


def _interact(page, lesson: str, lang: str) -> None:
    """One real interaction per widget, checked in the page: the figure is drawn again, differently."""
    root = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    if lesson == "00":
        check = root.locator(".lessons-setup-check")
        echo = check.locator(".lessons-echo")
        before = echo.inner_text()
        check.locator(".noUi-handle, .ui-slider-handle, [role=slider]").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"() => {{ const e = {PANEL}.querySelector('.lessons-echo'); return e && e.innerText !== {before!r}; }}"
        )
        assert "4" in echo.inner_text()
    if lesson == "01":
        explorer = root.locator(".lessons-claims-explorer")
        explorer.locator("select").nth(2).select_option(label=t("status.alleged", lang))
        page.wait_for_function(
            f"() => /^1 /.test({PANEL}.querySelector('.lessons-claims-explorer .widget-html-content b')"
            "?.innerText || '')"
        )
        points = explorer.locator(".js-plotly-plot .scatterlayer .point")
        page.wait_for_function(
            f"() => {PANEL}.querySelectorAll('.lessons-claims-explorer .js-plotly-plot .scatterlayer .point')"
            ".length === 1"
        )
        assert points.count() == 1
    if lesson == "00":  # a written answer is saved, not marked
        short = root.locator(".lessons-exercise", has=page.locator("textarea")).first
        short.locator("textarea").fill("Tôi đọc trên báo rằng Iran và Nga đã ký một hiệp ước đối tác năm 2025.")
        short.locator("button", has_text=t("ex.save", lang)).click()
        page.wait_for_function(f"() => {PANEL}.querySelector(\".lessons-feedback[data-correct='saved']\")")
    if lesson == "01":  # the code exercise: an endless loop is stopped and explained, the kernel lives on
        cell = root.locator(".jp-CodeCell", has_text="def count_status").first
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text("def count_status(claims, status):\n    while True:\n        pass\n")
        page.keyboard.press("Shift+Enter")
        page.wait_for_timeout(1000)
        exercise = root.locator(".lessons-exercise", has_text="count_status").first
        exercise.locator("button", has_text=t("ex.check", lang)).click()
        timeout_text = t("ex.code_timeout", lang, seconds=2)[:25]
        exercise.locator(".lessons-feedback", has_text=timeout_text).wait_for(timeout=30_000)
        assert "Traceback" not in exercise.inner_text()
    if lesson == "02":  # a category toggle removes its events from the chart
        timeline = root.locator(".lessons-timeline")
        before = timeline.locator(".widget-html-content b").first.inner_text()
        _remember(page, "lessons-timeline")
        timeline.locator("button", has_text=t("timeline.cat.treaty", lang)).first.click()
        page.wait_for_function(
            f"() => {PANEL}.querySelector('.lessons-timeline .widget-html-content b').innerText !== {before!r}"
        )
        _redrawn(page, "lessons-timeline")
    if lesson == "03":  # the year slider redraws the membership map; highlighting changes the network
        membership = root.locator(".lessons-membership")
        title = membership.locator(".gtitle").first.text_content()
        membership.locator(".noUi-handle, [role=slider]").first.focus()
        page.keyboard.press("Home")
        page.wait_for_function(f"() => {PANEL}.querySelector('.lessons-membership .gtitle').textContent !== {title!r}")
        relations = root.locator(".lessons-relations")
        before = relations.locator(".widget-html-content").first.inner_text()
        _remember(page, "lessons-relations")
        relations.locator("select").first.select_option(label=L_names(lang)["IRN"])
        page.wait_for_function(
            f"() => {PANEL}.querySelector('.lessons-relations .widget-html-content').innerText !== {before!r}"
        )
        _redrawn(page, "lessons-relations")
    if lesson == "04":  # switching the target redraws the map and the counts
        sanctions = root.locator(".lessons-sanctions")
        title = sanctions.locator(".gtitle").first.text_content()
        sanctions.locator("select").first.select_option(label=L_names(lang)["RUS"])
        page.wait_for_function(f"() => {PANEL}.querySelector('.lessons-sanctions .gtitle').textContent !== {title!r}")
    if lesson == "05":  # another country redraws the partner ranking; a route toggle redraws the corridor
        trade = root.locator(".lessons-trade")
        title = trade.locator(".gtitle").nth(1).text_content()
        trade.locator("select").first.select_option(label=L_names(lang)["RUS"])
        page.wait_for_function(f"() => {PANEL}.querySelectorAll('.lessons-trade .gtitle')[1].textContent !== {title!r}")
        corridor = root.locator(".lessons-corridor")
        before = corridor.locator(".widget-html-content").nth(1).inner_text()
        _remember(page, "lessons-corridor")
        corridor.locator("input[type=checkbox]").first.uncheck()
        page.wait_for_function(
            f"() => {PANEL}.querySelectorAll('.lessons-corridor .widget-html-content')[1].innerText !== {before!r}"
        )
        _redrawn(page, "lessons-corridor")
    if lesson == "06":  # a status filter redraws the evidence matrix and its count
        evidence = root.locator(".lessons-evidence")
        before = evidence.locator(".widget-html-content").first.inner_text()
        _remember(page, "lessons-evidence")
        evidence.locator("select").nth(1).select_option(label=t("status.alleged", lang))
        page.wait_for_function(
            f"() => {PANEL}.querySelector('.lessons-evidence .widget-html-content').innerText !== {before!r}"
        )
        _redrawn(page, "lessons-evidence")
    if lesson == "07":  # another resolution recolours the map; a topic redraws the heatmap
        votemap = root.locator(".lessons-votemap")
        title = votemap.locator(".gtitle").first.text_content()
        es11_1 = L.load("un_resolutions").set_index("id").loc["es11_1"]
        votemap.locator("select").first.select_option(label=f"{es11_1['symbol']} · {es11_1[f'title_{lang}']}")
        page.wait_for_function(f"() => {PANEL}.querySelector('.lessons-votemap .gtitle').textContent !== {title!r}")
        agreement = root.locator(".lessons-agreement")
        title = agreement.locator(".gtitle").first.text_content()
        agreement.locator("select").nth(1).select_option(label=t("votes.category.ukraine", lang))
        page.wait_for_function(f"() => {PANEL}.querySelector('.lessons-agreement .gtitle').textContent !== {title!r}")
    if lesson == "08":  # another organisation redraws the big picture; a scenario comes back argued with figures
        big = root.locator(".lessons-bigpicture")
        title = big.locator(".gtitle").first.text_content()
        big.locator("select").first.select_option(
            label=L.load("organizations").set_index("id").loc["nato", f"name_{lang}"]
        )
        page.wait_for_function(f"() => {PANEL}.querySelector('.lessons-bigpicture .gtitle').textContent !== {title!r}")
        scenario = root.locator(".lessons-kind-scenario")
        for group in range(3):
            scenario.locator(".widget-radio-box").nth(group).locator("input[type=radio]").first.check()
        scenario.locator("button", has_text=t("ex.scenario_run", lang)).click()
        scenario.locator(".lessons-feedback[data-correct='saved']").wait_for()
        assert any(ch.isdigit() for ch in scenario.locator(".lessons-feedback").inner_text())
    # Every lesson: answer its first graded choice exercise in the browser and get a reason.
    first = root.locator(
        ".lessons-exercise:not(.lessons-kind-scenario)", has=page.locator("input[type=radio], input[type=checkbox]")
    ).first
    first.locator("input[type=radio], input[type=checkbox]").first.check()
    first.locator("button", has_text="Kiểm tra" if lang == "vi" else "Check").click()
    feedback = first.locator(".lessons-feedback")
    feedback.wait_for()
    assert feedback.get_attribute("data-correct") in ("true", "false") and len(feedback.inner_text()) > 20


@pytest.mark.parametrize("name", notebook_names())
def test_maps_in_an_offline_html_export(browser, tmp_path, name):
    html_file = export_html(REPO / "notebooks" / "vi" / name, tmp_path / "html", _env(tmp_path))
    page = browser.page(1400, 3000)
    page.goto(html_file.as_uri())
    expected = EXPECTED[name[:2]][
        "static_maps"
    ]  # widget maps need a live kernel (issue 6 brings the offline widget renderer)
    page.wait_for_function(
        f"() => ({MAPS_JS})(document).filter(m => m.borders > 50000).length === {expected}", timeout=60_000
    )
    page.context.close()
    blocked = [
        u for u in browser.blocked if not u.startswith("https://cdnjs") and "require" not in u and "unpkg" not in u
    ]
    assert all("plot.ly" not in u for u in blocked), blocked


def test_offline_handouts_open_from_disk_and_draw_every_figure(browser, tmp_path):
    """`python -m lessons.tools.handouts`: one student-edition page per lesson and language, opened from
    file:// with the network blocked; every figure draws (maps with their country shapes)."""
    import json

    out = tmp_path / "handouts"
    seen = len(browser.blocked)  # the browser is shared: count only what this test's pages asked for
    subprocess.run(
        [sys.executable, "-m", "lessons.tools.handouts", "--out", str(out)],
        check=True,
        cwd=REPO,
        env=_env(tmp_path),
        capture_output=True,
    )
    sizes = {}
    for lang in LANGS:
        for name in notebook_names():
            page_file = out / lang / name.replace(".ipynb", ".html")
            sizes[f"{lang}/{page_file.name}"] = page_file.stat().st_size
            text = page_file.read_text(encoding="utf-8")
            assert text.count("plotly.js v") == 1 and "### BEGIN SOLUTION" not in text and "cdnjs" not in text
            page = browser.page(1300, 1200)
            problems = []
            page.on("pageerror", lambda e, sink=problems: sink.append(str(e)))
            page.goto(page_file.as_uri())
            expected = len(re.findall(r"<figure[^>]*lessons-handout-figure", text))
            assert expected >= 2, page_file.name
            page.wait_for_function(
                f"() => document.querySelectorAll('.js-plotly-plot').length === {expected}", timeout=60_000
            )
            maps = EXPECTED[name[:2]]["maps"]  # widget maps too: a handout shows each widget's first state
            page.wait_for_function(
                f"() => ({MAPS_JS})(document).filter(m => m.borders > 50000).length === {maps}", timeout=60_000
            )
            assert problems == [], problems
            page.context.close()
    assert browser.blocked[seen:] == [], browser.blocked[seen:][:5]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "handout-sizes.json").write_text(json.dumps(sizes, indent=1), encoding="utf-8")
    print("\nhandout sizes (MB):", {k: round(v / 1e6, 2) for k, v in sizes.items()})


# --- the routes a student takes, looked at in the browser: no answer, no one's saved work --------


def _exercise_by_id(page, ex_id: str, lang: str):
    """The exercise widget whose prompt is exercise `ex_id`'s prompt."""
    prompt = bank.find(ex_id).text("prompt", lang)  # the wording in its lesson's exercises.toml
    return page.locator(".lessons-exercise", has=page.locator(".lessons-prompt", has_text=prompt[:40])).first


def _wrong_numeric_tries(page, ex_id: str, lang: str, tries: int = 4) -> str:
    """Type wrong numbers into a numeric exercise and press Check `tries` times; the last feedback text."""
    exercise = _exercise_by_id(page, ex_id, lang)
    exercise.scroll_into_view_if_needed()
    key = L.exercise(ex_id).answer_key
    for n in range(tries):
        exercise.locator("input[type=text]").fill(str(int(key) + 7 + n))
        exercise.locator("button", has_text=t("ex.check", lang)).click()
        page.wait_for_function(
            "([el, n]) => el.innerText.includes(n)", arg=[exercise.element_handle(), t("ex.attempts", lang, n=n + 1)]
        )
    return exercise.locator(".lessons-feedback").inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_the_students_default_route_shows_no_answer_in_jupyterlab(browser, tmp_path, lang):
    """What `python -m lessons.tools.lab` opens by default (the student edition, served from its own
    folder): after Run All and four wrong tries at a numeric exercise, the page holds no teacher
    text, no solution line, no answer value, and the hints have come in steps."""
    from test_adversarial_leak import leaks

    from lessons.tools.editions import build

    root = course_copy(REPO, tmp_path)
    build(root / "editions", notebooks_dir=root / "notebooks")
    student_root = root / "editions" / "student"
    name = next(n for n in notebook_names() if n.startswith("01"))
    already_blocked = len(browser.blocked)  # the browser is shared: count only this test's requests
    with server("lab", student_root, _env(tmp_path)) as (base, token):
        page = browser.page(1400, 9000)
        _open(page, base, token, f"{lang}/{name}")
        _run_all(page)
        feedback = _wrong_numeric_tries(page, "01.4", lang)
        text = page.locator(PANEL.replace("document.querySelector('", "").replace("')", "")).inner_text()
        assert leaks(text, lang) == []
        key = L.exercise("01.4").answer_key
        assert t("ex.hint", lang, n=3, total=3, hint="").split(":")[0] in feedback  # step 3 of 3 reached
        # the hint counters ("Hint 2/3:") and the attempt count are the widget's own numbers, not the answer
        counters = [t("ex.hint", lang, n=n, total=3, hint="").split(":")[0] for n in (1, 2, 3)]
        visible = feedback.replace(t("ex.attempts", lang, n=4), "")
        for counter in counters:
            visible = visible.replace(counter, "")
        assert not re.search(rf"(?<![\d.,]){int(key)}(?![\d.,])", visible), feedback
        SHOTS.mkdir(parents=True, exist_ok=True)
        _exercise_by_id(page, "01.4", lang).screenshot(path=str(SHOTS / f"route-lab-student-{lang}-01.4-hints.png"))
        page.screenshot(path=str(SHOTS / f"route-lab-student-{lang}-01.png"))
        page.context.close()
    assert browser.blocked[already_blocked:] == [], browser.blocked[already_blocked:][:5]


def test_the_projector_shows_no_teachers_saved_answers_in_voila(browser, tmp_path):
    """`python -m lessons.tools.present 00` as a teacher whose own progress file holds answers and a
    private short answer: Voilà shows none of it, and clicks on the projector save nothing there."""
    import json
    import time

    from test_adversarial_leak import SECRET, SECRET_NAME, _seed_teacher_progress, leaks

    from support.browser import free_port

    teacher = tmp_path / "teacher-progress"
    seeded = _seed_teacher_progress(teacher, "vi")
    before = seeded.read_bytes()
    env = _env(tmp_path)
    env["LESSONS_PROGRESS_DIR"] = str(teacher)
    port = free_port()
    log = tmp_path / "present.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lessons.tools.present",
                "00",
                "--lang",
                "vi",
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        page = browser.page(1400, 6000)
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                break
            except Exception as err:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(log.read_text(errors="replace")[-3000:]) from err
                time.sleep(0.5)
        page.wait_for_selector(".lessons-exercise", timeout=120_000)
        page.wait_for_function("() => document.querySelectorAll('.lessons-exercise').length >= 4", timeout=120_000)
        first = page.locator(".lessons-exercise", has=page.locator("input[type=radio]")).first
        first.locator("input[type=radio]").first.check()
        first.locator("button", has_text=t("ex.check", "vi")).click()
        first.locator(".lessons-feedback").wait_for()
        text = page.locator("body").inner_text()
        assert SECRET not in text and SECRET_NAME not in text
        assert t("progress.throwaway", "vi") in text  # the projector says answers are not kept
        assert t("ex.restored", "vi") not in text  # nothing "restored from last time" on the projector
        assert leaks(text, "vi") == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "route-present-vi-00.png"))
        page.context.close()
    finally:
        os.killpg(proc.pid, __import__("signal").SIGTERM)
        proc.wait(timeout=30)
    assert seeded.read_bytes() == before  # the click went to a throw-away store
    assert json.loads(seeded.read_text(encoding="utf-8"))["student"] == SECRET_NAME
