"""Open the course in JupyterLab at lesson 00 (Vietnamese unless --lang en).

    python -m lessons.tools.lab                      # the student edition (no teacher notes, no solutions)
    python -m lessons.tools.lab --edition teacher    # the teacher edition (notes, model answers, lesson plans)
    python -m lessons.tools.lab --edition source     # the source notebooks, for authors

The student and teacher editions are built under editions/ (not tracked by git) from the source
notebooks each time: a notebook there that someone changed (a student's work) is never
overwritten, and is named in a message; untouched ones are brought up to date.

JupyterLab starts with the course's Jupyter configuration (`lessons/jupyter/`, on JUPYTER_CONFIG_PATH):
a saved widget output becomes one line saying to run the cells (`lessons.tools.reopen`), and the
"official Jupyter news" prompt is off. The address it prints opens lesson 00 itself. Run by a Python
without the course's libraries (`python` instead of `.venv/bin/python`), it says so in two lines and
names the command that sets them up, instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from urllib.parse import quote

# stdlib only above and in lessons.core.config: the missing-libraries message must not need them
from lessons.core.config import DEFAULT_LANGUAGE, LANGUAGES, PACKAGE_DIR, REPO_DIR

EDITIONS = ("student", "teacher", "source")
# What `import lessons` in a notebook and JupyterLab itself need: pyproject.toml's dependencies, whose
# import names are their distribution names (tests/test_reopen.py checks the two lists agree).
REQUIRED = (
    "jupyterlab",
    "ipywidgets",
    "plotly",
    "anywidget",
    "pandas",
    "pycountry",
    "frictionless",
    "voila",
    "filelock",
    "cloudpickle",
    "babel",
    "jinja2",
)


def folder(edition: str = "student") -> str:
    """The folder (relative to the repository) that holds `edition`'s <lang>/ notebooks."""
    return "notebooks" if edition == "source" else f"editions/{edition}"


def command(
    lang: str = DEFAULT_LANGUAGE, extra: list[str] | None = None, folder: str = "editions/student"
) -> list[str]:
    """The jupyter lab command line (run from the repository) that opens lesson 00 in `lang` under
    `folder` (default: the student edition). For the student edition JupyterLab's file browser
    starts at editions/student, so the source notebooks are not a click away."""
    from lessons.core import registry

    notebook = f"{folder}/{lang}/{registry.lessons()[0].notebook}"
    root = REPO_DIR / folder if folder == "editions/student" else REPO_DIR
    # the address JupyterLab prints (and opens) is the lesson itself, not the bare /lab page
    in_root = notebook.removeprefix(f"{folder}/") if folder == "editions/student" else notebook
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        notebook,
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{quote(in_root)}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra or [])


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment JupyterLab runs in: `base` (default: this process's) with the course's Jupyter
    configuration folder first on JUPYTER_CONFIG_PATH (the widget-output hook, the news prompt off) and
    on JUPYTER_PATH (its JupyterLab extension that gives each figure time to load on a slow PC)."""
    from lessons.tools.reopen import config_dir

    env = dict(os.environ if base is None else base)
    for var in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
        paths = [p for p in env.get(var, "").split(os.pathsep) if p]
        env[var] = os.pathsep.join([str(config_dir()), *(p for p in paths if p != str(config_dir()))])
    return env


def missing_libraries() -> list[str]:
    """The course's libraries this Python cannot import (found without importing them)."""
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


def setup_message(missing: list[str], lang: str, argv: list[str]) -> str:
    """Two lines in `lang`: what is missing, and the command (from the course folder) that sets the
    course up and opens it. Reads the strings with json alone (lessons.core.text needs babel)."""
    strings = json.loads((PACKAGE_DIR / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
    venv_python = ".venv\\Scripts\\python" if os.name == "nt" else ".venv/bin/python"
    steps = [] if (REPO_DIR / ".venv" / "pyvenv.cfg").exists() else ["python3 -m venv .venv"]
    steps += [f"{venv_python} -m pip install -e .", " ".join([venv_python, "-m", "lessons.tools.lab", *argv])]
    shown = ", ".join(missing[:3]) + (", …" if len(missing) > 3 else "")
    return "\n".join(
        [
            strings["lab.needs_setup"].format(missing=shown),
            strings["lab.setup_command"].format(folder=REPO_DIR, command=" && ".join(steps)),
        ]
    )


def prepare(edition: str, lang: str) -> str:
    """Build the edition (if not the source) and return its folder; EditionError if refused."""
    if edition != "source":
        from lessons.tools.editions import build, report

        # updates untouched notebooks, never one a student worked in (reported), and says which
        # source notebooks differ from what git holds
        report(build(REPO_DIR / "editions", notebooks_dir=REPO_DIR / "notebooks", editions=(edition,)), lang)
    return folder(edition)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default="student",
        help="which notebooks to open (default: student; student/teacher are built under editions/)",
    )
    args, extra = parser.parse_known_args(argv)
    missing = missing_libraries()
    if missing:
        print(setup_message(missing, args.lang, sys.argv[1:] if argv is None else list(argv)), file=sys.stderr)
        return 1
    from lessons.core.text import t
    from lessons.tools.editions import EditionError

    try:
        where = prepare(args.edition, args.lang)
    except EditionError as e:
        print(t("editions.refused", args.lang, error=e), file=sys.stderr)
        return 2
    return subprocess.call(command(args.lang, extra, where), cwd=REPO_DIR, env=environment())


if __name__ == "__main__":
    raise SystemExit(main())
