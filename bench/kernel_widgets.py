"""Run inside a Jupyter kernel by bench/run.py: time every widget's update after a control changes.

For each explorer the benchmark walks the widget tree, finds its controls (drop-downs, sliders,
check boxes, toggles, multi-selects) and its figures, then changes one control at a time, round
robin, `changes` times. The time is from `control.value = v` until the observers return: by then
the FigureWidget's data and layout are updated and the comm message to the browser is sent (the
kernel serialises it). Whether the figure actually changed is checked outside the timed part.
"""

from __future__ import annotations

import json
import statistics
import time

import ipywidgets as widgets
import plotly.graph_objects as go

from lessons.core import registry

# one entry per widget: the notebook call that builds it, and the lesson that shows it
WIDGETS = registry.explorers()  # (lesson, call) for every explorer the lessons declare (lessons/registry.toml)
CONTROLS = (
    widgets.Dropdown,
    widgets.SelectionSlider,
    widgets.IntSlider,
    widgets.IntRangeSlider,
    widgets.Checkbox,
    widgets.ToggleButton,
    widgets.SelectMultiple,
)


def walk(w):
    yield w
    for child in getattr(w, "children", ()):
        yield from walk(child)


def candidates(control) -> list:
    """Values `control` can take now, other than its current one (read afresh before every change:
    one control can change another's options, e.g. the trade country changes the years)."""
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [not control.value]
    if isinstance(control, widgets.IntSlider):
        span = list(range(control.min, control.max + 1, max(1, control.step)))
    elif isinstance(control, widgets.IntRangeSlider):
        lo, hi = control.min, control.max
        mid = (lo + hi) // 2
        span = [(lo, mid), (mid, hi), (lo, hi)]
    elif isinstance(control, widgets.SelectMultiple):
        everything = list(control._options_values)
        span = [tuple(v for v in everything[:6] if v != drop) for drop in everything[:6]] + [tuple(everything[:6])]
    else:
        span = list(control._options_values)
    if control.value in span:  # step forward from where it is, wrapping round
        i = span.index(control.value)
        span = span[i + 1 :] + span[:i]
    return [v for v in span if v != control.value]


def snapshot(figures) -> str:
    return json.dumps([f.to_plotly_json() for f in figures], sort_keys=True, default=str)


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def measure_one(name: str, changes: int) -> dict:
    import lessons as L

    t0 = time.perf_counter()
    w = getattr(L, name)()
    build_ms = (time.perf_counter() - t0) * 1000
    tree = list(walk(w))
    controls = [c for c in tree if isinstance(c, CONTROLS)]
    figures = [c for c in tree if isinstance(c, go.FigureWidget)]
    times, changed, errors = [], 0, []
    step = 0
    while len(times) + len(errors) < changes and step < 10 * changes and controls:
        control = controls[step % len(controls)]
        step += 1
        options = candidates(control)
        if not options:
            continue
        value = options[0]
        before = snapshot(figures) if figures else ""
        try:
            t = time.perf_counter()
            control.value = value
            times.append((time.perf_counter() - t) * 1000)
        except Exception as e:  # a control the widget refuses: record it, the run goes on
            errors.append(f"{type(control).__name__}={value!r}: {type(e).__name__}: {e}")
            continue
        if figures and snapshot(figures) != before:
            changed += 1
    return {
        "widget": name,
        "controls": len(controls),
        "figures": len(figures),
        "changes": len(times),
        "figure_changed": changed,
        "build_ms": round(build_ms, 1),
        "median_ms": round(statistics.median(times), 2) if times else None,
        "p95_ms": round(percentile(times, 0.95), 2) if times else None,
        "max_ms": round(max(times), 2) if times else None,
        "errors": errors,
    }


def measure(lang: str, changes: int) -> None:
    """Print one JSON line with every widget's figures (bench/run.py reads it from the kernel's output)."""
    import lessons as L

    L.setup(lang)
    results = []
    for lesson, name in WIDGETS:
        r = measure_one(name, changes)
        r.update(lesson=lesson, lang=lang)
        results.append(r)
    print("__BENCH__" + json.dumps(results))
