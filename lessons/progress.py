"""A student's saved answers: one JSON file per student, written atomically.

Every save reads the file, updates one answer and replaces the file in one rename
(write to a temporary file, flush, fsync, rename, fsync the folder), under a lock so two
open notebooks cannot overwrite each other. A kill mid-save leaves the old file whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sys
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory lock, the rename is still atomic
    fcntl = None

FORMAT_VERSION = 1


def progress_path() -> Path:
    """Where this student's answers live (LESSONS_PROGRESS_DIR overrides the home folder)."""
    folder = Path(os.environ.get("LESSONS_PROGRESS_DIR") or Path.home() / ".iran-russia-course")
    return folder / "progress.json"


def student_name() -> str:
    """Who the answers belong to: LESSONS_STUDENT, else the JupyterHub user, else the login name."""
    return os.environ.get("LESSONS_STUDENT") or os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class ProgressStore:
    """Load and save a student's answers; a damaged file is moved aside, never lost."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or progress_path())
        self.notice: tuple[str, str] | None = None  # (damaged file, where it was moved)

    def _empty(self) -> dict:
        return {"version": FORMAT_VERSION, "student": student_name(), "answers": {}}

    def _read(self) -> dict:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._empty()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
                raise ValueError("not a progress file")
            if not all(isinstance(e, dict) for e in data["answers"].values()):
                raise ValueError("an answer entry is not an object")
            return data
        except (ValueError, UnicodeDecodeError):
            backup = self.path.with_name(f"{self.path.stem}.damaged-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.json")
            os.replace(self.path, backup)
            self.notice = (str(self.path), str(backup))
            return self._empty()

    @contextlib.contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            yield
            return
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write(self, data: dict) -> None:
        if fcntl is not None:  # we hold the lock, so any other temp file is a killed save's leftover
            for stale in self.path.parent.glob(".progress-*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):  # make the rename itself durable
            dfd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    def all(self) -> dict:
        """Every saved answer, keyed by exercise id."""
        with self._locked():
            return self._read()["answers"]

    def get(self, exercise_id: str) -> dict | None:
        return self.all().get(exercise_id)

    def record(self, exercise_id: str, *, lesson: str, kind: str, answer, correct: bool | None) -> dict:
        """Save one attempt; returns the stored entry (answer, correct, attempts, times)."""
        with self._locked():
            data = self._read()
            entry = data["answers"].get(exercise_id) or {"first_at": _now(), "attempts": 0}
            entry.update(lesson=lesson, kind=kind, answer=answer, correct=correct,
                         attempts=int(entry.get("attempts", 0)) + 1, last_at=_now())
            if correct and not entry.get("solved_at"):
                entry["solved_at"] = entry["last_at"]
            data["answers"][exercise_id] = entry
            self._write(data)
            return entry


# --- what a student has done, and a class table for the teacher ------------------------

def lesson_status(entry: dict | None) -> str:
    """"done" (right, or a short answer saved), "tried" (answered, not yet right) or "todo"."""
    if not entry:
        return "todo"
    if entry.get("correct") is True or (entry.get("kind") == "short" and entry.get("answer")):
        return "done"
    return "tried"


def summary(answers: dict, lessons: dict[str, list[str]]) -> list[dict]:
    """Per lesson: how many exercises are done, tried and still to do, and which."""
    rows = []
    for lesson, ids in lessons.items():
        status = {ex: lesson_status(answers.get(ex)) for ex in ids}
        rows.append({
            "lesson": lesson, "total": len(ids),
            "done": sum(s == "done" for s in status.values()),
            "tried": [ex for ex, s in status.items() if s == "tried"],
            "todo": [ex for ex, s in status.items() if s == "todo"],
        })
    return rows


class ProgressFileError(Exception):
    """A progress file that cannot be read, with the file named."""


def read_progress_file(path: Path) -> dict:
    """A progress file's content, checked enough to build a table from it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProgressFileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ProgressFileError(f"{path}: not a readable progress file ({type(e).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise ProgressFileError(f"{path}: not a progress file (no \"answers\" object)")
    return data


def find_progress_files(paths: list[Path]) -> list[Path]:
    """The progress files named, or found (as progress*.json, damaged copies excluded) under folders."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("progress*.json") if ".damaged-" not in p.name)
        else:
            found.append(path)
    return found


def class_table(paths: list[Path], exercise_ids: list[str]):
    """(wide, long, problems): one row per student with each exercise's status and attempts,
    every answer in tidy form, and a sentence per file that could not be read."""
    import pandas as pd

    long_rows, problems = [], []
    for path in find_progress_files(paths):
        try:
            data = read_progress_file(path)
        except ProgressFileError as e:
            problems.append(str(e))
            continue
        student = str(data.get("student") or path.parent.name)
        for ex, entry in data["answers"].items():
            if not isinstance(entry, dict):
                problems.append(f"{path}: answer {ex!r} is not an object; skipped")
                continue
            answer = entry.get("answer")
            long_rows.append({
                "student": student, "file": str(path), "lesson": entry.get("lesson", ex.split(".")[0]),
                "exercise": ex, "kind": entry.get("kind"), "status": lesson_status(entry),
                "correct": entry.get("correct"), "attempts": entry.get("attempts"),
                "first_at": entry.get("first_at"), "last_at": entry.get("last_at"), "solved_at": entry.get("solved_at"),
                "answer": answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False),
            })
    columns = ["student", "file", "lesson", "exercise", "kind", "status", "correct", "attempts",
               "first_at", "last_at", "solved_at", "answer"]
    long = pd.DataFrame(long_rows, columns=columns)
    students = sorted({(r["student"], r["file"]) for r in long_rows})
    wide_rows = []
    for student, file in students:
        mine = long[(long["student"] == student) & (long["file"] == file)].set_index("exercise")
        row = {"student": student, "file": file}
        for ex in exercise_ids:
            row[ex] = mine.at[ex, "status"] if ex in mine.index else "todo"
            row[f"{ex} attempts"] = int(mine.at[ex, "attempts"] or 0) if ex in mine.index else 0
        row["done"] = sum(row[ex] == "done" for ex in exercise_ids)
        row["of"] = len(exercise_ids)
        wide_rows.append(row)
    wide = pd.DataFrame(wide_rows, columns=["student", "file", "done", "of"] + [c for ex in exercise_ids for c in (ex, f"{ex} attempts")])
    return wide, long, problems


def progress_html(rows: list[dict], store, lang: str, problem: str | None = None) -> str:
    """The "my progress" table: per lesson, done out of total, and what is left."""
    import html

    from .text import t

    body = []
    for row in rows:
        pct = round(100 * row["done"] / row["total"]) if row["total"] else 0
        bar = (f"<div style='background:#e5e5e5;width:120px;height:10px;display:inline-block'>"
               f"<div style='background:#1b7a3a;width:{pct}%;height:10px'></div></div>")
        body.append(
            f"<tr><td>{html.escape(t('lesson.' + row['lesson'], lang))}</td>"
            f"<td>{bar} {row['done']}/{row['total']}</td>"
            f"<td>{html.escape(', '.join(row['tried'])) or '–'}</td>"
            f"<td>{html.escape(', '.join(row['todo'])) or '–'}</td></tr>")
    total = sum(r["total"] for r in rows)
    done = sum(r["done"] for r in rows)
    head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for k in
                   ("progress.col_lesson", "progress.col_done", "progress.col_tried", "progress.col_todo"))
    note = (f"<p style='color:#b03a2e'>{html.escape(t('progress.unreadable', lang, detail=problem))}</p>" if problem else "")
    return (f"<div class='lessons-progress'><b>{html.escape(t('progress.title', lang))}</b> · "
            f"{html.escape(t('progress.overall', lang, done=done, total=total))}{note}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<small>{html.escape(t('progress.where', lang, path=str(store.path)))}</small></div>")


def main(argv: list[str] | None = None) -> int:
    """python -m lessons.progress collect FOLDER_OR_FILE... [-o class.csv] [--long answers.csv]"""
    import argparse

    from .bank import BANK

    parser = argparse.ArgumentParser(prog="python -m lessons.progress",
                                     description="Collect students' progress files into one class table (CSV).")
    sub = parser.add_subparsers(dest="command", required=True)
    collect = sub.add_parser("collect", help="read progress files (or folders holding them) and write a CSV")
    collect.add_argument("paths", nargs="+", type=Path, help="progress.json files, or folders searched for progress*.json")
    collect.add_argument("-o", "--output", type=Path, default=Path("class-progress.csv"),
                         help="the class table: one row per student (default: class-progress.csv)")
    collect.add_argument("--long", type=Path, default=None,
                         help="also write every answer, one row per student and exercise, to this CSV")
    args = parser.parse_args(argv)

    wide, long, problems = class_table(args.paths, list(BANK))
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    if wide.empty:
        print("No readable progress files found in: " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 1
    wide.to_csv(args.output, index=False, encoding="utf-8-sig")  # the BOM lets spreadsheet programs see UTF-8
    print(f"wrote {args.output}: {len(wide)} students, {len(BANK)} exercises")
    if args.long:
        long.to_csv(args.long, index=False, encoding="utf-8-sig")
        print(f"wrote {args.long}: {len(long)} answers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
