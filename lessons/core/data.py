"""Load the course's data package as validated pandas DataFrames.

Validation is frictionless's (schema types, allowed values, primary and foreign keys).
Importing frictionless costs seconds, so a successful validation is remembered in the
user's cache, keyed by a hash of every file; any change to the data validates again.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

import pandas as pd

from lessons.core.config import cache_dir, data_dir, get_language
from lessons.core.errors import DataError
from lessons.core.locale import shows_library_words, strings
from lessons.core.text import t, web_url

PACKAGE_FILE = "datapackage.json"
VALIDATOR_VERSION = (
    "frictionless-5+course-2"  # bump when the checks change: older "valid" cache entries then no longer count
)


# Every load() checks that the data has not changed since it was validated. Reading and hashing
# every file each time cost ≈ 7 ms per call (hundreds of calls per widget update), so the
# checks below remember, per process, what they computed for a file's (path, inode, size, mtime,
# ctime): any edit changes these and is read, hashed and validated again.
_DESCRIPTORS: dict[tuple, dict] = {}
_FINGERPRINTS: dict[tuple, str] = {}
_VALID_HERE: set[str] = set()


def _stat(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) if stat.S_ISREG(st.st_mode) else None


def _descriptor(folder: Path) -> dict:
    """The parsed datapackage.json (shared: callers must not change it)."""
    path = folder / PACKAGE_FILE
    sig = _stat(path)
    if sig is None:
        raise DataError(t("data.missing_file", file=_show(path)), file=str(path))
    if sig in _DESCRIPTORS:
        return _DESCRIPTORS[sig]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        line = getattr(e, "lineno", None)
        where = t("data.where_row", row=line) + t("data.where_column", column=e.colno) if line else ""
        raise DataError(t("data.bad_json", file=_show(path), where=where), file=str(path), row=line) from None
    except OSError as e:
        raise _unreadable(path, e) from None
    _check_shape(descriptor, path)
    _DESCRIPTORS.clear()  # one version per process is enough
    _DESCRIPTORS[sig] = descriptor
    return descriptor


def _check_shape(descriptor, path: Path) -> None:
    """datapackage.json must be an object whose "resources" is a list of objects, each with a name,
    a CSV path inside the data folder and a schema listing its fields; else a DataError naming what."""

    def bad(what: str, row: int | None = None):
        where = t("data.where", file=_show(path)) + (t("data.where_row", row=row) if row else "")
        return DataError(t("data.bad_descriptor", where=where, what=what), file=str(path))

    if not isinstance(descriptor, dict):
        raise bad(t("data.shape.object"))
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        raise bad(t("data.shape.resources"))
    for i, res in enumerate(resources):
        ok = (
            isinstance(res, dict)
            and isinstance(res.get("name"), str)
            and isinstance(res.get("path"), str)
            and res["path"].endswith(".csv")
            and not Path(res["path"]).is_absolute()
            and ".." not in Path(res["path"]).parts
            and isinstance(res.get("schema"), dict)
            and isinstance(res["schema"].get("fields"), list)
            and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in res["schema"]["fields"])
        )
        if not ok:
            name = res.get("name") if isinstance(res, dict) and isinstance(res.get("name"), str) else f"#{i + 1}"
            raise bad(t("data.shape.resource", name=name))


def _unreadable(path: Path, error: Exception) -> DataError:
    """A file that exists but cannot be read as UTF-8 text (a folder, no permission, bad bytes)."""
    if path.exists() and not path.is_file():
        reason = t("data.reason.not_file")
    elif isinstance(error, UnicodeDecodeError):
        reason = t("data.reason.encoding")
    else:
        reason = t("data.reason.os", detail=getattr(error, "strerror", None) or type(error).__name__)
    return DataError(t("data.unreadable", file=_show(path), reason=reason), file=str(path))


def _show(path: Path) -> str:
    """A path as a teacher would look for it: relative to the data folder's parent."""
    try:
        return str(path.resolve().relative_to(data_dir().resolve().parent))
    except ValueError:
        return str(path)


def _resource(descriptor: dict, name: str) -> dict:
    for res in descriptor.get("resources", []):
        if res.get("name") == name:
            return res
    known = ", ".join(r.get("name", "?") for r in descriptor.get("resources", []))
    raise DataError(t("data.unknown_resource", name=name, known=known), file=PACKAGE_FILE)


def _fingerprint(folder: Path, descriptor: dict) -> str:
    """A hash of every file of the package (remembered while no file's size or mtime changes)."""
    sigs = [_stat(folder / PACKAGE_FILE)] + [_stat(folder / res["path"]) for res in descriptor.get("resources", [])]
    memo_key = tuple(sigs)
    if None not in sigs and memo_key in _FINGERPRINTS:
        return _FINGERPRINTS[memo_key]
    key = _hash_files(folder, descriptor)
    if None not in sigs:
        _FINGERPRINTS.clear()
        _FINGERPRINTS[memo_key] = key
    return key


def _hash_files(folder: Path, descriptor: dict) -> str:
    digest = hashlib.sha256(VALIDATOR_VERSION.encode())
    digest.update((folder / PACKAGE_FILE).read_bytes())
    for res in descriptor.get("resources", []):
        path = folder / res["path"]
        if not path.exists():
            raise DataError(t("data.missing_file", file=_show(path)), file=str(path))
        if not path.is_file():  # a folder, or a FIFO that would block the read forever
            raise _unreadable(path, IsADirectoryError())
        try:
            content = path.read_bytes()
        except OSError as e:
            raise _unreadable(path, e) from None
        digest.update(res["path"].encode())
        digest.update(content)
    return digest.hexdigest()


def _cache_file() -> Path:
    return cache_dir() / "validated.json"


def _known_valid(key: str) -> bool:
    try:
        return key in json.loads(_cache_file().read_text(encoding="utf-8")).get("valid", [])
    except (OSError, ValueError, AttributeError):
        return False


def _remember_valid(key: str) -> None:
    path = _cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            keys = json.loads(path.read_text(encoding="utf-8")).get("valid", [])
        except (OSError, ValueError, AttributeError):
            keys = []
        keys = ([k for k in keys if k != key] + [key])[-20:]
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".validated-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"valid": keys}, f)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs a re-validation next time


def _first_error(report, descriptor: dict, folder: Path) -> DataError:
    """Turn frictionless's first error into a message naming file, column and row."""
    for task in report.tasks:
        if not task.errors:
            continue
        error = task.errors[0]
        res = next((r for r in descriptor.get("resources", []) if r.get("name") == task.name), None)
        file = _show(folder / res["path"]) if res else PACKAGE_FILE
        row = getattr(error, "row_number", None)
        column = getattr(error, "field_name", None) or getattr(error, "label", None)
        if column and len(str(column)) > 60:
            column = str(column)[:59] + "…"
        if not column and getattr(error, "field_names", None):
            column = ", ".join(error.field_names)
        cell = getattr(error, "cell", None)
        where = t("data.where", file=file)
        if column:
            where += t("data.where_column", column=column)
        if row:
            where += t("data.where_row", row=row)
        detail = _explain(error)
        if cell not in (None, ""):
            detail = t("data.bad_value", value=cell) + " " + detail
        total = sum(len(tk.errors) for tk in report.tasks)
        more = t("data.more_errors", count=total - 1) if total > 1 else ""
        return DataError(
            t("data.invalid", where=where, kind=error.type, detail=detail, more=more),
            file=file,
            column=column,
            row=row,
        )
    errors = report.errors
    detail = _explain(errors[0]) if errors else "?"
    return DataError(
        t("data.invalid", where=t("data.where", file=PACKAGE_FILE), kind="metadata", detail=detail, more=""),
        file=PACKAGE_FILE,
    )


def _explain(error) -> str:
    """Frictionless's error in the notebook's language: its own (English) note only where locale.library_words
    says "show"."""
    if shows_library_words():
        return error.note or error.message
    key = f"data.problem.{error.type}"
    return t(key) if key in strings(get_language()) else t("data.problem.other")


def validate(folder: Path | None = None, *, use_cache: bool = True) -> None:
    """Check the whole data package; raise DataError describing the first problem."""
    folder = Path(folder or data_dir())
    _validated_key(folder, _descriptor(folder), use_cache)


def _validated_key(folder: Path, descriptor: dict, use_cache: bool = True) -> str:
    """The package's fingerprint, once the package behind it has validated."""
    key = _fingerprint(folder, descriptor)
    if use_cache and (key in _VALID_HERE or _known_valid(key)):
        _VALID_HERE.add(key)
        return key
    from frictionless import Package  # slow import, only when the data changed

    _check_delimiters(descriptor, folder)
    pinned = copy.deepcopy(descriptor)
    for res in pinned["resources"]:  # read exactly as pandas will: comma-separated UTF-8, never sniffed
        res.setdefault("dialect", {"csv": {"delimiter": ","}})
        res.setdefault("encoding", "utf-8")
    try:
        # each schema says fieldsMatch "equal": columns match by name, so a missing column is named
        report = Package(pinned, basepath=str(folder)).validate()
    except Exception as e:  # frictionless raises on unreadable metadata
        detail = str(e) if shows_library_words() else t("data.problem.other")
        raise DataError(
            t("data.invalid", where=t("data.where", file=PACKAGE_FILE), kind="metadata", detail=detail, more=""),
            file=PACKAGE_FILE,
        ) from None
    if not report.valid:
        raise _first_error(report, descriptor, folder)
    _check_rows_and_addresses(descriptor, folder)
    _check_list_references(descriptor, folder)
    _remember_valid(key)
    _VALID_HERE.add(key)
    return key


def _read_csv(path: Path, **kw) -> pd.DataFrame:
    """A CSV as strings; a file pandas cannot read becomes a DataError naming it."""
    try:
        return pd.read_csv(path, dtype=str, encoding="utf-8", **kw)
    except (OSError, UnicodeDecodeError) as e:
        raise _unreadable(path, e) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
        raise DataError(t("data.unreadable", file=_show(path), reason=t("data.reason.parse")), file=str(path)) from e


def _check_delimiters(descriptor: dict, folder: Path) -> None:
    """A CSV saved with ";" or tabs (as a spreadsheet in many locales does) is named as such, before
    frictionless (which would guess the separator and pass it) or pandas (which would fail)."""
    for res in descriptor["resources"]:
        path = folder / res["path"]
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                header = f.readline().strip()
        except (OSError, UnicodeDecodeError) as e:
            raise _unreadable(path, e) from None
        if "," in header:
            continue
        for sep in (";", "\t", "|"):
            if sep in header:
                file = _show(path)
                raise DataError(
                    t(
                        "data.unreadable",
                        file=file,
                        reason=t("data.reason.delimiter", sep="tab" if sep == "\t" else sep),
                    ),
                    file=file,
                    row=1,
                )


def _check_rows_and_addresses(descriptor: dict, folder: Path) -> None:
    """Every table has at least one row (a header alone would make counts 0 and exercises accept 0);
    every web address (a field with format "uri") is http or https: javascript:, data:, file: … are refused."""

    for res in descriptor["resources"]:
        path = folder / res["path"]
        frame = _read_csv(path, keep_default_na=False)
        file = _show(path)
        if frame.empty:
            raise DataError(t("data.empty_resource", file=file, name=res["name"]), file=file, row=2)
        for field in res["schema"]["fields"]:
            if field.get("format") != "uri" or field["name"] not in frame:
                continue
            for i, value in enumerate(frame[field["name"]]):
                if value and web_url(value) is None:
                    where = (
                        t("data.where", file=file)
                        + t("data.where_column", column=field["name"])
                        + t("data.where_row", row=i + 2)
                    )
                    detail = t("data.bad_value", value=value[:80]) + " " + t("data.not_web_url")
                    raise DataError(
                        t("data.invalid", where=where, kind="uri", detail=detail, more=""),
                        file=file,
                        column=field["name"],
                        row=i + 2,
                    )


LIST_REFERENCE = "lessons:listOf"  # a field holding "a;b;c", each of which must exist in another resource


def _check_list_references(descriptor: dict, folder: Path) -> None:
    """Frictionless foreign keys take one value per cell; a few fields hold several (source_ids,
    actors). Check each part against the resource the field's "lessons:listOf" names."""
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    frames: dict[str, pd.DataFrame] = {}

    def frame(name: str) -> pd.DataFrame:
        if name not in frames:
            frames[name] = _read_csv(folder / resources[name]["path"], keep_default_na=False)
        return frames[name]

    for res in resources.values():
        for field in res["schema"]["fields"]:
            ref = field.get(LIST_REFERENCE)
            if not ref:
                continue
            if not isinstance(ref, dict) or ref.get("resource") not in resources:
                where = t("data.where", file=PACKAGE_FILE) + t("data.where_column", column=field["name"])
                raise DataError(
                    t("data.bad_descriptor", where=where, what=t("data.shape.list_of")),
                    file=PACKAGE_FILE,
                    column=field["name"],
                )
            allowed = set(frame(ref["resource"])[ref["field"]])
            for i, cell in enumerate(frame(res["name"])[field["name"]]):
                for part in filter(None, cell.split(";")):
                    if part not in allowed:
                        file = _show(folder / res["path"])
                        where = (
                            t("data.where", file=file)
                            + t("data.where_column", column=field["name"])
                            + t("data.where_row", row=i + 2)
                        )
                        detail = (
                            t("data.bad_value", value=part)
                            + " "
                            + t("data.unknown_reference", resource=ref["resource"], field=ref["field"])
                        )
                        raise DataError(
                            t("data.invalid", where=where, kind="foreign-key", detail=detail, more=""),
                            file=file,
                            column=field["name"],
                            row=i + 2,
                        )


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        col = frame[name]
        if kind == "integer" or kind == "year":
            frame[name] = pd.to_numeric(col).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(col).astype("Float64")
        elif kind == "boolean":
            frame[name] = col.map({"true": True, "false": False}).astype("boolean")
        elif kind == "date":
            frame[name] = pd.to_datetime(col, format="%Y-%m-%d")
        else:
            frame[name] = col.astype("string")
    return frame


@cache
def _load_cached(name: str, folder: str, key: str) -> pd.DataFrame:
    folder_path = Path(folder)
    descriptor = _descriptor(folder_path)
    res = _resource(descriptor, name)
    frame = _read_csv(folder_path / res["path"], keep_default_na=False, na_values=[""])
    try:
        return _typed(frame, res["schema"])
    except (KeyError, ValueError, TypeError) as e:  # validated, so only a file changed under us gets here
        raise DataError(
            t("data.unreadable", file=_show(folder_path / res["path"]), reason=t("data.reason.parse")), file=res["path"]
        ) from e


def load(name: str) -> pd.DataFrame:
    """The resource `name` (e.g. "claims") as a DataFrame, after the package validates.

    Raises DataError with the file, column and row of the first problem.
    """
    folder = data_dir()
    descriptor = _descriptor(folder)
    _resource(descriptor, name)
    key = _validated_key(folder, descriptor)
    return _load_cached(name, str(folder), key).copy()


def version() -> str:
    """A fingerprint of the validated data: a cache keyed on it is dropped when any file changes."""
    folder = data_dir()
    return _validated_key(folder, _descriptor(folder))


def package_info() -> dict:
    """The data package's own metadata (title, asOf date, licences) without resources."""
    descriptor = _descriptor(data_dir())
    return copy.deepcopy({k: v for k, v in descriptor.items() if k != "resources"})


def describe(name: str, lang: str) -> str:
    """A resource's description in `lang`."""
    return _resource(_descriptor(data_dir()), name)["descriptions"][lang]


def as_of():
    """The date the data describes (the data package's `asOf`), as a pandas Timestamp."""
    return pd.Timestamp(package_info()["asOf"])
