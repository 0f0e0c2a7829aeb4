"""Student and teacher editions: no solution text leaks into the student edition (cells or
metadata), the teacher edition has everything plus a lesson plan, and both execute."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from lessons.tools import editions

from conftest import LANGS, NOTEBOOKS, REPO, notebook_names
from support.execute import _execute, _problems

NAMES = notebook_names()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    written = editions.build(out)
    assert len(written) == 2 * len(LANGS) * len(NAMES)
    return out


def _secrets(source: nbformat.NotebookNode) -> list[str]:
    """Lines that only teacher cells and solution regions hold (not said elsewhere in the lesson)."""
    from test_adversarial_leak import teacher_only_lines

    return teacher_only_lines(source)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_student_edition_holds_no_solution_anywhere(built, lang, name):
    source = nbformat.read(NOTEBOOKS / lang / name, as_version=4)
    student_path = built / "student" / lang / name
    student = nbformat.read(student_path, as_version=4)
    secrets = _secrets(source)
    assert len(secrets) >= 3  # the lesson does have teacher material, so this test can fail
    everything = student_path.read_text(encoding="utf-8")
    decoded = json.dumps(json.loads(everything), ensure_ascii=False)  # cells, outputs and all metadata
    leaked = [s for s in secrets if s in decoded or s in everything]
    assert leaked == []
    assert editions.BEGIN not in decoded and editions.END not in decoded
    assert all(editions.TEACHER_TAG not in c.metadata.get("tags", []) for c in student.cells)
    assert all(
        not c.get("outputs") and c.get("execution_count") is None for c in student.cells if c.cell_type == "code"
    )
    assert set(student.metadata) <= {"kernelspec", "language_info", "lessons"}
    assert student.metadata["lessons"]["edition"] == "student"
    # Everything else is kept, in order.
    kept = [c.id for c in source.cells if editions.TEACHER_TAG not in c.metadata.get("tags", [])]
    assert [c.id for c in student.cells] == kept


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_teacher_edition_has_everything_and_a_lesson_plan(built, lang, name):
    source = nbformat.read(NOTEBOOKS / lang / name, as_version=4)
    teacher = nbformat.read(built / "teacher" / lang / name, as_version=4)
    ids = [c.id for c in teacher.cells]
    assert ids == [source.cells[0].id, f"{name[:2]}-plan"] + [c.id for c in source.cells[1:]]
    assert [c.source for c in teacher.cells if c.id != f"{name[:2]}-plan"] == [c.source for c in source.cells]
    plan = teacher.cells[1].source
    steps = editions.plans(lang)[name[:2]]["sections"]
    objectives = [line for line in plan.split("**")[2].splitlines() if line.startswith("- ")]
    assert 3 <= len(objectives) <= 5
    assert plan.count("\n| ") == len(steps) + 1  # header row plus one row per section
    assert all(not c.get("outputs") for c in teacher.cells if c.cell_type == "code")


def test_student_and_teacher_editions_match_across_languages(built):
    for edition in ("student", "teacher"):
        for name in NAMES:
            vi = nbformat.read(built / edition / "vi" / name, as_version=4)
            en = nbformat.read(built / edition / "en" / name, as_version=4)
            assert [c.id for c in vi.cells] == [c.id for c in en.cells]
            assert [c.source for c in vi.cells if c.cell_type == "code"] == [
                c.source for c in en.cells if c.cell_type == "code"
            ]


def test_plans_cover_every_section_and_add_up():
    for lang in LANGS:
        plans = editions.plans(lang)
        assert sorted(plans) == sorted(n[:2] for n in NAMES)
        for name in NAMES:
            plan = plans[name[:2]]
            nb = nbformat.read(NOTEBOOKS / lang / name, as_version=4)
            by_id = {c.id: c for c in nb.cells}
            sections = [
                c.id
                for c in nb.cells
                if c.cell_type == "markdown"
                and c.source.startswith("## ")
                and editions.TEACHER_TAG not in c.metadata.get("tags", [])
            ]
            planned = [s["cell"] for s in plan["sections"]]
            assert all(by_id[cid].cell_type == "markdown" for cid in planned)
            # Every numbered content section and the discussion have time given to them.
            numbered = [cid for cid in sections if by_id[cid].source[3:4].isdigit()]
            assert set(numbered) <= set(planned), set(numbered) - set(planned)
            assert sum(s["minutes"] for s in plan["sections"]) == plan["total_minutes"]
            assert plan["prepare"] and plan["discussion"]
    vi, en = editions.plans("vi"), editions.plans("en")
    for lesson in vi:
        assert [(s["cell"], s["minutes"]) for s in vi[lesson]["sections"]] == [
            (s["cell"], s["minutes"]) for s in en[lesson]["sections"]
        ]


def test_solution_markers_become_a_placeholder_and_outputs_and_grader_metadata_go(tmp_path):
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell(
        "def f(x):\n    ### BEGIN SOLUTION\n    secret_value = x * 42\n    return secret_value\n    ### END SOLUTION"
    )
    code.metadata = {"nbgrader": {"solution": True, "grade_id": "f-secret"}, "tags": ["keep-me"]}
    code.outputs = [nbformat.v4.new_output("stream", text="secret output 42\n")]
    code.execution_count = 3
    note = nbformat.v4.new_markdown_cell("Model answer: the secret is 42")
    note.metadata["tags"] = ["teacher"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 00 · Title"), code, note]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"00-0{i}"
    nb.metadata["widgets"] = {"state": "secret widget state"}
    out = editions.student_edition(nb, "en", tmp_path / "00-x.ipynb")
    text = json.dumps(out)
    assert "secret" not in text and "x * 42" not in text
    assert out.cells[1].source == "def f(x):\n    ..." and out.cells[1].metadata == {"tags": ["keep-me"]}
    assert out.cells[1].outputs == [] and out.cells[1].execution_count is None


@pytest.mark.parametrize(
    "source,problem",
    [
        ("### BEGIN SOLUTION\nx = 1", "never closed"),
        ("x = 1\n### END SOLUTION", "without"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
    ],
)
def test_broken_markers_are_reported_with_the_cell(tmp_path, source, problem):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source)
    cell["id"] = "07-12"
    nb.cells = [cell]
    with pytest.raises(editions.EditionError, match=problem) as info:
        editions.student_edition(nb, "en", tmp_path / "07-x.ipynb")
    assert "07-12" in str(info.value)


def test_command_writes_every_edition(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lessons.tools.editions", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ipynb")) == sorted(
        f"{e}/{lang}/{n}" for e in ("student", "teacher") for lang in LANGS for n in NAMES
    )


@pytest.mark.parametrize("edition", ["student", "teacher"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_edition_executes_offline(built, edition, lang, name, tmp_path):
    nb, _ = _execute(built / edition / lang / name, {"LESSONS_PROGRESS_DIR": str(tmp_path)})
    assert _problems(nb) == []


def test_rebuilding_for_the_launcher_never_overwrites_a_students_notebook(tmp_path):
    editions.build(tmp_path)
    mine = tmp_path / "student" / "vi" / NAMES[0]
    mine.write_text(mine.read_text(encoding="utf-8").replace('"cells": [', '"cells": [ ', 1), encoding="utf-8")
    worked = mine.read_bytes()
    (tmp_path / "student" / "en" / NAMES[0]).unlink()
    written = editions.build(tmp_path, overwrite=False)
    assert mine.read_bytes() == worked
    assert written == [tmp_path / "student" / "en" / NAMES[0]]


def test_lab_launcher_opens_the_student_edition():
    from lessons.tools.lab import command

    assert "editions/student/vi/00-start-here.ipynb" in command("vi", folder="editions/student")


def test_a_rebuild_with_nothing_changed_rewrites_nothing_and_records_every_file(tmp_path):
    import hashlib

    first = editions.build(tmp_path, langs=("en",))
    stamps = {p: p.stat().st_mtime_ns for p in first}
    again = editions.build(tmp_path, langs=("en",))
    assert list(again) == [] and again.kept == [] and {p: p.stat().st_mtime_ns for p in first} == stamps
    recorded = json.loads((tmp_path / editions.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert recorded == {p.relative_to(tmp_path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in first}
