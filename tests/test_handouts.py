"""Offline handouts: figures and widgets become static HTML; the page carries plotly.js and the
geometry once and nothing from a CDN (the browser check is in test_browser.py)."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest

import lessons as L
from lessons.tools import handouts
from lessons.viz import plotlyjs

from conftest import LANGS, notebook_names


def test_a_figure_becomes_a_figure_element_with_its_description():
    fig = go.Figure(go.Scatter(x=[1], y=[2], text=["</script><b>x</b>"]))
    fig.update_layout(meta={"description": "A dot & a line"})
    out = handouts.figure_html(fig.to_dict())
    assert "<figcaption class='lessons-alt'>A dot &amp; a line</figcaption>" in out  # names the <figure>
    assert "role='img'" not in out  # plotly draws focusable controls inside the plot (axe: nested-interactive)
    assert out.count("</script>") == 1  # the figure's own text cannot close the JSON block early


def test_a_widget_becomes_a_snapshot_of_its_state():
    box = widgets.VBox(
        [
            widgets.HBox(
                [
                    widgets.Dropdown(options=[("Iran", "IRN"), ("Nga", "RUS")], value="RUS", description="Nước"),
                    widgets.Checkbox(value=False, description="Tuyến phía đông"),
                ]
            ),
            widgets.RadioButtons(options=[("Có", "y"), ("Không", "n")], value=None),
            widgets.Button(description="Kiểm tra"),
            widgets.HTML("<p>feedback</p>"),
            widgets.Textarea(value=""),
        ]
    )
    out = handouts.widget_html(box)
    assert "<b>Nước</b> Nga" in out and "☐ Tuyến phía đông" in out and "○ Có" in out and "○ Không" in out
    assert "Kiểm tra" not in out and "<p>feedback</p>" in out and "lessons-handout-answer" in out


def test_a_course_explorer_keeps_its_figures_and_tables():
    out = handouts.widget_html(L.corridor_explorer())
    assert out.count("lessons-handout-figure") == 1 and "Rasht" in out and "☑" in out


def test_the_page_is_made_offline():
    page = (
        "<html><head><script src='https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js'></script>"
        "<script type='text/x-mathjax-config'>MathJax.Hub.Config({})</script>"
        "<script type='module'>const m = await import('https://cdnjs.cloudflare.com/ajax/libs/mermaid/11/mermaid.esm.min.mjs');</script>"
        "</head><body><p>x</p></body></html>"
    )
    out = handouts.assemble(page)
    assert "cdnjs" not in out and "MathJax.Hub" not in out
    assert out.count("plotly.js v") == 1 and "id='lessons-topojson'" in out and out.rstrip().endswith("</html>")


# --- size: ≤ 2.5 MB each (issue 16), thanks to the course's plotly.js bundle ------------------------
HANDOUT_LIMIT = 2.5e6


def test_what_every_handout_carries_leaves_room_for_the_lesson():
    fixed = len(handouts.assemble("<html><body></body></html>").encode())  # plotly.js, geometry, style, loader
    assert fixed < 1.8e6 and "(course bundle" in handouts.assemble("<html><body></body></html>")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    return {f"{p.parent.name}/{p.name}": p for p in handouts.build(out)}


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", notebook_names())
def test_every_handout_is_at_most_2_5_mb(built, lang, name):
    page = built[f"{lang}/{name.replace('.ipynb', '.html')}"]
    text = page.read_text(encoding="utf-8")
    assert page.stat().st_size <= HANDOUT_LIMIT, f"{page.name}: {page.stat().st_size / 1e6:.2f} MB"
    assert text.count("plotly.js v") == 1 and "(course bundle" in text  # the small bundle, once
    assert handouts.trace_types(text) <= set(plotlyjs.info()[1])


# --- links between lessons and the kernels' connection (issue 19, part 5) --------------------------
@pytest.mark.parametrize(
    "link, beside, shown",
    [
        ('<a href="01-reading-the-news.ipynb">Bài 01</a>', True, '<a href="01-reading-the-news.html">Bài 01</a>'),
        ("<a href='02-timeline.ipynb#part-2'>02</a>", True, '<a href="02-timeline.html#part-2">02</a>'),
        ('<a href="01-reading-the-news.ipynb">Bài 01</a>', False, "Bài 01"),
        ('<a href="../en/01-reading-the-news.ipynb"><b>Lesson 01</b></a>', True, "<b>Lesson 01</b>"),
        ('<a href="/notebooks/01-reading-the-news.ipynb">01</a>', True, "01"),
        ('<a href="https://example.org/01-reading-the-news.ipynb">ex</a>', True, "same"),
        ('<a href="01-reading-the-news.html">01</a>', True, "same"),
    ],
    ids=["beside", "with-anchor", "not-built", "other-folder", "absolute-path", "web-address", "already-html"],
)
def test_a_link_to_a_notebook_points_to_its_handout_or_goes(link, beside, shown):
    page = f"<p>Xem {link} trước.</p>"
    handouts_beside = {"01-reading-the-news.html", "02-timeline.html"} if beside else set()
    assert handouts.relink(page, handouts_beside) == f"<p>Xem {link if shown == 'same' else shown} trước.</p>"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Lessons 00 and 01 in Vietnamese, then lesson 02 alone in English into another folder: what the builder
    printed and where it wrote."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    runs = {}
    for key, args in {
        "vi-00-01": ["--lang", "vi", "--lesson", "00", "--lesson", "01"],
        "en-02": ["--lang", "en", "--lesson", "02"],
    }.items():
        out = tmp_path_factory.mktemp(key)
        env = dict(os.environ, LESSONS_PROGRESS_DIR=str(out / "progress"))
        done = subprocess.run(
            [sys.executable, "-m", "lessons.tools.handouts", "--out", str(out), *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        runs[key] = (out, done.stdout + done.stderr)
    return runs


def test_building_handouts_prints_no_warning_about_a_plain_text_kernel_connection(two_builds):
    for _out, printed in two_builds.values():
        assert "without encryption" not in printed and "WARNING" not in printed, printed[-1500:]
        assert ".html" in printed  # it did print what it wrote


def test_handouts_link_to_the_handouts_beside_them_and_never_to_a_notebook(two_builds):
    out, _ = two_builds["vi-00-01"]
    page = (out / "vi" / "01-reading-the-news.html").read_text(encoding="utf-8")
    assert ".ipynb" not in page and 'href="00-start-here.html"' in page and (out / "vi" / "00-start-here.html").exists()
    out, _ = two_builds["en-02"]  # lesson 01 is not beside it: the words stay, the link goes
    page = (out / "en" / "02-timeline.html").read_text(encoding="utf-8")
    assert ".ipynb" not in page and "01-reading-the-news" not in page
