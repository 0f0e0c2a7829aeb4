"""Project a lesson in class: Voilà shows it with the code hidden and the widgets live.

    python -m lessons.present 05               # lesson 05 in Vietnamese, student edition
    python -m lessons.present 07 --lang en     # lesson 07 in English
    python -m lessons.present 03 --edition source

The student edition is the default: it has no teacher notes or answers to project by mistake.
Everything runs on this machine; maps draw from the geometry the course ships.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .config import LANGUAGES, REPO_DIR
from .errors import CourseError


def lessons(lang: str = "vi") -> dict[str, str]:
    """Lesson number ("05") → notebook file name, from the source notebooks."""
    return {p.name[:2]: p.name for p in sorted((REPO_DIR / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb"))}


def notebook(lesson: str | int, lang: str = "vi", edition: str = "student") -> Path:
    """The notebook to present (relative to the repository), building the editions if missing."""
    known = lessons(lang)
    key = f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)
    if key not in known:
        raise CourseError(f"There is no lesson {lesson!r}. Lessons: {', '.join(known)}")
    if edition == "source":
        return Path("notebooks") / lang / known[key]
    path = REPO_DIR / "editions" / edition / lang / known[key]
    if not path.exists():
        from .editions import build

        build(REPO_DIR / "editions", notebooks_dir=REPO_DIR / "notebooks", overwrite=False)  # never overwrite someone's work
    return path.relative_to(REPO_DIR)


def command(target: Path, extra: list[str] | None = None) -> list[str]:
    """The voila command line that serves `target` from the repository folder."""
    cmd = [sys.executable, "-m", "voila", str(target), f"--Voila.root_dir={REPO_DIR}"]
    return cmd + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lesson", nargs="?", default="00", help="lesson number, e.g. 05")
    parser.add_argument("--lang", choices=LANGUAGES, default="vi")
    parser.add_argument("--edition", choices=("student", "teacher", "source"), default="student")
    args, extra = parser.parse_known_args(argv)
    try:
        target = notebook(args.lesson, args.lang, args.edition)
    except CourseError as e:
        print(e, file=sys.stderr)
        return 2
    env = dict(os.environ)
    return subprocess.call(command(target, extra), cwd=REPO_DIR, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
