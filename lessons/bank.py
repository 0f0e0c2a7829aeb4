"""The exercises of every lesson: kind and answer key here, wording in lessons/i18n/<lang>.json."""

from __future__ import annotations

from .data import load
from .exercises import Code, Exercise, Matching, MultipleChoice, MultiSelect, Numeric, Ordering, ShortAnswer


def _confirmed_claims() -> int:
    claims = load("claims")
    return int((claims["status"] == "confirmed").sum())


def _count_status(claims, status) -> int:
    """The reference answer to 01.6 (what the student's count_status must return)."""
    return int((claims["status"] == status).sum())


def _claims_where(kind: str | None = None):
    claims = load("claims")
    return claims if kind is None else claims[claims["kind"] == kind]


BANK: dict[str, tuple[type[Exercise], dict]] = {
    # 00 Start here
    "00.1": (MultipleChoice, dict(options=["irn", "tkm", "rus", "aze"], answer="tkm")),
    "00.2": (MultiSelect, dict(options=["ashgabat", "kazan", "moscow", "london", "vienna", "tehran"],
                               answers=["ashgabat", "kazan", "moscow", "tehran"])),
    "00.3": (MultipleChoice, dict(options=["nowhere", "file", "teacher", "cloud"], answer="file")),
    "00.4": (ShortAnswer, dict(min_words=8)),
    # 01 Reading the news
    "01.1": (MultipleChoice, dict(options=["statement_confirmed", "accusation_alleged", "analysis_reported", "accusation_confirmed"],
                                  answer="accusation_alleged")),
    "01.2": (MultiSelect, dict(options=["syria", "trade", "sanctions", "assessments", "draft"],
                               answers=["syria", "trade", "sanctions"])),
    "01.3": (Ordering, dict(items=["blinken", "draft", "missiles", "jalali", "gallant", "ashgabat", "kazan"],
                            start=["ashgabat", "gallant", "kazan", "blinken", "jalali", "draft", "missiles"])),
    "01.4": (Numeric, dict(answer=_confirmed_claims, tolerance=0)),
    "01.5": (Matching, dict(pairs={"confirmed": "record", "reported": "outlet", "alleged": "one_side", "denied": "formal_denial"})),
    "01.6": (Code, dict(function="count_status", reference=_count_status, cases={
        "confirmed": lambda: (_claims_where(), "confirmed"),
        "alleged": lambda: (_claims_where(), "alleged"),
        "statements": lambda: (_claims_where("statement"), "reported"),
        "empty": lambda: (_claims_where("plan"), "denied"),
    })),
    "01.7": (ShortAnswer, dict(min_words=15)),
}


def lesson_exercises(lesson: str) -> list[str]:
    """The ids of one lesson's exercises, in order (e.g. "01" → ["01.1", …])."""
    return [ex for ex in BANK if ex.split(".")[0] == lesson]


def exercise(exercise_id: str, **kw) -> Exercise:
    """Build exercise `exercise_id` (e.g. "01.3") in the course language."""
    if exercise_id not in BANK:
        from .errors import CourseError
        raise CourseError(f"Unknown exercise {exercise_id!r}; known: {', '.join(BANK)}")
    cls, spec = BANK[exercise_id]
    return cls(exercise_id, lesson=exercise_id.split(".")[0], **spec, **kw)
