"""The lesson registry: every lesson declared once, in `lessons/registry.toml`.

Each entry gives the lesson's id, folder, notebook, titles, colour, data resources, public calls
(figures, explorers, other calls), plan and sources rules. Everything that lists lessons asks this
module: `lessons/__init__.py` (the public names), `L.sources(n)` (lessons/core/sourcing.py), the
course map's colours, the lesson plans and editions, handouts, presenter mode, the benchmark's
widget list (`explorers()`) and the tests' parametrisation.

More lessons can come from other registry files (same format) named in the environment variable
``LESSONS_EXTRA_REGISTRY`` (paths separated by the system's path separator); kernels started by
editions, handouts or presenter mode inherit it. In such a file the lesson folders live next to the
file (or under its ``topics`` key) and its notebooks under its ``notebooks`` key (default
``notebooks/``), both relative to the file.

Reading the registry imports nothing but the standard library (`import lessons` stays fast);
a call's module is imported when the call is first used. The file is checked when it is read:
an unknown key, a missing title in a course language, a duplicate id, folder or call, a colour
that is not "#rrggbb" or a sources rule on a table the lesson does not declare raises
RegistryError naming the file, the lesson and the field. `check()` also imports every call.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lessons.core.config import LANGUAGES, PACKAGE_DIR

MAIN = PACKAGE_DIR / "registry.toml"
EXTRA_ENV = "LESSONS_EXTRA_REGISTRY"
DEFAULT_TOPICS_PACKAGE = "lessons.topics"

_ID = re.compile(r"^[0-9]{2}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_FILE_KEYS = {"notebooks", "topics", "course", "lesson"}
_COURSE_KEYS = {"module", "calls"}
_LESSON_KEYS = {
    "id",
    "folder",
    "notebook",
    "title",
    "color",
    "resources",
    "figures",
    "explorers",
    "calls",
    "plan",
    "module",
    "sources",
}
_REQUIRED = ("id", "folder", "notebook", "title", "color", "resources", "plan", "sources")
_RULE_KEYS = {"table", "columns", "where", "ids"}
_CONDITION_KEYS = {"min", "max", "in"}


class RegistryError(ValueError):
    """A registry file that breaks its format; the message names the file, the lesson and the field."""


@dataclass(frozen=True)
class Rule:
    """One sources rule: literal `ids`, or every id in `columns` of `table`'s rows matching `where`."""

    table: str | None = None
    columns: tuple[str, ...] = ()
    where: dict = field(default_factory=dict)
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    id: str
    folder: str
    notebook: str
    title: dict
    color: str
    resources: tuple[str, ...]
    figures: tuple[str, ...]
    explorers: tuple[str, ...]
    calls: tuple[str, ...]
    plan: str
    module: str
    sources: tuple[Rule, ...]
    registry: Path  # the file that declares it
    notebooks_dir: Path
    topics_dir: Path

    @property
    def number(self) -> int:
        return int(self.id)

    @property
    def public(self) -> tuple[str, ...]:
        """Every public call the lesson declares: figures, explorers, then the others."""
        return self.figures + self.explorers + self.calls

    @property
    def path(self) -> Path:
        """The lesson's folder (its api.py and exercises.toml)."""
        return self.topics_dir / self.folder

    def notebook_path(self, lang: str, notebooks_dir: Path | None = None) -> Path:
        """notebooks/<lang>/<notebook>; `notebooks_dir` replaces the folder for the course's own lessons."""
        base = Path(notebooks_dir) if notebooks_dir is not None and self.registry == MAIN else self.notebooks_dir
        return base / lang / self.notebook


@dataclass(frozen=True)
class Registry:
    lessons: tuple[Lesson, ...]
    course_module: str
    course_calls: tuple[str, ...]
    files: tuple[Path, ...]


_cache: dict[tuple, Registry] = {}


def _files() -> tuple[Path, ...]:
    extra = [Path(p) for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p.strip()]
    return (MAIN, *extra)


def current() -> Registry:
    """The registry: the course's file plus any named in LESSONS_EXTRA_REGISTRY (read once per set of files)."""
    files = _files()
    if files not in _cache:
        _cache[files] = _read(files)
    return _cache[files]


def reload() -> Registry:
    """Read the registry files again (after one changed, or LESSONS_EXTRA_REGISTRY did); the
    package's public names (`lessons.__all__`) follow."""
    _cache.clear()
    _forget_extra_folders()
    registry = current()
    package = sys.modules.get("lessons")
    if package is not None and hasattr(package, "_sync"):
        package._sync()
    return registry


# --- reading and checking ------------------------------------------------------------------


def _fail(where: str, message: str):
    raise RegistryError(f"{where}: {message}")


def _strings(value, where: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        _fail(where, f"field {name!r} must be a list of names, not {value!r}")
    if len(set(value)) != len(value):
        _fail(where, f"field {name!r} names something twice: {value!r}")
    return tuple(value)


def _rule(raw, where: str, resources: tuple[str, ...]) -> Rule:
    if not isinstance(raw, dict):
        _fail(where, f"a sources rule must be a table, not {raw!r}")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        _fail(where, f"unknown key {sorted(unknown)[0]!r} in a sources rule (known: {', '.join(sorted(_RULE_KEYS))})")
    if "ids" in raw:
        if set(raw) != {"ids"}:
            _fail(where, "a sources rule with 'ids' takes nothing else")
        return Rule(ids=_strings(raw["ids"], where, "sources.ids"))
    if "table" not in raw or "columns" not in raw:
        _fail(where, "a sources rule needs 'table' and 'columns' (or 'ids')")
    table = raw["table"]
    if table not in resources:
        _fail(where, f"sources rule on table {table!r}, which is not in the lesson's 'resources'")
    where_ = raw.get("where", {})
    if not isinstance(where_, dict):
        _fail(where, f"'where' must be a table of column = value, not {where_!r}")
    for column, condition in where_.items():
        if isinstance(condition, dict):
            bad = set(condition) - _CONDITION_KEYS
            if bad or not condition:
                _fail(where, f"condition on {column!r} takes {', '.join(sorted(_CONDITION_KEYS))}, not {condition!r}")
    return Rule(table=table, columns=_strings(raw["columns"], where, "sources.columns"), where=dict(where_))


def _lesson(raw, path: Path, notebooks_dir: Path, topics_dir: Path) -> Lesson:
    where = f"{path}, lesson {raw.get('id', '?')!r}" if isinstance(raw, dict) else str(path)
    if not isinstance(raw, dict):
        _fail(where, f"each [[lesson]] must be a table, not {raw!r}")
    unknown = set(raw) - _LESSON_KEYS
    if unknown:
        _fail(where, f"unknown field {sorted(unknown)[0]!r} (known: {', '.join(sorted(_LESSON_KEYS))})")
    for name in _REQUIRED:
        if name not in raw:
            _fail(where, f"missing field {name!r}")
    lesson_id = raw["id"]
    if not isinstance(lesson_id, str) or not _ID.match(lesson_id):
        _fail(where, f"field 'id' must be two digits in quotes (\"09\"), not {lesson_id!r}")
    folder = raw["folder"]
    if not isinstance(folder, str) or not _NAME.match(folder):
        _fail(where, f"field 'folder' must be a lower-case Python name, not {folder!r}")
    notebook = raw["notebook"]
    if not isinstance(notebook, str) or not notebook.startswith(f"{lesson_id}-") or not notebook.endswith(".ipynb"):
        _fail(where, f"field 'notebook' must be a file name like '{lesson_id}-name.ipynb', not {notebook!r}")
    title = raw["title"]
    if not isinstance(title, dict):
        _fail(where, f"field 'title' must give one title per language ({', '.join(LANGUAGES)})")
    for lang in LANGUAGES:
        if not isinstance(title.get(lang), str) or not title[lang].strip():
            _fail(where, f"field 'title' has no title in {lang!r}")
    extra_langs = set(title) - set(LANGUAGES)
    if extra_langs:
        _fail(where, f"field 'title' has a language the course does not speak: {sorted(extra_langs)[0]!r}")
    color = raw["color"]
    if not isinstance(color, str) or not _COLOR.match(color):
        _fail(where, f"field 'color' must be a hex colour like '#4c78a8', not {color!r}")
    plan = raw["plan"]
    if not isinstance(plan, str) or "{lang}" not in plan:
        _fail(where, f"field 'plan' must be a file path with {{lang}} in it, not {plan!r}")
    module = raw.get("module", f"{DEFAULT_TOPICS_PACKAGE}.{folder}.api")
    if not isinstance(module, str) or not all(_NAME.match(part) for part in module.split(".")):
        _fail(where, f"field 'module' must be a module name, not {module!r}")
    calls = {name: _strings(raw.get(name, []), where, name) for name in ("figures", "explorers", "calls")}
    for name, values in calls.items():
        for value in values:
            if not _NAME.match(value):
                _fail(where, f"field {name!r}: {value!r} is not a call name")
    resources = _strings(raw["resources"], where, "resources")
    if not isinstance(raw["sources"], list):
        _fail(where, "field 'sources' must be a list of rules")
    rules = tuple(_rule(r, f"{where}, field 'sources'", resources) for r in raw["sources"])
    return Lesson(
        id=lesson_id,
        folder=folder,
        notebook=notebook,
        title=dict(title),
        color=color,
        resources=resources,
        figures=calls["figures"],
        explorers=calls["explorers"],
        calls=calls["calls"],
        plan=plan,
        module=module,
        sources=rules,
        registry=path,
        notebooks_dir=notebooks_dir,
        topics_dir=topics_dir,
    )


def _read(files: tuple[Path, ...]) -> Registry:
    lessons: list[Lesson] = []
    course_module, course_calls = None, ()
    for path in files:
        path = Path(path).resolve() if path != MAIN else MAIN
        try:
            with path.open("rb") as f:
                data = tomllib.load(f)
        except OSError as e:
            _fail(str(path), f"cannot read the registry file ({e.strerror or e})")
        except tomllib.TOMLDecodeError as e:
            _fail(str(path), f"not valid TOML ({e})")
        unknown = set(data) - _FILE_KEYS
        if unknown:
            _fail(str(path), f"unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_FILE_KEYS))})")
        base = path.parent
        notebooks_dir = (base / data.get("notebooks", "notebooks")).resolve()
        topics_dir = PACKAGE_DIR / "topics" if path == MAIN else (base / data.get("topics", ".")).resolve()
        if "course" in data:
            course = data["course"]
            if path != MAIN:
                _fail(str(path), "only the course's own registry declares [course]")
            bad = set(course) - _COURSE_KEYS
            if bad:
                _fail(f"{path}, [course]", f"unknown field {sorted(bad)[0]!r}")
            course_module = course.get("module")
            course_calls = _strings(course.get("calls", []), f"{path}, [course]", "calls")
        raw_lessons = data.get("lesson", [])
        if not isinstance(raw_lessons, list):
            _fail(str(path), "lessons are declared as [[lesson]] tables")
        for raw in raw_lessons:
            lessons.append(_lesson(raw, path, notebooks_dir, topics_dir))
    if course_module is None:
        _fail(str(MAIN), "missing [course] with 'module' and 'calls'")
    seen: dict[str, Lesson] = {}
    folders: dict[str, Lesson] = {}
    names: dict[str, str] = {name: "[course]" for name in course_calls}
    for lesson in lessons:
        where = f"{lesson.registry}, lesson {lesson.id!r}"
        if lesson.id in seen:
            _fail(where, f"duplicate id {lesson.id!r} (also declared in {seen[lesson.id].registry})")
        seen[lesson.id] = lesson
        if lesson.folder in folders:
            _fail(where, f"field 'folder': {lesson.folder!r} is already lesson {folders[lesson.folder].id}'s")
        folders[lesson.folder] = lesson
        for name in lesson.public:
            if name in names:
                _fail(where, f"call {name!r} is already declared by {names[name]}")
            names[name] = f"lesson {lesson.id}"
    return Registry(
        lessons=tuple(sorted(lessons, key=lambda x: x.id)),
        course_module=course_module,
        course_calls=course_calls,
        files=files,
    )


# --- what the rest of the course asks -------------------------------------------------------


def lessons() -> tuple[Lesson, ...]:
    """Every lesson, in id order."""
    return current().lessons


def ids() -> list[str]:
    """["00", "01", …]: every lesson's id, in order (what tests parametrise over)."""
    return [x.id for x in lessons()]


def numbers() -> list[int]:
    """[0, 1, …]: every lesson's number (what `L.sources(n)` accepts)."""
    return [x.number for x in lessons()]


def lesson(key: str | int) -> Lesson:
    """The lesson with id `key` ("05", "5" or 5); KeyError naming the known ids otherwise."""
    text = str(key).strip()
    if isinstance(key, bool) or not text.isdigit():
        raise KeyError(f"no lesson {key!r}; lessons: {', '.join(ids())}")
    wanted = f"{int(text):02d}"
    for x in lessons():
        if x.id == wanted:
            return x
    raise KeyError(f"no lesson {key!r}; lessons: {', '.join(ids())}")


def colors() -> dict[int, str]:
    """Lesson number → its colour on the course map."""
    return {x.number: x.color for x in lessons()}


def figures() -> list[tuple[str, str]]:
    """(lesson id, call) for every figure call."""
    return [(x.id, name) for x in lessons() for name in x.figures]


def explorers() -> list[tuple[str, str]]:
    """(lesson id, call) for every explorer (the benchmark measures each)."""
    return [(x.id, name) for x in lessons() for name in x.explorers]


def public_names() -> list[str]:
    """Every public name: the course-wide calls, then each lesson's calls (what `L.__all__` lists)."""
    reg = current()
    return list(reg.course_calls) + [name for x in reg.lessons for name in x.public]


def owner(name: str) -> tuple[str, Lesson | None]:
    """(module, lesson or None) that declares public name `name`; KeyError if none does."""
    reg = current()
    if name in reg.course_calls:
        return reg.course_module, None
    for x in reg.lessons:
        if name in x.public:
            return x.module, x
    raise KeyError(name)


_added: list[str] = []  # folders of extra registries added to lessons.topics.__path__


def _topics_path(x: Lesson) -> None:
    """Let `lessons.topics.<folder>` be found in a lesson folder outside the package (extra registries)."""
    if x.registry == MAIN or not x.module.startswith(DEFAULT_TOPICS_PACKAGE + "."):
        return
    package = importlib.import_module(DEFAULT_TOPICS_PACKAGE)
    if str(x.topics_dir) not in package.__path__:
        package.__path__.append(str(x.topics_dir))
        _added.append(str(x.topics_dir))


def _forget_extra_folders() -> None:
    """Undo `_topics_path`: the folders leave lessons.topics.__path__ and their modules are forgotten."""
    package = sys.modules.get(DEFAULT_TOPICS_PACKAGE)
    while _added:
        folder = _added.pop()
        if package is not None and folder in package.__path__:
            package.__path__.remove(folder)
        for name, module in list(sys.modules.items()):
            where = getattr(module, "__file__", None) or ""
            if name.startswith(DEFAULT_TOPICS_PACKAGE + ".") and where.startswith(folder + os.sep):
                del sys.modules[name]


def resolve(name: str):
    """The object behind public name `name` (imports its module); RegistryError if it is not there."""
    module_name, x = owner(name)
    if x is not None:
        _topics_path(x)
    where = f"{x.registry}, lesson {x.id!r}" if x else f"{MAIN}, [course]"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name and module_name.startswith(e.name):
            _fail(where, f"call {name!r}: there is no module {module_name!r} (field 'module' or 'folder')")
        raise
    if not hasattr(module, name):
        _fail(where, f"call {name!r} not found in {module_name}")
    return getattr(module, name)


def check() -> None:
    """Import every declared call (RegistryError for the first that is missing); resources must be
    tables of the data package."""
    from lessons.core.config import data_dir

    with (data_dir() / "datapackage.json").open(encoding="utf-8") as f:
        tables = {r["name"] for r in json.load(f)["resources"]}
    for x in lessons():
        for resource in x.resources:
            if resource not in tables:
                _fail(f"{x.registry}, lesson {x.id!r}", f"field 'resources': no table {resource!r} in the data")
    for name in public_names():
        resolve(name)


def exercises(key: str | int) -> list[str]:
    """The lesson's exercise ids, in order, from its content file (`<folder>/exercises.toml`,
    one `[[exercise]]` table per exercise); none when the lesson has no exercises."""
    content = lesson(key).path / "exercises.toml"
    if not content.exists():
        return []
    with content.open("rb") as f:
        return [item["id"] for item in tomllib.load(f).get("exercise", [])]


def plan_file(key: str | int, lang: str) -> Path:
    x = lesson(key)
    return x.registry.parent / x.plan.format(lang=lang)


def plan(key: str | int, lang: str) -> dict | None:
    """The lesson plan of lesson `key` in `lang` (None if its plan file has none)."""
    x = lesson(key)
    with plan_file(x.id, lang).open(encoding="utf-8") as f:
        return json.load(f).get(x.id)


def plans(lang: str) -> dict[str, dict]:
    """Every lesson's plan in `lang`, keyed by lesson id (lessons without one are left out)."""
    out, files = {}, {}
    for x in lessons():
        path = plan_file(x.id, lang)
        if path not in files:
            with path.open(encoding="utf-8") as f:
                files[path] = json.load(f)
        if x.id in files[path]:
            out[x.id] = files[path][x.id]
    return out


def notebooks(lang: str, notebooks_dir: Path | None = None) -> list[Path]:
    """The source notebook of every lesson in `lang` that exists, in lesson order."""
    paths = [x.notebook_path(lang, notebooks_dir) for x in lessons()]
    return [p for p in paths if p.exists()]
