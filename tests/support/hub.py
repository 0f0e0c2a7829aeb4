"""Start the class hub (hub/jupyterhub_config.py) on localhost for a test, and stop it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import requests


@contextlib.contextmanager
def running_hub(config: Path, env: dict, folder: Path, seconds: float = 60):
    """Run JupyterHub with `config` and `env` until its login page answers; yields (process, base URL).

    The hub and its proxy are stopped (process group, SIGTERM) when the block ends; the log is
    `folder/hub.log`, quoted in any failure."""
    log_path = folder / "hub.log"
    log = open(log_path, "w")
    hub = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(config)],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{env['COURSE_HUB_PORT']}/hub"
    try:
        deadline = time.monotonic() + seconds
        while True:
            assert hub.poll() is None, log_path.read_text()
            try:
                if requests.get(f"{base}/login", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.3)
        yield hub, base
    finally:
        os.killpg(hub.pid, 15)
        hub.wait(timeout=30)
        log.close()
