"""Run a student's function on test cases in a separate process: nothing it does reaches the kernel.

Each Check starts one worker process that calls the function on every case, one after the other.
The kernel (the parent) waits for each case's result with a hard wall-clock limit and kills the
worker (SIGKILL / TerminateProcess, not a request) when a case runs over; a worker that dies (an
`os._exit`, a crash, the system killing it) costs that case only: a fresh worker runs the rest.
In the worker: a memory limit (RLIMIT_AS, where the platform has it), no new processes for an
ordinary user (RLIMIT_NPROC), no core files, stdin empty, printed output captured up to
OUTPUT_CHARS (the rest only counted), file descriptors 0-2 pointed at the null device.

The worker sends back a *description* of the return value made only of plain JSON values
(numbers, text, lists; tables as lists); the parent never unpickles anything a student's code
could have shaped, and never calls a method of the student's objects. The comparison with the
expected value, computed by the reference in the parent after the worker has started, happens
in the parent: the worker never holds the expected values.

Start methods (LESSONS_CODE_START or `method=`):
- "fork" (default where it exists): the worker inherits the function and the test tables.
- "spawn" / "forkserver" (Windows, macOS; forced on Linux for tests): the function is shipped
  with cloudpickle (functions defined in a notebook travel by value), the tables are pickled.
- "inprocess" (no subprocesses at all, e.g. Pyodide): the function runs in the kernel, bounded
  by `sys.settrace` (pure-Python loops only, a best effort; see README).
Nothing here turns student text into code (no eval/exec).
"""

from __future__ import annotations

import faulthandler
import io
import json
import math
import multiprocessing as mp
import os
import pickle
import signal
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

START_ENV = "LESSONS_CODE_START"
METHODS = ("fork", "spawn", "forkserver", "inprocess")
OUTPUT_CHARS = 2000  # printed characters kept per Check; the rest are counted, not kept
MEMORY_MB = 512  # memory the worker may add to what it starts with
STARTUP_SECONDS = 60.0  # a spawned worker imports pandas: slow on a busy class server
MESSAGE_BYTES = 4_000_000  # the largest result description the parent accepts
ITEMS = 10_000  # values described per list/table (more: the length is still sent)
TEXT = 10_000  # characters kept of a returned string
RECURSION = 1000  # the worker's recursion limit (a RecursionError comes fast)
PICKLE_SECONDS = 10.0  # copying the function and its tables for a spawned worker


class TimeLimit(BaseException):
    """The student's function ran longer than the limit (in-process path).

    A BaseException, so that `except Exception` around an endless loop does not swallow it."""


class CannotSend(Exception):
    """The function (or its test tables) could not be copied to a spawned worker."""


@dataclass
class CaseResult:
    case: str
    ok: bool
    # "timeout" | "skipped" | "exited" | "crashed" | "memory" | "recursion" | "input" | "raised"
    # | "transfer" | "none" | "type" | "value"
    problem: str | None = None
    detail: str = ""  # for "type": "got|expected" kinds; for "timeout": the seconds
    info: dict = field(default_factory=dict)  # everything else the message needs


@dataclass
class Run:
    """What the worker(s) reported for one Check."""

    outcomes: dict[str, dict]  # case → description sent by the worker, or {"k": "!problem", ...}
    printed: str = ""
    printed_total: int = 0
    method: str = ""


# --- choosing how to start the worker ------------------------------------------------------
def start_method(method: str | None = None) -> str:
    """The start method asked for (argument, then LESSONS_CODE_START), else the best available."""
    wanted = (method or os.environ.get(START_ENV, "")).strip().lower()
    try:
        available = mp.get_all_start_methods()
    except Exception:  # pragma: no cover - no multiprocessing at all (Pyodide)
        available = []
    if sys.platform == "emscripten" or not available:
        return "inprocess"
    if wanted == "inprocess":
        return wanted
    if wanted in available:
        return wanted
    return "fork" if "fork" in available and sys.platform.startswith("linux") else "spawn"


# --- the worker (runs in the child process) -------------------------------------------------
class _Capture(io.TextIOBase):
    """stdout/stderr in the worker: keeps the first OUTPUT_CHARS characters, counts the rest."""

    def __init__(self):
        self.kept: list[str] = []
        self.size = 0
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        if type(text) is not str:
            text = str.__str__(text) if isinstance(text, str) else ""
        n = len(text)
        self.total += n
        if self.size < OUTPUT_CHARS:
            piece = text[: OUTPUT_CHARS - self.size]
            self.kept.append(piece)
            self.size += len(piece)
        return n

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _confine(memory_mb: int) -> None:
    """Limits that only the worker has; every step is best effort (not every platform has it)."""
    try:
        os.setsid()  # its own process group: the parent kills the worker and anything it started
    except Exception:
        pass
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # C-level writes and reads go nowhere
            os.dup2(null, fd)
    except Exception:
        pass
    try:
        import resource

        def lower(kind, value):
            soft, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, hard))

        lower(resource.RLIMIT_CORE, 0)
        if hasattr(resource, "RLIMIT_AS"):
            lower(resource.RLIMIT_AS, _address_space() + memory_mb * 2**20)
        if hasattr(resource, "RLIMIT_NPROC") and os.geteuid() != 0:
            lower(resource.RLIMIT_NPROC, 0)  # no fork bombs (root is not bound by it)
    except Exception:
        pass
    try:
        faulthandler.disable()  # a crash report would go to the kernel's (or pytest's) terminal
    except Exception:
        pass
    sys.stdin = io.StringIO("")
    sys.setrecursionlimit(RECURSION)


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux), or a generous guess elsewhere."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except Exception:
        return 4 * 2**30


def _worker(conn, payload, memory_mb: int) -> None:
    """Entry point of the worker process: run each case, send one description per case."""
    capture = _Capture()
    sys.stdout = sys.stderr = capture
    _confine(memory_mb)
    try:
        if isinstance(payload, bytes):
            payload = pickle.loads(payload)  # cloudpickle's output loads with plain pickle
        fn, cases = payload
    except BaseException as e:  # the function could not be rebuilt here
        _send(conn, {"k": "!start", "why": _safe_type_name(e)})
        return
    _send(conn, {"k": "!ready"})
    for _case, args in cases:
        started = len(capture.kept), capture.total
        try:
            value = fn(*args)
            description = describe(value)
        except BaseException as e:  # SystemExit, KeyboardInterrupt, MemoryError… all reported
            description = describe_error(e, len(args))
        description["printed"] = "".join(capture.kept[started[0] :])
        description["printed_total"] = capture.total - started[1]
        _send(conn, description)
    try:
        conn.close()
    except BaseException:
        pass


def _send(conn, description: dict) -> None:
    try:
        data = json.dumps(description).encode()
    except BaseException:
        data = json.dumps({"k": "!transfer"}).encode()
    if len(data) > MESSAGE_BYTES:
        data = json.dumps({"k": "!transfer", "why": "size"}).encode()
    conn.send_bytes(data)


def _safe_type_name(value: Any) -> str:
    try:
        name = type.__dict__["__name__"].__get__(type(value))  # not a metaclass's __name__
        return str.__str__(name)[:60] if isinstance(name, str) else "?"
    except BaseException:
        return "?"


def describe(value: Any, depth: int = 0) -> dict:
    """A JSON-safe description of a returned value; never calls __repr__, __str__ or __eq__ of
    the student's classes (exact built-in methods are used on subclasses)."""
    if value is None:
        return {"k": "none"}
    if isinstance(value, bool):
        return {"k": "bool", "v": bool(value)}
    try:
        if isinstance(value, np.bool_):
            return {"k": "bool", "v": bool(value)}
        if isinstance(value, np.integer):
            value = int(value)
        elif isinstance(value, np.floating):
            value = float(value)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, int):
        n = int.__index__(value)
        if n.bit_length() <= 53:
            return {"k": "number", "v": n}
        if n.bit_length() <= 1000:
            return {"k": "number", "v": float(n)}
        return {"k": "number", "v": math.inf if n > 0 else -math.inf, "digits": int(n.bit_length() * math.log10(2)) + 1}
    if isinstance(value, float):
        return {"k": "number", "v": float.__float__(value)}
    if isinstance(value, str):
        text = str.__str__(value)
        return {"k": "str", "v": text[:TEXT], "len": len(text)}
    if depth > 3:
        return {"k": "other", "type": _safe_type_name(value)}
    if isinstance(value, pd.Timestamp):
        return {"k": "ts", "v": pd.Timestamp.isoformat(value)}
    if type(value) is pd.Series:
        index, values = value.index.tolist(), value.tolist()
        return {
            "k": "Series",
            "len": len(values),
            "index": [describe(x, depth + 1) for x in index[:ITEMS]],
            "v": [describe(x, depth + 1) for x in values[:ITEMS]],
        }
    if type(value) is pd.DataFrame:
        columns = value.columns.tolist()
        rows = max(1, ITEMS // max(1, min(len(columns), 100)))  # at most about ITEMS cells in all
        return {
            "k": "DataFrame",
            "len": len(value),
            "columns": [describe(c, depth + 1) for c in columns[:100]],
            "index": [describe(x, depth + 1) for x in value.index.tolist()[:rows]],
            "v": [
                [describe(x, depth + 1) for x in value.iloc[:rows, i].tolist()] for i in range(min(len(columns), 100))
            ],
        }
    if type(value) in (list, tuple):
        items = list.__iter__(value) if type(value) is list else tuple.__iter__(value)
        items = list(items)
        return {"k": "list", "len": len(items), "v": [describe(x, depth + 1) for x in items[:ITEMS]]}
    if type(value) is dict:
        pairs = list(dict.items(value))
        return {
            "k": "dict",
            "len": len(pairs),
            "v": [[describe(a, depth + 1), describe(b, depth + 1)] for a, b in pairs[:ITEMS]],
        }
    return {"k": "other", "type": _safe_type_name(value)}


def describe_error(error: BaseException, n_args: int) -> dict:
    """An exception as a category plus short, safe details (worker side)."""
    kind = _safe_type_name(error)
    try:
        text = str(error)[:200]
    except BaseException:
        text = ""
    if isinstance(error, SystemExit):
        return {"k": "!exited"}
    if isinstance(error, RecursionError):
        return {"k": "!recursion"}
    if isinstance(error, MemoryError):
        return {"k": "!memory"}
    if isinstance(error, EOFError):
        return {"k": "!input"}
    name = ""
    if isinstance(error, KeyError):
        category = "key"
        try:
            name = repr(error.args[0])[:80] if error.args and type(error.args[0]) in (str, int, float) else ""
        except BaseException:
            name = ""
    elif isinstance(error, (NameError, AttributeError, ImportError)):
        category = {NameError: "name", AttributeError: "attribute", ImportError: "import"}[
            next(c for c in (NameError, AttributeError, ImportError) if isinstance(error, c))
        ]
        value = getattr(error, "name", None)
        name = str.__str__(value)[:80] if isinstance(value, str) else ""
    elif isinstance(error, TypeError) and any(
        w in text for w in ("positional argument", "keyword argument", "takes ", "arguments but")
    ):
        category = "arguments"
    elif isinstance(error, ZeroDivisionError):
        category = "zero"
    elif isinstance(error, IndexError):
        category = "index"
    elif isinstance(error, TypeError):
        category = "type"
    elif isinstance(error, ValueError):
        category = "value"
    else:
        category = "other"
    detail = f"{kind}: {text}" if text else kind
    return {"k": "!raised", "category": category, "name": name, "detail": detail[:200], "n_args": n_args}


# --- the parent (the kernel) -----------------------------------------------------------------
class _Worker:
    def __init__(self, fn: Callable, cases: list[tuple[str, tuple]], method: str, memory_mb: int):
        ctx = mp.get_context(method)
        if method == "fork":
            payload: Any = (fn, cases)
        else:
            payload = _pickled(fn, cases)
        self.reader, writer = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_worker, args=(writer, payload, memory_mb), daemon=True)
        self.process.start()
        writer.close()  # only the worker holds the writing end: its death reads as end of file

    def receive(self, seconds: float) -> dict | str:
        """The next message, or "timeout", or "dead" (the worker ended without sending)."""
        try:
            if not self.reader.poll(seconds):
                return "timeout"
            data = self.reader.recv_bytes(MESSAGE_BYTES)
        except (EOFError, OSError):
            return "dead"
        try:
            message = json.loads(data)
            return message if isinstance(message, dict) and isinstance(message.get("k"), str) else {"k": "!transfer"}
        except Exception:  # not what our worker code sends: the student's code wrote to the pipe
            return {"k": "!transfer"}

    def _wait(self, seconds: float) -> int | None:
        """The worker's exit code once it has ended, or None if it still runs after `seconds`.

        Waits on the process itself, never on a pipe: a worker that closed its file descriptors
        (or a grandchild that kept a copy of them) cannot make this wait longer than `seconds`."""
        popen = getattr(self.process, "_popen", None)
        poll = getattr(popen, "poll", None)
        if poll is None or not hasattr(os, "WNOHANG"):  # Windows: join's wait is on the process handle
            self.process.join(seconds)
            return self.process.exitcode
        deadline = time.monotonic() + seconds
        while True:
            try:
                code = poll(os.WNOHANG)
            except Exception:
                return None
            if code is not None or time.monotonic() >= deadline:
                return code
            time.sleep(0.01)

    def exit_code(self) -> int | None:
        """How the worker ended after its pipe closed; None if it is still running (it closed the
        pipe itself): the caller then stops it."""
        return self._wait(0.5)  # a worker whose pipe closed because it ended is reaped in milliseconds

    def stop(self) -> None:
        """Kill the worker and its process group (anything it started), whatever state it is in."""
        pid = self.process.pid
        if pid and hasattr(os, "killpg"):
            try:
                os.killpg(pid, signal.SIGKILL)  # the worker is still unreaped: its pid is not reused
            except Exception:
                pass
        try:
            self.process.kill()
        except Exception:
            pass
        self._wait(5)
        try:
            self.reader.close()
        except Exception:
            pass


def _pickled(fn: Callable, cases) -> bytes:
    try:
        import cloudpickle
    except ImportError as e:  # pragma: no cover - a dependency of the course
        raise CannotSend("cloudpickle") from e
    if type(fn) is not types.FunctionType:  # copying a callable object would run its methods here
        raise CannotSend("callable object")
    try:  # runs in the kernel: an object with its own __reduce__ runs code here; loops are bounded
        return call_with_limit(cloudpickle.dumps, ((fn, cases),), PICKLE_SECONDS)
    except BaseException as e:  # an open file, a lock, a generator… in what the function uses
        raise CannotSend(_safe_type_name(e)) from None


def run_function(
    fn: Callable,
    cases: list[tuple[str, tuple]],
    *,
    seconds: float = 2.0,
    method: str | None = None,
    memory_mb: int = MEMORY_MB,
) -> Run:
    """Call fn(*args) for each case in a worker process; describe each outcome (see module doc)."""
    method = start_method(method)
    if method == "inprocess":
        return _run_in_process(fn, cases, seconds)
    run = Run({}, method=method)
    pending = list(cases)
    while pending:
        worker = _Worker(fn, pending, method, memory_mb)
        try:
            try:
                first = worker.receive(STARTUP_SECONDS)
            except KeyboardInterrupt:
                first = {"k": "!interrupted"}
            if first.get("k") == "!interrupted" if isinstance(first, dict) else False:
                for case, _ in pending:
                    run.outcomes[case] = {"k": "!interrupted"}
                break
            if first == "timeout" or first == "dead" or first.get("k") != "!ready":
                why = first.get("k") if isinstance(first, dict) else first
                problem = "!unsendable" if why == "!start" else "!startfail"
                for case, _ in pending:
                    run.outcomes[case] = {"k": problem}
                break
            while pending:
                case, _ = pending[0]
                try:
                    message = worker.receive(seconds)
                except KeyboardInterrupt:  # the notebook's Stop button: stop the check, not the kernel
                    for later, _ in pending:
                        run.outcomes[later] = {"k": "!interrupted"}
                    pending = []
                    break
                if message == "timeout":
                    run.outcomes[case] = {"k": "!timeout"}
                    for later, _ in pending[1:]:  # the student waits once, not once per case
                        run.outcomes[later] = {"k": "!skipped"}
                    pending = []
                    break
                if message == "dead":
                    code = worker.exit_code()
                    if code is None:  # alive, but it closed the pipe: no result can come back
                        run.outcomes[case] = {"k": "!transfer"}
                    else:
                        run.outcomes[case] = {"k": "!exited"} if code >= 0 else {"k": "!crashed", "code": code}
                    pending.pop(0)
                    break  # a fresh worker for the remaining cases
                _collect(run, message)
                run.outcomes[case] = message
                pending.pop(0)
        finally:
            worker.stop()
    return run


def _collect(run: Run, message: dict) -> None:
    printed, total = message.pop("printed", ""), message.pop("printed_total", 0)
    if not isinstance(printed, str) or not isinstance(total, int):
        return
    room = max(0, OUTPUT_CHARS - len(run.printed))
    run.printed += printed[:room]
    run.printed_total += total


# --- the in-process path: no subprocess (Pyodide) -----------------------------------------
def call_with_limit(fn: Callable, args: tuple, seconds: float) -> Any:
    """fn(*args) in this process, raising TimeLimit once `seconds` have passed.

    Bounded with sys.settrace: every line of Python run after the deadline raises TimeLimit,
    also inside an `except` clause, so no try/except keeps the call alive. Loops inside C code
    (a huge `sum(range(...))`, `10**10**9`) are not interrupted: a best effort for platforms
    without processes, not a sandbox."""
    deadline = time.monotonic() + seconds

    def local(frame, event, arg):
        if time.monotonic() > deadline:
            raise TimeLimit()
        return local

    def tracer(frame, event, arg):
        if time.monotonic() > deadline:
            raise TimeLimit()
        return local

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        return fn(*args)
    finally:
        sys.settrace(previous)


def _run_in_process(fn: Callable, cases, seconds: float) -> Run:
    run = Run({}, method="inprocess")
    timed_out = False
    for case, args in cases:
        if timed_out:
            run.outcomes[case] = {"k": "!skipped"}
            continue
        capture = _Capture()
        saved = sys.stdout, sys.stderr, sys.stdin
        sys.stdout = sys.stderr = capture
        sys.stdin = io.StringIO("")
        args = tuple(a.copy() if isinstance(a, (pd.DataFrame, pd.Series)) else a for a in args)
        try:
            value = call_with_limit(fn, args, seconds)
            description = describe(value)
        except TimeLimit:
            description, timed_out = {"k": "!timeout"}, True
        except BaseException as e:
            description = describe_error(e, len(args))
        finally:
            sys.stdout, sys.stderr, sys.stdin = saved
        description["printed"], description["printed_total"] = "".join(capture.kept), capture.total
        _collect(run, description)
        run.outcomes[case] = description
    return run


# --- comparing in the parent ----------------------------------------------------------------
class Other:
    """A returned value of a kind the checker does not rebuild (a generator, a set, an object)."""

    def __init__(self, type_name: str):
        self.type_name = type_name


def rebuild(d: Any, depth: int = 0) -> Any:
    """A plain Python value (or Series/DataFrame) from a worker's description."""
    if not isinstance(d, dict) or depth > 6:
        return Other("?")
    k = d.get("k")
    v = d.get("v")
    if k == "none":
        return None
    if k == "bool":
        return v is True
    if k == "number":
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else Other("?")
    if k == "str":
        return v if isinstance(v, str) else Other("?")
    if k == "ts":
        try:
            return pd.Timestamp(v)
        except Exception:
            return Other("?")
    if k == "list":
        return [rebuild(x, depth + 1) for x in v] if isinstance(v, list) else Other("?")
    if k == "dict":
        try:
            return {_hashable(rebuild(a, depth + 1)): rebuild(b, depth + 1) for a, b in v}
        except Exception:
            return Other("?")
    if k == "Series":
        try:
            values = [rebuild(x, depth + 1) for x in v]
            index = [_hashable(rebuild(x, depth + 1)) for x in d["index"]]
            return pd.Series(values, index=index, dtype=object if not values else None)
        except Exception:
            return Other("Series")
    if k == "DataFrame":
        try:
            columns = [_hashable(rebuild(c, depth + 1)) for c in d["columns"]]
            index = [_hashable(rebuild(x, depth + 1)) for x in d["index"]]
            data = {c: [rebuild(x, depth + 1) for x in col] for c, col in zip(columns, v)}
            return pd.DataFrame(data, index=index if index else None, columns=columns)
        except Exception:
            return Other("DataFrame")
    if k == "other":
        name = d.get("type")
        return Other(name if isinstance(name, str) else "?")
    return Other("?")


def _hashable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, type(None), pd.Timestamp)) else "?"


def _kind(value: Any) -> str:
    if isinstance(value, Other):
        return "other:" + value.type_name
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    try:
        if isinstance(value, np.number):
            return "number"
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, pd.DataFrame):
        return "DataFrame"
    if isinstance(value, pd.Series):
        return "Series"
    if isinstance(value, tuple):
        return "list"
    return type(value).__name__


def same(got: Any, expected: Any, tolerance: float) -> bool:
    """Equal as a student would mean it: numbers within tolerance, Series/DataFrames by value."""
    if _kind(expected) == "number":
        return _kind(got) == "number" and math.isclose(float(got), float(expected), rel_tol=0, abs_tol=tolerance)
    if isinstance(expected, pd.Series):
        a, b = got.sort_index(), expected.sort_index()
        return list(a.index) == list(b.index) and all(
            same(x, y, tolerance) if _kind(y) == "number" else x == y for x, y in zip(a.tolist(), b.tolist())
        )
    if isinstance(expected, pd.DataFrame):
        if list(got.columns) != list(expected.columns) or len(got) != len(expected):
            return False
        a, b = got.reset_index(drop=True), expected.reset_index(drop=True)
        return all(same(a[c], b[c], tolerance) for c in expected.columns)
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(got, (list, tuple))
            and len(got) == len(expected)
            and all(same(x, y, tolerance) for x, y in zip(got, expected))
        )
    return got == expected


def judge_outcome(case: str, outcome: dict, expected: Any, *, tolerance: float, seconds: float) -> CaseResult:
    """Compare one worker outcome with the expected value (parent side, inside a guard)."""
    k = outcome.get("k") if isinstance(outcome, dict) else None
    if not isinstance(k, str):
        return CaseResult(case, False, "transfer")
    if k.startswith("!"):
        problem = k[1:]
        if problem == "timeout":
            return CaseResult(case, False, "timeout", f"{seconds:g}")
        if problem == "raised":
            info = {key: outcome.get(key) for key in ("category", "name", "detail", "n_args")}
            info = {key: (value if isinstance(value, (str, int)) else "") for key, value in info.items()}
            return CaseResult(case, False, "raised", str(info.get("detail", ""))[:200], info)
        if problem in (
            "skipped",
            "exited",
            "crashed",
            "memory",
            "recursion",
            "input",
            "unsendable",
            "startfail",
            "interrupted",
        ):
            return CaseResult(case, False, problem)
        return CaseResult(case, False, "transfer")
    try:
        got = rebuild(outcome)
        if got is None:
            return CaseResult(case, False, "none")
        if _kind(got) != _kind(expected):
            return CaseResult(case, False, "type", f"{_kind(got)}|{_kind(expected)}")
        try:
            ok = same(got, expected, tolerance)
        except Exception:  # e.g. an unorderable index: a different value
            ok = False
        if ok:
            return CaseResult(case, True)
        info: dict[str, Any] = {"got": _short(got), "expected": _short(expected)}
        if "digits" in outcome and isinstance(outcome["digits"], int):
            info["digits"] = outcome["digits"]
        if _kind(expected) == "number" and not (isinstance(got, float) and math.isnan(got)):
            info["direction"] = "high" if float(got) > float(expected) else "low"
        return CaseResult(case, False, "value", f"{info['got']}|{info['expected']}", info)
    except Exception:
        return CaseResult(case, False, "transfer")


def _short(value: Any) -> str:
    if isinstance(value, pd.Series):
        text = ", ".join(f"{k}: {v}" for k, v in list(value.items())[:6])
    elif isinstance(value, pd.DataFrame):
        text = f"{len(value)}×{len(value.columns)}"
    else:
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


# --- the adapter the pure code check (lessons.exercises.checks.Code) receives -----------------
@dataclass
class CodeReport:
    """Each case judged, and what the worker printed."""

    results: list[CaseResult]
    run: Run | None
    memory_mb: int
    printed: str = ""
    printed_total: int = 0
    method: str = ""


def run_cases(
    fn: Callable,
    cases: list[tuple[str, tuple]],
    expected_of: Callable[[tuple], Any],
    *,
    seconds: float = 2.0,
    tolerance: float = 1e-9,
    method: str | None = None,
    memory_mb: int | None = None,
) -> CodeReport:
    """Run `fn` on each case in a worker, then judge each outcome against `expected_of(args)`,
    computed here afterwards, so the worker never holds the expected values."""
    memory_mb = memory_mb or MEMORY_MB
    try:
        run = run_function(fn, cases, seconds=seconds, method=method, memory_mb=memory_mb)
    except CannotSend:
        return CodeReport([CaseResult(case, False, "unsendable") for case, _ in cases], None, memory_mb)
    results = [
        judge_outcome(case, run.outcomes.get(case, {}), expected_of(args), tolerance=tolerance, seconds=seconds)
        for case, args in cases
    ]
    return CodeReport(results, run, memory_mb, run.printed, run.printed_total, run.method)
