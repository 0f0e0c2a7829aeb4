"""The exercises of every lesson: kind and answer key here, wording in lessons/i18n/<lang>.json."""

from __future__ import annotations

from lessons.core.data import load
from lessons.exercises.kinds import (
    Code,
    Exercise,
    Matching,
    MultipleChoice,
    MultiSelect,
    Numeric,
    Ordering,
    Scenario,
    ShortAnswer,
)


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


# --- lessons 05-08: reference answers, computed from the data ------------------------------

GROWTH_YEARS = (2018, 2023)  # the years 05.2 asks about (its prompt names them)


def top_partner(trade, reporter: str, year: int) -> str:
    """The reference answer to 05.3: the partner with the largest total trade with `reporter` in `year`."""
    rows = trade[
        (trade["reporter"] == reporter)
        & (trade["year"] == year)
        & (trade["flow"] == "total")
        & (trade["partner"] != "WLD")
    ].dropna(subset=["value_usd_bn"])
    return str(rows.sort_values("value_usd_bn", ascending=False)["partner"].iloc[0])


def _trade():
    return load("trade")


def russian_customs_series(trade):
    """Iran–Russia total trade per year as Russian customs give it (one figure per year)."""
    rows = trade[
        (trade["reporter"] == "RUS")
        & (trade["partner"] == "IRN")
        & (trade["flow"] == "total")
        & (trade["basis"] == "customs")
    ].dropna(subset=["value_usd_bn"])
    return rows.groupby("year")["value_usd_bn"].first()


def _customs_growth() -> float:
    from lessons.topics.trade import growth_rate

    start, end = GROWTH_YEARS
    return round(growth_rate(russian_customs_series(_trade()), start, end), 1)


def _denials() -> int:
    claims = load("transfer_claims")
    return int((claims["position"] == "denies").sum())


def agreement_share(votes, a: str, b: str) -> float:
    """The reference answer to 07.3: the share (0 to 1) of resolutions on which both a and b cast
    a vote (yes, no or abstain: not absent) and cast the same one."""
    cast = votes[votes["vote"] != "absent"]
    wide = cast.pivot_table(index="resolution_id", columns="iso3", values="vote", aggfunc="first")
    both = wide[[a, b]].dropna()
    return float((both[a] == both[b]).mean())


def _votes():
    return load("un_votes")


def _iran_russia_agreement() -> float:
    return round(agreement_share(_votes(), "IRN", "RUS") * 100, 1)


def _shared_organisations() -> int:
    """Organisations in which both Iran and Russia are full members now (lesson 03's data)."""
    from lessons.api import _as_of
    from lessons.topics.alliances import status_on

    memberships, year = load("memberships"), _as_of().year
    count = 0
    for org in sorted(set(memberships["org_id"])):
        members = set(status_on(memberships, org, year).query("status == 'member'")["iso3"])
        count += {"IRN", "RUS"} <= members
    return count


def _scenario_facts(lang: str) -> dict:
    from lessons.topics.synthesis import scenario_facts

    return scenario_facts(lang)


BANK: dict[str, tuple[type[Exercise], dict]] = {
    # 00 Start here
    "00.1": (MultipleChoice, dict(options=["irn", "tkm", "rus", "aze"], answer="tkm")),
    "00.2": (
        MultiSelect,
        dict(
            options=["ashgabat", "kazan", "moscow", "london", "vienna", "tehran"],
            answers=["ashgabat", "kazan", "moscow", "tehran"],
        ),
    ),
    "00.3": (MultipleChoice, dict(options=["nowhere", "file", "teacher", "cloud"], answer="file")),
    "00.4": (ShortAnswer, dict(min_words=8)),
    # 01 Reading the news
    "01.1": (
        MultipleChoice,
        dict(
            options=["statement_confirmed", "accusation_alleged", "analysis_reported", "accusation_confirmed"],
            answer="accusation_alleged",
        ),
    ),
    "01.2": (
        MultiSelect,
        dict(options=["syria", "trade", "sanctions", "assessments", "draft"], answers=["syria", "trade", "sanctions"]),
    ),
    "01.3": (
        Ordering,
        dict(
            items=["blinken", "draft", "missiles", "jalali", "gallant", "ashgabat", "kazan"],
            start=["ashgabat", "gallant", "kazan", "blinken", "jalali", "draft", "missiles"],
        ),
    ),
    "01.4": (Numeric, dict(answer=_confirmed_claims, tolerance=0)),
    "01.5": (
        Matching,
        dict(pairs={"confirmed": "record", "reported": "outlet", "alleged": "one_side", "denied": "formal_denial"}),
    ),
    "01.6": (
        Code,
        dict(
            function="count_status",
            reference=_count_status,
            cases={
                "confirmed": lambda: (_claims_where(), "confirmed"),
                "alleged": lambda: (_claims_where(), "alleged"),
                "statements": lambda: (_claims_where("statement"), "reported"),
                "empty": lambda: (_claims_where("plan"), "denied"),
            },
        ),
    ),
    "01.7": (ShortAnswer, dict(min_words=15)),
    # 02 Timeline
    "02.1": (
        Ordering,
        dict(
            items=["treaty_1921", "treaty_2001", "res1737", "bushehr", "jcpoa", "syria", "us_exit", "sco"],
            start=["syria", "treaty_2001", "us_exit", "jcpoa", "sco", "bushehr", "treaty_1921", "res1737"],
        ),
    ),
    "02.2": (MultipleChoice, dict(options=["kazan", "guardian", "snapback", "strikes"], answer="guardian")),
    "02.3": (
        MultiSelect,
        dict(
            options=["drones", "missiles", "isfahan", "snapback_return", "treaty_signed", "ashgabat"],
            answers=["drones", "missiles", "isfahan", "snapback_return"],
        ),
    ),
    "02.4": (Numeric, dict(answer=lambda: count_between(_events(), 2024, 2024), tolerance=0)),
    "02.5": (
        Code,
        dict(
            function="count_between",
            reference=count_between,
            cases={
                "century": lambda: (_events(), 1921, 2021),
                "recent": lambda: (_events(), 2022, 2025),
                "one_year": lambda: (_events(), 2024, 2024),
                "nineties": lambda: (_events(), 1990, 1999),
                "future": lambda: (_events(), 2026, 2030),
            },
        ),
    ),
    "02.6": (ShortAnswer, dict(min_words=20)),
    # 03 Alliance structure
    "03.1": (MultipleChoice, dict(options=["defend", "no_aid", "secret", "not_in_force"], answer="no_aid")),
    "03.2": (
        Matching,
        dict(
            pairs={
                "nato_art5": "all_attack",
                "rus_prk_art4": "immediate_help",
                "rus_irn_art3": "no_aid",
                "sco_charter": "cooperation",
            }
        ),
    ),
    "03.3": (MultiSelect, dict(options=["sco", "brics", "eaeu", "csto", "gcc"], answers=["sco", "brics"])),
    "03.4": (Numeric, dict(answer=lambda: count_members(_memberships(), "nato", 2023), tolerance=0)),
    "03.5": (
        Code,
        dict(
            function="count_members",
            reference=count_members,
            cases={
                "nato_2023": lambda: (_memberships(), "nato", 2023),
                "nato_2024": lambda: (_memberships(), "nato", 2024),
                "sco_2017": lambda: (_memberships(), "sco", 2017),
                "eu_2020": lambda: (_memberships(), "eu", 2020),
                "csto_2024": lambda: (_memberships(), "csto", 2024),
            },
        ),
    ),
    "03.6": (ShortAnswer, dict(min_words=25)),
    # 04 Sanctions context
    "04.1": (MultipleChoice, dict(options=["eu", "un", "us", "g7"], answer="un")),
    "04.2": (
        Matching,
        dict(pairs={"swift": "messaging", "export_controls": "licence", "arms_embargo": "weapons", "energy": "oil"}),
    ),
    "04.3": (
        Ordering,
        dict(
            items=["res1737", "jcpoa", "implementation", "us_exit", "e3_trigger", "reimposed"],
            start=["e3_trigger", "jcpoa", "reimposed", "res1737", "us_exit", "implementation"],
        ),
    ),
    "04.4": (MultipleChoice, dict(options=["primary", "secondary", "un", "embargo"], answer="secondary")),
    "04.5": (Numeric, dict(answer=_russia_measures_begun_2022, tolerance=0)),
    "04.6": (ShortAnswer, dict(min_words=30)),
    # 05 Trade under sanctions
    "05.1": (MultipleChoice, dict(options=["lying", "recording", "typo", "inflation"], answer="recording")),
    "05.2": (Numeric, dict(answer=_customs_growth, tolerance=1.0)),
    "05.3": (
        Code,
        dict(
            function="top_partner",
            reference=top_partner,
            cases={
                "iran_2022": lambda: (_trade(), "IRN", 2022),
                "russia_2023": lambda: (_trade(), "RUS", 2023),
                "russia_2024": lambda: (_trade(), "RUS", 2024),
                "russia_2021": lambda: (_trade(), "RUS", 2021),
            },
        ),
    ),
    "05.4": (
        Matching,
        dict(pairs={"mir_shetab": "cards", "instc": "corridor", "rasht_astara": "gap", "spfs_sepam": "messaging"}),
    ),
    "05.5": (MultipleChoice, dict(options=["top", "partly", "contradicted", "cannot_tell"], answer="partly")),
    "05.6": (ShortAnswer, dict(min_words=30)),
    # 06 Military-technical cooperation
    "06.1": (MultipleChoice, dict(options=["confirmed", "reported", "alleged", "denied"], answer="alleged")),
    "06.2": (
        Matching,
        dict(pairs={"confirms": "on_record", "partly_admits": "part", "alleges": "accuses", "denies": "rejects"}),
    ),
    "06.3": (
        Ordering,
        dict(
            items=["apr_attack", "isfahan", "oct_attack", "oct_strikes", "june_war", "us_strikes", "ceasefire"],
            start=["oct_strikes", "june_war", "apr_attack", "ceasefire", "isfahan", "us_strikes", "oct_attack"],
        ),
    ),
    "06.4": (
        MultiSelect,
        dict(
            options=["supplier_says", "more_accusers", "recipient_says", "anonymous", "inspection", "denial"],
            answers=["supplier_says", "recipient_says", "inspection"],
        ),
    ),
    "06.5": (Numeric, dict(answer=_denials, tolerance=0)),
    "06.6": (ShortAnswer, dict(min_words=30)),
    # 07 UN General Assembly votes
    "07.1": (MultipleChoice, dict(options=["p80", "p8", "p20", "p100"], answer="p80")),
    "07.2": (Numeric, dict(answer=_iran_russia_agreement, tolerance=1.0)),
    "07.3": (
        Code,
        dict(
            function="agreement_share",
            reference=agreement_share,
            cases={
                "iran_russia": lambda: (_votes(), "IRN", "RUS"),
                "iran_vietnam": lambda: (_votes(), "IRN", "VNM"),
                "russia_ukraine": lambda: (_votes(), "RUS", "UKR"),
                "usa_israel": lambda: (_votes(), "USA", "ISR"),
                "china_india": lambda: (_votes(), "CHN", "IND"),
            },
        ),
    ),
    "07.4": (
        MultiSelect,
        dict(
            options=["causes", "counts", "private", "all_issues", "compare"],
            answers=["causes", "private", "all_issues"],
        ),
    ),
    "07.5": (MultipleChoice, dict(options=["yes", "no", "abstain", "absent"], answer="abstain")),
    "07.6": (ShortAnswer, dict(min_words=30)),
    # 08 Synthesis
    "08.1": (
        Scenario,
        dict(
            dimensions={
                "sanctions": ["tightened", "unchanged", "eased"],
                "corridor": ["completed", "delayed"],
                "arms": ["more", "fewer"],
            },
            facts=_scenario_facts,
        ),
    ),
    "08.2": (MultipleChoice, dict(options=["defend", "no_aid", "nato", "expired"], answer="no_aid")),
    "08.3": (
        Matching,
        dict(
            pairs={
                "trade": "partners",
                "un_votes": "alike",
                "transfers": "weapons",
                "memberships": "blocs",
                "sanctions": "measures",
            }
        ),
    ),
    "08.4": (
        Ordering,
        dict(
            items=["treaty_2001", "jcpoa", "drones", "treaty_2025", "june_war", "snapback"],
            start=["june_war", "drones", "snapback", "treaty_2001", "treaty_2025", "jcpoa"],
        ),
    ),
    "08.5": (Numeric, dict(answer=_shared_organisations, tolerance=0)),
    "08.6": (
        MultiSelect,
        dict(
            options=["snapback_contested", "treaty_defence", "china_first", "always_alike", "gap_open"],
            answers=["snapback_contested", "china_first", "gap_open"],
        ),
    ),
    "08.7": (ShortAnswer, dict(min_words=60)),
    "08.8": (ShortAnswer, dict(min_words=25)),
}


def lesson_exercises(lesson: str) -> list[str]:
    """The ids of one lesson's exercises, in order (e.g. "01" → ["01.1", …])."""
    return [ex for ex in BANK if ex.split(".")[0] == lesson]


def exercise(exercise_id: str, **kw) -> Exercise:
    """Build exercise `exercise_id` (e.g. "01.3") in the course language."""
    from lessons.core.errors import CourseError, describe_value, plain
    from lessons.core.text import t

    exercise_id = plain(exercise_id)
    if not isinstance(exercise_id, str):
        raise CourseError(t("api.bad_exercise_type", kw.get("lang"), value=describe_value(exercise_id, kw.get("lang"))))
    exercise_id = exercise_id.strip()
    if exercise_id not in BANK and "0" + exercise_id in BANK:  # "1.2" for "01.2"
        exercise_id = "0" + exercise_id
    if exercise_id not in BANK:
        raise CourseError(t("api.unknown_exercise", kw.get("lang"), value=exercise_id, known=", ".join(BANK)))
    cls, spec = BANK[exercise_id]
    return cls(exercise_id, lesson=exercise_id.split(".")[0], **spec, **kw)
