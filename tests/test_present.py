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
