"""Call a student's function on test cases: a time limit, no traceback, an explanation per case.

The function is one the student defined in their own kernel; we only call it. Nothing here
turns student text into code (no eval/exec).
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd


class TimeLimit(Exception):
    """The student's function ran longer than the limit."""


@dataclass
class CaseResult:
    case: str
    ok: bool
    problem: str | None = None  # "raised" | "timeout" | "none" | "type" | "value"
    detail: str = ""  # exception text, type names or the two values, for the message


@contextlib.contextmanager
def _alarm(seconds: float):
    """Interrupt pure-Python code after `seconds` (main thread on POSIX), else do nothing."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield False
        return

    def on_alarm(signum, frame):
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_with_limit(fn: Callable, args: tuple, seconds: float) -> Any:
    """fn(*args), raising TimeLimit after `seconds`.

    In the kernel's main thread a timer signal interrupts the call. Elsewhere (Windows, a
    worker thread) the call runs in a daemon thread that is abandoned when it overruns.
    """
    with _alarm(seconds) as armed:
        if armed:
            return fn(*args)
    box: dict[str, Any] = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as e:  # handed back to the caller below
            box["error"] = e

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeLimit()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    try:
        import numpy as np
        if isinstance(value, np.number):
            return "number"
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, pd.DataFrame):
        return "DataFrame"
    if isinstance(value, pd.Series):
        return "Series"
    return type(value).__name__


def same(got: Any, expected: Any, tolerance: float) -> bool:
    """Equal as a student would mean it: numbers within tolerance, Series/DataFrames by value."""
    if _kind(expected) == "number":
        return _kind(got) == "number" and math.isclose(float(got), float(expected), rel_tol=0, abs_tol=tolerance)
    if isinstance(expected, pd.Series):
        a, b = got.sort_index(), expected.sort_index()
        return (list(a.index) == list(b.index)
                and all(same(x, y, tolerance) if _kind(y) == "number" else x == y for x, y in zip(a.tolist(), b.tolist())))
    if isinstance(expected, pd.DataFrame):
        if list(got.columns) != list(expected.columns) or len(got) != len(expected):
            return False
        a, b = got.reset_index(drop=True), expected.reset_index(drop=True)
        return all(same(a[c], b[c], tolerance) for c in expected.columns)
    if isinstance(expected, (list, tuple)):
        return isinstance(got, (list, tuple)) and len(got) == len(expected) and all(
            same(x, y, tolerance) for x, y in zip(got, expected))
    return got == expected


def run_case(fn: Callable, case: str, args: tuple, expected: Any, *, seconds: float, tolerance: float) -> CaseResult:
    """Run one test case and say what went wrong, if anything."""
    safe_args = tuple(a.copy() if isinstance(a, (pd.DataFrame, pd.Series)) else a for a in args)
    try:
        got = call_with_limit(fn, safe_args, seconds)
    except TimeLimit:
        return CaseResult(case, False, "timeout", f"{seconds:g}")
    except RecursionError:
        return CaseResult(case, False, "raised", "RecursionError")
    except Exception as e:  # the student's own error, reported as a sentence
        text = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        return CaseResult(case, False, "raised", text[:200])
    if got is None:
        return CaseResult(case, False, "none")
    if _kind(got) != _kind(expected):
        return CaseResult(case, False, "type", f"{_kind(got)}|{_kind(expected)}")
    try:
        ok = same(got, expected, tolerance)
    except Exception:  # e.g. an unorderable index: treat as a different value
        ok = False
    if ok:
        return CaseResult(case, True)
    return CaseResult(case, False, "value", f"{_short(got)}|{_short(expected)}")


def _short(value: Any) -> str:
    if isinstance(value, pd.Series):
        text = ", ".join(f"{k}: {v}" for k, v in list(value.items())[:6])
    elif isinstance(value, pd.DataFrame):
        text = f"{len(value)}×{len(value.columns)}"
    else:
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"
