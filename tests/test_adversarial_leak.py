"""Answers never reach a student by any route (issue 15, part 1).

For every route a student (or a class) can be shown the course by — the lab's default, the
student edition of every lesson, offline handouts, presenter mode and the hub's student branch —
what a student sees holds no teacher-cell text, no solution code, no model answer and no saved
answer of anyone else. And the editions build refuses a source whose teacher material lost its
marking, and never overwrites a notebook someone changed.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lessons.core import registry
from lessons.tools import editions, lab, present

from conftest import LANGS, NOTEBOOKS, REPO, notebook_names

NAMES = notebook_names()
ONE = registry.lesson("01").notebook  # the notebook the tests below write into a temporary notebooks/ folder
SECRET = "SECRET-ANSWER-42"
SECRET_NAME = "Teacher-Secret-Name"
SECRET_LOGIN = "teacher-hub-login"


# --- what a student must never see, computed here independently of lessons.tools.editions --------------
def _is_teacher(cell) -> bool:
    return "teacher" in cell.metadata.get("tags", [])


def teacher_only_lines(nb) -> list[str]:
    """Lines that only teacher cells and solution regions hold (model answers, worked solutions,
    answer-computing code), at least 12 characters long and not said anywhere else."""
    secret, public = [], []
    for cell in nb.cells:
        if _is_teacher(cell):
            secret += cell.source.splitlines()
            continue
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == "### BEGIN SOLUTION":
                inside = True
            elif line.strip() == "### END SOLUTION":
                inside = False
            elif inside:
                secret.append(line)
            else:
                public.append(line)
    public_text = "\n".join(public)
    return sorted({s.strip() for s in secret if len(s.strip()) >= 12 and s.strip() not in public_text})


def all_teacher_lines(lang: str) -> list[str]:
    return sorted(
        {s for name in NAMES for s in teacher_only_lines(nbformat.read(NOTEBOOKS / lang / name, as_version=4))}
    )


def visible_text(page: str) -> str:
    """An HTML page as a reader sees it: tags (syntax highlighting included) gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def leaks(text: str, lang: str) -> list[str]:
    return [s for s in all_teacher_lines(lang) if s in text]


def _notebook_leaks(path: Path, lang: str) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    decoded = json.dumps(json.loads(raw), ensure_ascii=False)
    found = leaks(raw + decoded, lang)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if _is_teacher(cell) or "### BEGIN SOLUTION" in cell.source or "### END SOLUTION" in cell.source:
            found.append(f"cell {cell.get('id')} is teacher material")
        if cell.metadata.get("lessons") or cell.metadata.get("nbgrader"):
            found.append(f"cell {cell.get('id')} carries teacher metadata")
    return found


def _repo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    return root


def _seed_teacher_progress(folder: Path, lang: str) -> Path:
    """A teacher's own saved answers: a correct choice, a private short answer, their name."""
    folder.mkdir(parents=True, exist_ok=True)
    now = "2026-11-30T10:00:00+00:00"
    data = {
        "version": 1,
        "student": SECRET_NAME,
        "answers": {
            "00.1": {
                "lesson": "00",
                "kind": "choice",
                "answer": "tkm",
                "correct": True,
                "attempts": 1,
                "first_at": now,
                "last_at": now,
                "solved_at": now,
            },
            "00.4": {
                "lesson": "00",
                "kind": "short",
                "correct": None,
                "attempts": 1,
                "first_at": now,
                "last_at": now,
                "answer": f"{SECRET} is my private answer with more than fifteen words in it"
                " so it is kept as a real short answer",
            },
        },
    }
    path = folder / "progress.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- route 1: the lab's default ------------------------------------------------------------------
@pytest.fixture(scope="module")
def lab_route(tmp_path_factory):
    """What `python -m lessons.tools.lab` (no options) would open, for each language, in a copy of the course."""
    tmp = tmp_path_factory.mktemp("lab")
    root = _repo_copy(tmp)
    mp = pytest.MonkeyPatch()
    calls = []
    mp.setattr(lab, "REPO_DIR", root)
    mp.setattr(lab.subprocess, "call", lambda cmd, **kw: calls.append((cmd, kw)) or 0)
    try:
        for lang in LANGS:
            assert lab.main(["--lang", lang]) == 0
    finally:
        mp.undo()
    return root, dict(zip(LANGS, calls))


@pytest.mark.parametrize("lang", LANGS)
def test_lab_default_opens_the_student_edition_and_it_holds_no_answer(lab_route, lang):
    root, calls = lab_route
    cmd, kw = calls[lang]
    opened = [a for a in cmd if a.endswith(".ipynb") and not a.startswith("--")]  # not --LabApp.default_url
    assert opened == [f"editions/student/{lang}/00-start-here.ipynb"]
    assert kw["cwd"] == root and (root / opened[0]).exists()
    assert (
        f"--ServerApp.root_dir={root / 'editions' / 'student'}" in cmd
    )  # the file browser starts there, not at notebooks/
    assert not (root / "editions" / "teacher").exists()  # the teacher edition is built only when asked for
    for name in NAMES:
        assert _notebook_leaks(root / "editions" / "student" / lang / name, lang) == []


def test_lab_opens_teacher_material_only_when_asked(monkeypatch, tmp_path):
    root = _repo_copy(tmp_path)
    calls = []
    monkeypatch.setattr(lab, "REPO_DIR", root)
    monkeypatch.setattr(lab.subprocess, "call", lambda cmd, **kw: calls.append(cmd) or 0)
    assert lab.main(["--edition", "source"]) == 0 and lab.main(["--edition", "teacher", "--lang", "en"]) == 0
    assert "notebooks/vi/00-start-here.ipynb" in calls[0]
    assert "editions/teacher/en/00-start-here.ipynb" in calls[1]
    assert "### Instructor notes" in (root / "editions/teacher/en/00-start-here.ipynb").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, says", [("vi", "Không tạo được bản sổ tay"), ("en", "The edition could not be built")])
def test_lab_opens_nothing_when_a_teacher_cell_lost_its_tag(monkeypatch, tmp_path, capsys, lang, says):
    root = _repo_copy(tmp_path)
    path = root / "notebooks" / lang / "01-reading-the-news.ipynb"
    nb = nbformat.read(path, as_version=4)
    notes = next(c for c in nb.cells if c.id == "01-24")
    notes.metadata["tags"] = []
    nbformat.write(nb, path)
    calls = []
    monkeypatch.setattr(lab, "REPO_DIR", root)
    monkeypatch.setattr(lab.subprocess, "call", lambda cmd, **kw: calls.append(cmd) or 0)
    assert lab.main(["--lang", lang]) == 2
    err = capsys.readouterr().err
    assert calls == [] and says in err and "01-24" in err and "Traceback" not in err
    assert not (root / "editions" / "student" / lang / "01-reading-the-news.ipynb").exists()


def test_readme_student_routes_never_point_at_the_source_notebooks():
    """The README and every guide under docs/: student links pull the student branch; a link that opens the
    source notebooks says it is for teachers."""
    from urllib.parse import unquote

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n### ", 1)[0]
    open_cmd = re.findall(r"```bash\n(.+?)\n```", quick)[0]
    assert "\n" not in open_cmd and open_cmd.rstrip().endswith("-m lessons.tools.lab")  # the default: student edition
    documents = {"README.md": readme} | {
        f"docs/{p.name}": p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md"))
    }
    assert "docs/teachers.md" in documents
    student_links = []
    for name, text in documents.items():
        student_links += [(name, unquote(unquote(u))) for u in re.findall(r"https://\S+", text) if "git-pull" in u]
        # The one link that opens the source notebooks says it is for teachers.
        for match in re.finditer(r"\S*urlpath=lab/tree/notebooks/\S*", text):
            before = text[max(0, match.start() - 200) : match.start()]
            assert "teachers only" in before.lower() or "for teachers" in before.lower(), (name, match.group(0))
    assert {name for name, _ in student_links} >= {"README.md", "docs/teachers.md"}  # the badge, the hub link
    assert all("branch=student" in u and "notebooks/" not in u for _, u in student_links), student_links


# --- route 2: the student edition, every lesson and language ---------------------------------------
@pytest.fixture(scope="module")
def student_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    editions.build(out, editions=("student",))
    return out / "student"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_student_edition_lesson_holds_no_teacher_text_solution_or_model_answer(student_edition, lang, name):
    source = nbformat.read(NOTEBOOKS / lang / name, as_version=4)
    assert teacher_only_lines(source), "every lesson has teacher material, so this check can fail"
    assert _notebook_leaks(student_edition / lang / name, lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_teacher_and_solution_cell_is_declared_so_a_lost_mark_is_caught(lang):
    for name in NAMES:
        nb = nbformat.read(NOTEBOOKS / lang / name, as_version=4)
        for cell in nb.cells:
            if _is_teacher(cell):
                assert editions.declared_teacher(cell), f"{name} {cell.id}"
            elif "### BEGIN SOLUTION" in cell.source:
                assert editions.declared_solution(cell), f"{name} {cell.id}"
            else:
                assert not editions.declared_teacher(cell) and not editions.declared_solution(cell), f"{name} {cell.id}"


# --- route 3: offline handouts -----------------------------------------------------------------------
@pytest.fixture(scope="module", params=LANGS)
def handout(request, tmp_path_factory):
    """Lesson 00's handout, built by a teacher whose own answers are saved where the course looks."""
    from lessons.tools import handouts

    lang = request.param
    tmp = tmp_path_factory.mktemp(f"handout-{lang}")
    teacher_dir, home = tmp / "teacher-progress", tmp / "home"
    seeded = [_seed_teacher_progress(teacher_dir, lang), _seed_teacher_progress(home / ".iran-russia-course", lang)]
    before = {p: p.read_bytes() for p in seeded}
    mp = pytest.MonkeyPatch()
    mp.setenv("LESSONS_PROGRESS_DIR", str(teacher_dir))
    mp.setenv("HOME", str(home))
    mp.setenv("LESSONS_STUDENT", SECRET_NAME)
    mp.setenv("JUPYTERHUB_USER", SECRET_LOGIN)
    stores = []
    real = present.throwaway_progress

    def spy(*args, **kwargs):
        cm = real(*args, **kwargs)

        class Spy:
            def __enter__(self):
                env = cm.__enter__()
                stores.append(Path(env["LESSONS_PROGRESS_DIR"]))
                return env

            def __exit__(self, *exc):
                return cm.__exit__(*exc)

        return Spy()

    mp.setattr(present, "throwaway_progress", spy)
    try:
        written = handouts.build(tmp / "out", (lang,), ["00"])
    finally:
        mp.undo()
    assert len(written) == 1
    page = written[0].read_text(encoding="utf-8")
    return {
        "lang": lang,
        "page": page,
        "text": visible_text(page),
        "seeded": before,
        "teacher_dir": teacher_dir,
        "home": home,
        "stores": stores,
    }


def test_the_seeded_progress_is_one_the_course_would_show(tmp_path):
    """Control: the teacher's file used below is read by the course, so a leak would show."""
    from lessons.exercises.progress import ProgressStore

    store = ProgressStore(_seed_teacher_progress(tmp_path, "vi"))
    assert SECRET in store.get("00.4")["answer"] and store.get("00.1")["correct"] is True


def test_handout_shows_no_saved_answer_of_the_teacher(handout):
    from lessons.core.text import t

    assert "lessons-handout-answer" in handout["page"]  # the short answer's box is there, empty
    assert SECRET not in handout["page"] and SECRET not in handout["text"]
    assert t("ex.restored", handout["lang"]) not in handout["text"]


def test_handout_does_not_show_where_the_teacher_keeps_answers(handout):
    """Lesson 00 ends with L.my_progress(), which names the progress file: not the teacher's."""
    assert "lessons-progress" in handout["page"]
    assert str(handout["teacher_dir"]) not in handout["page"] and str(handout["home"]) not in handout["page"]
    assert SECRET_NAME not in handout["page"] and SECRET_LOGIN not in handout["page"]


def test_handout_holds_no_teacher_text(handout):
    assert "Ghi chú cho giáo viên" not in handout["text"] and "Instructor notes" not in handout["text"]
    assert leaks(handout["text"], handout["lang"]) == []


def test_building_a_handout_saves_nothing_to_the_teachers_files(handout):
    for path, data in handout["seeded"].items():
        assert path.read_bytes() == data
    assert sorted(p.name for p in handout["teacher_dir"].iterdir()) == ["progress.json"]
    assert sorted(p.name for p in (handout["home"] / ".iran-russia-course").iterdir()) == ["progress.json"]


def test_the_handouts_throwaway_store_is_gone_afterwards(handout):
    assert len(handout["stores"]) == 1 and not handout["stores"][0].exists()
    assert handout["stores"][0] != handout["teacher_dir"]


# --- route 4: presenter mode --------------------------------------------------------------------------
def _present(monkeypatch, tmp_path, argv):
    """Run `python -m lessons.tools.present ARGV` up to starting Voilà; return what Voilà would get."""
    teacher_dir = tmp_path / "teacher-progress"
    seeded = _seed_teacher_progress(teacher_dir, "vi")
    monkeypatch.setenv("LESSONS_PROGRESS_DIR", str(teacher_dir))
    monkeypatch.setenv("LESSONS_STUDENT", SECRET_NAME)
    monkeypatch.setenv("JUPYTERHUB_USER", SECRET_LOGIN)
    seen = {}

    def voila(cmd, cwd, env):
        target = Path(cwd) / cmd[3]
        store = Path(env["LESSONS_PROGRESS_DIR"])
        seen.update(
            cmd=cmd,
            cwd=Path(cwd),
            env=env,
            store=store,
            store_files=list(store.iterdir()),
            target=target,
            notebook=target.read_text(encoding="utf-8"),
        )
        # What a kernel Voilà starts with this environment would save to, and under which name.
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                "from lessons.exercises.progress import progress_path, student_name; "
                "print(progress_path()); print(student_name())",
            ],
            env=env,
            capture_output=True,
            text=True,
            cwd=target.parent,
        )
        seen["kernel"] = run.stdout.split("\n")
        return 0

    monkeypatch.setattr(present, "serve", voila)
    code = present.main(argv)
    seen.update(code=code, teacher_bytes=(seeded.read_bytes(), seeded), teacher_dir=teacher_dir)
    return seen


@pytest.mark.parametrize("lang, lesson", [("vi", "01"), ("en", "01"), ("vi", "05"), ("en", "07"), ("vi", "08")])
def test_presenter_projects_a_fresh_student_edition_without_answers(monkeypatch, tmp_path, lang, lesson):
    seen = _present(monkeypatch, tmp_path, [lesson, "--lang", lang])
    assert seen["code"] == 0
    assert seen["target"].relative_to(seen["cwd"]).as_posix().startswith(f"editions/student/{lang}/{lesson}-")
    assert seen["cwd"] != REPO and not seen["cwd"].exists()  # built afresh for this showing, then removed
    projected = tmp_path / "projected.ipynb"
    projected.write_text(seen["notebook"], encoding="utf-8")
    assert _notebook_leaks(projected, lang) == []


@pytest.mark.parametrize("edition", ["student", "teacher", "source"])
def test_presenter_kernels_get_an_empty_throwaway_store_under_a_neutral_name(monkeypatch, tmp_path, edition):
    seen = _present(monkeypatch, tmp_path, ["00", "--edition", edition])
    assert seen["code"] == 0
    store = seen["store"]
    assert store != seen["teacher_dir"] and seen["store_files"] == [] and not store.exists()
    assert seen["env"]["LESSONS_STUDENT"] == present.NEUTRAL_STUDENT and "JUPYTERHUB_USER" not in seen["env"]
    assert SECRET_NAME not in json.dumps(seen["env"]) and SECRET_LOGIN not in json.dumps(seen["env"])
    assert seen["kernel"][0] == str(store / "progress.json") and seen["kernel"][1] == present.NEUTRAL_STUDENT
    data, path = seen["teacher_bytes"]
    assert path.read_bytes() == data and sorted(p.name for p in seen["teacher_dir"].iterdir()) == ["progress.json"]


def test_presenter_refuses_a_source_whose_teacher_cell_lost_its_tag(monkeypatch, tmp_path, capsys):
    root = _repo_copy(tmp_path)
    path = root / "notebooks" / "vi" / "05-trade.ipynb"
    nb = nbformat.read(path, as_version=4)
    next(c for c in nb.cells if c.id == "05-37").metadata["tags"] = []
    nbformat.write(nb, path)
    monkeypatch.setattr(present, "REPO_DIR", root)
    started = []
    monkeypatch.setattr(present, "serve", lambda *a, **k: started.append(a) or 0)
    assert present.main(["05"]) == 2
    assert started == [] and "05-37" in capsys.readouterr().err


# --- route 5: the hub's student branch -----------------------------------------------------------------
@pytest.fixture(scope="module")
def student_branch(tmp_path_factory):
    sys.path.insert(0, str(REPO / "hub"))
    try:
        import publish_student
    finally:
        sys.path.remove(str(REPO / "hub"))
    target = tmp_path_factory.mktemp("published") / "course-student"
    commit = publish_student.publish(target, "student")
    files = subprocess.run(
        ["git", "-C", str(target), "ls-tree", "-r", "--name-only", commit], capture_output=True, text=True, check=True
    ).stdout.split()
    return target, commit, files


def test_hub_student_branch_holds_only_the_student_edition(student_branch):
    _, _, files = student_branch
    assert sorted(files) == sorted(["README.md"] + [f"{lang}/{n}" for lang in LANGS for n in NAMES])


@pytest.mark.parametrize("lang", LANGS)
def test_hub_student_branch_notebooks_hold_no_answer(student_branch, lang):
    target, commit, _ = student_branch
    for name in NAMES:
        text = subprocess.run(
            ["git", "-C", str(target), "show", f"{commit}:{lang}/{name}"], capture_output=True, text=True, check=True
        ).stdout
        path = target / "check.ipynb"
        path.write_text(text, encoding="utf-8")
        assert _notebook_leaks(path, lang) == [], name
        path.unlink()


# --- editions: someone's work is never overwritten ----------------------------------------------------
def test_a_changed_student_notebook_is_not_overwritten_and_is_named(tmp_path, capsys):
    editions.build(tmp_path, langs=("vi",))
    mine = tmp_path / "student" / "vi" / NAMES[1]
    nb = nbformat.read(mine, as_version=4)
    nb.cells[2].source += "\n# my own note: SECRET-ANSWER-42"
    nbformat.write(nb, mine)
    worked = mine.read_bytes()
    result = editions.build(tmp_path, langs=("vi",))
    assert mine.read_bytes() == worked and result.kept == [mine] and mine not in result
    editions.report(result, "vi")
    assert f"{mine}: tệp đã được sửa" in capsys.readouterr().err


def test_an_untouched_edition_notebook_still_gets_updates(tmp_path):
    src = _repo_copy(tmp_path) / "notebooks"
    editions.build(tmp_path / "out", langs=("en",), notebooks_dir=src)
    path = src / "en" / NAMES[2]
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += "\n\nUpdated by the author."
    nbformat.write(nb, path)
    result = editions.build(tmp_path / "out", langs=("en",), notebooks_dir=src)
    updated = tmp_path / "out" / "student" / "en" / NAMES[2]
    assert updated in result and "Updated by the author." in updated.read_text(encoding="utf-8") and result.kept == []


def test_a_notebook_this_build_never_wrote_is_left_alone(tmp_path):
    stranger = tmp_path / "student" / "en" / NAMES[0]
    stranger.parent.mkdir(parents=True)
    stranger.write_text('{"a student\'s": "own file"}', encoding="utf-8")
    result = editions.build(tmp_path, langs=("en",))
    assert stranger.read_text(encoding="utf-8") == '{"a student\'s": "own file"}' and result.kept == [stranger]


# --- editions: a source that lost its marking is refused, naming the cell ----------------------------
def _one_notebook(tmp_path, cells, lang="en", name=None) -> Path:
    name = name or ONE
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    for i, cell in enumerate(nb.cells):
        cell["id"] = cell.get("id") or f"01-{i:02d}"
    path = tmp_path / "notebooks" / lang / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _cell(kind, source, metadata=None, cid=None):
    cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source)
    cell.metadata.update(metadata or {})
    if cid:
        cell["id"] = cid
    return cell


def _plan(monkeypatch):
    monkeypatch.setattr(
        editions, "plans", lambda lang: {"01": {"sections": [], "total_minutes": 0, "prepare": [], "discussion": []}}
    )


@pytest.mark.parametrize(
    "metadata",
    [{"lessons": {"solution": True}}, {"nbgrader": {"solution": True, "grade_id": "g"}}],
    ids=["lessons-metadata", "nbgrader-metadata"],
)
def test_a_solution_cell_without_markers_is_refused_with_its_cell(tmp_path, monkeypatch, metadata):
    _plan(monkeypatch)
    _one_notebook(
        tmp_path,
        [
            _cell("markdown", "# 01 · x"),
            _cell("code", "def f(x):\n    return x * 4242  # the answer", metadata, "01-sol"),
        ],
    )
    with pytest.raises(editions.EditionError, match="01-sol.*without ### BEGIN SOLUTION") as info:
        editions.build(tmp_path / "out", langs=("en",), notebooks_dir=tmp_path / "notebooks")
    assert ONE in str(info.value)
    assert not (tmp_path / "out" / "student").exists()  # nothing half-built


def test_a_teacher_cell_that_lost_its_tag_is_refused_with_its_cell(tmp_path, monkeypatch):
    _plan(monkeypatch)
    _one_notebook(
        tmp_path,
        [
            _cell("markdown", "# 01 · x"),
            _cell("code", "int(claims.sum())  # 5", {"lessons": {"teacher": True}}, "01-key"),
        ],
    )
    with pytest.raises(editions.EditionError, match="01-key.*lost its 'teacher' tag"):
        editions.build(tmp_path / "out", langs=("en",), notebooks_dir=tmp_path / "notebooks")


@pytest.mark.parametrize(
    "lang, heading",
    [
        ("vi", "### Ghi chú cho giáo viên và đáp án mẫu"),
        ("en", "### Instructor notes"),
        ("en", "### Model policy brief (teacher edition)"),
    ],
)
def test_teacher_notes_without_tag_or_metadata_are_refused(tmp_path, monkeypatch, lang, heading):
    _plan(monkeypatch)
    _one_notebook(
        tmp_path,
        [_cell("markdown", "# 01 · x"), _cell("markdown", heading + "\n- **Answer:** 42", cid="01-notes")],
        lang,
    )
    with pytest.raises(editions.EditionError, match="01-notes.*headed like teacher notes"):
        editions.build(tmp_path / "out", langs=(lang,), notebooks_dir=tmp_path / "notebooks")


@pytest.fixture
def git_course(tmp_path, monkeypatch):
    """A course in a git repository: one lesson with a teacher cell and a solution cell, committed."""
    _plan(monkeypatch)
    path = _one_notebook(
        tmp_path,
        [
            _cell("markdown", "# 01 · x"),
            _cell(
                "code",
                "def f(x):\n    ### BEGIN SOLUTION\n    return x * 4242 + 17\n    ### END SOLUTION",
                cid="01-sol",
            ),
            _cell("markdown", "The teacher's model answer is forty-two exactly", {"tags": ["teacher"]}, "01-notes"),
        ],
    )
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@localhost"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "lesson"], check=True)
    return path


def test_in_git_a_teacher_cell_stripped_of_tag_and_metadata_is_refused(git_course, tmp_path):
    nb = nbformat.read(git_course, as_version=4)
    nb.cells[2].metadata = {}
    nbformat.write(nb, git_course)
    with pytest.raises(editions.EditionError, match="01-notes.*committed notebook"):
        editions.build(tmp_path / "out", langs=("en",), notebooks_dir=tmp_path / "notebooks")


def test_in_git_a_solution_cell_stripped_of_its_markers_is_refused(git_course, tmp_path):
    nb = nbformat.read(git_course, as_version=4)
    nb.cells[1].source = "def f(x):\n    return x * 4242 + 17"
    nbformat.write(nb, git_course)
    with pytest.raises(editions.EditionError, match="01-sol.*without ### BEGIN SOLUTION"):
        editions.build(tmp_path / "out", langs=("en",), notebooks_dir=tmp_path / "notebooks")


def test_in_git_a_committed_answer_pasted_into_a_student_cell_is_refused(git_course, tmp_path):
    nb = nbformat.read(git_course, as_version=4)
    nb.cells.insert(1, _cell("markdown", "Hint: The teacher's model answer is forty-two exactly", cid="01-new"))
    nbformat.write(nb, git_course)
    with pytest.raises(editions.EditionError, match="01-new.*only teacher cell or solution 01-notes"):
        editions.build(tmp_path / "out", langs=("en",), notebooks_dir=tmp_path / "notebooks")


def test_in_git_a_source_that_differs_from_head_is_named(git_course, tmp_path, capsys):
    assert editions.build(tmp_path / "out", langs=("en",), notebooks_dir=tmp_path / "notebooks").differs == []
    nb = nbformat.read(git_course, as_version=4)
    nb.cells[0].source += " (draft)"
    nbformat.write(nb, git_course)
    result = editions.build(tmp_path / "out", langs=("en",), notebooks_dir=tmp_path / "notebooks")
    assert result.differs == [(git_course, "modified")]
    editions.report(result, "en")
    assert f"{git_course}: not what git holds (changed, not committed)" in capsys.readouterr().err


def test_stopping_the_presenter_stops_voila_and_removes_the_throwaway_store(tmp_path):
    """SIGTERM (or a closed terminal) to `python -m lessons.tools.present`: Voilà is stopped first, then
    the projected edition and the store with everything clicked in class are removed."""
    import signal
    import time

    fake_voila = (
        "import os, sys, time; d = os.environ['LESSONS_PROGRESS_DIR']; "
        "open(os.path.join(d, 'progress.json'), 'w').write('{\"clicked\": \"in class\"}'); "
        "print('ready', os.getpid(), d, os.getcwd(), flush=True); time.sleep(120)"
    )
    script = (
        "import sys; from lessons.tools import present; "
        f"present.command = lambda target, extra, root: [sys.executable, '-c', {fake_voila!r}]; "
        "sys.exit(present.main(['00']))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    try:
        _, pid, store, root = proc.stdout.readline().split()
        assert Path(store, "progress.json").exists() and Path(root).exists()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 130
    finally:
        proc.kill()
    time.sleep(0.2)
    assert not Path(store).exists() and not Path(root).exists()
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_throwaway_store_names_no_file_and_no_one(monkeypatch, tmp_path, lang):
    """In a kernel presenter mode or the handouts started, "my progress" says answers are not kept,
    and shows neither the temporary file's path nor the neutral student name."""
    import lessons as L
    from lessons.core import config
    from lessons.core.text import t

    with present.throwaway_progress() as env:
        for key in ("LESSONS_PROGRESS_DIR", "LESSONS_STUDENT", "LESSONS_PROGRESS_THROWAWAY"):
            monkeypatch.setenv(key, env[key])
        config.set_language(lang)
        page = visible_text(L.my_progress().data)
        assert t("progress.throwaway", lang) in page
        assert env["LESSONS_PROGRESS_DIR"] not in page and present.NEUTRAL_STUDENT not in page
