"""ruff lints and formats the code, nbqa runs ruff over the notebooks (settings: pyproject.toml, [tool.ruff]).

Each check fails with ruff's own report, so the failure says which file and line to fix."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

CODE = ["lessons", "tests", "hub", "bench"]
PYTHON = sys.executable


def _run(args: list[str], cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["ruff", "check", *CODE], id="ruff-check"),
        pytest.param(["ruff", "format", "--check", "--diff", *CODE], id="ruff-format"),
        pytest.param(["nbqa", "ruff", "notebooks"], id="nbqa-ruff-notebooks"),
        pytest.param(["nbqa", "ruff format --check", "notebooks"], id="nbqa-ruff-format-notebooks"),
    ],
)
def test_the_code_and_notebooks_pass_ruff(args):
    run = _run(args)
    assert run.returncode == 0, f"`{' '.join(args)}` found problems:\n{run.stdout[-6000:]}{run.stderr[-2000:]}"


# The settings themselves: a rule or limit that silently stopped applying would make the checks above pass
# on anything. Each snippet is linted with the repository's settings, as if it were a file in that folder.
LINE_119 = "x = " + "'" + "a" * 113 + "'\n"
LINE_121 = "x = " + "'" + "a" * 115 + "'\n"


@pytest.mark.parametrize(
    "folder, source, expected",
    [
        pytest.param("lessons", "import os\n", "F401", id="unused-import"),
        pytest.param("lessons", "import sys\nimport os\n\nprint(os, sys)\n", "I001", id="unsorted-imports"),
        pytest.param("lessons", LINE_121, "E501", id="line-of-121"),
        pytest.param("lessons", "from typing import List\n\nx: List[int] = []\n", "UP006", id="old-typing"),
        pytest.param("lessons", "def f(x=[]):\n    return x\n", "B006", id="mutable-default"),
        pytest.param("hub", "def f():\n    return undefined_name\n", "F821", id="undefined-name"),
        pytest.param("tests", "x = 1 \n", "W291", id="trailing-space"),
        pytest.param("notebooks", "import os\n", "F401", id="notebook-unused-import"),
    ],
)
def test_the_settings_catch(folder, source, expected):
    target = REPO / folder / "_lint_probe.py"
    run = subprocess.run(
        [
            PYTHON,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "--stdin-filename",
            str(target),
            "-",
        ],
        input=source,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert not target.exists()
    assert run.returncode == 1 and expected in run.stdout, run.stdout + run.stderr


@pytest.mark.parametrize(
    "folder, source",
    [
        pytest.param("lessons", LINE_119, id="line-of-119"),
        pytest.param("lessons", "print(list(zip([1], [2])))\n", id="zip-without-strict"),
        pytest.param("notebooks", "import pandas as pd\n\npd.DataFrame()\n", id="notebook-bare-expression"),
        pytest.param("notebooks", "print(1)\nimport os\n\nprint(os)\n", id="notebook-import-in-answer-cell"),
    ],
)
def test_the_settings_allow(folder, source):
    """What pyproject.toml deliberately allows (each with its reason there)."""
    target = REPO / folder / "_lint_probe.py"
    run = subprocess.run(
        [PYTHON, "-m", "ruff", "check", "--no-cache", "--stdin-filename", str(target), "-"],
        input=source,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
