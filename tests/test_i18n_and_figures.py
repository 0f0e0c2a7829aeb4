"""Strings exist in both languages, and every figure speaks the language it is asked for."""

from __future__ import annotations

import string
import unicodedata

import plotly.graph_objects as go
import pytest

import lessons as L
from lessons.core import config, text
from lessons.viz import maps
from lessons.viz.palettes import STATUS_ORDER


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def test_both_languages_have_the_same_keys_and_placeholders():
    vi, en = text.strings("vi"), text.strings("en")
    assert set(vi) == set(en)
    for key in vi:
        assert _fields(vi[key]) == _fields(en[key]), key


def test_vietnamese_strings_are_nfc_and_use_standard_terms():
    vi = text.strings("vi")
    for key, value in vi.items():
        assert unicodedata.normalize("NFC", value) == value, key
    joined = " ".join(vi.values())
    assert "hỏa tiễn" not in joined and "phi cơ" not in joined  # the course uses the standard terms


def test_figure_titles_and_legends_follow_the_language():
    for lang in ("vi", "en"):
        config.set_language(lang)
        fig = L.course_map()
        assert fig.layout.title.text == text.t("map.course_title", lang)
        names = {trace.name for trace in fig.data}
        assert text.t("map.lesson", lang, n="01") in names
        chart = L.claims_chart()
        assert {trace.name for trace in chart.data if trace.name and trace.legend != "legend2"} == {
            text.t(f"status.{s}", lang)
            for s in STATUS_ORDER  # every status in data/statuses.csv
        }
        # the second legend names the kinds (the marks' shapes)
        assert {trace.name for trace in chart.data if trace.legend == "legend2"} == {
            text.t(f"kind.{k}", lang) for k in ("statement", "accusation", "analysis", "plan")
        }
        assert chart.layout.xaxis.title.text == text.t("claims.axis_order", lang)
        hover = " ".join(" ".join(trace.customdata) for trace in chart.data if trace.customdata is not None)
        assert text.t("kind.accusation", lang) in hover


def test_vietnamese_map_uses_vietnamese_country_names():
    config.set_language("vi")
    fig = L.article_map()
    choropleth = [t for t in fig.data if isinstance(t, go.Choropleth)][0]
    assert "Hoa Kỳ" in choropleth.text and "Nga" in choropleth.text
    hovers = " ".join(" ".join(t.customdata) for t in fig.data if isinstance(t, go.Scattergeo))
    assert "Thủ đô Turkmenistan" in hovers


def test_article_map_shows_only_places_the_article_names():
    config.set_language("en")
    fig = L.article_map()
    places = [t for t in fig.data if isinstance(t, go.Scattergeo) and not str(t.meta).startswith("archipelagos")]
    shown = {name for t in places for name in t.text}
    assert "Ashgabat" in shown and "London" not in shown and "Vienna" not in shown


def test_geometry_is_a_data_url_with_iso3_countries():
    url = maps.topojson_url()
    assert url.startswith("data:application/json,") and url.endswith("#")
    assert {"IRN", "RUS", "TKM", "VNM", "UKR", "ISR", "USA", "SYR"} <= maps.map_country_ids()
    assert "http" not in url.split(",", 1)[1][:1000]


def test_setup_configures_every_renderer_with_the_shipped_geometry(monkeypatch):
    import plotly.io as pio

    monkeypatch.delenv("LESSONS_HTML_EXPORT", raising=False)
    info = L.setup("vi")
    assert info.lang == "vi" and "2026" in info._repr_html_()
    assert pio.renderers.default == "plotly_mimetype"
    bundle = pio.renderers._build_mime_bundle(L.check_map().to_dict(), renderers_string=None)
    assert bundle["application/vnd.plotly.v1+json"]["config"]["topojsonURL"] == maps.topojson_url()
    monkeypatch.setenv("LESSONS_HTML_EXPORT", "1")
    L.setup("vi")
    assert pio.renderers.default == "plotly_mimetype+notebook"
    L.setup("en")


def test_language_comes_from_the_notebook_folder(tmp_path, monkeypatch):
    (tmp_path / "notebooks" / "en").mkdir(parents=True)
    assert config.infer_language(tmp_path / "notebooks" / "en") == "en"
    assert config.infer_language(tmp_path) is None
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "notebooks" / "vi" / "01.ipynb"))
    assert config.infer_language(tmp_path) == "vi"


def test_unknown_language_is_refused_clearly():
    with pytest.raises(ValueError, match="vi, en"):
        L.setup("fr")
