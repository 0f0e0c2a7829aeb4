"""Course-wide settings: the current language and where data, progress and caches live."""

from __future__ import annotations

import os
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent

_state = {"lang": DEFAULT_LANGUAGE}


def get_language() -> str:
    """The language the course currently speaks ("vi" or "en")."""
    return _state["lang"]


def set_language(lang: str) -> str:
    """Switch the course language; raises ValueError (with the allowed values) otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _state["lang"] = lang
    return lang


def data_dir() -> Path:
    """Folder holding datapackage.json and the CSVs (LESSONS_DATA_DIR overrides it)."""
    return Path(os.environ.get("LESSONS_DATA_DIR", REPO_DIR / "data"))


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
