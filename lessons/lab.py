"""Open the course in JupyterLab at lesson 00 (Vietnamese unless --lang en)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from .config import LANGUAGES, REPO_DIR


def command(lang: str = "vi", extra: list[str] | None = None) -> list[str]:
    """The jupyter lab command line that opens lesson 00 in `lang`."""
    notebook = f"notebooks/{lang}/00-start-here.ipynb"
    cmd = [sys.executable, "-m", "jupyterlab", notebook, f"--ServerApp.root_dir={REPO_DIR}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=LANGUAGES, default="vi")
    args, extra = parser.parse_known_args(argv)
    return subprocess.call(command(args.lang, extra), cwd=REPO_DIR)


if __name__ == "__main__":
    raise SystemExit(main())
