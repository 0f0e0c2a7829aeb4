"""One lesson, one 45-minute period: how long the reading takes, and what each plan's minutes add up to.

A lesson plan (``lessons/plans/<lang>.json``) gives the core path of a period in ``sections`` and the
optional extension ("Mở rộng") in ``extension``; each section names the markdown cell it starts at,
its minutes, the minutes of reading in it, its activity in the Công văn 5512 form and the exercises
done in it with their minutes. A section covers the cells from its own cell to the next section's
cell (in notebook order, core and extension sections together). The reading time of a section is
computed here from the words of the markdown cells a student reads in it (teacher cells left out);
the plan must give at least that much.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat

from lessons.core.config import DEFAULT_LANGUAGE
from lessons.core.text import t

PERIOD_MINUTES = 45
# READING RATE: silent reading of dense informational text (names, dates, figures) by a grade-10 reader who
# reads to answer questions, not to skim. Each language file gives its rate as `plan.reading_rate`:
# Vietnamese 150 a minute, counted in "tiếng" (the space-separated syllables), a careful pace for a
# 15-year-old; English 120 words a minute, as the English edition is often read in a second language and
# its words are longer. Both are estimates: a plan may give more time, never less.
# The opening (warm-up) and the wrap-up (key terms, summary) together take at least this long.
OPENING_AND_WRAP_UP = 5
# The least time a grade-10 student needs for one exercise of each kind: read the prompt and options,
# look back at the figure or table it names, answer, read the feedback. A pandas exercise includes
# typing and running the code; a function to write includes one or two failed tries.
EXERCISE_MINUTES = {
    "choice": 2,
    "multi": 2,
    "ordering": 2,
    "matching": 3,
    "scenario": 4,
    "numeric": 6,
    "code": 12,
}
# A written answer: two minutes to think, then composing at the language file's `plan.writing_rate` (about
# 10 English words a minute; in Vietnamese, counted in "chữ" as the exercises count, about 16 a minute:
# the same answer runs about 1.6 chữ per English word — typing with diacritics, planning as you go).
SHORT_THINK = 2
ACTIVITIES = ("opening", "knowledge", "practice", "application")
EXERCISE_CALL = re.compile(r"""L\.exercise\(\s*["'](\d\d\.\d+)["']""")


def words(markdown: str) -> int:
    """The words a reader reads in a markdown text: link targets, HTML tags, code spans' backticks,
    table rules and heading marks are not words; a token counts if it has a letter or a digit."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)  # [text](target) → the text only
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[|*_`#>\[\]]", " ", text)
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def is_teacher(cell) -> bool:
    return "teacher" in cell.metadata.get("tags", [])


def spans(nb, anchors: list[str]) -> dict[str, list]:
    """{anchor cell id: the cells from it to the next anchor} for the anchors found in `nb`."""
    wanted, out, current = set(anchors), {}, None
    for cell in nb.cells:
        if cell.get("id") in wanted:
            current = cell.get("id")
            out[current] = []
        if current is not None:
            out[current].append(cell)
    return out


def reading_rate(lang: str) -> int:
    """Words a minute a grade-10 reader reads in `lang` (the language file's `plan.reading_rate`)."""
    return int(t("plan.reading_rate", lang))


def reading_minutes(nb, anchors: list[str], lang: str) -> dict[str, float]:
    """{anchor: minutes a grade-10 student needs to read the markdown of its section} (teacher cells left out)."""
    rate = reading_rate(lang)
    return {
        anchor: sum(words(c.source) for c in cells if c.cell_type == "markdown" and not is_teacher(c)) / rate
        for anchor, cells in spans(nb, anchors).items()
    }


def exercises_in(cells) -> list[str]:
    """The exercise ids the code cells call ``L.exercise(...)`` for, in order."""
    return [m for c in cells if c.cell_type == "code" for m in EXERCISE_CALL.findall(c.source)]


def writing_rate(lang: str) -> int:
    """Words (in Vietnamese: chữ) a minute a student composes in `lang` (the language file's `plan.writing_rate`)."""
    return int(t("plan.writing_rate", lang))


def least_minutes(kind: str, min_words: int | dict | None = None, lang: str | None = None) -> int:
    """The least time one exercise of `kind` takes in `lang` (a written answer: by the words it asks for; an
    exercise's `min_words` is one number or one per language)."""
    if kind == "short":
        lang = lang or DEFAULT_LANGUAGE
        least = min_words.get(lang, 0) if isinstance(min_words, dict) else min_words or 0
        return SHORT_THINK + math.ceil(least / writing_rate(lang))
    return EXERCISE_MINUTES[kind]


def anchors(plan: dict) -> list[str]:
    return [s["cell"] for s in plan.get("sections", []) + plan.get("extension", [])]


def core_minutes(plan: dict) -> int:
    return sum(s["minutes"] for s in plan.get("sections", []))


def extension_minutes(plan: dict) -> int:
    return sum(s["minutes"] for s in plan.get("extension", []))


def planned_exercises(plan: dict, part: str = "sections") -> dict[str, int]:
    """{exercise id: minutes} of the plan's core sections (``part="sections"``) or its extension."""
    return {ex: m for s in plan.get(part, []) for ex, m in s.get("exercises", {}).items()}


def read(path: Path):
    return nbformat.read(path, as_version=4)
