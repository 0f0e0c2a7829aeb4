"""Lesson 02: the events data, the timeline figure and explorer, and its exercises."""

from __future__ import annotations

import pandas as pd
import pytest

import lessons as L
from lessons.core import config
from lessons.core.errors import CourseError
from lessons.core.text import t
from lessons.exercises.bank import answers
from lessons.topics.timeline import CATEGORIES, TimelineExplorer

REQUIRED = [
    "soviet_persian_treaty_1921",
    "russia_iran_treaty_2001",
    "bushehr_contract_1995",
    "russia_syria_intervention_2015",
    "jcpoa_concluded_2015",
    "us_withdraws_jcpoa_2018",
    "russia_invades_ukraine_2022",
    "shahed_drones_ukraine_2022",
    "iran_admits_prewar_drones_2022",
    "iran_joins_sco_2023",
    "iran_joins_brics_2024",
    "blinken_crbm_accusation_2024",
    "putin_order_draft_treaty_2024",
    "iran_attack_israel_apr2024",
    "iran_missile_attack_israel_oct2024",
    "ashgabat_meeting_2024",
    "brics_kazan_summit_2024",
    "treaty_signed_moscow_2025",
    "duma_ratifies_treaty_2025",
    "majlis_approves_treaty_2025",
    "treaty_in_force_2025",
    "fall_of_assad_2024",
    "israel_iran_war_jun2025",
    "us_strikes_iran_nuclear_2025",
    "e3_trigger_snapback_2025",
    "un_sanctions_reimposed_2025",
]

count_between = answers("02").count_between  # the reference answer to 02.4 and 02.5


@pytest.fixture(scope="module")
def events():
    return L.load("events")


def test_events_cover_what_the_lesson_teaches(events):
    assert len(events) >= 35
    assert set(REQUIRED) <= set(events["id"]), set(REQUIRED) - set(events["id"])
    assert set(events["category"]) == set(CATEGORIES)


def test_event_dates_precision_and_links_are_consistent(events):
    by_id = events.set_index("id")
    month = events[events["date_precision"] == "month"]
    assert (month["date"].dt.day == 1).all()
    ends = events.dropna(subset=["end_date"])
    assert (ends["end_date"] >= ends["date"]).all()
    linked = events.dropna(subset=["related"])
    assert len(linked) >= 8
    assert all(by_id.loc[r, "date"] <= d for r, d in zip(linked["related"], linked["date"]))
    assert (events["title_en"].str.len() <= 90).all() and (events["title_vi"].str.len() <= 90).all()


def test_contested_events_carry_the_status_the_exercises_teach(events):
    status = events.set_index("id")["status"]
    assert status["shahed_drones_ukraine_2022"] == "disputed"
    assert status["blinken_crbm_accusation_2024"] == "alleged"
    assert status["un_sanctions_reimposed_2025"] == "disputed"
    assert status["treaty_signed_moscow_2025"] == status["ashgabat_meeting_2024"] == "confirmed"
    assert events.set_index("id").loc["treaty_in_force_2025", "related"] == "guardian_council_treaty_2025"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_timeline_figure_has_every_event_once_in_the_notebooks_language(events, lang):
    config.set_language(lang)
    fig = L.timeline_chart()
    ids = [i for trace in fig.data for i in trace.ids]
    assert sorted(ids) == sorted(events["id"])
    assert {trace.name for trace in fig.data} == {t(f"timeline.cat.{c}", lang) for c in CATEGORIES}
    assert fig.layout.meta["description"]


def test_explorer_toggles_and_years_filter_the_chart_and_the_list(events):
    explorer = L.timeline_explorer()
    total = sum(len(t.x) for t in explorer.figure.data)
    assert total == len(events)
    explorer.toggles["treaty"].value = False
    assert sum(len(t.x) for t in explorer.figure.data) == len(events) - (events["category"] == "treaty").sum()
    explorer.set_years(2024, 2024)
    shown = events[(events["date"].dt.year == 2024) & (events["category"] != "treaty")]
    assert sum(len(t.x) for t in explorer.figure.data) == len(shown)
    assert len(explorer.picker.options) == len(shown) + 1
    assert explorer.count.value == f"<b>Events shown: {len(shown)}</b>"


def test_choosing_or_clicking_an_event_shows_its_summary_and_sources(events):
    explorer = L.timeline_explorer()
    explorer.picker.value = "treaty_signed_moscow_2025"
    assert "17 Jan 2025" in explorer.detail.value and "href=" in explorer.detail.value

    class Points:
        point_inds = [0]

    trace = next(t for t in explorer.figure.data if len(t.x))
    explorer._on_click(trace, Points(), None)
    assert explorer.picker.value == trace.customdata[0]


@pytest.mark.parametrize("start,end", [(1800, 2000), (2000, 2999), (2025, 2001), ("2020", 2024), (2020.0, 2024)])
def test_bad_year_ranges_get_a_message_and_change_nothing(start, end):
    explorer = L.timeline_explorer()
    before = explorer.years.value
    with pytest.raises(CourseError):
        explorer.set_years(start, end)
    assert explorer.years.value == before


def test_events_table_and_bad_arguments():
    html = L.events_table(start=2024, end=2024).data
    assert html.count("<tr>") == (L.load("events")["date"].dt.year == 2024).sum() + 1
    with pytest.raises(CourseError):
        L.events_table(category="weather")
    with pytest.raises(CourseError):
        L.events_table(start="2020")


def test_lesson_02_exercises(events):
    assert L.exercise("02.4").answer(str(count_between(events, 2024, 2024))).correct is True
    assert L.exercise("02.5").answer(count_between).correct is True

    def excludes_end(events, start, end):
        years = events["date"].dt.year
        return int(((years >= start) & (years < end)).sum())

    fb = L.exercise("02.5").answer(excludes_end)
    assert fb.correct is False and "2024 only" in fb.message
    ex = L.exercise("02.1")
    assert ex.answer(list(ex.answer_key)).correct is True
    assert L.exercise("02.3").answer(["drones", "missiles", "isfahan", "snapback_return"]).correct is True


def test_unrelated_timeline_explorer_with_minimal_data():
    events = pd.DataFrame(
        {
            "id": ["a"],
            "date": pd.to_datetime(["2001-03-12"]),
            "date_precision": ["year"],
            "category": ["treaty"],
            "status": ["confirmed"],
            "title_vi": ["A"],
            "title_en": ["A"],
            "summary_vi": ["x"],
            "summary_en": ["x"],
            "place_vi": [None],
            "place_en": [None],
            "source_ids": ["geonames"],
        }
    )
    explorer = TimelineExplorer(events, L.load("sources"), "vi")
    explorer.show_event("a")
    assert "2001" in explorer.detail.value
