"""Exercises as data (issue 16): wording in each lesson's exercises.toml, pure checks that return a
verdict, one widget, progress that records whether an answer was graded, no import cycle, and every
notebook's reference solution passing its exercise."""

from __future__ import annotations

import ast
import json
import re
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from lessons.core.config import LANGUAGES
from lessons.core.text import strings
from lessons.exercises import bank, coderun, widget
from lessons.exercises.checks import KINDS, Verdict, check, hint_parts
from lessons.exercises.progress import ProgressStore, class_table, lesson_status, summary

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "lessons"
SPECS = bank.specs()
IDS = list(SPECS)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


# --- the content files ------------------------------------------------------------------------
def test_every_lesson_has_one_content_file_in_its_folder_and_the_bank_reads_them_all():
    folders = bank.lesson_folders()
    assert list(folders) == [f"{n:02d}" for n in range(9)]
    assert {f.name for f in folders.values()} == {
        "start",
        "claims",
        "timeline",
        "alliances",
        "sanctions",
        "trade",
        "transfers",
        "votes",
        "synthesis",
    }
    for lesson in folders:
        ids = [raw["id"] for raw in bank.raw_content(lesson)["exercise"]]
        assert ids and all(ex.startswith(lesson + ".") for ex in ids), lesson
        assert ids == bank.lesson_exercises(lesson)
    assert len(IDS) == len(set(IDS)) == 55


@pytest.mark.parametrize("ex", IDS)
def test_each_exercise_has_every_string_it_uses_in_both_languages_and_none_unused(ex):
    spec = SPECS[ex]
    kind = KINDS[spec.kind]
    hints = set(hint_parts(spec, "en"))
    assert set(spec.texts) == kind.parts(spec) | hints, f"{ex}: wording parts differ from what the {spec.kind} uses"
    for part, by_lang in spec.texts.items():
        assert set(by_lang) == set(LANGUAGES), (ex, part)
        assert all(text.strip() for text in by_lang.values()), (ex, part)
        assert _fields(by_lang["vi"]) == _fields(by_lang["en"]), (ex, part)
        assert unicodedata.normalize("NFC", by_lang["vi"]) == by_lang["vi"], (ex, part)
    assert bool(hints) == kind.graded, f"{ex}: graded exercises have hint steps, ungraded ones none"
    assert hints == set(hint_parts(spec, "vi"))


@pytest.mark.parametrize("lesson", [f"{n:02d}" for n in range(9)])
def test_every_reference_in_a_content_file_names_a_real_answer_or_table(lesson):
    module = bank.answers(lesson)
    tables = {p.stem for p in (REPO / "data").glob("*.csv")}
    text = (bank.lesson_folders()[lesson] / "exercises.toml").read_text(encoding="utf-8")
    content = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    refs = re.findall(r'"(answers|data):([A-Za-z0-9_]+)"', content)
    assert refs or lesson == "00"
    for where, name in refs:
        assert hasattr(module, name) if where == "answers" else name in tables, f"{lesson}: {where}:{name}"


def test_the_message_files_keep_only_the_generic_exercise_strings():
    for lang in LANGUAGES:
        table = strings(lang)
        assert not [k for k in table if re.match(r"ex\d\d\.\d+\.", k)]
        for key in ("ex.check", "ex.hint", "ex.correct", "ex.wrong", "ex.code_summary", "ex.short_saved"):
            assert key in table, key


def test_an_exercise_string_uses_only_values_its_check_gives():
    """The scenario's consequences are formatted with the lesson's facts: every placeholder is one."""
    spec = SPECS["08.1"]
    facts = set(spec.params["facts"]("en"))
    for part, by_lang in spec.texts.items():
        assert _fields(by_lang["en"]) <= facts, part


# --- the pure checks --------------------------------------------------------------------------
PURE_CASES = [
    ("00.1", "tkm", True),
    ("00.1", "rus", False),
    ("00.2", ["ashgabat", "kazan", "moscow", "tehran"], True),
    ("01.3", ["draft", "blinken", "missiles", "jalali", "gallant", "ashgabat", "kazan"], False),
    ("01.5", {s: f"q_{s}" for s in ("disputed", "confirmed", "alleged", "denied", "reported", "view")}, True),
    ("02.4", "0", False),
]


@pytest.mark.parametrize("ex,answer,correct", PURE_CASES, ids=[f"{c[0]}-{c[2]}" for c in PURE_CASES])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_check_returns_a_verdict_and_creates_no_widget_and_reads_no_store(ex, answer, correct, lang, monkeypatch):
    def refuse(*args, **kw):
        raise AssertionError("a check touched the progress store")

    monkeypatch.setattr(ProgressStore, "__init__", refuse)
    import ipywidgets

    monkeypatch.setattr(ipywidgets.Widget, "__init__", refuse)
    verdict = check(bank.find(ex), answer, lang)
    assert isinstance(verdict, Verdict) and verdict.valid and verdict.graded
    assert verdict.correct is correct and verdict.message


def test_one_widget_shows_every_kind_and_the_spec_it_shows_is_a_copy(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    shown = {
        ex: widget.exercise(ex, lang="vi", store=store)
        for ex in [next(e for e, s in SPECS.items() if s.kind == k) for k in KINDS]
    }
    assert {type(w) for w in shown.values()} == {widget.ExerciseWidget}
    assert {w.kind for w in shown.values()} == set(KINDS)
    code = next(w for w in shown.values() if w.kind == "code")
    code.seconds = 0.1  # a teacher or test may change a parameter of the one exercise on screen …
    assert SPECS[code.id].params.get("seconds", 2.0) == 2.0  # … never the bank's


@pytest.mark.parametrize("kind", ["short", "scenario"])
def test_an_ungraded_kind_gives_an_ungraded_verdict(kind):
    ex = next(ex for ex, s in SPECS.items() if s.kind == kind)
    answer = "một hai ba bốn năm sáu bảy tám chín mười " * 7 if kind == "short" else None
    if kind == "scenario":
        answer = {d: opts[0] for d, opts in SPECS[ex].params["dimensions"].items()}
    verdict = check(bank.find(ex), answer, "vi")
    assert verdict.valid and verdict.graded is False and verdict.correct is None and verdict.message


@pytest.mark.parametrize("tries,steps", [(1, 0), (2, 1), (3, 2), (9, 2)])
def test_a_wrong_verdict_carries_the_hint_steps_reached(tries, steps):
    verdict = check(bank.find("00.1"), "rus", "en", tries=tries)
    assert verdict.correct is False and len(verdict.hints) == steps
    assert verdict.full_message.count("\n") == steps


@pytest.mark.parametrize("answer", [None, "", 3, ["tkm"], "xyz"])
def test_a_malformed_answer_is_not_valid_and_has_no_hints(answer):
    verdict = check(bank.find("00.1"), answer, "vi", tries=5)
    assert verdict.valid is False and verdict.correct is None and verdict.hints == ()
    assert "Traceback" not in verdict.message and "NoneType" not in verdict.message


class _FakeRunner:
    """The adapter a code check receives: here it 'runs' nothing and says every case passed or
    failed, so the check is seen to need no process of its own."""

    def __init__(self, ok: bool):
        self.ok, self.calls = ok, []

    def __call__(self, fn, cases, expected_of, **kw):
        self.calls.append((fn, [c for c, _ in cases], kw))
        results = [
            coderun.CaseResult(c, self.ok, None if self.ok else "value", "", {"got": "1", "direction": "high"})
            for c, _ in cases
        ]
        return coderun.CodeReport(results, None, 512)


@pytest.mark.parametrize("ok", [True, False])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_code_check_runs_the_function_only_through_the_runner_it_is_given(ok, lang):
    runner = _FakeRunner(ok)

    def count_status(claims, status):
        return 0

    verdict = check(bank.find("01.6"), count_status, lang, run=runner)
    assert verdict.correct is ok and len(runner.calls) == 1
    assert runner.calls[0][0] is count_status and runner.calls[0][1] == list(SPECS["01.6"].params["cases"])
    if not ok:
        assert all(SPECS["01.6"].text(f"case.{c}", lang) in verdict.message for c in runner.calls[0][1])


def test_a_code_check_without_a_runner_refuses_rather_than_running_code():
    with pytest.raises(ValueError):
        check(bank.find("01.6"), lambda claims, status: 0, "en")


_BLOCKED = ("ipywidgets", "subprocess", "multiprocessing", "signal", "threading", "fcntl", "_posixsubprocess")
# threading stays importable at run time: the interpreter itself uses it when it exits
_PURE_SCRIPT = """
import sys, types
lessons = types.ModuleType("lessons")  # the package without its __init__ (which re-exports everything)
lessons.__path__ = [{package!r}]
sys.modules["lessons"] = lessons
for name in {blocked!r}:
    sys.modules[name] = None  # importing it now fails
for name in {inside!r}:
    sys.modules[name] = None
from lessons.exercises import checks
assert checks.check(checks.Spec("x.1", "choice", {{"options": ["a", "b"], "answer": "a"}},
    {{"why.a": {{"en": "yes"}}, "why.b": {{"en": "no"}}}}), "a", "en").correct is True
print("ok")
"""


def test_the_checks_import_nothing_that_needs_processes_signals_threads_or_widgets():
    """Run in a Python where those modules cannot be imported (as in a browser-only Python)."""
    inside = ["lessons.exercises.progress", "lessons.exercises.coderun", "lessons.exercises.widget", "lessons.api"]
    blocked = [m for m in _BLOCKED if m != "threading"]
    script = _PURE_SCRIPT.format(package=str(PACKAGE), blocked=blocked, inside=inside)
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-3000:]


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _lessons_graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


EXERCISE_MODULES = sorted(m for m in _lessons_graph() if m.startswith("lessons.exercises."))


@pytest.mark.parametrize("module", EXERCISE_MODULES)
def test_no_exercise_module_is_on_an_import_cycle_counting_imports_inside_functions(module):
    graph = {
        m: {n for n in deps if n in EXERCISE_MODULES} for m, deps in _lessons_graph().items() if m in EXERCISE_MODULES
    }
    assert module not in _reach(graph, module)


def test_the_pure_check_imports_no_widget_store_worker_process_signal_or_thread_even_inside_functions():
    imported = _imports(PACKAGE / "exercises" / "checks.py")
    assert not {m.split(".")[0] for m in imported} & set(_BLOCKED)
    ours = {m for m in imported if m.startswith("lessons.")}
    assert ours and all(m.startswith("lessons.core.") for m in ours), ours


def test_progress_is_given_the_exercise_list_and_never_imports_the_bank_as_a_module():
    tree = ast.parse((PACKAGE / "exercises" / "progress.py").read_text(encoding="utf-8"))
    main_block = [
        n for n in tree.body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)
    ]  # the script entry point (python -m …) is not the module
    outside = [n for n in tree.body if n not in main_block]
    names = {a for n in outside for a in _imports_of(n)}
    assert not any(m.startswith("lessons.exercises.bank") for m in names)


def _imports_of(node) -> set[str]:
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.ImportFrom) and sub.module:
            found.add(sub.module)
        elif isinstance(sub, ast.Import):
            found |= {a.name for a in sub.names}
    return found


# --- progress: graded or not, recorded with the answer --------------------------------------
def _entry(kind, answer, correct, graded=None, attempts=1):
    entry = {"lesson": "08", "kind": kind, "answer": answer, "correct": correct, "attempts": attempts}
    if graded is not None:
        entry["graded"] = graded
    return entry


STATUS_CASES = [
    ("saved scenario", _entry("scenario", {"sanctions": "eased"}, None, graded=False), "done"),
    ("saved short answer", _entry("short", "eight words or more in this saved answer", None, graded=False), "done"),
    ("old file: scenario, no field", _entry("scenario", {"sanctions": "eased"}, None), "done"),
    ("old file: short, no field", _entry("short", "some words", None), "done"),
    ("wrong choice", _entry("choice", "rus", False, graded=True), "tried"),
    ("old file: wrong choice", _entry("choice", "rus", False), "tried"),
    ("right numeric", _entry("numeric", "2", True, graded=True), "done"),
    ("graded field says graded, no result", _entry("short", "text", None, graded=True), "tried"),
    ("ungraded but empty answer", _entry("scenario", {}, None, graded=False), "tried"),
    ("nothing saved", None, "todo"),
]


@pytest.mark.parametrize("entry,status", [c[1:] for c in STATUS_CASES], ids=[c[0] for c in STATUS_CASES])
def test_lesson_status_reads_whether_an_answer_was_graded(entry, status):
    assert lesson_status(entry) == status


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_saved_scenario_shows_as_done_not_tried(lang, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    ex = widget.exercise("08.1", lang=lang, store=store)
    fb = ex.answer({d: opts[-1] for d, opts in SPECS["08.1"].params["dimensions"].items()})
    assert fb.correct is None and "data-correct='saved'" in ex.feedback.value
    saved = store.get("08.1")
    assert saved["graded"] is False
    row = summary(store.all(), {"08": ["08.1", "08.2"]})[0]
    assert row["done"] == 1 and row["tried"] == [] and row["todo"] == ["08.2"]


def test_a_graded_answer_records_graded_true(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    widget.exercise("00.1", lang="en", store=store).answer("rus")
    assert store.get("00.1")["graded"] is True and lesson_status(store.get("00.1")) == "tried"


@pytest.mark.parametrize("graded", ["no", 0, None, [False]])
def test_a_graded_field_of_the_wrong_type_is_read_like_an_old_file(graded, tmp_path):
    entry = _entry("scenario", {"sanctions": "eased"}, None)
    entry["graded"] = graded
    path = tmp_path / "alice" / "progress.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"version": 1, "student": "alice", "answers": {"08.1": entry}}), encoding="utf-8")
    wide, long, problems = class_table([tmp_path], ["08.1"])
    assert wide.set_index("student").loc["alice", "08.1"] == "done"


# --- every notebook's reference solution passes its exercise ----------------------------------
def _notebook_cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _exercise_called(source: str) -> str | None:
    m = re.search(r"L\.exercise\(\s*[\"']([0-9.]+)[\"']\s*\)", source)
    return m.group(1) if m else None


def _answer_cells(path: Path) -> list[tuple[int, str, str]]:
    """(cell index, "solution" or "teacher", exercise id): a solution cell (### BEGIN SOLUTION,
    metadata lessons.solution) belongs to the exercise called in a cell just after it; a teacher
    code cell computing a value to the exercise called just before it."""
    cells, found = _notebook_cells(path), []
    for i, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("lessons", {})
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        if meta.get("solution") or "### BEGIN SOLUTION" in source:
            assert meta.get("solution") and "### BEGIN SOLUTION" in source and "### END SOLUTION" in source, (path, i)
            after = [_exercise_called("".join(c["source"])) for c in cells[i + 1 : i + 4]]
            found.append((i, "solution", next(ex for ex in after if ex)))
        elif meta.get("teacher"):
            before = _exercise_called("".join(cells[i - 1]["source"])) if i else None
            if before:
                found.append((i, "teacher", before))
    return found


NOTEBOOKS = sorted((REPO / "notebooks").glob("*/*.ipynb"))
ANSWER_CELLS = [
    (nb, i, role, ex) for nb in NOTEBOOKS for i, role, ex in _answer_cells(nb) if nb.parent.name in LANGUAGES
]


def test_the_solutions_found_cover_every_code_exercise_and_the_computed_numeric_ones_in_both_languages():
    by_lang = {lang: {(role, ex) for nb, _, role, ex in ANSWER_CELLS if nb.parent.name == lang} for lang in LANGUAGES}
    assert by_lang["vi"] == by_lang["en"]
    code = {ex for ex, s in SPECS.items() if s.kind == "code"}
    assert {ex for role, ex in by_lang["en"] if role == "solution"} == code == {"01.6", "02.5", "03.5", "05.3", "07.3"}
    numeric = {ex for role, ex in by_lang["en"] if role == "teacher"}
    assert numeric <= {ex for ex, s in SPECS.items() if s.kind == "numeric"} and len(numeric) >= 7


def _run_until(nb: Path, index: int) -> tuple[dict, object]:
    """Run the notebook's code cells that define something (imports, assignments, functions) up to
    cell `index`, then that cell; returns the namespace and the cell's last expression's value."""
    ns = {"__name__": "__main__"}
    cells = _notebook_cells(nb)
    for cell in cells[:index]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        if any(isinstance(n, (ast.Import, ast.ImportFrom, ast.Assign, ast.FunctionDef)) for n in tree.body):
            exec(compile(tree, f"<{nb.name} cell>", "exec"), ns)
    tree = ast.parse("".join(cells[index]["source"]))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, f"<{nb.name} cell {index}>", "exec"), ns)
    value = eval(compile(ast.Expression(last.value), "<last>", "eval"), ns) if last else None
    return ns, value


@pytest.mark.parametrize(
    "nb,index,role,ex",
    ANSWER_CELLS,
    ids=[f"{nb.parent.name}-{nb.stem[:2]}-{ex}-{role}" for nb, _, role, ex in ANSWER_CELLS],
)
def test_every_notebook_reference_solution_passes_its_exercise(nb, index, role, ex, monkeypatch):
    from lessons.core import config

    monkeypatch.chdir(nb.parent)
    config.set_language(nb.parent.name)
    try:
        ns, value = _run_until(nb, index)
    finally:
        config.set_language(nb.parent.name)
    spec = bank.find(ex)
    if role == "solution":
        name = spec.params["function"]
        assert callable(ns.get(name)), f"{nb.name}: the solution cell defines no {name}"
        answer = ns[name]
    else:
        assert value is not None, f"{nb.name} cell {index}: the model answer computes no value"
        answer = value
    verdict = check(spec, answer, nb.parent.name, run=coderun.run_cases)
    assert verdict.correct is True, f"{nb.name} cell {index} ({ex}): {verdict.message}"
