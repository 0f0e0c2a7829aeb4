"""The benchmark (bench/run.py, issue 7): its quick mode runs end to end, and the README shows
the table the last full run wrote. The targets themselves are never asserted here."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from lessons.core import registry

from conftest import LANGS, REPO, notebook_names

BENCH = REPO / "bench"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_shows_the_last_benchmark_table():
    bench = _bench_module()
    results = json.loads((BENCH / "results" / "latest.json").read_text(encoding="utf-8"))
    table = bench.markdown(results)  # rebuilt from the numbers, so nobody types the table by hand
    assert (BENCH / "results" / "latest.md").read_text(encoding="utf-8") == table
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    inside = readme.split(bench.README_START, 1)[1].split(bench.README_END, 1)[0]
    assert inside.strip() == table.strip()
    assert results["mode"] == "full" and {s["target"] for s in results["summary"]} == set(bench.TARGETS)
    for row in results["summary"]:  # each "met" follows from its number and its limit
        assert row["met"] == (row["value"] <= row["limit"])


def test_bench_finds_every_widget_and_control():
    sys.path.insert(0, str(BENCH))
    import kernel_widgets as K

    import lessons as L

    assert set(K.WIDGETS) >= set(registry.explorers())
    w = L.trade_explorer()
    controls = [c for c in K.walk(w) if isinstance(c, K.CONTROLS)]
    assert len(controls) == 3
    year = controls[2]
    assert year.value not in K.candidates(year) and set(K.candidates(year)) < set(year.options)
    result = K.measure_one("agreement_explorer", 6)
    assert result["changes"] == 6 and result["figure_changed"] >= 1 and not result["errors"]


@pytest.mark.parametrize(
    "xs",
    [
        [5.0],
        [1.0, 2.0],
        [3.0, 1.0, 2.0],
        [float(x) for x in range(20)],
        [100.0] * 19 + [900.0],
        [12.5, 80.1, 33.3, 47.0, 250.0, 61.2, 19.9],
    ],
)
def test_p95_is_numpys_percentile(xs):
    import numpy as np

    bench = _bench_module()
    assert bench.percentile(xs, 0.95) == pytest.approx(float(np.percentile(xs, 95)))
    assert min(xs) <= bench.percentile(xs, 0.5) <= bench.percentile(xs, 0.95) <= max(xs)


@pytest.mark.parametrize(
    "median, p95, met_median, met_p95",
    [
        (120.0, 280.0, True, True),
        (120.0, 320.0, True, False),
        (160.0, 200.0, False, True),
        (400.0, 900.0, False, False),
    ],
)
def test_the_browser_p95_is_a_target_beside_the_median(median, p95, met_median, met_p95):
    bench = _bench_module()
    browser = [
        {"lesson": "04", "widget": "sanctions_explorer", "median_ms": median, "p95_ms": p95, "redrawn": 20},
        {"lesson": "05", "widget": "trade_explorer", "median_ms": 50.0, "p95_ms": 90.0, "redrawn": 20},
    ]
    rows = {row["target"]: row for row in bench.summarise({"widgets_browser": browser})}
    assert rows["widget_browser_median_ms"]["met"] == met_median and rows["widget_browser_p95_ms"]["met"] == met_p95
    assert (
        rows["widget_browser_p95_ms"]["value"] == p95
        and "04 sanctions_explorer" in rows["widget_browser_p95_ms"]["where"]
    )


@pytest.mark.browser
@pytest.mark.slow
def test_quick_benchmark_runs_end_to_end(tmp_path):
    env = dict(os.environ, LESSONS_PROGRESS_DIR=str(tmp_path / "progress"))
    run = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--out", str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=2400,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    r = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    bench = _bench_module()
    assert r["mode"] == "quick" and r["problems"] == []
    assert {s["target"] for s in r["summary"]} == set(bench.TARGETS)
    assert all(isinstance(s["value"], (int, float)) and s["value"] > 0 for s in r["summary"])
    expected = {"empty"} | {f"{lang}/{name[:-6]}" for lang in LANGS for name in notebook_names()}
    rows = {x["notebook"]: x for x in r["notebooks"]["rows"]}
    assert set(rows) == expected
    assert all(x["median_s"] > 0 and x["rss_mb"] and x["executed_bytes"] > 0 for x in rows.values())
    assert r["notebooks"]["course_parallel_wall_s"] > 0
    assert len(r["widgets_kernel"]) == 2 * len(registry.explorers()) and all(
        w["changes"] == 8 for w in r["widgets_kernel"]
    )
    assert [w["lesson"] for w in r["widgets_browser"]] == registry.ids()
    assert all(
        w["median_ms"] is not None and w["redrawn"] >= 1 and w["p95_ms"] >= w["median_ms"] for w in r["widgets_browser"]
    )
    assert len(r["handouts"]["bytes"]) == 2 * len(registry.ids())
    assert "| Target |" in (tmp_path / "latest.md").read_text(encoding="utf-8")
