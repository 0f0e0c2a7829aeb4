"""Argument checks the public calls share: a value must be one of a list (answered in the
notebook's language, naming the allowed values)."""

from __future__ import annotations

from lessons.core.config import get_language
from lessons.core.errors import CourseError, plain
from lessons.core.text import t


def choice(value, allowed, what: str):
    """`value` if it is one of `allowed`, else a CourseError listing them."""
    value = plain(value)  # NFC text, Python numbers
    if (
        isinstance(value, bool) != any(isinstance(a, bool) for a in allowed)
        or not _hashable(value)
        or value not in allowed
    ):
        raise CourseError(
            t("course.bad_choice", get_language(), what=what, value=_shown(value), allowed=", ".join(map(str, allowed)))
        )
    return value


def _shown(value) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
