"""Issue 18, part 4: the concepts an expert would correct, checked against the data and the package's outputs in
both languages — resolution 2231's two end dates, the EU Blocking Statute and "alignment" in the glossary; exercise
04.4's key read against the glossary's definitions; the vote-agreement heatmap's baseline and one-vote sensitivity
recomputed here from the votes; no "largely cut off" from SWIFT; ES-11/1 named by its own title; the table of
rouble-and-rial figures built from the payments data's rows."""

from __future__ import annotations

import html
import itertools
import re

import nbformat
import pytest

import lessons as L
from lessons.core import registry
from lessons.core.config import set_language
from lessons.core.errors import CourseError
from lessons.core.text import format_date
from lessons.exercises import bank

from conftest import LANGS, REPO

GLOSSARY = L.load("glossary").set_index("id")
SOURCES = L.load("sources").set_index("id")
VOTES = L.load("un_votes")
RESOLUTIONS = L.load("un_resolutions").set_index("id")
PAYMENTS = L.load("payments")


@pytest.fixture(autouse=True)
def _language():
    yield
    set_language("vi")


def cell(lesson: str, lang: str, cell_id: str) -> str:
    nb = nbformat.read(registry.lesson(lesson).notebook_path(lang), as_version=4)
    return next(c.source for c in nb.cells if c.get("id") == cell_id)


def definition(term: str, lang: str) -> str:
    return GLOSSARY.loc[term, f"definition_{lang}"]


# --- 1. the glossary ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_2231_entry_gives_the_arms_and_the_missile_end_dates_from_the_data(lang):
    arms = L.load("sanctions").set_index("id").loc["un_2231_arms_restrictions_2016", "end"]
    missiles = SOURCES.loc["crisisgroup_20231018_missiles", "date_published"]  # the day the missile limits lapsed
    text = definition("unscr_2231", lang)
    assert format_date(arms, lang) in text and format_date(missiles, lang) in text
    assert arms.year == 2020 and missiles.year == 2023


@pytest.mark.parametrize("lang", LANGS)
def test_snapback_entry_explains_the_reverse_veto(lang):
    words = {
        "vi": ("duy trì nới lỏng trừng phạt", "phủ quyết ngược"),
        "en": ("keeping the relief", "reverse veto"),
    }[lang]
    assert all(w in definition("snapback", lang) for w in words)


@pytest.mark.parametrize("lang", LANGS)
def test_blocking_statute_entry_names_both_regulations_and_cites_a_source_on_the_2018_update(lang):
    text = definition("blocking_statute", lang)
    assert "2271/96" in text and "2018/1100" in text
    source = SOURCES.loc[GLOSSARY.loc["blocking_statute", "source_id"]]
    assert "2018/1100" in source["title"] + source["notes"]


@pytest.mark.parametrize("lang", LANGS)
def test_alignment_is_defined_and_the_data_that_use_it_are_the_ones_it_names(lang):
    relations = L.load("relations").set_index("id")
    assert "alignment" in relations.loc["rus_chn_2001", "notes"].lower()  # the data use the word for Russia–China
    text = definition("alignment", lang)
    assert {"vi": "Nga–Trung Quốc", "en": "Russia–China"}[lang] in text
    assert GLOSSARY.loc["alignment", "first_lesson"] == 3


@pytest.mark.parametrize("lang", LANGS)
def test_alliance_is_defined_for_this_course_in_the_glossary_and_in_lesson_03(lang):
    said = {"vi": "Trong khóa học này", "en": "In this course"}[lang]
    assert definition("alliance", lang).startswith(said)
    assert said in cell("03", lang, "03-03")


@pytest.mark.parametrize("lang", LANGS)
def test_swift_entry_counts_the_russian_banks_instead_of_cutting_russia_off(lang):
    text = definition("swift", lang)
    assert {"vi": "mười ngân hàng Nga", "en": "ten Russian banks"}[lang] in text


# --- 2. exercise 04.4 against the glossary -------------------------------------------------------------------
def _links(lang: str) -> list[str]:
    """The links to the imposing state that make a deal fall under primary sanctions, as the glossary lists them."""
    inside = re.search(r"\(([^)]*)\)", definition("primary_sanctions", lang)).group(1)
    return [w.strip() for w in inside.split(",")]


@pytest.mark.parametrize("lang", LANGS)
def test_04_4_key_is_the_glossary_term_for_a_deal_with_no_link_to_the_imposer(lang):
    spec = bank.specs()["04.4"]
    prompt = spec.text("prompt", lang)
    # the prompt rules out the glossary's currency and bank links: a euro payment through no US bank
    assert {"vi": "đồng euro", "en": "euros"}[lang] in prompt
    assert {"vi": "không qua ngân hàng Mỹ", "en": "no US bank"}[lang] in prompt
    # so the key is the option named like the glossary's term for outsiders' deals with no such link
    third = [i for i in ("primary_sanctions", "secondary_sanctions") if "third" in definition(i, "en")]
    assert third == ["secondary_sanctions"]
    term = GLOSSARY.loc["secondary_sanctions", f"term_{lang}"].lower()
    label = spec.text(f"opt.{spec.params['answer']}", lang).lower()
    assert term.rstrip("s") in label
    other = GLOSSARY.loc["primary_sanctions", f"term_{lang}"].lower()
    assert other.rstrip("s") not in label


@pytest.mark.parametrize("lang", LANGS)
def test_04_4_feedback_on_primary_uses_the_glossarys_definition_not_a_narrower_one(lang):
    why = bank.specs()["04.4"].text("why.primary", lang)
    assert all(link in why for link in _links(lang)), (_links(lang), why)
    assert {"vi": "chỉ nhắm vào", "en": "only US citizens"}[lang] not in why


@pytest.mark.parametrize(
    "lang, gone",
    [
        ("en", "bind only that state's people and companies, and those trading with it"),
        ("vi", "chỉ ràng buộc công dân và doanh nghiệp của bên áp đặt, cùng những ai giao dịch với bên đó"),
        ("en", "bind only the imposer's own jurisdiction"),
    ],
)
def test_lesson_04_no_longer_narrows_primary_sanctions(lang, gone):
    nb = nbformat.read(registry.lesson("04").notebook_path(lang), as_version=4)
    assert not any(gone in c.source for c in nb.cells)


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_04_names_the_blocking_statute_and_2231s_end_dates(lang):
    text = cell("04", lang, "04-03") + cell("04", lang, "04-10")
    assert GLOSSARY.loc["blocking_statute", f"term_{lang}"].split(" của ")[0].replace("EU ", "") in text
    for end in ("18 October 2020", "18 October 2023") if lang == "en" else ("18/10/2020", "18/10/2023"):
        assert end in text


# --- 3. the vote-agreement heatmap -------------------------------------------------------------------------
def _pair(a: str, b: str, chosen: list[str]) -> tuple[int, int]:
    """(matches, shared votes) of two countries, both casting yes, no or abstain — counted here by hand."""
    rows = VOTES[VOTES["resolution_id"].isin(chosen)]
    va = rows[rows["iso3"] == a].set_index("resolution_id")["vote"]
    vb = rows[rows["iso3"] == b].set_index("resolution_id")["vote"]
    cast = {"yes", "no", "abstain"}
    both = [r for r in va.index if r in vb.index and va[r] in cast and vb[r] in cast]
    return sum(va[r] == vb[r] for r in both), len(both)


def _baseline(chosen: list[str]) -> float:
    scores = []
    for a, b in itertools.combinations(sorted(set(VOTES["iso3"])), 2):
        same, n = _pair(a, b, chosen)
        if n:
            scores.append(same / n)
    return sum(scores) / len(scores)


def _chosen(topic):
    return list(RESOLUTIONS.index if topic is None else RESOLUTIONS.index[RESOLUTIONS["category"] == topic])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic", [None, "ukraine", "iran_human_rights"])
def test_heatmap_draws_the_baseline_computed_from_every_pair_in_the_data(lang, topic):
    set_language(lang)
    fig = L.agreement_heatmap(["IRN", "RUS", "VNM"], topic=topic)
    expected = _baseline(_chosen(topic))
    assert fig.layout.meta["baseline"] == pytest.approx(expected)
    pct = str(round(expected * 100))
    bar = fig.data[0].colorbar
    tick = [text for v, text in zip(bar.tickvals, bar.ticktext) if v == pytest.approx(expected * 100)]
    assert len(tick) == 1 and pct in tick[0]  # drawn on the colour bar, labelled
    assert f"{pct}%" in fig.layout.annotations[0].text and f"{pct}%" in fig.layout.meta["description"]
    assert {"vi": "mức nền", "en": "aseline"}[lang] in tick[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("a, b", [("IRN", "RUS"), ("IRN", "TUR"), ("VNM", "USA"), ("CHN", "UKR")])
def test_each_pairs_hover_shows_what_one_vote_moves_100_over_n(lang, a, b):
    set_language(lang)
    countries = [a, b]
    fig = L.agreement_heatmap(countries)
    _, n = _pair(a, b, _chosen(None))
    hover = fig.data[0].customdata[0][1]
    points = re.search(r"(\d+)\D*$", hover).group(1)
    assert int(points) == round(100 / n), (hover, n)
    assert f" {n} " in hover


def test_the_prose_sensitivity_is_a_worked_example_and_the_pairs_own_is_computed():
    """Issue 20: the record grows, so section 1 works the rule on a round number (40 shared votes: 2.5 points)
    instead of quoting Iran–Russia's count; the pair's own sensitivity is computed where it is shown."""
    assert "with 40, 2.5 points" in cell("07", "en", "07-03") and 100 / 40 == 2.5
    assert "với 40 lần, 2,5 điểm" in cell("07", "vi", "07-03")
    _, n = _pair("IRN", "RUS", _chosen(None))
    assert (
        n
        == len(
            VOTES[VOTES["iso3"].isin(["IRN", "RUS"]) & (VOTES["vote"] != "absent")]
            .groupby("resolution_id")
            .filter(lambda g: len(g) == 2)
        )
        // 2
    )
    set_language("en")
    heatmap = L.agreement_heatmap(["IRN", "RUS"])
    assert f"about {round(100 / n)} points" in heatmap.data[0].customdata[0][1]


def test_the_explorer_moves_the_baseline_with_the_topic():
    set_language("en")
    explorer = L.agreement_explorer()
    explorer.category.value = "syria"
    assert explorer.heatmap.layout.meta["baseline"] == pytest.approx(_baseline(_chosen("syria")))
    assert str(round(_baseline(_chosen("syria")) * 100)) in explorer.heatmap.layout.annotations[0].text


@pytest.mark.parametrize("lang", LANGS)
def test_an_absence_is_named_as_a_possible_position_where_absences_are_dropped(lang):
    assert VOTES.set_index(["resolution_id", "iso3"]).loc[("r68_262", "IRN"), "vote"] == "absent"
    text = cell("07", lang, "07-03")
    assert "Iran" in text and "2014" in text and {"vi": "lập trường", "en": "position"}[lang] in text


# --- 4. ES-11/1 by its title -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_07_and_exercise_07_5_quote_es11_1s_title(lang):
    title = RESOLUTIONS.loc["es11_1", f"title_{lang}"]
    quoted = f"“{title}”"
    assert quoted in cell("07", lang, "07-06") and quoted in cell("07", lang, "07-17")
    assert quoted in bank.specs()["07.5"].text("prompt", lang)
    assert "(2014 and 2022)" not in cell("07", lang, "07-17") and "(năm 2014 và 2022)" not in cell("07", lang, "07-17")


# --- 5. SWIFT ----------------------------------------------------------------------------------------------
GONE = ["largely cut off", "phần lớn đã bị cắt khỏi SWIFT"]


@pytest.mark.parametrize("path", sorted(p.relative_to(REPO).as_posix() for p in REPO.glob("notebooks/*/*.ipynb")))
def test_no_notebook_says_the_countries_are_largely_cut_off(path):
    text = (REPO / path).read_text(encoding="utf-8")
    assert not any(g in text for g in GONE)


@pytest.mark.parametrize("table", ["events", "sanctions", "payments", "glossary"])
def test_no_data_row_says_it_either(table):
    text = (REPO / "data" / f"{table}.csv").read_text(encoding="utf-8")
    assert not any(g in text for g in GONE)


def test_the_mir_shetab_note_cites_the_june_2022_regulation():
    row = L.load("events").set_index("id").loc["mir_shetab_stage1_2024"]
    assert "2022/879" in row["notes"] and "eurlex_reg_2022_879" in row["source_ids"].split(";")


# --- 6. the payments figures -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_figures_table_rows_are_the_payments_data_rows(lang):
    set_language(lang)
    shown = L.payments_table(shares=True).data
    ids = re.findall(r"<tr data-id='([^']+)'>", shown)
    currency = PAYMENTS[PAYMENTS["topic"] == "currency"].sort_values("date")
    assert ids == list(currency["id"])
    for _, r in currency.iterrows():
        assert html.escape(r[f"summary_{lang}"]) in shown and html.escape(r[f"claim_by_{lang}"]) in shown
        figure = re.search(r"\d+\s?%", r[f"title_{lang}"])
        if figure:
            assert f"<b>{figure.group(0)}</b>" in shown


@pytest.mark.parametrize(
    "row, words",
    [
        ("putin_95pct_2025", {"en": "all Russia–Iran trade", "vi": "toàn bộ thương mại Nga–Iran"}),
        ("ruble_rial_60pct_2023", {"en": "bilateral settlements", "vi": "thanh toán song phương"}),
        ("fars_13pct_2026", {"en": "one sector only", "vi": "Chỉ đo một lĩnh vực"}),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_each_figure_says_what_it_measures(row, words, lang):
    assert words[lang] in PAYMENTS.set_index("id").loc[row, f"summary_{lang}"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_a_wrong_shares_argument_is_refused_in_the_readers_language(lang, bad):
    set_language(lang)
    with pytest.raises(CourseError) as err:
        L.payments_table(shares=bad)
    message = str(err.value)
    assert "L.payments_table" in message and "“shares”" in message and "Traceback" not in message
    assert ("giá trị đúng/sai" in message) == (lang == "vi") and ("true/false" in message) == (lang == "en")
