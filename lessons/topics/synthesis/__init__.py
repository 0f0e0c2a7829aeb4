"""Lesson 08 (synthesis): alliances, sanctions and the corridor on one map, and the scenario's facts."""

from lessons.topics import lazy
from lessons.topics.synthesis.figures import (  # noqa: F401
    NONE,
    SANCTION_LINE,
    big_picture_alt,
    big_picture_map,
    imposing_countries,
    layer_names,
    layers,
)

__getattr__ = lazy(__name__, {"BigPictureExplorer": "explorer", "big_picture_explorer": "api", "scenario_facts": "api"})
