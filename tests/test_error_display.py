"""In a real kernel, a course error shows a short message, never a traceback."""

from __future__ import annotations

import csv
import shutil

import nbformat
from test_notebooks import _execute

from conftest import DATA


def _run_cells(tmp_path, sources, env):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    folder = tmp_path / "notebooks" / "vi"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "probe.ipynb")
    executed, _ = _execute(folder / "probe.ipynb", env, allow_errors=True)
    return executed


def test_broken_data_file_shows_file_column_row_without_traceback(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    rows = list(csv.reader((data / "claims.csv").open(encoding="utf-8")))
    rows[2][rows[0].index("kind")] = "gossip"
    with (data / "claims.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    nb = _run_cells(
        tmp_path,
        [
            "import lessons as L\nL.setup()",
            "try:\n    L.claims_explorer()\nexcept Exception:\n    pass\nelse:\n    raise SystemExit('no error')",
            "L.claims_explorer()",
        ],
        {"LESSONS_DATA_DIR": str(data), "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    err = nb.cells[2].outputs[-1]
    assert err.output_type == "error"
    shown = "\n".join(err.traceback)
    assert "claims.csv" in shown and "kind" in shown and "dòng 3" in shown and "gossip" in shown
    assert "Traceback" not in shown and ".py" not in shown and len(err.traceback) <= 2


def test_wrong_filter_value_shows_a_message_without_traceback(tmp_path):
    nb = _run_cells(tmp_path, ["import lessons as L\nL.setup()", 'L.claims_table(status="rumour")'], {})
    err = nb.cells[1].outputs[-1]
    shown = "\n".join(err.traceback)
    assert "rumour" in shown and "confirmed" in shown and "Traceback" not in shown


def test_other_errors_still_show_their_traceback(tmp_path):
    nb = _run_cells(tmp_path, ["import lessons as L\nL.setup()", "1/0"], {})
    assert nb.cells[1].outputs[-1].ename == "ZeroDivisionError"
