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
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


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
