"""One lesson, one 45-minute period (issue 17, part 6): the core path of every plan fits a period with
honest minutes (reading computed from the notebooks, each exercise at least its kind's time), the
extension ("Mở rộng") is listed apart and sits under one heading in each notebook, every exercise
has a track, the widget marks extension exercises, and the Công văn 5512 plan shows the form
and no answer."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nbformat
import pytest
from test_adversarial_leak import leaks, visible_text

from lessons.core import registry
from lessons.core.text import t
from lessons.exercises import bank, widget
from lessons.exercises.progress import ProgressStore
from lessons.tools import editions, period, plan5512

from conftest import LANGS, REPO

LESSONS = registry.ids()
EXT_HEADING = {"vi": "## Mở rộng (không bắt buộc)", "en": "## Extension (optional)"}
GLOSSARY = ("## Thuật ngữ", "## Key terms")
# "+15 phút", "thêm 15 phút cho …", "plus 15 minutes for …": minutes a plan or lesson adds on top of its period.
EXTRA_MINUTES = re.compile(r"\+\s*\d+\s*phút|thêm \d+ phút cho|plus \d+ minutes? for", re.I)


def plan(lesson: str, lang: str) -> dict:
    return registry.plan(lesson, lang)


def notebook(lesson: str, lang: str):
    return nbformat.read(registry.lesson(lesson).notebook_path(lang), as_version=4)


def tracks(lesson: str, track: str) -> set[str]:
    return {ex for ex, tr in bank.tracks().items() if ex.startswith(lesson + ".") and tr == track}


# --- the core path fits one period ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSONS)
def test_the_core_path_fits_one_period_with_time_to_open_and_close(lesson, lang):
    p, nb = plan(lesson, lang), notebook(lesson, lang)
    sections = p["sections"]
    assert period.core_minutes(p) == p["total_minutes"] <= period.PERIOD_MINUTES
    opening, wrap_up = sections[0], sections[-1]
    assert opening["cell"] == nb.cells[0].get("id") and opening["activity"] == "opening"
    wrap_cell = next(c for c in nb.cells if c.get("id") == wrap_up["cell"])
    assert wrap_cell.source.startswith(GLOSSARY), "the last core section is the wrap-up (key terms, summary)"
    assert opening["minutes"] >= 2 and wrap_up["minutes"] >= 2
    assert opening["minutes"] + wrap_up["minutes"] >= period.OPENING_AND_WRAP_UP
    assert [s["activity"] for s in sections] == sorted(
        (s["activity"] for s in sections), key=period.ACTIVITIES.index
    ), "activities run Mở đầu → Hình thành kiến thức → Luyện tập → Vận dụng"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_core_exercise_is_in_the_core_plan_and_every_extension_exercise_out_of_it(lesson, lang):
    p = plan(lesson, lang)
    core, extension = period.planned_exercises(p), period.planned_exercises(p, "extension")
    assert set(core) == tracks(lesson, "core")
    assert set(extension) == tracks(lesson, "extension")
    assert not set(core) & set(extension)
    assert period.extension_minutes(p) == p["extension_minutes"]
    assert all(s["activity"] in period.ACTIVITIES for s in p["sections"] + p["extension"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSONS)
def test_each_section_holds_its_exercises_its_reading_and_enough_minutes_for_both(lesson, lang):
    p, nb = plan(lesson, lang), notebook(lesson, lang)
    spans = period.spans(nb, period.anchors(p))
    computed = period.reading_minutes(nb, period.anchors(p), lang)
    specs = bank.specs()
    for s in p["sections"] + p["extension"]:
        assert s["cell"] in spans, f"section {s['cell']} is not a cell of the notebook"
        # the exercises the plan times in a section are the ones its cells show
        assert list(s.get("exercises", {})) == period.exercises_in(spans[s["cell"]]), s["cell"]
        # reading: at least what the words take at the stated rate
        assert s["reading"] >= computed[s["cell"]], (s["cell"], s["reading"], computed[s["cell"]])
        for ex, minutes in s.get("exercises", {}).items():
            spec = specs[ex]
            assert minutes >= period.least_minutes(spec.kind, spec.params.get("min_words"), lang), ex
        assert s["minutes"] >= s["reading"] + sum(s.get("exercises", {}).values()), s["cell"]


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_vi_and_en_plans_agree_on_cells_minutes_activities_and_exercises(lesson):
    def timing(lang):
        p = plan(lesson, lang)
        keys = ("cell", "minutes", "reading", "activity", "exercises")
        return [tuple(str(s.get(k)) for k in keys) for s in p["sections"] + p["extension"]]

    assert timing("vi") == timing("en")
    assert plan(lesson, "vi")["total_minutes"] == plan(lesson, "en")["total_minutes"]


# --- the extension in the notebooks -----------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSONS)
def test_the_extension_sits_under_one_heading_between_the_discussion_and_the_key_terms(lesson, lang):
    nb, p = notebook(lesson, lang), plan(lesson, lang)
    ids = [c.get("id") for c in nb.cells]
    heads = [c.get("id") for c in nb.cells if c.cell_type == "markdown" and c.source.startswith(EXT_HEADING[lang])]
    where = {ex: i for i, c in enumerate(nb.cells) for ex in period.exercises_in([c])}
    if not tracks(lesson, "extension"):
        assert heads == [] and p["extension"] == []
        return
    assert heads == [f"{lesson}-ext"] == [s["cell"] for s in p["extension"]]
    start = ids.index(heads[0])
    end = next(i for i, c in enumerate(nb.cells) if c.source.startswith(GLOSSARY))
    assert all(start < where[ex] < end for ex in tracks(lesson, "extension"))
    assert all(where[ex] < start for ex in tracks(lesson, "core"))
    # nothing numbered under it: its parts are sub-headings, the numbered sections all come before it
    numbered = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and re.match(r"## \d+\. ", c.source)]
    assert all(i < start for i in numbered)
    assert [int(nb.cells[i].source[3:].split(".")[0]) for i in numbered] == list(range(1, len(numbered) + 1))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSONS)
def test_no_minutes_on_top_of_the_period_and_the_lesson_states_its_extension_time(lesson, lang):
    nb, p = notebook(lesson, lang), plan(lesson, lang)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not EXTRA_MINUTES.search(prose), EXTRA_MINUTES.search(prose)
    assert not EXTRA_MINUTES.search(str(p))
    if p["extension"]:
        time_line = next(line for line in nb.cells[0].source.splitlines() if line.startswith("- **"))
        assert f" {p['extension_minutes']} " in time_line, time_line


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[Bài 04](04-sanctions.ipynb) trước", 3),  # a link's target is not read
        ("| Khái niệm | Mức độ |\n|---|---|", 4),  # table rules are not words
        ("## 1. Cách đọc", 3),  # the heading mark is not, the number is
        ('`L.load("claims")` rồi', 2),  # code is one token
        ("<b>Đậm</b> — chữ", 2),  # tags and a lone dash are not words
        ("", 0),
    ],
)
def test_reading_counts_the_words_a_reader_reads(text, expected):
    assert period.words(text) == expected


@pytest.mark.parametrize(
    "kind, min_words, lang, least",
    [
        ("choice", None, "en", 2),
        ("matching", None, "en", 3),
        ("code", None, "en", 12),
        ("short", 30, "en", 5),  # 2 to think, 30 words at 10 a minute
        ("short", 150, "en", 17),
        ("short", 32, "vi", 4),  # 32 chữ at 16 a minute
        ("short", {"vi": 240, "en": 150}, "vi", 17),  # 240 chữ take as long as 150 words
        ("short", {"vi": 240, "en": 150}, "en", 17),
    ],
)
def test_an_exercise_takes_at_least_its_kinds_time(kind, min_words, lang, least):
    assert period.least_minutes(kind, min_words, lang) == least


# --- the track of each exercise -----------------------------------------------------------------------
def test_every_exercise_has_a_track_and_the_pandas_and_code_work_is_extension():
    assert set(bank.tracks()) == set(bank.specs())
    for ex, spec in bank.specs().items():
        if spec.kind in ("numeric", "code"):
            assert bank.track(ex) == "extension", ex
    assert bank.track("99.9") is None


@pytest.mark.parametrize("track", [None, "", "Core", "optional", 1, "extension "])
def test_a_content_file_with_a_missing_or_unknown_track_is_refused_by_name(track):
    raw = {"id": "05.9", "kind": "choice"} | ({} if track is None else {"track": track})
    with pytest.raises(bank.ContentError) as err:
        bank.check_track(raw, "lessons/topics/trade/exercises.toml")
    message = str(err.value)
    assert "lessons/topics/trade/exercises.toml" in message and "05.9" in message and "core, extension" in message


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("ex, track", [("01.6", "extension"), ("05.2", "extension"), ("08.8", "extension"),
                                       ("01.1", "core"), ("07.6", "core")])  # fmt: skip
def test_the_widget_marks_extension_exercises_and_only_them(ex, track, lang, tmp_path):
    shown = widget.exercise(ex, lang=lang, store=ProgressStore(tmp_path / "progress.json"))
    badge = html.escape(t("ex.extension_badge", lang))
    assert shown.track == track
    assert (f">{badge}</span>" in shown.prompt.value) is (track == "extension")
    assert ("lessons-track-extension" in shown._dom_classes) is (track == "extension")
    assert html.escape(shown.text("prompt")) in shown.prompt.value  # the prompt is still there, after the badge


# --- the teacher edition's plan --------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", ["01", "05", "08"])
def test_the_teacher_editions_plan_lists_the_extension_apart_with_its_minutes(lesson, lang):
    x = registry.lesson(lesson)
    p = plan(lesson, lang)
    text = editions.lesson_plan_markdown(notebook(lesson, lang), p, lang, x.notebook_path(lang))
    core_table, _, after = text.partition(t("plan.extension", lang, total=p["extension_minutes"]))
    assert after, "the extension has its own heading with its minutes"
    assert all(s["what"] in after for s in p["extension"]) and not any(s["what"] in core_table for s in p["extension"])
    assert core_table.count("\n| ") == len(p["sections"]) + 1


# --- the Công văn 5512 plan ------------------------------------------------------------------------------
FORM = {
    "vi": ["I. MỤC TIÊU", "1. Về kiến thức", "2. Về năng lực", "3. Về phẩm chất", "II. THIẾT BỊ DẠY HỌC VÀ HỌC LIỆU",
           "III. TIẾN TRÌNH DẠY HỌC", "Hoạt động 1: Mở đầu", "Hoạt động 2: Hình thành kiến thức mới",
           "Hoạt động 3: Luyện tập", "Hoạt động 4: Vận dụng"],
    "en": ["I. OBJECTIVES", "1. Knowledge", "2. Competences", "3. Qualities", "II. TEACHING EQUIPMENT AND MATERIALS",
           "III. TEACHING PROCESS", "Activity 1: Opening", "Activity 2: New knowledge", "Activity 3: Practice",
           "Activity 4: Application"],
}  # fmt: skip


class _Checker(HTMLParser):
    """Collects the text and fails on a tag closed out of order (the page must be well formed)."""

    VOID = {"meta", "br", "link"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSONS)
def test_the_5512_plan_has_the_form_in_order_the_periods_minutes_and_no_answer(lesson, lang):
    page = plan5512.render(lesson, lang)
    text = visible_text(page)
    positions = [text.find(part) for part in FORM[lang]]
    assert -1 not in positions and positions == sorted(positions), dict(zip(FORM[lang], positions))
    p = plan(lesson, lang)
    activities = plan5512.lesson_plan(lesson, lang)["activities"]
    assert sum(a["minutes"] for a in activities if a["key"] != "extension") == p["total_minutes"]
    assert [a["key"] for a in activities][-1] == ("extension" if p["extension"] else "application")
    for part in ("a)", "b)", "c)", "d)"):
        assert text.count(part) >= len(activities)
    # no answer: no teacher-only line of the notebook, no discussion guidance, no answer key's wording
    assert leaks(text, lang) == []
    assert not any(d in text for d in p["discussion"])
    for ex in period.planned_exercises(p) | period.planned_exercises(p, "extension"):
        spec = bank.specs()[ex]
        assert spec.text("prompt", lang) in text
        for part in spec.texts:
            if part.startswith(("why.", "hint", "model", "feedback")):
                assert spec.text(part, lang) not in text, (ex, part)
    checker = _Checker()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []


def test_the_5512_command_writes_one_printable_page_per_lesson(tmp_path, capsys):
    assert plan5512.main(["--lang", "vi", "--out", str(tmp_path)]) == 0
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert pages == sorted(registry.lesson(x).notebook.replace(".ipynb", ".html") for x in LESSONS)
    assert capsys.readouterr().out.count(".html") == len(LESSONS)
    page = (tmp_path / pages[1]).read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "@page { size: A4" in page and "Công văn số 5512/BGDĐT-GDTrH" in page


def test_the_5512_plan_escapes_what_the_plan_file_says_and_shows_a_sourced_curriculum_link(monkeypatch):
    real = registry.plan

    def tampered(lesson, lang):
        p = dict(real(lesson, lang))
        p["khbd"] = {
            "competences": ["<script>alert(1)</script>"],
            "qualities": ["Trung thực"],
            "curriculum": [{"subject": "Địa lí", "grade": "lớp 11", "topic": "<b>x</b>", "source": "Thông tư 32"}],
        }
        return p

    monkeypatch.setattr(registry, "plan", tampered)
    page = plan5512.render("03", "vi")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>x</b>" not in page and "Thông tư 32" in page and t("khbd.curriculum", "vi") in page


def test_the_teachers_guide_gives_each_lessons_core_and_extension_minutes_as_the_plans_do():
    guide = (REPO / "docs" / "teachers.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d\d) \| (\d+ \| (?:\d+|–)) \|$", guide, flags=re.M))
    expected = {x: f"{plan(x, 'vi')['total_minutes']} | {plan(x, 'vi')['extension_minutes'] or '–'}" for x in LESSONS}
    assert rows == expected


@pytest.mark.parametrize("lang, rate", [("vi", 150), ("en", 120)])
def test_the_reading_rate_of_each_language_is_the_one_the_guide_states(lang, rate):
    assert period.reading_rate(lang) == rate
    assert f"{rate} " in (REPO / "docs" / "teachers.md").read_text(encoding="utf-8")
