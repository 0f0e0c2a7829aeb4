"""A student's saved answers: one JSON file per student, written atomically, read forgivingly.

Every save reads the file, updates one answer and replaces the file in one rename
(write to a temporary file, flush, fsync, rename, fsync the folder), under a lock
(`filelock`: fcntl/msvcrt where they exist, a lock file elsewhere) so two open notebooks
cannot overwrite each other. A kill mid-save leaves the old file whole.

Reading forgives: a byte-order mark is accepted; an entry that is not an answer is set aside
in a side file (``progress.damaged-<time>.json``) and every other answer is kept; a file that
cannot be read at all is moved aside whole (never deleted), and the complete answers of a
truncated file are recovered. The student is told once, in the notebook's language, in
``L.my_progress()`` and in the exercises until they have seen it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import html
import json
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path

import filelock

from lessons.core.text import t

FORMAT_VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds a save waits for another notebook's save before saying so
READ_LOCK_TIMEOUT = 3.0  # showing saved answers waits less: a lesson builds many exercises
MAX_FILE_BYTES = 32 * 2**20  # a progress file larger than this is not read (moved aside / skipped)
MAX_CELL_CHARS = 32_000  # spreadsheet programs cut cells at 32 767 characters
LockClass = filelock.FileLock  # tests force filelock.SoftFileLock (the path without fcntl/msvcrt)

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


def progress_dir() -> Path:
    """The folder of this student's answers: LESSONS_PROGRESS_DIR (``~`` expanded; a relative
    path is taken from the home folder, not from the notebook's folder), else
    ``~/.iran-russia-course``."""
    setting = os.environ.get("LESSONS_PROGRESS_DIR", "").strip()
    if not setting:
        return Path.home() / ".iran-russia-course"
    folder = Path(os.path.expanduser(setting))
    return folder if folder.is_absolute() else Path.home() / folder


def progress_path() -> Path:
    """Where this student's answers live."""
    return progress_dir() / "progress.json"


def env_student() -> str:
    """The name the class set-up gives: LESSONS_STUDENT, else the JupyterHub login ("" if neither)."""
    return (os.environ.get("LESSONS_STUDENT") or os.environ.get("JUPYTERHUB_USER") or "").strip()


def student_name() -> str:
    """Who the answers belong to: LESSONS_STUDENT, else the JupyterHub login, else the name
    the student gave (``L.my_progress(name=...)``), else "" (never the machine's login)."""
    return env_student() or ProgressStore().saved_name()


def clean_name(name) -> str | None:
    """A student's name as typed, tidied (NFC, single spaces), or None if it cannot be a name."""
    if not isinstance(name, str):
        return None
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not 1 <= len(name) <= 100 or any(unicodedata.category(c).startswith("C") for c in name):
        return None
    return name


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _stamp() -> str:
    return f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}"


class ProgressBusy(OSError):
    """Another notebook held the progress file's lock longer than LOCK_TIMEOUT."""


# --- reading forgivingly -----------------------------------------------------------------

_TIME_FIELDS = ("first_at", "last_at", "solved_at")


def _repair_entry(ex: str, entry) -> tuple[dict | None, list[str]]:
    """(the entry with every field of the right type, or None if nothing is an answer;
    the fields that had to be changed). Unknown extra fields are kept as they are."""
    if not isinstance(entry, dict):
        return None, ["entry"]
    fixed, changed = dict(entry), []
    attempts = entry.get("attempts", 1)
    if isinstance(attempts, bool) or not isinstance(attempts, (int, float, str)):
        attempts = None
    elif isinstance(attempts, str):
        attempts = int(attempts.strip()) if attempts.strip().isdigit() else None
    elif isinstance(attempts, float):
        attempts = int(attempts) if attempts.is_integer() else None
    if attempts is None or attempts < 0:
        fixed["attempts"], changed = 1, changed + ["attempts"]
    else:
        fixed["attempts"] = attempts
        if "attempts" in entry and (attempts != entry["attempts"] or not isinstance(entry["attempts"], int)):
            changed.append("attempts")  # "3" or 3.0: kept as 3, the original copied aside
    if "correct" in entry and entry["correct"] is not None and not isinstance(entry["correct"], bool):
        fixed["correct"], changed = None, changed + ["correct"]
    if "graded" in entry and not isinstance(entry["graded"], bool):  # then read by its kind, as older files
        fixed.pop("graded")
        changed.append("graded")
    for field in ("lesson", "kind"):
        if field in entry and not isinstance(entry[field], str):
            fixed.pop(field)
            changed.append(field)
    if not isinstance(fixed.get("lesson"), str) or not fixed.get("lesson"):
        fixed["lesson"] = ex.split(".")[0]
    for field in _TIME_FIELDS:
        if field in entry and entry[field] is not None and not isinstance(entry[field], str):
            fixed.pop(field)
            changed.append(field)
    return fixed, changed


def _salvage(text: str) -> tuple[dict, str]:
    """The complete answers at the start of a truncated or otherwise broken progress file,
    and the student's name if it was readable."""
    decoder = json.JSONDecoder()
    answers: dict = {}
    name = ""
    m = re.search(r'"student"\s*:\s*', text)
    if m:
        with contextlib.suppress(ValueError, RecursionError):
            value, _ = decoder.raw_decode(text, m.end())
            name = value if isinstance(value, str) else ""
    m = re.search(r'"answers"\s*:\s*\{', text)
    if not m:
        return answers, name
    pos = m.end()
    while True:
        pos = _skip(text, pos, " \t\r\n,")
        try:
            key, pos = decoder.raw_decode(text, pos)
            pos = _skip(text, pos, " \t\r\n")
            if not isinstance(key, str) or text[pos : pos + 1] != ":":
                break
            value, pos = decoder.raw_decode(text, _skip(text, pos + 1, " \t\r\n"))
        except (ValueError, IndexError, RecursionError):
            break
        answers[key] = value
    return answers, name


def _skip(text: str, pos: int, chars: str) -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


class Parsed:
    """What a progress file's bytes hold: the good answers, the bad entries, and whether
    the file as a whole could not be read (``whole`` is then the reason)."""

    def __init__(self):
        self.data: dict = {"version": FORMAT_VERSION, "student": "", "answers": {}}
        self.bad: dict = {}  # exercise id -> the entry as it was (not an answer, or repaired)
        self.repaired: list[str] = []
        self.whole: str | None = None  # "not_text", "not_json", "not_progress", "too_large", "not_file"

    @property
    def damaged(self) -> bool:
        return bool(self.whole or self.bad)


def parse_progress(raw: bytes) -> Parsed:
    """Read a progress file's bytes, keeping every good answer."""
    parsed = Parsed()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # Notepad's "Unicode"
    else:
        encoding = "utf-8-sig"  # Notepad's UTF-8 starts with a byte-order mark
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        parsed.whole = "not_text"
        return parsed
    if "\x00" in text:
        parsed.whole = "not_text"
        return parsed
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        answers, name = _salvage(text)
        parsed.whole = "not_json"
        data = {"student": name, "answers": answers}
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        parsed.whole = "not_progress"
        return parsed
    for key, value in data.items():
        if key not in ("answers", "notices", "student"):
            parsed.data[key] = value  # version and anything a newer course adds
    parsed.data["version"] = (
        FORMAT_VERSION
        if isinstance(data.get("version"), bool) or not isinstance(data.get("version"), int)
        else data["version"]
    )
    parsed.data["student"] = data.get("student") if isinstance(data.get("student"), str) else ""
    if isinstance(data.get("notices"), list):
        parsed.data["notices"] = [n for n in data["notices"] if isinstance(n, dict) and isinstance(n.get("kind"), str)]
    for ex, entry in data["answers"].items():
        fixed, changed = _repair_entry(ex, entry)
        if changed:
            parsed.bad[ex] = entry
        if fixed is not None:
            parsed.data["answers"][ex] = fixed
            if changed:
                parsed.repaired.append(ex)
    return parsed


def read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of `path` if it is an ordinary file: a link is not followed, a FIFO or device
    is never opened, a file over `limit` bytes is not read. Raises NotRegularFile / FileTooLarge."""
    limit = MAX_FILE_BYTES if limit is None else limit
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(_kind_of(info.st_mode))
    fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_BINARY)
    try:
        info = os.fstat(fd)  # the file may have been swapped since lstat
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(_kind_of(info.st_mode))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(size)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    return "special"


class NotRegularFile(OSError):
    def __init__(self, kind: str):
        super().__init__(f"not an ordinary file ({kind})")
        self.kind = kind


class FileTooLarge(OSError):
    def __init__(self, size: int):
        super().__init__(f"larger than {MAX_FILE_BYTES // 2**20} MB ({size} bytes)")
        self.size = size


# --- the store ---------------------------------------------------------------------------

MAX_NOTICES = 20


class ProgressStore:
    """Load and save a student's answers; damaged parts are set aside, never lost."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else progress_path()
        self.unseen: list[dict] = []  # notices the student has not seen, as of the last read
        self.shown: list[dict] = []  # notices the last record() showed (and marked seen)
        self.intact = True

    def _fresh(self) -> dict:
        return {"version": FORMAT_VERSION, "student": env_student(), "answers": {}}

    @contextlib.contextmanager
    def _locked(self, reading: bool = False):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = LockClass(str(self.path.with_name(self.path.name + ".lock")), timeout=lock_wait(reading))
        try:
            lock.acquire()
        except filelock.Timeout:
            raise ProgressBusy(f"{self.path} is locked by another notebook") from None
        try:
            yield
        finally:
            lock.release()

    def _parse(self) -> Parsed | None:
        """The file as it is now (None if there is none); nothing is changed."""
        try:
            raw = read_regular_file(self.path)
        except FileNotFoundError:
            return None
        except NotRegularFile:
            parsed = Parsed()
            parsed.whole = "not_file"
            return parsed
        except FileTooLarge:
            parsed = Parsed()
            parsed.whole = "too_large"
            return parsed
        return parse_progress(raw)

    def _read(self, strict: bool = True) -> dict:
        """The progress data; damaged parts are set aside first (we hold the lock). With
        strict=False a failure to set aside still returns the good answers (nothing is
        rewritten then, so nothing is lost)."""
        parsed = self._parse()
        self.intact = True  # False: damaged parts could not be set aside, so the file must not be rewritten
        if parsed is None:
            data = self._fresh()
        else:
            data = parsed.data
            if parsed.damaged:
                try:
                    self._set_aside(parsed)
                except OSError:
                    if strict:
                        raise
                    self.intact = parsed.whole is not None and not os.path.lexists(self.path)
        self.unseen = [n for n in data.get("notices", []) if not n.get("seen")]
        return data

    def _set_aside(self, parsed: Parsed) -> None:
        data = parsed.data
        backup = self.path.with_name(f"{self.path.stem}.damaged-{_stamp()}.json")
        if parsed.whole:  # the file itself goes aside as it is, byte for byte
            os.replace(self.path, backup)
            notice = {"kind": "file", "why": parsed.whole, "kept": len(data["answers"])}
        else:  # only the bad entries go aside; every good answer stays
            _atomic_write(
                backup,
                {
                    "file": str(self.path),
                    "at": _now(),
                    "note": "answers set aside from the progress file; the others were kept",
                    "answers": parsed.bad,
                },
                exclusive=True,
            )
            notice = {"kind": "entries", "ids": sorted(parsed.bad), "repaired": sorted(parsed.repaired)}
        notice.update(backup=str(backup), file=str(self.path), at=_now(), seen=False)
        data["notices"] = (data.get("notices", []) + [notice])[-MAX_NOTICES:]
        data["student"] = self._who(data)
        self._write(data)

    def _who(self, data: dict) -> str:
        """The student the file is recorded for: the class set-up's name, else the name the
        student gave, else what the file said (unless that is this machine's login)."""
        given = data.get("student_given")
        if env_student():
            return env_student()
        if isinstance(given, str) and given:
            return given
        said = data.get("student") if isinstance(data.get("student"), str) else ""
        return "" if said and said == _machine_login() else said

    def _write(self, data: dict) -> None:
        for stale in self.path.parent.glob(".progress-*.tmp"):  # we hold the lock: a killed save's leftover
            with contextlib.suppress(OSError):
                stale.unlink()
        _atomic_write(self.path, data)

    # public ------------------------------------------------------------------------------
    def all(self) -> dict:
        """Every saved answer, keyed by exercise id."""
        with self._locked(reading=True):
            return self._read(strict=False)["answers"]

    def get(self, exercise_id: str) -> dict | None:
        return self.all().get(exercise_id)

    def record(
        self, exercise_id: str, *, lesson: str, kind: str, answer, correct: bool | None, graded: bool | None = None
    ) -> dict:
        """Save one attempt; returns the stored entry (answer, correct, graded, attempts, times).
        `graded` False: an answer kept, never judged (a short answer, a scenario); None: not said
        (the entry is then read as older files are, by its kind).
        Notices not yet seen are put in `self.shown` and recorded as seen."""
        with self._locked():
            data = self._read()
            entry = data["answers"].get(exercise_id) or {"first_at": _now(), "attempts": 0}
            entry.update(
                lesson=lesson,
                kind=kind,
                answer=answer,
                correct=correct,
                attempts=int(entry.get("attempts", 0)) + 1,
                last_at=_now(),
            )
            if graded is None:
                entry.pop("graded", None)
            else:
                entry["graded"] = bool(graded)
            if correct and not entry.get("solved_at"):
                entry["solved_at"] = entry["last_at"]
            data["answers"][exercise_id] = entry
            data["student"] = self._who(data)
            self.shown = list(self.unseen)
            for notice in self.shown:
                notice["seen"] = True
            self._write(data)
            self.unseen = []
            return entry

    def overview(self, mark_seen: bool = True) -> dict:
        """{"answers", "notices" (not yet seen; then recorded as seen), "student", "asked"
        (True when no name is known)} for the "my progress" view."""
        with self._locked(reading=True):
            data = self._read(strict=False)
            notices = list(self.unseen)
            if notices and mark_seen and self.intact:
                for notice in notices:
                    notice["seen"] = True
                with contextlib.suppress(OSError):
                    self._write(data)
            student = self._who(data)
            return {"answers": data["answers"], "notices": notices, "student": student, "asked": not student}

    def set_name(self, name: str) -> str:
        """Remember the name the student gives (LESSONS_STUDENT and the hub login still win)."""
        with self._locked():
            data = self._read()
            data["student_given"] = name
            data["student"] = self._who(data)
            self._write(data)
            return data["student"]

    def saved_name(self) -> str:
        """The name recorded in the file (read without the lock; "" if none)."""
        try:
            parsed = self._parse()
        except OSError:
            return ""
        return self._who(parsed.data) if parsed else ""


def lock_wait(reading: bool = False) -> float:
    """Seconds to wait for the lock: a save waits LOCK_TIMEOUT, showing answers less."""
    return min(LOCK_TIMEOUT, READ_LOCK_TIMEOUT) if reading else LOCK_TIMEOUT


def _machine_login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on this system
        return ""


def _atomic_write(path: Path, data: dict, exclusive: bool = False) -> None:
    """Write `data` as JSON to `path` through a temporary file and one rename."""
    if exclusive and os.path.lexists(path):
        raise FileExistsError(str(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def os_error_text(error: OSError, lang: str) -> str:
    """Why a file could not be read or written, in the notebook's language (the system's own
    text is English)."""

    key = {
        errno.EACCES: "denied",
        errno.EPERM: "denied",
        errno.ENOSPC: "full",
        getattr(errno, "EDQUOT", -1): "full",
        errno.EROFS: "readonly",
        errno.ENOTDIR: "not_folder",
        errno.EEXIST: "not_folder",
    }.get(error.errno)
    return t(f"progress.err_{key}", lang) if key else t("progress.err_other", lang, code=error.errno or "?")


def notice_text(notice: dict, lang: str) -> str:
    """A set-aside notice as a sentence in the notebook's language."""
    backup = str(notice.get("backup", ""))
    if notice.get("kind") == "entries":
        ids = [str(i) for i in notice.get("ids", [])]
        shown = ", ".join(ids[:8]) + (" …" if len(ids) > 8 else "")
        return t("progress.entries_aside", lang, n=len(ids), ids=shown, backup=backup)
    why = notice.get("why")
    why = why if why in ("not_text", "not_json", "not_progress", "too_large", "not_file") else "not_json"
    text = t("progress.file_aside", lang, why=t(f"progress.why_{why}", lang), backup=backup)
    kept = notice.get("kept")
    if isinstance(kept, int) and not isinstance(kept, bool) and kept > 0:
        text += " " + t("progress.recovered", lang, kept=kept)
    return text


# --- what a student has done, and a class table for the teacher ------------------------


# Files saved before entries recorded "graded" hold these kinds' answers ungraded.
UNGRADED_BEFORE_THE_FIELD = ("short", "scenario")


def is_graded(entry: dict) -> bool:
    """Whether a saved answer was judged: its "graded" field, or for an older file its kind."""
    graded = entry.get("graded")
    return graded if isinstance(graded, bool) else entry.get("kind") not in UNGRADED_BEFORE_THE_FIELD


def lesson_status(entry: dict | None) -> str:
    """ "done" (right, or an ungraded answer saved), "tried" (answered, not yet right) or "todo"."""
    if not entry:
        return "todo"
    if entry.get("correct") is True or (not is_graded(entry) and entry.get("answer")):
        return "done"
    return "tried"


def summary(answers: dict, lessons: dict[str, list[str]]) -> list[dict]:
    """Per lesson: how many exercises are done, tried and still to do, and which."""
    rows = []
    for lesson, ids in lessons.items():
        status = {ex: lesson_status(answers.get(ex)) for ex in ids}
        rows.append(
            {
                "lesson": lesson,
                "total": len(ids),
                "done": sum(s == "done" for s in status.values()),
                "tried": [ex for ex, s in status.items() if s == "tried"],
                "todo": [ex for ex, s in status.items() if s == "todo"],
            }
        )
    return rows


class ProgressFileError(Exception):
    """A progress file that cannot be read, with the file named."""


_WHY_FOR_TEACHER = {
    "not_text": "not text",
    "not_json": "not JSON",
    "not_progress": 'no "answers" object',
    "too_large": f"larger than {MAX_FILE_BYTES // 2**20} MB",
    "not_file": "not an ordinary file",
}


def printable(value) -> str:
    """Text safe to print on a terminal: control characters (escape sequences, new lines in
    a file name) are shown as \\x.. instead of being acted on."""
    return "".join(c if not unicodedata.category(c).startswith("C") else f"\\x{ord(c):02x}" for c in str(value))


def load_progress_file(path: Path) -> tuple[dict, list[str]]:
    """(a progress file's good answers, a sentence per entry that was skipped or repaired).
    Only an ordinary file is read: a link is not followed (its answers are not credited),
    a FIFO or device is not opened, a file over MAX_FILE_BYTES is not read. Raises
    ProgressFileError (with the file named) when nothing in it can be used."""
    shown = printable(path)
    try:
        raw = read_regular_file(Path(path))
    except FileNotFoundError:
        raise ProgressFileError(f"{shown}: file not found") from None
    except NotRegularFile as e:
        if e.kind == "link":
            try:
                target = printable(os.readlink(path))
            except OSError:
                target = "?"
            raise ProgressFileError(
                f"{shown}: is a link (to {target}), not the student's own file; not followed, nothing credited"
            ) from None
        raise ProgressFileError(f"{shown}: not an ordinary file ({e.kind}); not opened") from None
    except FileTooLarge as e:
        raise ProgressFileError(
            f"{shown}: not read, larger than {MAX_FILE_BYTES // 2**20} MB ({e.size} bytes)"
        ) from None
    except OSError as e:
        raise ProgressFileError(f"{shown}: could not be read ({printable(e.strerror or e)})") from None
    parsed = parse_progress(raw)
    notes = []
    if parsed.whole and not parsed.data["answers"]:
        raise ProgressFileError(f"{shown}: not a readable progress file ({_WHY_FOR_TEACHER[parsed.whole]})")
    if parsed.whole:
        notes.append(
            f"{shown}: damaged ({_WHY_FOR_TEACHER[parsed.whole]}); "
            f"{len(parsed.data['answers'])} complete answers recovered and counted"
        )
    for ex in parsed.bad:
        what = "repaired (a field had the wrong type)" if ex in parsed.repaired else "skipped (not an answer)"
        notes.append(f"{shown}: answer {printable(ex)!r} {what}")
    return parsed.data, notes


def read_progress_file(path: Path) -> dict:
    """A progress file's content, checked enough to build a table from it."""
    return load_progress_file(path)[0]


def _walk(paths: list[Path]) -> tuple[list[Path], list[str]]:
    found: list[Path] = []
    problems: list[str] = []
    for path in map(Path, paths):
        if path.name == ".iran-russia-course" and path.is_symlink():  # e.g. /home/*/.iran-russia-course on a hub
            problems.append(f"{printable(path)}: is a link to another folder; not followed")
            continue
        if not path.is_dir():
            found.append(path)
            continue
        for folder, dirs, files in os.walk(
            path,
            followlinks=False,
            onerror=lambda e: problems.append(f"{printable(e.filename)}: folder not read ({printable(e.strerror)})"),
        ):
            for name in sorted(dirs):
                if name == ".iran-russia-course" and os.path.islink(os.path.join(folder, name)):
                    problems.append(
                        f"{printable(os.path.join(folder, name))}: is a link to another folder; not followed"
                    )
            dirs.sort()
            # a folder (or a link to one) named like a progress file is listed too, then refused
            found += [
                Path(folder) / n
                for n in sorted(files + dirs)
                if n.startswith("progress") and n.endswith(".json") and ".damaged-" not in n
            ]
            dirs[:] = [d for d in dirs if not (d.startswith("progress") and d.endswith(".json"))]
    return found, problems


def find_progress_files(paths: list[Path]) -> list[Path]:
    """The progress files named, or found (as progress*.json, damaged copies excluded) under
    folders; links to folders are not followed (links to files are listed, then refused)."""
    return _walk(paths)[0]


# Unicode's direction controls (embeddings, overrides, isolates, marks): a name like
# "\u202e=cmd" would display reversed in the teacher's table.
_BIDI_CONTROLS = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """A value a spreadsheet shows as text, never runs: a string starting like a formula
    (OWASP CSV injection: = + - @ tab CR) gets a leading apostrophe; a carriage return becomes
    a line break (which the CSV writer quotes); long text is cut."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # a lone CR would start a new row
        value = value.translate(_BIDI_CONTROLS)  # no text shown reversed or reordered in the table
        if value.startswith(_FORMULA_START):
            value = "'" + value
        if len(value) > MAX_CELL_CHARS:
            value = value[:MAX_CELL_CHARS] + " […]"
    return value


def _student_of(data: dict, path: Path) -> str:
    name = data.get("student")
    if isinstance(name, str) and name.strip():
        return name.strip()
    for parent in Path(path).parents:
        if parent.name and not parent.name.startswith("."):
            return parent.name
    return str(path)


def class_table(paths: list[Path], exercise_ids: list[str]):
    """(wide, long, problems): one row per student with each exercise's status and attempts,
    every answer in tidy form, and a sentence per file (or entry) that could not be used.
    Cells a spreadsheet would run as a formula are neutralised (see safe_cell)."""
    import pandas as pd  # only the teacher's table needs it: saving an answer stays light

    files, problems = _walk(paths)
    long_rows = []
    claims: dict[str, list[str]] = {}
    inodes: dict[tuple[int, int], str] = {}
    for path in files:
        try:
            data, notes = load_progress_file(path)
            info = os.lstat(path)
            same = inodes.setdefault((info.st_dev, info.st_ino), str(path))
            if same != str(path):  # a hard link: one file seen under two names
                raise ProgressFileError(
                    f"{printable(path)}: is the same file as {printable(same)} (a link "
                    "or hard link); not credited twice"
                )
            problems += notes
            student = _student_of(data, path)
            rows = []
            for ex, entry in data["answers"].items():
                answer = entry.get("answer")
                rows.append(
                    {
                        "student": student,
                        "file": str(path),
                        "lesson": entry.get("lesson", ex.split(".")[0]),
                        "exercise": ex,
                        "kind": entry.get("kind"),
                        "status": lesson_status(entry),
                        "correct": entry.get("correct"),
                        "attempts": entry.get("attempts"),
                        "first_at": entry.get("first_at"),
                        "last_at": entry.get("last_at"),
                        "solved_at": entry.get("solved_at"),
                        "answer": answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False),
                    }
                )
        except ProgressFileError as e:
            problems.append(str(e))
            continue
        except Exception as e:  # one bad file never stops the class table
            problems.append(f"{printable(path)}: could not be read ({type(e).__name__})")
            continue
        long_rows += rows
        claims.setdefault(student, []).append(str(path))
    for student, claimed in claims.items():
        if len(claimed) > 1:
            problems.append(
                f"student {printable(student)!r} is claimed by {len(claimed)} files, each kept as its own row "
                f"(check which is theirs): " + ", ".join(map(printable, claimed))
            )
    columns = [
        "student",
        "file",
        "lesson",
        "exercise",
        "kind",
        "status",
        "correct",
        "attempts",
        "first_at",
        "last_at",
        "solved_at",
        "answer",
    ]
    long = pd.DataFrame(long_rows, columns=columns)
    wide_rows = []
    by_file: dict[tuple[str, str], dict] = {}
    for r in long_rows:
        by_file.setdefault((r["student"], r["file"]), {})[r["exercise"]] = r
    for (student, file), mine in sorted(by_file.items()):
        row = {"student": student, "file": file}
        for ex in exercise_ids:
            row[ex] = mine[ex]["status"] if ex in mine else "todo"
            row[f"{ex} attempts"] = int(mine[ex]["attempts"] or 0) if ex in mine else 0
        row["done"] = sum(row[ex] == "done" for ex in exercise_ids)
        row["of"] = len(exercise_ids)
        wide_rows.append(row)
    wide = pd.DataFrame(
        wide_rows,
        columns=["student", "file", "done", "of"] + [c for ex in exercise_ids for c in (ex, f"{ex} attempts")],
    )
    return wide.map(safe_cell), long.map(safe_cell), problems


def progress_html(
    rows: list[dict],
    store,
    lang: str,
    problem: str | None = None,
    notices: list[dict] = (),
    student: str | None = None,
    asked: bool = False,
    message: str = "",
) -> str:
    """The "my progress" table: per lesson, done out of total, and what is left; above it,
    any notice about set-aside answers and the student's name (or how to give it)."""

    body = []
    for row in rows:
        pct = round(100 * row["done"] / row["total"]) if row["total"] else 0
        bar = (
            f"<div style='background:#e5e5e5;width:120px;height:10px;display:inline-block'>"
            f"<div style='background:#1b7a3a;width:{pct}%;height:10px'></div></div>"
        )
        body.append(
            f"<tr><td>{html.escape(t('lesson.' + row['lesson'], lang))}</td>"
            f"<td>{bar} {row['done']}/{row['total']}</td>"
            f"<td>{html.escape(', '.join(row['tried'])) or '–'}</td>"
            f"<td>{html.escape(', '.join(row['todo'])) or '–'}</td></tr>"
        )
    total = sum(r["total"] for r in rows)
    done = sum(r["done"] for r in rows)
    head = "".join(
        f"<th>{html.escape(t(k, lang))}</th>"
        for k in ("progress.col_lesson", "progress.col_done", "progress.col_tried", "progress.col_todo")
    )
    note = (
        f"<p style='color:#b03a2e'>{html.escape(t('progress.unreadable', lang, detail=problem))}</p>" if problem else ""
    )
    note += "".join(
        f"<p class='lessons-progress-notice' style='color:#b03a2e'>{html.escape(notice_text(n, lang))}</p>"
        for n in notices
    )
    if message:
        note += f"<p class='lessons-progress-message' style='color:#1f4e79'>{html.escape(message)}</p>"
    throwaway = throwaway_store()
    where = t("progress.throwaway", lang) if throwaway else t("progress.where", lang, path=str(store.path))
    if throwaway:  # projector or handout: nobody's name, nobody's file
        pass
    elif student:
        note += f"<p class='lessons-progress-name'>{html.escape(t('progress.name', lang, name=student))}</p>"
    elif asked:
        note += (
            f"<p class='lessons-progress-name' style='color:#7a5b00'>{html.escape(t('progress.name_ask', lang))}</p>"
        )
    return (
        f"<div class='lessons-progress'><b>{html.escape(t('progress.title', lang))}</b> · "
        f"{html.escape(t('progress.overall', lang, done=done, total=total))}{note}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<small>{html.escape(where)}</small></div>"
    )


THROWAWAY_ENV = "LESSONS_PROGRESS_THROWAWAY"


def throwaway_store() -> bool:
    """True in a kernel a teacher-facing tool started (presenter mode, handouts) with an empty,
    temporary progress store: answers given there are kept only until it stops."""
    return os.environ.get(THROWAWAY_ENV) == "1"
