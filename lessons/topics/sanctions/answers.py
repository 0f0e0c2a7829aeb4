"""Lesson 04's reference answers (the tables come as arguments)."""

from __future__ import annotations


def measures_begun(sanctions, target: str, year: int) -> int:
    """04.5: measures against `target` that began in `year`."""
    return int(((sanctions["target"] == target) & (sanctions["start"].dt.year == year)).sum())
