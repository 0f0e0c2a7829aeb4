"""Every figure's text, measured where a student reads it: drawn by the course's plotly.js in Chromium at
the width the notebook gives it, no two labels overlap and no label is cut by the figure's edge (or by the
edge of the map or plot area that clips it).

Each figure function of every lesson (`registry.figures()`) in both languages, at the notebook's width and
at a narrower one, and every explorer
(`registry.explorers()`) after one control is changed (STATES), is drawn in ONE page, one after the
other. For each, every `<text>` of its SVG (titles, axis ticks, legend, annotations, map labels,
colour-bar) is measured as the quadrilateral it covers on screen (rotated tick labels stay rotated):

- (a) overlap: two visible labels whose shapes overlap by more than TOLERANCE pixels in every direction
  (a label's own lines are one label);
- (b) cut: a label whose shape reaches beyond the figure (its SVG) or beyond a clip region plotly puts
  around it (a map's frame, a legend's scroll box). A label wholly outside its clip region is hidden,
  not cut (a city outside the map's view), and is skipped.

Then what the label measure cannot see, each fault seen once (issue 19): the claims chart's shapes named
in a legend, its axes kept when a filter keeps nothing (drawn and read back), the sanctions timeline's
bars never on top of each other, the organisation menu naming BRICS once, lesson 05 not calling its
stacked charts left and right.

A screenshot of each figure goes to artifacts/screenshots/figures/<case>.png (and an index.html) for
a person to look at.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import sys

import nbformat
import plotly.graph_objects as go
import pytest

import lessons as L
from lessons.core import config, registry
from lessons.core.data import load
from lessons.core.text import t
from lessons.topics.claims import figures as claims_figures
from lessons.viz import maps, plotlyjs
from lessons.viz.palettes import KIND_SYMBOLS, STATUS_ORDER

from conftest import ARTIFACTS, LANGS, REPO, chromium_path
from support.browser import Offline

sys.path.insert(0, str(REPO / "bench"))
import kernel_widgets as K  # noqa: E402  the benchmark's walk over a widget's controls

SHOTS = ARTIFACTS / "screenshots" / "figures"
TOLERANCE = 2.0  # px: boxes that touch (a glyph's padding) are not an overlap
OUTPUT_WIDTH = 968  # px: a notebook output's width in JupyterLab at 1400 px (tests/test_browser.py's window)
WIDGET_WIDTH = 700  # px: plotly's FigureWidget draws at its default width when the layout gives none
NARROW_WIDTH = 700  # px: a figure function's figure drawn again in a narrower notebook (a laptop, a side panel)

# One changed state per explorer: (index of the control among the explorer's controls, in the order they
# appear; the value set). Chosen where labels crowd: a filter that leaves few columns, the target with
# the most measures, the country with the longest partner names.
STATES = {
    "setup_check": None,  # draws no figure (a slider and a text)
    "claims_explorer": (2, "confirmed"),
    "timeline_explorer": (7, (1990, 2026)),
    "membership_explorer": (0, "sco"),
    "relations_explorer": (4, "IRN"),
    "sanctions_explorer": (0, "RUS"),
    "trade_explorer": (0, "RUS"),
    "corridor_explorer": (1, False),
    "evidence_explorer": (1, "alleged"),
    "vote_map_explorer": (0, "r68_262"),
    # twelve members (the cap) with the longest names: the heatmap's axis labels must not run into each other
    "agreement_explorer": (
        0,
        ("VCT", "KNA", "COD", "CAF", "BIH", "TTO", "ATG", "STP", "PNG", "MHL", "IRN", "VNM"),
    ),
    "compare_explorer": (1, "VCT"),  # the longest name against Iran: the title on two lines
    "big_picture_explorer": (1, "IRN"),
}

# Every text of a plotly figure's SVG (not the hover layer): its words, its quadrilateral on screen
# (getBBox through getScreenCTM, so a rotated label stays rotated), the rectangles that clip it, and where
# it sits (class path), all relative to the figure's top-left corner.
MEASURE_JS = """(plot) => {
  const svg = plot.querySelector('svg.main-svg'), box = svg.getBoundingClientRect();
  const at = (p) => [p.x - box.left, p.y - box.top];
  const quad = (el, r) => {
    const m = el.getScreenCTM(), pt = svg.createSVGPoint();
    return [[r.x, r.y], [r.x + r.width, r.y], [r.x + r.width, r.y + r.height], [r.x, r.y + r.height]].map(([x, y]) => {
      pt.x = x; pt.y = y; return at(pt.matrixTransform(m));
    });
  };
  const clips = (el) => {
    const out = [];
    for (let a = el; a && a !== plot; a = a.parentElement) {
      const ref = a.getAttribute && a.getAttribute('clip-path');
      const id = ref && (ref.match(/url\\(["']?#([^"')]+)["']?\\)/) || [])[1];
      const cp = id && document.getElementById(id);
      if (!cp) continue;
      for (const shape of cp.querySelectorAll('rect, path')) {
        const r = shape.getBBox();
        if (r.width > 0 && r.height > 0) out.push(quad(a, r));
      }
    }
    return out;
  };
  const where = (el) => {
    const names = [];
    for (let a = el.parentElement; a && a !== plot; a = a.parentElement) {
      const c = a.getAttribute && a.getAttribute('class');
      if (c) names.push(c.split(' ')[0]);
    }
    return names.reverse().slice(-3).join('>');
  };
  const texts = [];
  for (const el of plot.querySelectorAll('svg.main-svg text')) {
    if (el.closest('.hoverlayer')) continue;
    const words = (el.textContent || '').replace(/\\s+/g, ' ').trim();
    if (!words) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const style = getComputedStyle(el);
    if (parseFloat(style.fontSize) === 0 || parseFloat(style.fillOpacity) === 0) continue;
    const r = el.getBBox();
    if (r.width < 0.5 || r.height < 0.5) continue;
    texts.push({text: words, quad: quad(el, r), clips: clips(el), where: where(el)});
  }
  return {width: box.width, height: box.height, texts};
}"""


# --- geometry: convex quadrilaterals -----------------------------------------------------------------
def _axes(quad):
    for (x1, y1), (x2, y2) in zip(quad, quad[1:] + quad[:1]):
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        if length > 1e-9:
            yield -dy / length, dx / length


def _project(quad, axis):
    values = [x * axis[0] + y * axis[1] for x, y in quad]
    return min(values), max(values)


def overlap_depth(a, b) -> float:
    """How far two convex quadrilaterals overlap (px, the smallest push that parts them; ≤ 0 when apart)."""
    depth = float("inf")
    for axis in itertools.chain(_axes(a), _axes(b)):
        (a0, a1), (b0, b1) = _project(a, axis), _project(b, axis)
        depth = min(depth, min(a1, b1) - max(a0, b0))
    return depth


def outside_by(quad, region) -> float:
    """How far (px) `quad` reaches beyond the convex `region` (≤ 0 when inside)."""
    worst = float("-inf")
    for axis in _axes(region):
        (q0, q1), (r0, r1) = _project(quad, axis), _project(region, axis)
        worst = max(worst, q1 - r1, r0 - q0)
    return worst


def _rect(width, height):
    return [[0, 0], [width, 0], [width, height], [0, height]]


def _box(quad) -> str:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return f"[x {min(xs):.0f}–{max(xs):.0f}, y {min(ys):.0f}–{max(ys):.0f}]"


def findings(measured: dict) -> list[str]:
    """Every overlapping pair and every cut label of one measured figure, as sentences."""
    shown, problems = [], []
    edge = _rect(measured["width"], measured["height"])
    for item in measured["texts"]:
        if any(overlap_depth(item["quad"], clip) <= 0 for clip in item["clips"]):
            continue  # wholly outside what clips it: hidden, not cut
        shown.append(item)
        for region in [edge, *item["clips"]]:
            if outside_by(item["quad"], region) > TOLERANCE:
                problems.append(f"cut: {item['text']!r} {_box(item['quad'])} reaches beyond {_box(region)}")
                break
    for a, b in itertools.combinations(shown, 2):
        if overlap_depth(a["quad"], b["quad"]) > TOLERANCE:
            problems.append(f"overlap: {a['text']!r} {_box(a['quad'])} and {b['text']!r} {_box(b['quad'])}")
    return problems


# --- the geometry itself is checked, so that the browser check cannot pass by measuring wrong ----------
@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        (_rect(10, 10), [[20, 0], [30, 0], [30, 10], [20, 10]], True),  # side by side
        (_rect(10, 10), [[9, 0], [19, 0], [19, 10], [9, 10]], True),  # touching by 1 px: within tolerance
        (_rect(10, 10), [[5, 5], [15, 5], [15, 15], [5, 15]], False),  # a corner inside the other
        (_rect(20, 4), [[8, -10], [12, -10], [12, 10], [8, 10]], False),  # a cross: no corner inside either
        # two 45° rotated labels one after the other along a diagonal axis: their upright boxes would overlap
        ([[0, 10], [10, 0], [12, 2], [2, 12]], [[6, 16], [16, 6], [18, 8], [8, 18]], True),
    ],
    ids=["apart", "touching", "corner", "cross", "rotated-apart"],
)
def test_the_overlap_measure(a, b, apart):
    assert (overlap_depth(a, b) <= TOLERANCE) == apart


MAP_FRAME = [[0, 15], [100, 15], [100, 90], [0, 90]]


@pytest.mark.parametrize(
    ("quad", "clips", "expected"),
    [
        (_rect(50, 10), [], 0),
        ([[-8, 0], [40, 0], [40, 10], [-8, 10]], [], 1),  # beyond the figure's left edge
        ([[10, 10], [40, 10], [40, 20], [10, 20]], [MAP_FRAME], 1),  # cut by a map's frame
        ([[10, 0], [40, 0], [40, 10], [10, 10]], [MAP_FRAME], 0),  # wholly outside the frame: hidden, not cut
    ],
    ids=["inside", "left-edge", "clipped-half", "clipped-whole"],
)
def test_the_cut_measure(quad, clips, expected):
    measured = {"width": 100, "height": 100, "texts": [{"text": "Moskva", "quad": quad, "clips": clips, "where": ""}]}
    assert len(findings(measured)) == expected


# --- the figures ---------------------------------------------------------------------------------------
def _control(explorer, index):
    return [c for c in K.walk(explorer) if isinstance(c, K.CONTROLS)][index]


def _figures_of(obj) -> list[go.Figure]:
    if isinstance(obj, go.Figure | go.FigureWidget):
        return [obj]
    return [part for part in K.walk(obj) if isinstance(part, go.FigureWidget)]


def build(kind: str, name: str, lang: str, output_width: int = OUTPUT_WIDTH) -> list[tuple[str, dict, dict, int]]:
    """(suffix, figure as JSON, config, width) for what `name` draws in `lang` (an explorer: after STATES); a
    figure that fills the notebook's width is drawn `output_width` wide."""
    config.set_language(lang)
    result = getattr(L, name)()
    if kind == "explorer":
        index, value = STATES[name]
        _control(result, index).value = value
        shown = {} if result.empty else dict(result.figures)
    else:
        shown = {str(i): fig for i, fig in enumerate(_figures_of(result))}
    out = []
    for key, fig in shown.items():
        spec = json.loads(fig.to_json())
        geo = maps.needs_geometry(spec)
        layout = spec.get("layout", {})
        width = layout.get("width") or (WIDGET_WIDTH if isinstance(fig, go.FigureWidget) else output_width)
        out.append((key, spec, maps.plotly_config(geo=geo), width))
    return out


CASES = [
    pytest.param(
        "figure", name, lang, width, id=f"{lang}-{lesson}-{name}" + ("" if width == OUTPUT_WIDTH else f"-{width}")
    )
    for lesson, name in registry.figures()
    for lang in LANGS
    for width in (OUTPUT_WIDTH, NARROW_WIDTH)
] + [
    pytest.param("explorer", name, lang, OUTPUT_WIDTH, id=f"{lang}-{lesson}-{name}")
    for lesson, name in registry.explorers()
    if STATES.get(name)
    for lang in LANGS
]


def test_every_explorer_has_a_state():
    assert set(STATES) == {name for _, name in registry.explorers()}
    for name, state in STATES.items():
        if state is None:  # an explorer with no state drawn here must draw no figure
            assert _figures_of(getattr(L, name)()) == [], name


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = chromium_path()
    if path is None:
        pytest.fail("Chromium is required here (CI=true); install Debian's chromium")
    folder = tmp_path_factory.mktemp("labels")
    (folder / "plotly.js").write_text(plotlyjs.plotly_js(), encoding="utf-8")
    (folder / "page.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><script src='plotly.js'></script>"
        "<style>body{margin:0;background:white}#plot{display:inline-block}</style></head>"
        "<body><div id='plot'></div></body></html>",
        encoding="utf-8",
    )
    browser = Offline(path)
    pg = browser.page(1400, 1000)
    pg.goto((folder / "page.html").as_uri())
    pg.wait_for_function("() => window.Plotly && document.fonts.status === 'loaded'")
    yield pg
    assert browser.blocked == [], browser.blocked[:5]
    browser.close()
    _write_index()


DRAW_JS = """async ([spec, config, width]) => {
  const plot = document.getElementById('plot');
  Plotly.purge(plot);
  plot.style.width = width + 'px';
  await Plotly.newPlot(plot, spec.data || [], spec.layout || {}, config);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return (MEASURE)(plot);
}""".replace("MEASURE", MEASURE_JS)


@pytest.mark.browser
@pytest.mark.parametrize(("kind", "name", "lang", "width"), CASES)
def test_no_label_overlaps_or_is_cut(page, kind, name, lang, width, request):
    drawn = build(kind, name, lang, width)
    assert drawn, f"{name} ({lang}) draws no figure"
    SHOTS.mkdir(parents=True, exist_ok=True)
    report = []
    for suffix, spec, plot_config, width in drawn:
        measured = page.evaluate(DRAW_JS, [spec, plot_config, width])
        assert measured["texts"], f"{name} ({lang}): no text measured — the page did not draw it"
        case = request.node.callspec.id + ("" if len(drawn) == 1 else f"-{suffix}")
        page.locator("#plot").screenshot(path=str(SHOTS / f"{case}.png"))
        report += [f"{case}: {p}" for p in findings(measured)]
    assert not report, "\n".join(report)


def _write_index() -> None:
    rows = "".join(
        f"<figure><figcaption>{html.escape(p.stem)}</figcaption><img src='{p.name}' loading='lazy'></figure>"
        for p in sorted(SHOTS.glob("*.png"))
    )
    (SHOTS / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>Figures</title>"
        "<style>img{max-width:100%;border:1px solid #ccc}figure{margin:0 0 24px}</style>" + rows,
        encoding="utf-8",
    )


# --- what the label measure cannot see --------------------------------------------------------------------
def _claims_empty(lang: str):
    """The claims chart as the explorer draws it when a filter keeps no claim (all speakers, all orders)."""
    claims = load("claims")
    speakers = list(dict.fromkeys(claims.sort_values("order")[f"speaker_{lang}"]))
    fig = claims_figures.claims_chart(claims.iloc[0:0], lang, speakers=speakers, x_max=int(claims["order"].max()))
    return fig, speakers, int(claims["order"].max())


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_claims_filter_that_keeps_nothing_keeps_the_axes_and_says_so(page, lang):
    fig, speakers, last = _claims_empty(lang)
    spec = json.loads(fig.to_json())
    page.evaluate(DRAW_JS, [spec, maps.plotly_config(geo=False), WIDGET_WIDTH])
    drawn = page.evaluate(
        """() => ({y: [...document.querySelectorAll('#plot .ytick text')].map(e => e.textContent),
                  x: [...document.querySelectorAll('#plot .xtick text')].map(e => e.textContent),
                  notes: [...document.querySelectorAll('#plot .annotation-text')].map(e => e.textContent)})"""
    )
    assert sorted(drawn["y"]) == sorted(speakers)  # the speakers' rows, not 0, 1, 2 …
    assert drawn["x"] == [str(n) for n in range(1, last + 1)]  # the article's whole order, not 0–8
    assert drawn["notes"] == [t("claims.none", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_claims_chart_names_each_shape_and_each_colour(lang):
    config.set_language(lang)
    fig = L.claims_chart()
    shown = [tr for tr in fig.data if tr.showlegend is not False]
    kinds = [tr for tr in shown if tr.legend == "legend2"]
    statuses = [tr for tr in shown if tr.legend != "legend2"]
    assert [(tr.name, tr.marker.symbol) for tr in kinds] == [
        (t(f"kind.{k}", lang), symbol) for k, symbol in KIND_SYMBOLS.items()
    ]
    assert {tr.marker.color for tr in kinds} == {"#bbbbbb"}  # a shape, in no status's colour
    assert [tr.name for tr in statuses] == [t(f"status.{s}", lang) for s in STATUS_ORDER]
    assert {tr.marker.symbol for tr in statuses} == {"square"}  # a colour, in no kind's shape
    assert fig.layout.legend2.title.text == t("claims.legend_kind", lang)
    data = [tr for tr in fig.data if tr.meta in STATUS_ORDER]
    assert data and all(tr.showlegend is False and tr.legendgroup == tr.meta for tr in data)  # a click hides both


def _segments(fig):
    """(y, start, end, hover) of every bar of the sanctions timeline."""
    out = []
    for tr in fig.data:
        for i in range(0, len(tr.x), 3):
            out.append((tr.y[i], str(tr.x[i]), str(tr.x[i + 1]), tr.text[i]))
    return out


@pytest.mark.parametrize(
    ("target", "imposer"),
    [("IRN", "*"), ("RUS", "*"), ("RUS", "EU"), ("RUS", "USA")],
    ids=["iran", "russia", "russia-eu-only", "russia-us-only"],
)
def test_no_sanctions_bar_lies_on_another(target, imposer):
    config.set_language("en")
    explorer = L.sanctions_explorer()
    explorer.target.value, explorer.imposer.value = target, imposer
    bars = _segments(explorer.figures["timeline"])
    expected = load("sanctions")
    expected = expected[(expected["target"] == target) & ((expected["imposer"] == imposer) | (imposer == "*"))]
    assert len(bars) == len(expected) > 1
    for (y1, s1, e1, _), (y2, s2, e2, _) in itertools.combinations(bars, 2):
        assert y1 != y2 or e1 <= s2 or e2 <= s1, f"{s1}–{e1} and {s2}–{e2} on one lane"
    assert all(hover for *_, hover in bars)  # every bar still says what it is on hover
    # every bar lies within its imposer's row, between the lines that part that row from its neighbours
    axis = explorer.figures["timeline"].layout.yaxis
    lines = [-math.inf, *axis.minor.tickvals, math.inf]
    for y, *_, hover in bars:
        row = next(i for i in range(len(lines) - 1) if lines[i] < y < lines[i + 1])
        assert lines[row] < axis.tickvals[row] < lines[row + 1]
        assert hover.startswith(f"<b>{axis.ticktext[row]}</b>"), (y, axis.ticktext[row], hover[:60])


@pytest.mark.parametrize("lang", LANGS)
def test_the_organisation_menu_names_each_organisation_once(lang):
    config.set_language(lang)
    explorer = L.membership_explorer()
    labels = [label for label, _ in explorer.org.options]
    assert "BRICS" in labels  # short name and name are one
    for label in labels:
        parts = label.split(" · ")
        assert len(parts) == len(set(parts)), label


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_05_does_not_place_its_stacked_charts_left_and_right(lang):
    nb = nbformat.read(REPO / "notebooks" / lang / "05-trade.ipynb", as_version=4)
    prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    words = {"en": ("left chart", "right chart"), "vi": ("biểu đồ bên trái", "biểu đồ bên phải")}[lang]
    assert not any(w in prose for w in words)
    assert L.trade_explorer().frame.layout.flex_flow == "row wrap"  # side by side only when the width allows
