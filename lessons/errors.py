"""Errors meant for students and teachers: shown as a short message, never a traceback."""

from __future__ import annotations


class CourseError(Exception):
    """An error whose message is written for the person at the notebook."""


class DataError(CourseError):
    """A data file is missing or breaks its schema; says which file, column and row."""

    def __init__(self, message: str, *, file: str, column: str | None = None, row: int | None = None):
        super().__init__(message)
        self.file = file
        self.column = column
        self.row = row


def check_year(value, first: int | None, last: int | None, lang: str) -> int:
    """`value` if it is a whole year within [first, last] (either bound may be None), else a CourseError."""
    from .text import t

    if isinstance(value, bool) or not isinstance(value, int):
        raise CourseError(t("timeline.bad_year_type", lang, value=repr(value)))
    if (first is not None and value < first) or (last is not None and value > last):
        raise CourseError(t("timeline.bad_year", lang, value=value, first=first, last=last))
    return value
