"""Lessons 03 and 04: the data's own logic (dates, statuses, imposers), the figures and the
widgets (membership map, relations network, sanctions explorer), and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

import lessons as L
from lessons.core import config
from lessons.core.errors import CourseError
from lessons.exercises.bank import answers
from lessons.topics.alliances import MEMBER_STATUSES, TIE_TYPES, status_on

count_members = answers("03").count_members  # the reference answer to 03.4 and 03.5


@pytest.fixture(scope="module")
def memberships():
    return L.load("memberships")


# --- data ---------------------------------------------------------------------------------
def test_membership_periods_are_ordered_and_do_not_overlap(memberships):
    ended = memberships.dropna(subset=["end"])
    assert (ended["end"] > ended["start"]).all(), ended[ended["end"] <= ended["start"]]
    for (org, iso3), rows in memberships.groupby(["org_id", "iso3"]):
        rows = rows.sort_values("start")
        ends = rows["end"].iloc[:-1].fillna(pd.Timestamp.max)
        assert (ends.to_numpy() <= rows["start"].iloc[1:].to_numpy()).all(), (org, iso3)


def test_memberships_hold_the_changes_the_lessons_teach(memberships):
    def status(org, iso3, year):
        now = status_on(memberships, org, year)
        row = now[now["iso3"] == iso3]
        return row["status"].iloc[0] if len(row) else None

    assert status("nato", "FIN", 2022) is None and status("nato", "FIN", 2023) == "member"
    assert status("nato", "SWE", 2023) is None and status("nato", "SWE", 2024) == "member"
    assert status("sco", "IRN", 2022) == "observer" and status("sco", "IRN", 2023) == "member"
    assert status("sco", "BLR", 2023) == "observer" and status("sco", "BLR", 2024) == "member"
    assert status("brics", "IRN", 2023) is None and status("brics", "IRN", 2024) == "member"
    assert status("brics", "VNM", 2024) is None and status("brics", "VNM", 2025) == "partner"
    assert status("eaeu", "IRN", 2024) == "observer"
    assert status("csto", "ARM", 2023) == "member" and status("csto", "ARM", 2024) == "frozen"
    assert status("eu", "GBR", 2019) == "member" and status("eu", "GBR", 2020) is None


def test_relations_clauses_match_the_lesson():
    relations = L.load("relations").set_index("id")
    assert not relations.loc["rus_irn_2025", "mutual_defence"] and relations.loc["rus_prk_2024", "mutual_defence"]
    assert relations.loc["rus_irn_2025", "in_force"] == pd.Timestamp("2025-10-02")
    both = relations.dropna(subset=["signed", "in_force"])
    assert (both["in_force"] >= both["signed"]).all()
    assert set(relations["type"]) == set(TIE_TYPES)


def test_sanctions_statuses_dates_and_imposers_agree():
    sanctions = L.load("sanctions")
    countries = set(L.load("countries")["iso3"])
    ended = sanctions["end"].notna()
    assert sanctions.loc[ended, "status"].isin(["terminated", "lifted"]).all()
    assert sanctions.loc[~ended, "status"].isin(["in_force", "reimposed"]).all()
    assert (sanctions.loc[ended, "end"] > sanctions.loc[ended, "start"]).all()
    kinds = sanctions["imposer"].map(lambda c: {"UN": "un", "EU": "eu"}.get(c, "state"))
    assert (kinds == sanctions["imposer_kind"]).all()
    assert set(sanctions.loc[sanctions["imposer_kind"] == "state", "imposer"]) <= countries
    assert not ((sanctions["imposer"] == "UN") & (sanctions["target"] == "RUS")).any()  # Russia holds a veto
    snapback = sanctions[(sanctions["imposer"] == "UN") & (sanctions["status"] == "reimposed")]
    assert len(snapback) >= 3 and (snapback["start"] == pd.Timestamp("2025-09-27")).all()


def test_glossary_has_terms_for_every_lesson_and_variants_for_missile_and_aircraft():
    glossary = L.load("glossary")
    assert all((glossary["first_lesson"] == n).sum() >= 3 for n in range(5))
    variants = " ".join(glossary["variant_vi"].dropna())
    assert "hỏa tiễn" in variants and "phi cơ" in variants


# --- figures ------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_membership_map_shows_statuses_in_the_notebooks_language(lang):
    config.set_language(lang)
    fig = L.membership_map("brics", 2025)
    by_status = {t.name: list(t.locations) for t in fig.data if t.type == "choropleth"}
    label = {"vi": "nước đối tác", "en": "partner country"}[lang]
    assert "VNM" in by_status[label] and "IRN" in by_status[{"vi": "thành viên", "en": "member"}[lang]]
    assert fig.layout.meta["description"]


def test_relations_network_highlight_brings_iran_forward():
    fig = L.relations_network(highlight="IRN")
    relations = L.load("relations")
    edges = fig.data[: len(relations)]
    touching = {e.name for e in edges if e.opacity == 1.0}
    expected = set(relations.loc[(relations["a_iso3"] == "IRN") | (relations["b_iso3"] == "IRN"), "id"])
    assert touching == expected and expected


def test_sanctions_map_counts_eu_measures_for_every_eu_member():
    fig = L.sanctions_map("RUS")
    counts = dict(zip(fig.data[0].locations, fig.data[0].z))
    assert counts["DEU"] == counts["FRA"] > 0  # EU measures apply in every member state
    assert {"JPN", "KOR", "SGP", "USA", "GBR"} <= set(counts)
    assert not {"CHN", "IND", "VNM"} & set(counts)


def test_clause_table_compares_three_treaties():
    html = L.clause_table().data
    assert "Art. 5" in html and "Art. 4" in html and "Art. 3" in html


# --- widgets ------------------------------------------------------------------------------
def test_membership_explorer_year_and_organisation(memberships):
    explorer = L.membership_explorer("sco")
    explorer.set_year(2022)
    members = list(explorer.figure.data[MEMBER_STATUSES.index("member")].locations)
    assert "IRN" not in members and "IRN" in explorer.figure.data[MEMBER_STATUSES.index("observer")].locations
    explorer.set_year(2023)
    assert "IRN" in explorer.figure.data[MEMBER_STATUSES.index("member")].locations
    explorer.org.value = "nato"
    assert explorer.year.min == 1949
    explorer.set_year(2023)
    assert len(explorer.figure.data[0].locations) == count_members(memberships, "nato", 2023) == 31


@pytest.mark.parametrize("bad", [1800, 2999, "2020", 2020.5, True])
def test_membership_explorer_rejects_bad_years_with_a_message(bad):
    explorer = L.membership_explorer("nato")
    before = explorer.year.value
    with pytest.raises(CourseError):
        explorer.set_year(bad)
    assert explorer.year.value == before


def test_relations_explorer_types_and_highlight():
    explorer = L.relations_explorer()
    relations = L.load("relations")
    explorer.types["adversarial"].value = False
    hidden = {t.name for t in explorer.figure.data[: len(relations)] if t.visible is False}
    assert hidden == set(relations.loc[relations["type"] == "adversarial", "id"])
    explorer.highlight.value = "IRN"
    shown = relations[
        (relations["type"] != "adversarial") & ((relations["a_iso3"] == "IRN") | (relations["b_iso3"] == "IRN"))
    ]
    drawn = relations[relations["type"] != "adversarial"]  # the other ties stay drawn, faded: both numbers are said
    assert explorer.summary.value == f"Ties of Iran: {len(shown)}, highlighted among the {len(drawn)} lines drawn."


def test_sanctions_explorer_filters_update_map_timeline_and_table():
    explorer = L.sanctions_explorer()
    sanctions = L.load("sanctions")
    explorer.target.value = "RUS"
    explorer.measure.value = "swift"
    expected = sanctions[(sanctions["target"] == "RUS") & (sanctions["measure"] == "swift")]
    assert explorer.table.value.count("<tr>") == len(expected) + 1
    swift_trace = explorer.timeline.data[list(t.name for t in explorer.timeline.data).index("SWIFT disconnection")]
    assert len([x for x in swift_trace.x if x is not None]) == 2 * len(expected)
    explorer.imposer.value = "UN"
    assert "No measure matches" in explorer.table.value and list(explorer.map.data[0].locations) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda: L.sanctions_map("XXX"),
        lambda: L.sanctions_table("IRN", "ZZZ"),
        lambda: L.sanctions_timeline("IRN", measure="tariffs"),
        lambda: L.membership_map("warsaw_pact"),
        lambda: L.membership_map("nato", 1900),
        lambda: L.relations_network("ATL"),
        lambda: L.glossary(42),
    ],
)
def test_static_calls_with_bad_arguments_say_what_is_allowed(call):
    with pytest.raises(CourseError) as info:
        call()
    assert "Allowed values" in str(info.value) or "outside" in str(info.value)


# --- exercises ----------------------------------------------------------------------------
def test_lesson_03_and_04_exercises_accept_their_keys():
    right = {"03.1": "no_aid", "03.3": ["sco", "brics"], "03.4": "31", "04.1": "un", "04.4": "secondary", "04.5": "18"}
    for ex_id, answer in right.items():
        assert L.exercise(ex_id).answer(answer).correct is True, ex_id
    ex = L.exercise("03.2")
    assert ex.answer(dict(ex.answer_key)).correct is True
    ex = L.exercise("04.3")
    assert ex.answer(list(ex.answer_key)).correct is True


def test_count_members_code_exercise():
    assert L.exercise("03.5").answer(count_members).correct is True

    def forgets_end(memberships, org_id, year):
        rows = memberships[(memberships["org_id"] == org_id) & (memberships["status"] == "member")]
        return int((rows["start"] <= pd.Timestamp(year=year, month=12, day=31)).sum())

    fb = L.exercise("03.5").answer(forgets_end)
    assert fb.correct is False and "EU, 2020" in fb.message and "CSTO, 2024" in fb.message
