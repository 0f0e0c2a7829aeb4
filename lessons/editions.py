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

    python -m lessons.editions [--out editions] [--lang vi en]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from pathlib import Path

import nbformat

from .config import LANGUAGES, PACKAGE_DIR, REPO_DIR
from .text import t

TEACHER_TAG = "teacher"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
PLACEHOLDER = "..."
KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info")


class EditionError(Exception):
    """A source notebook that breaks the editions convention (named file and cell)."""


def plans(lang: str) -> dict:
    """The lesson plans of one language, keyed by lesson number ("00", "01", …)."""
    with (PACKAGE_DIR / "plans" / f"{lang}.json").open(encoding="utf-8") as f:
        return json.load(f)


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


def student_edition(nb, lang: str, source: Path):
    """The lesson without teacher cells and solutions, outputs cleared."""
    out = _base(nb, "student", lang, source)
    cells = []
    for cell in out.cells:
        if TEACHER_TAG in cell.metadata.get("tags", []):
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
    lines += [f"- {o}" for o in objectives] + ["", f"**{t('plan.timing', lang, total=plan['total_minutes'])}**", "",
                                              f"| {t('plan.section', lang)} | {t('plan.minutes', lang)} | {t('plan.what', lang)} |",
                                              "|---|---|---|"]
    for step in plan["sections"]:
        cell = cells.get(step["cell"])
        if cell is None or cell.cell_type != "markdown":
            raise EditionError(f"lessons/plans/{lang}.json: section {step['cell']!r} is not a markdown cell of {source.name}")
        if cell is nb.cells[0]:  # the title cell: the lesson's opening and warm-up question
            heading = t("plan.opening", lang)
        else:
            heading = cell.source.splitlines()[0].lstrip("#").strip()
        lines.append(f"| {heading} | {step['minutes']} | {step['what']} |")
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


def build(out_dir: Path, langs: tuple[str, ...] = LANGUAGES, notebooks_dir: Path | None = None,
          overwrite: bool = True) -> list[Path]:
    """Write editions/<student|teacher>/<lang>/<lesson>.ipynb for every source notebook.

    With overwrite=False a notebook already there is left alone (it may hold a student's work).
    """
    notebooks_dir = notebooks_dir or REPO_DIR / "notebooks"
    written = []
    for lang in langs:
        for source in sorted((notebooks_dir / lang).glob("[0-9][0-9]-*.ipynb")):
            nb = nbformat.read(source, as_version=4)
            for edition, make in (("student", student_edition), ("teacher", teacher_edition)):
                result = make(nb, lang, source)
                nbformat.validate(result)
                target = out_dir / edition / lang / source.name
                if target.exists() and not overwrite:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(result, target)
                written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessons.editions",
                                     description="Write the student and teacher editions of every lesson.")
    parser.add_argument("--out", type=Path, default=REPO_DIR / "editions", help="output folder (default: editions/)")
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    args = parser.parse_args(argv)
    try:
        written = build(args.out, tuple(args.lang))
    except EditionError as e:
        parser.exit(2, f"error: {e}\n")
    for path in written:
        print(path)
    print(f"{len(written)} notebooks written under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
