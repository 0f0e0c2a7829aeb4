"""Issue 18, parts 5 and 6: exercises whose key agrees with the data, prompts that do not invite false
balance, summaries within the evidence, one spelling, no jargon, and prose a 16-year-old reads.

Every check reads the content (exercises.toml, notebooks, i18n) and the data (data/*.csv) at test time, so a
change to either that breaks the agreement fails here."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pyphen
import pytest

from support.subjects import OPTION_EVENT_02_3

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
NOTEBOOKS = REPO / "notebooks"
TOPICS = REPO / "lessons" / "topics"
LANGS = ["vi", "en"]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _exercise(folder: str, ex_id: str) -> dict:
    content = tomllib.loads((TOPICS / folder / "exercises.toml").read_text(encoding="utf-8"))
    return next(ex for ex in content["exercise"] if ex["id"] == ex_id)


def _notebook(lang: str, stem: str):
    path = next((NOTEBOOKS / lang).glob(f"{stem}*.ipynb"))
    return nbformat.read(path, as_version=4)


def _cell(lang: str, stem: str, cell_id: str) -> str:
    return next(c.source for c in _notebook(lang, stem).cells if c.id == cell_id)


def _markdown(lang: str):
    """(notebook name, cell id, text) of every markdown cell of one language."""
    for path in sorted((NOTEBOOKS / lang).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                yield path.name, cell.id, cell.source


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+|\n+", text) if s.strip()]


STATUS = {r["id"]: r["status"] for r in _rows("events.csv")}

# --- 02.3: each option states what a claim says; the key is every option whose event is not confirmed ------

# the event of the timeline each option of 02.3 stands for
OPTION_EVENT = OPTION_EVENT_02_3
EX_02_3 = _exercise("timeline", "02.3")


def test_02_3_options_are_the_events_the_table_maps():
    assert EX_02_3["options"] == list(OPTION_EVENT)
    assert set(OPTION_EVENT.values()) <= set(STATUS)


@pytest.mark.parametrize("option", list(OPTION_EVENT))
def test_02_3_key_agrees_with_the_status_in_the_data(option):
    not_confirmed = STATUS[OPTION_EVENT[option]] != "confirmed"
    assert (option in EX_02_3["answers"]) is not_confirmed, (option, STATUS[OPTION_EVENT[option]])


# an option worded as the accusation (which was itself made, so "confirmed" as a statement) rather than its content
ABOUT_THE_CLAIM = {
    "en": re.compile(r"^(the )?(\w+ )?(accusation|allegation|claim|report)\b|^the reported\b", re.IGNORECASE),
    "vi": re.compile(r"^(cáo buộc|tin|nhận định|tuyên bố)\b|được cho là", re.IGNORECASE),
}
SAYS_WHO = {"en": re.compile(r"\bsays? so\b"), "vi": re.compile(r"nói vậy")}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("option", ["drones", "missiles", "isfahan", "snapback_return"])
def test_02_3_an_unconfirmed_option_states_the_content_and_who_says_it(option, lang):
    text = EX_02_3["opt"][option][lang]
    assert not ABOUT_THE_CLAIM[lang].search(text), text
    assert SAYS_WHO[lang].search(text), text  # who asserts it stays in the option


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "The accusation that Russia used Iranian Shahed drones in Ukraine (2022)"),
        ("en", "The US accusation of Iranian close-range ballistic missiles for Russia (2024)"),
        ("en", "The reported Israeli strike near Isfahan (Apr 2024)"),
        ("vi", "Cáo buộc Nga dùng máy bay không người lái Shahed của Iran ở Ukraine (2022)"),
        ("vi", "Vụ tấn công gần Isfahan được cho là của Israel (4/2024)"),
    ],
)
def test_02_3_the_wording_check_catches_an_option_about_the_claim(lang, text):
    assert ABOUT_THE_CLAIM[lang].search(text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("option", ["treaty_signed", "ashgabat"])
def test_02_3_a_wrong_option_says_why_it_is_confirmed(option, lang):
    assert STATUS[OPTION_EVENT[option]] == "confirmed"
    why = EX_02_3["why"][option][lang]
    assert {"en": "confirmed", "vi": "đã xác nhận"}[lang] in why
    assert re.search(r"official|chính thức", why)  # the reason: an official record


# --- 02.6 and 08.7: no prompt that invites false balance ------------------------------------------------------

FALSE_BALANCE = {
    "en": re.compile(
        r"\b(every|each|all) (side|party|parties|sides)\b[^.]{0,20}\b(could|would|can|will|might) "
        r"(all )?(accept|agree)|acceptable to (all|every|each|both)|(both|all) sides (could|would|can) agree",
        re.IGNORECASE,
    ),
    "vi": re.compile(r"(mọi|tất cả các|cả hai) bên[^.]{0,20}(chấp nhận|đồng ý)", re.IGNORECASE),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("ex_id, folder", [("02.6", "timeline"), ("08.7", "synthesis")])
def test_written_prompts_ask_for_accuracy_not_agreement(ex_id, folder, lang):
    prompt = _exercise(folder, ex_id)["prompt"][lang]
    assert not FALSE_BALANCE[lang].search(prompt), prompt


@pytest.mark.parametrize("lang", LANGS)
def test_no_lesson_text_asks_for_what_every_side_would_accept(lang):
    found = [(name, cell_id) for name, cell_id, text in _markdown(lang) if FALSE_BALANCE[lang].search(text)]
    assert not found


@pytest.mark.parametrize("lang", LANGS)
def test_02_6_asks_for_each_position_attributed(lang):
    prompt = _exercise("timeline", "02.6")["prompt"][lang]
    assert {"en": "who said what", "vi": "ai nói"}[lang] in prompt
    assert {"en": "each side's position", "vi": "lập trường của từng bên"}[lang] in prompt


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "Write one sentence about the 2022 drone events that every side could accept as accurate."),
        ("en", "Write a sentence acceptable to all parties."),
        ("en", "Find a wording both sides could agree on."),
        ("en", "Write a summary that all parties would accept."),
        ("vi", "Viết một câu về các sự kiện năm 2022 mà mọi bên đều có thể chấp nhận là chính xác."),
        ("vi", "Viết một câu mà tất cả các bên đều đồng ý."),
    ],
)
def test_the_false_balance_check_refuses_an_every_side_prompt(lang, text):
    assert FALSE_BALANCE[lang].search(text)


@pytest.mark.parametrize("lang", LANGS)
def test_02_6_rubric_rewards_accuracy_not_agreement(lang):
    notes = _cell(lang, "02-", "02-30")
    assert {"en": "Rubric for 02.6", "vi": "Thang điểm câu 02.6"}[lang] in notes
    assert {"en": "not agreement", "vi": "không phải tìm một câu ai cũng tán thành"}[lang] in notes
    # the model answer gives the three sides, each with a date
    model = next(line for line in notes.splitlines() if "02.6" in line and ("Model" in line or "mẫu" in line))
    assert len(re.findall(r"20\d\d", model)) >= 3


JUDGED_BRIEF = {
    "en": re.compile(r"partnership of convenience|keep applying UN Security Council decisions", re.IGNORECASE),
    "vi": re.compile(r"dựa trên lợi ích cụ thể|tiếp tục thi hành các quyết định của Hội đồng Bảo an", re.IGNORECASE),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_model_brief_takes_no_side(lang):
    brief = _cell(lang, "08-", "08-21")
    assert not JUDGED_BRIEF[lang].search(brief)
    assert not FALSE_BALANCE[lang].search(brief)


# --- 05.5 and 08.1: the key follows lesson 05's data ----------------------------------------------------------

TRADE = _rows("trade.csv")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth"}
ORDINALS_VI = {1: "nhất", 2: "hai", 3: "ba", 4: "tư", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám"}


def russia_rank_in_iran() -> int:
    """Russia's latest rank among Iran's partners, read from Iranian-reported rows of data/trade.csv."""
    rows = [r for r in TRADE if r["reporter"] == "IRN" and r["partner"] == "RUS" and r["flow"] == "total" and r["rank"]]
    latest = max(rows, key=lambda r: int(r["year"]))
    return int(float(latest["rank"]))


def russian_totals() -> dict[int, list[float]]:
    """Whole-year Iran–Russia totals by Russian-side sources: the source's total, or its exports + imports."""
    by_source: dict[tuple[int, str], dict[str, float]] = {}
    for r in TRADE:
        pair = {r["reporter"], r["partner"]} == {"IRN", "RUS"}
        if pair and r["reporter"] == "RUS" and r["months"] == "12" and r["value_usd_bn"]:
            by_source.setdefault((int(r["year"]), r["source_id"]), {}).setdefault(r["flow"], float(r["value_usd_bn"]))
    out: dict[int, list[float]] = {}
    for (year, _), flows in by_source.items():
        if "total" in flows:
            out.setdefault(year, []).append(flows["total"])
        elif {"exports", "imports"} <= set(flows):
            out.setdefault(year, []).append(flows["exports"] + flows["imports"])
    return out


EX_05_5 = _exercise("trade", "05.5")


def test_05_5_key_agrees_with_russias_rank_in_the_data():
    rank = russia_rank_in_iran()
    assert 3 < rank <= 10  # in the top ten, not the top three: "partly supported"
    assert EX_05_5["answer"] == "partly"
    key = EX_05_5["opt"]["partly"]
    assert ORDINALS[rank] in key["en"] and "top ten" in key["en"]
    assert re.search(rf"(hạng|đứng thứ) {ORDINALS_VI[rank]}", key["vi"]) and "mười" in key["vi"]


@pytest.mark.parametrize("lang", LANGS)
def test_05_5_key_does_not_call_russia_a_main_partner(lang):
    key = EX_05_5["opt"]["partly"][lang]
    assert not re.search(r"main partners|among the (main|leading)|nhóm bạn hàng chính|bạn hàng chính", key), key


def test_trade_after_2022_moved_sideways_in_the_data():
    totals = russian_totals()
    peak = max(totals[2022])
    later = [v for year, values in totals.items() if year > 2022 for v in values]
    assert later and max(later) <= peak * 1.05 and min(later) >= peak * 0.75


# a wrong option's feedback names the reason, in words drawn from the data
@pytest.mark.parametrize(
    "option, reason",
    [
        ("top", {"en": lambda r: ORDINALS[r], "vi": lambda r: f"thứ {ORDINALS_VI[r]}"}),
        ("contradicted", {"en": lambda r: "sideways", "vi": lambda r: "đi ngang"}),
        ("cannot_tell", {"en": lambda r: "agree on the trend", "vi": lambda r: "thống nhất về xu hướng"}),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_05_5_a_wrong_option_gets_feedback_naming_the_reason(option, reason, lang):
    why = EX_05_5["why"][option][lang]
    assert reason[lang](russia_rank_in_iran()) in why, why
    assert why != EX_05_5["why"]["partly"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_05_6_model_answer_and_05_5_key_tell_the_same_rank(lang):
    notes = _cell(lang, "05-", "05-37")
    word = {"en": ORDINALS, "vi": {k: f"thứ {v}" for k, v in ORDINALS_VI.items()}}[lang][russia_rank_in_iran()]
    assert notes.count(word) >= 2  # 05.5's answer line and the 05.6 model answer


@pytest.mark.parametrize("lang", LANGS)
def test_08_1_tightened_sanctions_follow_lesson_05(lang):
    text = _exercise("synthesis", "08.1")["sanctions"]["then"]["tightened"][lang]
    assert {"en": "sideways", "vi": "đi ngang"}[lang] in text
    # no claim that trade after 2022 shows sanctions pushing the two together
    assert not re.search(r"suggests for the years after 2022|cho thấy xu hướng sau 2022", text)


# --- lesson 05's table of figures per year equals the data ----------------------------------------------------


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._in = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        self._in = tag == "td"

    def handle_endtag(self, tag):
        self._in = self._in and tag != "td"

    def handle_data(self, data):
        if self._in:
            self.rows[-1].append(data)


def _numbers(cell: str, lang: str) -> list[float]:
    return [float(x.replace(",", ".")) for x in re.findall(r"\d+(?:[.,]\d+)?", cell)] if cell != "—" else []


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_05_table_per_year_equals_the_data(lang):
    from lessons.core.data import load
    from lessons.topics.trade.figures import by_year_html

    parser = _Cells()
    parser.feed(by_year_html(load("trade"), lang))
    shown = {int(r[0]): _numbers(r[1], lang) for r in parser.rows if r}
    expected = {year: sorted({round(min(v), 2), round(max(v), 2)}) for year, v in russian_totals().items()}
    assert shown == {y: sorted(set(v)) for y, v in shown.items()}  # one number, or low–high
    assert {y: [round(x, 2) for x in v] for y, v in shown.items() if v} == expected


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_05_shows_the_table_instead_of_the_six_number_sentence(lang):
    cells = _notebook(lang, "05-").cells
    ids = [c.id for c in cells]
    assert cells[ids.index("05-06") + 1].source == "L.trade_by_year()"
    figures = re.findall(r"\d+(?:[.,]\d+)?(?:–\d+(?:[.,]\d+)?)? (?:billion|tỷ)", _cell(lang, "05-", "05-06"))
    assert len(figures) <= 2, figures


# --- one spelling and no jargon -------------------------------------------------------------------------------

RUBLE = re.compile(r"\brubles?\b", re.IGNORECASE)
URL = re.compile(r"https?://\S+")
# columns that quote a publication as published (its title and address) or hold identifiers
NOT_OURS = {"id", "url", "title", "source_id", "source_ids", "related", "event_id", "resolution_id"}


def english_texts():
    """(where, text) of every English text the course writes: notebooks, i18n, exercises, plans, data, docs."""
    for name, cell_id, text in _markdown("en"):
        yield f"notebooks/en/{name}#{cell_id}", text
    yield "lessons/i18n/en.json", "\n".join(json.loads((REPO / "lessons/i18n/en.json").read_text("utf-8")).values())
    yield "lessons/plans/en.json", (REPO / "lessons/plans/en.json").read_text("utf-8")
    for path in sorted(TOPICS.glob("*/exercises.toml")):
        found = re.findall(r'^en = "(.*)"$', path.read_text("utf-8"), flags=re.MULTILINE)
        yield str(path.relative_to(REPO)), "\n".join(found)
    for path in sorted(DATA.glob("*.csv")):
        rows = _rows(path.name)
        cols = [c for c in (rows[0] if rows else {}) if c not in NOT_OURS and not c.endswith("_vi")]
        yield f"data/{path.name}", "\n".join(r[c] or "" for r in rows for c in cols)
    for path in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        yield str(path.relative_to(REPO)), path.read_text("utf-8")


ENGLISH = list(english_texts())


@pytest.mark.parametrize("where, text", ENGLISH, ids=[w for w, _ in ENGLISH])
def test_english_spells_roubles(where, text):
    assert not RUBLE.findall(URL.sub("", text)), where


@pytest.mark.parametrize(
    "text, caught",
    [
        ("Putin said over 95% of payments were in rubles and rials.", True),
        ("the ruble and rial share passed 60%", True),
        ("Ruble-rial settlements", True),
        ("see https://iranpress.com/content/78003/rial-ruble-share-reaches-60", False),
        ("payments in roubles and rials", False),
    ],
)
def test_the_spelling_check_sees_ruble_but_not_inside_an_address(text, caught):
    assert bool(RUBLE.findall(URL.sub("", text))) is caught


JARGON = {
    "en": re.compile(r"\bstored (sources?|pages?|cop(y|ies)|texts?|corpus|material)\b|\bsources? stored\b", re.I),
    "vi": re.compile(r"(nguồn|trang|bản) đã lưu|bản lưu không ghi", re.I),
}


def student_texts(lang: str):
    """What a student or teacher reads: notebooks, strings, exercises, and the data columns the course shows."""
    for name, cell_id, text in _markdown(lang):
        yield f"notebooks/{lang}/{name}#{cell_id}", text
    yield f"i18n/{lang}", "\n".join(json.loads((REPO / f"lessons/i18n/{lang}.json").read_text("utf-8")).values())
    for path in sorted(DATA.glob("*.csv")):
        rows = _rows(path.name)
        cols = [
            c
            for c in (rows[0] if rows else {})
            if c.endswith(f"_{lang}") or (path.name == "sources.csv" and c == "title")
        ]
        yield f"data/{path.name}", "\n".join(r[c] or "" for r in rows for c in cols)


@pytest.mark.parametrize("lang", LANGS)
def test_no_stored_sources_jargon(lang):
    found = [(where, m.group(0)) for where, text in student_texts(lang) for m in JARGON[lang].finditer(text)]
    assert not found


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "that is what could be read in full from the stored sources."),
        ("en", "most likely 1402 (stored copy undated)"),
        ("en", "TASS report; headline not in the stored text"),
        ("en", "No statement was found in the stored pages."),
        ("vi", "đó là những gì có thể đọc đầy đủ từ các nguồn đã lưu."),
        ("vi", "nhiều khả năng 1402 (bản lưu không ghi ngày)"),
        ("vi", "không tìm thấy trong các trang đã lưu."),
    ],
)
def test_the_jargon_check_catches_the_old_wording(lang, text):
    assert JARGON[lang].search(text)


# --- summaries within the evidence ----------------------------------------------------------------------------

CORRIDOR = re.compile(r"corridor|hành lang", re.IGNORECASE)
HALTED = re.compile(r"halt|stop|ngừng|đình trệ|dừng", re.IGNORECASE)
WAR_2026 = re.compile(r"2026")
ATTRIBUTED = {"en": re.compile(r"\breported\b|Vedomosti"), "vi": re.compile(r"được đưa tin|Vedomosti")}


def corridor_halt_unattributed(text: str, lang: str) -> list[str]:
    return [
        s
        for s in _sentences(text)
        if CORRIDOR.search(s) and HALTED.search(s) and WAR_2026.search(s) and not ATTRIBUTED[lang].search(s)
    ]


def test_the_corridor_halt_is_reported_in_the_data():
    assert STATUS["instc_cargo_halt_2026"] == "reported"


@pytest.mark.parametrize("lang", LANGS)
def test_the_corridor_halt_is_never_stated_as_fact(lang):
    found = [
        (where, s)
        for where, text in student_texts(lang)
        if where.startswith("notebooks")
        for s in corridor_halt_unattributed(text, lang)
    ]
    plans = (REPO / f"lessons/plans/{lang}.json").read_text("utf-8")
    assert not found + corridor_halt_unattributed(plans, lang)


@pytest.mark.parametrize(
    "lang, text",
    [
        (
            "en",
            "- The North–South corridor has three branches; the Rasht–Astara railway is still missing, "
            "and the 2026 war largely halted corridor cargo.",
        ),
        ("en", "Note that the 2026 war stopped most corridor traffic (shipping firms' reports)."),
        ("vi", "Hành lang Bắc–Nam có ba nhánh, và cuộc chiến năm 2026 làm hàng hóa qua hành lang gần như ngừng lại."),
    ],
)
def test_the_corridor_check_catches_a_halt_stated_as_fact(lang, text):
    assert corridor_halt_unattributed(text, lang)


ONLY_UN = {
    "en": re.compile(r"Vietnam applies only (UN|Security Council)", re.IGNORECASE),
    "vi": re.compile(r"Việt Nam chỉ thi hành (các lệnh )?trừng phạt của Hội đồng Bảo an", re.IGNORECASE),
}


@pytest.mark.parametrize("lang", LANGS)
def test_vietnams_sanctions_practice_rests_on_its_own_law(lang):
    texts = [text for where, text in student_texts(lang) if where.startswith("notebooks")]
    assert not [t for t in texts if ONLY_UN[lang].search(t)]
    lesson_04 = "\n".join(c.source for c in _notebook(lang, "04-").cells if c.cell_type == "markdown")
    assert lesson_04.count("81/2019/NĐ-CP") >= 3  # the lesson, the teacher note, the summary


def test_the_decree_is_a_source_of_lesson_04():
    from lessons.core.sourcing import lesson_source_ids

    sources = {r["id"]: r for r in _rows("sources.csv")}
    assert sources["vn_decree_81_2019_wmd"]["kind"] == "government"
    assert {"vn_decree_81_2019_wmd", "lawnet_decree_81_2019_art13"} <= set(lesson_source_ids(4))


# --- English (and Vietnamese) a 16-year-old reads: lessons 04–06 ----------------------------------------------
# Flesch–Kincaid grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59, syllables from pyphen's
# hyphenation dictionary (one more than the hyphenation points). Measured on the students' prose (teacher notes,
# headings and tables left out). English before issue 18 → after: lesson 04 grade 9.55 → 8.04 and 18.3 → 14.4
# words a sentence; 05: 7.28 → 5.00 and 17.6 → 11.7; 06: 8.73 → 8.07 and 17.7 → 16.0. Vietnamese, syllables a
# sentence: 04: 27.2 → 22.4; 05: 24.9 → 16.2; 06: 25.5 → 23.2. Each old lesson fails a limit; each new one meets all.
MAX_GRADE, MAX_WORDS, MAX_SYLLABLES_VI = 8.5, 16.5, 24.0
WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
HYPHENATOR = pyphen.Pyphen(lang="en_US")


def student_prose(source_cells) -> list[str]:
    lines = []
    for text in source_cells:
        if text.lstrip().startswith("### Instructor notes") or text.lstrip().startswith("### Ghi chú cho giáo viên"):
            continue
        for line in text.split("\n"):
            s = line.strip()
            if not s or s.startswith(("#", "|")):
                continue
            s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
            s = re.sub(r"`[^`]*`", "code", s)
            s = re.sub(r"[*_]", "", s)
            lines.append(re.sub(r"^(?:[-•]|\d+\.)\s+", "", s))
    return [s for line in lines for s in re.split(r"(?<=[.!?])\s+", line) if len(re.findall(r"\w+", s)) >= 3]


def grade(sentences: list[str]) -> tuple[float, float]:
    words = [w for s in sentences for w in WORD.findall(s)]
    syllables = sum(len(HYPHENATOR.positions(w)) + 1 for w in words)
    per_sentence = len(words) / len(sentences)
    return 0.39 * per_sentence + 11.8 * syllables / len(words) - 15.59, per_sentence


def _lesson_cells(lang: str, stem: str) -> list[str]:
    return [c.source for c in _notebook(lang, stem).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("stem", ["04-", "05-", "06-"])
def test_lesson_english_reads_at_a_16_year_olds_level(stem):
    fk, per_sentence = grade(student_prose(_lesson_cells("en", stem)))
    assert fk <= MAX_GRADE and per_sentence <= MAX_WORDS, (round(fk, 2), round(per_sentence, 2))


@pytest.mark.parametrize("stem", ["04-", "05-", "06-"])
def test_lesson_vietnamese_sentences_are_as_short(stem):
    sentences = student_prose(_lesson_cells("vi", stem))
    mean = sum(len(re.findall(r"\w+", s)) for s in sentences) / len(sentences)
    assert mean <= MAX_SYLLABLES_VI, round(mean, 2)


OLD_05_3 = (
    "By Russian figures, trade was about USD 1.7 billion in 2018 and about USD 2.2 billion in 2020, roughly doubled "
    "to about USD 4 billion in 2021, reached a record of USD 4.6–5 billion in 2022 (the figure depends on who is "
    "speaking), fell back to about USD 4 billion in 2023 and rose to about USD 4.8 billion in 2024. So trade grew "
    "fast before 2022 and has moved sideways since, despite the new sanctions on Russia. Iranian figures for the same "
    "years are lower: they leave out crude oil and run from March to March."
)
OLD_04_INTRO = (
    "The article says that sanctions pushed Iran and Russia closer together. But “sanctions” covers very different "
    "things: a Security Council resolution that binds every UN member, a US executive order that also threatens banks "
    "in third countries, an EU ban on buying Russian oil. In this lesson you sort the measures on Iran and Russia by "
    "who imposes them, what kind they are and when they applied, and you hear how the imposers and the targets "
    "describe them."
)


@pytest.mark.parametrize("old", [OLD_05_3, OLD_04_INTRO], ids=["05-six-numbers", "04-intro"])
def test_the_readability_check_fails_the_old_prose(old):
    fk, per_sentence = grade(student_prose([old]))
    assert fk > MAX_GRADE or per_sentence > MAX_WORDS
