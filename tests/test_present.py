"""Presenter mode: `python -m lessons.tools.present` picks the right notebook, builds the student edition
afresh in a temporary folder and starts Voilà with a throw-away progress store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessons.core import registry
from lessons.core.config import REPO_DIR
from lessons.core.errors import CourseError
from lessons.tools import present


def test_lessons_are_numbered_the_same_in_both_languages():
    assert list(present.lessons("vi")) == list(present.lessons("en")) == registry.ids()


def test_a_lesson_resolves_to_its_notebook_in_each_edition(tmp_path):
    assert present.notebook("5", "en", "source").as_posix() == "notebooks/en/05-trade.ipynb"
    assert present.notebook(7, "vi", "source").name == "07-un-votes.ipynb"
    student = present.notebook("05", "vi", "student", tmp_path)
    assert student.as_posix() == "editions/student/vi/05-trade.ipynb" and (tmp_path / student).exists()
    assert "### BEGIN SOLUTION" not in (tmp_path / student).read_text(encoding="utf-8")
    teacher = present.notebook("05", "vi", "teacher", tmp_path)
    assert "### BEGIN SOLUTION" in (tmp_path / teacher).read_text(encoding="utf-8")


def test_an_unknown_lesson_names_the_ones_there_are():
    with pytest.raises(CourseError, match="Lessons: 00, 01"):
        present.notebook("12", "vi")
    with pytest.raises(CourseError, match="no lesson 'trade'"):
        present.notebook("trade", "vi")
    assert present.main(["42"]) == 2


def test_the_command_serves_the_notebook_with_voila_from_the_folder_given():
    cmd = present.command(present.notebook("03", "en", "source"), ["--port=9999"])
    assert cmd[1:4] == ["-m", "voila", "notebooks/en/03-alliances.ipynb"]
    assert f"--Voila.root_dir={REPO_DIR}" in cmd and cmd[-1] == "--port=9999"
    assert f"--Voila.root_dir={Path('/x')}" in present.command(Path("a.ipynb"), root=Path("/x"))


def test_the_throwaway_store_is_empty_neutral_and_removed(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "teacher-login")
    monkeypatch.setenv("LESSONS_STUDENT", "Teacher Name")
    with present.throwaway_progress() as env:
        folder = Path(env["LESSONS_PROGRESS_DIR"])
        assert folder.is_dir() and list(folder.iterdir()) == []
        assert env["LESSONS_STUDENT"] == present.NEUTRAL_STUDENT and "JUPYTERHUB_USER" not in env
        assert folder != Path(os.environ["LESSONS_PROGRESS_DIR"])
    assert not folder.exists()
    assert os.environ["LESSONS_STUDENT"] == "Teacher Name"  # the caller's own environment is left alone


def test_the_command_uses_the_course_template_and_no_plotly_lab_extension():
    cmd = present.command(Path("a.ipynb"), ["--port=1"])
    assert "--template=lessons-present" in cmd
    assert "--VoilaConfiguration.extension_denylist=['jupyterlab-plotly']" in cmd and cmd[-1] == "--port=1"


def test_the_environment_finds_the_template_and_draws_figures_as_an_export():
    env = present.environment({"JUPYTER_PATH": "/elsewhere", "HOME": "/h"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(present.TEMPLATE_ROOT), "/elsewhere"]
    assert env["LESSONS_HTML_EXPORT"] == "1" and env["HOME"] == "/h"
    assert present.environment({})["JUPYTER_PATH"] == str(present.TEMPLATE_ROOT)
    from jupyter_core.paths import jupyter_path
    from voila.paths import collect_template_paths

    folder = present.TEMPLATE_ROOT / "voila" / "templates" / present.TEMPLATE
    paths = collect_template_paths(
        ["voila", "nbconvert"],
        present.TEMPLATE,
        prune=True,
        root_dirs=[str(present.TEMPLATE_ROOT), *jupyter_path()],
    )
    assert str(folder) == paths[0] and any(p.endswith(os.path.join("voila", "templates", "lab")) for p in paths)


def _voila_lab_template() -> str:
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("voila", "templates", "lab"):
        if (Path(base) / "index.html.j2").exists():
            return (Path(base) / "index.html.j2").read_text(encoding="utf-8")
    pytest.fail("Voilà's lab template is not installed")


def test_the_template_removes_exactly_the_cdn_links_voila_has():
    """The course template drops Voilà's fontawesome links by their exact text: should a Voilà upgrade change
    them, this fails here (and the browser test sees the CDN request), instead of silently going online."""
    import re

    ours = (present.TEMPLATE_ROOT / "voila" / "templates" / present.TEMPLATE / "index.html.j2").read_text("utf-8")
    removed = re.findall(r"replace\('(<link [^']+/>)', ''\)", ours)
    theirs = _voila_lab_template()
    assert len(removed) == 2 and all(link in theirs for link in removed)
    assert re.findall(r"<link [^>]*https://[^>]*>", theirs) == removed  # nothing else of Voilà's goes online


def test_figures_drawn_as_html_ask_no_cdn_for_mathjax():
    import re

    import plotly.graph_objects as go

    from lessons.viz.plotlyjs import notebook_renderer

    html = notebook_renderer({}).to_mimebundle(go.Figure(go.Bar(x=["a"], y=[1])).to_dict())["text/html"]
    assert "Plotly.newPlot" in html and not re.search(r"<script[^>]+src=", html)  # nothing loaded from elsewhere
