"""Course-wide settings: the current language and where data, progress and caches live."""

from __future__ import annotations

import os
from pathlib import Path

from lessons.core.exceptions import LanguageError

# The languages the course speaks, each with lessons/i18n/<code>.json (its strings and its "locale." block)
# and <column>_<code> columns in the data. The only place a language code is written in the code;
# tests/test_locale.py checks it.
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # lessons/
REPO_DIR = PACKAGE_DIR.parent

_state = {"lang": DEFAULT_LANGUAGE}


def get_language() -> str:
    """The language the course currently speaks ("vi" or "en")."""
    return _state["lang"]


def set_language(lang: str) -> str:
    """Switch the course language; otherwise a LanguageError (a CourseError and a ValueError) in the
    current language, naming the allowed values."""
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise language_error(lang)
    _state["lang"] = lang
    return lang


def language_error(value, origin: str | None = None) -> LanguageError:
    """The error for a language the course does not speak (message in the current language).
    `origin` names where the value came from (e.g. the LESSONS_LANG variable)."""
    return LanguageError(value, origin)


def data_dir() -> Path:
    """Folder holding datapackage.json and the CSVs (LESSONS_DATA_DIR overrides it): the repository's
    data/ beside the package, else the copy an installed package carries (lessons/dataset, pyproject.toml)."""
    if "LESSONS_DATA_DIR" in os.environ:
        return Path(os.environ["LESSONS_DATA_DIR"])
    beside = REPO_DIR / "data"
    return beside if (beside / "datapackage.json").is_file() else PACKAGE_DIR / "dataset"


def cache_dir() -> Path:
    """Per-user cache folder (validation results), outside the repository."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "iran-russia-course"


def infer_language(cwd: Path | None = None) -> str | None:
    """Guess the notebook's language from its path (notebooks/vi/… or notebooks/en/…).

    Jupyter sets JPY_SESSION_NAME to the notebook path; otherwise the kernel's working
    directory is the notebook's folder. Returns None when neither names a language.
    """
    candidates = []
    session = os.environ.get("JPY_SESSION_NAME")
    if session:
        candidates.append(Path(session).parent)
    candidates.append(Path(cwd) if cwd is not None else Path.cwd())
    for folder in candidates:
        if folder.name in LANGUAGES:
            return folder.name
    return None
