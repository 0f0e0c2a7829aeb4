"""Widgets: setting a control changes the figure's data; bad values get a clear message."""

from __future__ import annotations

import pytest
from traitlets import TraitError

import lessons as L
from lessons.core import config, text
from lessons.viz.palettes import STATUS_ORDER


@pytest.fixture()
def explorer():
    config.set_language("en")
    return L.claims_explorer()


def _points(explorer) -> int:
    """Claims drawn (the chart's other traces hold its rows and its legends, with no point to see)."""
    return sum(len(trace.x) for trace in explorer.figure.data if trace.meta in STATUS_ORDER)


def test_explorer_starts_with_every_claim(explorer):
    total = len(L.load("claims"))
    assert _points(explorer) == total
    assert f"{total} of {total}" in explorer.count.value


def test_status_dropdown_filters_chart_and_table(explorer):
    claims = L.load("claims")
    explorer.controls["status"].value = "alleged"  # as a click in the browser would
    alleged = claims[claims["status"] == "alleged"]
    assert _points(explorer) == len(alleged)
    names = {trace.meta: len(trace.x) for trace in explorer.figure.data if trace.meta in STATUS_ORDER}
    assert names == {**{s: 0 for s in STATUS_ORDER}, "alleged": len(alleged)}  # one trace per status of the table
    assert "Blinken" in explorer.table.value and "Pezeshkian" not in explorer.table.value


def test_filters_combine_and_can_be_cleared(explorer):
    claims = L.load("claims")
    explorer.set_filters(speaker="Masoud Pezeshkian", kind="plan")
    expected = claims[(claims["speaker_en"] == "Masoud Pezeshkian") & (claims["kind"] == "plan")]
    assert _points(explorer) == len(expected) == 1
    explorer.set_filters(speaker=None, kind=None)
    assert _points(explorer) == len(claims)


def test_no_match_says_so(explorer):
    explorer.set_filters(kind="accusation", status="confirmed")
    assert _points(explorer) == 0
    assert text.t("claims.none", "en") in explorer.table.value


@pytest.mark.parametrize("bad", [{"status": "rumour"}, {"kind": 3}, {"speaker": "Nobody"}, {"colour": "red"}])
def test_bad_filter_values_give_a_message_and_change_nothing(explorer, bad):
    before = _points(explorer)
    with pytest.raises(L.CourseError) as err:
        explorer.set_filters(**bad)
    assert "Choose one of" in str(err.value)
    assert _points(explorer) == before


def test_static_table_twin_matches_the_filter():
    config.set_language("vi")
    html = L.claims_table(kind="accusation").data
    assert "Blinken" in html and "Araghchi" in html and "chưa được chứng minh" in html
    with pytest.raises(L.CourseError):
        L.claims_table(status="maybe")


def test_explorer_labels_in_vietnamese():
    config.set_language("vi")
    explorer = L.claims_explorer()
    assert explorer.controls["status"].description == "Tình trạng"
    assert ("chưa được chứng minh", "alleged") in explorer.controls["status"].options
    assert explorer.figure.layout.title.text == "Các nhận định trong bài báo"
    assert "topojsonURL" not in explorer.figure._config  # a chart: no map geometry to carry
    assert L.membership_explorer().figure._config["topojsonURL"].startswith("data:")


def test_setup_check_slider_answers_back():
    check = L.setup_check()
    check.slider.value = 7
    assert "7" in check.echo.value
    with pytest.raises(TraitError):
        check.slider.value = "seven"
    check.slider.value = 99  # out of range: ipywidgets clamps to the maximum
    assert check.slider.value == 10 and "10" in check.echo.value
