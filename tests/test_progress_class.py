"""The "my progress" view and the teacher's class table built from students' progress files."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

import lessons as L
from lessons.exercises.bank import BANK
from lessons.exercises.progress import ProgressStore, class_table, lesson_status, summary

from conftest import REPO


def _student(folder, name, monkeypatch, answers):
    monkeypatch.setenv("LESSONS_STUDENT", name)
    store = ProgressStore(folder / name / ".iran-russia-course" / "progress.json")
    for ex, answer, correct, kind in answers:
        store.record(ex, lesson=ex[:2], kind=kind, answer=answer, correct=correct)
    return store.path


def test_lesson_status_and_summary():
    answers = {
        "00.1": {"correct": True, "kind": "choice"},
        "00.2": {"correct": False, "kind": "multi"},
        "00.4": {"correct": None, "kind": "short", "answer": "some words"},
    }
    assert lesson_status(answers["00.1"]) == "done" and lesson_status(answers["00.2"]) == "tried"
    assert lesson_status(answers["00.4"]) == "done" and lesson_status(None) == "todo"
    rows = summary(answers, {"00": ["00.1", "00.2", "00.3", "00.4"]})
    assert rows == [{"lesson": "00", "total": 4, "done": 2, "tried": ["00.2"], "todo": ["00.3"]}]


def test_my_progress_shows_what_is_done_and_where_the_file_is():
    L.exercise("00.1").answer("tkm")
    L.exercise("00.2").answer(["kazan"])
    html = L.my_progress().data
    assert f"1 of {len(BANK)} exercises done" in html
    assert "00.2" in html and "progress.json" in html and "Reading the news" in html


def test_my_progress_survives_a_damaged_file():
    path = ProgressStore().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    html = L.my_progress().data
    assert f"0 of {len(BANK)} exercises done" in html
    assert list(path.parent.glob("progress.damaged-*.json"))  # kept aside, not deleted


def test_class_table_from_files_and_folders(tmp_path, monkeypatch):
    a = _student(
        tmp_path,
        "an.nguyen",
        monkeypatch,
        [
            ("00.1", "tkm", True, "choice"),
            ("00.2", ["kazan"], False, "multi"),
            ("00.2", ["kazan", "tehran"], False, "multi"),
        ],
    )
    _student(
        tmp_path,
        "bình.trần",
        monkeypatch,
        [("00.4", "Tôi nghe trên báo Tuổi Trẻ rằng hai nước ký hiệp ước.", None, "short")],
    )
    broken = tmp_path / "chi" / "progress.json"
    broken.parent.mkdir()
    broken.write_text("[1, 2", encoding="utf-8")
    wide, long, problems = class_table([tmp_path], list(BANK))
    assert sorted(wide["student"]) == ["an.nguyen", "bình.trần"]
    an = wide.set_index("student").loc["an.nguyen"]
    assert an["00.1"] == "done" and an["00.2"] == "tried" and an["00.2 attempts"] == 2 and an["01.6"] == "todo"
    assert an["done"] == 1 and an["of"] == len(BANK)
    assert len(problems) == 1 and str(broken) in problems[0]
    short = long[long["exercise"] == "00.4"].iloc[0]
    assert short["answer"].startswith("Tôi nghe") and short["status"] == "done"
    assert json.loads(long[(long["student"] == "an.nguyen") & (long["exercise"] == "00.2")].iloc[0]["answer"]) == [
        "kazan",
        "tehran",
    ]
    assert a.exists()


def test_collect_command_writes_a_csv_a_spreadsheet_can_read(tmp_path, monkeypatch):
    _student(tmp_path / "class", "an", monkeypatch, [("01.1", "accusation_alleged", True, "choice")])
    _student(tmp_path / "class", "bảo", monkeypatch, [("01.1", "statement_confirmed", False, "choice")])
    out, answers = tmp_path / "class.csv", tmp_path / "answers.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lessons.tools.collect",
            str(tmp_path / "class"),
            "-o",
            str(out),
            "--long",
            str(answers),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "2 students" in result.stdout
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows the diacritics
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert list(table["student"]) == ["an", "bảo"] and list(table["01.1"]) == ["done", "tried"]
    assert len(pd.read_csv(answers, encoding="utf-8-sig")) == 2


def test_collect_command_with_nothing_readable_says_so(tmp_path):
    (tmp_path / "progress.json").write_text("garbage", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lessons.tools.collect", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "not a readable progress file" in result.stderr and "No readable progress files" in result.stderr
    assert "Traceback" not in result.stderr
