"""Lesson 00 (start): the course map, the setup check and its map."""

from lessons.topics import lazy
from lessons.topics.start.figures import check_map, places_map

__all__ = ["places_map", "check_map", "SetupCheck", "python_version"]
__getattr__ = lazy(__name__, {"SetupCheck": "explorer", "python_version": "explorer"})
