"""A code answer can never crash, hang or flood the kernel (issue 15, part 2).

Hostile functions are written as notebook source (defined in a fresh `__main__` namespace, as
a notebook defines them) and checked:
- by a Python call, on every start method the checker has ("fork", and "spawn" as on Windows
  and macOS, forced here), and on the in-process path kept for Python without subprocesses;
- by clicking Check through the widget's comm message in a real kernel (jupyter_client), which
  must stay alive and answer quickly afterwards.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest

import lessons as L
from lessons.core import config
from lessons.core.text import t
from lessons.exercises import coderun
from lessons.exercises.progress import ProgressStore

REPO = Path(__file__).resolve().parents[1]

RIGHT = "def count_status(claims, status):\n    return int((claims['status'] == status).sum())\n"

# name: (source defining count_status, English words expected, Vietnamese words expected)
HOSTILE = {
    "sys_exit": (
        "import sys\ndef count_status(claims, status):\n    sys.exit(0)\n",
        "ended the program",
        "dừng cả chương trình",
    ),
    "os_exit": (
        "import os\ndef count_status(claims, status):\n    os._exit(7)\n",
        "ended the program",
        "dừng cả chương trình",
    ),
    "loop_in_try_except": (
        "def count_status(claims, status):\n    while True:\n        try:\n            sum(range(100))\n"
        "        except Exception:\n            pass\n",
        "ran for more than",
        "chạy quá",
    ),
    "loop_in_bare_except": (
        "import time\ndef count_status(claims, status):\n    while True:\n        try:\n"
        "            time.sleep(0.01)\n        except:\n            pass\n",
        "ran for more than",
        "chạy quá",
    ),
    "signals_disabled": (
        "import signal\ndef count_status(claims, status):\n"
        "    for s in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):\n"
        "        signal.signal(s, signal.SIG_IGN)\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})\n"
        "    signal.setitimer(signal.ITIMER_REAL, 0)\n    while True:\n        pass\n",
        "ran for more than",
        "chạy quá",
    ),
    "deep_recursion": (
        "def count_status(claims, status):\n    return count_status(claims, status)\n",
        "calls itself again and again",
        "tự gọi lại chính nó",
    ),
    "huge_int": (
        "def count_status(claims, status):\n    return 10**5000\n",
        "about 5001 digits, which is too high",
        "khoảng 5001 chữ số, lớn hơn kết quả đúng",
    ),
    "bad_repr_and_eq": (
        "class Evil:\n    def __repr__(self):\n        raise RuntimeError('no repr')\n"
        "    def __eq__(self, other):\n        raise RuntimeError('no eq')\n    __hash__ = None\n"
        "def count_status(claims, status):\n    return Evil()\n",
        "returned a value of another kind (Evil), but a number is needed",
        "giá trị khác",
    ),
    "lying_int": (
        "class Liar(int):\n    def __eq__(self, other):\n        return True\n    def __repr__(self):\n"
        "        raise RuntimeError('no repr')\n    def __float__(self):\n        return 5.0\n"
        "def count_status(claims, status):\n    return Liar(10**6)\n",
        "it gave 1000000, which is too high",
        "kết quả là 1000000, lớn hơn",
    ),
    "flood_print": (
        "def count_status(claims, status):\n    print('x' * 5_000_000)\n    return 10**9\n",
        "more characters, not shown",
        "ký tự nữa, không hiển thị",
    ),
    "print_forever": (
        "def count_status(claims, status):\n    while True:\n        print('spam ' * 100)\n",
        "ran for more than",
        "chạy quá",
    ),
    "reads_stdin": (
        "def count_status(claims, status):\n    return int(input('status? '))\n",
        "keyboard input",
        "nhập từ bàn phím",
    ),
    "generator": (
        "def count_status(claims, status):\n    yield 1\n",
        "value of another kind (generator)",
        "giá trị khác",
    ),
    "unpicklable_result": (
        "import threading\ndef count_status(claims, status):\n    return threading.Lock()\n",
        "value of another kind (lock)",
        "giá trị khác",
    ),
    "memory_hog": (
        "def count_status(claims, status):\n    table = [claims] * 10**9\n    return len(table)\n",
        "MB of memory and was stopped",
        "MB bộ nhớ nên đã bị dừng",
    ),
    "segfault": (
        "import ctypes\ndef count_status(claims, status):\n    return ctypes.string_at(0)\n",
        "crashed",
        "bị hỏng",
    ),
    "kills_itself": (
        "import os, signal\ndef count_status(claims, status):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
        "crashed",
        "bị hỏng",
    ),
    "typo_column": (
        "def count_status(claims, status):\n    return int((claims['statuss'] == status).sum())\n",
        "(KeyError: 'statuss')",
        "hàm tìm cột hoặc khóa 'statuss'",
    ),
    "wrong_arguments": ("def count_status(claims):\n    return 0\n", "exactly the 2 arguments", "đúng 2 tham số"),
    "closes_its_pipe_and_sleeps": (
        "import os, time\ndef count_status(claims, status):\n    os.closerange(3, 4096)\n"
        "    while True:\n        time.sleep(1)\n",
        "could not be read back",
        "không đọc lại được",
    ),
    "exception_str_raises": (
        "class Odd(Exception):\n    def __str__(self):\n        raise RuntimeError('no str')\n"
        "def count_status(claims, status):\n    raise Odd()\n",
        "stopped with an error (Odd)",
        "báo lỗi khi chạy",
    ),
}

# Words a Vietnamese student must never see: Python type names, error names, English.
NOT_IN_VI = re.compile(
    r"Error|Exception|Traceback|NoneType|\bgenerator\b|\block\b|\bEvil\b|\bOdd\b|\bint\b|\bstr\b"
    r"|\bobject\b|\bthe\b|\byour\b"
)


def define(source: str, name: str = "count_status"):
    """The function as a notebook cell would define it (module __main__: shipped by value)."""
    namespace = {"__name__": "__main__"}
    exec(compile(source, "<cell>", "exec"), namespace)  # test input, written above, not a student's
    return namespace[name]


def check(source: str, method: str, lang: str = "en", seconds: float = 0.6, exercise: str = "01.6", **kw):
    config.set_language(lang)
    ex = L.exercise(exercise)
    ex.method, ex.seconds = method, seconds
    for key, value in kw.items():
        setattr(ex, key, value)
    started = time.monotonic()
    fb = ex.answer(define(source, ex.function))
    return ex, fb, time.monotonic() - started


def children() -> set[int]:
    """Live (not zombie) child processes of this test process, but multiprocessing's helper."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            helper = b"resource_tracker" in (entry / "cmdline").read_bytes()  # multiprocessing's, one per process
            if fields[1] == str(os.getpid()) and fields[0] != "Z" and not helper:
                found.add(int(entry.name))
    return found


SPAWN_CASES = [
    "sys_exit",
    "os_exit",
    "loop_in_bare_except",
    "signals_disabled",
    "deep_recursion",
    "huge_int",
    "bad_repr_and_eq",
    "lying_int",
    "flood_print",
    "reads_stdin",
    "generator",
    "unpicklable_result",
    "segfault",
    "typo_column",
]


# --- each hostile function, on each start method ------------------------------------------------
@pytest.mark.parametrize("method,name", [("fork", n) for n in HOSTILE] + [("spawn", n) for n in SPAWN_CASES])
def test_hostile_function_fails_its_cases_with_a_sentence_and_nothing_is_left_running(method, name):
    source, english, _ = HOSTILE[name]
    before = children()
    ex, fb, elapsed = check(source, method)
    assert fb.correct is False
    assert english in fb.message, fb.message
    assert "Traceback" not in ex.feedback.value and "data-correct='false'" in ex.feedback.value
    assert elapsed < (8 if method == "spawn" else 5)  # one time-out at most, never one per case
    assert len(fb.message) < 5000  # a flood stays out of the page
    assert children() <= before  # the worker (and anything it started) is gone
    assert ProgressStore().get("01.6")["correct"] is False


@pytest.mark.parametrize(
    "name",
    [
        "sys_exit",
        "loop_in_try_except",
        "deep_recursion",
        "huge_int",
        "bad_repr_and_eq",
        "flood_print",
        "reads_stdin",
        "generator",
        "memory_hog",
        "kills_itself",
        "typo_column",
        "wrong_arguments",
        "exception_str_raises",
        "unpicklable_result",
    ],
)
def test_hostile_function_is_explained_in_vietnamese_without_python_names(name):
    source, _, vietnamese = HOSTILE[name]
    ex, fb, _ = check(source, "fork", lang="vi")
    assert fb.correct is False and vietnamese in fb.message, fb.message
    told = fb.message.split(t("ex.code_output", "vi"))[0]  # the student's own printout aside
    assert not NOT_IN_VI.search(told), told


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver", "inprocess"])
def test_right_function_passes_on_every_path(method):
    ex, fb, elapsed = check(RIGHT, method)
    assert fb.correct is True and "all 4 test cases" in fb.message
    assert elapsed < (8 if method == "spawn" else 3)


@pytest.mark.parametrize(
    "source,exercise,english",
    [
        (
            "def count_status(claims, status):\n    return float('nan')\n",
            "01.6",
            "it gave nan, which is not the right result",
        ),
        ("def count_status(claims, status):\n    return -10**5000\n", "01.6", "about 5001 digits, which is too low"),
        (
            "def count_status(claims, status):\n    return claims['status'] == status\n",
            "01.6",
            "returned a Series, but a number is needed",
        ),
        ("def count_status(claims, status):\n    return {1, 2}\n", "01.6", "value of another kind (set)"),
        (
            "def top_partner(trade, reporter, year):\n    return 'X' * 10**7\n",
            "05.3",
            "XXXX…, which is not the right result",
        ),
        (
            "def top_partner(trade, reporter, year):\n    return trade.iloc[0:0]['partner'].iloc[0]\n",
            "05.3",
            "a position that does not exist",
        ),
        (
            "def count_status(claims, status):\n    return count_satus(claims, status)\n",
            "01.6",
            "uses the name count_satus before it is defined",
        ),
        ("def count_status(claims, status):\n    return 1 / 0\n", "01.6", "divides by zero"),
        (
            "import gc\nfrom multiprocessing.connection import Connection\ndef count_status(claims, status):\n"
            "    for c in gc.get_objects():\n        if isinstance(c, Connection):\n            try:\n"
            "                c.send_bytes(b'not json')\n            except Exception:\n"
            "                pass\n    return 0\n",
            "01.6",
            "could not be read back",
        ),
    ],
)
def test_odd_results_are_described_in_the_kernel_without_trusting_them(source, exercise, english):
    _, fb, _ = check(source, "fork", exercise=exercise)
    assert fb.correct is False and english in fb.message, fb.message


def test_deep_recursion_is_reported_within_a_second():
    _, fb, elapsed = check(HOSTILE["deep_recursion"][0], "fork", seconds=2.0)
    assert "calls itself again and again" in fb.message and elapsed < 1.5


def test_a_callable_object_is_not_touched_in_the_kernel():
    """Validating and saving look only at the class: an attribute lookup that would end the
    process (as it does in the worker) never runs in the kernel (here: pytest's process)."""
    source = (
        "import os\nclass Sneaky:\n    def __getattr__(self, name):\n        os._exit(9)\n"
        "    def __call__(self, claims, status):\n        return self.anything\n"
        "count_status = Sneaky()\n"
    )
    ex, fb, _ = check(source, "fork")
    assert fb.correct is False and "ended the program" in fb.message
    assert ProgressStore().get("01.6")["answer"] == "<source not available>"
    _, fb, _ = check(source, "spawn")  # not copied: copying would look up its attributes
    assert fb.correct is False and "could not be copied to the checker" in fb.message


def test_a_function_that_kills_its_worker_costs_only_that_case():
    source = (
        "import os\ndef count_status(claims, status):\n    if status == 'alleged':\n        os._exit(1)\n"
        "    return int((claims['status'] == status).sum())\n"
    )
    _, fb, _ = check(source, "fork")
    assert "3 of 4 test cases pass" in fb.message
    assert fb.message.count("ended the program") == 1


def test_printed_output_is_shown_but_capped():
    source = (
        "def count_status(claims, status):\n    print('checking', status)\n    print('y' * 10**6)\n"
        "    return int((claims['status'] == status).sum())\n"
    )
    ex, fb, _ = check(source, "fork")
    assert fb.correct is True
    assert "Your function printed:" in fb.message and "checking confirmed" in fb.message
    shown = fb.message.split("Your function printed:")[1]
    assert len(shown) < coderun.OUTPUT_CHARS + 200
    assert re.search(r"and [\d,]+ more characters, not shown", shown)


def test_forked_grandchildren_are_killed_after_the_check(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    source = (
        "import os, time\ndef count_status(claims, status):\n    pid = os.fork()\n    if pid == 0:\n"
        "        time.sleep(120)\n        os._exit(0)\n"
        f"    open({str(pid_file)!r}, 'a').write(str(pid) + '\\n')\n"
        "    return int((claims['status'] == status).sum())\n"
    )
    _, fb, _ = check(source, "fork")
    if os.geteuid() != 0:  # an ordinary user cannot start processes from the worker at all
        assert fb.correct is False
        return
    assert fb.correct is True
    pids = [int(p) for p in pid_file.read_text().split()]
    assert len(pids) == 4
    time.sleep(0.2)
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_a_function_needing_an_uncopyable_global_is_explained_on_spawn_and_runs_on_fork():
    source = (
        "import threading\nLOCK = threading.Lock()\ndef count_status(claims, status):\n    with LOCK:\n"
        "        return int((claims['status'] == status).sum())\n"
    )
    _, fb, _ = check(source, "fork")
    assert fb.correct is True
    for lang, words in (("en", "could not be copied to the checker"), ("vi", "Không sao chép được hàm count_status")):
        _, fb, _ = check(source, "spawn", lang=lang)
        assert fb.correct is False and words in fb.message


@pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(),
    reason="needs root to run the check as an ordinary user (setpriv)",
)
def test_for_an_ordinary_user_the_worker_cannot_start_processes():
    """A fork bomb: as the student (not root), the worker may not start any process."""
    import shutil
    import subprocess
    import tempfile

    folder = tempfile.mkdtemp(prefix="coderun-nobody-")
    os.chmod(folder, 0o777)
    bomb = (
        "import os, time\ndef count_status(claims, status):\n    pids = []\n    for _ in range(200):\n"
        "        pid = os.fork()\n        if pid == 0:\n            time.sleep(60)\n            os._exit(0)\n"
        "        pids.append(pid)\n    return len(pids)\n"
    )
    script = (
        "import lessons as L\nfrom lessons.core import config\nconfig.set_language('en')\n"
        "ns = {'__name__': '__main__'}\n"
        f"exec({bomb!r}, ns)\nex = L.exercise('01.6')\nprint(ex.check(ns['count_status']).message)\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), "LESSONS_PROGRESS_DIR": folder, "HOME": folder}
    try:
        done = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", script],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    # the first fork already failed in every case: no process was started
    assert "0 of 4 test cases pass" in done.stdout and done.stdout.count("(BlockingIOError") == 4, done.stdout


# --- the answer key ------------------------------------------------------------------------
def test_a_wrong_value_on_the_real_data_does_not_reveal_the_answer():
    source = "def count_status(claims, status):\n    return int((claims['kind'] == status).sum())\n"
    _, fb, _ = check(source, "fork")
    answer = L.exercise("01.4").answer_key  # 01.4's answer is count_status on the real claims
    assert "it gave 0, which is too low" in fb.message
    assert f"{answer:g}" not in fb.message.replace("it gave 0", "") and "right result is" not in fb.message


def test_the_expected_value_is_shown_only_for_cases_marked_as_made_up():
    source = "def count_status(claims, status):\n    return 0\n"
    _, fb, _ = check(source, "fork", reveal={"confirmed"})
    assert "it gave 0, but the right result is" in fb.message
    assert fb.message.count("right result is") == 1


def test_a_string_whose_eq_always_agrees_does_not_pass():
    source = (
        "class Yes(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n"
        "def top_partner(trade, reporter, year):\n    return Yes('XXX')\n"
    )
    _, fb, _ = check(source, "fork", exercise="05.3")
    assert fb.correct is False and "'XXX', which is not the right result" in fb.message


def test_the_worker_never_holds_the_expected_values(monkeypatch):
    """The reference runs in the kernel only after the worker is gone: a forked worker cannot
    find the expected values in the memory it inherited."""
    ex = L.exercise("01.6")
    original, state, calls = ex.reference, {"worker_done": False}, []

    def reference(*args):
        calls.append(state["worker_done"])
        return original(*args)

    real = coderun.run_function

    def spy(*args, **kw):
        run = real(*args, **kw)
        state["worker_done"] = True
        return run

    ex.reference = reference
    monkeypatch.setattr(coderun, "run_function", spy)
    assert ex.answer(define(RIGHT)).correct is True
    assert calls == [True] * 4


# --- where fork or signals do not exist --------------------------------------------------------
def test_without_fork_the_checker_spawns(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.delenv(coderun.START_ENV, raising=False)
    assert coderun.start_method() == "spawn"
    ex = L.exercise("01.6")
    ex.seconds = 0.5
    assert ex.answer(define(RIGHT)).correct is True
    fb = ex.answer(define(HOSTILE["loop_in_try_except"][0]))
    assert "ran for more than 0.5 s" in fb.message
    assert ex.last_run.method == "spawn"


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_without_timer_signals_endless_loops_are_still_stopped(monkeypatch, method):
    import signal

    monkeypatch.delattr(signal, "setitimer")
    monkeypatch.delattr(signal, "SIGALRM")
    _, fb, elapsed = check(HOSTILE["loop_in_bare_except"][0], method, seconds=0.4)
    assert "ran for more than 0.4 s" in fb.message and elapsed < 8


def test_the_start_method_follows_the_environment(monkeypatch):
    monkeypatch.setenv(coderun.START_ENV, "spawn")
    assert coderun.start_method() == "spawn"
    monkeypatch.setenv(coderun.START_ENV, "inprocess")
    assert coderun.start_method() == "inprocess"
    monkeypatch.setenv(coderun.START_ENV, "no-such-method")
    assert coderun.start_method() == "fork"


@pytest.mark.parametrize(
    "name",
    [
        "loop_in_try_except",
        "loop_in_bare_except",
        "sys_exit",
        "deep_recursion",
        "huge_int",
        "bad_repr_and_eq",
        "reads_stdin",
        "flood_print",
    ],
)
def test_in_process_path_bounds_pure_python(name):
    """No subprocess at all (Pyodide): settrace stops pure-Python loops, even inside except."""
    source, english, _ = HOSTILE[name]
    _, fb, elapsed = check(source, "inprocess", seconds=0.4)
    assert fb.correct is False and english in fb.message and elapsed < 3
    assert sys.gettrace() is None and sys.stdout is sys.__stdout__ or "pytest" in type(sys.stdout).__module__


# --- a real kernel, driven through the Check button's comm message ---------------------------
@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    from jupyter_client import KernelManager

    env = dict(os.environ)
    progress = tmp_path_factory.mktemp("kernel-progress")
    env["LESSONS_PROGRESS_DIR"] = str(progress)
    env["PYTHONPATH"] = str(REPO)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env.pop(coderun.START_ENV, None)
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env=env, cwd=str(REPO))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    kernel = Kernel(km, kc)
    kernel.run(f"import lessons as L\nPROGRESS_ROOT = {str(progress)!r}")
    yield kernel
    kc.stop_channels()
    km.shutdown_kernel(now=True)


class Kernel:
    def __init__(self, km, kc):
        self.km, self.kc = km, kc
        self.pid = km.provisioner.process.pid

    def run(self, code: str, timeout: float = 30) -> str:
        """Execute code; its printed text (an error fails the test)."""
        msg_id = self.kc.execute(code)
        out, deadline = [], time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                raise AssertionError("\n".join(content["traceback"]))
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)

    def click(self, variable: str) -> None:
        model_id = self.run(f"print({variable}.button.model_id)").strip()
        msg = self.kc.session.msg(
            "comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}}
        )
        self.kc.shell_channel.send(msg)

    def alive_and_quick(self) -> float:
        started = time.monotonic()
        assert self.run("print(6 * 7)", timeout=10).strip() == "42"
        assert self.km.is_alive() and self.km.provisioner.process.pid == self.pid
        return time.monotonic() - started


def click_check(kernel: Kernel, source: str, lang: str = "en", exercise: str = "01.6") -> str:
    # a fresh progress folder per click: no hint from earlier tries (hints are not this file's subject)
    kernel.run(
        "import os, tempfile\nos.environ['LESSONS_PROGRESS_DIR'] = tempfile.mkdtemp(dir=PROGRESS_ROOT)\n"
        f"L.setup({lang!r})\nex = L.exercise({exercise!r})\nex.seconds = 1.0"
    )
    kernel.run(source)
    started = time.monotonic()
    kernel.click("ex")
    feedback = kernel.run("print(ex.feedback.value)", timeout=30)  # runs after the click is handled
    assert time.monotonic() - started < 15
    assert kernel.alive_and_quick() < 5
    return feedback


@pytest.mark.parametrize(
    "name",
    [
        "sys_exit",
        "os_exit",
        "loop_in_try_except",
        "loop_in_bare_except",
        "signals_disabled",
        "deep_recursion",
        "huge_int",
        "bad_repr_and_eq",
        "flood_print",
        "segfault",
        "kills_itself",
        "memory_hog",
        "reads_stdin",
        "closes_its_pipe_and_sleeps",
    ],
)
def test_click_in_a_real_kernel_survives_a_hostile_function(kernel, name):
    source, english, _ = HOSTILE[name]
    feedback = click_check(kernel, source)
    assert "data-correct='false'" in feedback
    assert english.replace("'", "&#x27;") in feedback, feedback[:2000]
    assert "Traceback" not in feedback and len(feedback) < 8000


@pytest.mark.parametrize("name", ["sys_exit", "loop_in_try_except", "huge_int", "typo_column"])
def test_click_in_a_real_kernel_answers_in_vietnamese(kernel, name):
    source, _, vietnamese = HOSTILE[name]
    feedback = click_check(kernel, source, lang="vi")
    assert "data-correct='false'" in feedback and vietnamese.replace("'", "&#x27;") in feedback, feedback[:2000]
    assert not NOT_IN_VI.search(re.sub(r"<[^>]+>", " ", feedback))


@pytest.mark.parametrize("lang,words", [("en", "all 4 test cases"), ("vi", "cả 4 trường hợp thử")])
def test_click_in_a_real_kernel_passes_a_right_function(kernel, lang, words):
    feedback = click_check(kernel, RIGHT, lang=lang)
    assert "data-correct='true'" in feedback and words in feedback


def test_click_in_a_real_kernel_on_the_spawn_path(kernel):
    kernel.run(f"import os\nos.environ[{coderun.START_ENV!r}] = 'spawn'")
    try:
        assert "data-correct='true'" in click_check(kernel, RIGHT)
        assert "ended the program" in click_check(kernel, HOSTILE["os_exit"][0])
        assert kernel.run("print(ex.last_run.method)").strip() == "spawn"
    finally:
        kernel.run(f"os.environ.pop({coderun.START_ENV!r}, None)")


def test_the_stop_button_during_a_check_stops_the_check_not_the_kernel(kernel):
    kernel.run(
        "import os, tempfile\nos.environ['LESSONS_PROGRESS_DIR'] = tempfile.mkdtemp(dir=PROGRESS_ROOT)\n"
        "L.setup('en')\nex = L.exercise('01.6')\nex.seconds = 60"
    )
    kernel.run(HOSTILE["loop_in_try_except"][0])
    started = time.monotonic()
    kernel.click("ex")
    time.sleep(1.5)
    kernel.km.interrupt_kernel()
    feedback = kernel.run("print(ex.feedback.value)", timeout=30)
    assert time.monotonic() - started < 15
    assert "the check was stopped (the ■ button)" in feedback and "Traceback" not in feedback
    kernel.alive_and_quick()


# --- saving a code answer reads its source without running anything of the student's ----------
SOURCE_TRAPS = {
    "wrapped_attribute_loops": "class W:\n    def __getattr__(self, name):\n        while True:\n            pass\n"
    "def count_status(claims, status):\n    return 0\ncount_status.__wrapped__ = W()\n",
    "source_file_is_a_fifo": "import os, tempfile\n"
    "fifo = os.path.join(tempfile.mkdtemp(), 'cell.py')\nos.mkfifo(fifo)\n"
    "def count_status(claims, status):\n    return 0\n"
    "count_status.__code__ = count_status.__code__.replace(co_filename=fifo)\n",
    "source_file_is_a_device": "def count_status(claims, status):\n    return 0\n"
    "count_status.__code__ = count_status.__code__.replace(co_filename='/dev/zero')\n",
}


@pytest.mark.parametrize("name", SOURCE_TRAPS)
def test_saving_a_code_answer_never_blocks_on_its_source(name, tmp_path):
    """inspect.getsource would follow __wrapped__ (running the student's __getattr__) or read a FIFO
    forever; the saved answer says the source is not available instead, at once."""
    import json
    import subprocess

    script = (
        f"import lessons as L\nL.setup('en')\nex = L.exercise('01.6')\n"
        f"exec(compile({SOURCE_TRAPS[name]!r}, '<cell>', 'exec'))\n"
        "print(ex.answer(count_status).correct)\n"
    )
    env = dict(os.environ, LESSONS_PROGRESS_DIR=str(tmp_path), PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr[-2000:]
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))["answers"]["01.6"]
    assert saved["answer"] == "<source not available>" and saved["correct"] is False


def test_a_function_defined_in_a_cell_is_saved_with_its_source():
    from lessons.exercises.widget import function_source as _function_source

    fn = define(RIGHT)
    import linecache

    linecache.cache["<cell>"] = (len(RIGHT), None, RIGHT.splitlines(True), "<cell>")  # as IPython registers a cell
    try:
        assert _function_source(fn.__code__) == RIGHT
    finally:
        linecache.cache.pop("<cell>", None)
