"""A lesson reopened tomorrow: never "Error displaying widget: model not found".

A saved widget output (`application/vnd.jupyter.widget-view+json`) only names a model that lived
in the kernel that drew it; reopened with a fresh kernel, JupyterLab finds no such model and says
so in every widget cell until the cells run again. The course saves no widget state (an explorer's
FigureWidget carries ≈ 5 MB of it, and controls drawn from it would do nothing without a kernel),
so the Jupyter server rewrites each widget output in the SAVED file, just before it is written:

- an output that also carries a static picture (an image, HTML, a plotly figure) keeps it and
  loses only the widget view;
- any other widget output becomes one line in the notebook's language (its `lessons.language`
  metadata, else its vi/ or en/ folder, else the course's default) saying to run the cells.

Nothing else in the notebook changes: cells, sources, other outputs, metadata. What is on the
screen is not touched either (the hook changes what is written, not the open page), and the
student's answers live in their progress file, not in outputs. A notebook the hook cannot read
is saved as it came.

The server runs the hook as a server extension (this module), enabled by the course's Jupyter
configuration in `lessons/jupyter/` (see `config_dir()`): `python -m lessons.tools.lab` and the
class hub put that folder on JUPYTER_CONFIG_PATH; an image built by repo2docker enables it in
postBuild.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path, PurePosixPath
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CSS_CLASS = "lessons-rerun"
# mime types that are only a description of the widget, not a picture of it
_NOT_A_PICTURE = frozenset({WIDGET_VIEW, "text/plain"})

log = logging.getLogger(__name__)


def config_dir() -> Path:
    """The course's Jupyter configuration folder (a JUPYTER_CONFIG_PATH entry): the server extension
    that runs the hook (jupyter_server_config.d/) and JupyterLab's page settings (labconfig/)."""
    return Path(__file__).resolve().parent.parent / "jupyter"


def notebook_language(nb: Any, path: str = "") -> str:
    """The language a notebook is written in: its `lessons.language` metadata, else the vi/ or en/
    folder it sits in, else the course's default language."""
    from lessons.core.config import DEFAULT_LANGUAGE, LANGUAGES

    meta = nb.get("metadata") if isinstance(nb, dict) else None
    lessons_meta = meta.get("lessons") if isinstance(meta, dict) else None
    lang = lessons_meta.get("language") if isinstance(lessons_meta, dict) else None
    if isinstance(lang, str) and lang in LANGUAGES:
        return lang
    parts = PurePosixPath(str(path or "").replace("\\", "/")).parts
    for part in reversed(parts[:-1]):
        if part in LANGUAGES:
            return part
    return DEFAULT_LANGUAGE


def rerun_line(lang: str) -> dict[str, str]:
    """The output data that stands where a widget was: one line, in `lang`."""
    from lessons.core.text import t

    text = t("reopen.run_cells", lang)
    return {
        "text/html": f"<p class='{CSS_CLASS}' lang='{lang}' style='margin:0;color:#444'><i>{html.escape(text)}</i></p>",
        "text/plain": text,
    }


def replace_widget_views(nb: Any, path: str = "") -> int:
    """Rewrite, in place, every widget-view output of a notebook (its JSON, nbformat 4) as the module
    docstring says; returns how many outputs changed. Anything that is not a well-formed output is
    left as it is; a second pass changes nothing."""
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return 0
    line: dict[str, str] | None = None
    changed = 0
    for cell in nb["cells"]:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        if not isinstance(outputs, list):
            continue
        for output in outputs:
            if not isinstance(output, dict) or output.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = output.get("data")
            if not isinstance(data, dict) or WIDGET_VIEW not in data:
                continue
            pictures = {k: v for k, v in data.items() if k not in _NOT_A_PICTURE}
            if pictures:  # a static figure the output already carries: keep it (and its text)
                output["data"] = {k: v for k, v in data.items() if k != WIDGET_VIEW}
            else:
                if line is None:
                    line = rerun_line(notebook_language(nb, path))
                output["data"] = dict(line)
            metadata = output.get("metadata")
            if isinstance(metadata, dict) and WIDGET_VIEW in metadata:
                output["metadata"] = {k: v for k, v in metadata.items() if k != WIDGET_VIEW}
            changed += 1
    return changed


def pre_save_hook(model: Any = None, path: str = "", contents_manager: Any = None, **kwargs: Any) -> None:
    """Jupyter server pre-save hook: rewrite the widget outputs of a notebook about to be saved.
    Never raises: a notebook it cannot handle is saved unchanged (and the reason logged)."""
    try:
        if not isinstance(model, dict) or model.get("type") != "notebook":
            return
        n = replace_widget_views(model.get("content"), path)
        if n:
            log.debug("lessons: %d widget output(s) of %s saved as a line to run the cells", n, path)
    except Exception:  # a save must never fail because of this hook
        log.warning("lessons: widget outputs of %s left as they were", path, exc_info=True)


# --- the server extension ------------------------------------------------------------------------------
def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "lessons.tools.reopen"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    manager = serverapp.contents_manager
    if pre_save_hook not in getattr(manager, "_pre_save_hooks", []):
        manager.register_pre_save_hook(pre_save_hook)
    serverapp.log.info("lessons: widget outputs are saved as a line to run the cells (lessons.tools.reopen)")
