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
