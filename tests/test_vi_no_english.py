"""No English in the Vietnamese edition (issue 17, part 4).

Renders, in Vietnamese, everything a student sees: every figure the registry lists (trace names, texts,
hover texts and templates, custom data, axis and legend titles, annotations, menus), every explorer's
controls and outputs in its default state and after each control is changed once, every table call,
`L.sources(n)`, the glossary, each exercise's prompt, hints and feedback (a right answer and the typical
wrong ones, code that raises, returns the wrong type, loops or is not Python), the progress-file
errors and the setup check. It extracts the words and fails on an English word that is not a proper
name, an acronym or an outlet's name.

A word is English when it is frequent in English (wordfreq's Zipf frequency ≥ 3, i.e. at least about
one in a million words) and cannot be a Vietnamese syllable written without its marks (an onset, a
vowel nucleus and a final Vietnamese allows: "ban", "to", "an" pass; "trade", "of", "treaty" do not).
Outlet names are what sources.csv's `publisher` column names (its capitalised runs); the words around
them must be Vietnamese. Source titles are citations and stay as the outlet wrote them; the glossary's
"other language" column is English on purpose.
"""

from __future__ import annotations

import html
import re
from functools import cache

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest
from wordfreq import zipf_frequency

import lessons as L
from lessons.core import config, registry
from lessons.core.data import load
from lessons.exercises.bank import specs

# --- the allowlist: words that may stand in Vietnamese text, each group with its reason -------------
ALLOWED: dict[str, str] = {
    # Vietnamese writes these country, region and city names as the country itself does (Latin script)
    # only names Vietnamese writes as the country does; Pháp, Đức, Nhật Bản, Ấn Độ, Ai Cập … are never allowed
    "country and place names written as in the original": (
        "iran israel tehran azerbaijan kazakhstan belarus syria brazil canada cuba bulgaria croatia cyprus "
        "estonia hungary bahrain ethiopia bolivia pakistan iraq oman afghanistan australia singapore kazan "
        "london vienna moskva kremlin sochi astara rasht anzali volga astrakhan isfahan bushehr baku tashkent "
        "alabuga tatarstan dagestan makhachkala mumbai chabahar jask armenia turkmenistan uzbekistan kyrgyzstan "
        "tajikistan albania andorra latvia lithuania luxembourg malta romania slovakia slovenia iceland "
        "liechtenstein montenegro macedonia monaco nicaragua venezuela eritrea zimbabwe mali burundi gaza "
        "golan donetsk luhansk zaporizhzhia kherson kyiv crimea ukraine indonesia malaysia italy ireland "
        "maldives myanmar nepal sri lanka"
    ),
    # people the course quotes or names
    "people's names": (
        "abbas putin assad raisi pezeshkian lavrov araghchi zarif kirby john peter stano peskov dmitry "
        "nasser kanaani rouhani khamenei ali hassan mohammad mehdi blinken antony david lammy jake sullivan "
        "vladimir sergei trump biden novak issa hemmati abdolnaser sadegh farahi salarieh chemezov"
    ),
    # acronyms, symbols and units a Vietnamese text keeps (NATO, USD, km …)
    "acronyms, units and symbols": (
        "nato usd eur euro km mm gcc swift uae rus irn usa ind chn es res brics sco csto opec iaea jcpoa "
        "ofac fsvts irgc uav lng ata ft mir shetab sepam spfs instc"
    ),
    # names of organisations, programmes, weapons and systems the Vietnamese text keeps as they are
    "names of weapons, systems and companies": "yak shahed geran fath mohajer soyuz zafar paya pars rostec wagner",
    "more place names": (
        "washington brexit palestine qatar kuwait nigeria uganda jordan damascus johannesburg islamabad sari hormuz "
        "beirut doha"
    ),
    "more people's names": "linda thomas greenfield amir abdollahian shahid babaei bashar al witkoff farzin netanyahu",
    # outlets the prose names, organisations and operations known by their own name
    "outlets and organisations named in the prose": "wsj nbc carnegie hezbollah hamas idf hts vtb veb rossiya",
    # Vietnamese has taken these as they are (Từ điển tiếng Việt; the press writes them so)
    "loanwords Vietnamese writes as they are": "radar container internet drone arab blog web",
    "brand names": "visa mastercard",
    "units, keys and codes": "atm mw fob cif ctrl cmd iso",
    # the words of Python a student types in a code cell
    "Python keywords and library names": "def return pandas python",
}


@cache
def code_words() -> frozenset[str]:
    """Names a student types in code, so the Vietnamese text names them as they are: the data's table
    and column names, the codes its coded columns hold ("confirmed", "customs"), each exercise's
    option keys (what `ex.answer(...)` takes)."""
    import json
    from pathlib import Path

    named = {w for spec in specs().values() for text in spec.texts.values() for w in _WORD.findall(text.get("vi", ""))}
    words = set()
    package = json.loads((Path(__file__).resolve().parents[1] / "data" / "datapackage.json").read_text())
    for resource in package["resources"]:
        words.add(resource["name"])
        words.update(f["name"] for f in resource["schema"]["fields"])
        table = load(resource["name"])
        for col in [c for c in table.columns if c in named]:  # a coded column an exercise names
            values = [v for v in table[col].dropna().unique() if isinstance(v, str)]
            if values and all(v.isascii() and " " not in v and v.islower() for v in values):
                words.update(values)
    for spec in specs().values():
        for key in ("options", "pairs", "items", "order", "answer", "dimensions"):
            value = spec.params.get(key)
            if isinstance(value, dict):
                words.update(map(str, value.keys()))
                words.update(str(v) for v in value.values() if isinstance(v, str))
            elif isinstance(value, (list, tuple)):
                words.update(str(v) for v in value if isinstance(v, str))
            elif isinstance(value, str):
                words.add(value)
    return frozenset(w.lower() for w in words if _WORD.fullmatch(w))  # identifiers with "_" are masked as code


# names of more than one word, masked whole (their words alone would be English): reason in the comment
NAMES = (
    "New York",  # the city (and "New York Times", an outlet)
    "New Zealand",  # the country, as Vietnamese writes it
    "New Delhi",  # the city, as the Vietnamese press writes it
    "Washington Post",  # an outlet the prose names
    "New York Times",
    "St. Petersburg",  # the city
    "Bank Rossiya",  # a Russian bank's own name
    "Epic Fury",  # the Pentagon's name for the operation, quoted
    "Iran Air",  # the airline
    "RZD Logistics",  # companies named in the prose
    "Shahr Bank",
    "Caspian Service",
)
ALLOW = frozenset(w for words in ALLOWED.values() for w in words.split())

# Vietnamese syllables written without their marks (onset + nucleus + final): never flagged.
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = (
    "oai|oay|oao|oeo|ieu|yeu|uoi|uou|uya|uye|uyu|ueu|uay|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uy|ye"
    "|a|e|i|o|u|y"
)
_FINAL = "ng|nh|ch|c|m|n|p|t|i|o|u|y"
_SYLLABLE = re.compile(rf"^(?:{_ONSET})?(?:{_NUCLEUS})(?:{_FINAL})?$")
_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")
_ISO_DATE = re.compile(
    r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])"
)  # 2006-12-23: a date the Vietnamese reader writes 23/12/2006
_TAG = re.compile(r"<[^>]+>")
_TEMPLATE = re.compile(r"%\{[^}]*\}|\{[a-z_]+\}")
_CODE = re.compile(  # what a student types: calls, identifiers, quoted literals, the progress file's name
    r"\.?\b[a-z_]+\([^)]*\)|\b\w*_\w*\b|\bL\.\w+\([^)]*\)|\"[\x20-\x7e]{1,40}?\"|\(def [^)]*\):"
    r"|\bprogress\.json|\.[\w-]+-course\b|“[A-Za-z_][\w.]*”"
)
_ADDRESS = re.compile(
    r"https?://\S+|[\w-]+(?:\.[A-Za-z][\w-]+)+(?:/\S*)?|\b[A-Za-z][\w-]*/[\w/-]+|(?<![\w.])/\S*"
)  # addresses, paths


@cache
def english_words(text: str) -> list[str]:
    """The English words in `text` (a piece of what a student sees), outlet names already masked."""
    found = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        low = word.lower().removesuffix("'s")
        if word.isupper() and len(word) > 1:  # an acronym (NATO, GMT, BIS): never an English word here
            continue
        if not low.isascii() or len(low) < 2 or low in ALLOW or low in code_words() or _SYLLABLE.match(low):
            continue
        if zipf_frequency(low, "en") >= 3.0:
            found.append(word)
    return found


# --- what is not the course's own Vietnamese: outlet names, citations ---------------------------
_NAME_RUN = re.compile(
    r"(?:[A-Z0-9]|[a-z]+[A-Z])[\w.'&/-]*(?:\s+(?:of|the|for|and|de|al|from|between|[A-Z0-9][\w.'&/-]*))*"
)


@cache
def outlet_names() -> tuple[str, ...]:
    """Every outlet name sources.csv's publisher column gives (its capitalised runs), longest first."""
    src = load("sources")
    names = set()
    for publisher in src.loc[src["kind"] != "course", "publisher"].dropna():
        names.update(m.group(0).strip() for m in _NAME_RUN.finditer(publisher))
    return tuple(sorted((n for n in names if len(n) > 1), key=len, reverse=True))


@cache
def cited_titles() -> tuple[str, ...]:
    """The titles of the sources the course cites (not its own): kept as the outlet wrote them."""
    src = load("sources")
    return tuple(sorted(src.loc[src["kind"] != "course", "title"].dropna(), key=len, reverse=True))


def plain(text: str) -> str:
    """What a reader sees of a string: tags, templates and addresses dropped, entities decoded."""
    text = html.unescape(_TAG.sub(" ", _TEMPLATE.sub(" ", text)))
    text = text.replace("Radio Free Europe/Radio Liberty", " ")  # an outlet whose "/" reads as a path below
    return _ADDRESS.sub(" ", _CODE.sub(" ", text))


@cache
def country_names_vi() -> tuple[str, ...]:
    """The curated Vietnamese names of data/countries.csv ("Saint Lucia", "Quần đảo Marshall"), masked whole: lesson
    07 names any member state, and this table is how Vietnamese media write them (an English name such as
    "France" is not in it: Vietnamese writes "Pháp")."""
    return tuple(load("countries")["name_vi"].dropna())


@cache
def _outlets_pattern() -> re.Pattern:
    # a single allowed word ("Iran") is not masked, so "Iran Air" is never masked in half; the longest name wins
    names = sorted(
        {*(n for n in outlet_names() if n.lower() not in ALLOW), *NAMES, *country_names_vi()}, key=len, reverse=True
    )
    return re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in names))


@cache
def _mask_outlets(text: str) -> str:
    """Every outlet's name (sources.csv's publisher column) and every name of NAMES in `text` becomes a blank."""
    return _outlets_pattern().sub(" ", text)


def pieces(strings) -> list[str]:
    """Each rendered string cut into lines and cells, cited titles and outlet names masked."""
    out = []
    for s in strings:
        s = html.unescape(re.sub(r"<td[^>]*><i>.*?</i></td>", " ", s))  # the glossary's other-language column
        for title in cited_titles():
            if title in s:
                s = s.replace(title, " ")
        for piece in re.split(r"\n|</t[dh]>|</li>|</p>|</div>", re.sub(r"<br\s*/?>", " ", s)):
            text = " ".join(_mask_outlets(plain(piece)).split())
            if text:
                out.append(text)
    return out


def english_strings(strings) -> list[str]:
    """The distinct pieces of `strings` that contain an English word."""
    return sorted({p for p in pieces(strings) if english_words(p) or _ISO_DATE.search(p)})


# --- rendering: figures, widgets, tables --------------------------------------------------------
# keys whose strings a reader never sees: plotly's own settings and the course's trace keys (`meta`)
_SKIP_KEYS = {
    "uid", "type", "mode", "geojson", "locations", "ids", "template", "colorscale", "symbol", "dash", "legendgroup",
    "side", "autorange", "categoryorder", "meta", "hoverinfo", "fill", "shape", "projection", "scope", "family",
    "locationmode", "fitbounds", "align", "valign", "ticks", "ticklabelposition", "sizemode", "visible", "range",
}  # fmt: skip


def figure_strings(fig) -> list[str]:
    """Every string of a figure a reader can see (its text alternative, layout.meta.description, too)."""
    out = []

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in _SKIP_KEYS or k.endswith(("color", "src", "mode", "anchor", "ref", "position", "info")):
                    continue
                if k == "legend" and isinstance(v, str):  # a trace's legend named ("legend2"), not a text shown
                    continue
                if k in ("x", "y", "z", "lat", "lon") and not (
                    isinstance(v, (list, tuple)) and v and isinstance(v[0], str)
                ):
                    continue
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)
        elif hasattr(x, "tolist"):
            walk(x.tolist())
        elif isinstance(x, str):
            out.append(x)

    shape = fig.to_plotly_json()
    for trace in shape.get("data", []):
        walk({k: v for k, v in trace.items() if not (k == "name" and trace.get("showlegend") is False)})
    walk(shape.get("layout", {}))
    out.append(str((shape.get("layout", {}).get("meta") or {}).get("description", "")))
    return out


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def widget_strings(root) -> list[str]:
    out = []
    for part in _walk(root):
        if isinstance(part, go.FigureWidget):
            out += figure_strings(part)
            continue
        for attr in ("description", "placeholder", "tooltip", "button_style_label"):
            value = getattr(part, attr, None)
            if isinstance(value, str):
                out.append(value)
        if isinstance(part, (widgets.HTML, widgets.Label, widgets.HTMLMath, widgets.Text, widgets.Textarea)):
            out.append(str(part.value))
        out += [str(x) for x in getattr(part, "_options_labels", ()) or ()]
        if isinstance(part, widgets.Output):
            for o in part.outputs:
                out += [str(v) for k, v in o.get("data", {}).items() if k in ("text/html", "text/plain")]
                out.append(str(o.get("text", "")))
    return out


CONTROLS = (
    widgets.Dropdown,
    widgets.SelectMultiple,
    widgets.SelectionSlider,
    widgets.SelectionRangeSlider,
    widgets.IntSlider,
    widgets.IntRangeSlider,
    widgets.Checkbox,
    widgets.ToggleButtons,
    widgets.RadioButtons,
    widgets.Select,
)


def change_once(control) -> None:
    """Move a control away from its default (to its last option, the other end, the other state)."""
    if isinstance(control, widgets.Checkbox):
        control.value = not control.value
    elif isinstance(control, widgets.SelectMultiple):
        values = control._options_values
        control.value = tuple(values[-1:]) if tuple(control.value) != tuple(values[-1:]) else tuple(values[:1])
    elif isinstance(control, widgets.SelectionRangeSlider):
        control.index = (0, max(0, len(control.options) // 2))
    elif isinstance(control, widgets.IntRangeSlider):
        control.value = (control.min, control.min + (control.max - control.min) // 2)
    elif isinstance(control, widgets.IntSlider):
        control.value = control.min if control.value != control.min else control.max
    else:
        values = control._options_values
        if len(values) > 1:
            control.value = values[-1] if control.value != values[-1] else values[0]


def explorer_strings(name: str) -> list[str]:
    root = getattr(L, name)()
    strings = widget_strings(root)
    for control in [p for p in _walk(root) if isinstance(p, CONTROLS)]:
        change_once(control)
        strings += widget_strings(root)
    return strings


def html_of(value) -> str:
    return str(getattr(value, "data", None) or getattr(value, "value", None) or value)


TABLES = [call for x in registry.lessons() for call in x.calls]
LESSONS = registry.numbers()


# --- exercises: the prompt, hints and feedback for right and typical wrong answers --------------
def _raises(*args):
    return 1 / 0


def _bad_value(*args):
    return int("xyz")  # ValueError: invalid literal for int() with base 10


def _bad_key(claims, *args):
    return claims["cột không có"]  # KeyError


def _bad_attribute(claims, *args):
    return claims.no_such_method()  # AttributeError: 'DataFrame' object has no attribute …


def _too_few(claims):  # called with more arguments than it takes: TypeError
    return 0


def _wrong_type(*args):
    return "một chuỗi"


def _none(*args):
    return None


def _loops(*args):
    while True:
        pass


WRONG = {  # typical wrong answers, whatever the kind: each gives its own message
    "nothing": None,
    "empty-text": "",
    "a-number": 42,
    "a-word": "xyz",
    "a-list": ["xyz"],
    "a-dict": {"xyz": "qqq"},
}
CODE_WRONG = {
    "raises": _raises,
    "value-error": _bad_value,
    "key-error": _bad_key,
    "attribute-error": _bad_attribute,
    "wrong-arguments": _too_few,
    "wrong-type": _wrong_type,
    "returns-nothing": _none,
    "not-python": "def f(:\n    return",
    "a-number": 42,
}


def exercise_strings(exercise_id: str, answers) -> list[str]:
    ex = L.exercise(exercise_id)
    strings = widget_strings(ex)
    for answer in answers:
        fb = ex.answer(answer)
        strings += [fb.message, ex.feedback.value]
    return strings + widget_strings(ex)


def _right(ex_id: str):
    ex = L.exercise(ex_id)
    try:
        return ex.answer_key
    except Exception:  # scenario, short answers and code exercises have no single key
        return None


EXERCISES = sorted(specs())
CODE_EXERCISES = [x for x in EXERCISES if specs()[x].kind == "code"]


# --- the tests ----------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _vietnamese():
    config.set_language("vi")
    yield
    config.set_language("en")


@pytest.mark.parametrize(
    "text,english",
    [
        ("North Atlantic Treaty, Art. 5", ["North", "Atlantic", "Treaty", "Art"]),
        ("theo Central Bank of Iran Governor Abdolnaser Hemmati", ["Central", "Bank", "of", "Governor"]),
        ("Bandar Anzali (cảng Anzali/Caspian)", ["Caspian"]),  # Vietnamese writes "biển Caspi"
        ("UNSC Resolution 1929 (2010)", ["Resolution"]),
        ("Ngân hàng Trung ương Iran, ông Putin nói tại Moskva", []),
        ("to an ban nam long hay", []),  # Vietnamese syllables without marks
        ("ValueError: invalid literal", ["invalid", "literal"]),
    ],
)
def test_the_detector_tells_english_from_vietnamese(text, english):
    assert english_words(text) == english


def test_outlet_names_are_masked_but_the_words_around_them_are_not():
    assert english_strings(["Pars News (citing TASS)"]) == ["(citing )"]
    assert english_strings(["Pars News (dẫn lại TASS)"]) == []


@pytest.mark.parametrize("name", [n for _, n in registry.figures()])
def test_figure_has_no_english(name):
    assert english_strings(figure_strings(getattr(L, name)())) == []


@pytest.mark.parametrize("name", [n for _, n in registry.explorers()])
def test_explorer_has_no_english_before_and_after_each_control_changes(name):
    assert english_strings(explorer_strings(name)) == []


@pytest.mark.parametrize("name", TABLES)
def test_table_has_no_english(name):
    assert english_strings([html_of(getattr(L, name)())]) == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_sources_list_has_no_english_outside_titles_and_outlet_names(lesson):
    assert english_strings([html_of(L.sources(lesson))]) == []


def test_glossary_has_no_english_outside_its_english_column():
    assert english_strings([html_of(L.glossary())]) == []


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_exercise_prompt_hints_and_feedback_have_no_english(exercise_id):
    right = _right(exercise_id)
    answers = [*WRONG.values(), *WRONG.values()]  # twice: the hints come after the second wrong try
    if right is not None:
        answers.append(right)
    assert english_strings(exercise_strings(exercise_id, answers)) == []


@pytest.mark.parametrize("case", sorted(CODE_WRONG))
def test_code_feedback_names_no_python_type_or_error_in_english(case):
    strings = exercise_strings(CODE_EXERCISES[0], [CODE_WRONG[case]])
    assert english_strings(strings) == []
    python_words = ("Traceback", "Error", "NoneType", "DataFrame", "'str'", "int", "object", "invalid", "attribute")
    for python_word in python_words:
        assert not any(re.search(rf"(?<!\w){re.escape(python_word)}(?!\w)", plain(s)) for s in strings), python_word


def test_code_that_loops_forever_gets_a_vietnamese_message():
    strings = exercise_strings(CODE_EXERCISES[0], [_loops])
    assert english_strings(strings) == []


@pytest.mark.parametrize("state", ["missing", "corrupt", "unreadable-file", "unreadable-folder", "folder-in-its-place"])
def test_progress_file_messages_are_vietnamese(state, tmp_path, monkeypatch):
    from lessons.exercises.progress import progress_path

    path = progress_path()
    if state == "corrupt":
        path.parent.mkdir(parents=True)
        path.write_bytes(b"{not json")
    elif state == "unreadable-folder":
        blocker = tmp_path / "blocker"
        blocker.write_text("a file where the folder should be")
        monkeypatch.setenv("LESSONS_PROGRESS_DIR", str(blocker / "progress"))
    elif state == "unreadable-file":  # permission denied (root reads every file, so the refusal is simulated)
        import errno

        from lessons.exercises import progress

        path.parent.mkdir(parents=True)
        path.write_text("{}")

        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

        monkeypatch.setattr(progress, "read_regular_file", refuse)
    elif state == "folder-in-its-place":
        path.mkdir(parents=True)
    strings = [html_of(L.my_progress()), *exercise_strings("00.1", ["tkm"]), html_of(L.my_progress())]
    assert english_strings(strings) == []


def test_setup_check_and_bad_calls_speak_vietnamese():
    strings = widget_strings(L.setup_check())
    for bad in (lambda: L.sources(99), lambda: L.glossary("x"), lambda: L.exercise("99.9"), lambda: L.load("bảng lạ")):
        try:
            strings.append(html_of(bad()))
        except Exception as e:  # a course error: its message is what the notebook shows
            strings.append(str(e))
    assert english_strings(strings) == []


# --- the English edition keeps its English ------------------------------------------------------
@pytest.mark.parametrize(
    "call,english",
    [
        ("clause_table", "North Atlantic Treaty, Art. 5"),
        ("sanctions_table", "UNSC Resolution 1929 (2010)"),
        ("payments_table", "Central Bank of Iran Governor"),
    ],
)
def test_english_edition_still_shows_english(call, english):
    config.set_language("en")
    assert english in html.unescape(html_of(getattr(L, call)()))


def test_english_edition_keeps_the_table_names_as_match_terms():
    config.set_language("en")
    assert "un_votes" in str(widget_strings(L.exercise("08.3")))


def test_matching_terms_of_08_3_are_vietnamese_and_the_table_names_still_count():
    ex = L.exercise("08.3")
    labels = [ex.text(f"term.{term}") for term in ex.menus]
    assert labels and all(re.search(r"[ăâđêôơưạ-ỹ]", x) and term in x for x, term in zip(labels, ex.menus)), labels
    fb = ex.answer(dict(specs()["08.3"].params["pairs"]))  # answered with the table names, as code does
    assert fb.correct is True


@pytest.mark.parametrize(
    "label,vi",
    [
        ("Pars News (citing TASS)", "Pars News (dẫn TASS)"),
        ("UrduPoint (Sputnik copy)", "UrduPoint (bản sao tin Sputnik)"),
        ("The Irish Times (Reuters material)", "The Irish Times (tin của Reuters)"),
        ("AzerNews (via MENAFN, citing TASS)", "AzerNews (qua MENAFN, dẫn TASS)"),
        ("Course team", "Nhóm biên soạn khóa học"),
        ("Reuters", "Reuters"),  # an outlet's name alone is left as it is
        ("Tuổi Trẻ (bản tiếng Việt)", "Tuổi Trẻ (bản tiếng Việt)"),  # nothing to translate
    ],
)
def test_publisher_labels_keep_the_outlet_and_translate_the_words_around_it(label, vi):
    from lessons.core.text import publisher

    assert publisher(label, "vi") == vi
    assert publisher(label, "en") == label  # the English edition shows the data as written


@pytest.mark.parametrize(
    "table,column",
    [
        ("sanctions", "instrument"),
        ("organizations", "clause_ref"),
        ("relations", "clause_ref"),
        ("payments", "claim_by"),
        ("relations", "instrument"),
        ("corridor", "name"),
    ],
)
def test_every_column_a_student_sees_has_a_vietnamese_version(table, column):
    data = load(table)
    assert column not in data.columns  # one column per language, never a single shared one
    vi, en = data[f"{column}_vi"], data[f"{column}_en"]
    assert (vi.isna() == en.isna()).all(), data.loc[vi.isna() != en.isna()].iloc[:, 0].tolist()
    shown = vi.dropna()
    assert shown.str.strip().ne("").all()
    assert not [x for x in shown if english_strings([x])], [x for x in shown if english_strings([x])]


def _notebook_calls() -> list[str]:
    """Each `L.<call>(…)` line of the Vietnamese notebooks' code cells that shows a figure, table or explorer."""
    import nbformat

    shown = {*(n for _, n in registry.figures()), *(n for _, n in registry.explorers()), *TABLES, "glossary", "sources"}
    calls = set()
    for path in registry.notebooks("vi"):
        for cell in nbformat.read(path, 4).cells:
            if cell.cell_type == "code":
                for line in cell.source.splitlines():
                    m = re.fullmatch(r"\s*(L\.(\w+)\(.*\))\s*", line)
                    if m and m.group(2) in shown:
                        calls.add(m.group(1))
    return sorted(calls)


@pytest.mark.parametrize("call", _notebook_calls())
def test_each_call_the_vietnamese_notebooks_make_shows_no_english(call):
    shown = eval(call, {"L": L})  # a line of a notebook's code cell, as the student runs it
    if isinstance(shown, go.Figure):
        strings = figure_strings(shown)
    elif isinstance(shown, widgets.Widget):
        strings = widget_strings(shown)
    else:
        strings = [html_of(shown)]
    assert english_strings(strings) == []
