"""One folder per lesson: `figures.py` (pure: data in, figures and HTML out), `explorer.py` (the
widgets, on `lessons.viz.explorer.Explorer`), `api.py` (the public calls: load, read the language,
draw). A lesson's `__init__` re-exports its names; the explorer's only when asked for, so that
importing the figures never imports ipywidgets."""

from __future__ import annotations

import importlib


def lazy(package: str, names: dict[str, str]):
    """A module `__getattr__` for `package` that imports `names` ({name: submodule}) on first use;
    any other name (a helper such as `_when`) is looked up in the lesson's figures module."""

    def __getattr__(name: str):
        if name in names:
            return getattr(importlib.import_module(f"{package}.{names[name]}"), name)
        figures = importlib.import_module(f"{package}.figures")
        if not name.startswith("__") and hasattr(figures, name):
            return getattr(figures, name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
