"""An installed (non-editable) copy of the course carries its data, strings, plans and assets.

A wheel is built offline from a copy of the repository, installed with `pip install --target` into a
temporary folder, and lesson 00 runs from yet another folder in a fresh kernel that imports the course
from that folder only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import DATA, NOTEBOOKS, REPO
from support.execute import _execute, _problems

PACKAGE = REPO / "lessons"
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def _package_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*") if p.is_file() and not SKIP_PARTS & set(p.parts) and p.suffix != ".pyc"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built offline, as `pip wheel` does, from a copy of what the build reads (never the
    repository itself: an in-tree build leaves build/ and *.egg-info behind)."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    shutil.copytree(PACKAGE, src / "lessons", ignore=ignore)
    shutil.copytree(DATA, src / "data", ignore=ignore)
    out = base / "dist"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    run = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert not (target / "data").exists()  # nothing beside the package: the packaged copy must be found
    return target


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def test_the_wheel_carries_every_file_of_the_data_package(wheel):
    names = _names(wheel)
    expected = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert "datapackage.json" in expected and "sources.csv" in expected
    missing = [n for n in expected if f"lessons/dataset/{n}" not in names]
    assert not missing, f"data/ files missing from the wheel: {missing}"
    # every resource the descriptor names is there, byte for byte
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(wheel) as z:
        for res in descriptor["resources"]:
            assert z.read(f"lessons/dataset/{res['path']}") == (DATA / res["path"]).read_bytes(), res["path"]


def test_the_wheel_carries_every_module_string_plan_and_asset_of_the_package(wheel):
    """Also the subpackages and data files of lessons/ added later: a folder the build settings forget
    would otherwise be left out of an installed copy without a word."""
    names = _names(wheel)
    files = [p.relative_to(REPO).as_posix() for p in _package_files()]
    assert any(f.endswith(".json") and "/i18n/" in f for f in files)  # the strings are among them
    missing = [f for f in files if f not in names]
    assert not missing, f"files under lessons/ missing from the wheel (pyproject.toml [tool.setuptools]): {missing}"


def test_the_wheel_holds_the_package_only(wheel):
    """No tests, notebooks, hub, editions or caches leak into what a school installs."""
    tops = {n.split("/", 1)[0] for n in _names(wheel)}
    assert tops == {"lessons", next(t for t in tops if t.endswith(".dist-info"))}, tops
    assert not [n for n in _names(wheel) if "__pycache__" in n or n.endswith(".pyc")]


@pytest.mark.parametrize(
    "override, beside, expected",
    [
        pytest.param(None, True, "repo", id="repository-data-beside-the-package"),
        pytest.param(None, False, "packaged", id="installed-copy-without-data-beside"),
        pytest.param("custom", True, "custom", id="variable-wins-over-the-repository"),
        pytest.param("custom", False, "custom", id="variable-wins-over-the-packaged-copy"),
    ],
)
def test_data_dir_prefers_the_variable_then_the_repository_then_the_packaged_copy(
    tmp_path, monkeypatch, override, beside, expected
):
    import lessons.core.config as config

    repo, package = tmp_path / "repo", tmp_path / "repo" / "lessons"
    (package / "dataset").mkdir(parents=True)
    (package / "dataset" / "datapackage.json").write_text("{}", encoding="utf-8")
    if beside:
        (repo / "data").mkdir()
        (repo / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(config, "REPO_DIR", repo)
    monkeypatch.setattr(config, "PACKAGE_DIR", package)
    monkeypatch.delenv("LESSONS_DATA_DIR", raising=False)
    if override:
        monkeypatch.setenv("LESSONS_DATA_DIR", str(tmp_path / override))
    want = {"repo": repo / "data", "packaged": package / "dataset", "custom": tmp_path / "custom"}[expected]
    assert config.data_dir() == want


def test_an_empty_data_folder_beside_the_package_does_not_hide_the_packaged_copy(tmp_path, monkeypatch):
    """A stray data/ folder without a descriptor (e.g. site-packages/data of another package)."""
    import lessons.core.config as config

    repo, package = tmp_path / "site", tmp_path / "site" / "lessons"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "other.csv").write_text("a\n1\n", encoding="utf-8")
    monkeypatch.setattr(config, "REPO_DIR", repo)
    monkeypatch.setattr(config, "PACKAGE_DIR", package)
    monkeypatch.delenv("LESSONS_DATA_DIR", raising=False)
    assert config.data_dir() == package / "dataset"


def _clean_env(installed: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LESSONS_DATA_DIR", "JPY_SESSION_NAME")}
    env.update(PYTHONPATH=str(installed), **extra)
    return env


def test_the_installed_copy_loads_its_packaged_data_and_still_obeys_the_variable(installed, tmp_path):
    script = (
        "import lessons, lessons.core.config as c, lessons.core.data as d; "
        "print(lessons.__file__); print(c.data_dir()); print(len(d.load('sources')))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(installed, XDG_CACHE_HOME=str(tmp_path / "cache"), LESSONS_PROGRESS_DIR=str(tmp_path / "p"))
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    module, folder, rows = run.stdout.split()
    assert Path(module).is_relative_to(installed) and Path(folder) == installed / "lessons" / "dataset"
    assert int(rows) > 0
    # LESSONS_DATA_DIR still overrides: a damaged copy is what the installed package reads (and reports)
    damaged = tmp_path / "damaged"
    shutil.copytree(DATA, damaged)
    (damaged / "sources.csv").write_text("not,the,columns\n1,2,3\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(env, LESSONS_DATA_DIR=str(damaged)),
    )
    assert run.returncode != 0 and "DataError" in run.stderr and "sources.csv" in run.stderr, run.stderr[-2000:]


AUDIT = """import sys
_opened = set()
def _watch(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith((".csv", "datapackage.json")):
        _opened.add(args[0])
sys.addaudithook(_watch)"""
REPORT = """import sys, lessons
print("MODULE", lessons.__file__)
for p in sorted(_opened):
    print("OPENED", p)"""


def test_lesson_00_runs_from_an_installed_wheel_in_another_folder(installed, tmp_path):
    """The English source notebook, copied to a folder of its own, in a fresh kernel whose only copy of
    the course is the installed wheel (the repository is not on its path)."""
    folder = tmp_path / "class" / "en"  # the folder's name tells L.setup() the language, as in notebooks/en
    folder.mkdir(parents=True)
    notebook = folder / "00-start-here.ipynb"
    nb = nbformat.read(NOTEBOOKS / "en" / "00-start-here.ipynb", as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(AUDIT))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    nbformat.write(nb, notebook)
    from conftest import NETGUARD

    env = {
        "PYTHONPATH": os.pathsep.join([str(installed), str(NETGUARD)]),
        "LESSONS_PROGRESS_DIR": str(tmp_path / "p"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    saved = os.environ.pop("LESSONS_DATA_DIR", None)
    try:
        done, _ = _execute(notebook, env, timeout=300)
    finally:
        if saved is not None:
            os.environ["LESSONS_DATA_DIR"] = saved
    assert not _problems(done), _problems(done)
    lines = "".join(o.get("text", "") for o in done.cells[-1].outputs).splitlines()
    module = next(line.split(" ", 1)[1] for line in lines if line.startswith("MODULE "))
    assert Path(module).is_relative_to(installed), module  # not the repository's lessons/
    opened = [Path(line.split(" ", 1)[1]) for line in lines if line.startswith("OPENED ")]
    dataset = installed / "lessons" / "dataset"
    assert any(p.name == "datapackage.json" for p in opened), lines
    assert opened and all(p.resolve().is_relative_to(dataset) for p in opened), opened
