"""What the speed-ups (issue 7) must not change: the same figures, the same data checks.

Nothing here is timed (bench/run.py measures); these tests pin the behaviour of the faster code
against the plain definitions it replaced.
"""

from __future__ import annotations

import html
import itertools
import json
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

import lessons as L
from lessons.core import data
from lessons.core.errors import DataError
from lessons.core.text import t
from lessons.topics import timeline, transfers, votes
from lessons.topics.trade import corridor
from lessons.viz import maps

from conftest import REPO


def test_iri_grammars_load_only_when_an_iri_is_checked():
    """Showing a figure no longer compiles rfc3987_syntax's grammars; validating an IRI still works."""
    code = """
import sys, json
import lessons as L
L.setup("en")
import plotly.io as pio, plotly.graph_objects as go
pio.renderers._build_mime_bundle(go.Figure(go.Bar(y=[1])).to_dict())
before = "lark" in sys.modules
from jsonschema import FormatChecker
fc = FormatChecker()
checks = [fc.conforms("http://example.org/a", "iri"), fc.conforms("http://exa mple.org/", "iri"),
          fc.conforms("a/b", "iri-reference"), fc.conforms("not an iri", "iri")]
print(json.dumps({"lark_before": before, "checks": checks, "lark_after": "lark" in sys.modules}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"lark_before": False, "checks": [True, False, True, False], "lark_after": True}


def test_agreement_matrix_equals_each_pair():
    v, res = L.load("un_votes"), L.load("un_resolutions")
    countries = sorted(set(v["iso3"]))[:12] + ["XXX"]  # one country without any vote
    for chosen in (None, list(res["id"][:4]), [], list(res.loc[res["category"] == "ukraine", "id"])):
        share, count = votes.agreement_matrix(v, countries, chosen)
        for a, b in itertools.product(countries, countries):
            s, n = votes.agreement(v, a, b, chosen)
            assert count.loc[a, b] == n, (a, b, chosen)
            assert (np.isnan(s) and np.isnan(share.loc[a, b])) or share.loc[a, b] == pytest.approx(s), (a, b, chosen)


def test_agreement_matrix_on_a_hand_made_frame():
    v = pd.DataFrame(
        {
            "resolution_id": ["r1", "r1", "r1", "r2", "r2", "r3", "r3"],
            "iso3": ["A", "B", "C", "A", "B", "A", "C"],
            "vote": ["yes", "yes", "no", "abstain", "absent", "no", "no"],
        }
    )
    share, count = votes.agreement_matrix(v, ["A", "B", "C"])
    assert count.loc["A", "B"] == 1 and share.loc["A", "B"] == 1.0  # r2: B absent, not counted
    assert count.loc["A", "C"] == 2 and share.loc["A", "C"] == 0.5
    assert count.loc["B", "B"] == 1 and share.loc["A", "A"] == 1.0


def test_corridor_rows_for_some_routes_are_the_same_either_way():
    c = L.load("corridor")
    every = corridor.segments(c)
    for k in range(len(corridor.ROUTES) + 1):
        for routes in itertools.combinations(corridor.ROUTES, k):
            pd.testing.assert_frame_equal(
                corridor._on_routes(every, list(routes)), corridor.segments(c, list(routes)), check_dtype=bool(routes)
            )  # no route: both empty, dtypes may differ


def _figure_state(fig) -> dict:
    state = json.loads(json.dumps(fig.to_plotly_json(), default=str))
    for trace in state["data"]:
        trace.pop("uid", None)  # a FigureWidget names its traces at random
    return state


def test_big_picture_update_equals_a_fresh_map():
    w = L.big_picture_explorer()
    for org, target, line in (("nato", "IRN", False), ("-", "RUS", True), ("brics", "-", True), ("sco", "RUS", True)):
        w.org.value, w.target.value, w.corridor_on.value = org, target, line
        fresh = _figure_state(w._figure())
        now = _figure_state(w.map)
        for a, b in zip(now["data"], fresh["data"]):
            for key in ("locations", "z", "text", "name", "visible"):
                assert a.get(key) == b.get(key), (org, target, line, key)
        assert now["layout"]["title"]["text"] == fresh["layout"]["title"]["text"]
        assert now["layout"]["meta"] == fresh["layout"]["meta"]


def test_evidence_update_equals_a_fresh_matrix():
    w = L.evidence_explorer()
    claims, all_items = w.claims, w.transfers
    for category, status in itertools.product(
        [transfers.ALL] + sorted(set(all_items["category"]))[:2], ["*", "confirmed", "alleged"]
    ):
        w.category.value, w.status.value = category, status
        shown = transfers.filter_transfers(all_items, category, status)
        fresh = _figure_state(transfers.evidence_matrix(shown, claims, w.names, "en"))
        now = _figure_state(w.matrix)
        assert [(t["x"], t["y"], t["text"]) for t in now["data"]] == [
            (t["x"], t["y"], t["text"]) for t in fresh["data"]
        ]
        for axis in ("xaxis", "yaxis"):
            for key in ("tickvals", "ticktext", "range"):
                assert now["layout"][axis].get(key) == fresh["layout"][axis].get(key), (category, status, axis, key)
        assert now["layout"]["xaxis"]["minor"]["tickvals"] == fresh["layout"]["xaxis"]["minor"]["tickvals"]
        assert now["layout"]["height"] == fresh["layout"]["height"]


def test_timeline_labels_computed_once_are_the_plain_ones():
    events = L.load("events")
    for lang in ("vi", "en"):
        labelled = timeline.timeline_traces(timeline.with_labels(events, lang), lang)
        for category, trace in zip(timeline.CATEGORIES, labelled):
            rows = events[events["category"] == category]
            assert trace["text"] == [
                f"<b>{html.escape(r[f'title_{lang}'])}</b><br>"
                f"{timeline._when(r, lang)} · {t('status.' + r['status'], lang)}"
                for _, r in rows.iterrows()
            ]
            assert trace["ids"] == list(rows["id"])


def test_trade_ranking_is_the_same_after_going_back_and_forth():
    w = L.trade_explorer()
    first = _figure_state(w.ranking)
    w.reporter.value = "RUS"
    w.reporter.value = "IRN"
    assert _figure_state(w.ranking)["data"] == first["data"]
    fresh = L.trade_explorer()
    assert _figure_state(fresh.ranking)["data"] == first["data"]


def test_only_maps_carry_the_geometry():
    import plotly.io as pio

    L.setup("en")
    chart, world = L.trade_chart(), L.check_map()
    renderer = pio.renderers["plotly_mimetype"]
    chart_bundle = renderer.to_mimebundle(chart.to_dict())["application/vnd.plotly.v1+json"]
    map_bundle = renderer.to_mimebundle(world.to_dict())["application/vnd.plotly.v1+json"]
    assert "topojsonURL" not in chart_bundle["config"] and chart_bundle["config"]["displaylogo"] is False
    assert map_bundle["config"]["topojsonURL"] == maps.topojson_url()
    assert "topojsonURL" in L.corridor_explorer().map._config
    assert "topojsonURL" not in L.evidence_explorer().matrix._config
    assert maps.needs_geometry({"data": [], "layout": {"geo2": {}}}) and not maps.needs_geometry(
        {"data": [{"type": "bar"}]}
    )


def test_country_names_cannot_be_changed_by_a_caller():
    from lessons.core.countries import country_names

    names = country_names("en")
    names["IRN"] = "changed"
    assert country_names("en")["IRN"] != "changed"


def test_an_edit_after_loading_is_seen(tmp_path, monkeypatch):
    """load() remembers the last check per file; an edit made after it (same size even) is validated again."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    monkeypatch.setenv("LESSONS_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert len(data.load("claims")) > 0
    path = folder / "claims.csv"
    text = path.read_text(encoding="utf-8")
    time.sleep(0.05)
    path.write_text(text.replace(",confirmed,", ",confirmeD,", 1), encoding="utf-8")  # same size
    with pytest.raises(DataError) as err:
        data.load("claims")
    assert "claims.csv" in str(err.value) and "status" in str(err.value)


def _turnover_reference(trade: pd.DataFrame) -> pd.DataFrame:
    """turnover() as first written (a loop over year and source), kept to check the faster one."""
    from lessons.topics.trade import bilateral

    rows = bilateral(trade)
    rows = rows[rows["months"] == 12]
    out = []
    for (year, source), group in rows.groupby(["year", "source_id"]):
        totals = group[(group["direction"] == "total") & group["value_usd_bn"].notna()]
        if len(totals):
            r = totals.iloc[0]
            out.append(
                dict(
                    year=int(year),
                    source_id=source,
                    basis=r["basis"],
                    reporter=r["reporter"],
                    value_usd_bn=float(r["value_usd_bn"]),
                    note_vi=r["note_vi"],
                    note_en=r["note_en"],
                    summed=False,
                )
            )
            continue
        parts = group[group["direction"] != "total"].dropna(subset=["value_usd_bn"]).drop_duplicates("direction")
        if set(parts["direction"]) == {"RUS→IRN", "IRN→RUS"}:
            r = parts.iloc[0]
            out.append(
                dict(
                    year=int(year),
                    source_id=source,
                    basis=r["basis"],
                    reporter=r["reporter"],
                    value_usd_bn=float(parts["value_usd_bn"].sum()),
                    note_vi=r["note_vi"],
                    note_en=r["note_en"],
                    summed=True,
                )
            )
    columns = ["year", "source_id", "basis", "reporter", "value_usd_bn", "note_vi", "note_en", "summed"]
    return pd.DataFrame(out, columns=columns).sort_values(["year", "basis"]).reset_index(drop=True)


def test_turnover_equals_the_loop_it_replaced():
    from lessons.topics.trade import turnover

    trade = L.load("trade")
    pd.testing.assert_frame_equal(turnover(trade), _turnover_reference(trade), check_dtype=False)
    for seed in range(40):  # some rows gone, some values missing, some part-year figures
        sample = trade.sample(frac=0.3 + 0.7 * ((seed * 37) % 100) / 100, random_state=seed).copy()
        if seed % 3 == 0:
            sample.loc[sample.sample(frac=0.2, random_state=seed).index, "value_usd_bn"] = pd.NA
        if seed % 4 == 0:
            sample.loc[sample.sample(frac=0.2, random_state=seed + 1).index, "months"] = 6
        pd.testing.assert_frame_equal(turnover(sample), _turnover_reference(sample), check_dtype=False)
    assert turnover(trade.iloc[0:0]).empty
