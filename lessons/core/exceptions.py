"""The course's exception classes. Imports nothing from the course, so every layer may raise them;
`lessons.core.errors` re-exports them with the helpers that show them to students."""

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


class LanguageError(CourseError, ValueError):
    """An unknown course language (also a ValueError, as set_language always raised), with the value and
    where it came from (e.g. the LESSONS_LANG variable).

    The message is written by `lessons.core.text` (which sets `render` when it is imported), in the
    course language, naming the allowed values; this module imports nothing, so the config and the
    locale layer below the messages can raise it without an import cycle."""

    render = None  # (value, origin) -> the message; set by lessons.core.text

    def __init__(self, value: object, origin: str | None = None):
        self.value, self.origin = value, origin
        render = LanguageError.render
        super().__init__(render(value, origin) if render else f"unknown course language: {value!r}")
