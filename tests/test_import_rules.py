"""Import rules of the lessons package, read from the source with `ast` (imports inside functions count):

(a) no import cycle among lessons.* modules;
(b) layers: core imports no other layer, viz only core, topics core, viz and other topics (lesson 08 draws
    on the others; never in a cycle),
    exercises core and viz; tools and the public API may import anything;
(c) the pure modules (data access, figures, exercise checks, viz) import nothing that needs processes,
    signals, threads or file locks, directly or through another lessons module, so that they can run in a
    browser-only Python (Pyodide) one day.

The rules are data (below): adjust the paths here when modules move.
"""

from __future__ import annotations

import ast
import fnmatch
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "lessons"

# --- the rules ------------------------------------------------------------------------------------------
# Layer of a module: the longest prefix that matches. The package itself ("lessons", its __init__) re-exports
# the public API, so it counts as the API layer.
LAYERS = {
    "lessons.core": "core",
    "lessons.viz": "viz",
    "lessons.topics": "topics",
    "lessons.exercises": "exercises",
    "lessons.tools": "tools",
    "lessons.api": "api",
    "lessons": "api",
}
EVERY_LAYER = frozenset(LAYERS.values())
MAY_IMPORT = {
    "core": {"core"},
    "viz": {"core", "viz"},
    "topics": {"core", "viz", "topics"},  # lesson 08 (synthesis) draws on the other lessons' topics
    "exercises": {"core", "viz", "exercises"},
    "tools": EVERY_LAYER,
    "api": EVERY_LAYER,
}
# A module may always import its own unit: lessons.topics.<name>.* (a topic's figures and its explorer).
OWN_UNIT_DEPTH = {"topics": 3}

# Pure modules (module-name patterns), and the ones among them allowed to start processes.
PURE = (
    "lessons.core",
    "lessons.core.*",
    "lessons.topics.*.figures",
    "lessons.viz",
    "lessons.viz.*",
    "lessons.exercises.checks",
)
PURE_EXCEPT: tuple[str, ...] = ()  # e.g. "lessons.core.runner" if a core module must start processes
NEEDS_PROCESSES = {"subprocess", "signal", "threading", "multiprocessing", "fcntl", "resource", "socket"}
# Third-party packages that are only there to coordinate processes: as bad as the modules above.
THIRD_PARTY_NEEDS_PROCESSES = {"filelock": "locks files between processes (fcntl)"}


# --- reading the imports --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    source: str  # module that imports
    target: str  # module imported (a lessons module, or a top-level third-party/stdlib name)
    line: int
    where: str  # "top" or the function it sits in

    @property
    def at(self) -> str:
        return f"{self.source.replace('.', '/')}.py:{self.line}" + (
            "" if self.where == "top" else f" in {self.where}()"
        )


def module_files(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """{module name: file} for every module of `package` under `root`."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """Every import statement in one module, at any depth (functions, methods, try blocks); not the ones
    under `if TYPE_CHECKING:`, which never run. Each is resolved to a lessons module or a top-level name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: list[Import] = []

    def resolve_from(node: ast.ImportFrom) -> list[str]:
        if node.level:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        targets = []
        for alias in node.names:
            sub = f"{module}.{alias.name}"
            targets.append(sub if sub in modules else module)
        return targets

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub, where)
                continue
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else where
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                targets = resolve_from(child)
            elif (
                isinstance(child, ast.Call)
                and ast.unparse(child.func) in ("importlib.import_module", "import_module", "__import__")
                and child.args
                and isinstance(child.args[0], ast.Constant)
                and isinstance(child.args[0].value, str)
            ):
                targets = [child.args[0].value]
            for target in dict.fromkeys(targets):  # `from x import a, b`: one import of x
                if not (target == PACKAGE or target.startswith(PACKAGE + ".")):
                    target = target.split(".")[0]
                else:
                    while target not in modules and "." in target:  # `import lessons.core.x.attr` → module
                        target = target.rpartition(".")[0]
                found.append(Import(name, target, child.lineno, where))
            visit(child, inner)

    visit(tree, "top")
    return found


def graph(root: Path = ROOT) -> tuple[dict[str, Path], dict[str, list[Import]]]:
    modules = module_files(root)
    return modules, {name: imports_of(name, path, modules) for name, path in modules.items()}


def internal(edges: list[Import], modules) -> list[Import]:
    return [e for e in edges if e.target in modules and e.target != e.source]


# --- (a) cycles -----------------------------------------------------------------------------------------


def cycles(modules: dict[str, Path], imports: dict[str, list[Import]]) -> list[list[Import]]:
    """One concrete cycle (as its import statements) per strongly connected group of modules (Tarjan)."""
    succ = {m: internal(imports[m], modules) for m in modules}
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    counter = [0]

    def strong(v):  # recursion depth is bounded by the number of modules (~40)
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for e in succ[v]:
            w = e.target
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for m in sorted(modules):
        if m not in index:
            strong(m)

    found = []
    for group in groups:
        start = min(group)
        # shortest path start → … → start inside the group (breadth first)
        paths = {start: []}
        queue = [start]
        cycle = None
        while queue and cycle is None:
            v = queue.pop(0)
            for e in sorted(succ[v], key=lambda e: (e.target, e.line)):
                if e.target not in group:
                    continue
                if e.target == start:
                    cycle = paths[v] + [e]
                    break
                if e.target not in paths:
                    paths[e.target] = paths[v] + [e]
                    queue.append(e.target)
        found.append(cycle)
    return found


def describe_cycle(cycle: list[Import]) -> str:
    return " → ".join([cycle[0].source] + [f"{e.target} ({e.at})" for e in cycle])


# --- (b) layers -----------------------------------------------------------------------------------------


def layer_of(module: str) -> str:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def layer_violations(modules, imports, layer: str) -> list[str]:
    found = []
    for name in sorted(modules):
        if layer_of(name) != layer:
            continue
        depth = OWN_UNIT_DEPTH.get(layer)
        for e in internal(imports[name], modules):
            other = layer_of(e.target)
            same_unit = depth and e.target.split(".")[:depth] == name.split(".")[:depth]
            if other not in MAY_IMPORT[layer] and not same_unit:
                found.append(f"{e.at}: {layer} imports {e.target} ({other})")
    return found


# --- (c) pure modules -----------------------------------------------------------------------------------


def is_pure(module: str) -> bool:
    return any(fnmatch.fnmatchcase(module, p) for p in PURE) and not any(
        fnmatch.fnmatchcase(module, p) for p in PURE_EXCEPT
    )


def process_imports(start: str, modules, imports) -> list[str]:
    """Every import of a process-, signal-, thread- or lock-needing module reachable from `start`
    through lessons modules, with the chain that reaches it."""
    chains = {start: [start]}
    queue = [start]
    found = []
    while queue:
        v = queue.pop(0)
        for e in imports[v]:
            if e.target in modules:
                if e.target not in chains:
                    chains[e.target] = chains[v] + [e.target]
                    queue.append(e.target)
            elif e.target in NEEDS_PROCESSES or e.target in THIRD_PARTY_NEEDS_PROCESSES:
                why = THIRD_PARTY_NEEDS_PROCESSES.get(e.target, "")
                via = " → ".join(chains[v])
                found.append(f"{e.at}: imports {e.target}{f' ({why})' if why else ''}; reached by {via}")
    return found


# --- the tests on the real package ----------------------------------------------------------------------

MODULES, IMPORTS = graph()


def test_the_import_reader_sees_the_whole_package():
    assert {"lessons", "lessons.api", "lessons.core.config", "lessons.core.text"} <= set(MODULES)
    inside = [e for edges in IMPORTS.values() for e in edges if e.where != "top"]
    assert inside, "imports inside functions are read too"


def test_no_import_cycle_among_lessons_modules():
    found = cycles(MODULES, IMPORTS)
    assert not found, "import cycles (each shown once, with the lines that close it):\n" + "\n".join(
        describe_cycle(c) for c in found
    )


@pytest.mark.parametrize("layer", sorted(set(MAY_IMPORT) - {"tools", "api"}))
def test_a_layer_imports_only_the_layers_below_it(layer):
    found = layer_violations(MODULES, IMPORTS, layer)
    allowed = ", ".join(sorted(MAY_IMPORT[layer]))
    assert not found, f"{layer} may import only {allowed}:\n" + "\n".join(found)


PURE_MODULES = sorted(m for m in MODULES if is_pure(m))


def test_the_pure_patterns_match_modules():
    assert any(layer_of(m) == "core" for m in PURE_MODULES) and any(layer_of(m) == "viz" for m in PURE_MODULES)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_a_pure_module_needs_no_process_signal_thread_or_lock(module):
    found = process_imports(module, MODULES, IMPORTS)
    assert not found, f"{module} must run without processes (Pyodide):\n" + "\n".join(found)


# --- the rules catch what they should (a throw-away package in a temporary folder) ----------------------

PROBES = {
    "cycle through a function": (
        {
            "lessons/core/a.py": "from lessons.core import b\n",
            "lessons/core/b.py": "def f():\n    from lessons.core.a import x\n",
        },
        {"cycles": 1},
    ),
    "relative imports form a cycle": (
        {
            "lessons/viz/a.py": "from . import b\n",
            "lessons/viz/b.py": "from .a import thing\n",
        },
        {"cycles": 1},
    ),
    "type-checking imports never run": (
        {
            "lessons/core/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from lessons.viz import b\n",
            "lessons/viz/b.py": "from lessons.core import a\n",
        },
        {"cycles": 0, "core": 0},
    ),
    "core importing viz inside a method": (
        {
            "lessons/core/a.py": "class A:\n    def m(self):\n        import lessons.viz.b\n",
            "lessons/viz/b.py": "",
        },
        {"core": 1},
    ),
    "a topic may import its own folder and another topic, not the exercises": (
        {
            "lessons/topics/trade/figures.py": (
                "from lessons.topics.trade import data\nfrom lessons.topics.votes import x\n"
                "from lessons.exercises import bank\n"
            ),
            "lessons/topics/trade/data.py": "",
            "lessons/topics/votes/__init__.py": "x = 1\n",
            "lessons/exercises/bank.py": "",
        },
        {"topics": 1},
    ),
    "core importing the package's __init__ is importing the API": (
        {"lessons/__init__.py": "", "lessons/core/a.py": "from lessons import load\n"},
        {"core": 1},
    ),
    "a figure reaching subprocess through a core module": (
        {
            "lessons/topics/trade/figures.py": "from lessons.core import run\n",
            "lessons/core/run.py": "def go():\n    import subprocess\n",
        },
        {"pure:lessons.topics.trade.figures": 1, "pure:lessons.core.run": 1},
    ),
    "filelock in data access": (
        {"lessons/core/data.py": "import filelock\n"},
        {"pure:lessons.core.data": 1},
    ),
    "dynamic import of a lessons module": (
        {
            "lessons/core/a.py": "import importlib\ndef f():\n    importlib.import_module('lessons.tools.lab')\n",
            "lessons/tools/lab.py": "",
        },
        {"core": 1},
    ),
    "tools may import anything; threading outside the pure modules is fine": (
        {
            "lessons/tools/lab.py": "import threading\nfrom lessons.topics.trade import figures\n",
            "lessons/topics/trade/figures.py": "",
        },
        {"cycles": 0, "tools": 0, "pure:lessons.topics.trade.figures": 0},
    ),
}


@pytest.mark.parametrize("probe", PROBES, ids=list(PROBES))
def test_the_rules_catch_what_they_should(tmp_path, probe):
    files, expected = PROBES[probe]
    for rel, source in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    modules, imports = graph(tmp_path)
    for what, count in expected.items():
        if what == "cycles":
            got = cycles(modules, imports)
        elif what.startswith("pure:"):
            module = what.partition(":")[2]
            assert is_pure(module)
            got = process_imports(module, modules, imports)
        else:
            got = layer_violations(modules, imports, what)
        assert len(got) == count, (what, got)
