"""Execute a notebook headless with nbclient, in a kernel whose network is blocked."""

from __future__ import annotations

import os
import time

import nbformat
from nbclient import NotebookClient

from conftest import NETGUARD


def _execute(path, env_extra=None, timeout=180, allow_errors=False) -> tuple[nbformat.NotebookNode, float]:
    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")])))
    env.update(env_extra or {})
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=False,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute(env=env)
    return nb, time.perf_counter() - start


def _problems(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                out.append(f"{o.ename}: {o.evalue}")
            elif o.output_type == "stream" and o.name == "stderr":
                out.append(o.text)
            elif "text/plain" in o.get("data", {}) and "Error displaying widget" in o.data["text/plain"]:
                out.append(o.data["text/plain"])
    return out
