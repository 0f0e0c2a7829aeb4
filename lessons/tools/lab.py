"""Open the course in JupyterLab at lesson 00 (Vietnamese unless --lang en).

    python -m lessons.tools.lab                      # the student edition (no teacher notes, no solutions)
    python -m lessons.tools.lab --edition teacher    # the teacher edition (notes, model answers, lesson plans)
    python -m lessons.tools.lab --edition source     # the source notebooks, for authors

The student and teacher editions are built under editions/ (not tracked by git) from the source
notebooks each time: a notebook there that someone changed (a student's work) is never
overwritten, and is named in a message; untouched ones are brought up to date.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from lessons.core.config import DEFAULT_LANGUAGE, LANGUAGES, REPO_DIR

EDITIONS = ("student", "teacher", "source")


def folder(edition: str = "student") -> str:
    """The folder (relative to the repository) that holds `edition`'s <lang>/ notebooks."""
    return "notebooks" if edition == "source" else f"editions/{edition}"


def command(
    lang: str = DEFAULT_LANGUAGE, extra: list[str] | None = None, folder: str = "editions/student"
) -> list[str]:
    """The jupyter lab command line (run from the repository) that opens lesson 00 in `lang` under
    `folder` (default: the student edition). For the student edition JupyterLab's file browser
    starts at editions/student, so the source notebooks are not a click away."""
    from lessons.core import registry

    notebook = f"{folder}/{lang}/{registry.lessons()[0].notebook}"
    root = REPO_DIR / folder if folder == "editions/student" else REPO_DIR
    cmd = [sys.executable, "-m", "jupyterlab", notebook, f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra or [])


def prepare(edition: str, lang: str) -> str:
    """Build the edition (if not the source) and return its folder; EditionError if refused."""
    if edition != "source":
        from lessons.tools.editions import build, report

        # updates untouched notebooks, never one a student worked in (reported), and says which
        # source notebooks differ from what git holds
        report(build(REPO_DIR / "editions", notebooks_dir=REPO_DIR / "notebooks", editions=(edition,)), lang)
    return folder(edition)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default="student",
        help="which notebooks to open (default: student; student/teacher are built under editions/)",
    )
    args, extra = parser.parse_known_args(argv)
    from lessons.core.text import t
    from lessons.tools.editions import EditionError

    try:
        where = prepare(args.edition, args.lang)
    except EditionError as e:
        print(t("editions.refused", args.lang, error=e), file=sys.stderr)
        return 2
    return subprocess.call(command(args.lang, extra, where), cwd=REPO_DIR)


if __name__ == "__main__":
    raise SystemExit(main())
