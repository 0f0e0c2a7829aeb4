"""The structure's rules, enforced (issue 16, parts 3 and 5):

- every pure module (a lesson's figures and helpers, lessons/viz/ but the explorer base) imports with
  ipywidgets blocked and the data readers made to raise, and every figure or HTML function builds
  its output from data passed in;
- every explorer is an `Explorer`; explorers find traces by key, never by position;
- the empty state replaces the figure with a message in the notebook's language;
- an error in a callback is a message in the explorer (never a traceback) and the explorer keeps working;
- one control change sends at most one drawing message per figure (one batched update).
"""

from __future__ import annotations

import html
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest

import lessons as L
from lessons.core import config
from lessons.core.errors import CourseError
from lessons.core.text import t
from lessons.viz.explorer import Explorer

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lessons"
# Files in a lesson's folder that may use widgets or read data; everything else there must be pure.
NOT_PURE = {"explorer.py", "api.py", "answers.py"}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


PURE_MODULES = sorted(
    [_module(p) for p in (PACKAGE / "topics").rglob("*.py") if p.name not in NOT_PURE]
    + [_module(p) for p in (PACKAGE / "viz").glob("*.py") if p.name != "explorer.py"]
)
EXPLORER_MODULES = sorted(_module(p) for p in (PACKAGE / "topics").glob("*/explorer.py"))

# Runs in a fresh Python: ipywidgets and anywidget cannot be imported, the data is read once and then
# every reader raises; each pure module is imported and each figure/HTML function called with the data.
PROBE = r"""
import importlib, importlib.abc, json, sys

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("ipywidgets", "anywidget"):
            raise ImportError("blocked in a pure module: " + name)
sys.meta_path.insert(0, Blocked())

from lessons.core import countries, data
tables = {name: data.load(name) for name in (
    "places", "claims", "sources", "events", "memberships", "organizations", "relations", "sanctions",
    "trade", "corridor", "payments", "transfers", "transfer_claims", "un_votes", "un_resolutions",
    "vietnam_statements", "vietnam_voice_gaps")}
names = {lang: countries.country_names(lang) for lang in ("vi", "en")}
as_of = data.as_of()
from lessons.topics.alliances.figures import status_on
eu = status_on(tables["memberships"], "eu", as_of.year)
eu = list(eu.loc[eu["status"] == "member", "iso3"])

def refuse(*args, **kwargs):
    raise RuntimeError("a pure module read the data")
for mod in [m for n, m in list(sys.modules.items()) if n.startswith("lessons")]:
    for attr in ("load", "country_names", "country_name", "package_info", "as_of", "version", "data_dir"):
        if hasattr(mod, attr):
            setattr(mod, attr, refuse)

out = {"modules": {}, "functions": {}}
for name in MODULES:
    try:
        importlib.import_module(name)
        out["modules"][name] = "ok"
    except Exception as e:
        out["modules"][name] = f"{type(e).__name__}: {e}"
out["modules"]["ipywidgets imported"] = "ipywidgets" in sys.modules

T = tables
def calls(lang):
    n = names[lang]
    from lessons.topics.trade import corridor, figures as trade, payments
    from lessons.topics import start, claims, timeline, alliances, sanctions, transfers, votes, synthesis
    rus = sanctions.filter_sanctions(T["sanctions"], "RUS")
    ev = T["events"]
    return {
        "start.figures.places_map": lambda: start.figures.places_map(T["places"], n, lang),
        "start.figures.check_map": lambda: start.figures.check_map(n, lang),
        "claims.figures.claims_chart": lambda: claims.figures.claims_chart(T["claims"], lang),
        "claims.figures.claims_table_html": lambda: claims.figures.claims_table_html(T["claims"], T["sources"], lang),
        "timeline.figures.timeline_figure": lambda: timeline.figures.timeline_figure(ev, lang),
        "timeline.figures.event_html": lambda: timeline.figures.event_html(ev.iloc[0], T["sources"], lang),
        "timeline.figures.events_table_html": lambda: timeline.figures.events_table_html(ev, lang),
        "claims.figures.statements_html": lambda: claims.figures.statements_html(
            T["vietnam_statements"], T["sources"], lang),
        "timeline.figures.reactions_table_html": lambda: timeline.figures.reactions_table_html(
            ev, T["vietnam_statements"], T["vietnam_voice_gaps"], T["sources"], lang),
        "alliances.figures.membership_map": lambda: alliances.figures.membership_map(
            T["memberships"], T["organizations"], n, lang, "brics", 2024),
        "alliances.figures.relations_network": lambda: alliances.figures.relations_network(T["relations"], n, lang),
        "alliances.figures.clause_table_html": lambda: alliances.figures.clause_table_html(
            T["organizations"], T["relations"], lang, ["nato"], ["rus_irn_2025"]),
        "sanctions.figures.sanctions_map": lambda: sanctions.figures.sanctions_map(
            rus, eu, n, lang, target="RUS", as_of=as_of),
        "sanctions.figures.sanctions_timeline": lambda: sanctions.figures.sanctions_timeline(
            rus, n, lang, as_of=as_of, imposers=sanctions.figures.imposer_order(rus["imposer"])),
        "sanctions.figures.sanctions_table_html": lambda: sanctions.figures.sanctions_table_html(rus, n, lang),
        "trade.figures.bilateral_chart": lambda: trade.bilateral_chart(T["trade"], T["sources"], n, lang),
        "trade.figures.partner_chart": lambda: trade.partner_chart(
            T["trade"], n, lang, reporter="IRN", year=trade.partner_years(T["trade"], "IRN")[-1]),
        "trade.figures.trade_table_html": lambda: trade.trade_table_html(T["trade"].head(20), T["sources"], n, lang),
        "trade.figures.by_year_html": lambda: trade.by_year_html(T["trade"], lang),
        "trade.corridor.corridor_map": lambda: corridor.corridor_map(T["corridor"], n, lang),
        "trade.corridor.segments_table_html": lambda: corridor.segments_table_html(T["corridor"], lang),
        "trade.payments.payments_table_html": lambda: payments.payments_table_html(T["payments"], lang),
        "trade.payments.shares_table_html": lambda: payments.shares_table_html(T["payments"], lang),
        "transfers.figures.evidence_matrix": lambda: transfers.figures.evidence_matrix(
            T["transfers"], T["transfer_claims"], n, lang),
        "transfers.figures.statements_html": lambda: transfers.figures.statements_html(
            T["transfers"], T["transfer_claims"], T["sources"], n, lang),
        "votes.figures.agreement_heatmap": lambda: votes.figures.agreement_heatmap(
            T["un_votes"], T["un_resolutions"], ["IRN", "RUS", "VNM"], n, lang),
        "votes.figures.vote_map": lambda: votes.figures.vote_map(T["un_votes"], T["un_resolutions"], "es11_1", n, lang),
        "votes.figures.resolution_html": lambda: votes.figures.resolution_html(
            T["un_resolutions"], "es11_1", T["sources"], lang),
        "votes.figures.votes_table_html": lambda: votes.figures.votes_table_html(
            T["un_votes"], T["un_resolutions"], ["IRN", "RUS"], n, lang),
        "votes.figures.record_html": lambda: votes.figures.record_html(T["un_votes"], T["un_resolutions"], lang),
        "votes.figures.compare_html": lambda: votes.figures.compare_html(
            T["un_votes"], T["un_resolutions"], "IRN", "VNM", n, lang),
        "votes.figures.compare_figure": lambda: votes.figures.compare_figure(
            T["un_votes"], T["un_resolutions"], "IRN", "VNM", n, lang),
        "votes.figures.by_topic_html": lambda: votes.figures.by_topic_html(
            T["un_votes"], T["un_resolutions"], "VNM", n, lang),
        "synthesis.figures.big_picture_map": lambda: synthesis.figures.big_picture_map(
            T["memberships"], T["organizations"], T["sanctions"], T["corridor"], eu, n, lang, as_of=as_of),
    }

import plotly.graph_objects as go
for lang in ("vi", "en"):
    try:
        made_calls = calls(lang)
    except Exception as e:  # a lesson's pure modules do not import: every call fails, each with the reason
        out["functions"]["*/" + lang] = {"error": f"{type(e).__name__}: {e}"}
        continue
    for name, call in made_calls.items():
        try:
            made = call()
        except Exception as e:
            out["functions"][f"{name}/{lang}"] = {"error": f"{type(e).__name__}: {e}"}
            continue
        info = {"kind": "figure" if isinstance(made, go.Figure) else type(made).__name__}
        if isinstance(made, go.Figure):
            info["description"] = (made.layout.meta or {}).get("description", "")
            info["template"] = made.layout.template.layout.plot_bgcolor
        else:
            info["length"] = len(made)
        out["functions"][f"{name}/{lang}"] = info
out["ipywidgets after figures"] = "ipywidgets" in sys.modules
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probe():
    code = f"MODULES = {PURE_MODULES!r}\n" + PROBE
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300, env=_env()
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env():
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _figure_functions() -> list[str]:
    """Every function of a pure topic module that returns a figure or HTML (by annotation or name)."""
    import importlib

    found = []
    for name in PURE_MODULES:
        if not name.startswith("lessons.topics.") or name.count(".") < 3:
            continue
        module = importlib.import_module(name)
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != name or fname.startswith("_"):
                continue
            returns = inspect.signature(fn).return_annotation
            if returns in ("go.Figure", go.Figure) or fname.endswith("_html"):
                found.append(f"{name.removeprefix('lessons.topics.')}.{fname}")
    return sorted(found)


FIGURE_FUNCTIONS = _figure_functions()


def test_the_lists_find_the_package():
    assert len(PURE_MODULES) >= 25 and len(EXPLORER_MODULES) == 9 and len(FIGURE_FUNCTIONS) >= 26


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_without_widgets_or_data(probe, module):
    assert probe["modules"][module] == "ok", probe["modules"][module]
    assert probe["modules"]["ipywidgets imported"] is False


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("function", FIGURE_FUNCTIONS)
def test_figure_function_draws_from_data_passed_in(probe, function, lang):
    """Every figure/HTML function of every lesson (a new one must be added to PROBE's list to pass)."""
    info = probe["functions"].get(f"{function}/{lang}") or probe["functions"].get(f"*/{lang}")
    assert info is not None, f"{function} is not called in PROBE: add a call with its data"
    assert "error" not in info, info
    if info["kind"] == "figure":
        vietnamese = bool(
            set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") & set(info["description"].lower())
        )
        assert len(info["description"]) > 30 and vietnamese == (lang == "vi"), info
        assert info["template"] == "#fafafa"  # drawn on the course template
    else:
        assert info["length"] > 40
    assert probe["ipywidgets after figures"] is False


# --- explorers --------------------------------------------------------------------------------
def _explorer_classes():
    import importlib

    classes = []
    for name in EXPLORER_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, widgets.Widget):
                classes.append(cls)
    return classes


@pytest.mark.parametrize("cls", _explorer_classes(), ids=lambda c: c.__name__)
def test_every_explorer_class_is_built_on_the_base(cls):
    assert issubclass(cls, Explorer)
    assert "update" in cls.__dict__, f"{cls.__name__} draws in update()"


@pytest.mark.parametrize("module", EXPLORER_MODULES)
def test_explorers_find_traces_by_key_never_by_position(module):
    source = (ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    assert not re.search(r"\.data\s*\[", source), "a trace addressed by position"
    assert "batch_update" not in source, "draw through Explorer.drawing()"


EXPLORERS = sorted(n for n in L.__all__ if n.endswith("_explorer")) + ["setup_check"]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _shown(widget):
    """The widgets a student sees: hidden boxes (display: none) and what they hold left out."""
    layout = getattr(widget, "layout", None)
    if isinstance(layout, widgets.Layout) and layout.display == "none":
        return
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _shown(child)


def _controls(explorer):
    kinds = (
        widgets.Dropdown,
        widgets.Checkbox,
        widgets.ToggleButton,
        widgets.IntSlider,
        widgets.SelectionSlider,
        widgets.SelectMultiple,
        widgets.IntRangeSlider,
    )
    return [w for w in _walk(explorer) if isinstance(w, kinds)]


def _values(control):
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _poke(control) -> None:
    """Change `control` as a click in the browser would (to another allowed value)."""
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        control.value = not control.value
    elif isinstance(control, widgets.IntSlider):
        control.value = control.value - 1 if control.value > control.min else control.value + 1
    elif isinstance(control, widgets.IntRangeSlider):
        low, high = control.value
        control.value = (low + 1, high) if low < high else (control.min, control.max)
    elif isinstance(control, widgets.SelectMultiple):
        values = _values(control)
        control.value = tuple(values[:3]) if tuple(control.value) != tuple(values[:3]) else tuple(values[1:4])
    else:
        control.value = next(v for v in _values(control) if v != control.value)


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_public_explorer_is_an_explorer(name):
    config.set_language("vi")
    explorer = getattr(L, name)()
    assert isinstance(explorer, Explorer)
    assert isinstance(explorer.figures, dict)
    for key, figure in explorer.figures.items():
        keys = [tr.meta for tr in figure.data if tr.meta is not None]
        assert len(keys) == len(set(keys)), (name, key)  # keys are unique: a trace is found by its key


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", EXPLORERS)
def test_a_failing_callback_is_a_message_and_the_explorer_keeps_working(name, lang, capsys):
    config.set_language(lang)
    explorer = getattr(L, name)()
    control = _controls(explorer)[0]

    def broken():
        raise ZeroDivisionError("inside the drawing")

    explorer.update = broken
    _poke(control)  # no exception reaches the notebook
    expected = html.escape(t("explorer.failed", lang))
    assert expected in explorer.alert.value and explorer.alert in list(_shown(explorer))
    assert "ZeroDivisionError" not in explorer.alert.value and "Traceback" not in capsys.readouterr().err
    del explorer.update  # the explorer's own drawing again
    _poke(control)
    assert explorer.alert.value == ""


@pytest.mark.parametrize("name", ["claims_explorer", "sanctions_explorer", "agreement_explorer"])
def test_a_course_error_in_a_callback_shows_its_own_words(name):
    config.set_language("vi")
    explorer = getattr(L, name)()

    def refuse():
        raise CourseError("Bạn hãy chọn lại")

    explorer.update = refuse
    _poke(_controls(explorer)[0])
    assert "Bạn hãy chọn lại" in explorer.alert.value


def _first_empty_pair(frame, a, b):
    present = set(zip(frame[a], frame[b]))
    return next((x, y) for x in sorted(set(frame[a])) for y in sorted(set(frame[b])) if (x, y) not in present)


def _empty_claims(e):
    e.set_filters(kind="accusation", status="confirmed")


def _empty_timeline(e):
    for toggle in e.toggles.values():
        toggle.value = False


def _empty_relations(e):
    for box in e.types.values():
        box.value = False


def _empty_sanctions(e):
    e.target.value, e.measure.value, e.imposer.value = "RUS", "swift", "UN"


def _empty_trade(e):
    e.reporter.value, e.flow.value = "RUS", "imports"


def _empty_corridor(e):
    for box in e.toggles.values():
        box.value = False


def _empty_evidence(e):
    e.category.value, e.status.value = _first_empty_pair(e.transfers, "category", "status")


def _empty_agreement(e):
    e.countries.value = ("IRN",)


def _empty_big_picture(e):
    e.org.value, e.target.value, e.corridor_on.value = "-", "-", False


def _trade_message(e, lang):
    """A flow with one or two partners: the message says what the data hold (computed from the data)."""
    from lessons.topics.trade.figures import FLOWS, WORLD, partner_years

    trade, reporter, flow = e.trade, e.reporter.value, e.flow.value
    rows = trade[(trade["reporter"] == reporter) & (trade["flow"] == flow) & (trade["partner"] != WORLD)]
    years = {p: sorted(set(rows.loc[rows["partner"] == p, "year"].astype(int))) for p in set(rows["partner"])}
    order = sorted(years, key=lambda p: (years[p][0], e.names[p]))
    return t(
        "trade.only_partners",
        lang,
        country=e.names[reporter],
        flow=t("trade.flow." + flow, lang).lower(),
        partners=", ".join(f"{e.names[p]} ({', '.join(map(str, years[p]))})" for p in order),
        flows=", ".join(t("trade.flow." + f, lang) for f in FLOWS if partner_years(trade, reporter, f)),
    )


EMPTY = {
    "claims_explorer": (_empty_claims, "claims.none", lambda e: e.set_filters(kind=None)),
    "timeline_explorer": (_empty_timeline, "timeline.none", lambda e: setattr(e.toggles["treaty"], "value", True)),
    "relations_explorer": (_empty_relations, "alliance.network_none", lambda e: _poke(e.types["adversarial"])),
    "sanctions_explorer": (_empty_sanctions, "sanctions.none", lambda e: setattr(e.imposer, "value", "*")),
    "trade_explorer": (_empty_trade, _trade_message, lambda e: setattr(e.flow, "value", "total")),
    "corridor_explorer": (_empty_corridor, "corridor.none", lambda e: _poke(e.toggles["western"])),
    "evidence_explorer": (_empty_evidence, "evidence.none", lambda e: setattr(e.category, "value", "*")),
    "agreement_explorer": (_empty_agreement, "votes.pick_two", lambda e: setattr(e.countries, "value", ("IRN", "RUS"))),
    "compare_explorer": (
        lambda e: setattr(e.b, "value", e.a.value),
        "votes.pick_other",
        lambda e: setattr(e.b, "value", "VNM"),
    ),
    "big_picture_explorer": (_empty_big_picture, "big.empty", lambda e: setattr(e.corridor_on, "value", True)),
}


def test_every_explorer_with_filters_has_an_empty_case():
    """The explorers whose choices can leave nothing (all but the setup check, the vote map and the
    membership map, whose every choice has rows) are all driven to it below."""
    assert set(EXPLORERS) - set(EMPTY) == {"setup_check", "vote_map_explorer", "membership_explorer"}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(EMPTY))
def test_the_empty_state_replaces_the_figure_with_a_message(name, lang):
    config.set_language(lang)
    explorer = getattr(L, name)()
    drive, key, restore = EMPTY[name]
    assert any(isinstance(w, go.FigureWidget) for w in _shown(explorer))
    drive(explorer)
    message = key(explorer, lang) if callable(key) else t(key, lang)
    shown = list(_shown(explorer))
    assert not [w for w in shown if isinstance(w, go.FigureWidget)], "a stale figure stays below the message"
    assert explorer.empty_note in shown and html.escape(message) in explorer.empty_note.value
    assert explorer.alert.value == ""
    restore(explorer)  # a choice with rows brings the figures back, and the message goes
    shown = list(_shown(explorer))
    assert all(figure in shown for figure in explorer.figures.values())
    assert html.escape(message) not in " ".join(
        getattr(w, "value", "") or "" for w in shown if isinstance(w, widgets.HTML)
    )


@pytest.mark.parametrize("name", sorted(n for n in EXPLORERS if n != "setup_check"))
def test_one_change_sends_one_drawing_message_per_figure(name):
    """Everything a change draws goes to the browser as one update per figure (one redraw)."""
    config.set_language("en")
    explorer = getattr(L, name)()
    sent = {key: 0 for key in explorer.figures}
    for key, figure in explorer.figures.items():
        for method in ("_send_restyle_msg", "_send_relayout_msg", "_send_update_msg", "_send_animate_msg"):
            original = getattr(figure, method)

            def counted(*args, _key=key, _original=original, **kwargs):
                sent[_key] += 1
                return _original(*args, **kwargs)

            setattr(figure, method, counted)
    for control in _controls(explorer)[:3]:
        before = dict(sent)
        _poke(control)
        assert all(sent[k] - before[k] <= 1 for k in sent), (name, type(control).__name__, sent, before)
    assert sum(sent.values()) >= 1  # the changes were drawn


def test_setup_makes_the_course_template_plotlys_default():
    import plotly.express as px
    import plotly.io as pio

    before = pio.templates.default
    try:
        L.setup("en")
        assert pio.templates.default == "lessons"
        fig = px.bar(x=[1, 2], y=[3, 4])  # a student's own figure looks like the course's
        assert fig.layout.template.layout.plot_bgcolor == "#fafafa"
        assert fig.layout.template.layout.geo.fitbounds is False
    finally:
        pio.templates.default = before
