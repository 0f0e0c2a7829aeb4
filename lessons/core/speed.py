"""Start-up costs the course does not need to pay.

plotly's renderers import nbformat, nbformat imports jsonschema, and jsonschema imports its
format checkers eagerly. One of them, `rfc3987_syntax` (the non-GPL checker for the "iri"
formats, pulled in by Jupyter's `jsonschema[format-nongpl]`), compiles about 40 Lark grammars
at import: ≈ 2 s of every kernel's first figure on a 2-core machine, for a check no course
code uses (jsonschema issue #1428; the maintained fork `rfc3987-syntax2` loads lazily).

`defer_iri_grammars()` puts a small stand-in module in its place before anything imports it.
The stand-in has the same `is_valid_syntax`; the real grammars load the first time something
actually validates an IRI, so behaviour is unchanged, only later.
"""

from __future__ import annotations

import importlib.util
import sys
import types

IRI_MODULE = "rfc3987_syntax"


def _real():
    import importlib

    return importlib.import_module(IRI_MODULE + ".syntax_helpers")  # found through the stand-in's __path__


def defer_iri_grammars() -> bool:
    """Install the stand-in unless the real module is already loaded or absent; True if installed."""
    if IRI_MODULE in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(IRI_MODULE)
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.submodule_search_locations:
        return False
    stub = types.ModuleType(IRI_MODULE, "Stand-in that loads rfc3987_syntax's grammars on first use (lessons.speed).")
    stub.__spec__ = spec
    stub.__path__ = list(spec.submodule_search_locations)
    stub.__file__ = spec.origin
    stub.__lessons_deferred__ = True

    def is_valid_syntax(rule: str, value: str) -> bool:
        return _real().is_valid_syntax(rule, value)

    def __getattr__(name: str):
        if name.startswith("__") or name == "syntax_helpers":  # import machinery probing the package
            raise AttributeError(name)
        return getattr(_real(), name)

    stub.is_valid_syntax = is_valid_syntax
    stub.__getattr__ = __getattr__
    sys.modules[IRI_MODULE] = stub
    return True
