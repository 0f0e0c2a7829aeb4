"""The locale layer (lessons/core/locale.py): dates, numbers, plural forms, plotly's separators and the
language's name all come from the "locale." block of each language's file, and no language code is
written in the code outside config.LANGUAGES."""

from __future__ import annotations

import ast
import datetime
import re
import string
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from lessons.core import config, data, locale, text

PACKAGE = Path(config.PACKAGE_DIR)
SETTINGS = (
    "name",
    "cldr",
    "separators",
    "date.full",
    "date.day",
    "date.month",
    "date.year",
    "plural",
    "library_words",
    "alphabet",
    "letter_marks",
)


# --- the locale block -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_each_language_file_opens_with_a_complete_locale_block(lang):
    keys = list(text.strings(lang))
    block = [k for k in keys if k.startswith("locale.")]
    assert keys[: len(block)] == block, "the locale block comes first in the file"
    assert sorted(block) == sorted(f"locale.{s}" for s in SETTINGS)


def test_each_language_is_named_in_itself_and_the_names_differ():
    names = {lang: locale.language_name(lang) for lang in config.LANGUAGES}
    assert names[config.DEFAULT_LANGUAGE] == "Tiếng Việt"
    assert len(set(names.values())) == len(names) and all(names.values())


# --- plural forms -----------------------------------------------------------------------------------

PLURALS = [
    ("ex.match_wrong", "en", {"n": 1}, "1 pair is not right."),
    ("ex.match_wrong", "en", {"n": 2}, "2 pairs are not right."),
    ("ex.match_wrong", "en", {"n": 0}, "0 pairs are not right."),
    ("ex.match_wrong", "en", {"n": np.int64(1)}, "1 pair is not right."),  # counts from pandas
    ("ex.match_wrong", "en", {"n": "1"}, "1 pair is not right."),
    ("ex.match_wrong", "en", {"n": 1.0}, "1.0 pairs are not right."),  # CLDR: "1.0" is not "one"
    ("ex.match_wrong", "en", {"n": None}, "None pairs are not right."),  # no number: the other form, no error
    ("ex.match_wrong", "vi", {"n": 1}, "Có 1 cặp ghép chưa đúng."),
    ("ex.match_wrong", "vi", {"n": 2}, "Có 2 cặp ghép chưa đúng."),
    ("ex.code_all_pass", "en", {"n": 1}, "Your function gives the right result on its one test case."),
    ("ex.code_all_pass", "en", {"n": 4}, "Your function gives the right result on all 4 test cases."),
    ("ex.short_saved", "en", {"n": 1}, "Your answer (1 word) is saved."),
    ("data.more_errors", "en", {"count": 1}, " (and 1 more problem)"),
    ("ex.code_summary", "en", {"passed": 0, "n": 1}, "0 of 1 test case passes."),
]


@pytest.mark.parametrize(("key", "lang", "values", "expected"), PLURALS)
def test_a_count_takes_the_form_its_language_gives_it(key, lang, values, expected):
    assert text.t(key, lang, **values).startswith(expected)


def _plural_specs(template: str) -> list[str]:
    return [spec for _, field, spec, _ in string.Formatter().parse(template) if field and spec and "|" in spec]


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_every_plural_in_a_file_lists_the_forms_its_language_has(lang):
    forms = locale.plural_forms(lang)
    wrong = {
        key: spec
        for key, value in text.strings(lang).items()
        for spec in _plural_specs(value)
        if len(spec.split("|")) != len(forms)
    }
    assert not wrong, f"{lang}: these plurals need {len(forms)} forms ({' '.join(forms)}): {wrong}"


ENGLISH_PLURAL_NOUN = re.compile(
    r"\b1 (?:more |correct |saved |full |alleged )?(?:pairs|items|terms|words|choices|measures|countries|resolutions|"
    r"segments|routes|events|members|claims|sources|places|partners|figures|lines|answers|minutes|characters|"
    r"arguments|problems|tables|rows|test cases|statements|parties|abstentions|months|exercises|digits|values)\b"
)


def test_no_english_message_says_1_followed_by_a_plural():
    """Every field set to 1: "1 pairs are not right" and its kind are gone from en.json and from the
    exercises' own wording (each lesson's exercises.toml)."""
    from lessons.exercises import bank

    found = {}
    for key, template in {**text.strings("en"), **bank.texts("en")}.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        if not fields or not all(f.isidentifier() for f in fields):  # no template ({"sanctions": …} is an example)
            continue
        shown = text.fill(template, "en", **dict.fromkeys(fields, 1))
        if ENGLISH_PLURAL_NOUN.search(shown):
            found[key] = shown
    assert not found, found


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_plural_syntax_never_reaches_the_reader(lang):
    for key, template in text.strings(lang).items():
        if _plural_specs(template):
            fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            shown = text.t(key, lang, **dict.fromkeys(fields, 3))
            assert "|" not in shown and "{" not in shown, (key, shown)


def test_a_new_language_is_a_file_russian_plurals_and_month_names(monkeypatch):
    """A language with four plural forms and its own month names needs its file, not code."""
    fake = {
        "locale.name": "Русский",
        "locale.cldr": "ru",
        "locale.separators": ", ",
        "locale.date.full": "dd.MM.y",
        "locale.date.day": "d MMMM y",
        "locale.date.month": "LLLL y",
        "locale.date.year": "y",
        "locale.plural": "one few many other",
        "locale.library_words": "hide",
        "files": "{n} {n:файл|файла|файлов|файла}",
    }
    real = text.strings

    def strings(lang):
        return fake if lang == "xx" else real(lang)

    locale.clear_caches()
    monkeypatch.setattr(locale, "strings", strings)
    monkeypatch.setattr(text, "strings", strings)
    try:
        assert [text.t("files", "xx", n=n) for n in (1, 3, 5, 21, 1.5)] == [
            "1 файл",
            "3 файла",
            "5 файлов",
            "21 файл",
            "1.5 файла",
        ]
        assert locale.format_date(datetime.date(2025, 1, 7), "xx", "day") == "7 января 2025"
        assert locale.format_number(1234.5, "xx", 1) == "1 234,5"
        assert locale.plotly_separators("xx") == ", "
        assert locale.language_name("xx") == "Русский"
    finally:
        monkeypatch.undo()
        locale.clear_caches()


def test_a_plural_with_the_wrong_number_of_forms_is_refused_not_guessed():
    with pytest.raises(ValueError, match="forms"):
        locale.choose_plural(2, "cặp|cặp", "vi")


# --- dates ------------------------------------------------------------------------------------------

DAY = pd.Timestamp("2025-01-07")


@pytest.mark.parametrize(
    ("value", "lang", "style", "expected"),
    [
        (DAY, "vi", "full", "07/01/2025"),
        (DAY, "en", "full", "07 Jan 2025"),
        (DAY, "vi", "day", "7/1/2025"),
        (DAY, "en", "day", "7 Jan 2025"),
        (DAY, "vi", "month", "1/2025"),
        (DAY, "en", "month", "Jan 2025"),
        (DAY, "vi", "year", "2025"),
        (datetime.date(2024, 9, 17), "en", "full", "17 Sep 2024"),  # a plain date as well as a Timestamp
        (datetime.datetime(2022, 12, 31, 23, 59), "vi", "day", "31/12/2022"),
    ],
)
def test_a_date_is_written_as_its_language_writes_it(value, lang, style, expected):
    assert locale.format_date(value, lang, style) == expected


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_text_format_date_keeps_the_padded_full_date(lang):
    assert text.format_date(DAY, lang) == locale.format_date(DAY, lang, "full")


def test_an_unknown_date_style_names_the_styles():
    with pytest.raises(ValueError, match="full, day, month, year"):
        locale.format_date(DAY, "en", "week")


# --- numbers and plotly -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "lang", "kwargs", "expected"),
    [
        (1234.5, "vi", {"decimals": 2, "trim": True}, "1.234,5"),
        (1234.5, "en", {"decimals": 2, "trim": True}, "1,234.5"),
        (4.6, "vi", {"decimals": 2}, "4,60"),
        (5.0, "vi", {"decimals": 2, "trim": True}, "5"),
        (1234.5, "vi", {"decimals": 1, "group": False}, "1234,5"),
        (-0.001, "vi", {"decimals": 1}, "0,0"),  # never "-0,0"
        (-1234.25, "en", {"decimals": 1}, "-1,234.2"),
        (np.float64(4.65), "en", {"decimals": 1}, "4.7"),
        (None, "vi", {}, "—"),
        (float("nan"), "en", {"decimals": 2}, "—"),
    ],
)
def test_a_number_uses_its_language_separators(x, lang, kwargs, expected):
    assert locale.format_number(x, lang, **kwargs) == expected


@pytest.mark.parametrize(("lang", "expected"), [("vi", ",."), ("en", ".,")])
def test_plotly_separators_come_from_the_file(lang, expected):
    assert locale.plotly_separators(lang) == expected


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_the_course_map_uses_the_language_separators(lang):
    import lessons as L

    config.set_language(lang)
    assert L.course_map().layout.separators == locale.plotly_separators(lang)


# --- library words (frictionless's and Python's own English) ----------------------------------------


@pytest.mark.parametrize(("lang", "shown"), [("en", True), ("vi", False)])
def test_a_data_problem_shows_the_library_note_only_where_the_file_says(lang, shown):
    config.set_language(lang)
    problem = SimpleNamespace(note="value is not a number", message="raw", type="type-error")
    detail = data._explain(problem)
    assert (detail == "value is not a number") is shown
    if not shown:
        assert detail in (text.t("data.problem.type-error", lang), text.t("data.problem.other", lang))


def test_lang_col_is_the_one_place_a_column_suffix_is_built():
    config.set_language("vi")
    assert locale.lang_col("note") == "note_vi"
    assert locale.lang_col("note", "en") == "note_en"


# --- no language code in the code -------------------------------------------------------------------
# Data: where a language code may be written, and how a code or a hand-built column suffix is found.
ALLOWED = {
    "core/config.py": "LANGUAGES",  # the assignment of this name may hold the codes
}
SUFFIX_BUILDERS = {"core/locale.py": "lang_col"}  # the function that may build name_<lang>
CODES = set(config.LANGUAGES)
SUFFIX = re.compile(r"_(?:" + "|".join(sorted(CODES)) + r")$")
LANG_WORDS = re.compile(r"lang|language", re.I)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _allowed_nodes(tree: ast.AST, rel: str) -> set[int]:
    ok = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == ALLOWED.get(rel) for t in node.targets
        ):
            ok |= {id(n) for n in ast.walk(node.value)}
        if isinstance(node, ast.FunctionDef) and node.name == SUFFIX_BUILDERS.get(rel):
            ok |= {id(n) for n in ast.walk(node)}
    return ok


def language_codes_in(path: Path, root: Path = PACKAGE) -> list[str]:
    """Every place in one module where a language code is written by hand, as "file:line: what → use"."""
    rel = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _allowed_nodes(tree, rel)
    found = []

    def add(node, what, use):
        found.append(f"lessons/{rel}:{node.lineno}: {what} → {use}")

    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in CODES:
                add(node, repr(node.value), "config.LANGUAGES / DEFAULT_LANGUAGE or a locale.* call")
            elif SUFFIX.search(node.value):
                add(node, repr(node.value), f'lang_col("{SUFFIX.sub("", node.value)}", lang)')
        elif isinstance(node, ast.Name | ast.Attribute | ast.keyword):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else node.arg
            if name and SUFFIX.search(name):
                add(node, name, f'lang_col("{SUFFIX.sub("", name)}", lang)')
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            for before, after in zip(parts, parts[1:]):
                if (
                    isinstance(before, ast.Constant)
                    and str(before.value).endswith("_")
                    and isinstance(after, ast.FormattedValue)
                    and LANG_WORDS.search(ast.unparse(after.value))
                ):
                    add(node, ast.unparse(node), "lang_col(name, lang)")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = node.left
            if (
                isinstance(left, ast.Constant)
                and str(left.value).endswith("_")
                and LANG_WORDS.search(ast.unparse(node.right))
            ):
                add(node, ast.unparse(node), "lang_col(name, lang)")
    return sorted(found, key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_language_code_is_written_outside_the_list_of_languages(path):
    found = language_codes_in(path)
    assert not found, "language codes written by hand (use the list of languages or the locale layer):\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ('x = "vi" if lang == "vi" else "en"', 3),
        ('col = f"note_{lang}"', 1),
        ('col = "note_" + get_language()', 1),
        ('row["note_vi"]', 1),
        ("a.name_en", 1),
        ("f(start_vi=1)", 1),
        ('def f():\n    """lang "vi" or "en" in prose."""', 0),  # docstrings may name the codes
        ('col = f"note_{kind}"', 0),  # a suffix that is not a language
        ('video = "view"', 0),
    ],
)
def test_the_language_code_scanner_catches_what_it_should(tmp_path, source, caught):
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    assert len(language_codes_in(probe, root=tmp_path)) == caught
