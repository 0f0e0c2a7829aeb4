"""Benchmark of the course, in one run, on whatever machine runs it.

    python bench/run.py            # full: medians (and p95) of 3 notebook runs, 40 widget changes, 20 in the browser
    python bench/run.py --quick    # one run of each (what CI runs, so the benchmark cannot rot)

Measures: every lesson's headless execution time beside an empty notebook's; the whole course;
every widget's update time in the kernel; change → redrawn figure in Chromium for one widget
per lesson; `import lessons` beside the bare stack; the sizes of committed and executed
notebooks and of the offline handouts; each kernel's peak memory (RSS).

Writes bench/results/latest.json and bench/results/latest.md (or --out DIR); with --readme the
table also replaces the one in README.md. Targets are reported, never asserted: a slow machine
gives a slow table, not a failure. The exit status is 1 only when something broke (a notebook
raised, a widget refused a value, a figure did not redraw).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))


LANGS = ("vi", "en")
# VmHWM is this process's own peak: ru_maxrss would carry the forking parent's peak across exec
RSS_CELL = "print('__RSS__', open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"
TARGETS = {  # (limit, unit, how it is read)
    "lesson_ratio": (2.5, "×", "every lesson's execution time ÷ the empty notebook's (median over runs)"),
    "course_total_s": (45.0, "s", "whole course (18 notebooks), one after another (sum of medians)"),
    "course_parallel_s": (45.0, "s", "whole course (18 notebooks), one kernel per core at once (wall time)"),
    "widget_kernel_median_ms": (30.0, "ms", "slowest widget's median update in the kernel"),
    "widget_browser_median_ms": (150.0, "ms", "slowest widget's median change → redrawn figure in Chromium"),
    "widget_browser_p95_ms": (300.0, "ms", "slowest widget's 95th percentile change → redrawn figure in Chromium"),
    "import_ratio": (1.2, "×", "the notebooks' import cell ÷ `import pandas, plotly.express, ipywidgets`"),
    "handout_max_mb": (2.5, "MB", "largest offline handout"),
    "kernel_rss_max_mb": (250.0, "MB", "largest kernel peak RSS after running a lesson"),
}
IMPORTS = {
    "bare_stack": "import pandas, plotly.express, ipywidgets",
    "import_lessons": "import lessons",
    "import_cell": "import lessons as L; L.setup('vi')",
}


def percentile(xs: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default); with 3 runs, p95 is near the slowest."""
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem_gb = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem_gb = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    from importlib.metadata import version

    versions = {p: version(p) for p in ("pandas", "plotly", "ipywidgets", "jupyterlab", "ipykernel", "nbclient")}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "versions": versions,
        "commit": commit or None,
    }


# ---------------------------------------------------------------- imports


def time_imports(runs: int) -> dict:
    out = {}
    for key, stmt in IMPORTS.items():
        code = f"import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
        samples = []
        for _ in range(runs):
            r = subprocess.run(
                [sys.executable, "-c", code],
                cwd=REPO / "notebooks" / "vi",
                capture_output=True,
                text=True,
                env=bench_env(),
            )
            if r.returncode != 0:
                raise RuntimeError(f"{stmt!r} failed:\n{r.stderr[-2000:]}")
            samples.append(float(r.stdout.strip().splitlines()[-1]))
        out[key] = {
            "statement": stmt,
            "median_s": round(statistics.median(samples), 3),
            "runs": [round(s, 3) for s in samples],
        }
    out["ratio_import_lessons"] = round(out["import_lessons"]["median_s"] / out["bare_stack"]["median_s"], 2)
    out["ratio_import_cell"] = round(out["import_cell"]["median_s"] / out["bare_stack"]["median_s"], 2)
    return out


# ---------------------------------------------------------------- notebooks

_PROGRESS = tempfile.mkdtemp(prefix="bench-progress-")


def bench_env() -> dict:
    env = dict(os.environ)
    env["LESSONS_PROGRESS_DIR"] = _PROGRESS  # students' saved answers are never touched
    env.pop("LESSONS_HANDOUT", None)
    return env


def notebooks() -> list[Path]:
    """Every lesson's source notebook, language by language, in the registry's order."""
    from lessons.core import registry

    return [p for lang in LANGS for p in registry.notebooks(lang)]


def execute(path: Path | None) -> dict:
    """Execute one notebook (None: an empty one) in a fresh kernel; time, peak RSS, executed size."""
    import nbformat
    from nbclient import NotebookClient

    os.environ["LESSONS_PROGRESS_DIR"] = _PROGRESS
    nb = nbformat.read(path, as_version=4) if path else nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(RSS_CELL))
    cwd = path.parent if path else REPO / "notebooks" / "vi"
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    t = time.perf_counter()
    error = None
    try:
        client.execute()
    except Exception as e:  # reported in the results, and the run exits 1
        error = f"{type(e).__name__}: {str(e)[-500:]}"
    seconds = time.perf_counter() - t
    rss_kb = None
    last = nb.cells.pop()
    for out in last.get("outputs", []):
        m = re.search(r"__RSS__ (\d+)", out.get("text", ""))
        if m:
            rss_kb = int(m.group(1))
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and error is None:
                error = f"{out.get('ename')}: {out.get('evalue')}"
    # nbclient stores the widgets' state as JupyterLab's "save widget state" would; each plotly
    # FigureWidget's state holds plotly's 5 MB widget bundle, so that part is counted apart.
    state = nb.metadata.pop("widgets", None)
    return {
        "seconds": seconds,
        "rss_mb": round(rss_kb / 1024, 1) if rss_kb else None,
        "executed_bytes": len(nbformat.writes(nb).encode()),
        "widget_state_bytes": len(json.dumps(state).encode()) if state else 0,
        "error": error,
    }


def time_notebooks(runs: int, parallel: bool = True) -> dict:
    paths = notebooks()
    log("warming up (first kernel start, data validation cache)")
    execute(None)
    execute(paths[0])
    # The machine drifts (other jobs, CPU frequency): each run times the empty notebook at its
    # start, middle and end, and a lesson's ratio is taken against its own run's empty notebook.
    samples: dict[str, list[dict]] = {"empty": []}
    run_empty: list[float] = []
    for run in range(runs):
        log(f"notebooks: run {run + 1} of {runs}")
        empties = [execute(None)]
        for i, p in enumerate(paths):
            if i == len(paths) // 2:
                empties.append(execute(None))
            samples.setdefault(f"{p.parent.name}/{p.stem}", []).append(execute(p))
        empties.append(execute(None))
        samples["empty"] += empties
        run_empty.append(statistics.median(e["seconds"] for e in empties))
    empty = statistics.median(s["seconds"] for s in samples["empty"])
    rows = []
    for key, runs_ in samples.items():
        med = statistics.median(s["seconds"] for s in runs_)
        ratios = [1.0] if key == "empty" else [s["seconds"] / e for s, e in zip(runs_, run_empty)]
        rows.append(
            {
                "notebook": key,
                "median_s": round(med, 2),
                "p95_s": round(percentile([s["seconds"] for s in runs_], 0.95), 2),
                "runs_s": [round(s["seconds"], 2) for s in runs_],
                "ratio": round(statistics.median(ratios), 2),
                "ratio_p95": round(percentile(ratios, 0.95), 2),
                "rss_mb": max((s["rss_mb"] or 0) for s in runs_),
                "executed_bytes": runs_[-1]["executed_bytes"],
                "widget_state_bytes": runs_[-1]["widget_state_bytes"],
                "committed_bytes": (REPO / "notebooks" / f"{key}.ipynb").stat().st_size if key != "empty" else None,
                "errors": [s["error"] for s in runs_ if s["error"]],
            }
        )
    lessons = [r for r in rows if r["notebook"] != "empty"]
    out = {
        "empty_s": round(empty, 2),
        "rows": rows,
        "course_total_s": round(sum(r["median_s"] for r in lessons), 1),
        "course_parallel_wall_s": None,
        "parallel_workers": os.cpu_count(),
        "parallel_errors": [],
    }
    if parallel:
        log("notebooks: the whole course at once, one kernel per core")
        t = time.perf_counter()
        with concurrent.futures.ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            done = list(pool.map(execute, paths))
        out["course_parallel_wall_s"] = round(time.perf_counter() - t, 1)
        out["parallel_errors"] = [e for e in (p["error"] for p in done) if e]
    return out


# ---------------------------------------------------------------- widgets in the kernel


def time_widgets_in_kernel(changes: int) -> list[dict]:
    from jupyter_client.manager import start_new_kernel

    results = []
    for lang in LANGS:
        log(f"widgets in the kernel ({lang}): {changes} changes each")
        km, kc = start_new_kernel(kernel_name="python3", cwd=str(REPO / "notebooks" / lang), env=bench_env())
        lines: list[str] = []
        errors: list[str] = []

        def hook(msg, lines=lines, errors=errors):  # this language's lists
            c = msg["content"]
            if msg["msg_type"] == "stream":
                lines.append(c["text"])
            elif msg["msg_type"] == "error":
                errors.append(f"{c['ename']}: {c['evalue']}")

        try:
            code = (
                f"import sys; sys.path.insert(0, {str(REPO / 'bench')!r})\n"
                f"import kernel_widgets\nkernel_widgets.measure({lang!r}, {changes})"
            )
            kc.execute_interactive(code, output_hook=hook, timeout=1800, store_history=False)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        if errors:
            raise RuntimeError(f"widget benchmark failed in the kernel: {errors}")
        text = "".join(lines)
        payload = text[text.index("__BENCH__") + len("__BENCH__") :].splitlines()[0]
        results.extend(json.loads(payload))
    return results


# ---------------------------------------------------------------- sizes


def handout_sizes() -> dict:
    from lessons.tools.handouts import build

    log("building the offline handouts")
    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as tmp:
        t = time.perf_counter()
        paths = build(Path(tmp))
        seconds = time.perf_counter() - t
        sizes = {f"{p.parent.name}/{p.stem}": p.stat().st_size for p in paths}
    return {"bytes": sizes, "build_s": round(seconds, 1)}


# ---------------------------------------------------------------- report


def summarise(r: dict) -> list[dict]:
    """One row per target: measured value, limit, met or not."""
    nb = r.get("notebooks")
    lessons = [x for x in nb["rows"] if x["notebook"] != "empty"] if nb else []
    rows = []
    if nb:
        worst_lesson = max(lessons, key=lambda x: x["ratio"])
        worst_p95 = max(lessons, key=lambda x: x.get("ratio_p95") or 0)
        p95 = f"; worst p95 {worst_p95['ratio_p95']}× ({worst_p95['notebook']})" if worst_p95.get("ratio_p95") else ""
        rows += [
            ("lesson_ratio", worst_lesson["ratio"], worst_lesson["notebook"] + p95),
            ("course_total_s", nb["course_total_s"], f"empty notebook {nb['empty_s']} s"),
        ]
        if nb["course_parallel_wall_s"]:
            rows.append(("course_parallel_s", nb["course_parallel_wall_s"], f"{nb['parallel_workers']} cores"))
    if r.get("widgets_kernel"):
        w = max(r["widgets_kernel"], key=lambda x: x["median_ms"] or 0)
        p95 = max(r["widgets_kernel"], key=lambda x: x["p95_ms"] or 0)
        rows.append(
            (
                "widget_kernel_median_ms",
                w["median_ms"],
                f"{w['lang']} {w['widget']}; worst p95 {p95['p95_ms']} ms ({p95['widget']})",
            )
        )
    if r.get("widgets_browser"):
        ok = [x for x in r["widgets_browser"] if x.get("median_ms") is not None]
        if ok:
            w = max(ok, key=lambda x: x["median_ms"])
            rows.append(("widget_browser_median_ms", w["median_ms"], f"{w['lesson']} {w['widget']}"))
            if all(x.get("p95_ms") is not None for x in ok):
                w = max(ok, key=lambda x: x["p95_ms"])
                rows.append(
                    ("widget_browser_p95_ms", w["p95_ms"], f"{w['lesson']} {w['widget']}; {w['redrawn']} changes")
                )
    if r.get("imports"):
        rows.append(
            (
                "import_ratio",
                r["imports"]["ratio_import_cell"],
                f"`import lessons` alone: {r['imports']['ratio_import_lessons']}×",
            )
        )
    if r.get("handouts"):
        name, size = max(r["handouts"]["bytes"].items(), key=lambda kv: kv[1])
        rows.append(("handout_max_mb", round(size / 1e6, 2), name))
    if nb:
        worst_rss = max(lessons, key=lambda x: x["rss_mb"] or 0)
        rows.append(
            (
                "kernel_rss_max_mb",
                worst_rss["rss_mb"],
                f"{worst_rss['notebook']}; empty kernel {nb['rows'][0]['rss_mb']} MB",
            )
        )
    out = []
    for key, value, where in rows:
        limit, unit, what = TARGETS[key]
        out.append(
            {
                "target": key,
                "what": what,
                "value": value,
                "limit": limit,
                "unit": unit,
                "met": value is not None and value <= limit,
                "where": where,
            }
        )
    return out


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"Measured {r['date']} on {m['cpus']} cores ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, "
        f"{m['system']}; commit {m['commit']}; mode: {r['mode']}.",
        "",
        "| Target | Measured | Limit | Met | Where |",
        "|---|---|---|---|---|",
    ]
    for s in r["summary"]:
        lines.append(
            f"| {s['what']} | {s['value']} {s['unit']} | ≤ {s['limit']} {s['unit']} | "
            f"{'yes' if s['met'] else '**no**'} | {s['where']} |"
        )
    rows = {x["notebook"]: x for x in r["notebooks"]["rows"]} if r.get("notebooks") else {}
    if rows:
        lines += _lesson_table(r, rows)
    return _widget_table(r, lines)


def _lesson_table(r: dict, rows: dict) -> list[str]:
    lines = [
        "",
        "| Lesson | vi s median / p95 | en s median / p95 | ÷ empty median / p95 (max of vi, en) | peak RSS MB | "
        "committed KB | executed KB | + widget state KB | handout MB | browser ms median / p95 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    browser = {x["lesson"]: x for x in r.get("widgets_browser") or []}
    for key in sorted(k for k in rows if k.startswith("vi/")):
        vi, en = rows[key], rows.get("en/" + key[3:])
        lesson = key[3:5]
        hand = max(
            (v for k, v in (r.get("handouts") or {}).get("bytes", {}).items() if k.endswith(key[3:])), default=None
        )
        b = browser.get(lesson, {})
        b = f"{b['median_ms']} / {b.get('p95_ms', '—')}" if b.get("median_ms") is not None else "—"
        worst_p95 = max(vi.get("ratio_p95", 0), (en or {}).get("ratio_p95", 0))
        ratio = f"{max(vi['ratio'], en['ratio'] if en else 0)} / {worst_p95 or '—'}"
        lines.append(
            f"| {key[3:]} | {_mp(vi)} | {_mp(en) if en else '—'} | {ratio} | "
            f"{max(vi['rss_mb'] or 0, (en or {}).get('rss_mb') or 0)} | {round(vi['committed_bytes'] / 1024)} | "
            f"{round(max(vi['executed_bytes'], (en or vi)['executed_bytes']) / 1024)} | "
            f"{round(max(vi['widget_state_bytes'], (en or vi)['widget_state_bytes']) / 1024)} | "
            f"{round(hand / 1e6, 2) if hand else '—'} | {b} |"
        )
    lines.append(f"| empty notebook | {_mp(rows['empty'])} | | 1.0 | {rows['empty']['rss_mb']} | | | | | |")
    return lines


def _mp(row: dict) -> str:
    return f"{row['median_s']} / {row['p95_s']}" if row.get("p95_s") is not None else str(row["median_s"])


def _widget_table(r: dict, lines: list[str]) -> str:
    if r.get("widgets_kernel"):
        lines += [
            "",
            "| Widget (kernel) | vi median ms | vi p95 ms | en median ms | en p95 ms | figure changed |",
            "|---|---|---|---|---|---|",
        ]
        by = {}
        for w in r["widgets_kernel"]:
            by.setdefault(w["widget"], {})[w["lang"]] = w
        for name, d in by.items():
            vi, en = d.get("vi", {}), d.get("en", {})
            changed = f"{vi.get('figure_changed', 0)}/{vi.get('changes', 0)}" if vi.get("figures") else "(no figure)"
            lines.append(
                f"| {name} | {vi.get('median_ms')} | {vi.get('p95_ms')} | {en.get('median_ms')} | "
                f"{en.get('p95_ms')} | {changed} |"
            )
    return "\n".join(lines) + "\n"


README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_readme(md: str) -> None:
    path = REPO / "README.md"
    text = path.read_text(encoding="utf-8")
    if README_START not in text:
        raise SystemExit(f"README.md has no {README_START} … {README_END} section to replace")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    path.write_text(head + README_START + "\n" + md + README_END + tail, encoding="utf-8")


def problems(r: dict) -> list[str]:
    nb = r.get("notebooks") or {"rows": [], "parallel_errors": []}
    out = [f"{x['notebook']}: {e}" for x in nb["rows"] for e in x["errors"]]
    out += [f"parallel run: {e}" for e in nb["parallel_errors"]]
    for w in r.get("widgets_kernel") or []:
        out += [f"{w['lang']} {w['widget']}: {e}" for e in w["errors"]]
        if w["figures"] and w["figure_changed"] == 0:
            out.append(f"{w['lang']} {w['widget']}: no change redrew its figure")
    for w in r.get("widgets_browser") or []:
        if w.get("error"):
            out.append(f"browser {w['lesson']} {w['widget']}: {w['error']}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one run of each measurement (CI)")
    ap.add_argument("--out", default=str(REPO / "bench" / "results"), help="folder for latest.json and latest.md")
    ap.add_argument("--readme", action="store_true", help="also replace the table in README.md")
    ap.add_argument(
        "--render", metavar="JSON", help="measure nothing: rebuild the summary and tables from a results file"
    )
    ap.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["imports", "notebooks", "browser", "handouts", "widgets", "parallel"],
        help="leave one part out (repeatable)",
    )
    args = ap.parse_args(argv)
    if args.render:
        r = json.loads(Path(args.render).read_text(encoding="utf-8"))
        r["summary"], r["problems"] = summarise(r), problems(r)
        return _write(r, Path(args.out), args.readme)
    # 20 browser changes per widget in the full run, so that the p95 is not simply the slowest one
    runs, changes, clicks, import_runs = (1, 8, 3, 1) if args.quick else (3, 40, 20, 5)
    started = time.perf_counter()
    r: dict = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
    }
    if "imports" not in args.skip:
        log("imports in fresh processes")
        r["imports"] = time_imports(import_runs)
    if "notebooks" not in args.skip:
        r["notebooks"] = time_notebooks(runs, parallel="parallel" not in args.skip)
    if "widgets" not in args.skip:
        r["widgets_kernel"] = time_widgets_in_kernel(changes)
    if "browser" not in args.skip:
        from browser_widgets import time_widgets_in_browser

        r["widgets_browser"] = time_widgets_in_browser(clicks, log)
    if "handouts" not in args.skip:
        r["handouts"] = handout_sizes()
    r["summary"] = summarise(r)
    r["problems"] = problems(r)
    r["bench_s"] = round(time.perf_counter() - started, 1)
    return _write(r, Path(args.out), args.readme)


def _write(r: dict, out: Path, readme: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md = markdown(r)
    (out / "latest.md").write_text(md, encoding="utf-8")
    if readme:
        update_readme(md)
    print(md)
    for p in r["problems"]:
        print("PROBLEM:", p)
    log(f"done in {r.get('bench_s')} s; wrote {out / 'latest.json'}")
    return 1 if r["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
