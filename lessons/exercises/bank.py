"""The exercises of every lesson, read from each lesson folder's exercises.toml.

A content file holds each exercise's id, kind, answer key and wording (vi and en side by side).
Each exercise also names its `track`: "core" (done in the lesson's 45-minute period) or "extension"
(the optional pandas and code-writing work a computing class or a self-learner takes; the widget marks it).
A key is a literal, a reference answer "answers:NAME" (a function in answers.py beside the
content file), or { call = "answers:NAME", args = [...] } for its value; "data:NAME" in the
arguments stands for the course table NAME. `lesson_folders()` is the one place that knows
where the content files are; everything else asks it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from lessons.core import registry
from lessons.core.config import LANGUAGES
from lessons.core.data import load
from lessons.core.errors import CourseError, describe_value, plain
from lessons.core.text import t
from lessons.exercises.checks import KINDS, Kind, Spec

CONTENT_FILE = "exercises.toml"
ANSWERS_FILE = "answers.py"
# Keys of an exercise's table that are parameters; every other table holds wording.
PARAMS = {name for kind in KINDS.values() for name in kind.params} | {"id", "kind", "track"}
# Where an exercise belongs: the period's core path, or the optional extension ("Mở rộng").
TRACKS = ("core", "extension")


class ContentError(ValueError):
    """A lesson's exercises.toml breaks the content rules (names the file and the exercise)."""


def lesson_folders() -> dict[str, Path]:
    """Each lesson's folder that holds an exercises content file, by lesson id ("05" →
    lessons/topics/trade), in the registry's order (extra lessons included)."""
    return {x.id: x.path for x in registry.lessons() if (x.path / CONTENT_FILE).exists()}


@cache
def answers(lesson: str) -> ModuleType | None:
    """The reference answers of a lesson (its folder's answers.py; None for a lesson without one)."""
    folder = lesson_folders()[lesson]
    if not (folder / ANSWERS_FILE).exists():
        return None
    name = f"lessons.topics.{folder.name}.answers"
    if (folder / "__init__.py").exists():
        return importlib.import_module(name)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, folder / ANSWERS_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # so that its functions can be copied to a worker by name
    spec.loader.exec_module(module)
    return module


def _resolve(value: Any, lesson: str) -> Any:
    """A value of a content file with its references followed: "data:NAME" → the table,
    {call, args} → the function's value; anything else as it is."""
    if isinstance(value, str) and value.startswith("data:"):
        return load(value.removeprefix("data:"))
    if isinstance(value, dict) and "call" in value:
        return _function(value["call"], lesson)(*(_resolve(a, lesson) for a in value.get("args", [])))
    if isinstance(value, list):
        return [_resolve(v, lesson) for v in value]
    return value


def _function(ref: str, lesson: str) -> Callable:
    """ "answers:NAME" → a function that finds NAME in the lesson's answers.py when called (the
    module, and pandas with it, is imported only when an answer is needed)."""
    name = ref.removeprefix("answers:")

    def call(*args, **kw):
        return getattr(answers(lesson), name)(*args, **kw)

    call.__name__ = call.__qualname__ = name
    return call


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("answers:") or isinstance(value, dict) and "call" in value


def _params(raw: dict, lesson: str) -> dict:
    """An exercise's parameters with its references made callable: a numeric key computed when
    asked, a code exercise's reference and each case's arguments built when run."""
    params = {k: v for k, v in raw.items() if k in PARAMS and k not in ("id", "kind", "track")}
    if raw["kind"] == "numeric" and _is_ref(params["answer"]):
        ref = params["answer"]
        params["answer"] = (lambda: _resolve(ref, lesson)) if isinstance(ref, dict) else _function(ref, lesson)
    for name in ("reference", "facts"):
        if name in params:
            params[name] = _function(params[name], lesson)
    if "cases" in params:
        params["cases"] = {
            case: (lambda args=tuple(args): tuple(_resolve(a, lesson) for a in args))
            for case, args in params["cases"].items()
        }
    return params


def _texts(table: dict, prefix: str = "") -> dict[str, dict[str, str]]:
    """The wording parts of an exercise's table: {"opt.tkm": {"vi": …, "en": …}, …}."""
    found = {}
    for key, value in table.items():
        if not isinstance(value, dict) or (not prefix and key in PARAMS):
            continue
        part = prefix + key
        if value and all(isinstance(v, str) for v in value.values()) and set(value) <= set(LANGUAGES):
            found[part] = dict(value)
        else:
            found.update(_texts(value, part + "."))
    return found


def check_track(raw: dict, where: str) -> str:
    """The exercise's track ("core" or "extension"); ContentError naming the file and exercise otherwise."""
    track = raw.get("track")
    if track not in TRACKS:
        raise ContentError(
            f"{where}: exercise {raw.get('id')!r} has track = {track!r}; give one of {', '.join(TRACKS)}"
        )
    return track


@cache
def _content() -> tuple[dict[str, Spec], dict[str, str]]:
    specs_, tracks_ = {}, {}
    for lesson, folder in lesson_folders().items():
        path = folder / CONTENT_FILE
        with path.open("rb") as f:
            content = tomllib.load(f)
        for raw in content.get("exercise", []):
            tracks_[raw["id"]] = check_track(raw, str(path))
            specs_[raw["id"]] = Spec(raw["id"], raw["kind"], _params(raw, lesson), _texts(raw))
    return specs_, tracks_


def specs() -> dict[str, Spec]:
    """Every exercise of the course, in lesson order (templates: `exercise()` copies one)."""
    return _content()[0]


def tracks() -> dict[str, str]:
    """{exercise id: "core" | "extension"} for every exercise, in lesson order."""
    return _content()[1]


def track(exercise_id: str) -> str | None:
    """The track of one exercise (None for an exercise the content files do not hold)."""
    return tracks().get(exercise_id)


def raw_content(lesson: str) -> dict:
    """A lesson's content file as written (for tests)."""
    with (lesson_folders()[lesson] / CONTENT_FILE).open("rb") as f:
        return tomllib.load(f)


BANK: dict[str, tuple[type[Kind], dict]] = {ex: (KINDS[s.kind], s.params) for ex, s in specs().items()}


def texts(lang: str) -> dict[str, str]:
    """Every exercise's wording in one language, keyed "ex01.2.opt.syria" (for tests and tools)."""
    return {f"ex{ex}.{part}": by_lang[lang] for ex, s in specs().items() for part, by_lang in s.texts.items()}


def lesson_exercises(lesson: str) -> list[str]:
    """The ids of one lesson's exercises, in order (e.g. "01" → ["01.1", …])."""
    return [ex for ex, s in specs().items() if s.lesson == lesson]


def by_lesson() -> dict[str, list[str]]:
    """{lesson: its exercise ids} for every lesson (what the progress summary is given)."""
    lessons: dict[str, list[str]] = {}
    for ex, s in specs().items():
        lessons.setdefault(s.lesson, []).append(ex)
    return lessons


def find(exercise_id: Any, lang: str | None = None) -> Spec:
    """A fresh copy of exercise `exercise_id`'s spec ("1.2" is read as "01.2"); a course error
    in the notebook's language for anything else."""
    exercise_id = plain(exercise_id)
    if not isinstance(exercise_id, str):
        raise CourseError(t("api.bad_exercise_type", lang, value=describe_value(exercise_id, lang)))
    exercise_id = exercise_id.strip()
    known = specs()
    if exercise_id not in known and "0" + exercise_id in known:  # "1.2" for "01.2"
        exercise_id = "0" + exercise_id
    if exercise_id not in known:
        raise CourseError(t("api.unknown_exercise", lang, value=exercise_id, known=", ".join(known)))
    return known[exercise_id].copy()
