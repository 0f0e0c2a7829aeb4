"""Adversarial: every public call answers a wrong call in the notebook's language; hostile data
packages are named, never a traceback; only http(s) addresses become links.

Issue 15, sections 4 (links) and 6. Each case asserts the message a student or teacher sees: the
right language, the call and parameter named, no Python type name, no traceback.
"""

from __future__ import annotations

import csv
import inspect
import json
import re
import unicodedata

import numpy as np
import pandas as pd
import pytest

import lessons as L
from lessons.core import config, data, errors, registry, text
from lessons.core.errors import CourseError, DataError

from conftest import DATA

VI_ONLY = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ")
PYTHON_WORDS = re.compile(
    r"\b(str|int|float|NoneType|dict|tuple|bool|numpy|int64|int32|float64|TypeError|ValueError|"
    r"KeyError|AttributeError|Traceback)\b|positional argument|unexpected keyword"
)
ENGLISH_WORDS = re.compile(r"\b(the|must|but|you|gave|list|cannot|value|not)\b")


def _says(message: str, lang: str) -> None:
    """The message is in `lang` and carries no Python words (no English word either in Vietnamese)."""
    assert not PYTHON_WORDS.search(message), message
    assert ".py" not in message, message
    if lang == "vi":
        assert VI_ONLY & set(message), f"not Vietnamese: {message}"
        assert not ENGLISH_WORDS.search(message), message
    else:
        assert not (VI_ONLY & set(message)), f"Vietnamese in an English notebook: {message}"


@pytest.fixture(params=["vi", "en"])
def lang(request):
    config.set_language(request.param)
    yield request.param
    config.set_language("en")


def _refused(call, *args, **kwargs) -> CourseError:
    with pytest.raises(CourseError) as err:
        call(*args, **kwargs)
    return err.value


# --- 1. every public call: wrong kind of value -------------------------------------------

WRONG_KIND = [
    ("my_progress", (12,), {}, "name"),
    ("my_progress", (), {"name": ["An"]}, "name"),
    ("exercise", (["01.2"],), {}, "exercise_id"),
    ("exercise", (12,), {}, "exercise_id"),
    ("sources", ("1",), {}, "lesson"),
    ("sources", (1.0,), {}, "lesson"),
    ("lang_col", (5,), {}, "name"),
    ("load", (5,), {}, "name"),
    ("load", (["claims"],), {}, "name"),
    ("validate", (5,), {}, "folder"),
    ("validate", (), {"use_cache": "no"}, "use_cache"),
    ("setup", (5,), {}, "lang"),
    ("claims_table", (), {"speaker": 3}, "speaker"),
    ("claims_table", (), {"status": ["confirmed"]}, "status"),
    ("events_table", (), {"start": "2015"}, "start"),
    ("events_table", (), {"end": 2020.5}, "end"),
    ("membership_map", (), {"year": 2.5}, "year"),
    ("membership_map", (), {"org": 1}, "org"),
    ("membership_explorer", (), {"org": None}, "org"),
    ("relations_network", (), {"highlight": ["IRN"]}, "highlight"),
    ("sanctions_map", (), {"target": None}, "target"),
    ("sanctions_timeline", (), {"imposer": 5}, "imposer"),
    ("sanctions_table", (), {"measure": []}, "measure"),
    ("partner_chart", ("IRN", "2023"), {}, "year"),
    ("trade_table", (), {"reporter": 1}, "reporter"),
    ("trade_explorer", (), {"reporter": None}, "reporter"),
    ("corridor_map", (1,), {}, "route"),
    ("corridor_table", (True,), {}, "route"),
    ("payments_table", ("IRN",), {}, "shares"),
    ("payments_table", (), {"shares": "yes"}, "shares"),
    ("evidence_matrix", (), {"category": 1}, "category"),
    ("evidence_table", (), {"status": 2}, "status"),
    ("vote_map", (None,), {}, "resolution"),
    ("agreement_heatmap", (), {"countries": "IRN"}, "countries"),
    ("votes_table", ([1, 2],), {}, "countries"),
    ("big_picture_map", (), {"corridor": 1}, "corridor"),
    ("glossary", (True,), {}, "lesson"),
    ("glossary", ("3",), {}, "lesson"),
]


@pytest.mark.parametrize(
    "name,args,kwargs,param", WRONG_KIND, ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(WRONG_KIND)]
)
def test_wrong_kind_of_value_names_call_and_parameter_in_the_notebooks_language(lang, name, args, kwargs, param):
    before = config.get_language()
    e = _refused(getattr(L, name), *args, **kwargs)
    message = str(e)
    assert f"L.{name}" in message and f"“{param}”" in message, message
    assert f"L.{name}(" in message  # how to call it
    _says(message, lang)
    assert config.get_language() == before  # nothing changed on the way


# --- 2. every public call: wrong number of values, unknown or repeated keywords -----------

NO_ARGUMENTS = [
    "course_map",
    "article_map",
    "check_map",
    "setup_check",
    "claims_chart",
    "claims_explorer",
    "timeline_chart",
    "timeline_explorer",
    "relations_explorer",
    "clause_table",
    "sanctions_explorer",
    "trade_chart",
    "corridor_explorer",
    "trade_by_year",
    "evidence_explorer",
    "vote_map_explorer",
    "agreement_explorer",
    "big_picture_explorer",
    "get_language",
]


@pytest.mark.parametrize("name", NO_ARGUMENTS)
def test_a_call_taking_nothing_refuses_a_value(name):
    config.set_language("vi")
    message = str(_refused(getattr(L, name), "IRN"))
    assert f"L.{name}()" in message and "không nhận giá trị nào" in message
    _says(message, "vi")


BAD_SHAPES = [
    ("exercise", (), {}, "“exercise_id”"),
    ("exercise", ("01.2", "01.3"), {}, "2"),
    ("exercise", ("01.2",), {"exercise_id": "01.3"}, "“exercise_id”"),
    ("claims_table", (), {"speakr": "Vladimir Putin"}, "“speakr”"),
    ("claims_table", (None, None, None, None), {}, "3"),
    ("sources", (), {}, "“lesson”"),
    ("lang_col", (), {"name": "speaker", "lang": "vi"}, "“lang”"),
    ("partner_chart", ("IRN", 2023, "total"), {}, "2"),
    ("validate", (None,), {"folder": None}, "“folder”"),
]


@pytest.mark.parametrize("name,args,kwargs,named", BAD_SHAPES)
def test_wrong_count_or_keyword_names_the_call_and_its_parameters(lang, name, args, kwargs, named):
    message = str(_refused(getattr(L, name), *args, **kwargs))
    assert f"L.{name}(" in message and named in message, message
    usage = errors.usage(name, inspect.signature(getattr(L, name)))
    assert usage in message
    _says(message, lang)


def test_every_public_function_is_guarded_and_keeps_its_signature():
    for name in L.__all__:
        obj = getattr(L, name)
        if isinstance(obj, type):
            assert issubclass(obj, CourseError)
            continue
        assert getattr(obj, "__lessons_public__", False), name
        assert obj.__doc__, name
    assert list(inspect.signature(L.claims_table).parameters) == ["speaker", "kind", "status"]


def test_an_error_inside_a_call_is_not_masked_as_a_wrong_call(monkeypatch):
    """The signature is checked before the call runs: a TypeError from inside stays a TypeError."""
    from lessons.topics.claims import figures

    def broken(*_args, **_kwargs):
        raise TypeError("raised inside the call")

    monkeypatch.setattr(figures, "claims_chart", broken)
    with pytest.raises(TypeError, match="raised inside the call"):
        L.claims_chart()


# --- 3. unknown values ---------------------------------------------------------------------


def test_unknown_exercise_answers_in_the_notebooks_language(lang):
    message = str(_refused(L.exercise, "99.9"))
    assert "99.9" in message and "01.2" in message
    _says(message, lang)


def test_a_short_exercise_id_is_understood():
    assert L.exercise("1.2").id == "01.2" and L.exercise(" 01.2 ").id == "01.2"


@pytest.mark.parametrize(
    "call,args,kwargs,shown",
    [
        ("sources", (99,), {}, "99"),
        ("sources", (-1,), {}, "-1"),
        ("glossary", (99,), {}, "99"),
        ("partner_chart", ("IRN", 1900), {}, "1900"),
        ("membership_map", ("nato2",), {}, "nato2"),
        ("vote_map", ("xx",), {}, "xx"),
        ("events_table", ("war",), {}, "war"),
        ("corridor_map", ("northern",), {}, "northern"),
        ("load", ("claimz",), {}, "claimz"),
        ("big_picture_map", (), {"target": "USA"}, "USA"),
    ],
)
def test_unknown_value_lists_what_is_allowed(lang, call, args, kwargs, shown):
    message = str(_refused(getattr(L, call), *args, **kwargs))
    assert shown in message
    _says(message, lang)


def test_sources_of_every_lesson_still_show():
    for lesson in registry.numbers():
        assert "<ol>" in L.sources(lesson)._repr_html_()


@pytest.mark.parametrize("start", ["vi", "en"])
def test_unknown_language_sets_the_course_up_then_says_so(start, monkeypatch):
    monkeypatch.chdir(DATA)  # not a notebooks/<lang> folder: nothing to infer
    config.set_language(start)
    with pytest.raises(errors.LanguageError) as err:
        L.setup("fr")
    assert isinstance(err.value, ValueError) and "'fr'" in str(err.value) and "vi, en" in str(err.value)
    _says(str(err.value), start)
    assert config.get_language() == start  # the language in use carries on


def test_unknown_lessons_lang_complains_in_vietnamese_by_default(monkeypatch):
    monkeypatch.chdir(DATA)
    monkeypatch.setenv("LESSONS_LANG", "fr")
    config._state["lang"] = config.DEFAULT_LANGUAGE  # a fresh kernel
    with pytest.raises(CourseError) as err:
        L.setup()
    assert "LESSONS_LANG" in str(err.value) and "'fr'" in str(err.value)
    _says(str(err.value), "vi")
    assert config.get_language() == "vi"


# --- 4. numpy numbers and decomposed text are what the student meant ----------------------


def test_numpy_numbers_are_accepted_where_a_whole_number_is_asked():
    from lessons.topics.trade import partner_years

    latest = int(partner_years(L.load("trade"), "IRN")[-1])
    assert L.partner_chart("IRN", np.int64(latest)) is not None
    assert "<table" in L.glossary(np.int64(3))._repr_html_()
    assert "<table" in L.events_table(start=np.int64(2015), end=np.int32(2020))._repr_html_()
    assert L.membership_map("brics", np.int64(2020)) is not None
    assert "<ol>" in L.sources(np.int16(1))._repr_html_()
    assert errors.check_year(np.int64(2015), 2000, 2020, "vi") == 2015


@pytest.mark.parametrize("value", [np.float64(2015.5), np.bool_(True), "2015"])
def test_a_year_that_is_not_whole_is_refused_in_words(value):
    with pytest.raises(CourseError) as err:
        errors.check_year(value, 2000, 2020, "vi")
    _says(str(err.value), "vi")


@pytest.mark.parametrize("column", ["speaker_vi", "speaker_en"])
def test_a_decomposed_speaker_name_is_the_same_name(column):
    config.set_language(column[-2:])
    claims = L.load("claims")
    name = (
        next(s for s in claims[column] if unicodedata.normalize("NFD", s) != s)
        if column == "speaker_vi"
        else claims[column].iloc[-1]
    )
    decomposed = unicodedata.normalize("NFD", name)
    html = L.claims_table(speaker=decomposed)._repr_html_()
    assert html == L.claims_table(speaker=name)._repr_html_() and html.count("<tr") > 1


def test_decomposed_text_is_normalised_in_lists_too():
    assert errors.plain([unicodedata.normalize("NFD", "Điện Kremlin"), np.int64(3)]) == ["Điện Kremlin", 3]
    assert type(errors.plain(np.float64(1.5))) is float


@pytest.mark.parametrize(
    "value,expected_vi",
    [
        ("abc", "một chuỗi chữ"),
        (3, "một số nguyên"),
        (2.5, "một số"),
        ([1], "một danh sách"),
        ({"a": 1}, "một từ điển"),
        (None, "giá trị rỗng"),
        (True, "một giá trị đúng/sai"),
        (np.int64(4), "một số nguyên"),
        (len, "một hàm"),
        (pd.DataFrame(), "một bảng dữ liệu"),
    ],
)
def test_a_value_is_described_in_words_of_the_notebook(value, expected_vi):
    shown = errors.describe_value(value, "vi")
    assert shown.startswith(expected_vi)
    _says(shown + " đ", "vi")
    _says(errors.describe_value(value, "en"), "en")


def test_an_object_whose_repr_fails_is_still_described():
    class Hostile:
        def __repr__(self):
            raise RuntimeError("no")

    assert errors.describe_value(Hostile(), "vi") == text.t("kind.other", "vi")


def test_exercise_answers_of_the_wrong_type_are_described_in_vietnamese():
    config.set_language("vi")
    fb = L.exercise("00.1").check(5)
    assert fb.correct is None and "một số nguyên" in fb.message
    _says(fb.message, "vi")
    fb = L.exercise("01.4").check(["5"])
    assert fb.correct is None and "một danh sách" in fb.message
    _says(fb.message, "vi")


# --- 5. hostile data packages --------------------------------------------------------------


@pytest.fixture()
def package(data_copy):
    return data_copy


def _rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path, rows, delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(rows)


def _set_cell(path, row, column, value):
    rows = _rows(path)
    rows[row][rows[0].index(column)] = value
    _write(path, rows)


def _descriptor_edit(folder, edit):
    path = folder / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    d = edit(d) or d
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")


def _broken(lang="en", name="claims") -> DataError:
    config.set_language(lang)
    with pytest.raises(DataError) as err:
        L.load(name)
    _says(str(err.value), lang)
    return err.value


@pytest.mark.parametrize("sep,shown", [(";", "“;”"), ("\t", "“tab”")])
def test_a_csv_separated_otherwise_than_by_commas_is_named(package, lang, sep, shown):
    _write(package / "claims.csv", _rows(package / "claims.csv"), delimiter=sep)
    e = _broken(lang)
    assert "claims.csv" in str(e) and shown in str(e)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: {**d, "resources": {r["name"]: r for r in d["resources"]}},
        lambda d: {k: v for k, v in d.items() if k != "resources"},
        lambda d: d["resources"],
        lambda d: {**d, "resources": d["resources"][:1] + ["claims.csv"]},
        lambda d: {**d, "resources": [{k: v for k, v in r.items() if k != "schema"} for r in d["resources"]]},
        lambda d: {**d, "resources": [{**r, "path": "../../etc/passwd.csv"} for r in d["resources"]]},
    ],
    ids=["resources-object", "no-resources", "descriptor-is-list", "resource-is-text", "no-schema", "path-outside"],
)
def test_a_malformed_descriptor_is_named(package, lang, edit):
    _descriptor_edit(package, edit)
    e = _broken(lang)
    assert "datapackage.json" in str(e)


def test_a_list_reference_to_no_table_is_named(package):
    def edit(d):
        for r in d["resources"]:
            for f in r["schema"]["fields"]:
                if f.get(data.LIST_REFERENCE):
                    f[data.LIST_REFERENCE] = {"resource": "nowhere", "field": "id"}

    _descriptor_edit(package, edit)
    e = _broken("vi")
    assert "lessons:listOf" in str(e) and "datapackage.json" in str(e)


def test_a_header_only_csv_is_a_data_error_and_01_4_cannot_accept_0(package, lang):
    (package / "claims.csv").write_text(_rows_text(package / "claims.csv", keep=1), encoding="utf-8")
    e = _broken(lang)
    assert "claims.csv" in str(e) and "claims" in str(e) and e.row == 2
    with pytest.raises(DataError):
        L.exercise("01.4").check(0)


def _rows_text(path, keep):
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:keep])


def test_a_folder_in_place_of_a_csv_is_named(package, lang):
    (package / "claims.csv").unlink()
    (package / "claims.csv").mkdir()
    e = _broken(lang)
    assert "claims.csv" in str(e) and text.t("data.reason.not_file", lang) in str(e)


def test_a_fifo_in_place_of_a_csv_is_named_without_blocking(package):
    import os
    import signal

    (package / "claims.csv").unlink()
    os.mkfifo(package / "claims.csv")
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("load blocked on a FIFO"))
    signal.alarm(20)
    try:
        e = _broken("vi")
    finally:
        signal.alarm(0)
    assert "claims.csv" in str(e) and text.t("data.reason.not_file", "vi") in str(e)


def test_a_csv_that_is_not_utf8_is_named(package, lang):
    path = package / "claims.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    e = _broken(lang)
    assert "claims.csv" in str(e)


def test_invalid_bytes_inside_a_csv_are_named(package, lang):
    path = package / "claims.csv"
    path.write_bytes(path.read_bytes() + b"x\xff\xfe,bad\n")
    e = _broken(lang)
    assert "claims.csv" in str(e)


def test_a_missing_csv_is_named(package, lang):
    (package / "claims.csv").unlink()
    assert "claims.csv" in str(_broken(lang))


def test_a_byte_order_mark_is_accepted(package):
    for name in ("claims.csv", "datapackage.json"):
        path = package / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    claims = L.load("claims")
    assert "id" in claims.columns and len(claims) == len(pd.read_csv(DATA / "claims.csv"))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "//evil.example/x",
        "http:nohost",
    ],
)
def test_a_source_address_that_is_not_http_is_refused_with_file_row_column(package, url):
    _set_cell(package / "sources.csv", 3, "url", url)
    e = _broken("vi", "sources")
    assert (e.file, e.column, e.row) == ("data/sources.csv", "url", 4)
    assert "sources.csv" in str(e) and "“url”" in str(e) and "dòng 4" in str(e)


def test_a_broken_id_in_a_multi_source_field_is_named_in_both_languages(package):
    rows = _rows(package / "events.csv")
    rows[2][rows[0].index("source_ids")] += ";no_such_source"
    _write(package / "events.csv", rows)
    for lang in ("vi", "en"):
        e = _broken(lang, "events")
        assert (e.column, e.row) == ("source_ids", 3) and "no_such_source" in str(e)


def test_frictionless_english_stays_out_of_a_vietnamese_notebook(package):
    _set_cell(package / "claims.csv", 3, "status", "rumoured")
    e = _broken("vi")
    assert "constraint" not in str(e).replace("(constraint-error)", "") and "rumoured" in str(e)


def test_after_the_fix_the_package_loads_again(package):
    original = (package / "sources.csv").read_bytes()
    _set_cell(package / "sources.csv", 3, "url", "javascript:alert(1)")
    _broken("vi", "sources")
    (package / "sources.csv").write_bytes(original)
    assert len(L.load("sources")) == len(pd.read_csv(DATA / "sources.csv"))


# --- 6. links are http(s) only -------------------------------------------------------------


@pytest.mark.parametrize(
    "url,linked",
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("file:///etc/passwd", False),
        ("vbscript:msgbox(1)", False),
        ("", False),
        (None, False),
        (float("nan"), False),
    ],
)
def test_source_link_links_only_http(url, linked):
    html = text.source_link({"publisher": "<b>Pub</b>", "url": url})
    assert ("<a href=" in html) == linked
    assert "&lt;b&gt;Pub&lt;/b&gt;" in html and "<b>" not in html
    if linked:
        assert html.startswith('<a href="http') and 'rel="noopener"' in html
        assert "&" not in url or "&amp;" in html


def test_every_link_the_course_writes_is_http(monkeypatch):
    """A hostile sources table handed straight to the renderers (past validation): no link but http(s)."""
    from lessons.core import sourcing
    from lessons.topics import claims, timeline

    sources = L.load("sources").copy()
    sources["url"] = "javascript:alert(1)"
    monkeypatch.setattr(sourcing, "load", lambda name: sources if name == "sources" else L.load(name))
    rendered = [sourcing.sources_html(lesson, "vi") for lesson in registry.numbers()]
    events = L.load("events")
    rendered += [timeline.event_html(row, sources, "vi") for _, row in events.head(5).iterrows()]
    rendered.append(claims.claims_table_html(L.load("claims"), sources, "vi"))
    publishers = set(sources["publisher"])
    for html in rendered:
        assert "href" not in html and "javascript:" not in html, html[:300]
        assert any(p in html for p in publishers)  # the sources are still named, as plain text


# --- 7. in a real kernel: the course's error display survives a bad setup -------------------


def _kernel_cells(tmp_path, sources, env):
    from test_error_display import _run_cells

    return _run_cells(tmp_path, sources, env)


def test_after_a_bad_setup_a_later_error_is_still_the_courses_message(tmp_path):
    nb = _kernel_cells(
        tmp_path,
        ['import lessons as L\nL.setup("fr")', 'L.sources("1")', 'L.exercise(["01.2"])', "print(L.get_language())"],
        {},
    )
    for cell in nb.cells[:3]:
        err = cell.outputs[-1]
        shown = "\n".join(err.traceback)
        assert (
            err.output_type == "error" and "Traceback" not in shown and ".py" not in shown and len(err.traceback) <= 2
        )
        _says(err.evalue, "vi")
    assert "L.sources(lesson)" in "\n".join(nb.cells[1].outputs[-1].traceback)
    assert nb.cells[3].outputs[0].text.strip() == "vi"  # the kernel lives on, in the notebook folder's language


def test_a_bad_lessons_lang_is_the_courses_message_in_a_real_kernel(tmp_path):
    nb = _kernel_cells(
        tmp_path, ["import lessons as L\nL.setup()", "L.claims_table(1, 2, 3, 4)"], {"LESSONS_LANG": "fr"}
    )
    first, second = (c.outputs[-1] for c in nb.cells)
    assert "LESSONS_LANG" in first.evalue and "Traceback" not in "\n".join(first.traceback)
    assert "L.claims_table(speaker=None, kind=None, status=None)" in second.evalue and len(second.traceback) <= 2
    _says(first.evalue, "vi")
    _says(second.evalue, "vi")


# --- 8. more of the same kind ----------------------------------------------------------------


def test_windows_line_endings_are_accepted(package):
    path = package / "claims.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert len(L.load("claims")) == len(pd.read_csv(DATA / "claims.csv"))


def test_validate_takes_a_folder_as_text_and_names_a_broken_one(package, tmp_path):
    L.validate(str(package), use_cache=False)
    (package / "claims.csv").write_text("id\n", encoding="utf-8")
    config.set_language("vi")
    with pytest.raises(DataError) as err:
        L.validate(str(package), use_cache=False)
    assert "claims.csv" in str(err.value)
    _says(str(err.value), "vi")
    with pytest.raises(DataError) as err:
        L.validate(tmp_path / "nowhere")
    assert "datapackage.json" in str(err.value)


def test_setup_with_a_broken_descriptor_is_a_data_error_in_the_chosen_language(package, monkeypatch):
    monkeypatch.chdir(DATA)
    (package / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(DataError) as err:
        L.setup("vi")
    assert "datapackage.json" in str(err.value) and "dòng 1" in str(err.value)
    _says(str(err.value), "vi")
    assert config.get_language() == "vi"


def test_explorer_filters_take_decomposed_names_and_numpy_years():
    config.set_language("vi")
    explorer = L.claims_explorer()
    name = "Điện Kremlin"
    shown = explorer.set_filters(speaker=unicodedata.normalize("NFD", name))
    assert explorer.controls["speaker"].value == name and len(shown) >= 1
    timeline = L.timeline_explorer()
    timeline.set_years(np.int64(2015), np.int64(2020))
    assert timeline.years.value == (2015, 2020) and type(timeline.years.value[0]) is int


@pytest.mark.parametrize("value,expected", [("EN", "en"), (" vi ", "vi"), ("Vi", "vi")])
def test_a_language_in_capitals_or_with_spaces_is_understood(value, expected, monkeypatch):
    monkeypatch.chdir(DATA)
    assert L.setup(value).lang == expected and config.get_language() == expected


def test_a_package_cached_as_valid_by_the_older_checks_is_checked_again(package, monkeypatch):
    """The cache of validated packages is keyed with the checks' version: a header-only table that the
    older checks let through (and remembered as valid) is refused now."""
    (package / "claims.csv").write_text(_rows_text(package / "claims.csv", keep=1), encoding="utf-8")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    with monkeypatch.context() as m:
        m.setattr(data, "VALIDATOR_VERSION", "frictionless-5")
        old_key = data._hash_files(package, descriptor)
    data._remember_valid(old_key)
    assert data._known_valid(old_key)
    assert "claims.csv" in str(_broken("vi"))


def test_every_message_key_the_code_names_exists_in_both_languages():
    """A missing key turned a data error into `KeyError: 'data.unknown_reference'`: every literal key in
    lessons/*.py must be in vi.json and en.json."""
    from conftest import REPO

    vi, en = text.strings("vi"), text.strings("en")
    keys = {
        (path.name, m.group(1))
        for path in (REPO / "lessons").rglob("*.py")
        for m in re.finditer(r"\b_?t\(\s*\"([A-Za-z0-9_.\-]+)\"(?!\s*\+)", path.read_text(encoding="utf-8"))
        if not m.group(1).endswith((".", "_"))
    }
    assert len(keys) > 150
    assert [k for k in keys if k[1] not in vi or k[1] not in en] == []


# --- exercise answers: numpy numbers and decomposed text are what the student meant -----------

NUMERIC_IDS = [
    ex
    for ex, (cls, _) in __import__("lessons.exercises.bank", fromlist=["BANK"]).BANK.items()
    if cls.__name__ == "Numeric"
]


@pytest.mark.parametrize("ex_id", NUMERIC_IDS)
def test_a_numpy_number_is_judged_like_the_same_python_number(ex_id, lang):
    import numpy as np

    ex = L.exercise(ex_id)
    key = ex.answer_key
    kinds = [np.float64, np.float32] + ([np.int64, np.int32] if float(key).is_integer() else [])
    for kind in kinds:
        for value in (kind(key), kind(key + 3)):  # the right answer and a wrong one
            python, numpy = ex.check(float(value)), ex.check(value)
            assert numpy.correct is python.correct and numpy.correct is not None, (kind, numpy.message)


def test_a_short_answer_typed_decomposed_is_saved_composed(lang):
    import json
    import unicodedata

    from lessons.exercises.progress import progress_path

    text = (  # at least the 25 "chữ" that 01.7 asks for in Vietnamese
        "Việt Nam ủng hộ đối thoại và luật pháp quốc tế trong quan hệ giữa các nước, "
        "tôn trọng độc lập, chủ quyền và toàn vẹn lãnh thổ của mỗi quốc gia"
    )
    fb = L.exercise("01.7").answer(unicodedata.normalize("NFD", text))
    assert fb.correct is None and "Traceback" not in fb.message
    saved = json.loads(progress_path().read_text(encoding="utf-8"))["answers"]["01.7"]["answer"]
    assert saved == unicodedata.normalize("NFC", text)
