"""Sovereignty on every map (issue 17, part 1): Viet Nam's Hoàng Sa and Trường Sa archipelagos are drawn
and labelled on every map whose view includes Biển Đông, in both editions, from sourced data; on no
other map; never in the legend; kept by every explorer's redraw; never covered by another country's
shape; and the labels show as text inside the figure in Chromium (screenshots in
artifacts/screenshots/sovereignty/)."""

from __future__ import annotations

import html
import json
import re
import sys

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import pytest

import lessons as L
from lessons.core import config, registry
from lessons.core.data import load
from lessons.core.sourcing import lesson_source_ids
from lessons.core.text import t
from lessons.viz import archipelagos as A
from lessons.viz import maps, plotlyjs
from lessons.viz.template import course_figure, geo_layout

from conftest import REPO, chromium_path
from support.browser import GEO_TEXTS_JS

sys.path.insert(0, str(REPO / "bench"))
import kernel_widgets as K  # noqa: E402  the benchmark's walk over a widget's controls and their values

LABELS = {
    "vi": ("Quần đảo Hoàng Sa (Việt Nam)", "Quần đảo Trường Sa (Việt Nam)"),
    "en": ("Hoang Sa (Paracel) Islands (Viet Nam)", "Truong Sa (Spratly) Islands (Viet Nam)"),
}
LANGS = ("vi", "en")
GEO_TYPES = ("scattergeo", "choropleth")
SHOTS = REPO / "artifacts" / "screenshots" / "sovereignty"
# Extents published by Vietnamese sources (data/sources.csv): Hoàng Sa's four extreme points
# (biendong_20130808_hoang_sa), Trường Sa 6°30'–12°N, 111°–117°20'E (tapchiqptd_20151124_truong_sa).
EXTENTS = {"hoang_sa": ((111.19, 112.90), (15.73, 17.11)), "truong_sa": ((111.0, 117.34), (6.5, 12.0))}
LAW = "vn_law_of_the_sea_2012"


def _is_map(fig) -> bool:
    return any(tr.type in GEO_TYPES for tr in fig.data)


def _map_figures() -> list[tuple[str, str]]:
    """(lesson, call) of every figure call the registry lists that draws a map."""
    config.set_language("en")
    return [(lesson, name) for lesson, name in registry.figures() if _is_map(getattr(L, name)())]


MAPS = _map_figures()


def _maps_with_the_sea() -> list[tuple[str, str]]:
    config.set_language("en")
    return [(lesson, name) for lesson, name in MAPS if A.has_layer(getattr(L, name)())]


SEA_MAPS = _maps_with_the_sea()


def _layer(fig):
    return {tr.meta: tr for tr in fig.data if tr.meta in (A.ISLANDS_KEY, A.LABELS_KEY)}


def _shown_labels(fig) -> list[str]:
    labels = _layer(fig).get(A.LABELS_KEY)
    return [] if labels is None else [s.replace("<br>", " ") for s in labels.text]


def _sea_visible(fig) -> bool:
    """Independently of the module: does the (only) geo subplot's lon/lat range include 112°E 16.5°N
    and 114°E 10°N? From the figure's own settings, else its template's, else the whole world."""
    geo = fig.layout.geo
    tpl = fig.layout.template.layout.geo
    lon = geo.lonaxis.range or tpl.lonaxis.range or (-180, 180)
    lat = geo.lataxis.range or tpl.lataxis.range or (-90, 90)
    return all(lon[0] <= x <= lon[1] and lat[0] <= y <= lat[1] for x, y in ((112, 16.5), (114, 10)))


# --- the data ------------------------------------------------------------------------------------------
def test_the_table_has_both_archipelagos_with_enough_islands_inside_their_published_extent():
    table = load("archipelagos")
    for a, ((lon0, lon1), (lat0, lat1)) in EXTENTS.items():
        rows = table[table["archipelago"] == a]
        assert (rows["kind"] == "archipelago").sum() == 1
        assert (rows["kind"] == "feature").sum() >= 8, a  # enough to read as an archipelago when zoomed
        assert rows["lon"].between(lon0, lon1).all() and rows["lat"].between(lat0, lat1).all(), a
        assert rows["name_vi"].str.match(r"^(Quần đảo|Đảo|Bãi|Đá) ").all()


def test_every_row_cites_sources_and_each_archipelago_cites_the_law_of_the_sea():
    table = load("archipelagos")
    sources = set(load("sources")["id"])
    for _, row in table.iterrows():
        ids = row["source_ids"].split(";")
        assert ids and set(ids) <= sources, row["id"]
        if row["kind"] == "archipelago":
            assert LAW in ids, row["id"]
    law = load("sources").set_index("id").loc[LAW]
    assert law["kind"] == "government" and "18/2012/QH13" in law["title"]


def _rings(topo: dict, geometry: dict) -> list[list[tuple[float, float]]]:
    """A topojson geometry's outer rings, in degrees (quantised, delta-encoded arcs)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]

    def arc(i: int) -> list[tuple[float, float]]:
        x = y = 0
        out = []
        for dx, dy in topo["arcs"][i if i >= 0 else ~i]:
            x, y = x + dx, y + dy
            out.append((x * sx + tx, y * sy + ty))
        return out if i >= 0 else out[::-1]

    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [[p for i in polygon[0] for p in arc(i)] for polygon in polygons]


def _inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def test_no_country_shape_in_the_shipped_geometry_covers_an_island():
    topo = maps.topojson()
    shapes = [g for g in topo["objects"]["countries"]["geometries"] if g["type"] in ("Polygon", "MultiPolygon")]
    covered = [
        (p["id"], g.get("id"))
        for p in A.points()
        for g in shapes
        if any(_inside((p["lon"], p["lat"]), ring) for ring in _rings(topo, g))
    ]
    assert covered == []
    # the check itself finds a point that is inside a shape (Hà Nội in Viet Nam)
    vnm = next(g for g in shapes if g.get("id") == "VNM")
    assert any(_inside((105.85, 21.03), ring) for ring in _rings(topo, vnm))


@pytest.mark.parametrize("lang", LANGS)
def test_the_labels_and_the_seas_name_are_the_issues_wording(lang):
    assert (A.label("hoang_sa", lang), A.label("truong_sa", lang)) == LABELS[lang]
    assert t("map.sea", lang).startswith("Biển Đông" if lang == "vi" else "South China Sea")
    if lang == "en":
        assert "East Sea" in t("map.sea", lang)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Quần đảo Hoàng Sa (Việt Nam)", "Quần đảo Hoàng Sa<br>(Việt Nam)"),
        ("Hoang Sa (Paracel) Islands (Viet Nam)", "Hoang Sa (Paracel)<br>Islands (Viet Nam)"),
        ("Truong Sa (Spratly) Islands (Viet Nam)", "Truong Sa (Spratly)<br>Islands (Viet Nam)"),
        ("no brackets here", "no brackets here"),
    ],
)
def test_a_label_breaks_into_two_lines_at_a_bracket_only(text, shown):
    assert A.two_lines(text) == shown


# --- every map the registry lists -----------------------------------------------------------------------
def test_the_registry_lists_the_maps_and_every_world_map_shows_the_sea():
    names = {name for _, name in MAPS}
    assert {"course_map", "check_map", "article_map", "membership_map", "sanctions_map", "corridor_map"} <= names
    assert {"vote_map", "big_picture_map"} <= names
    assert {name for _, name in SEA_MAPS} == names - {"corridor_map"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_labels_sit_east_of_their_islands_and_of_viet_nams_coast_and_apart(lang):
    topo = maps.topojson()
    vnm = next(g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == "VNM")
    coast_east = max(x for ring in _rings(topo, vnm) for x, _ in ring)
    labels = A.layer(lang)[1]
    for archipelago, x in zip(A.ARCHIPELAGOS, labels.lon):
        assert x > max(p["lon"] for p in A.points(archipelago)) + 2 and x > coast_east + 4, archipelago
    # Hoàng Sa's label grows upwards from north of its islands, Trường Sa's downwards from south of Hoàng Sa's
    assert list(labels.textposition) == ["top right", "bottom right"]
    assert labels.lat[0] > max(p["lat"] for p in A.points("hoang_sa")) > min(p["lat"] for p in A.points("hoang_sa"))
    assert labels.lat[1] < min(p["lat"] for p in A.points("hoang_sa")) - 5


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson, name", MAPS)
def test_every_map_shows_the_archipelagos_exactly_when_its_view_includes_the_sea(lesson, name, lang):
    config.set_language(lang)
    fig = getattr(L, name)()
    layer = _layer(fig)
    if not _sea_visible(fig):
        assert layer == {}, name
        return
    assert set(layer) == {A.ISLANDS_KEY, A.LABELS_KEY}, name
    assert sorted(_shown_labels(fig)) == sorted(LABELS[lang])
    assert all(not tr.showlegend for tr in layer.values())  # never in the legend
    assert layer[A.LABELS_KEY].textfont.size >= 10 and layer[A.LABELS_KEY].mode == "text"
    islands = layer[A.ISLANDS_KEY]
    assert len(islands.lon) == len(A.points(kind="feature")) >= 16
    hover = " ".join(islands.customdata) + " ".join(layer[A.LABELS_KEY].customdata)
    assert ("Biển Đông" in hover) == (lang == "vi") and ("South China Sea" in hover) == (lang == "en")
    assert all(tr.meta != A.LABELS_KEY for tr in fig.data[: -len(layer)])  # drawn last, above the map


@pytest.mark.parametrize("lesson, name", SEA_MAPS)
def test_the_lessons_sources_list_the_archipelagos_sources_when_its_maps_show_them(lesson, name):
    config.set_language("vi")
    listed = set(lesson_source_ids(int(lesson)))
    needed = {i for p in load("archipelagos")["source_ids"] for i in p.split(";")}
    assert needed <= listed, (lesson, needed - listed)
    shown = L.sources(int(lesson))._repr_html_()
    titles = load("sources").set_index("id").loc[sorted(needed), "title"]
    assert all(html.escape(title, quote=False) in shown for title in titles), lesson


@pytest.mark.parametrize(
    "geos, shown",
    [
        ({}, True),  # the template's world
        ({"lonaxis_range": [18, 88], "lataxis_range": [16, 58]}, False),  # the corridor's view
        ({"lonaxis_range": [100, 125], "lataxis_range": [0, 25]}, True),  # a regional map of Biển Đông
        ({"lonaxis_range": [113, 140], "lataxis_range": [0, 25]}, True),  # only part of the sea in view
        ({"lonaxis_range": [100, 125], "lataxis_range": [20, 40]}, False),  # north of the archipelagos
        ({"scope": "asia"}, True),
        ({"scope": "europe"}, False),
        ({"projection_scale": 6, "center": {"lon": 112, "lat": 12}}, True),  # zoomed on the sea
        ({"projection_scale": 6, "center": {"lon": 10, "lat": 50}}, False),  # zoomed on Europe
        ({"projection_rotation_lon": 150, "lonaxis_range": [150 - 40, 150 + 40]}, True),
        ({"lonaxis_range": [-190, -240 + 10]}, False),
    ],
)
def test_the_layer_is_decided_by_the_views_geometry(geos, shown):
    fig = course_figure(go.Choropleth(locations=["IRN"], z=[1], locationmode="ISO-3"))
    geo_layout(fig, "x", "vi", **geos)
    assert bool(_layer(fig)) == shown


def test_a_map_that_zooms_to_its_data_shows_the_archipelagos_when_its_data_reaches_the_sea():
    near = course_figure(go.Scattergeo(lon=[106, 121], lat=[10, 14]))
    near.update_geos(fitbounds="locations")
    far = course_figure(go.Choropleth(locations=["FRA", "DEU"], z=[1, 2], locationmode="ISO-3"))
    far.update_geos(fitbounds="locations")
    assert bool(_layer(geo_layout(near, "x", "en"))) and not _layer(geo_layout(far, "x", "en"))


def test_the_layer_is_added_once_and_on_each_geo_subplot_that_shows_the_sea():
    fig = course_figure(
        [go.Scattergeo(lon=[50], lat=[35]), go.Scattergeo(lon=[50], lat=[35], geo="geo2")],
    )
    fig.update_layout(geo2=dict(lonaxis_range=[18, 88], lataxis_range=[16, 58]))
    geo_layout(fig, "x", "vi")
    geo_layout(fig, "x", "vi")  # a second call adds nothing
    on = [(tr.geo or "geo") for tr in fig.data if tr.meta == A.LABELS_KEY]
    assert on == ["geo"]


# --- explorers: the layer survives a change of state ------------------------------------------------------
def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _explorer_maps(root) -> list[go.FigureWidget]:
    return [w for w in _walk(root) if isinstance(w, go.FigureWidget) and _is_map(w)]


def _explorers_with_maps() -> list[tuple[str, str]]:
    config.set_language("en")
    return [(lesson, name) for lesson, name in registry.explorers() if _explorer_maps(getattr(L, name)())]


EXPLORER_MAPS = _explorers_with_maps()


def _state(figs) -> list:
    return [(_shown_labels(f), list(_layer(f)[A.ISLANDS_KEY].lon) if _layer(f) else None) for f in figs]


def test_the_explorers_with_maps_are_found():
    assert {name for _, name in EXPLORER_MAPS} >= {"membership_explorer", "sanctions_explorer", "corridor_explorer"}
    assert {name for _, name in EXPLORER_MAPS} >= {"vote_map_explorer", "big_picture_explorer"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson, name", EXPLORER_MAPS)
def test_every_explorer_map_keeps_the_layer_in_its_default_and_changed_states(lesson, name, lang):
    config.set_language(lang)
    root = getattr(L, name)()
    figs = _explorer_maps(root)
    before = _state(figs)
    for fig, (labels, _) in zip(figs, before):
        assert (sorted(labels) == sorted(LABELS[lang])) == _sea_visible(fig), name
    controls = [c for c in K.walk(root) if isinstance(c, K.CONTROLS)]
    assert controls, name
    changed = 0
    for control in controls:  # each control turned once: every state it leads to keeps the layer as it was
        values = K.candidates(control)
        if values:
            control.value = values[0]
            changed += 1
            assert root.alert.value == "", (name, control.description, root.alert.value)
            assert _state(figs) == before, (name, control.description)
    assert changed >= 1
    assert all(not tr.showlegend for f in figs for tr in _layer(f).values())


# --- handouts ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["course_map", "membership_explorer", "corridor_map"])
def test_a_handouts_map_carries_both_labels_when_it_shows_the_sea(lang, name):
    from lessons.tools import handouts

    config.set_language(lang)
    built = getattr(L, name)()
    body = handouts.widget_html(built) if isinstance(built, widgets.Widget) else handouts.figure_html(built.to_dict())
    page = handouts.assemble(body)
    blocks = re.findall(r"<script type='application/json' class='lessons-figure-json'>(.*?)</script>", page, re.S)
    figs = [json.loads(block.replace("<\\/", "</")) for block in blocks]
    maps_ = [f for f in figs if any(tr.get("type") in GEO_TYPES for tr in f["data"])]
    assert maps_, name
    labels = [
        text.replace("<br>", " ")
        for f in maps_
        for tr in f["data"]
        if tr.get("meta") == A.LABELS_KEY
        for text in tr["text"]
    ]
    assert sorted(labels) == ([] if name == "corridor_map" else sorted(LABELS[lang]))


# --- in Chromium -----------------------------------------------------------------------------------------------
BOX_JS = """async ([fig, config, width]) => {
    const div = document.createElement('div'); div.style.width = width + 'px';
    document.body.innerHTML = ''; document.body.appendChild(div);
    await Plotly.newPlot(div, fig.data, fig.layout, config);
    const svg = div.querySelector('.main-svg').getBoundingClientRect();
    const texts = [...div.querySelectorAll('.scattergeo text, .textpoint text')].map(el => {
        const lines = [...el.querySelectorAll('tspan.line')].map(s => s.textContent);
        const r = el.getBoundingClientRect();
        return {text: (lines.length ? lines.join(' ') : el.textContent),
                size: parseFloat(getComputedStyle(el).fontSize), opacity: getComputedStyle(el).opacity,
                box: [r.left, r.top, r.right, r.bottom]};
    });
    const islands = [...div.querySelectorAll('.scattergeo .point')].map(p => {
        const r = p.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
    return {svg: [svg.left, svg.top, svg.right, svg.bottom], texts, islands};
}"""


def _regional_map(lang: str) -> go.Figure:
    """A map no lesson has yet: Viet Nam on a regional view of Biển Đông (the layer comes by geometry)."""
    fig = course_figure(go.Choropleth(locations=["VNM"], z=[1], locationmode="ISO-3", showscale=False))
    return geo_layout(fig, t("map.sea", lang), lang, lonaxis_range=[100, 125], lataxis_range=[0, 25])


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.browser
def test_chromium_shows_both_labels_inside_every_map_with_the_sea_in_both_languages():
    from support.browser import Offline

    SHOTS.mkdir(parents=True, exist_ok=True)
    browser = Offline(chromium_path())
    problems, shown = [], []
    try:
        page = browser.page(1000, 800)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.set_content(f"<html><body style='margin:0'><script>{plotlyjs.course_bundle()}</script></body></html>")
        for lang in LANGS:
            config.set_language(lang)
            for lesson, name in [*MAPS, ("new", "regional_map")]:
                fig = getattr(L, name)() if lesson != "new" else _regional_map(lang)
                if not _layer(fig):
                    continue
                for width in (960, 700):
                    got = page.evaluate(BOX_JS, [json.loads(fig.to_json()), maps.plotly_config(), width])
                    found = {x["text"]: x for x in got["texts"] if x["text"] in LABELS[lang]}
                    where = f"{lang} {lesson} {name} {width}px"
                    if set(found) != set(LABELS[lang]):
                        problems.append(f"{where}: labels found {sorted(found)}")
                        continue
                    svg = got["svg"]
                    boxes = [found[text]["box"] for text in LABELS[lang]]
                    for text, box in zip(LABELS[lang], boxes):
                        if not (svg[0] <= box[0] and box[2] <= svg[2] and svg[1] <= box[1] and box[3] <= svg[3]):
                            problems.append(f"{where}: {text} leaves the figure {box} {svg}")
                        if found[text]["size"] < 10:
                            problems.append(f"{where}: {text} is {found[text]['size']} px")
                        if any(_overlap(box, island) for island in got["islands"]):
                            problems.append(f"{where}: {text} covers a marker")
                    if _overlap(*boxes):
                        problems.append(f"{where}: the two labels overlap")
                    if width == 960:
                        path = SHOTS / f"{lesson}-{name}-{lang}.png"
                        page.locator("div").first.screenshot(path=str(path))
                        shown.append(path.name)
    finally:
        browser.close()
    assert errors == [] and browser.blocked == []
    assert problems == []
    assert len(shown) == 2 * (len(SEA_MAPS) + 1) >= 16


def test_no_vietnamese_text_names_the_sea_otherwise():
    """Vietnamese text says "Biển Đông", never "Biển Hoa Nam" / "Biển Nam Trung Hoa" / "South China Sea"."""
    vi_texts = [(REPO / "lessons" / "i18n" / "vi.json").read_text(encoding="utf-8")]
    vi_texts += [p.read_text(encoding="utf-8") for p in (REPO / "notebooks" / "vi").glob("*.ipynb")]
    for csv in (REPO / "data").glob("*.csv"):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        vi_texts += ["\n".join(frame[c]) for c in frame.columns if c.endswith("_vi")]
    wrong = re.compile(r"Biển (Hoa Nam|Nam Trung Hoa)|South China Sea", re.IGNORECASE)
    assert [m.group(0) for text in vi_texts for m in wrong.finditer(text)] == []


LABELS_JS = f"() => ({GEO_TEXTS_JS})(document).map(m => m.texts)"


@pytest.mark.browser
@pytest.mark.parametrize("lang, lesson", [("vi", "00"), ("en", "03")])
def test_voila_shows_both_labels_on_every_map_of_a_lesson(tmp_path, lang, lesson):
    """The student edition in Voilà (what presenter mode serves): a static map (lesson 00) and an explorer's
    FigureWidget (lesson 03) show both labels as text inside the figure, offline."""
    from test_browser import EXPECTED, _env

    from lessons.tools.editions import build
    from lessons.tools.present import lessons

    from support.browser import Offline, course_copy, server

    root = course_copy(REPO, tmp_path)
    build(root / "editions", notebooks_dir=root / "notebooks")
    name = lessons(lang)[lesson]
    browser = Offline(chromium_path())
    try:
        with server("voila", root, _env(tmp_path), target=f"editions/student/{lang}/{name}") as (base, _):
            page = browser.page(1400, 6000)
            page.goto(base + "/", wait_until="domcontentloaded")
            for cls in EXPECTED[lesson]["widgets"]:
                page.wait_for_selector(f".{cls} .js-plotly-plot, .{cls}", timeout=180_000)
            want = EXPECTED[lesson]["maps"]
            labels = json.dumps(list(LABELS[lang]), ensure_ascii=False)
            # the labels found on every map, once all the lesson's maps show both (read in the same instant)
            found = page.wait_for_function(
                f"""() => {{ const found = ({LABELS_JS})();
                    return found.length >= {want} && found.every(t => {labels}.every(l => t.includes(l)))
                        ? found : null; }}""",
                timeout=180_000,
            ).json_value()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"voila-{lesson}-{lang}.png"))
    finally:
        browser.close()
    assert len(found) >= EXPECTED[lesson]["maps"]
    assert all(set(LABELS[lang]) <= set(texts) for texts in found)
