"""The one exercise widget: any kind's controls (from `CONTROLS`), a Check button, feedback.

It asks the pure check (lessons.exercises.checks) for a verdict, runs a code answer through
the worker adapter (lessons.exercises.coderun.run_cases) and saves through the progress store.
Wrong types and empty answers get a message, never a traceback.
"""

from __future__ import annotations

import html
import inspect
import linecache
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from lessons.core.config import get_language
from lessons.core.text import t
from lessons.exercises import bank, checks, coderun, progress
from lessons.exercises.checks import Spec, Verdict
from lessons.exercises.progress import ProgressBusy, ProgressStore


@dataclass
class Feedback:
    correct: bool | None  # None: the answer could not be judged (empty, wrong type) or is not graded
    message: str


# --- the controls of each kind: build, read, show ------------------------------------------
class Controls:
    """How one kind of exercise is answered on screen."""

    button = "ex.check"

    def __init__(self, ex: ExerciseWidget):
        self.ex = ex

    def build(self) -> widgets.Widget:
        raise NotImplementedError

    def current(self) -> Any:
        raise NotImplementedError

    def show(self, answer: Any) -> None:
        raise NotImplementedError


class ChoiceControls(Controls):
    def build(self):
        ex = self.ex
        ex.radio = widgets.RadioButtons(
            options=[(ex.text(f"opt.{o}"), o) for o in ex.options], value=None, layout=widgets.Layout(width="auto")
        )
        return ex.radio

    def current(self):
        return self.ex.radio.value

    def show(self, answer):
        self.ex.radio.value = answer


class MultiControls(Controls):
    def build(self):
        ex = self.ex
        ex.boxes = {
            o: widgets.Checkbox(
                value=False, description=ex.text(f"opt.{o}"), indent=False, layout=widgets.Layout(width="auto")
            )
            for o in ex.options
        }
        return widgets.VBox(list(ex.boxes.values()))

    def current(self):
        return [o for o, box in self.ex.boxes.items() if box.value]

    def show(self, answer):
        for o, box in self.ex.boxes.items():
            box.value = o in answer


class OrderingControls(Controls):
    """Items moved with ↑/↓ buttons."""

    def build(self):
        ex = self.ex
        ex.order = list(ex.spec.params.get("start") or list(reversed(ex.spec.params["items"])))
        ex.rows = widgets.VBox()
        self.draw()
        return widgets.VBox([widgets.HTML(f"<small>{html.escape(t('ex.order_help', ex.lang))}</small>"), ex.rows])

    def draw(self) -> None:
        ex, rows = self.ex, []
        for i, item in enumerate(ex.order):
            up = widgets.Button(description=t("ex.up", ex.lang), layout=widgets.Layout(width="36px"), disabled=i == 0)
            down = widgets.Button(
                description=t("ex.down", ex.lang),
                layout=widgets.Layout(width="36px"),
                disabled=i == len(ex.order) - 1,
            )
            up.on_click(lambda _, i=i: ex.move(i, -1))
            down.on_click(lambda _, i=i: ex.move(i, +1))
            rows.append(widgets.HBox([up, down, widgets.HTML(f"{i + 1}. {html.escape(ex.text(f'item.{item}'))}")]))
        ex.rows.children = rows

    def current(self):
        return list(self.ex.order)

    def show(self, answer):
        self.ex.order = list(answer)
        self.draw()


class NumericControls(Controls):
    def build(self):
        self.ex.entry = widgets.Text(placeholder="0", layout=widgets.Layout(width="160px"))
        return self.ex.entry

    def current(self):
        return self.ex.entry.value

    def show(self, answer):
        self.ex.entry.value = str(answer)


class MatchingControls(Controls):
    """One drop-down per term; the definitions in an order that does not follow the terms'."""

    def build(self):
        ex = self.ex
        choose = t("ex.match_choose", ex.lang)
        options = [(choose, "")] + [(ex.text(f"def.{d}"), d) for d in ex.definitions]  # "": nothing chosen yet
        ex.menus, rows = {}, []
        for term in ex.spec.params["pairs"]:
            menu = widgets.Dropdown(  # its term names it for screen readers (ipywidgets: the select's title)
                options=options,
                value="",
                tooltip=ex.text(f"term.{term}"),
                layout=widgets.Layout(width="auto", max_width="640px"),
            )
            ex.menus[term] = menu
            label = widgets.HTML(f"<b>{html.escape(ex.text(f'term.{term}'))}</b>", layout=widgets.Layout(width="220px"))
            rows.append(widgets.HBox([label, menu]))
        return widgets.VBox(rows)

    def current(self):
        return {term: (menu.value or None) for term, menu in self.ex.menus.items()}

    def show(self, answer):
        for term, menu in self.ex.menus.items():
            menu.value = answer.get(term) or ""


class ShortControls(Controls):
    button = "ex.save"

    def build(self):
        self.ex.box = widgets.Textarea(
            placeholder=t("ex.short_placeholder", self.ex.lang),
            layout=widgets.Layout(width="100%", max_width="760px", height="120px"),
        )
        return self.ex.box

    def current(self):
        return self.ex.box.value

    def show(self, answer):
        self.ex.box.value = answer


class CodeControls(Controls):
    """The code stays in the student's own cell; Check finds the function in the kernel."""

    def build(self):
        return widgets.HTML(f"<small>{html.escape(t('ex.code_help', self.ex.lang, name=self.ex.function))}</small>")

    def current(self):
        try:
            from IPython import get_ipython  # only when a kernel asks (Check clicked)

            shell = get_ipython()
        except ImportError:  # pragma: no cover
            shell = None
        namespace = shell.user_ns if shell is not None else {}
        return namespace.get(self.ex.function, checks.Code.MISSING)

    def show(self, answer):
        pass


class ScenarioControls(Controls):
    button = "ex.scenario_run"

    def build(self):
        ex = self.ex
        ex.pickers = {
            d: widgets.RadioButtons(
                options=[(ex.text(f"{d}.{o}"), o) for o in opts],
                value=None,
                description=ex.text(f"{d}.label"),
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto", margin="0 24px 6px 0"),
            )
            for d, opts in ex.spec.params["dimensions"].items()
        }
        return widgets.HBox(list(ex.pickers.values()), layout=widgets.Layout(flex_flow="row wrap"))

    def current(self):
        return {d: p.value for d, p in self.ex.pickers.items()}

    def show(self, answer):
        for d, value in answer.items():
            self.ex.pickers[d].value = value


CONTROLS: dict[str, type[Controls]] = {
    "choice": ChoiceControls,
    "multi": MultiControls,
    "ordering": OrderingControls,
    "numeric": NumericControls,
    "matching": MatchingControls,
    "short": ShortControls,
    "code": CodeControls,
    "scenario": ScenarioControls,
}


def _param(name: str, default: Any = None) -> property:
    """A parameter of the exercise's spec, read and set through the widget (ex.seconds = 0.5)."""

    def get(self):
        return self.spec.params.get(name, default)

    def set_(self, value):
        self.spec.params[name] = value

    return property(get, set_)


class ExerciseWidget(widgets.VBox):
    """Any exercise: prompt, the kind's controls, a Check button and feedback; answers saved."""

    options = _param("options", ())
    tolerance = _param("tolerance", 0.0)
    function = _param("function")
    reference = _param("reference")
    seconds = _param("seconds", 2.0)
    method = _param("method")
    memory_mb = _param("memory_mb")
    reveal = _param("reveal", ())
    cases = _param("cases")
    dimensions = _param("dimensions")
    facts = _param("facts")
    min_words = _param("min_words", 5)

    def __init__(self, spec: Spec, *, lang: str | None = None, store: ProgressStore | None = None):
        self.spec, self.check_kind = spec, checks.KINDS[spec.kind]
        self.id, self.lesson, self.kind, self.graded = spec.id, spec.lesson, spec.kind, self.check_kind.graded
        self.lang = lang or get_language()
        self.store = store or ProgressStore()
        self.attempts, self._tries_seen, self.last_run = 0, 0, None
        self.ui = CONTROLS[spec.kind](self)
        self.track = bank.track(spec.id)
        self.prompt = widgets.HTML(
            f"<div class='lessons-prompt'>{self._badge()}<b>{html.escape(self.text('prompt'))}</b></div>"
        )
        self.button = widgets.Button(description=t(self.ui.button, self.lang), button_style="primary")
        self.button.on_click(lambda _: self._on_check())
        self.feedback = widgets.HTML()
        super().__init__([self.prompt, self.ui.build(), self.button, self.feedback])
        self.add_class("lessons-exercise")
        self.add_class(f"lessons-kind-{self.kind}")
        if self.track:
            self.add_class(f"lessons-track-{self.track}")
        self._restore()

    def _badge(self) -> str:
        """A small "Mở rộng" / "Extension" label before an extension exercise's prompt (nothing for core)."""
        if self.track != "extension":
            return ""
        help_text = html.escape(t("ex.extension_help", self.lang), quote=True)
        return (
            f"<span class='lessons-badge lessons-badge-extension' title='{help_text}'"
            " style='display:inline-block;margin-right:6px;padding:0 6px;border:1px solid #1f4e79;"
            "border-radius:8px;color:#1f4e79;font-size:85%'>"
            f"{html.escape(t('ex.extension_badge', self.lang))}</span>"
        )

    # the spec, as the widget shows it -----------------------------------------------------
    def text(self, part: str, **values) -> str:
        return self.spec.text(part, self.lang, **values)

    def has_text(self, part: str) -> bool:
        return self.spec.has_text(part, self.lang)

    @property
    def answer_key(self) -> Any:
        return self.check_kind.key(self.spec)

    @property
    def definitions(self) -> list[str]:
        return checks.Matching.definitions(self.spec)

    def current(self) -> Any:
        """The answer the controls hold now."""
        return self.ui.current()

    def show(self, answer: Any) -> None:
        """Put a (saved) answer back into the controls."""
        self.ui.show(answer)

    def move(self, index: int, step: int) -> None:
        """Ordering: swap an item with its neighbour."""
        j = index + step
        if 0 <= index < len(self.order) and 0 <= j < len(self.order):
            self.order[index], self.order[j] = self.order[j], self.order[index]
            self.ui.draw()

    # checking ----------------------------------------------------------------------------
    def verdict(self, answer: Any, tries: int = 0) -> Verdict:
        verdict = checks.check(self.spec, answer, self.lang, tries=tries, run=coderun.run_cases)
        if verdict.report is not None:
            self.last_run = verdict.report.run
        return verdict

    def check(self, answer: Any) -> Feedback:
        """Judge an answer without saving it (correct is None when it cannot be judged)."""
        verdict = self.verdict(answer)
        return Feedback(verdict.correct, verdict.message)

    def answer(self, value: Any) -> Feedback:
        """Answer from code: the controls show it, it is checked and saved like a click."""
        value = checks.normalise(value)
        if self.check_kind.validate(self.spec, value, self.lang) is None:
            self.show(value)
        return self._submit(value)

    def _on_check(self) -> None:
        self._submit(self.current())

    def _submit(self, value: Any) -> Feedback:
        value = checks.normalise(value)
        # Tries are counted here too, so hints still come when the progress file cannot be written.
        verdict = self.verdict(value, tries=max(self._tries_seen + 1, self.attempts + 1))
        if not verdict.valid:  # empty or malformed: explain, count nothing, save nothing
            self._render(None, verdict.message)
            return Feedback(None, verdict.message)
        saved = self._save(value, verdict)
        message, steps = verdict.message, []
        if verdict.correct is False:
            self._tries_seen = max(self._tries_seen + 1, self.attempts)
            steps = checks.hint_steps(self.spec, self.lang, self._tries_seen)
        self._render(verdict.correct, message, saved, graded=self.graded, hints=steps)
        return Feedback(verdict.correct, "\n".join([message, *steps]))

    def _hint_steps(self, tries: int) -> list[str]:
        return checks.hint_steps(self.spec, self.lang, tries)

    # saving and restoring ------------------------------------------------------------------
    def stored(self, value: Any) -> Any:
        """The form of an answer that goes into the progress file (a function: its source)."""
        if self.kind == "code":
            if type(value) is not types.FunctionType:  # a callable object: its attributes could run code
                return "<source not available>"
            try:
                return function_source(value.__code__) or "<source not available>"
            except BaseException:  # no source (built in, or made at run time), or an odd object
                return "<source not available>"
        return _jsonable(value)

    def _save(self, value: Any, verdict: Verdict) -> str:
        """Save an attempt; the line under the feedback (saved, or why not, and any notice
        about set-aside answers the student has not seen yet)."""
        try:
            entry = self.store.record(
                self.id,
                lesson=self.lesson,
                kind=self.kind,
                answer=self.stored(value),
                correct=verdict.correct,
                graded=verdict.graded,
            )
            self.attempts = entry["attempts"]
        except ProgressBusy:  # the answer stays on screen; the next Check saves it
            text = t("progress.busy", self.lang, seconds=f"{progress.LOCK_TIMEOUT:g}")
            return f"<br><span style='color:#b00'>{html.escape(text)}</span>"
        except OSError as e:
            text = t("ex.save_failed", self.lang, detail=progress.os_error_text(e, self.lang))
            return f"<br><span style='color:#b00'>{html.escape(text)}</span>"
        notices = "".join(
            f"<br><i class='lessons-progress-notice'>{html.escape(progress.notice_text(n, self.lang))}</i>"
            for n in self.store.shown
        )
        self.store.shown = []
        saved = f"{t('ex.saved', self.lang)} {t('ex.attempts', self.lang, n=self.attempts)}"
        return f"<br><small>{html.escape(saved)}</small>{notices}"

    def _render(
        self, correct: bool | None, message: str, extra: str = "", graded: bool = True, hints: list[str] = ()
    ) -> None:
        """The feedback box: the verdict and its message, `extra` (the saved line), then the hint steps
        reached, each a paragraph of its own in a block below (never run on from the message's last line,
        which may be a bullet of a code exercise's list)."""
        color = {True: "#1b7a3a", False: "#b03a2e", None: "#7a5b00" if graded else "#1f4e79"}[correct]
        head = {
            True: t("ex.correct", self.lang),
            False: t("ex.wrong", self.lang),
            None: "" if graded else t("ex.saved_head", self.lang),
        }[correct]
        state = str(correct).lower() if graded else "saved"
        self.feedback.value = (
            f"<div class='lessons-feedback' data-correct='{state}' style='color:{color}'>"
            f"<b>{html.escape(head)}</b> {html.escape(message).replace(chr(10), '<br>')}{extra}"
            f"{self._hints_html(hints)}</div>"
        )

    @staticmethod
    def _hints_html(hints: list[str]) -> str:
        if not hints:
            return ""
        steps = "".join(
            f"<p class='lessons-hint' style='margin-top:4px;margin-bottom:0px'>{html.escape(h)}</p>" for h in hints
        )
        return (
            "<div class='lessons-hints' style='margin-top:8px;padding-left:8px;border-left:3px solid #1f4e79;"
            f"color:#1f4e79'>{steps}</div>"
        )

    def _restore(self) -> None:
        """Show the student's saved answer and its result, if there is one, and any notice
        about set-aside answers not yet seen (on every exercise, until the student sees it
        after a Check or in L.my_progress())."""
        try:
            entry = self.store.get(self.id)
        except ProgressBusy:
            self._render(None, t("progress.busy_read", self.lang, seconds=f"{progress.lock_wait(reading=True):g}"))
            return
        except OSError:
            return
        if entry:
            self.attempts = int(entry.get("attempts", 0))
            try:
                self.restore(entry)
            except Exception:  # a saved answer this exercise cannot show: start afresh, the file keeps it
                self.feedback.value = ""
        if self.store.unseen:
            self.feedback.value += "".join(
                f"<div class='lessons-progress-notice' style='color:#b03a2e'>"
                f"<i>{html.escape(progress.notice_text(n, self.lang))}</i></div>"
                for n in self.store.unseen
            )

    def restore(self, entry: dict) -> None:
        attempts = f"<br><small>{html.escape(t('ex.attempts', self.lang, n=self.attempts))}</small>"
        if self.kind == "code":  # the function itself lives in the student's cell: last time's result
            key = "ex.code_restored_ok" if entry.get("correct") else "ex.code_restored_not_yet"
            self._render(entry.get("correct"), t(key, self.lang, name=self.function), attempts)
            return
        verdict = checks.check(self.spec, entry.get("answer"), self.lang)
        if verdict.valid:
            self.show(checks.normalise(entry["answer"]))
            self._render(verdict.correct, t("ex.restored", self.lang) + " " + verdict.message, attempts, self.graded)


def exercise(exercise_id: str, **kw) -> ExerciseWidget:
    """Build exercise `exercise_id` (e.g. "01.3") in the course language (`lang=`, `store=`)."""
    return ExerciseWidget(bank.find(exercise_id, kw.get("lang")), **kw)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


SOURCE_FILE_BYTES = 2_000_000  # a function's source is read only from a regular file at most this size


def function_source(code) -> str | None:
    """The source lines of a function's code object, read without running anything of the
    student's: no `__wrapped__` is followed (inspect.getsource would), and a file is read only if
    the notebook's cell cache holds it or it is a regular file of modest size (never a FIFO or a
    device, which would block the kernel)."""
    filename = code.co_filename
    entry = linecache.cache.get(filename)
    if entry is not None and len(entry) >= 3 and isinstance(entry[2], list):
        lines = entry[2]
    else:
        try:
            raw = progress.read_regular_file(Path(filename), SOURCE_FILE_BYTES)
        except (OSError, ValueError, TypeError):  # not an ordinary file, too large, or no such file
            return None
        lines = raw.decode("utf-8", errors="replace").splitlines(True)
    start = code.co_firstlineno - 1
    if not 0 <= start < len(lines):
        return None
    return "".join(inspect.getblock(lines[start : start + 2000]))[:20000]
