"""Shared fixtures: repository paths, a private progress folder, and Chromium discovery."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
DATA = REPO / "data"
ARTIFACTS = REPO / "artifacts"
NETGUARD = Path(__file__).resolve().parent / "support" / "netguard"
LANGS = ("vi", "en")


def lesson_ids() -> list[str]:
    """["00", "01", …]: every lesson in the registry (lessons/registry.toml), what tests parametrise over."""
    from lessons.core import registry

    return registry.ids()


def notebook_names() -> list[str]:
    """Each lesson's notebook file name (the same in every language), in lesson order."""
    from lessons.core import registry

    return [x.notebook for x in registry.lessons()]


def chromium_path() -> str | None:
    candidate = os.environ.get("LESSONS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(autouse=True)
def _private_progress(tmp_path, monkeypatch):
    """Every test saves answers and caches under its own temporary folder."""
    monkeypatch.setenv("LESSONS_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    import lessons.core.config as config

    config.set_language("en")
    yield


def pytest_collection_modifyitems(config, items):
    """Browser tests skip without Chromium, except under CI=true where they must run."""
    if chromium_path():
        return
    if os.environ.get("CI", "").lower() == "true":
        return  # they will fail loudly, as they should
    skip = pytest.mark.skip(reason="Chromium not found (install Debian's chromium or set LESSONS_CHROMIUM)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that a test may damage; the loader reads it, with its own cache."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    monkeypatch.setenv("LESSONS_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return folder


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, every request leaving the machine blocked (support.browser.Offline);
    one per test module."""
    from support.browser import Offline

    path = chromium_path()
    if path is None:
        pytest.fail("Chromium is required here (CI=true); install Debian's chromium")
    b = Offline(path)
    yield b
    b.close()
