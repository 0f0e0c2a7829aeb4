"""Open the course in JupyterLab at lesson 00 (Vietnamese unless --lang en).

    python -m lessons.lab                      # the source notebooks (teacher material included)
    python -m lessons.lab --edition student    # builds (if missing) and opens the student edition
    python -m lessons.lab --edition teacher    # builds (if missing) and opens the teacher edition
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from .config import LANGUAGES, REPO_DIR


def command(lang: str = "vi", extra: list[str] | None = None, folder: str = "notebooks") -> list[str]:
    """The jupyter lab command line that opens lesson 00 in `lang` under `folder`."""
    notebook = f"{folder}/{lang}/00-start-here.ipynb"
    cmd = [sys.executable, "-m", "jupyterlab", notebook, f"--ServerApp.root_dir={REPO_DIR}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=LANGUAGES, default="vi")
    parser.add_argument("--edition", choices=("source", "student", "teacher"), default="source",
                        help="which notebooks to open (student/teacher: built under editions/ if missing)")
    args, extra = parser.parse_known_args(argv)
    folder = "notebooks"
    if args.edition != "source":
        from .editions import build

        build(REPO_DIR / "editions", overwrite=False)  # never overwrite a notebook a student worked in
        folder = f"editions/{args.edition}"
    return subprocess.call(command(args.lang, extra, folder), cwd=REPO_DIR)


if __name__ == "__main__":
    raise SystemExit(main())
