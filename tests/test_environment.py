"""pyproject.toml, environment.yml, README and .ci/run agree."""

from __future__ import annotations

import re
import tomllib

import yaml  # installed with jupyter's own dependencies (jupyter_events)

from conftest import REPO


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    name, spec = m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")
    return name, ",".join(sorted(spec.split(","))) if spec else ""


def test_pyproject_and_environment_list_the_same_packages():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_norm(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_norm(d) for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip")))
    assert conda == wanted
    assert any(isinstance(d, dict) and "-e ." in d.get("pip", []) for d in env["dependencies"])


def test_readme_has_two_quick_start_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n### ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", quick)
    assert len(commands) == 2, commands
    open_cmd, test_cmd = commands
    assert "lessons.lab" in open_cmd and "pytest" in test_cmd
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines()
    assert "apt-get update" in ci and "chromium" in ci


def test_lab_command_opens_lesson_00_in_vietnamese():
    from lessons.lab import command

    cmd = command()
    assert "notebooks/vi/00-start-here.ipynb" in cmd
    assert (REPO / "notebooks/vi/00-start-here.ipynb").exists()
    assert "notebooks/en/00-start-here.ipynb" in command("en")


def test_every_public_call_survives_its_submodules_being_imported():
    """A function such as L.timeline_chart must not be shadowed by a submodule of the same name."""
    import importlib
    import pkgutil
    import types

    import lessons

    for info in pkgutil.iter_modules(lessons.__path__):
        importlib.import_module(f"lessons.{info.name}")
    for name in lessons.__all__:
        assert not isinstance(getattr(lessons, name), types.ModuleType), name
        assert callable(getattr(lessons, name)), name
