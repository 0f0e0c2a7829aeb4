"""Exercises with immediate feedback in the notebook's language, saved as the student goes.

Each exercise checks an answer with a pure `check()` (usable from code and tests) and shows
a small widget. Wrong types and empty answers get a message, never a traceback.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from lessons.core.config import get_language
from lessons.core.text import t
from lessons.exercises import progress
from lessons.exercises.progress import ProgressBusy, ProgressStore


@dataclass
class Feedback:
    correct: bool | None  # None: the answer could not be judged (empty, wrong type)
    message: str


class Exercise(widgets.VBox):
    """Base: prompt, answer controls, a Check button, feedback; subclasses define the rest."""

    kind = "exercise"
    graded = True  # False: the answer is saved but not judged (short answers)

    def __init__(self, exercise_id: str, *, lesson: str, lang: str | None = None, store: ProgressStore | None = None):
        self.id, self.lesson = exercise_id, lesson
        self.lang = lang or get_language()
        self.store = store or ProgressStore()
        self.attempts = 0
        self.prompt = widgets.HTML(f"<div class='lessons-prompt'><b>{html.escape(self.text('prompt'))}</b></div>")
        self.button = widgets.Button(description=t("ex.check", self.lang), button_style="primary")
        self.button.on_click(lambda _: self._on_check())
        self.feedback = widgets.HTML()
        super().__init__([self.prompt, self.controls(), self.button, self.feedback])
        self.add_class("lessons-exercise")
        self.add_class(f"lessons-kind-{self.kind}")
        self._restore()

    # text -------------------------------------------------------------------------------
    def text(self, part: str, **values) -> str:
        return t(f"ex{self.id}.{part}", self.lang, **values)

    def has_text(self, part: str) -> bool:
        from lessons.core.text import strings

        return f"ex{self.id}.{part}" in strings(self.lang)

    # to be defined by each kind ---------------------------------------------------------
    def controls(self) -> widgets.Widget:
        raise NotImplementedError

    def current(self) -> Any:
        """The answer the controls hold now."""
        raise NotImplementedError

    def show(self, answer: Any) -> None:
        """Put a (saved) answer back into the controls."""
        raise NotImplementedError

    def judge(self, answer: Any) -> Feedback:
        """Compare a well-formed answer with the key."""
        raise NotImplementedError

    def validate(self, answer: Any) -> str | None:
        """A message if the answer is empty or of the wrong type, else None."""
        return None

    # shared behaviour -------------------------------------------------------------------
    def check(self, answer: Any) -> Feedback:
        """Judge an answer without saving it (correct is None when it cannot be judged)."""
        answer = _plain(answer)
        problem = self.validate(answer)
        if problem:
            return Feedback(None, problem)
        return self.judge(answer)

    def answer(self, value: Any) -> Feedback:
        """Answer from code: the controls show it, it is checked and saved like a click."""
        value = _plain(value)
        problem = self.validate(value)
        if problem is None:
            self.show(value)
        return self._submit(value)

    def _on_check(self) -> None:
        self._submit(self.current())

    def _submit(self, value: Any) -> Feedback:
        value = _plain(value)
        problem = self.validate(value)
        if problem:  # empty or malformed: explain, count nothing, save nothing
            self._render(None, problem)
            return Feedback(None, problem)
        fb = self.judge(value)
        saved = self._save(value, fb.correct)
        message = fb.message
        if fb.correct is False:
            # Count tries here too, so hints still come when the progress file cannot be written.
            self._tries_seen = max(getattr(self, "_tries_seen", 0) + 1, self.attempts)
            steps = self._hint_steps(self._tries_seen)
            if steps:
                message += "\n" + "\n".join(steps)
        self._render(fb.correct, message, saved, graded=self.graded)
        return Feedback(fb.correct, message)

    HINT_FIRST_TRY = 2  # the first hint step comes with this wrong try; each further wrong try adds one

    def _hint_steps(self, tries: int) -> list[str]:
        """The hint steps reached after `tries` tries, each labelled "Hint 2/3: …". The steps
        (exNN.M.hint, .hint2, .hint3 …) go from where to look, to the method in words, to the
        tools to use; none holds the answer or a line of the solution."""
        keys = ["hint"]
        while self.has_text(f"hint{len(keys) + 1}"):
            keys.append(f"hint{len(keys) + 1}")
        if not self.has_text("hint"):
            return []
        reached = min(len(keys), tries - self.HINT_FIRST_TRY + 1)
        return [
            t("ex.hint", self.lang, n=i, total=len(keys), hint=self.text(key))
            for i, key in enumerate(keys[:reached], start=1)
        ]

    def stored(self, value: Any) -> Any:
        """The form of an answer that goes into the progress file."""
        return _jsonable(value)

    def _save(self, value: Any, correct: bool | None) -> str:
        """Save an attempt; the line under the feedback (saved, or why not, and any notice
        about set-aside answers the student has not seen yet)."""
        try:
            entry = self.store.record(
                self.id, lesson=self.lesson, kind=self.kind, answer=self.stored(value), correct=correct
            )
            self.attempts = entry["attempts"]
        except ProgressBusy:  # the answer stays on screen; the next Check saves it
            return f"<br><span style='color:#b00'>{html.escape(t('progress.busy', self.lang, seconds=f'{progress.LOCK_TIMEOUT:g}'))}</span>"
        except OSError as e:
            return f"<br><span style='color:#b00'>{html.escape(t('ex.save_failed', self.lang, detail=progress.os_error_text(e, self.lang)))}</span>"
        notices = "".join(
            f"<br><i class='lessons-progress-notice'>{html.escape(progress.notice_text(n, self.lang))}</i>"
            for n in self.store.shown
        )
        self.store.shown = []
        return f"<br><small>{html.escape(t('ex.saved', self.lang))} {html.escape(t('ex.attempts', self.lang, n=self.attempts))}</small>{notices}"

    def _render(self, correct: bool | None, message: str, extra: str = "", graded: bool = True) -> None:
        color = {True: "#1b7a3a", False: "#b03a2e", None: "#7a5b00" if graded else "#1f4e79"}[correct]
        head = {
            True: t("ex.correct", self.lang),
            False: t("ex.wrong", self.lang),
            None: "" if graded else t("ex.saved_head", self.lang),
        }[correct]
        state = str(correct).lower() if graded else "saved"
        self.feedback.value = (
            f"<div class='lessons-feedback' data-correct='{state}' style='color:{color}'>"
            f"<b>{html.escape(head)}</b> {html.escape(message).replace(chr(10), '<br>')}{extra}</div>"
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
                f"<div class='lessons-progress-notice' style='color:#b03a2e'><i>{html.escape(progress.notice_text(n, self.lang))}</i></div>"
                for n in self.store.unseen
            )

    def restore(self, entry: dict) -> None:
        if self.validate(entry.get("answer")) is None:
            self.show(entry["answer"])
            fb = self.judge(entry["answer"])
            self._render(
                fb.correct,
                t("ex.restored", self.lang) + " " + fb.message,
                f"<br><small>{html.escape(t('ex.attempts', self.lang, n=self.attempts))}</small>",
                graded=self.graded,
            )


def _plain(value: Any) -> Any:
    """An answer as the course compares it: text in NFC (a keyboard or a copy-paste may send it
    decomposed), numpy numbers as Python numbers, inside lists, tuples, sets and dicts too.
    Anything else (a student's function) is left as it is."""
    from lessons.core.errors import plain

    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return plain(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _type_name(value: Any, lang: str) -> str:
    """What the student gave, in words of the notebook's language ("một chuỗi chữ ('abc')"), never a Python type name."""
    from lessons.core.errors import describe_value

    return describe_value(value, lang)


class MultipleChoice(Exercise):
    """One right option; every option explains itself when chosen."""

    kind = "choice"

    def __init__(self, exercise_id: str, *, options: list[str], answer: str, **kw):
        self.options, self.answer_key = list(options), answer
        super().__init__(exercise_id, **kw)

    def controls(self) -> widgets.Widget:
        self.radio = widgets.RadioButtons(
            options=[(self.text(f"opt.{o}"), o) for o in self.options], value=None, layout=widgets.Layout(width="auto")
        )
        return self.radio

    def current(self) -> Any:
        return self.radio.value

    def show(self, answer: Any) -> None:
        self.radio.value = answer

    def validate(self, answer: Any) -> str | None:
        if answer is None or answer == "":
            return t("ex.empty", self.lang)
        if not isinstance(answer, str):
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_choice", self.lang),
                got=_type_name(answer, self.lang),
            )
        if answer not in self.options:
            return t("ex.unknown_option", self.lang, value=answer, allowed=", ".join(self.options))
        return None

    def judge(self, answer: str) -> Feedback:
        return Feedback(answer == self.answer_key, self.text(f"why.{answer}"))


class MultiSelect(Exercise):
    """Several right options; feedback names how many are missing or extra, and why."""

    kind = "multi"

    def __init__(self, exercise_id: str, *, options: list[str], answers: list[str], **kw):
        self.options, self.answer_key = list(options), set(answers)
        super().__init__(exercise_id, **kw)

    def controls(self) -> widgets.Widget:
        self.boxes = {
            o: widgets.Checkbox(
                value=False, description=self.text(f"opt.{o}"), indent=False, layout=widgets.Layout(width="auto")
            )
            for o in self.options
        }
        return widgets.VBox(list(self.boxes.values()))

    def current(self) -> Any:
        return [o for o, box in self.boxes.items() if box.value]

    def show(self, answer: Any) -> None:
        for o, box in self.boxes.items():
            box.value = o in answer

    def validate(self, answer: Any) -> str | None:
        if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_list", self.lang),
                got=_type_name(answer, self.lang),
            )
        if not answer:
            return t("ex.empty", self.lang)
        for value in answer:
            if value not in self.options:
                return t("ex.unknown_option", self.lang, value=value, allowed=", ".join(self.options))
        return None

    def judge(self, answer) -> Feedback:
        chosen = set(answer)
        missing, extra = self.answer_key - chosen, chosen - self.answer_key
        if not missing and not extra:
            return Feedback(True, self.text("why.all"))
        parts = []
        if missing:
            parts.append(t("ex.multi_missing", self.lang, n=len(missing)))
        if extra:
            parts.append(t("ex.multi_extra", self.lang, n=len(extra)))
            parts.extend(self.text(f"why.{o}") for o in self.options if o in extra)
        return Feedback(False, " ".join(parts))


class Ordering(Exercise):
    """Put items in order with ↑/↓ buttons; feedback counts misplaced items."""

    kind = "ordering"

    def __init__(self, exercise_id: str, *, items: list[str], start: list[str] | None = None, **kw):
        self.answer_key = list(items)
        self.order = list(start or list(reversed(items)))
        super().__init__(exercise_id, **kw)

    def controls(self) -> widgets.Widget:
        self.rows = widgets.VBox()
        self._draw()
        return widgets.VBox([widgets.HTML(f"<small>{html.escape(t('ex.order_help', self.lang))}</small>"), self.rows])

    def _draw(self) -> None:
        rows = []
        for i, item in enumerate(self.order):
            up = widgets.Button(description=t("ex.up", self.lang), layout=widgets.Layout(width="36px"), disabled=i == 0)
            down = widgets.Button(
                description=t("ex.down", self.lang),
                layout=widgets.Layout(width="36px"),
                disabled=i == len(self.order) - 1,
            )
            up.on_click(lambda _, i=i: self.move(i, -1))
            down.on_click(lambda _, i=i: self.move(i, +1))
            rows.append(widgets.HBox([up, down, widgets.HTML(f"{i + 1}. {html.escape(self.text(f'item.{item}'))}")]))
        self.rows.children = rows

    def move(self, index: int, step: int) -> None:
        j = index + step
        if 0 <= index < len(self.order) and 0 <= j < len(self.order):
            self.order[index], self.order[j] = self.order[j], self.order[index]
            self._draw()

    def current(self) -> Any:
        return list(self.order)

    def show(self, answer: Any) -> None:
        self.order = list(answer)
        self._draw()

    def validate(self, answer: Any) -> str | None:
        if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_list", self.lang),
                got=_type_name(answer, self.lang),
            )
        if sorted(map(str, answer)) != sorted(self.answer_key):
            bad = next((a for a in answer if a not in self.answer_key), None)
            if bad is not None:
                return t(
                    "ex.unknown_option", self.lang, value=bad, allowed=", ".join(sorted(self.answer_key))
                )  # sorted: the key is the right order
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_list", self.lang) + f" ({len(self.answer_key)})",
                got=_type_name(answer, self.lang),
            )
        return None

    def judge(self, answer) -> Feedback:
        wrong = sum(a != b for a, b in zip(answer, self.answer_key))
        if wrong == 0:
            return Feedback(True, self.text("why.all"))
        return Feedback(False, t("ex.order_wrong_count", self.lang, n=wrong))


class Numeric(Exercise):
    """A number the student computes (e.g. with pandas); accepts "3,5" or "3.5", with a tolerance."""

    kind = "numeric"

    def __init__(self, exercise_id: str, *, answer: Callable[[], float] | float, tolerance: float = 0.0, **kw):
        self._answer, self.tolerance = answer, tolerance
        super().__init__(exercise_id, **kw)

    @property
    def answer_key(self) -> float:
        return float(self._answer() if callable(self._answer) else self._answer)

    def controls(self) -> widgets.Widget:
        self.entry = widgets.Text(placeholder="0", layout=widgets.Layout(width="160px"))
        return self.entry

    def current(self) -> Any:
        return self.entry.value

    def show(self, answer: Any) -> None:
        self.entry.value = str(answer)

    @staticmethod
    def parse(answer: Any) -> float | None:
        if isinstance(answer, bool):
            return None
        if isinstance(answer, (int, float)):
            return float(answer)
        if isinstance(answer, str):
            try:
                value = float(answer.strip().replace(" ", "").replace(",", "."))
            except ValueError:
                return None
            return value
        return None

    def validate(self, answer: Any) -> str | None:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return t("ex.empty", self.lang)
        value = self.parse(answer)
        if value is None or math.isnan(value) or math.isinf(value):
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_number", self.lang),
                got=_type_name(answer, self.lang),
            )
        return None

    def judge(self, answer) -> Feedback:
        value = self.parse(answer)
        if abs(value - self.answer_key) <= self.tolerance:
            return Feedback(True, self.text("why.right"))
        direction = "high" if value > self.answer_key else "low"
        return Feedback(False, self.text(f"why.{direction}"))


class Matching(Exercise):
    """Match each term to its definition with one drop-down per term."""

    kind = "matching"

    def __init__(self, exercise_id: str, *, pairs: dict[str, str], **kw):
        self.answer_key = dict(pairs)
        # Definitions in a fixed order that does not follow the terms' order.
        self.definitions = sorted(set(pairs.values()))
        super().__init__(exercise_id, **kw)

    def controls(self) -> widgets.Widget:
        choose = t("ex.match_choose", self.lang)
        options = [(choose, "")] + [(self.text(f"def.{d}"), d) for d in self.definitions]  # "": nothing chosen yet
        self.menus = {}
        rows = []
        for term in self.answer_key:
            menu = widgets.Dropdown(options=options, value="", layout=widgets.Layout(width="auto", max_width="640px"))
            self.menus[term] = menu
            rows.append(
                widgets.HBox(
                    [
                        widgets.HTML(
                            f"<b>{html.escape(self.text(f'term.{term}'))}</b>", layout=widgets.Layout(width="220px")
                        ),
                        menu,
                    ]
                )
            )
        return widgets.VBox(rows)

    def current(self) -> Any:
        return {term: (menu.value or None) for term, menu in self.menus.items()}

    def show(self, answer: Any) -> None:
        for term, menu in self.menus.items():
            menu.value = answer.get(term) or ""

    def validate(self, answer: Any) -> str | None:
        if not isinstance(answer, dict):
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_pairs", self.lang),
                got=_type_name(answer, self.lang),
            )
        for term, definition in answer.items():
            if term not in self.answer_key:
                return t("ex.unknown_option", self.lang, value=term, allowed=", ".join(self.answer_key))
            if definition is not None and definition not in self.definitions:
                return t("ex.unknown_option", self.lang, value=definition, allowed=", ".join(self.definitions))
        missing = [term for term in self.answer_key if answer.get(term) is None]
        if len(missing) == len(self.answer_key):
            return t("ex.empty", self.lang)
        if missing:
            return t("ex.match_incomplete", self.lang, n=len(missing))
        return None

    def judge(self, answer: dict) -> Feedback:
        wrong = [term for term, definition in self.answer_key.items() if answer[term] != definition]
        if not wrong:
            return Feedback(True, self.text("why.all"))
        parts = [t("ex.match_wrong", self.lang, n=len(wrong))]
        parts += [self.text(f"why.{term}") for term in wrong if self.has_text(f"why.{term}")]
        return Feedback(False, " ".join(parts))


class ShortAnswer(Exercise):
    """A few sentences, saved as the student writes them; no grade. The model answer is in
    the teacher edition."""

    kind = "short"
    graded = False
    MAX_CHARS = 4000

    def controls(self) -> widgets.Widget:
        self.box = widgets.Textarea(
            placeholder=t("ex.short_placeholder", self.lang),
            layout=widgets.Layout(width="100%", max_width="760px", height="120px"),
        )
        return self.box

    def __init__(self, exercise_id: str, *, min_words: int = 5, **kw):
        self.min_words = min_words
        self.answer_key = None  # there is none: a model answer lives in the teacher edition
        super().__init__(exercise_id, **kw)
        self.button.description = t("ex.save", self.lang)

    def current(self) -> Any:
        return self.box.value

    def show(self, answer: Any) -> None:
        self.box.value = answer

    def validate(self, answer: Any) -> str | None:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return t("ex.short_empty", self.lang)
        if not isinstance(answer, str):
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_text", self.lang),
                got=_type_name(answer, self.lang),
            )
        if len(answer) > self.MAX_CHARS:
            return t("ex.short_too_long", self.lang, n=len(answer), max=self.MAX_CHARS)
        if len(answer.split()) < self.min_words:
            return t("ex.short_too_short", self.lang, n=len(answer.split()), min=self.min_words)
        return None

    def judge(self, answer: str) -> Feedback:
        return Feedback(None, t("ex.short_saved", self.lang, n=len(answer.split())))


class Code(Exercise):
    """The student writes a function in their own notebook; it is called on test cases and
    each failing case is explained. Student text is never evaluated: we call the function
    object their kernel already holds, in a separate worker process (lessons.coderun) with a
    time limit, a memory limit and a cap on printed output, so that nothing it does reaches
    the kernel. The expected values are computed here, in the kernel, and never shown for
    cases run on the course's real data (they would give away numeric exercises' answers)."""

    kind = "code"

    def __init__(
        self,
        exercise_id: str,
        *,
        function: str,
        reference: Callable,
        cases: dict[str, Callable[[], tuple]],
        tolerance: float = 1e-9,
        seconds: float = 2.0,
        reveal: tuple[str, ...] = (),
        method: str | None = None,
        memory_mb: int | None = None,
        **kw,
    ):
        self.function, self.reference, self.cases = function, reference, dict(cases)
        self.tolerance, self.seconds = tolerance, seconds
        self.reveal = set(reveal)  # cases on small made-up tables whose expected value may be shown
        self.method, self.memory_mb = method, memory_mb
        self.answer_key = reference
        self.last_run = None
        super().__init__(exercise_id, **kw)

    def controls(self) -> widgets.Widget:
        return widgets.HTML(f"<small>{html.escape(t('ex.code_help', self.lang, name=self.function))}</small>")

    def current(self) -> Any:
        """The function of that name in the student's kernel (or _MISSING)."""
        try:
            from IPython import get_ipython

            shell = get_ipython()
        except ImportError:  # pragma: no cover
            shell = None
        namespace = shell.user_ns if shell is not None else {}
        return namespace.get(self.function, _MISSING)

    def show(self, answer: Any) -> None:
        pass  # the code stays in the student's own cell

    def stored(self, value: Any) -> Any:
        import types

        if type(value) is not types.FunctionType:  # a callable object: its attributes could run code
            return "<source not available>"
        try:
            return _function_source(value.__code__) or "<source not available>"
        except BaseException:  # no source (built in, or made at run time), or an odd object
            return "<source not available>"

    def validate(self, answer: Any) -> str | None:
        if answer is _MISSING or answer is None:
            return t("ex.code_missing", self.lang, name=self.function)
        # type() and callable() look at the class only: no code of the student's runs here
        if not callable(answer) or issubclass(type(answer), type):
            return t("ex.code_not_function", self.lang, name=self.function, got=_code_kind_of(answer, self.lang))
        return None

    def run(self, fn: Callable) -> list:
        """Each case's result. The function runs in a worker process; the expected values are
        computed afterwards, here, so the worker never holds them."""
        from lessons.exercises.coderun import MEMORY_MB, CannotSend, CaseResult, judge_outcome, run_function

        cases = [(case, make_args()) for case, make_args in self.cases.items()]
        try:
            self.last_run = run = run_function(
                fn, cases, seconds=self.seconds, method=self.method, memory_mb=self.memory_mb or MEMORY_MB
            )
        except CannotSend:
            self.last_run = None
            return [CaseResult(case, False, "unsendable") for case, _ in cases]
        results = []
        for case, args in cases:
            expected = self.reference(*args)
            results.append(
                judge_outcome(
                    case, run.outcomes.get(case, {}), expected, tolerance=self.tolerance, seconds=self.seconds
                )
            )
        return results

    def judge(self, answer: Callable) -> Feedback:
        results = self.run(answer)
        failed = [r for r in results if not r.ok]
        if not failed:
            message = t("ex.code_all_pass", self.lang, n=len(results)) + " " + self.text("why.right")
            return Feedback(True, message + self._printed())
        if all(r.problem == "unsendable" for r in results):
            return Feedback(False, t("ex.code_unsendable", self.lang, name=self.function))
        lines = [t("ex.code_summary", self.lang, passed=len(results) - len(failed), n=len(results))]
        for r in failed:
            lines.append(t("ex.code_case", self.lang, case=self.text(f"case.{r.case}"), reason=self._reason(r)))
        return Feedback(False, "\n".join(lines) + self._printed())

    def _reason(self, r) -> str:
        """Why one case failed, in the notebook's language (no Python type names in Vietnamese)."""
        from lessons.exercises.coderun import MEMORY_MB

        if r.problem == "type":
            got, _, expected = (self._kind_name(k) for k in r.detail.partition("|"))
            return t("ex.code_type", self.lang, got=got, expected=expected)
        if r.problem == "value":
            got = r.info.get("got", "")
            if "digits" in r.info:
                got = t("ex.code_big_number", self.lang, digits=r.info["digits"])
            if r.case in self.reveal:
                return t("ex.code_value", self.lang, got=got, expected=r.info.get("expected", ""))
            direction = r.info.get("direction")
            return t(
                f"ex.code_value_{direction}" if direction in ("high", "low") else "ex.code_value_other",
                self.lang,
                got=got,
            )
        if r.problem == "timeout":
            return t("ex.code_timeout", self.lang, seconds=r.detail)
        if r.problem == "memory":
            return t("ex.code_memory", self.lang, mb=self.memory_mb or MEMORY_MB)
        if r.problem == "raised":
            category = r.info.get("category") or "other"
            if category not in _ERROR_CATEGORIES:
                category = "other"
            reason = t(
                f"ex.code_err_{category}", self.lang, name=r.info.get("name") or "?", n=r.info.get("n_args") or "?"
            )
            if self.lang != "vi" and r.detail:  # Python's own words help in English, never in Vietnamese
                reason = f"{reason.rstrip('.')} ({r.detail})."
            return reason
        if r.problem in (
            "none",
            "skipped",
            "exited",
            "crashed",
            "recursion",
            "input",
            "transfer",
            "unsendable",
            "startfail",
            "interrupted",
        ):
            return t(f"ex.code_{r.problem}", self.lang, name=self.function)
        return t("ex.code_transfer", self.lang)

    def _printed(self) -> str:
        """What the function printed (first characters only), as lines to add to the message."""
        run = self.last_run
        if run is None or not run.printed_total:
            return ""
        text = "\n" + t("ex.code_output", self.lang) + "\n" + run.printed.rstrip("\n")
        if run.printed_total > len(run.printed):
            text += "\n" + t("ex.code_output_cut", self.lang, n=run.printed_total - len(run.printed))
        return text

    def _kind_name(self, kind: str) -> str:
        """A value's kind ("number", "DataFrame", …) as the student's language says it."""
        from lessons.core.text import strings

        key = f"ex.kind.{kind}"
        if key in strings(self.lang):
            return t(key, self.lang)
        return _other_kind(kind.removeprefix("other:"), self.lang)

    def restore(self, entry: dict) -> None:
        """The function itself lives in the student's cell; show last time's result."""
        message = t(
            "ex.code_restored_ok" if entry.get("correct") else "ex.code_restored_not_yet", self.lang, name=self.function
        )
        self._render(
            entry.get("correct"),
            message,
            f"<br><small>{html.escape(t('ex.attempts', self.lang, n=self.attempts))}</small>",
        )


_ERROR_CATEGORIES = ("key", "name", "attribute", "import", "arguments", "zero", "index", "type", "value", "other")


def _code_kind_of(value: Any, lang: str) -> str:
    """What a non-function answer is, without calling its methods; Python names only in English."""
    from lessons.exercises.coderun import _safe_type_name

    name = _safe_type_name(value)
    kinds = {"int": "number", "float": "number", "str": "str", "list": "list", "dict": "dict", "tuple": "list"}
    from lessons.core.text import strings

    key = f"ex.kind.{kinds.get(name, '')}"
    return t(key, lang) if key in strings(lang) else _other_kind(name, lang)


def _other_kind(type_name: str, lang: str) -> str:
    """ "value of another kind": in English with Python's name for it, never in Vietnamese."""
    text = t("ex.code_kind_other", lang)
    return text if lang == "vi" else f"{text} ({type_name})"


_MISSING = object()

SOURCE_FILE_BYTES = 2_000_000  # a function's source is read only from a regular file at most this size


def _function_source(code) -> str | None:
    """The source lines of a function's code object, read without running anything of the
    student's: no `__wrapped__` is followed (inspect.getsource would), and a file is read only if
    the notebook's cell cache holds it or it is a regular file of modest size (never a FIFO or a
    device, which would block the kernel)."""
    import inspect
    import linecache

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


class Scenario(Exercise):
    """A "what if": the student picks one setting per dimension; the consequences come back argued
    with figures from the course's data. No right answer, so no grade; the choices are saved."""

    kind = "scenario"
    graded = False

    def __init__(self, exercise_id: str, *, dimensions: dict[str, list[str]], facts: Callable[[str], dict], **kw):
        self.dimensions, self.facts = {d: list(opts) for d, opts in dimensions.items()}, facts
        self.answer_key = None
        super().__init__(exercise_id, **kw)
        self.button.description = t("ex.scenario_run", self.lang)

    def controls(self) -> widgets.Widget:
        self.pickers = {
            d: widgets.RadioButtons(
                options=[(self.text(f"{d}.{o}"), o) for o in opts],
                value=None,
                description=self.text(f"{d}.label"),
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto", margin="0 24px 6px 0"),
            )
            for d, opts in self.dimensions.items()
        }
        return widgets.HBox(list(self.pickers.values()), layout=widgets.Layout(flex_flow="row wrap"))

    def current(self) -> Any:
        return {d: p.value for d, p in self.pickers.items()}

    def show(self, answer: Any) -> None:
        for d, value in answer.items():
            self.pickers[d].value = value

    def validate(self, answer: Any) -> str | None:
        if not isinstance(answer, dict):
            return t(
                "ex.bad_answer_type",
                self.lang,
                expected=t("ex.type_scenario", self.lang),
                got=_type_name(answer, self.lang),
            )
        missing = [self.text(f"{d}.label") for d in self.dimensions if answer.get(d) in (None, "")]
        if missing:
            return t("ex.scenario_missing", self.lang, what=", ".join(missing))
        for d, value in answer.items():
            if d not in self.dimensions or value not in self.dimensions[d]:
                allowed = ", ".join(f"{k}: {'/'.join(v)}" for k, v in self.dimensions.items())
                return t("ex.unknown_option", self.lang, value=f"{d}={value}", allowed=allowed)
        return None

    def judge(self, answer: dict) -> Feedback:
        facts = self.facts(self.lang)
        parts = [self.text(f"{d}.then.{answer[d]}", **facts) for d in self.dimensions]
        return Feedback(None, "\n".join(parts) + "\n" + self.text("ask"))
