"""Notebooks: stored clean, vi/en identical in structure and code, complete lessons, and they
execute top to bottom in a fresh kernel with the network blocked."""

from __future__ import annotations

import nbformat
import pytest

from lessons.viz.maps import needs_geometry

from conftest import LANGS, NOTEBOOKS, notebook_names
from support.execute import _execute, _problems

NAMES = notebook_names()
REQUIRED_SECTIONS = {
    "vi": [
        "## Tổng quan",
        "## Mục tiêu",
        "## Kiến thức cần có",
        "**Thời gian:**",
        "**Câu hỏi khởi động:**",
        "## Nhập thư viện",
        "## Thảo luận",
        "## Thuật ngữ",
        "## Tóm tắt",
        "### Tiếp theo",
        "## Nguồn",
    ],
    "en": [
        "## Overview",
        "## Objectives",
        "## Prerequisites",
        "**Time to learn:**",
        "**Warm-up question:**",
        "## Imports",
        "## Discussion",
        "## Key terms",
        "## Summary",
        "### What's next?",
        "## Resources and references",
    ],
}


def read(lang: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / lang / name, as_version=4)


def test_both_languages_have_the_same_lessons():
    assert NAMES == sorted(p.name for p in (NOTEBOOKS / "en").glob("*.ipynb"))
    assert NAMES[:2] == ["00-start-here.ipynb", "01-reading-the-news.ipynb"]


@pytest.mark.parametrize("name", NAMES)
def test_vi_and_en_match_cell_for_cell(name):
    vi, en = read("vi", name), read("en", name)
    assert len(vi.cells) == len(en.cells)
    for a, b in zip(vi.cells, en.cells):
        assert (a.cell_type, a.get("id"), a.metadata.get("tags", [])) == (
            b.cell_type,
            b.get("id"),
            b.metadata.get("tags", []),
        )
        if a.cell_type == "code":
            assert a.source == b.source
        else:
            assert a.source != b.source or not a.source.strip(), f"untranslated cell {a.get('id')}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_and_valid(lang, name):
    nb = read(lang, name)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_lesson_is_complete(lang, name):
    nb = read(lang, name)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in REQUIRED_SECTIONS[lang]:
        assert heading in prose, heading
    assert nb.cells[0].source.startswith("# ") and sum(line.startswith("# ") for line in prose.splitlines()) == 1
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[0] == "import lessons as L\n\nL.setup()"
    assert sum("L.exercise(" in c for c in code) >= 3
    assert any(c.metadata.get("tags") == ["teacher"] for c in nb.cells)
    objectives = prose.split(REQUIRED_SECTIONS[lang][1], 1)[1].split("##", 1)[0]
    assert 3 <= objectives.count("\n- ") <= 5


def test_network_guard_really_blocks(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.com', timeout=5)\n"
            "    print('ONLINE')\n"
            "except OSError as e:\n    print('BLOCKED', type(e).__name__)"
        )
    ]
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    executed, _ = _execute(path)
    assert executed.cells[0].outputs[0].text.startswith("BLOCKED")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_notebook_executes_offline_without_errors(lang, name, tmp_path):
    nb, seconds = _execute(NOTEBOOKS / lang / name, {"LESSONS_PROGRESS_DIR": str(tmp_path)})
    assert _problems(nb) == []
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    plots = [
        o.data["application/vnd.plotly.v1+json"]
        for o in outputs
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    assert plots
    for plot in plots:  # maps carry the shipped geometry; charts do not carry its 285 KB for nothing
        if needs_geometry(plot):
            assert plot["config"]["topojsonURL"].startswith("data:")
        else:
            assert "topojsonURL" not in plot.get("config", {})
    banner = outputs[0].data["text/html"]
    assert ("Ngôn ngữ: tiếng Việt" if lang == "vi" else "Language: English") in banner
    print(f"\n{lang}/{name}: {seconds:.2f} s")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_prose_has_no_bare_dollar_signs(lang, name):
    """JupyterLab and Voilà read $…$ in Markdown as mathematics: "$1.7 billion … $2.2" would be typeset
    as a formula. Amounts are written \\$1.7 (or "USD")."""
    import re

    for cell in read(lang, name).cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"(?<!\\)\$", cell.source), (cell.get("id"), cell.source[:80])
