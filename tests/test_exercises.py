"""Every exercise kind: right answer, wrong answer with reasons, bad input, saving, restoring."""

from __future__ import annotations

import json

import pytest

import lessons as L
from lessons.core import config
from lessons.exercises.bank import BANK
from lessons.exercises.progress import ProgressStore, progress_path


@pytest.fixture(autouse=True)
def english():
    config.set_language("en")


def test_every_bank_exercise_builds_in_both_languages():
    for lang in ("vi", "en"):
        config.set_language(lang)
        for ex_id in BANK:
            ex = L.exercise(ex_id)
            assert ex.prompt.value and ex.button.description


def test_multiple_choice_right_wrong_and_why():
    ex = L.exercise("00.1")
    wrong = ex.answer("rus")
    assert wrong.correct is False and "Kazan" in wrong.message
    right = ex.answer("tkm")
    assert right.correct is True and "Ashgabat" in right.message
    assert "Correct" in ex.feedback.value


@pytest.mark.parametrize(
    "bad,expected",
    [
        (None, "not answered"),
        ("", "not answered"),
        (3, "must be one of the options"),
        (["tkm"], "must be one of the options"),
        ("xyz", "no option"),
    ],
)
def test_multiple_choice_bad_input(bad, expected):
    fb = L.exercise("00.1").answer(bad)
    assert fb.correct is None and expected in fb.message


def test_multi_select_counts_missing_and_extra_and_explains():
    ex = L.exercise("01.2")
    fb = ex.answer(["syria", "assessments"])
    assert fb.correct is False and "missing 2" in fb.message and "Putin" in fb.message
    assert ex.answer(["syria", "trade", "sanctions"]).correct is True


@pytest.mark.parametrize("bad", ["syria", [], 5, ["syria", "nope"]])
def test_multi_select_bad_input(bad):
    assert L.exercise("01.2").answer(bad).correct is None


def test_ordering_counts_misplaced_and_moves_with_buttons():
    ex = L.exercise("01.3")
    fb = ex.answer(["draft", "blinken", "missiles", "jalali", "gallant", "ashgabat", "kazan"])
    assert fb.correct is False and "2 items" in fb.message
    ex.show(["draft", "blinken", "missiles", "jalali", "gallant", "ashgabat", "kazan"])
    ex.move(0, +1)  # the ↓ button on the first row
    assert ex.current()[:2] == ["blinken", "draft"]
    ex.move(0, -1)  # out of range: nothing happens
    ex.button.click()
    assert "Correct" in ex.feedback.value


@pytest.mark.parametrize("bad", ["blinken", ["blinken"], ["x", "y", "z", "a", "b", "c", "d"], None])
def test_ordering_bad_input(bad):
    assert L.exercise("01.3").answer(bad).correct is None


def test_numeric_is_computed_from_the_data_and_accepts_a_decimal_comma():
    claims = L.load("claims")
    confirmed = int((claims["status"] == "confirmed").sum())
    ex = L.exercise("01.4")
    assert ex.answer(str(confirmed + 1)).correct is False
    assert "more than" in ex.check(confirmed + 1).message and "less than" in ex.check(confirmed - 1).message
    assert ex.answer(f"{confirmed},0").correct is True


@pytest.mark.parametrize("bad", ["", "   ", "five", None, True, [5], "nan"])
def test_numeric_bad_input(bad):
    fb = L.exercise("01.4").answer(bad)
    assert fb.correct is None and fb.message


def test_hint_comes_after_the_second_wrong_try():
    ex = L.exercise("00.1")
    assert "Hint" not in ex.answer("irn").message
    assert "Hint" in ex.answer("aze").message


def test_answers_are_saved_with_attempts_and_times():
    ex = L.exercise("00.2")
    ex.answer(["ashgabat"])
    ex.answer(["ashgabat", "kazan", "moscow", "tehran"])
    saved = json.loads(progress_path().read_text(encoding="utf-8"))["answers"]["00.2"]
    assert saved["attempts"] == 2 and saved["correct"] is True and saved["lesson"] == "00"
    assert saved["answer"] == ["ashgabat", "kazan", "moscow", "tehran"] and saved["solved_at"]


def test_bad_input_is_not_counted_as_an_attempt():
    ex = L.exercise("00.1")
    ex.answer(None)
    assert not progress_path().exists()


def test_rerunning_the_cell_restores_the_answer():
    L.exercise("00.1").answer("tkm")
    again = L.exercise("00.1")
    assert again.radio.value == "tkm" and "restored" in again.feedback.value and again.attempts == 1


def test_clicking_check_in_the_widget_saves_what_is_on_screen():
    ex = L.exercise("01.2")
    for name in ("syria", "trade", "sanctions"):
        ex.boxes[name].value = True
    ex.button.click()
    assert ProgressStore().get("01.2")["correct"] is True


def test_damaged_progress_file_is_moved_aside_and_student_continues():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"answers": {"00.1": ', encoding="utf-8")
    ex = L.exercise("00.1")
    fb = ex.answer("tkm")
    assert fb.correct is True
    assert "damaged" in ex.feedback.value
    backups = list(path.parent.glob("progress.damaged-*.json"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == '{"answers": {"00.1": '
    assert json.loads(path.read_text(encoding="utf-8"))["answers"]["00.1"]["correct"] is True


def test_unwritable_progress_folder_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LESSONS_PROGRESS_DIR", str(blocker / "sub"))
    ex = L.exercise("00.1")
    fb = ex.answer("tkm")
    assert fb.correct is True and "could not be saved" in ex.feedback.value
