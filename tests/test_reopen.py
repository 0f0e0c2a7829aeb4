"""A lesson reopened tomorrow, and the small things of issue 19 part 5.

- The server's pre-save hook (lessons.tools.reopen): a saved widget output becomes one line in the
  notebook's language saying to run the cells (never "Error displaying widget: model not found" on
  reopening); a static figure the output carries is kept; nothing else changes; a second save changes
  nothing; an odd or hostile notebook is saved as it came, and the save never fails.
- The routes carry it: `python -m lessons.tools.lab` (its environment, and a real server started by it),
  the class hub, a repo2docker image (postBuild); the same configuration turns JupyterLab's
  "official Jupyter news" prompt off.
- `python -m lessons.tools.lab` with a Python that lacks the course's libraries: two lines naming the
  setup command, no traceback; the address it prints opens the lesson.
- Hints sit in a block of their own below the feedback, not on the line of its last bullet.
- Lesson 00 and the README say what is true about a reopened lesson.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from lessons.core.config import LANGUAGES
from lessons.core.text import t
from lessons.tools import lab, reopen
from lessons.tools.reopen import WIDGET_VIEW, replace_widget_views

from conftest import LANGS, REPO

VIEW = {"model_id": "0123456789abcdef", "version_major": 2, "version_minor": 0}
ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"


# --- notebooks to save ---------------------------------------------------------------------------------
def widget_output(kind: str = "display_data", **extra_data) -> dict:
    out = {"output_type": kind, "data": {"text/plain": "VBox(children=(...))", WIDGET_VIEW: dict(VIEW), **extra_data}}
    out["metadata"] = {}
    if kind == "execute_result":
        out["execution_count"] = 3
    return out


OTHER_OUTPUTS = [  # outputs the hook must leave exactly as they are
    {"output_type": "stream", "name": "stdout", "text": "Đã tải 12 dòng\n"},
    {"output_type": "stream", "name": "stderr", "text": "a warning\n"},
    {"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": ["..."]},
    {"output_type": "execute_result", "execution_count": 2, "data": {"text/plain": "42"}, "metadata": {}},
    {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}, "metadata": {}},
    {
        "output_type": "display_data",
        "data": {"application/vnd.plotly.v1+json": {"data": [], "layout": {}}, "text/html": "<div>plot</div>"},
        "metadata": {},
    },
    {
        "output_type": "display_data",
        "data": {"text/html": "<p class='lessons-rerun'>already a line</p>"},
        "metadata": {},
    },
]


def notebook(lang: str | None = "vi", outputs: list | None = None) -> dict:
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    if lang is not None:
        meta["lessons"] = {"language": lang, "lesson": "03"}
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": meta,
        "cells": [
            {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "## Bài 03"},
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {"tags": ["mine"]},
                "execution_count": 1,
                "source": "answer = 7  # the student's own line\nL.membership_explorer()",
                "outputs": copy.deepcopy(outputs if outputs is not None else [widget_output()]),
            },
            {"cell_type": "raw", "id": "r1", "metadata": {}, "source": "raw"},
        ],
    }


def the_line(lang: str) -> dict:
    return reopen.rerun_line(lang)


# --- the hook: the line, in the notebook's language ---------------------------------------------------------
@pytest.mark.parametrize(
    "meta_lang, path, expected",
    [
        pytest.param("vi", "vi/03-alliances.ipynb", "vi", id="vi-metadata"),
        pytest.param("en", "en/03-alliances.ipynb", "en", id="en-metadata"),
        pytest.param("en", "vi/03-alliances.ipynb", "en", id="metadata-wins-over-the-folder"),
        pytest.param(None, "editions/student/en/03-alliances.ipynb", "en", id="no-metadata-en-folder"),
        pytest.param(None, "notebooks/vi/x.ipynb", "vi", id="no-metadata-vi-folder"),
        pytest.param(None, "Untitled.ipynb", "vi", id="neither-the-course-default"),
        pytest.param(None, "en\\03-alliances.ipynb", "en", id="a-windows-style-path"),
        pytest.param(None, "vi/en.ipynb", "vi", id="a-file-named-like-a-language-is-not-a-folder"),
    ],
)
def test_a_widget_output_is_saved_as_one_line_in_the_notebooks_language(meta_lang, path, expected):
    nb = notebook(meta_lang)
    assert replace_widget_views(nb, path) == 1
    (out,) = nb["cells"][1]["outputs"]
    assert out["output_type"] == "display_data" and WIDGET_VIEW not in out["data"]
    assert out["data"]["text/plain"] == t("reopen.run_cells", expected)
    html = out["data"]["text/html"]
    assert f"lang='{expected}'" in html and "class='lessons-rerun'" in html
    assert t("reopen.run_cells", expected).replace("→", "") in html.replace("→", "")
    for word in ("Error", "model not found", "Traceback", "VBox"):
        assert word not in json.dumps(out, ensure_ascii=False)


@pytest.mark.parametrize("lang", LANGS)
def test_the_line_is_one_line_in_plain_words_of_its_language(lang):
    text = t("reopen.run_cells", lang)
    assert "\n" not in text and len(text) < 240
    other = next(x for x in LANGUAGES if x != lang)
    assert text != t("reopen.run_cells", other)
    if lang == "vi":  # addressed as "bạn", with diacritics, no English beside the menu's own names
        assert "bạn" in text.lower() and re.search(r"[ạảãàáâăđêôơư]", text)
        assert not re.search(r"\b(widget|kernel|cell|run the|error)\b", text.replace("Run → Run All Cells", ""), re.I)


def test_an_execute_result_widget_becomes_the_line_and_keeps_its_count():
    nb = notebook("en", [widget_output("execute_result")])
    assert replace_widget_views(nb, "en/x.ipynb") == 1
    (out,) = nb["cells"][1]["outputs"]
    assert out["output_type"] == "execute_result" and out["execution_count"] == 3
    assert out["data"] == the_line("en")


@pytest.mark.parametrize(
    "picture",
    [
        pytest.param({"image/png": "iVBORw0KGgo="}, id="png"),
        pytest.param({"text/html": "<b>table</b>"}, id="html"),
        pytest.param({"application/vnd.plotly.v1+json": {"data": [], "layout": {}}}, id="plotly"),
        pytest.param({"image/svg+xml": "<svg/>", "image/png": "iVBORw0KGgo="}, id="svg-and-png"),
    ],
)
def test_a_static_figure_the_widget_output_carries_is_kept(picture):
    nb = notebook("vi", [widget_output(**copy.deepcopy(picture))])
    assert replace_widget_views(nb, "vi/x.ipynb") == 1
    (out,) = nb["cells"][1]["outputs"]
    assert out["data"] == {"text/plain": "VBox(children=(...))", **picture}  # the picture, not the line


def test_other_outputs_cells_and_metadata_are_untouched():
    outputs = [*OTHER_OUTPUTS[:3], widget_output(), *OTHER_OUTPUTS[3:], widget_output("execute_result")]
    nb = notebook("vi", outputs)
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    before = copy.deepcopy(nb)
    assert replace_widget_views(nb, "vi/x.ipynb") == 2
    after_outputs = nb["cells"][1]["outputs"]
    assert [o for i, o in enumerate(after_outputs) if i not in (3, 8)] == OTHER_OUTPUTS
    assert after_outputs[3]["data"] == after_outputs[8]["data"] == the_line("vi")
    nb["cells"][1]["outputs"] = before["cells"][1]["outputs"]
    assert nb == before  # sources (the student's own line), cell ids, tags, notebook metadata


def test_a_second_save_changes_nothing():
    nb = notebook("en", [widget_output(), OTHER_OUTPUTS[4], widget_output(**{"image/png": "AAAA"})])
    assert replace_widget_views(nb, "en/x.ipynb") == 2
    once = copy.deepcopy(nb)
    assert replace_widget_views(nb, "en/x.ipynb") == 0
    assert nb == once


def test_the_widget_key_in_output_metadata_goes_with_the_view():
    out = widget_output()
    out["metadata"] = {WIDGET_VIEW: {"colab": 1}, "isolated": True}
    nb = notebook("vi", [out])
    replace_widget_views(nb, "vi/x.ipynb")
    assert nb["cells"][1]["outputs"][0]["metadata"] == {"isolated": True}


ODD = {  # notebook contents the hook must survive and leave exactly as they came
    "none": None,
    "a-string": "not a notebook",
    "a-list": [widget_output()],
    "no-cells": {"nbformat": 4, "metadata": {}},
    "cells-not-a-list": {"nbformat": 4, "metadata": {}, "cells": {"0": {"outputs": [widget_output()]}}},
    "cells-of-odd-things": {"nbformat": 4, "metadata": {}, "cells": [None, 1, "x", [], {"outputs": None}]},
    "outputs-not-a-list": {"cells": [{"cell_type": "code", "outputs": "VBox"}]},
    "outputs-of-odd-things": {"cells": [{"cell_type": "code", "outputs": [None, 3, "x", [WIDGET_VIEW]]}]},
    "data-not-a-dict": {"cells": [{"outputs": [{"output_type": "display_data", "data": [WIDGET_VIEW]}]}]},
    "a-stream-naming-the-mime": {"cells": [{"outputs": [{"output_type": "stream", "data": {WIDGET_VIEW: VIEW}}]}]},
    "no-output-type": {"cells": [{"outputs": [{"data": {WIDGET_VIEW: VIEW}}]}]},
    "nbformat-3-worksheets": {"nbformat": 3, "worksheets": [{"cells": [{"outputs": [widget_output()]}]}]},
}


@pytest.mark.parametrize("name", ODD)
def test_an_odd_notebook_is_left_as_it_came(name):
    content = copy.deepcopy(ODD[name])
    assert replace_widget_views(content, "vi/x.ipynb") == 0
    assert content == ODD[name]
    model = {"type": "notebook", "format": "json", "content": content}
    reopen.pre_save_hook(model=model, path="vi/x.ipynb", contents_manager=None)
    assert model["content"] == ODD[name]


@pytest.mark.parametrize(
    "metadata",
    [
        pytest.param({"lessons": "vi"}, id="lessons-a-string"),
        pytest.param({"lessons": {"language": ["en"]}}, id="language-a-list"),
        pytest.param({"lessons": {"language": "fr"}}, id="a-language-the-course-does-not-speak"),
        pytest.param("metadata", id="metadata-a-string"),
    ],
)
def test_odd_metadata_falls_back_to_the_folder(metadata):
    nb = notebook(None)
    nb["metadata"] = metadata
    assert replace_widget_views(nb, "x/en/y.ipynb") == 1
    assert nb["cells"][1]["outputs"][0]["data"] == the_line("en")


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(None, id="no-model"),
        pytest.param("text", id="a-string"),
        pytest.param({"type": "file", "format": "text", "content": json.dumps(notebook("vi"))}, id="a-text-file"),
        pytest.param({"type": "directory"}, id="a-directory"),
        pytest.param({"type": "notebook"}, id="a-notebook-with-no-content"),
        pytest.param({"type": "notebook", "content": None}, id="content-none"),
    ],
)
def test_models_that_are_not_notebooks_pass_through(model):
    before = copy.deepcopy(model)
    reopen.pre_save_hook(model=model, path="vi/x.ipynb", contents_manager=None)
    assert model == before


def manager(tmp_path):
    """Jupyter's own FileContentsManager on tmp_path, its notebook signatures kept there too (not in HOME)."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from nbformat.sign import NotebookNotary

    cm = FileContentsManager(root_dir=str(tmp_path))
    cm.notary = NotebookNotary(db_file=":memory:", data_dir=str(tmp_path / ".signatures"))
    return cm


def test_a_failing_hook_never_fails_the_save(monkeypatch, tmp_path):
    """Through Jupyter's own FileContentsManager: the hook breaks, the notebook is saved as sent."""

    def broken(nb, path=""):
        raise RecursionError("deep")

    monkeypatch.setattr(reopen, "replace_widget_views", broken)
    cm = manager(tmp_path)
    cm.register_pre_save_hook(reopen.pre_save_hook)
    (tmp_path / "vi").mkdir()
    nb = notebook("vi")
    cm.save({"type": "notebook", "format": "json", "content": copy.deepcopy(nb)}, "vi/x.ipynb")
    saved = json.loads((tmp_path / "vi" / "x.ipynb").read_text(encoding="utf-8"))
    assert saved["cells"][1]["outputs"][0]["data"][WIDGET_VIEW] == VIEW
    assert "".join(saved["cells"][1]["source"]) == nb["cells"][1]["source"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_server_extension_rewrites_what_jupyter_saves(tmp_path, lang):
    """As a running server does: the extension registers the hook on the contents manager once, and the
    file Jupyter writes holds the line; the student's code is saved as typed."""
    cm = manager(tmp_path)

    class App:
        contents_manager = cm
        log = __import__("logging").getLogger("test")

    reopen._load_jupyter_server_extension(App())
    reopen._load_jupyter_server_extension(App())  # loaded twice: still one hook
    assert cm._pre_save_hooks.count(reopen.pre_save_hook) == 1
    assert reopen._jupyter_server_extension_points() == [{"module": "lessons.tools.reopen"}]
    (tmp_path / lang).mkdir()
    nb = notebook(lang, [OTHER_OUTPUTS[0], widget_output()])
    cm.save({"type": "notebook", "format": "json", "content": nb}, f"{lang}/03.ipynb")
    saved = nbformat.read(tmp_path / lang / "03.ipynb", as_version=4)
    nbformat.validate(saved)
    code = saved.cells[1]
    assert code.source.startswith("answer = 7  # the student's own line")
    assert code.outputs[0] == OTHER_OUTPUTS[0]
    assert code.outputs[1].data == the_line(lang)


@pytest.fixture(scope="module")
def executed_00(tmp_path_factory):
    """Lesson 00 run headless in both languages (real widget outputs: the setup check, the exercises)."""
    from support.execute import _execute

    return {lang: _execute(REPO / "notebooks" / lang / "00-start-here.ipynb")[0] for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_an_executed_lesson_saves_no_widget_view_and_keeps_every_figure(executed_00, lang):
    nb = nbformat.from_dict(copy.deepcopy(executed_00[lang]))
    views = [o for c in nb.cells for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]
    plots = [copy.deepcopy(o) for c in nb.cells for o in c.get("outputs", []) if WIDGET_VIEW not in o.get("data", {})]
    assert len(views) >= 4  # the setup check and the exercises
    assert replace_widget_views(nb, f"{lang}/00-start-here.ipynb") == len(views)
    text = json.dumps(nb)
    assert WIDGET_VIEW not in text and "model_id" not in text
    assert text.count("lessons-rerun") == len(views)
    assert [o for c in nb.cells for o in c.get("outputs", []) if "lessons-rerun" not in json.dumps(o)] == plots
    nbformat.validate(nb)


# --- the routes carry it -------------------------------------------------------------------------------------
def test_the_course_configuration_enables_the_hook_and_turns_the_news_off():
    folder = reopen.config_dir()
    server = json.loads((folder / "jupyter_server_config.d" / "iran-russia-course.json").read_text(encoding="utf-8"))
    assert server == {"ServerApp": {"jpserver_extensions": {"lessons.tools.reopen": True}}}
    page = json.loads((folder / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert page == {"disabledExtensions": {ANNOUNCEMENTS: True}}
    # the plugin id is the one this JupyterLab has (a renamed plugin would silently bring the prompt back)
    import jupyterlab

    static = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"
    bundles = [p for p in static.glob("*.js") if ANNOUNCEMENTS.encode() in p.read_bytes()]
    assert bundles, f"no JupyterLab {jupyterlab.__version__} bundle defines {ANNOUNCEMENTS}"
    assert any(b"official Jupyter news" in p.read_bytes() for p in bundles)


@pytest.mark.parametrize(
    "before",
    [
        pytest.param(None, id="unset"),
        pytest.param("", id="empty"),
        pytest.param("/etc/school-jupyter", id="a-school-path"),
        pytest.param("/a" + os.pathsep + "{course}", id="already-there"),
    ],
)
def test_the_lab_environment_puts_the_course_configuration_first_and_keeps_the_rest(before):
    course = str(reopen.config_dir())
    base = {"HOME": "/home/x"}
    if before is not None:
        base["JUPYTER_CONFIG_PATH"] = before.format(course=course)
    env = lab.environment(base)
    paths = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths[0] == course and paths.count(course) == 1
    kept = [p for p in (before or "").format(course=course).split(os.pathsep) if p and p != course]
    assert paths[1:] == kept and env["HOME"] == "/home/x"
    assert base.get("JUPYTER_CONFIG_PATH") == (before.format(course=course) if before is not None else None)


def test_the_class_hub_gives_every_student_server_the_course_configuration(monkeypatch, tmp_path):
    from traitlets.config import Config

    hub = REPO / "hub"
    monkeypatch.syspath_prepend(str(hub))
    for key in [k for k in os.environ if k.startswith("COURSE_HUB_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("COURSE_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("COURSE_HUB_OPEN_LAB", "1")
    c = Config()
    path = hub / "jupyterhub_config.py"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), {"get_config": lambda: c, "__file__": str(path)})
    assert Path(c.Spawner.environment["JUPYTER_CONFIG_PATH"]) == reopen.config_dir()
    assert "JUPYTER_CONFIG_PATH" not in c.Spawner.env_keep  # the course's, not whatever the hub had


def test_an_image_built_by_repo2docker_enables_the_same_two_settings():
    post = (REPO / "postBuild").read_text(encoding="utf-8").splitlines()
    install = post.index("python -m pip install --no-deps -e .")
    enable = post.index("jupyter server extension enable --sys-prefix lessons.tools.reopen")
    disable = post.index(f"jupyter labextension disable --level=sys_prefix {ANNOUNCEMENTS}")
    assert install < enable and install < disable  # the module is importable when it is enabled


def test_the_required_libraries_are_the_projects_dependencies():
    import tomllib

    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.match(r"[A-Za-z0-9_.-]+", d)[0].lower().replace("-", "_") for d in deps}
    assert set(lab.REQUIRED) == names


# --- python -m lessons.tools.lab without the course's libraries ---------------------------------------------
@pytest.mark.parametrize(
    "argv, lang",
    [
        pytest.param([], "vi", id="default-vi"),
        pytest.param(["--lang", "en"], "en", id="en"),
        pytest.param(["--lang", "en", "--edition", "teacher"], "en", id="en-teacher"),
        pytest.param(["--edition", "source", "--port=9999"], "vi", id="vi-source-with-a-jupyter-option"),
    ],
)
def test_missing_libraries_give_two_lines_naming_the_setup_command(monkeypatch, capsys, argv, lang):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pandas" else real(name, *a))
    monkeypatch.setattr(lab, "prepare", lambda *a: pytest.fail("built an edition without the libraries"))
    monkeypatch.setattr(lab.subprocess, "call", lambda *a, **k: pytest.fail("started JupyterLab"))
    assert lab.main(argv) == 1
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 2, err
    assert "pandas" in lines[0] and lines[0].startswith(t("lab.needs_setup", lang, missing="").split("(")[0].strip())
    assert ".venv/bin/python -m pip install -e ." in lines[1] or ".venv\\Scripts\\python" in lines[1]
    assert lines[1].rstrip().endswith(" ".join(["-m lessons.tools.lab", *argv]).strip())
    assert str(REPO) in lines[1]


def _python_without_pandas() -> str | None:
    for name in ("python3", "python"):
        exe = shutil.which(name, path="/usr/bin:/usr/local/bin:" + os.environ.get("PATH", ""))
        if not exe or Path(exe).resolve().is_relative_to(Path(sys.prefix).resolve()):
            continue
        probe = subprocess.run(
            [exe, "-c", "import sys, importlib.util as u; sys.exit(u.find_spec('pandas') is not None)"]
        )
        version = subprocess.run([exe, "-c", "import sys; sys.exit(sys.version_info < (3, 11))"])
        if probe.returncode == 0 and version.returncode == 0:
            return exe
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_a_python_without_pandas_says_what_to_run_not_a_traceback(tmp_path, lang):
    """The issue's own case: `python -m lessons.tools.lab --lang en` with the system's Python."""
    exe = _python_without_pandas()
    if exe is None:
        pytest.skip("no Python 3.11+ without pandas on this machine outside the course's environment")
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    run = subprocess.run(
        [exe, "-m", "lessons.tools.lab", "--lang", lang],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert run.returncode == 1 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in run.stderr and "ModuleNotFoundError" not in run.stderr, run.stderr
    assert "pip install -e ." in lines[1] and lines[1].endswith(f"-m lessons.tools.lab --lang {lang}")
    assert list(tmp_path.iterdir()) == []  # wrote nothing


# --- the printed address opens the lesson ----------------------------------------------------------------------
@pytest.mark.parametrize("edition", ["student", "teacher", "source"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_default_url_is_the_notebook_the_command_opens(edition, lang):
    cmd = lab.command(lang, folder=lab.folder(edition))
    root = Path(next(a.split("=", 1)[1] for a in cmd if a.startswith("--ServerApp.root_dir=")))
    url = next(a.split("=", 1)[1] for a in cmd if a.startswith("--LabApp.default_url="))
    assert url.startswith("/lab/tree/")
    (notebook,) = [a for a in cmd if a.endswith(".ipynb") and not a.startswith("--")]
    assert (root / unquote(url.removeprefix("/lab/tree/"))).resolve() == (REPO / notebook).resolve()
    assert notebook.endswith(f"{lang}/00-start-here.ipynb")


def test_the_printed_address_opens_lesson_00_with_the_course_configuration(tmp_path):
    """A real `python -m lessons.tools.lab --edition source --no-browser` (the source edition builds nothing):
    the address it prints is the lesson's, with the token; that page answers, names the notebook's
    folder, and carries the news plugin off; the hook's extension is loaded."""
    from support.browser import free_port

    port = free_port()
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
    )
    log = tmp_path / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lessons.tools.lab", "--edition", "source", "--no-browser", f"--port={port}"]
            + ["--ServerApp.ip=127.0.0.1"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline, printed = time.monotonic() + 90, None
        while printed is None and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            printed = re.search(rf"http://127\.0\.0\.1:{port}/\S+", log.read_text(errors="replace"))
        assert printed, log.read_text(errors="replace")[-3000:]
        url = printed[0]
        parts = urlsplit(url)
        assert parts.path == "/lab/tree/notebooks/vi/00-start-here.ipynb" and re.fullmatch(r"token=\w+", parts.query)
        with urllib.request.urlopen(url, timeout=30) as r:
            page = r.read().decode("utf-8")
        config = json.loads(
            re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)[1]
        )
        assert config["treePath"] == "notebooks/vi/00-start-here.ipynb"
        assert ANNOUNCEMENTS in config["disabledExtensions"]
        assert "lessons.tools.reopen | extension was successfully loaded" in log.read_text(errors="replace")
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)


# --- hints in a block of their own -----------------------------------------------------------------------------
class _Tree(HTMLParser):
    """Each text run with the classes of the elements it sits in, and each element's parent classes."""

    VOID = {"br", "img", "hr", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []
        self.elements: list[tuple[str, str, tuple[str, ...]]] = []  # tag, class, ancestors' classes

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        self.elements.append((tag, cls, tuple(c for _, c in self.stack)))
        if tag not in self.VOID:
            self.stack.append((tag, cls))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append((tuple(c for _, c in self.stack), data))


@pytest.mark.parametrize(
    "ex",
    [
        pytest.param("03.5", id="code-with-bullets"),
        pytest.param("00.1", id="choice"),
        pytest.param("01.4", id="numeric"),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_hints_sit_in_their_own_block_below_the_feedback(ex, lang):
    from test_adversarial_hints import new, steps_of, wrong_answer

    exercise = new(ex, lang)
    steps = steps_of(ex, lang)
    for i in range(4):
        fb = exercise.answer(wrong_answer(ex, i))
    reached = min(len(steps), 3)
    assert fb.correct is False and reached
    tree = _Tree()
    tree.feed(exercise.feedback.value)
    hints = [e for e in tree.elements if e[1] == "lessons-hint"]
    assert len(hints) == reached
    assert all(tag == "p" and ancestors[-1] == "lessons-hints" for tag, _, ancestors in hints)
    (block,) = [e for e in tree.elements if e[1] == "lessons-hints"]
    assert block[0] == "div" and block[2] == ("lessons-feedback",)  # a block of the feedback box itself
    label = t("ex.hint", lang, n=1, total=len(steps), hint="").split(":")[0]
    inside = [text for classes, text in tree.texts if "lessons-hint" in classes]
    outside = [text for classes, text in tree.texts if "lessons-hint" not in classes]
    assert len(inside) == reached and inside[0].startswith(label)
    assert not any(label.split()[0] in text for text in outside)  # no hint glued to a bullet or the message
    assert fb.message.count("\n") >= reached  # what answer() returns still lists the steps, one per line


def test_a_right_answer_shows_no_hint_block():
    from test_adversarial_hints import new, right_answer, wrong_answer

    exercise = new("00.1", "vi")
    for i in range(3):
        exercise.answer(wrong_answer("00.1", i))
    assert "lessons-hints" in exercise.feedback.value
    exercise.answer(right_answer("00.1"))
    assert "lessons-hints" not in exercise.feedback.value and "data-correct='true'" in exercise.feedback.value


# --- what lesson 00 and the README say -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_00_says_a_reopened_lesson_needs_its_cells_run(lang):
    nb = nbformat.read(REPO / "notebooks" / lang / "00-start-here.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "ipywidgets" not in text and "mismatched" not in text  # the old, wrong cause
    first_words = " ".join(t("reopen.run_cells", lang).split()[:5])
    (note,) = [c.source for c in nb.cells if first_words in c.source]
    assert "Run → Run All Cells" in note


def test_the_readme_shows_commands_that_work_and_how_to_come_back(monkeypatch):
    from lessons.exercises.progress import progress_dir

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    bare = [  # a command without .venv/bin/ fails with ModuleNotFoundError outside the venv (conda: activated)
        line
        for line in readme.splitlines()
        if re.search(r"(?<![/\\\w.])python3? -m lessons\.tools\.lab", line) and "conda activate" not in line
    ]
    assert bare == []
    back = readme.split("**Coming back to a lesson", 1)[1].split("\n\n", 1)[0]
    assert len(back.splitlines()) <= 6 and "Quay lại" in back
    monkeypatch.delenv("LESSONS_PROGRESS_DIR", raising=False)
    where = progress_dir() / "progress.json"
    assert f"~/{where.relative_to(Path.home()).as_posix()}" in back  # where the answers really are
