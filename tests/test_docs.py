"""The guides point at things that exist (issue 16, part 8).

README.md, docs/teachers.md and docs/maintainers.md name links, files, modules, public calls, environment
variables and commands. Each is checked against the repository: a relative link and its #anchor lead to a
file and a heading; a repository file they name exists; `lessons.…` names import; `L.…` calls are public
calls; `LESSONS_…` variables are read somewhere; every `python -m …` or `python hub/….py` command runs with
`--help` and accepts each option the guide gives it. The layout tree in docs/maintainers.md lists every
module of the package and nothing that is not there. HTML comments (the lead's TODO markers, which name
files still to come) are left out. The last tests feed each check a broken document to show it fails.
"""

from __future__ import annotations

import functools
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

DOCUMENTS = ["README.md", "docs/teachers.md", "docs/maintainers.md"]
ROOTS = ("lessons/", "hub/", "tests/", "data/", "bench/", "docs/", "notebooks/", ".ci/")
ROOT_FILES = {"pyproject.toml", "setup.py", "environment.yml", "postBuild", "README.md"}
ENV_READERS = ("lessons", "tests", "hub", "bench")


def _prose(text: str) -> str:
    """The document without HTML comments."""
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(text: str) -> set[str]:
    without_code = re.sub(r"```.*?```", "", text, flags=re.S)
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", without_code, flags=re.M)}


# --- the checks: each takes a document's text and its path, and returns the problems it finds ---------------
def broken_links(text: str, where: Path) -> list[str]:
    problems = []
    for target in re.findall(r"\]\(([^)\s]+)\)", _prose(text)):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto: …
        path_part, _, anchor = target.partition("#")
        path = (where.parent / path_part).resolve() if path_part else where
        if not path.exists():
            problems.append(f"link {target}: no {path_part}")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path.read_text(encoding="utf-8")):
            problems.append(f"link {target}: {path.name} has no heading #{anchor}")
    return problems


def missing_files(text: str, repo: Path) -> list[str]:
    problems = []
    for name in sorted(set(re.findall(r"`([^`\s]+)`", _prose(text)))):
        if any(c in name for c in "<>*{}$~") or not (name.startswith(ROOTS) or name in ROOT_FILES):
            continue  # a pattern, a placeholder or a path on the user's machine
        if name.endswith("/"):
            if not (repo / name).is_dir():
                problems.append(f"no folder {name}")
        elif "." in name.rsplit("/", 1)[-1] or name in ROOT_FILES:
            if not (repo / name).is_file():
                problems.append(f"no file {name}")
    return problems


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def unknown_names(text: str) -> list[str]:
    import lessons

    prose = _prose(text)
    problems = []
    for dotted in sorted(set(re.findall(r"\blessons(?:\.\w+)+", prose))):
        if not _resolves(dotted):
            problems.append(f"{dotted} does not import")
    for name in sorted(set(re.findall(r"\bL\.(\w+)\(", prose))):
        if name not in lessons.__all__:
            problems.append(f"L.{name} is not a public call")
    return problems


@functools.cache
def _sources_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for root in ENV_READERS
        for p in (REPO / root).rglob("*.py")
        if "node_modules" not in p.parts and p.resolve() != Path(__file__).resolve()  # not this file's examples
    )


def unread_variables(text: str) -> list[str]:
    names = sorted(set(re.findall(r"\b(LESSONS_[A-Z_]+|COURSE_HUB_[A-Z_]+)\b", _prose(text))))
    return [f"{name} is read nowhere in {', '.join(ENV_READERS)}" for name in names if name not in _sources_text()]


COMMAND = re.compile(r"python3? (?:-m (lessons(?:\.\w+)+)(?![\w.<])|((?:hub|bench)/\w+\.py))((?: +[^\s`#|)]+)*)")


def commands(text: str) -> list[tuple[list[str], list[str]]]:
    """Every command the document gives: (how to start it, its arguments)."""
    found = []
    for module, script, args in COMMAND.findall(_prose(text)):
        start = ["-m", module] if module else [str(REPO / script)]
        found.append((start, args.split()))
    return found


@functools.cache
def _help(start: tuple[str, ...]) -> tuple[int, str]:
    run = subprocess.run([sys.executable, *start, "--help"], cwd=REPO, capture_output=True, text=True, timeout=120)
    return run.returncode, run.stdout + run.stderr


def bad_commands(text: str) -> list[str]:
    problems = []
    for start, args in commands(text):
        start = tuple(start)
        code, shown = _help(start)
        if code != 0:
            problems.append(f"`python {' '.join(start)} --help` fails: {shown[-300:]}")
            continue
        if args and not args[0].startswith("-") and re.search(r"\{[\w,-]*\b" + re.escape(args[0]) + r"\b", shown):
            start, args = (*start, args[0]), args[1:]  # a subcommand: its own options
            code, shown = _help(start)
            if code != 0:
                problems.append(f"`python {' '.join(start)} --help` fails: {shown[-300:]}")
                continue
        for option in (a.split("=", 1)[0] for a in args if re.match(r"--?[a-z]", a)):
            if not re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", shown):
                problems.append(f"`python {' '.join(start)}` has no option {option}")
    return problems


CHECKS = {
    "links": lambda text, path: broken_links(text, path),
    "files": lambda text, path: missing_files(text, REPO),
    "names": lambda text, path: unknown_names(text),
    "variables": lambda text, path: unread_variables(text),
    "commands": lambda text, path: bad_commands(text),
}


@pytest.mark.parametrize("check", list(CHECKS))
@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_guides_name_only_what_exists(document, check):
    path = REPO / document
    problems = CHECKS[check](path.read_text(encoding="utf-8"), path)
    assert problems == [], f"{document}: " + "; ".join(problems)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_guide_gives_commands_and_links(document):
    """A guide that lost its commands or links would pass every check above with nothing checked."""
    text = (REPO / document).read_text(encoding="utf-8")
    assert commands(text) and re.findall(r"\]\(([^)\s#][^)\s]*)\)", _prose(text))


def test_the_front_page_links_both_guides_and_stays_short():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    front = readme.split("\n## Performance", 1)[0]
    assert "](docs/teachers.md)" in front and "](docs/maintainers.md)" in front
    assert len(front.splitlines()) <= 90, len(front.splitlines())


# --- the layout tree of docs/maintainers.md -----------------------------------------------------------------
def layout_tree(text: str) -> set[str]:
    """The paths the tree under "## Layout" names: two spaces of indent per level, names before the first
    run of two spaces, several names on a line separated by spaces or commas."""
    section = text.split("\n## Layout\n", 1)[1]
    block = re.search(r"```\n(.*?)```", section, flags=re.S).group(1)
    paths, folders = set(), []
    for line in block.splitlines():
        level = (len(line) - len(line.lstrip())) // 2
        names = [n for n in re.split(r"[,\s]+", re.split(r"\s{2,}", line.strip())[0]) if n]
        folders = folders[:level]
        for name in names:
            paths.add("".join(folders) + name)
        if len(names) == 1 and names[0].endswith("/"):
            folders.append(names[0])
    return paths


def test_the_layout_tree_names_only_what_exists():
    missing = sorted(
        p for p in layout_tree((REPO / "docs/maintainers.md").read_text(encoding="utf-8")) if not (REPO / p).exists()
    )
    assert missing == [], f"docs/maintainers.md's layout names what is not there: {missing}"


def test_the_layout_tree_lists_every_module():
    listed = layout_tree((REPO / "docs/maintainers.md").read_text(encoding="utf-8"))
    modules = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "lessons").rglob("*.py")
        if "__pycache__" not in p.parts and not (p.name == "__init__.py" and p.parent.name != "lessons")
    }
    assert sorted(modules - listed) == [], "docs/maintainers.md's layout does not list these modules"


# --- each check fails on a broken document ------------------------------------------------------------------
BROKEN = {
    "link to a missing file": ("links", "See [the guide](docs/nowhere.md)."),
    "link to a missing heading": ("links", "See [tests](docs/maintainers.md#no-such-heading)."),
    "a file that is not there": ("files", "The plans are in `lessons/plans/fr.json`."),
    "a folder that is not there": ("files", "Results go to `bench/nothing-here/`."),
    "a module that does not import": ("names", "Read `lessons.exercises.no_such_module`."),
    "an attribute the module lacks": ("names", "Replace `lessons.exercises.coderun.no_such_function`."),
    "a call that is not public": ("names", "Run `L.no_such_call()` in a cell."),
    "a variable nothing reads": ("variables", "Set `LESSONS_NO_SUCH_SETTING=1`."),
    "a module with no command": ("commands", "```bash\n.venv/bin/python -m lessons.tools.no_such_tool\n```"),
    "an option the command lacks": (
        "commands",
        "```bash\n.venv/bin/python -m lessons.tools.present 05 --colour red\n```",
    ),
    "a subcommand's missing option": ("commands", "`python -m lessons.tools.collect x --wide y`"),
    "a script option that is not there": ("commands", "`python hub/loadtest.py --pupils 3`"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_check_reports_a_broken_document(case):
    check, text = BROKEN[case]
    problems = CHECKS[check](text, REPO / "README.md")
    assert len(problems) == 1, problems


def test_a_sound_document_passes_every_check():
    """The counterpart of the broken cases: the same kinds of names, all real, give no problem."""
    text = (
        "See [tests](docs/maintainers.md#tests) and `lessons/plans/vi.json` in `hub/results/`; "
        "`lessons.exercises.coderun.same`, `L.sources(0)`, `LESSONS_PROGRESS_DIR`, and "
        "`python -m lessons.tools.collect x -o y.csv --long z.csv`, `python hub/loadtest.py --students 3`."
    )
    assert {name: check(text, REPO / "README.md") for name, check in CHECKS.items()} == dict.fromkeys(CHECKS, [])


def test_the_layout_parser_reads_nesting_and_several_names_a_line():
    text = "x\n## Layout\n\n```\nlessons/    the package\n  core/     base\n    a.py b.py\n  c.py, d.py  two\ne/\n```\n"
    assert layout_tree(text) == {
        "lessons/",
        "lessons/core/",
        "lessons/core/a.py",
        "lessons/core/b.py",
        "lessons/c.py",
        "lessons/d.py",
        "e/",
    }
