"""The course's colours and marker shapes, shared by several lessons.

Okabe–Ito colours: distinct under protanopia, deuteranopia and tritanopia (tests/test_accessibility.py).
A lesson's own palette (e.g. sanctions' measure colours) lives in its topic's figures module.
"""

from __future__ import annotations

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

# The evidence statuses in the order their tests are asked (data/statuses.csv; tests/test_statuses.py checks).
STATUS_ORDER = ["view", "disputed", "confirmed", "alleged", "denied", "reported"]
STATUS_COLORS = {
    "disputed": "#E69F00",
    "confirmed": "#009E73",
    "alleged": "#D55E00",
    "denied": "#CC79A7",
    "reported": "#0072B2",
    "view": "#000000",
}
KIND_SYMBOLS = {"statement": "circle", "accusation": "x", "analysis": "diamond", "plan": "triangle-up"}
# The default colour of each lesson (a lesson may declare its own); lesson n takes LESSON_COLORS[n % 9].
LESSON_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"]
HIGHLIGHT_COLOR = "#fde9b6"
WARNING_COLOR = "#7a5b00"
ERROR_COLOR = "#b00"


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21; text needs 4.5, large text 3)."""

    def luminance(colour: str) -> float:
        h = colour.lstrip("#")
        rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (white text on the status green is only 3.4:1):
    the fills stay the Okabe–Ito colours the colour-vision test checks; the text adapts."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


def lesson_color(lesson: int) -> str:
    """The default colour of lesson `lesson` (0, 1, 2 …)."""
    return LESSON_COLORS[int(lesson) % len(LESSON_COLORS)]
