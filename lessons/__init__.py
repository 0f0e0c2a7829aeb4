"""The Iran–Russia course package: data, figures, widgets and exercises for the notebooks.

A notebook's import cell is `import lessons as L; L.setup()`; the rest are short calls such as
`L.course_map()` or `L.claims_explorer()`. This file only re-exports them: the public names are
the course-wide calls and every lesson's declared calls in the lesson registry
(`lessons/registry.toml`, read by `lessons/core/registry.py`). Each is imported the first time it
is used (PEP 562), so `import lessons` stays fast, and wrapped once by `errors.public`, so a bad
argument gives a message in the notebook's language, never a traceback.
How the package is laid out: docs/maintainers.md.
"""

from __future__ import annotations

from lessons.core.speed import defer_iri_grammars

defer_iri_grammars()  # before anything imports jsonschema: saves ≈ 2 s per kernel (see lessons/core/speed.py)

from lessons.core import registry as _registry  # noqa: E402

__all__ = _registry.public_names()


def __getattr__(name: str):
    """A public call, imported and wrapped with errors.public the first time it is asked for."""
    if name not in _registry.public_names():
        raise AttributeError(f"module 'lessons' has no attribute {name!r}")
    obj = _registry.resolve(name)
    if callable(obj) and not isinstance(obj, type) and not getattr(obj, "__lessons_public__", False):
        from lessons.core.errors import public

        obj = public(obj, name=name)
    globals()[name] = obj
    if name not in __all__:  # a lesson registered after import (LESSONS_EXTRA_REGISTRY, registry.reload())
        __all__.append(name)
    return obj


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_registry.public_names()))


def _sync() -> None:
    """After `registry.reload()`: `__all__` lists the registry's names again; names it no longer
    declares are forgotten."""
    names = _registry.public_names()
    for name in set(__all__) - set(names):
        globals().pop(name, None)
    __all__[:] = names
