"""The lesson registry (lessons/registry.toml): each lesson declared once, everything derived from it.

- the sources rules give exactly the source ids the hand-written branches gave (the old code is
  kept below as the reference);
- a broken registry is refused with a message naming the file, the lesson and the field;
- `lessons/__init__.py` only re-exports: lazily, each call wrapped once;
- a throw-away lesson 09 (one folder, two notebooks, one registry entry) shows up everywhere a
  real lesson does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest

import lessons as L
from lessons.core import config, registry, sourcing
from lessons.core.data import load
from lessons.core.errors import CourseError
from lessons.core.registry import RegistryError

from conftest import LANGS, NOTEBOOKS, REPO, lesson_ids, notebook_names

# --- the reference: lessons/core/sourcing.py's lesson_source_ids before the registry ----------------

OLD_PROSE_SOURCES = {
    3: ["vietnamplus_2019_11_25_defence_white_paper", "hanoitimes_2019_11_26_four_noes"],
    4: [
        "tass_russia_china_statement",
        "mercopress_20220301_china",
        "pti_bs_20180528_india",
        "sputnik_urdupoint_20230406_vn",
        "vn_decree_81_2019_wmd",  # issue 18: Vietnam's own law on Security Council measures
        "lawnet_decree_81_2019_art13",
    ],
}
# issue 18: the prose names who said what (lesson 03's analysts and officials, lesson 04's imposers' acts and
# Ukraine, lesson 05's India on Chabahar)
OLD_PROSE_SOURCES[3] += ["semafor_20240503_axis", "hill_yahoo_20221209_kirby", "iranintl_20250116_jalali"]
OLD_PROSE_SOURCES[4] += [
    "justia_eo13846",
    "iranprimer_20250205_nspm2",
    "justia_eo14024",
    "ec_fisma_russia_sanctions",
    "iranintl_20250929_eu",
    "president_ua_20220421_yermak",
]
OLD_PROSE_SOURCES[5] = ["tribune_20240514_chabahar", "businessstandard_20250919_chabahar"]


def _split(column) -> list[str]:
    return [part for cell in column.dropna() for part in str(cell).split(";") if part]


def _vietnam(lesson: int) -> list[str]:  # issue 17: Vietnam's statements, by the lesson that shows them
    topic = {1: "ashgabat", 2: "middle_east", 4: "sanctions", 7: "un_vote"}[lesson]
    statements = load("vietnam_statements")
    return _split(statements.loc[statements["topic"] == topic, "source_ids"])


def old_lesson_source_ids(lesson: int) -> list[str]:
    ids: list[str] = []
    places = load("places")
    if lesson == 0:
        ids += list(places["source_id"]) + ["course_country_names"]
    if lesson == 1:
        ids += list(places.loc[places["in_article"], "source_id"])
        claims = load("claims")
        ids += list(claims["source_id"]) + list(claims["response_source_id"].dropna()) + list(claims["later_source_id"])
        ids += _vietnam(1)
    if lesson == 2:
        ids += _split(load("events")["source_ids"]) + _vietnam(2) + list(load("vietnam_voice_gaps")["source_id"])
    if lesson == 3:
        for name in ("organizations", "memberships", "relations"):
            ids += _split(load(name)["source_ids"])
    if lesson == 4:
        ids += _split(load("sanctions")["source_ids"])
        memberships = load("memberships")
        ids += _split(memberships.loc[memberships["org_id"] == "eu", "source_ids"]) + _vietnam(4)
    if lesson == 5:
        ids += list(load("trade")["source_id"])
        for name in ("corridor", "payments"):
            ids += _split(load(name)["source_ids"])
    if lesson == 6:
        ids += _split(load("transfers")["source_ids"]) + list(load("transfer_claims")["source_id"])
        events = load("events")
        ids += _split(events.loc[(events["category"] == "conflict") & (events["date"].dt.year >= 2024), "source_ids"])
    if lesson == 7:
        ids += _split(load("un_resolutions")["source_ids"]) + _split(load("un_votes")["source_ids"]) + _vietnam(7)
    if lesson == 8:
        memberships = load("memberships")
        ids += (
            _split(memberships["source_ids"])
            + _split(load("sanctions")["source_ids"])
            + _split(load("corridor")["source_ids"])
        )
        events = load("events")
        ids += _split(events.loc[events["date"].dt.year >= 2026, "source_ids"])
    ids += OLD_PROSE_SOURCES.get(lesson, [])
    if lesson >= 2:
        glossary = load("glossary")
        ids += list(glossary.loc[glossary["first_lesson"] == lesson, "source_id"])
    if lesson in (0, 1, 3, 4, 7, 8):  # issue 17: their maps show Hoàng Sa and Trường Sa
        ids += _split(load("archipelagos")["source_ids"])
    return list(dict.fromkeys(ids))


# what the course had before the registry: nine lessons, these calls, these colours
OLD_IDS = [f"{n:02d}" for n in range(9)]
OLD_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"]
OLD_ALL = """setup load validate lang_col get_language CourseError DataError course_map article_map check_map
setup_check claims_chart claims_table claims_explorer exercise my_progress sources timeline_chart timeline_explorer
events_table membership_map membership_explorer relations_network relations_explorer clause_table sanctions_map
sanctions_timeline sanctions_table sanctions_explorer trade_chart partner_chart trade_table trade_explorer corridor_map
corridor_table corridor_explorer payments_table evidence_matrix evidence_table evidence_explorer vote_map
vote_map_explorer agreement_heatmap agreement_explorer votes_table big_picture_map big_picture_explorer
glossary""".split()
OLD_ALL += ["vietnam_statements", "reactions_table"]  # issue 17: Vietnam's own voice
OLD_ALL += ["trade_by_year"]  # issue 18: lesson 05's figures per year as a table
OLD_ALL += ["status_table"]  # issue 18: the one status table (data/statuses.csv)
OLD_ALL += ["compare_votes", "compare_explorer", "votes_by_topic", "votes_record"]  # issue 20: lesson 07, any country


@pytest.fixture(autouse=True)
def _fresh_registry():
    registry.reload()
    yield
    registry.reload()


@pytest.mark.parametrize("lesson", OLD_IDS)
def test_sources_rules_give_exactly_the_ids_the_hand_written_branches_gave(lesson):
    got = sourcing.lesson_source_ids(int(lesson))
    assert got == old_lesson_source_ids(int(lesson))
    assert len(got) >= 3
    assert set(got) <= set(load("sources")["id"])  # every id shows in L.sources(n)


def test_the_registry_holds_the_nine_lessons_their_colours_and_every_old_public_name():
    assert registry.ids() == lesson_ids() == OLD_IDS
    assert list(registry.colors().values()) == OLD_COLORS
    assert sorted(L.__all__) == sorted(OLD_ALL) and len(L.__all__) == len(set(L.__all__))
    assert [x.folder for x in registry.lessons()] == [
        "start",
        "claims",
        "timeline",
        "alliances",
        "sanctions",
        "trade",
        "transfers",
        "votes",
        "synthesis",
    ]
    registry.check()  # every declared call imports, every resource is a table of the data package
    assert sourcing.prose_source_ids() == {0: ["course_country_names"], **OLD_PROSE_SOURCES}  # ids no table holds


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", OLD_IDS)
def test_title_and_notebook_match_the_notebook_on_disk(lesson, lang):
    x = registry.lesson(lesson)
    nb = nbformat.read(NOTEBOOKS / lang / x.notebook, as_version=4)
    assert nb.cells[0].source.startswith(f"# {lesson} · {x.title[lang]}"), nb.cells[0].source[:80]
    assert registry.plan(lesson, lang)["sections"], lesson  # its plan is found


@pytest.mark.parametrize("lesson", OLD_IDS)
def test_each_lesson_declares_its_exercises_and_the_calls_its_notebooks_use(lesson):
    import re

    x = registry.lesson(lesson)
    assert registry.exercises(lesson) and all(ex.startswith(f"{lesson}.") for ex in registry.exercises(lesson))
    used = set()
    for lang in LANGS:
        used |= set(re.findall(r"\bL\.([a-z_]+)\(", (NOTEBOOKS / lang / x.notebook).read_text(encoding="utf-8")))
    known = set(registry.current().course_calls) | {n for y in registry.lessons() if y.id <= lesson for n in y.public}
    assert used <= known, sorted(used - known)  # a notebook uses its own calls, earlier lessons' and the course's
    shown = set(x.figures + x.explorers)  # every figure and explorer it declares is shown (tables may be extras)
    assert shown <= used, sorted(shown - used)


def test_course_map_colours_come_from_the_registry():
    config.set_language("en")
    fig = L.course_map()
    for trace in [tr for tr in fig.data if not str(tr.meta).startswith("archipelagos")]:  # not Hoàng Sa, Trường Sa
        number = int(trace.name.split()[-1])  # "Lesson 05"
        assert trace.marker.color == registry.colors()[number], trace.name


def test_import_lessons_loads_no_call_until_one_is_used():
    code = textwrap.dedent(
        """
        import sys, lessons
        heavy = [m for m in ("pandas", "plotly", "ipywidgets", "lessons.api") if m in sys.modules]
        assert not heavy, heavy
        assert "claims_chart" in dir(lessons) and "claims_chart" in lessons.__all__
        f = lessons.claims_chart
        assert "lessons.topics.claims.api" in sys.modules and lessons.claims_chart is f
        try:
            lessons.no_such_call
        except AttributeError as e:
            assert "no_such_call" in str(e)
        else:
            raise SystemExit("no AttributeError")
        print("ok")
        """
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop(registry.EXTRA_ENV, None)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]


@pytest.mark.parametrize("name", OLD_ALL)
def test_every_public_call_is_wrapped_exactly_once(name):
    obj = getattr(L, name)
    if isinstance(obj, type):
        assert issubclass(obj, CourseError)
        return
    assert obj.__lessons_public__
    inner = obj.__wrapped__
    assert not getattr(inner, "__lessons_public__", False), name  # not wrapped twice
    assert getattr(L, name) is obj  # wrapped once, then kept


# --- a broken registry is refused, naming the file, the lesson and the field -------------------------

GOOD = """
[[lesson]]
id = "09"
folder = "extra09"
notebook = "09-extra.ipynb"
title = { vi = "Bài thử", en = "Trial lesson" }
color = "#123abc"
resources = ["sources", "places"]
figures = ["extra_chart"]
explorers = ["extra_explorer"]
plan = "plans/{lang}.json"
sources = [
  { table = "places", columns = ["source_id"], where = { iso3 = "IRN" } },
  { ids = ["course_country_names"] },
]
"""

BROKEN = {
    "unknown field": (GOOD.replace('color = "#123abc"', 'color = "#123abc"\ncolour = "#123abc"'), "'colour'"),
    "missing title in vi": (GOOD.replace('vi = "Bài thử", ', ""), "no title in 'vi'"),
    "missing title in en": (GOOD.replace(', en = "Trial lesson"', ""), "no title in 'en'"),
    "title in a language the course does not speak": (
        GOOD.replace('en = "Trial lesson"', 'en = "Trial lesson", fr = "Essai"'),
        "'fr'",
    ),
    "duplicate id": (GOOD.replace('id = "09"', 'id = "05"').replace("09-extra", "05-extra"), "duplicate id '05'"),
    "duplicate folder": (GOOD.replace('folder = "extra09"', 'folder = "trade"'), "field 'folder'"),
    "colour not hex": (GOOD.replace('"#123abc"', '"blue"'), "field 'color'"),
    "colour too short": (GOOD.replace('"#123abc"', '"#12a"'), "field 'color'"),
    "id not two digits": (GOOD.replace('id = "09"', "id = 9"), "field 'id'"),
    "missing sources": (GOOD.split("\nsources = [")[0], "missing field 'sources'"),
    "rule on a table the lesson does not declare": (
        GOOD.replace('table = "places"', 'table = "events"'),
        "'events', which is not in the lesson's 'resources'",
    ),
    "unknown key in a rule": (GOOD.replace("where = {", "filter = {"), "unknown key 'filter' in a sources rule"),
    "call declared twice in the course": (GOOD.replace('"extra_chart"', '"trade_chart"'), "'trade_chart'"),
    "notebook named for another lesson": (GOOD.replace("09-extra.ipynb", "08-extra.ipynb"), "field 'notebook'"),
    "plan without a language": (GOOD.replace("plans/{lang}.json", "plans/vi.json"), "field 'plan'"),
    "not TOML": (GOOD.replace("[[lesson]]", "[[lesson]"), "not valid TOML"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_entry_is_refused_naming_the_file_the_lesson_and_the_field(case, tmp_path, monkeypatch):
    text, expected = BROKEN[case]
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(registry.EXTRA_ENV, str(path))
    with pytest.raises(RegistryError) as err:
        registry.reload()
    monkeypatch.delenv(registry.EXTRA_ENV)
    registry.reload()
    message = str(err.value)
    assert str(path) in message and expected in message, message
    if case not in ("not TOML", "id not two digits"):
        assert "lesson '" in message, message


def test_a_declared_call_that_does_not_exist_is_named_when_it_is_used(tmp_path, monkeypatch):
    path = tmp_path / "registry.toml"
    path.write_text(GOOD, encoding="utf-8")
    (tmp_path / "extra09").mkdir()
    (tmp_path / "extra09" / "api.py").write_text("def extra_chart():\n    'A chart.'\n", encoding="utf-8")
    monkeypatch.setenv(registry.EXTRA_ENV, str(path))
    registry.reload()
    with pytest.raises(RegistryError) as err:
        L.extra_explorer  # noqa: B018
    assert "lesson '09'" in str(err.value) and "'extra_explorer' not found" in str(err.value)
    with pytest.raises(RegistryError):
        registry.check()
    monkeypatch.delenv(registry.EXTRA_ENV)
    registry.reload()
    assert "lessons.topics.extra09.api" not in sys.modules  # forgotten with its registry file


# --- a throw-away lesson 09: one folder, two notebooks, one registry entry -----------------------

API = '''
"""Lesson 09's public calls (a throw-away lesson for tests/test_registry.py)."""

import plotly.graph_objects as go

from lessons.core.config import get_language


def extra_chart(n: int = 3):
    """A bar chart of n bars."""
    lang = get_language()
    fig = go.Figure(go.Bar(x=list(range(n)), y=list(range(n)), name="bars"))
    words = "Biểu đồ cột thử nghiệm của bài 09, có ba cột tăng dần" if lang == "vi" else "A trial bar chart, three bars"
    fig.update_layout(meta={"description": words + " " * 10})
    return fig


def extra_explorer():
    """A slider over the chart."""
    import ipywidgets as widgets

    return widgets.VBox([widgets.IntSlider(value=3, min=1, max=5, description="n")])
'''

EXERCISES = """
[[exercise]]
id = "09.1"
kind = "choice"
prompt = { vi = "Chọn một", en = "Pick one" }
"""


def _notebook(lang: str) -> nbformat.NotebookNode:
    title = "# 09 · Bài thử\n\n## Mục tiêu\n- Chạy một lệnh" if lang == "vi" else "# 09 · Trial lesson"
    cells = [
        nbformat.v4.new_markdown_cell(title),
        nbformat.v4.new_code_cell("import lessons as L\n\nL.setup()"),
        nbformat.v4.new_markdown_cell("## 1. " + ("Biểu đồ" if lang == "vi" else "The chart")),
        nbformat.v4.new_code_cell("L.extra_chart()"),
        nbformat.v4.new_code_cell("x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION"),
    ]
    cells[4].metadata["lessons"] = {"solution": True}
    for i, cell in enumerate(cells):
        cell["id"] = f"09-{i:02d}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture()
def lesson09(tmp_path_factory, monkeypatch):
    """Lesson 09 in a temporary folder, registered through LESSONS_EXTRA_REGISTRY."""
    root = tmp_path_factory.mktemp("lesson09")
    (root / "registry.toml").write_text(GOOD, encoding="utf-8")
    (root / "extra09").mkdir()
    (root / "extra09" / "api.py").write_text(API, encoding="utf-8")
    (root / "extra09" / "exercises.toml").write_text(EXERCISES, encoding="utf-8")
    for lang in LANGS:
        (root / "notebooks" / lang).mkdir(parents=True)
        nbformat.write(_notebook(lang), root / "notebooks" / lang / "09-extra.ipynb")
    (root / "plans").mkdir()
    for lang in LANGS:
        plan = {
            "total_minutes": 10,
            "sections": [{"cell": "09-00", "minutes": 5, "what": "Mở đầu" if lang == "vi" else "Opening"}],
            "prepare": ["Chạy thử" if lang == "vi" else "Run it once"],
            "discussion": ["Hỏi lớp" if lang == "vi" else "Ask the class"],
        }
        (root / "plans" / f"{lang}.json").write_text(json.dumps({"09": plan}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(registry.EXTRA_ENV, str(root / "registry.toml"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    registry.reload()
    yield root
    monkeypatch.delenv(registry.EXTRA_ENV, raising=False)
    registry.reload()


def test_lesson09_is_in_the_public_calls_and_they_are_guarded(lesson09):
    assert registry.ids() == OLD_IDS + ["09"] == lesson_ids()
    assert {"extra_chart", "extra_explorer"} <= set(L.__all__) and "extra_chart" in dir(L)
    config.set_language("vi")
    fig = L.extra_chart()
    assert isinstance(fig, go.Figure) and "bài 09" in fig.layout.meta["description"]
    assert L.extra_chart.__lessons_public__
    with pytest.raises(CourseError) as err:
        L.extra_chart("ba")
    assert "L.extra_chart(" in str(err.value) and "Traceback" not in str(err.value)
    assert type(L.extra_explorer()).__name__ == "VBox"


def test_lesson09_is_in_the_figure_and_explorer_lists_tests_and_the_benchmark_use(lesson09):
    assert ("09", "extra_chart") in registry.figures()
    assert ("09", "extra_explorer") == registry.explorers()[-1]
    assert "09-extra.ipynb" in notebook_names()


def test_lesson09_sources_follow_its_rules(lesson09):
    places = load("places")
    expected = list(dict.fromkeys(_split(places.loc[places["iso3"] == "IRN", "source_id"]))) + ["course_country_names"]
    assert sourcing.lesson_source_ids(9) == expected
    config.set_language("en")
    html = L.sources(9)._repr_html_()
    titles = load("sources").set_index("id").loc[expected, "title"]
    assert html.count("<li>") == len(expected) and all(pd.notna(titles))
    with pytest.raises(CourseError) as err:
        L.sources(10)
    assert "09" in str(err.value) or "9" in str(err.value)


def test_lesson09_has_its_colour_plan_and_exercises(lesson09):
    assert registry.colors()[9] == "#123abc" and len(registry.colors()) == 10
    assert registry.plan("09", "vi")["sections"][0]["what"] == "Mở đầu"
    from lessons.tools import editions

    assert editions.plans("en")["09"]["prepare"] == ["Run it once"] and "08" in editions.plans("en")
    assert registry.exercises("09") == ["09.1"]


def test_lesson09_is_in_editions_presenter_and_handouts_lists(lesson09, tmp_path):
    from lessons.tools import editions, handouts, present

    out = tmp_path / "editions"
    written = editions.build(out, langs=("vi", "en"))
    names = {p.relative_to(out).as_posix() for p in written}
    assert {"student/vi/09-extra.ipynb", "teacher/en/09-extra.ipynb", "student/vi/08-synthesis.ipynb"} <= names
    student = (out / "student" / "vi" / "09-extra.ipynb").read_text(encoding="utf-8")
    assert "L.extra_chart()" in student and "x = 2" not in student
    assert "Hỏi lớp" in (out / "teacher" / "vi" / "09-extra.ipynb").read_text(encoding="utf-8")
    assert list(present.lessons("vi"))[-1] == "09" and present.lessons("en")["09"] == "09-extra.ipynb"
    shown = present.notebook("9", "vi", "student", tmp_path / "present")
    assert (tmp_path / "present" / shown).exists()
    listed = handouts.student_notebooks(out, "vi")
    assert [p.name for p in listed][-2:] == ["08-synthesis.ipynb", "09-extra.ipynb"]
    assert [p.name for p in handouts.student_notebooks(out, "en", ["9"])] == ["09-extra.ipynb"]


def test_lesson09_handout_runs_in_a_kernel_that_sees_the_extra_registry(lesson09, tmp_path):
    """A kernel handouts start inherits LESSONS_EXTRA_REGISTRY: lesson 09's notebook runs there."""
    from lessons.tools import handouts

    (page,) = handouts.build(tmp_path / "handouts", langs=("en",), lessons=["09"], timeout=180)
    assert page.name == "09-extra.html"
    text = page.read_text(encoding="utf-8")
    assert "A trial bar chart" in text and "Traceback" not in text


def test_lesson09_is_gone_once_its_registry_file_is_not_named(lesson09, monkeypatch):
    assert "extra_chart" in L.__all__
    monkeypatch.delenv(registry.EXTRA_ENV)
    registry.reload()
    assert registry.ids() == OLD_IDS and "extra_chart" not in L.__all__
    with pytest.raises(AttributeError):
        L.extra_chart  # noqa: B018
    with pytest.raises(KeyError):
        registry.lesson("09")


@pytest.mark.parametrize("key", ["09", "9", 9])
def test_a_lesson_is_found_by_id_or_number(lesson09, key):
    assert registry.lesson(key).folder == "extra09"
    assert Path(registry.lesson(key).path).name == "extra09"
