"""Presenter mode in a real browser: what `python -m lessons.tools.present` serves (Voilà, the student
edition, code hidden, widgets live), started with the same command line and environment, in Debian's
Chromium with every request that leaves the machine blocked, on an idle machine and with every core busy.

Each case asserts: every widget and map drawn, no "Error displaying widget" / "model not found" /
"Loading widget" / traceback, no page error and no console error, one interaction that changes what is
shown, and nothing asked of the internet (fontawesome included).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time

import pytest

import lessons as L
from lessons.core.countries import country_names
from lessons.core.text import t

from conftest import ARTIFACTS, NETGUARD, REPO
from support.browser import course_copy, free_port, stop, wait_port

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "screenshots"

WIDGETS = {  # per lesson: the course's widgets (css class) and the maps drawn with their geometry
    "00": (["lessons-setup-check"], 2),
    "03": (["lessons-membership", "lessons-relations"], 2),
    "05": (["lessons-trade", "lessons-corridor"], 2),
    "07": (["lessons-votemap", "lessons-agreement"], 2),
}
MAPS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.geo'))
    .filter(p => Math.max(0, ...[...p.querySelectorAll('.layer.countries path')]
        .map(x => (x.getAttribute('d') || '').length)) > 50000).length"""
# ... and a figure left as text ("Figure({...") when no renderer drew it
PROBLEMS = re.compile(r"Error displaying widget|model not found|Loading widget|Traceback|Javascript Error|Figure\(\{")
# Console lines that are Voilà's own and harmless: its JupyterLab 4.2 core next to extensions built for 4.6.
HARMLESS_CONSOLE = re.compile(r"^(Unsatisfied version|No satisfying version)")
RUNS = ARTIFACTS / "presenter-runs.txt"  # one line per case: lesson, language, load, seconds, outcome


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The student editions, built once from a throw-away copy of the notebooks."""
    from lessons.tools.editions import build

    root = course_copy(REPO, tmp_path_factory.mktemp("presenter"))
    build(root / "editions", notebooks_dir=root / "notebooks")
    return root


@contextlib.contextmanager
def busy_cpu():
    """One `while True: pass` process per core, for as long as the block runs; always killed."""
    procs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        yield procs
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()


@contextlib.contextmanager
def presenting(root, lang: str, lesson: str):
    """Voilà as `python -m lessons.tools.present` starts it: its command line, template and environment
    (throw-away progress store), serving the student edition built under `root`. Yields the page's URL."""
    from lessons.tools import present

    target = f"editions/student/{lang}/{present.lessons(lang)[lesson]}"
    port = free_port()
    log = root / f"voila-{lang}-{lesson}-{port}.log"
    cmd = present.command(target, ["--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"], root)
    with present.throwaway_progress() as env, log.open("w") as out:
        env = present.environment(env)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")]))
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_port(port, proc, log, seconds=120)
            yield f"http://127.0.0.1:{port}/", log
        finally:
            stop(proc, 30)


def _interact(page, lesson: str, lang: str) -> None:
    """One interaction per lesson that changes what is shown; waits until it is shown."""
    if lesson == "00":  # the setup check's slider echoes its value
        page.locator(".lessons-setup-check .noUi-handle, .lessons-setup-check [role=slider]").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('.lessons-echo').innerText.includes('4')")
    if lesson == "03":  # the year slider redraws the membership map
        title = page.locator(".lessons-membership .gtitle").first.text_content()
        page.locator(".lessons-membership .noUi-handle, .lessons-membership [role=slider]").first.focus()
        page.keyboard.press("Home")
        page.wait_for_function(f"() => document.querySelector('.lessons-membership .gtitle').textContent !== {title!r}")
    if lesson == "05":  # the interaction once dropped after a time-out: another country redraws the ranking
        title = page.locator(".lessons-trade .gtitle").nth(1).text_content()
        page.locator(".lessons-trade select").first.select_option(label=country_names(lang)["RUS"])
        page.wait_for_function(
            f"() => document.querySelectorAll('.lessons-trade .gtitle')[1].textContent !== {title!r}"
        )
    if lesson == "07":  # another resolution recolours the vote map
        title = page.locator(".lessons-votemap .gtitle").first.text_content()
        es11_1 = L.load("un_resolutions").set_index("id").loc["es11_1"]
        page.locator(".lessons-votemap select").first.select_option(
            label=f"{es11_1['symbol']} · {es11_1[f'title_{lang}']}"
        )
        page.wait_for_function(f"() => document.querySelector('.lessons-votemap .gtitle').textContent !== {title!r}")


def _hold_widget_states(page, seconds: float) -> list[float]:
    """A kernel slow to answer: the page's request for every widget's state is answered `seconds` late
    (longer than the 4 s @jupyter-widgets gives its control channel, so its slower fallback runs)."""

    held: list[float] = []

    def route(ws):
        server = ws.connect_to_server()

        def from_kernel(message):
            head = message if isinstance(message, str) else message[:4000].decode("latin-1")
            if '"update_states"' in head:
                held.append(seconds)
                page.wait_for_timeout(seconds * 1000)
            ws.send(message)

        server.on_message(from_kernel)

    page.route_web_socket(re.compile(r"/api/kernels/[^/]+/channels"), route)
    return held


def _present_and_check(browser, root, lang: str, lesson: str, label: str, hold: float = 0) -> None:
    classes, maps = WIDGETS[lesson]
    already_blocked = len(browser.blocked)
    errors: list[str] = []
    started = time.monotonic()
    outcome = "fail"
    try:
        with presenting(root, lang, lesson) as (base, log):
            page = browser.page(1400, 6000)
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url[:200]} {r.failure}"))
            page.on(
                "console",
                lambda m: m.type == "error" and not HARMLESS_CONSOLE.match(m.text) and errors.append(m.text),
            )
            held = _hold_widget_states(page, hold) if hold else []
            page.goto(base, wait_until="domcontentloaded", timeout=180_000)
            for cls in classes:
                page.wait_for_selector(f".{cls}", timeout=180_000)
            page.wait_for_function(f"({MAPS_JS})() === {maps}", timeout=180_000)
            # every widget output has become a widget (nothing "Loading widget…" left)
            page.wait_for_function(
                "() => ![...document.querySelectorAll('.jp-OutputArea-output')]"
                ".some(o => /Loading widget/.test(o.innerText))",
                timeout=120_000,
            )
            outputs = page.eval_on_selector_all(".jp-OutputArea-output", "els => els.map(e => e.innerText)")
            assert outputs and [o[:200] for o in outputs if PROBLEMS.search(o)] == []
            assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0  # code hidden
            if lesson == "00":  # the projector says answers are not kept
                assert t("progress.throwaway", lang) in page.locator("body").inner_text()
            _interact(page, lesson, lang)
            page.wait_for_timeout(500)
            outputs = page.eval_on_selector_all(".jp-OutputArea-output", "els => els.map(e => e.innerText)")
            assert [o[:200] for o in outputs if PROBLEMS.search(o)] == []
            assert bool(held) == bool(hold)  # the slow answer was really held back
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"present-{label}-{lang}-{lesson}.png"))
            page.context.close()
        assert errors == [], errors[:5]
        assert browser.blocked[already_blocked:] == [], browser.blocked[already_blocked:][:5]  # fontawesome too
        outcome = "pass"
    finally:
        RUNS.parent.mkdir(parents=True, exist_ok=True)
        with RUNS.open("a") as f:
            f.write(
                f"{time.strftime('%H:%M:%S')} {label} {lang}/{lesson} {time.monotonic() - started:.0f}s {outcome}\n"
            )


@pytest.mark.parametrize("lesson", list(WIDGETS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_presenter_mode_in_voila(browser, course, lang, lesson):
    """Idle machine: every widget and map drawn, one interaction, nothing online, no console error."""
    _present_and_check(browser, course, lang, lesson, "idle")


@pytest.mark.parametrize("lesson", ["00", "05"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_presenter_mode_with_every_core_busy(browser, course, lang, lesson):
    """A projector's old PC: as many busy processes as cores while Voilà starts, runs and is used."""
    with busy_cpu():
        _present_and_check(browser, course, lang, lesson, "loaded")


@pytest.mark.parametrize("lang, lesson", [("vi", "00"), ("en", "03")])
def test_presenter_mode_when_the_kernel_answers_slowly(browser, course, lang, lesson):
    """The widget states arrive 6 s late (a busy kernel): every widget is still drawn and still answers."""
    _present_and_check(browser, course, lang, lesson, "slow-answer", hold=6)
