"""Project a lesson in class: Voilà shows it with the code hidden and the widgets live.

    python -m lessons.tools.present 05               # lesson 05 in Vietnamese, student edition
    python -m lessons.tools.present 07 --lang en     # lesson 07 in English
    python -m lessons.tools.present 03 --edition source

The student edition is the default: it has no teacher notes or answers to project by mistake.
It is built afresh for each showing in a temporary folder (never a copy someone worked in),
and Voilà's kernels get an empty, throw-away progress store (LESSONS_PROGRESS_DIR in a
temporary folder, LESSONS_STUDENT set to a neutral name): nobody's saved answers appear on the
projector, and nothing clicked in class is saved to anyone's file. Both folders are removed when
Voilà stops. Everything runs on this machine; maps draw from the geometry the course ships.

Voilà runs with the course's template (lessons/tools/presenter/voila/templates/lessons-present): nothing
is asked of the internet, and a figure widget that starts slowly on an old or busy PC still redraws when
a control changes. Figures are drawn with the course's own plotly.js. tests/test_browser_presenter.py
checks all of it in Chromium, offline, also with every core busy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from lessons.core.config import DEFAULT_LANGUAGE, LANGUAGES, REPO_DIR
from lessons.core.errors import CourseError

NEUTRAL_STUDENT = "class-presenter"
# The course's Voilà template (lessons/tools/presenter/voila/templates/lessons-present): Voilà's "lab" page
# without the fontawesome CSS its template asks a CDN for. Voilà finds it through JUPYTER_PATH.
TEMPLATE = "lessons-present"
TEMPLATE_ROOT = Path(__file__).resolve().parent / "presenter"
# plotly's JupyterLab extension draws a figure, then stores a PNG of it into the output with `model.setData`,
# which Voilà's outputs (plain JSON) do not have: "r.setData is not a function" once per figure, after a
# second drawing (the PNG) each map and chart costs the projector's PC. Voilà draws the figures as an HTML
# export does instead (LESSONS_HTML_EXPORT: the course's own 1.4 MB plotly.js, offline map geometry).
VOILA_OPTIONS = [f"--template={TEMPLATE}", "--VoilaConfiguration.extension_denylist=['jupyterlab-plotly']"]


@contextlib.contextmanager
def throwaway_progress(student: str = NEUTRAL_STUDENT, base: dict | None = None):
    """An environment for kernels a teacher-facing tool starts: an empty progress store in a
    fresh temporary folder (removed afterwards), under a neutral student name."""
    with tempfile.TemporaryDirectory(prefix="lessons-throwaway-progress-") as folder:
        env = dict(os.environ if base is None else base)
        env.pop("JUPYTERHUB_USER", None)
        env["LESSONS_PROGRESS_DIR"] = folder
        env["LESSONS_STUDENT"] = student
        env["LESSONS_PROGRESS_THROWAWAY"] = "1"  # my_progress() says nothing is kept, names no file
        yield env


def lessons(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Lesson number ("05") → notebook file name, for every lesson in the registry with a notebook in `lang`."""
    from lessons.core import registry

    return {x.id: x.notebook for x in registry.lessons() if x.notebook_path(lang).exists()}


def _lesson_name(lesson: str | int, lang: str) -> str:
    known = lessons(lang)
    key = f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)
    if key not in known:
        raise CourseError(f"There is no lesson {lesson!r}. Lessons: {', '.join(known)}")
    return known[key]


def notebook(
    lesson: str | int, lang: str = DEFAULT_LANGUAGE, edition: str = "student", root: Path | None = None
) -> Path:
    """The notebook to present, relative to the folder Voilà serves.

    "source" is the repository's own notebook (served from the repository); "student" and
    "teacher" are built afresh from it into `root` (a temporary folder) as
    editions/<edition>/<lang>/<lesson>.ipynb. Raises EditionError if the source is refused.
    """
    from lessons.core import registry

    name = _lesson_name(lesson, lang)
    source = registry.lesson(name[:2]).notebook_path(lang, REPO_DIR / "notebooks")
    if edition == "source":
        return source.relative_to(REPO_DIR) if source.is_relative_to(REPO_DIR) else source
    if root is None:
        raise ValueError("an edition is built into a folder: give root")
    import nbformat

    from lessons.tools.editions import make

    target = Path("editions") / edition / lang / name
    nb = make(source, edition, lang)
    (Path(root) / target).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, Path(root) / target)
    return target


def command(target: Path, extra: list[str] | None = None, root: Path | None = None) -> list[str]:
    """The voila command line that serves `target` from `root` (default: the repository)."""
    cmd = [sys.executable, "-m", "voila", str(target), f"--Voila.root_dir={root or REPO_DIR}", *VOILA_OPTIONS]
    return cmd + list(extra or [])


def environment(env: dict) -> dict:
    """`env` with what Voilà and its kernels need for presenter mode: the course's template on
    JUPYTER_PATH, figures drawn with the course's own plotly.js (see VOILA_OPTIONS)."""
    env = dict(env)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_ROOT), env.get("JUPYTER_PATH")]))
    env["LESSONS_HTML_EXPORT"] = "1"  # lessons.viz.setup.EXPORT_ENV
    return env


def serve(cmd: list[str], cwd: Path, env: dict) -> int:
    """Run Voilà until it stops. Ctrl-C, SIGTERM or a closed terminal stop Voilà first (it shuts
    its kernels down), so that the temporary folders are removed only once nothing uses them."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            try:
                previous[name] = signal.signal(getattr(signal, name), stop)
            except ValueError:  # not the main thread
                pass
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return 130
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lesson", nargs="?", default="00", help="lesson number, e.g. 05")
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    parser.add_argument("--edition", choices=("student", "teacher", "source"), default="student")
    args, extra = parser.parse_known_args(argv)
    from lessons.tools.editions import EditionError

    with tempfile.TemporaryDirectory(prefix="lessons-present-") as tmp, throwaway_progress() as env:
        root = REPO_DIR if args.edition == "source" else Path(tmp)
        try:
            target = notebook(args.lesson, args.lang, args.edition, root)
        except (CourseError, EditionError) as e:
            print(e, file=sys.stderr)
            return 2
        return serve(command(target, extra, root), cwd=root, env=environment(env))


if __name__ == "__main__":
    raise SystemExit(main())
