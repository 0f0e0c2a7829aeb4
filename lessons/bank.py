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


def count_members(memberships, org_id: str, year: int) -> int:
    """The reference answer to 03.4 and 03.5: full members of `org_id` at the end of `year`."""
    import pandas as pd

    end_of_year = pd.Timestamp(year=year, month=12, day=31)
    rows = memberships[(memberships["org_id"] == org_id) & (memberships["status"] == "member")]
    return int(((rows["start"] <= end_of_year) & (rows["end"].isna() | (rows["end"] > end_of_year))).sum())


def _memberships():
    return load("memberships")


def _russia_measures_begun_2022() -> int:
    sanctions = load("sanctions")
    return int(((sanctions["target"] == "RUS") & (sanctions["start"].dt.year == 2022)).sum())


def count_between(events, start: int, end: int) -> int:
    """The reference answer to 02.5: events whose year lies in [start, end]."""
    years = events["date"].dt.year
    return int(((years >= start) & (years <= end)).sum())


def _events():
    return load("events")


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
    # 02 Timeline
    "02.1": (Ordering, dict(items=["treaty_1921", "treaty_2001", "res1737", "bushehr", "jcpoa", "syria", "us_exit", "sco"],
                            start=["syria", "treaty_2001", "us_exit", "jcpoa", "sco", "bushehr", "treaty_1921", "res1737"])),
    "02.2": (MultipleChoice, dict(options=["kazan", "guardian", "snapback", "strikes"], answer="guardian")),
    "02.3": (MultiSelect, dict(options=["drones", "missiles", "isfahan", "snapback_return", "treaty_signed", "ashgabat"],
                               answers=["drones", "missiles", "isfahan", "snapback_return"])),
    "02.4": (Numeric, dict(answer=lambda: count_between(_events(), 2024, 2024), tolerance=0)),
    "02.5": (Code, dict(function="count_between", reference=count_between, cases={
        "century": lambda: (_events(), 1921, 2021),
        "recent": lambda: (_events(), 2022, 2025),
        "one_year": lambda: (_events(), 2024, 2024),
        "nineties": lambda: (_events(), 1990, 1999),
        "future": lambda: (_events(), 2026, 2030),
    })),
    "02.6": (ShortAnswer, dict(min_words=20)),
    # 03 Alliance structure
    "03.1": (MultipleChoice, dict(options=["defend", "no_aid", "secret", "not_in_force"], answer="no_aid")),
    "03.2": (Matching, dict(pairs={"nato_art5": "all_attack", "rus_prk_art4": "immediate_help", "rus_irn_art3": "no_aid",
                                   "sco_charter": "cooperation"})),
    "03.3": (MultiSelect, dict(options=["sco", "brics", "eaeu", "csto", "gcc"], answers=["sco", "brics"])),
    "03.4": (Numeric, dict(answer=lambda: count_members(_memberships(), "nato", 2023), tolerance=0)),
    "03.5": (Code, dict(function="count_members", reference=count_members, cases={
        "nato_2023": lambda: (_memberships(), "nato", 2023),
        "nato_2024": lambda: (_memberships(), "nato", 2024),
        "sco_2017": lambda: (_memberships(), "sco", 2017),
        "eu_2020": lambda: (_memberships(), "eu", 2020),
        "csto_2024": lambda: (_memberships(), "csto", 2024),
    })),
    "03.6": (ShortAnswer, dict(min_words=25)),
    # 04 Sanctions context
    "04.1": (MultipleChoice, dict(options=["eu", "un", "us", "g7"], answer="un")),
    "04.2": (Matching, dict(pairs={"swift": "messaging", "export_controls": "licence", "arms_embargo": "weapons", "energy": "oil"})),
    "04.3": (Ordering, dict(items=["res1737", "jcpoa", "implementation", "us_exit", "e3_trigger", "reimposed"],
                            start=["e3_trigger", "jcpoa", "reimposed", "res1737", "us_exit", "implementation"])),
    "04.4": (MultipleChoice, dict(options=["primary", "secondary", "un", "embargo"], answer="secondary")),
    "04.5": (Numeric, dict(answer=_russia_measures_begun_2022, tolerance=0)),
    "04.6": (ShortAnswer, dict(min_words=30)),
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
