"""The class table, from students' progress files (for the teacher).

    python -m lessons.tools.collect FOLDER_OR_FILE... [-o class.csv] [--long answers.csv]

Reads progress.json files (or folders searched for progress*.json), never changes them, and writes
one row per student (and, with --long, one row per student and exercise); see docs/teachers.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessons.exercises.bank import specs
from lessons.exercises.progress import class_table, printable


def main(argv: list[str] | None = None) -> int:
    exercise_ids = list(specs())  # the table's columns: every exercise of the course, in order
    parser = argparse.ArgumentParser(
        prog="python -m lessons.tools.collect",
        description="Collect students' progress files into one class table (CSV).",
    )
    collect = parser
    collect.add_argument(
        "paths", nargs="+", type=Path, help="progress.json files, or folders searched for progress*.json"
    )
    collect.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("class-progress.csv"),
        help="the class table: one row per student (default: class-progress.csv)",
    )
    collect.add_argument(
        "--long", type=Path, default=None, help="also write every answer, one row per student and exercise, to this CSV"
    )
    args = parser.parse_args(argv)

    wide, long, problems = class_table(args.paths, list(exercise_ids))
    for problem in problems:
        print(
            f"skipped {problem}"
            if "claimed by" not in problem and "recovered" not in problem and "repaired" not in problem
            else f"note: {problem}",
            file=sys.stderr,
        )
    if wide.empty:
        print("No readable progress files found in: " + ", ".join(map(printable, args.paths)), file=sys.stderr)
        return 1
    try:
        wide.to_csv(
            args.output, index=False, encoding="utf-8-sig", lineterminator="\r\n"
        )  # the BOM lets spreadsheet programs see UTF-8
        print(f"wrote {printable(args.output)}: {len(wide)} students, {len(exercise_ids)} exercises")
        if args.long:
            long.to_csv(args.long, index=False, encoding="utf-8-sig", lineterminator="\r\n")
            print(f"wrote {printable(args.long)}: {len(long)} answers")
    except OSError as e:
        print(f"could not write the table: {printable(e)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
