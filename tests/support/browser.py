"""Start JupyterLab or Voilà on localhost and drive Debian's Chromium through Playwright,
with every request that leaves the machine blocked."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def course_copy(repo: Path, dest: Path) -> Path:
    """A throw-away copy of the notebooks, so a browser run never writes into the repository."""
    shutil.copytree(repo / "notebooks", dest / "notebooks")
    return dest


def quiet_settings(folder: Path) -> Path:
    """JupyterLab user settings that stop it asking the internet for news."""
    target = folder / "@jupyterlab" / "apputils-extension"
    target.mkdir(parents=True, exist_ok=True)
    (target / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    return folder


def _wait_http(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} in {seconds} s:\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def server(kind: str, root: Path, env: dict, target: str | None = None):
    """Run `jupyterlab` or `voila` on a free localhost port; yields (base_url, token)."""
    port, token = free_port(), secrets.token_hex(16)
    log = root / f"{kind}-{port}.log"
    if kind == "lab":
        args = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--allow-root",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.disable_check_xsrf=False",
        ]
        probe = f"http://127.0.0.1:{port}/api/status?token={token}"
    elif kind == "voila":
        args = [
            sys.executable,
            "-m",
            "voila",
            target,
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.root_dir=" + str(root),
            "--show_tracebacks=True",
        ]
        probe = f"http://127.0.0.1:{port}/"
        token = ""
    else:
        raise ValueError(kind)
    with log.open("w") as out:
        proc = subprocess.Popen(args, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if kind == "lab":
            _wait_http(probe, proc, log)
        else:
            time.sleep(0.5)
            wait_port(port, proc, log)
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop(proc, 15)


def stop(proc: subprocess.Popen, seconds: float) -> None:
    """Stop a server started in its own session: SIGTERM to its group, SIGKILL after `seconds`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError(f"nothing listens on {port}:\n{log.read_text(errors='replace')[-3000:]}")


class Offline:
    """A Playwright browser whose pages may reach localhost, file:, data: and blob: only."""

    def __init__(self, chromium: str):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        self.blocked: list[str] = []

    def page(self, width: int = 1400, height: int = 1000):
        context = self.browser.new_context(viewport={"width": width, "height": height})

        def route(r):
            url = r.request.url
            if LOCAL.match(url) or url.startswith(("data:", "blob:", "file:")):
                r.continue_()
            else:
                self.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


# Every map under `root` (a figure with a geo subplot): the lon/lat range plotly shows (when it has laid the
# map out) and the texts of its scatter layers that lie inside the figure, a label's lines joined by spaces.
GEO_TEXTS_JS = """(root) => [...root.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.geo'))
  .map(p => {
    const geo = p._fullLayout && p._fullLayout.geo, svg = p.querySelector('.main-svg').getBoundingClientRect();
    const texts = [...p.querySelectorAll('.scattergeo text')].filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.left >= svg.left && r.right <= svg.right && r.top >= svg.top && r.bottom <= svg.bottom;
    }).map(el => {
        const lines = [...el.querySelectorAll('tspan.line')].map(s => s.textContent);
        return lines.length ? lines.join(' ') : el.textContent;
    });
    return {lon: geo ? geo.lonaxis.range : null, lat: geo ? geo.lataxis.range : null, texts};
})"""


def export_html(notebook: Path, out: Path, env: dict) -> Path:
    """`notebook` executed and exported to HTML under `out` as a teacher's offline export is (figures drawn by
    the course's plotly.js: LESSONS_HTML_EXPORT=1; kernels over CurveZMQ, so no plain-text warning); its path."""
    env = dict(env, LESSONS_HTML_EXPORT="1")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "html",
            "--execute",
            "--KernelManager.transport_encryption=auto",
            str(notebook),
            "--output-dir",
            str(out),
        ],
        check=True,
        env=env,
        cwd=notebook.parent,
        capture_output=True,
    )
    return out / notebook.name.replace(".ipynb", ".html")
