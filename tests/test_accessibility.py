"""Accessibility: every figure carries a text alternative in the notebook's language, every
widget control has a label, and every palette stays distinguishable under colour-vision
deficiency (simulated with Machado et al. 2009, full severity)."""

from __future__ import annotations

import itertools
import math

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest

import lessons as L
from lessons.core import config, registry
from lessons.topics import alliances, sanctions, trade, transfers, votes
from lessons.topics.trade import corridor
from lessons.viz import palettes

FIGURE_FUNCTIONS = [name for _, name in registry.figures()]  # every figure call a lesson declares
EXPLORERS = [name for _, name in registry.explorers()]
VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def test_the_lists_cover_the_package():
    assert len(FIGURE_FUNCTIONS) >= 16 and len(EXPLORERS) >= 10


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", FIGURE_FUNCTIONS)
def test_every_figure_function_sets_a_description_in_the_notebook_language(name, lang):
    config.set_language(lang)
    fig = getattr(L, name)()
    assert isinstance(fig, go.Figure), name
    description = (fig.layout.meta or {}).get("description", "")
    assert len(description) > 30, (name, description)
    assert bool(VIETNAMESE & set(description.lower())) == (lang == "vi"), description


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_widget_figure_is_described_and_every_control_labelled(name):
    config.set_language("vi")
    root = getattr(L, name)()
    parts = list(_walk(root))
    for fig in [p for p in parts if isinstance(p, go.FigureWidget)]:
        assert len((fig.layout.meta or {}).get("description", "")) > 30, name
    for control in [
        p
        for p in parts
        if isinstance(
            p,
            (
                widgets.Dropdown,
                widgets.SelectMultiple,
                widgets.SelectionSlider,
                widgets.IntSlider,
                widgets.IntRangeSlider,
                widgets.Checkbox,
            ),
        )
    ]:
        label = control.description
        if not label:  # a control without its own label sits in a box whose first child names it
            siblings = [p for p in parts if control in getattr(p, "children", ())]
            label = (
                siblings
                and isinstance(siblings[0].children[0], (widgets.HTML, widgets.Label))
                and siblings[0].children[0].value
            )
        assert label, (name, type(control).__name__)


# --- colour-vision deficiency --------------------------------------------------------------
MACHADO = {  # severity 1.0, linear RGB (Machado, Oliveira & Fernandes 2009)
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb_linear) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, v)) for v in rgb_linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _seen(hex_colour: str, vision: str | None):
    h = hex_colour.lstrip("#")
    rgb = [_linear(int(h[i : i + 2], 16) / 255) for i in (0, 2, 4)]
    if vision:
        m = MACHADO[vision]
        rgb = [sum(m[row][k] * rgb[k] for k in range(3)) for row in range(3)]
    return _lab(rgb)


def min_difference(colours: list[str], vision: str | None) -> float:
    return min(math.dist(_seen(a, vision), _seen(b, vision)) for a, b in itertools.combinations(colours, 2))


PALETTES = {  # palettes where colour alone separates the categories
    "status": list(palettes.STATUS_COLORS.values()),
    "membership": list(alliances.MEMBER_COLORS.values()),
    "ties": list(alliances.TIE_COLORS.values()),
    "measures": list(sanctions.MEASURE_COLORS.values()),
    "trade sides": list(trade.SIDE_COLORS.values()),
    "corridor routes": list(corridor.ROUTE_COLORS.values()),
    "evidence positions": list(transfers.POSITION_COLORS.values()),
    "votes": list(votes.VOTE_COLORS.values()),
}


def test_the_colour_check_can_fail():
    assert min_difference(["#d62728", "#2ca02c"], "deuteranopia") < 15 < min_difference(["#d62728", "#2ca02c"], None)


@pytest.mark.parametrize("vision", [None, "protanopia", "deuteranopia", "tritanopia"])
@pytest.mark.parametrize("palette", PALETTES)
def test_palettes_stay_distinct_under_colour_vision_deficiency(palette, vision):
    assert min_difference(PALETTES[palette], vision) >= 15, (palette, vision)
