"""Matching, short answer and code exercises: right, wrong (with reasons) and every bad input."""

from __future__ import annotations

import time

import pandas as pd
import pytest

import lessons as L
from lessons.core import config
from lessons.exercises.bank import BANK
from lessons.exercises.progress import ProgressStore

RIGHT_PAIRS = {
    s: f"q_{s}" for s in ("disputed", "confirmed", "alleged", "denied", "reported", "view")
}  # 01.5: status ↔ its question


# --- matching --------------------------------------------------------------------------------
def test_matching_right_answer_is_saved():
    ex = L.exercise("01.5")
    fb = ex.answer(dict(RIGHT_PAIRS))
    assert fb.correct is True and "confirmed" in fb.message
    assert ProgressStore().get("01.5")["answer"] == RIGHT_PAIRS


def test_matching_wrong_pairs_are_counted_and_explained():
    ex = L.exercise("01.5")
    swapped = dict(RIGHT_PAIRS, alleged="q_denied", denied="q_alleged")
    fb = ex.answer(swapped)
    assert fb.correct is False
    assert "2 pairs" in fb.message and "“alleged”" in fb.message and "“denied”" in fb.message


def test_matching_drop_downs_offer_every_definition_in_a_shuffled_order():
    ex = L.exercise("01.5")
    menu = next(iter(ex.menus.values()))
    values = [v for _, v in menu.options if v]
    assert sorted(values) == sorted(RIGHT_PAIRS.values())
    assert values != list(RIGHT_PAIRS.values())  # not in the terms' own order
    for term, menu in ex.menus.items():
        menu.value = RIGHT_PAIRS[term]
    ex.button.click()
    assert "data-correct='true'" in ex.feedback.value


@pytest.mark.parametrize(
    "bad,expected",
    [
        ({}, "not answered"),
        ({"confirmed": None}, "not answered"),
        ({"confirmed": "q_confirmed"}, "5 terms are not matched"),
        (["record"], "must be a dict of term"),
        ("record", "must be a dict of term"),
        ({"nope": "record"}, "no option"),
        ({"confirmed": "nope"}, "no option"),
    ],
)
def test_matching_bad_input(bad, expected):
    fb = L.exercise("01.5").answer(bad)
    assert fb.correct is None and expected in fb.message
    assert ProgressStore().get("01.5") is None  # nothing saved, no attempt counted


def test_matching_hint_after_second_wrong_try():
    ex = L.exercise("01.5")
    wrong = dict(RIGHT_PAIRS, confirmed="q_reported", reported="q_confirmed")
    assert "Hint" not in ex.answer(wrong).message
    assert "Hint" in ex.answer(wrong).message


# --- short answer ----------------------------------------------------------------------------
def test_short_answer_is_saved_not_graded_and_restored():
    text = "I heard on the radio that Iran and Russia signed a treaty, and I mostly trust that station."
    ex = L.exercise("00.4")
    fb = ex.answer(text)
    assert fb.correct is None and "saved" in fb.message
    assert "data-correct='saved'" in ex.feedback.value
    entry = ProgressStore().get("00.4")
    assert entry["answer"] == text and entry["kind"] == "short" and entry["attempts"] == 1
    again = L.exercise("00.4")
    assert again.box.value == text and "restored" in again.feedback.value


@pytest.mark.parametrize(
    "bad,expected",
    [
        ("", "empty"),
        ("   \n ", "empty"),
        (None, "empty"),
        ("too short", "2 words"),
        (42, "must be some text"),
        ("word " * 1000, "characters long"),
    ],
)
def test_short_answer_bad_input(bad, expected):
    fb = L.exercise("00.4").answer(bad)
    assert fb.correct is None and expected in fb.message
    assert ProgressStore().get("00.4") is None


def test_short_answer_keeps_earlier_text_when_a_bad_one_is_submitted():
    ex = L.exercise("01.7")
    good = (
        "According to US officials quoted by NBC in February 2024, Russia may deliver Su-35 jets; "
        "Iran and Russia have not confirmed it."
    )
    ex.answer(good)
    ex.answer("")
    assert ProgressStore().get("01.7")["answer"] == good


# --- code ------------------------------------------------------------------------------------
def count_status(claims, status):
    return int((claims["status"] == status).sum())


def test_code_right_function_passes_every_case():
    ex = L.exercise("01.6")
    fb = ex.answer(count_status)
    assert fb.correct is True and "all 4 test cases" in fb.message
    saved = ProgressStore().get("01.6")
    assert saved["correct"] is True and "def count_status" in saved["answer"]  # the source, for the teacher


def test_code_numpy_integer_counts_as_a_number():
    def counts_numpy(claims, status):
        return (claims["status"] == status).sum()

    assert L.exercise("01.6").check(counts_numpy).correct is True


def test_code_wrong_values_name_each_failing_case():
    def wrong_column(claims, status):
        return int((claims["kind"] == status).sum())

    fb = L.exercise("01.6").check(wrong_column)
    assert fb.correct is False
    assert "1 of 4 test cases pass" in fb.message
    assert 'the whole table, status = "confirmed": it gave 0, which is too low' in fb.message
    assert "right result is" not in fb.message  # real data: the expected value is 01.4's answer
    assert "plans only" not in fb.message  # the case it passes is not listed


def test_code_function_that_raises_gets_the_error_as_a_sentence():
    def typo(claims, status):
        return int((claims["statuss"] == status).sum())

    ex = L.exercise("01.6")
    fb = ex.answer(typo)
    assert fb.correct is False and "(KeyError: 'statuss')" in fb.message
    assert "Traceback" not in ex.feedback.value


def test_code_none_and_wrong_type_are_explained():
    def forgot_return(claims, status):
        int((claims["status"] == status).sum())

    def returns_table(claims, status):
        return claims[claims["status"] == status]

    assert "did you forget return" in L.exercise("01.6").check(forgot_return).message
    assert "returned a DataFrame, but a number is needed" in L.exercise("01.6").check(returns_table).message


def test_code_endless_loop_is_stopped_by_the_time_limit():
    def forever(claims, status):
        while True:
            pass

    ex = L.exercise("01.6")
    ex.seconds = 0.3
    started = time.monotonic()
    fb = ex.answer(forever)
    elapsed = time.monotonic() - started
    assert fb.correct is False and "ran for more than 0.3 s" in fb.message
    assert "not run, because the case before it ran out of time" in fb.message
    assert elapsed < 2  # one time-out, not one per case


def test_code_student_function_cannot_change_the_test_data():
    def vandal(claims, status):
        claims["status"] = "confirmed"
        return 0

    ex = L.exercise("01.6")
    ex.check(vandal)
    assert ex.check(count_status).correct is True


@pytest.mark.parametrize(
    "bad,expected",
    [
        (None, "no function called count_status"),
        (3, "must be a function"),
        ("def count_status(c, s): return 1", "must be a function"),
        (pd.DataFrame, "must be a function"),
    ],
)
def test_code_bad_input(bad, expected):
    fb = L.exercise("01.6").answer(bad)
    assert fb.correct is None and expected in fb.message
    assert ProgressStore().get("01.6") is None


def test_code_never_evaluates_student_text(monkeypatch):
    import builtins

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    ex = L.exercise("01.6")
    assert ex.answer("count_status").correct is None  # a name as text is not looked up or run
    assert ex.answer(count_status).correct is True


def test_code_check_button_finds_the_function_in_the_kernel_namespace(monkeypatch):
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    shell.user_ns.pop("count_status", None)
    ex = L.exercise("01.6")
    ex.button.click()
    assert "no function called count_status" in ex.feedback.value
    shell.user_ns["count_status"] = count_status
    ex.button.click()
    assert "data-correct='true'" in ex.feedback.value
    shell.user_ns.pop("count_status", None)


def test_code_restores_the_last_result():
    L.exercise("01.6").answer(count_status)
    again = L.exercise("01.6")
    assert "passed every test case" in again.feedback.value


def test_every_kind_is_in_the_bank_and_worded_in_both_languages():
    kinds = {cls.kind for cls, _ in BANK.values()}
    assert kinds == {"choice", "multi", "ordering", "matching", "numeric", "code", "short", "scenario"}
    for lang in ("vi", "en"):
        config.set_language(lang)
        for ex_id in BANK:
            assert L.exercise(ex_id).prompt.value


def test_time_limit_also_holds_off_the_main_thread():
    import threading

    from lessons.exercises.coderun import TimeLimit, call_with_limit

    def forever():
        while True:
            time.sleep(0.01)

    outcome = {}

    def worker():
        started = time.monotonic()
        try:
            call_with_limit(forever, (), 0.2)
        except TimeLimit:
            outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5)
    assert 0.15 < outcome["seconds"] < 2
