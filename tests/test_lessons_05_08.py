"""Lessons 05–08: the new datasets' own logic (trade, corridor, payments, transfers, UN votes),
the pure functions behind the figures, the widgets, the scenario exercise and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

import lessons as L
from lessons.core import config
from lessons.core.countries import country_names
from lessons.core.errors import CourseError
from lessons.exercises import bank
from lessons.topics.trade import WORLD, bilateral, growth_rate, partner_years, partners, rank_of, turnover
from lessons.topics.trade.corridor import ROUTES, STATUSES, km_by_status, route_traces, segments
from lessons.topics.transfers import POSITIONS, filter_transfers, matrix_traces
from lessons.topics.votes import VOTES, agreement, agreement_matrix

SAMPLE = [
    "IRN",
    "RUS",
    "CHN",
    "IND",
    "VNM",
    "BLR",
    "SYR",
    "PRK",
    "TKM",
    "USA",
    "ISR",
    "UKR",
    "BRA",
    "ZAF",
    "TUR",
    "SAU",
    "EGY",
    "DEU",
    "FRA",
    "POL",
]  # the countries issue 5 names; the data hold more


@pytest.fixture(scope="module")
def trade():
    return L.load("trade")


@pytest.fixture(scope="module")
def votes():
    return L.load("un_votes")


# --- data: trade --------------------------------------------------------------------------
def test_trade_covers_the_pair_year_by_year_and_notes_disagreements(trade):
    pair = bilateral(trade)
    assert set(range(2016, 2026)) <= set(pair["year"]), sorted(set(pair["year"]))
    assert {"RUS→IRN", "IRN→RUS", "total"} <= set(pair["direction"])
    countries = set(L.load("countries")["iso3"]) | {WORLD}
    assert set(trade["partner"]) <= countries and set(trade["reporter"]) <= countries
    # where two sources give different values for the same figure, at least one of them says so in its notes
    for key, group in trade.dropna(subset=["value_usd_bn"]).groupby(["reporter", "partner", "year", "flow"]):
        if group["value_usd_bn"].nunique() > 1:
            assert group["note_en"].notna().any() and group["note_vi"].notna().any(), key
    assert trade["value_usd_bn"].notna().sum() + trade["share_pct"].notna().sum() + trade["rank"].notna().sum() >= len(
        trade
    )


def test_trade_partner_rankings_exist_for_both_countries(trade):
    assert partner_years(trade, "IRN") and partner_years(trade, "RUS")
    assert rank_of(trade, "IRN", "CHN", 2023) == 1
    assert rank_of(trade, "IRN", "RUS", 2023) > 3  # the lesson's finding: not among Iran's top partners
    assert (turnover(trade)["year"] >= 2016).all() and set(trade["months"]) <= set(range(1, 13))


# --- data: corridor and payments -----------------------------------------------------------
def test_corridor_routes_are_ordered_chains_with_a_status_per_segment():
    corridor = L.load("corridor")
    assert set(corridor["route"]) == set(ROUTES)
    for route, points in corridor.groupby("route"):
        seqs = sorted(points["seq"])
        assert seqs == list(range(1, len(seqs) + 1)), route
        last = points[points["seq"] == seqs[-1]].iloc[0]
        assert pd.isna(last["mode_to_next"]) and pd.isna(last["status_to_next"]), route
        inner = points[points["seq"] != seqs[-1]]
        assert inner["mode_to_next"].notna().all() and inner["status_to_next"].notna().all(), route
    segs = segments(corridor)
    gap = segs[(segs["start_en"].str.contains("Astara")) & (segs["end_en"] == "Rasht")]
    assert len(gap) == 1 and gap["status"].iloc[0] != "operating"
    assert set(segs["status"]) <= set(STATUSES)


def test_payment_claims_name_who_makes_them():
    payments = L.load("payments")
    reported = payments[payments["status"] != "confirmed"]
    missing = reported[reported[["claim_by_vi", "claim_by_en"]].isna().any(axis=1)]
    assert missing.empty, missing["id"].tolist()
    assert {"cards", "currency", "banking", "trade_agreement"} <= set(payments["topic"])


# --- data: transfers --------------------------------------------------------------------------
def test_every_transfer_has_statements_and_a_status_they_support():
    transfers, claims = L.load("transfers"), L.load("transfer_claims")
    for _, item in transfers.iterrows():
        said = claims[claims["transfer_id"] == item["id"]]
        assert len(said), item["id"]
        parties = said[said["party_iso3"].isin([item["supplier"], item["recipient"]])]
        if item["status"] == "confirmed":  # a party to the transfer says so on the record
            assert parties["position"].isin(["confirms", "partly_admits"]).any(), item["id"]
        if item["status"] == "alleged":  # a third party accuses and no party confirms
            assert (said["position"] == "alleges").any() and not parties["position"].eq("confirms").any(), item["id"]
        if item["status"] == "denied":
            assert (said["position"] == "denies").any(), item["id"]
    assert set(claims["position"]) <= set(POSITIONS)
    # balance: where Iran or Russia denied, the denial is in the data beside the accusation
    fath = claims[claims["transfer_id"] == "fath360_crbm"]
    assert {"alleges", "denies"} <= set(fath["position"])


# --- data: UN votes ---------------------------------------------------------------------------
def test_un_votes_cover_the_sample_and_match_the_totals(votes):
    resolutions = L.load("un_resolutions")
    assert len(resolutions) >= 15
    counts = votes.groupby("resolution_id")["iso3"].nunique()
    assert (counts >= 25).all() and set(counts.index) == set(resolutions["id"])
    assert set(SAMPLE) <= set(votes["iso3"])
    assert set(votes["vote"]) <= set(VOTES)
    for _, r in resolutions.iterrows():
        assert r["yes"] + r["no"] + r["abstain"] + r["non_voting"] == 193, r["id"]
        cast = votes[votes["resolution_id"] == r["id"]]["vote"].value_counts()
        for vote in ("yes", "no", "abstain"):  # the sample cannot hold more votes of a kind than the Assembly cast
            assert cast.get(vote, 0) <= r[vote], (r["id"], vote)
    assert {"ukraine", "iran_human_rights", "syria", "israel_palestine", "cuba_embargo", "coercive_measures"} <= set(
        resolutions["category"]
    )


# --- pure functions -----------------------------------------------------------------------------
def test_agreement_counts_only_resolutions_both_voted_on():
    votes = pd.DataFrame(
        {
            "resolution_id": ["r1", "r1", "r2", "r2", "r3", "r3", "r4", "r4"],
            "iso3": ["AAA", "BBB"] * 4,
            "vote": ["yes", "yes", "no", "abstain", "absent", "yes", "no", "no"],
        }
    )
    share, n = agreement(votes, "AAA", "BBB")
    assert (share, n) == (2 / 3, 3)
    assert agreement(votes, "AAA", "AAA") == (1.0, 3)
    assert agreement(votes, "AAA", "CCC")[1] == 0
    matrix, count = agreement_matrix(votes, ["AAA", "BBB"])
    assert matrix.loc["AAA", "BBB"] == matrix.loc["BBB", "AAA"] and count.loc["AAA", "BBB"] == 3
    assert bank.answers("07").agreement_share(votes, "AAA", "BBB") == pytest.approx(2 / 3)


def test_partner_shares_come_from_the_same_sources_world_total():
    trade = pd.DataFrame(
        {
            "id": list("abcde"),
            "reporter": ["IRN"] * 5,
            "partner": ["WLD", "CHN", "ARE", "RUS", "TUR"],
            "year": [2020] * 5,
            "flow": ["total"] * 5,
            "months": [12] * 5,
            "value_usd_bn": [100.0, 30.0, 20.0, 5.0, None],
            "share_pct": [None, None, None, None, 9.0],
            "rank": [None] * 5,
            "basis": ["customs"] * 5,
            "source_id": ["s"] * 4 + ["t"],
            "note_vi": [None] * 5,
            "note_en": [None] * 5,
        }
    )
    table = partners(trade, "IRN", 2020)
    assert list(table["partner"]) == ["CHN", "ARE", "RUS", "TUR"]
    assert list(table["share"].astype(float)) == [30.0, 20.0, 5.0, 9.0]
    assert rank_of(trade, "IRN", "RUS", 2020) == 3 and rank_of(trade, "IRN", "IND", 2020) is None
    ranked = trade.assign(value_usd_bn=None, share_pct=None, rank=[None, 2, 1, 3, 4])
    assert list(partners(ranked, "IRN", 2020)["partner"]) == ["ARE", "CHN", "RUS", "TUR"]
    # a partner listed beside a ranking it is not part of has no place in it
    beside = trade.assign(rank=[None, 1, 2, None, None])
    assert rank_of(beside, "IRN", "ARE", 2020) == 2 and rank_of(beside, "IRN", "RUS", 2020) is None
    # part-year figures stay out of the yearly totals
    part = trade.assign(reporter="RUS", partner="IRN", months=[6] * 5)
    assert turnover(part).empty


def test_turnover_adds_the_two_directions_when_a_source_gives_no_total():
    trade = pd.DataFrame(
        {
            "id": ["x", "y"],
            "reporter": ["RUS", "RUS"],
            "partner": ["IRN", "IRN"],
            "year": [2021, 2021],
            "flow": ["exports", "imports"],
            "months": [12, 12],
            "value_usd_bn": [3.0, 1.0],
            "share_pct": [None] * 2,
            "rank": [None] * 2,
            "basis": ["customs"] * 2,
            "source_id": ["s", "s"],
            "note_vi": [None] * 2,
            "note_en": [None] * 2,
        }
    )
    totals = turnover(trade)
    assert len(totals) == 1 and totals["value_usd_bn"].iloc[0] == 4.0 and totals["summed"].iloc[0]
    assert growth_rate(pd.Series({2018: 2.0, 2023: 5.0}), 2018, 2023) == 150.0


def test_corridor_segments_and_traces_follow_the_toggles():
    corridor = L.load("corridor")
    assert len(segments(corridor)) == len(corridor) - corridor["route"].nunique()
    assert km_by_status(corridor)["planned"] + km_by_status(corridor)["under_construction"] > 0
    traces = route_traces(corridor, "en", ["eastern"])
    assert len(traces) == len(ROUTES) * len(STATUSES)
    assert all(not tr["visible"] for tr in traces if tr["route"] != "eastern")
    assert any(tr["visible"] for tr in traces if tr["route"] == "eastern")


def test_evidence_matrix_marks_every_statement_of_the_items_shown():
    transfers, claims = L.load("transfers"), L.load("transfer_claims")
    shown = filter_transfers(transfers, status="alleged")
    assert set(shown["status"]) == {"alleged"}
    cells = sum(len(tr["x"]) for tr in matrix_traces(shown, claims, country_names("en"), "en"))
    said = claims[claims["transfer_id"].isin(shown["id"])]
    assert cells == len(said.drop_duplicates(["transfer_id", "party_iso3", "position"]))


def test_big_picture_layers():
    from lessons.core.data import as_of as data_as_of
    from lessons.topics.alliances.api import eu_members
    from lessons.topics.synthesis import imposing_countries, layers

    as_of = data_as_of()
    eu = eu_members()
    data = layers(L.load("memberships"), L.load("sanctions"), eu, org="sco", target="RUS", as_of=as_of)
    assert {"IRN", "RUS", "CHN", "IND"} <= set(data["members"])
    assert {"USA", "DEU", "JPN"} <= set(data["imposers"]) and not {"CHN", "IND", "VNM", "IRN"} & set(data["imposers"])
    assert set(imposing_countries(L.load("sanctions"), eu, "IRN", as_of)) >= {"USA", "FRA"}


# --- figures: text alternatives in both languages -------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_new_figure_describes_itself(lang):
    config.set_language(lang)
    figures = [
        L.trade_chart(),
        L.partner_chart("IRN"),
        L.partner_chart("RUS"),
        L.corridor_map(),
        L.corridor_map("eastern"),
        L.evidence_matrix(),
        L.vote_map("es11_1"),
        L.agreement_heatmap(),
        L.big_picture_map(),
    ]
    for fig in figures:
        description = fig.layout.meta["description"]
        assert len(description) > 40, fig.layout.title.text
    assert (
        "Nga" in L.partner_chart("IRN").layout.meta["description"]
        if lang == "vi"
        else "Russia" in L.partner_chart("IRN").layout.meta["description"]
    )


# --- widgets ------------------------------------------------------------------------------------
def test_trade_explorer_follows_country_flow_and_year():
    w = L.trade_explorer()
    first = w.ranking.layout.title.text
    w.reporter.value = "RUS"
    assert "Russia" in w.ranking.layout.title.text and w.ranking.layout.title.text != first
    assert w.year.options == tuple(partner_years(L.load("trade"), "RUS"))
    w.set_year(w.year.options[0])
    assert str(w.year.options[0]) in w.ranking.layout.title.text
    assert w.bilateral.layout.shapes[0].x0 == w.year.options[0]
    with pytest.raises(CourseError, match="Years with data"):
        w.set_year(1990)
    w.reporter.value = "IRN"
    w.flow.value = "exports"
    assert "exports" in w.ranking.layout.title.text
    assert "Russia" in w.table.value or "Iran" in w.table.value


def test_corridor_explorer_toggles_routes():
    w = L.corridor_explorer()
    visible = lambda: {tr.legendgroup for tr in w.map.data[1:-1] if tr.visible}  # noqa: E731
    assert visible() == set(ROUTES)
    w.toggles["western"].value = False
    assert visible() == {"caspian", "eastern"}
    assert "Rasht" not in w.table.value or "Caspian" in w.table.value
    for box in w.toggles.values():
        box.value = False
    assert visible() == set() and "No route chosen" in w.table.value


def test_evidence_explorer_filters_rows():
    w = L.evidence_explorer()
    all_rows = len(w.matrix.layout.yaxis.ticktext)
    w.status.value = "alleged"
    alleged = L.load("transfers").query("status == 'alleged'")
    assert len(w.matrix.layout.yaxis.ticktext) == len(alleged) < all_rows
    rows = [text.replace("<br>", " ") for text in w.matrix.layout.yaxis.ticktext]  # a long name on two lines
    assert all(alleged["item_en"].isin(rows))


def test_vote_widgets_update_and_refuse_too_few_countries(votes):
    m = L.vote_map_explorer()
    m.resolution.value = "es11_1"
    no = [d for d in m.map.data if d.name == "No"][0]
    assert "RUS" in no.locations and "IRN" not in no.locations
    a = L.agreement_explorer()
    before = a.heatmap.data[0].z
    a.countries.value = ("IRN",)
    assert "at least two" in a.message.value and a.heatmap.data[0].z == before
    a.countries.value = ("IRN", "RUS", "VNM")
    assert len(a.heatmap.data[0].z) == 3 and a.heatmap.data[0].z[0][0] == 100
    a.category.value = "ukraine"
    assert "Ukraine" in a.heatmap.layout.title.text


def test_big_picture_explorer_changes_layers():
    w = L.big_picture_explorer()
    sco = set(w.map.data[0].locations)
    w.org.value = "nato"
    assert set(w.map.data[0].locations) != sco and "USA" in w.map.data[0].locations
    w.target.value = "-"
    assert list(w.map.data[1].locations) == []
    w.corridor_on.value = False
    assert not any(tr.visible for tr in w.map.data[2:])


# --- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: L.partner_chart("XYZ"), "reporter"),
        (lambda: L.partner_chart("IRN", 1990), "year"),
        (lambda: L.trade_explorer("iran"), "reporter"),
        (lambda: L.corridor_map("north"), "route"),
        (lambda: L.evidence_matrix("tanks"), "category"),
        (lambda: L.evidence_table(status="maybe"), "status"),
        (lambda: L.vote_map("es11_99"), "resolution"),
        (lambda: L.agreement_heatmap("IRN"), "list"),
        (lambda: L.agreement_heatmap(["IRN"]), "at least two"),
        (lambda: L.agreement_heatmap(["IRN", "XXX"]), "countries"),
        (lambda: L.agreement_heatmap(topic="sport"), "topic"),
        (lambda: L.big_picture_map(org="un"), "org"),
        (lambda: L.big_picture_map(target="USA"), "target"),
        (lambda: L.big_picture_map(corridor="yes"), "corridor"),
    ],
)
def test_bad_input_gets_a_course_error_naming_the_parameter(call, words):
    with pytest.raises(CourseError, match=words):
        call()


# --- exercises ------------------------------------------------------------------------------------
def test_answer_keys_agree_with_the_data(votes):
    vietnam = votes[(votes["resolution_id"] == "es11_1") & (votes["iso3"] == "VNM")]["vote"].iloc[0]
    assert bank.BANK["07.5"][1]["answer"] == vietnam
    transfers = L.load("transfers").set_index("id")
    assert bank.BANK["06.1"][1]["answer"] == transfers.loc["fath360_crbm", "status"]
    assert bank.BANK["08.5"][1]["answer"]() == 2
    events = L.load("events").set_index("id")
    assert events.loc["un_sanctions_reimposed_2025", "status"] == "disputed"  # 08.6: the snapback is contested
    trade = L.load("trade")
    assert rank_of(trade, "IRN", "CHN", 2023) == 1  # 08.6: China first in 2023
    segs = segments(L.load("corridor"))
    assert (segs.loc[segs["end_en"] == "Rasht", "status"] != "operating").any()  # 08.6: the gap is still open


def test_numeric_answers_are_computed_from_the_data(trade):
    customs = bank.answers("05").russian_customs_series(trade)
    expected = (customs[2023] - customs[2018]) / customs[2018] * 100
    ex = L.exercise("05.2")
    assert ex.check(round(expected, 1)).correct and ex.check(expected + 5).correct is False
    assert ex.check("a lot").correct is None
    claims = L.load("transfer_claims")
    assert L.exercise("06.5").check(int((claims["position"] == "denies").sum())).correct


def test_code_exercises_accept_the_reference_and_explain_a_wrong_function(trade):
    ex = L.exercise("05.3")
    assert ex.check(bank.answers("05").top_partner).correct
    wrong = ex.check(lambda trade, reporter, year: "CHN")
    assert wrong.correct is False and "Iran, 2022" in wrong.message
    agree = L.exercise("07.3")
    assert agree.check(bank.answers("07").agreement_share).correct

    def counts_absences(votes, a, b):
        wide = votes.pivot_table(index="resolution_id", columns="iso3", values="vote", aggfunc="first")
        return float((wide[a] == wide[b]).mean())

    assert agree.check(counts_absences).correct is False


def test_scenario_argues_with_figures_and_refuses_incomplete_choices():
    from lessons.topics.synthesis import scenario_facts

    ex = L.exercise("08.1")
    assert "Make a choice for" in ex.check({"sanctions": "eased"}).message
    assert ex.check("eased").correct is None and "one choice per question" in ex.check("eased").message
    assert "no option" in ex.check({"sanctions": "vanished", "corridor": "completed", "arms": "more"}).message
    facts = scenario_facts("en")
    fb = ex.answer({"sanctions": "tightened", "corridor": "delayed", "arms": "more"})
    assert fb.correct is None
    assert f"{facts['imposers_irn']} countries already apply measures on Iran" in fb.message
    assert f"{facts['gap_km']} km" in fb.message and f"{facts['confirmed']} items are confirmed" in fb.message
    again = L.exercise("08.1")
    assert again.pickers["corridor"].value == "delayed" and "saved" in again.feedback.value.lower()
    config.set_language("vi")
    vi = L.exercise("08.1").check({"sanctions": "eased", "corridor": "completed", "arms": "fewer"})
    assert f"{facts['agree']}%" in vi.message and "Nga" in vi.message


def test_lessons_05_to_08_cite_their_sources():
    from lessons.core.sourcing import lesson_source_ids

    known = set(L.load("sources")["id"])
    for lesson in (5, 6, 7, 8):
        ids = lesson_source_ids(lesson)
        assert len(ids) >= 10 and set(ids) <= known, lesson
