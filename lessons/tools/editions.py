"""Student and teacher editions from the one source notebook per lesson and language.

The convention (documented in README.md, "For teachers"):
- a cell tagged ``teacher`` (instructor notes, model answers, worked solutions) appears in
  the teacher edition only;
- inside a code cell, lines between nbgrader's ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` markers are the solution: the student edition keeps the cell and puts
  ``...`` (at the same indentation) in their place.
The teacher edition keeps everything and opens with a lesson plan (objectives, timing per
section, preparation, discussion guidance) from ``lessons/plans/<lang>.json``. Both editions
are written with outputs cleared.

Every teacher cell and every solution cell also says so in its metadata (``"lessons":
{"teacher": true}`` or ``{"solution": true}``; nbgrader's ``"nbgrader": {"solution": true}``
counts too), so a lost tag or lost markers can be told from a cell that never had them: the
build refuses, naming the file and the cell, when
- a cell declared ``teacher`` has lost its ``teacher`` tag, or a cell headed like teacher
  notes ("Ghi chú cho giáo viên", "Instructor notes", "(teacher edition)") has none;
- a cell declared ``solution`` has no ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers;
- (in a git checkout) a cell that is a teacher or solution cell in the committed notebook
  (``HEAD``) is one no longer, or the student edition would hold a line that only teacher
  cells or solution regions of the committed notebook hold.

The editions are built from the notebooks on disk; in a git checkout, each one that differs
from the committed version (``HEAD``) is named in a warning (``BuildResult.differs``).

A build never overwrites a notebook someone has changed: ``<out>/.manifest.json`` records
the SHA-256 of every file the build wrote; a file whose bytes no longer match is left as it
is and reported (``BuildResult.kept``); untouched files are brought up to date.

    python -m lessons.tools.editions [--out editions] [--lang vi en]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from lessons.core.config import LANGUAGES, REPO_DIR
from lessons.core.text import t

TEACHER_TAG = "teacher"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
PLACEHOLDER = "..."
KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info")
MANIFEST = ".manifest.json"
# The first line of a cell that holds teacher notes, in either language.
TEACHER_HEADING = re.compile(r"^\s*#+ .*(giáo viên|đáp án mẫu|teacher|instructor|model answer)", re.I)
SECRET_MIN = 12  # shorter teacher lines ("```", "- 5") are too common to tell anything


class EditionError(Exception):
    """A source notebook that breaks the editions convention (named file and cell)."""


def plans(lang: str) -> dict:
    """The lesson plans of one language, keyed by lesson number ("00", "01", …): each lesson's
    plan file as the lesson registry names it (lessons/registry.toml)."""
    from lessons.core import registry

    return registry.plans(lang)


def strip_solutions(source: str, where: str) -> str:
    """The code with every BEGIN/END SOLUTION region replaced by `...` at its indentation."""
    out, inside, indent = [], False, ""
    for number, line in enumerate(source.splitlines(), 1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise EditionError(f"{where}, line {number}: {BEGIN} inside another solution")
            inside, indent = True, line[: len(line) - len(line.lstrip())]
            out.append(indent + PLACEHOLDER)
        elif marker == END:
            if not inside:
                raise EditionError(f"{where}, line {number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise EditionError(f"{where}: {BEGIN} is never closed by {END}")
    return "\n".join(out)


def _clean(cell) -> None:
    """Outputs cleared; cell metadata reduced to its tags (no grader or editor state)."""
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    tags = [tag for tag in cell.metadata.get("tags", []) if tag != TEACHER_TAG]
    cell.metadata = nbformat.NotebookNode({"tags": tags} if tags else {})


def _base(nb, edition: str, lang: str, source: Path):
    out = copy.deepcopy(nb)
    out.metadata = nbformat.NotebookNode({k: nb.metadata[k] for k in KEPT_NOTEBOOK_METADATA if k in nb.metadata})
    out.metadata["lessons"] = {"edition": edition, "lang": lang, "source": source.name}
    return out


def is_teacher(cell) -> bool:
    """Tagged `teacher` (what the build leaves out of the student edition)."""
    return TEACHER_TAG in cell.metadata.get("tags", [])


def declared_teacher(cell) -> bool:
    """The cell's metadata says it is a teacher cell (a second record, besides its tag)."""
    meta = cell.metadata.get("lessons")
    return isinstance(meta, dict) and meta.get("teacher") is True


def declared_solution(cell) -> bool:
    """The cell's metadata says it holds a solution (ours, or nbgrader's)."""
    ours, grader = cell.metadata.get("lessons"), cell.metadata.get("nbgrader")
    return (isinstance(ours, dict) and ours.get("solution") is True) or (
        isinstance(grader, dict) and grader.get("solution") is True
    )


def check_source(nb, source: Path, committed=None) -> None:
    """Refuse (EditionError naming the file and cell) a notebook whose teacher material is not
    marked the way its declarations, its headings or its committed version say it should be."""
    before = {}
    if committed is not None:
        before = {c.get("id"): c for c in committed.cells}
    for cell in nb.cells:
        where = f"{source} cell {cell.get('id')}"
        tagged = is_teacher(cell)
        old = before.get(cell.get("id"))
        if not tagged:
            if declared_teacher(cell):
                raise EditionError(
                    f"{where}: this teacher cell has lost its '{TEACHER_TAG}' tag "
                    f"(its metadata says lessons.teacher); put the tag back"
                )
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            if cell.cell_type == "markdown" and TEACHER_HEADING.search(first):
                raise EditionError(
                    f"{where}: it is headed like teacher notes ({first.strip()!r}) but has no '{TEACHER_TAG}' tag"
                )
            if old is not None and (is_teacher(old) or declared_teacher(old)):
                raise EditionError(
                    f"{where}: a teacher cell in the committed notebook (git HEAD) has no '{TEACHER_TAG}' tag here"
                )
            solution = declared_solution(cell) or (old is not None and (declared_solution(old) or BEGIN in old.source))
            if solution and BEGIN not in cell.source:
                raise EditionError(
                    f"{where}: a solution cell without {BEGIN} / {END} markers: "
                    f"the student edition would show the whole solution"
                )
            if declared_solution(cell) and cell.cell_type != "code":
                raise EditionError(f"{where}: a solution cell must be a code cell (or tagged '{TEACHER_TAG}')")


def teacher_only_lines(nb) -> dict[str, str]:
    """Lines (stripped, at least SECRET_MIN long) that only teacher cells and solution regions
    hold, each with the id of the cell it comes from; lines also said elsewhere are left out."""
    secret, public = {}, []
    for cell in nb.cells:
        if is_teacher(cell) or declared_teacher(cell):
            for line in cell.source.splitlines():
                secret.setdefault(line.strip(), cell.get("id"))
            continue
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == BEGIN:
                inside = True
            elif line.strip() == END:
                inside = False
            elif inside:
                secret.setdefault(line.strip(), cell.get("id"))
            else:
                public.append(line)
    public_text = "\n".join(public)
    return {line: cid for line, cid in secret.items() if len(line) >= SECRET_MIN and line not in public_text}


def check_student_edition(student, source: Path, *sources) -> None:
    """Refuse a student edition holding any teacher-only line of the given source versions."""
    secrets = {}
    for version in sources:
        if version is not None:
            secrets.update(teacher_only_lines(version))
    for cell in student.cells:
        for line, origin in secrets.items():
            if line in cell.source:
                raise EditionError(
                    f"{source} cell {cell.get('id')}: the student edition would show "
                    f"{line[:60]!r}, which only teacher cell or solution {origin} holds"
                )


def student_edition(nb, lang: str, source: Path):
    """The lesson without teacher cells and solutions, outputs cleared."""
    check_source(nb, source)
    out = _base(nb, "student", lang, source)
    cells = []
    for cell in out.cells:
        if is_teacher(cell):
            continue
        if cell.cell_type == "code" and (BEGIN in cell.source or END in cell.source):
            cell.source = strip_solutions(cell.source, f"{source} cell {cell.get('id')}")
        elif BEGIN in cell.source or END in cell.source:
            raise EditionError(f"{source} cell {cell.get('id')}: solution markers belong in code cells only")
        _clean(cell)
        cells.append(cell)
    out.cells = cells
    return out


def lesson_plan_markdown(nb, plan: dict, lang: str, source: Path) -> str:
    """The teacher edition's first cell: objectives, timing per section, preparation, discussion."""
    cells = {cell.get("id"): cell for cell in nb.cells}
    objectives = _objectives(nb, lang)
    lines = [f"## {t('plan.title', lang)}", "", f"**{t('plan.objectives', lang)}**"]
    lines += [f"- {o}" for o in objectives] + [
        "",
        f"**{t('plan.timing', lang, total=plan['total_minutes'])}**",
        "",
        f"| {t('plan.section', lang)} | {t('plan.minutes', lang)} | {t('plan.what', lang)} |",
        "|---|---|---|",
    ]
    for step in plan["sections"]:
        cell = cells.get(step["cell"])
        if cell is None or cell.cell_type != "markdown":
            raise EditionError(
                f"lessons/plans/{lang}.json: section {step['cell']!r} is not a markdown cell of {source.name}"
            )
        if cell is nb.cells[0]:  # the title cell: the lesson's opening and warm-up question
            heading = t("plan.opening", lang)
        else:
            heading = cell.source.splitlines()[0].lstrip("#").strip()
        lines.append(f"| {heading} | {step['minutes']} | {step['what']} |")
    extension = plan.get("extension", [])
    if extension:  # the optional part after the period, with its own minutes (lessons/tools/period.py)
        total = sum(step["minutes"] for step in extension)
        lines += ["", f"**{t('plan.extension', lang, total=total)}**", ""]
        lines += [f"- {step['what']} ({t('khbd.minutes', lang, n=step['minutes'])})" for step in extension]
    lines += ["", f"**{t('plan.prepare', lang)}**"] + [f"- {p}" for p in plan["prepare"]]
    lines += ["", f"**{t('plan.discussion', lang)}**"] + [f"- {d}" for d in plan["discussion"]]
    return "\n".join(lines)


def _objectives(nb, lang: str) -> list[str]:
    """The bullet list under the Objectives heading of the lesson's first cell."""
    heading = t("plan.objectives_heading", lang)
    text = nb.cells[0].source
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if not match:
        return []
    return [line[2:].strip() for line in match.group(1).splitlines() if line.startswith("- ")]


def teacher_edition(nb, lang: str, source: Path):
    """Everything in the source, outputs cleared, with the lesson plan after the title cell."""
    out = _base(nb, "teacher", lang, source)
    lesson = source.name[:2]
    plan = plans(lang).get(lesson)
    if plan is None:
        raise EditionError(f"lessons/plans/{lang}.json has no plan for lesson {lesson}")
    for cell in out.cells:
        _clean(cell)
    header = nbformat.v4.new_markdown_cell(lesson_plan_markdown(nb, plan, lang, source))
    header["id"] = f"{lesson}-plan"
    out.cells.insert(1, header)
    return out


class BuildResult(list):
    """The files written (a list, as before), plus what was kept and what differs from git."""

    def __init__(self):
        super().__init__()
        self.kept: list[Path] = []  # changed since this build wrote them (someone's work): left as they are
        self.differs: list[tuple[Path, str]] = []  # source notebooks that are not what git HEAD holds


def _git(folder: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.decode("utf-8") if run.returncode == 0 else None


def committed_version(path: Path) -> tuple[str, str | None]:
    """("same" | "modified" | "untracked" | "no-git", the text git HEAD holds for `path`)."""
    path = Path(path).resolve()
    top = _git(path.parent, "rev-parse", "--show-toplevel")
    if not top:
        return "no-git", None
    rel = path.relative_to(Path(top.strip()).resolve()).as_posix()
    text = _git(path.parent, "show", f"HEAD:{rel}")
    if text is None:
        return "untracked", None
    return ("same" if text == path.read_text(encoding="utf-8") else "modified"), text


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return dict(data.get("files", {})) if isinstance(data, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".edition-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make(source: Path, edition: str, lang: str, committed=None):
    """One edition of one source notebook, checked (EditionError names the file and cell)."""
    nb = nbformat.read(source, as_version=4)
    check_source(nb, source, committed)
    result = (student_edition if edition == "student" else teacher_edition)(nb, lang, source)
    if edition == "student":
        check_student_edition(result, source, nb, committed)
    nbformat.validate(result)
    return result


def build(
    out_dir: Path,
    langs: tuple[str, ...] = LANGUAGES,
    notebooks_dir: Path | None = None,
    overwrite: bool = True,
    editions: tuple[str, ...] = ("student", "teacher"),
) -> BuildResult:
    """Write editions/<student|teacher>/<lang>/<lesson>.ipynb for every lesson in the registry.

    Each lesson's source notebook is notebooks/<lang>/<its notebook> (`notebooks_dir` replaces the
    course's notebooks/ folder; a lesson from an extra registry keeps its own).
    Every source is checked first (nothing is written if one is refused). A notebook already
    there is replaced only if it is still exactly what a build wrote (the manifest's hash) and
    overwrite is true; one someone changed is never replaced (listed in `.kept`).
    """
    from lessons.core import registry

    out_dir = Path(out_dir)
    result = BuildResult()
    planned = []
    for lang in langs:
        for source in registry.notebooks(lang, notebooks_dir):
            state, text = committed_version(source)
            try:
                committed = nbformat.reads(text, as_version=4) if text else None
            except Exception:  # what HEAD holds is not a notebook (e.g. a committed merge conflict)
                committed = None
            if state in ("modified", "untracked"):
                result.differs.append((source, state))
            for edition in editions:
                nb = make(source, edition, lang, committed)
                planned.append((out_dir / edition / lang / source.name, nb))
    manifest = _manifest(out_dir)
    for target, nb in planned:
        text = nbformat.writes(nb)
        data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
        rel = target.relative_to(out_dir).as_posix()
        if target.exists():
            current = _sha(target.read_bytes())
            if current == _sha(data):
                manifest[rel] = current  # already up to date
                continue
            if not overwrite or manifest.get(rel) != current:
                result.kept.append(target)  # someone's work (or a file this build never wrote)
                continue
        _write_atomic(target, data)
        manifest[rel] = _sha(data)
        result.append(target)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(
        out_dir / MANIFEST, (json.dumps({"version": 1, "files": manifest}, indent=1, sort_keys=True) + "\n").encode()
    )
    return result


def report(result: BuildResult, lang: str, stream=None) -> None:
    """Say, in `lang`, which notebooks were kept because someone changed them and which sources
    differ from what git holds."""
    stream = stream or sys.stderr
    for path in result.kept:
        print(t("editions.kept", lang, path=path), file=stream)
    for path, state in result.differs:
        print(t("editions.differs", lang, path=path, state=t(f"editions.{state}", lang)), file=stream)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lessons.tools.editions", description="Write the student and teacher editions of every lesson."
    )
    parser.add_argument("--out", type=Path, default=REPO_DIR / "editions", help="output folder (default: editions/)")
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    args = parser.parse_args(argv)
    try:
        written = build(args.out, tuple(args.lang))
    except EditionError as e:
        parser.exit(2, f"error: {e}\n")
    for path in written:
        print(path)
    report(written, args.lang[0])  # in the first language asked for (Vietnamese by default)
    print(f"{len(written)} notebooks written under {args.out}, {len(written.kept)} kept as someone changed them")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
