"""The browser part of the benchmark: change a control → the figure redrawn, in JupyterLab in Chromium.

One notebook shows one widget per lesson. For each, the page changes a control the way a student
does (a drop-down's change event, a button click, an arrow key on a slider) and a MutationObserver
on the widget's figures notes the last change to the drawing; the time is from the change until
the drawing has been quiet for SETTLE_MS. That includes the round trip to the kernel, the
kernel's update and plotly.js redrawing.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

SETTLE_MS = 300
# lesson, the call that builds the widget, its css class, and the control the benchmark changes
CASES = [
    ("00", "setup_check", "lessons-setup-check", ("key", 0), ".lessons-echo"),
    ("01", "claims_explorer", "lessons-claims-explorer", ("select", 2), ".js-plotly-plot"),
    ("02", "timeline_explorer", "lessons-timeline", ("button", 1), ".js-plotly-plot"),
    ("03", "membership_explorer", "lessons-membership", ("select", 0), ".js-plotly-plot"),
    ("04", "sanctions_explorer", "lessons-sanctions", ("select", 0), ".js-plotly-plot"),
    ("05", "trade_explorer", "lessons-trade", ("select", 0), ".js-plotly-plot"),
    ("06", "evidence_explorer", "lessons-evidence", ("select", 1), ".js-plotly-plot"),
    ("07", "vote_map_explorer", "lessons-votemap", ("select", 0), ".js-plotly-plot"),
    ("08", "big_picture_explorer", "lessons-bigpicture", ("select", 0), ".js-plotly-plot"),
]
PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"

ARM_JS = """([cls, target]) => {
    const root = PANEL.querySelector('.' + cls);
    // an HTML widget replaces its content wholesale: watch the widget, not the element inside it
    const nodes = [...root.querySelectorAll(target)].map(n => n.closest('.widget-html') || n);
    window.__bench = {t0: 0, last: 0};
    const obs = new MutationObserver(() => { window.__bench.last = performance.now(); });
    nodes.forEach(n => obs.observe(n, {subtree: true, childList: true, attributes: true, characterData: true}));
    window.__bench.obs = obs;
    document.addEventListener('keydown', () => { window.__bench.t0 = performance.now(); }, {capture: true, once: true});
    return nodes.length;
}""".replace("PANEL", PANEL)

CHANGE_JS = """([cls, kind, index]) => {
    const root = PANEL.querySelector('.' + cls);
    window.__bench.t0 = performance.now();
    if (kind === 'select') {
        const sel = root.querySelectorAll('select')[index];
        sel.selectedIndex = (sel.selectedIndex + 1) % sel.options.length;
        sel.dispatchEvent(new Event('change', {bubbles: true}));
    } else if (kind === 'button') {
        root.querySelectorAll('button')[index].click();
    }
}""".replace("PANEL", PANEL)

SETTLED_JS = """(settle) => { const b = window.__bench;
    return b.last > b.t0 && b.t0 > 0 && performance.now() - b.last > settle; }"""

RESULT_JS = """() => { const b = window.__bench; b.obs.disconnect(); return b.last > b.t0 ? b.last - b.t0 : null; }"""


def _notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('import lessons as L\nL.setup("vi")')]
    nb.cells += [nbformat.v4.new_code_cell(f"L.{call}()") for _, call, *_ in CASES]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, path)


def time_widgets_in_browser(changes: int, log) -> list[dict]:
    from kernel_widgets import percentile

    from conftest import chromium_path
    from support.browser import Offline, quiet_settings, server

    chromium = chromium_path()
    if chromium is None:
        log("browser: no Chromium found (set LESSONS_CHROMIUM or install Debian's chromium); skipped")
        return [{"lesson": c[0], "widget": c[1], "median_ms": None, "skipped": "no Chromium"} for c in CASES]
    root = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    results = []
    try:
        _notebook(root / "bench-widgets.ipynb")
        env = dict(os.environ)
        env.update(
            LESSONS_PROGRESS_DIR=str(root / "progress"),
            JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
            JUPYTERLAB_SETTINGS_DIR=str(quiet_settings(root / "settings")),
        )
        browser = Offline(chromium)
        try:
            with server("lab", root, env) as (base, token):
                page = browser.page(1400, 1000)
                log("browser: JupyterLab opened, running the widget notebook")
                page.goto(f"{base}/lab/workspaces/bench/tree/bench-widgets.ipynb?token={token}")
                page.wait_for_function(
                    f"window.jupyterapp && {PANEL} && {PANEL}.querySelector('.jp-Notebook .jp-Cell')"
                )
                page.wait_for_function(
                    """() => { const w = window.jupyterapp.shell.currentWidget;
                    return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
                           && w.sessionContext.session.kernel.status === 'idle'; }""",
                    timeout=120_000,
                )
                page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
                for _, _, cls, _, target in CASES:
                    page.wait_for_function(
                        f"() => {PANEL}.querySelectorAll('.{cls} {target}').length > 0", timeout=180_000
                    )
                page.wait_for_timeout(2000)
                for lesson, call, cls, (kind, index), target in CASES:
                    times, misses = [], 0
                    page.locator(f".{cls}").first.scroll_into_view_if_needed()
                    for i in range(changes):
                        page.evaluate(ARM_JS, [cls, target])
                        if kind == "key":
                            handle = page.locator(f".{cls} .noUi-handle, .{cls} [role=slider]").first
                            handle.focus()
                            page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                        else:
                            page.evaluate(CHANGE_JS, [cls, kind, index])
                        try:
                            page.wait_for_function(SETTLED_JS, arg=SETTLE_MS, timeout=10_000, polling=20)
                        except Exception:
                            misses += 1
                        ms = page.evaluate(RESULT_JS)
                        if ms is not None:
                            times.append(ms)
                        page.wait_for_timeout(150)
                    row = {
                        "lesson": lesson,
                        "widget": call,
                        "control": kind,
                        "changes": changes,
                        "redrawn": len(times),
                        "median_ms": round(statistics.median(times), 1) if times else None,
                        "p95_ms": round(percentile(times, 0.95), 1) if times else None,
                        "max_ms": round(max(times), 1) if times else None,
                        "runs_ms": [round(x, 1) for x in times],
                    }
                    if not times:
                        row["error"] = "the figure was never redrawn"
                    elif misses:
                        row["note"] = f"{misses} of {changes} changes did not redraw within 10 s"
                    results.append(row)
                    log(
                        f"browser: {lesson} {call}: median {row['median_ms']} ms, "
                        f"p95 {row['p95_ms']} ms over {len(times)} changes"
                    )
                shots = REPO / "artifacts" / "bench"
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots / "browser-widgets.png"))
            if browser.blocked:
                results.append(
                    {
                        "lesson": "-",
                        "widget": "network",
                        "median_ms": None,
                        "error": f"requests left the machine: {browser.blocked[:3]}",
                    }
                )
        finally:
            browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return results


if __name__ == "__main__":  # python bench/browser_widgets.py [changes]: the browser part alone
    out = time_widgets_in_browser(int(sys.argv[1]) if len(sys.argv) > 1 else 3, print)
    print(json.dumps(out, indent=1))
