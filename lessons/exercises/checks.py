"""The pure checks: an exercise's spec and a student's answer in, a `Verdict` out.

Nothing here shows a widget, reads or writes the progress store, or starts a process: a code
exercise's function is run by an adapter the caller passes in (`run=`, see
`lessons.exercises.coderun.run_cases`), so these checks can later run in a browser-only Python.
One class per kind (`KINDS`); each says which of its wording parts it uses (`parts`), so a test
can check a content file has every string it needs and none it does not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from lessons.core.errors import describe_value, plain
from lessons.core.locale import shows_library_words
from lessons.core.text import fill, strings, t

HINT_FIRST_TRY = 2  # the first hint step comes with this wrong try; each further wrong try adds one


@dataclass
class Spec:
    """One exercise as its lesson's content file declares it: kind, parameters (answer key …)
    and its wording, part by part ("prompt", "opt.tkm", "hint2" …), in every language."""

    id: str
    kind: str
    params: dict
    texts: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]

    @property
    def check(self) -> type[Kind]:
        return KINDS[self.kind]

    def text(self, part: str, lang: str, **values: object) -> str:
        return fill(self.texts[part][lang], lang, **values)

    def has_text(self, part: str, lang: str) -> bool:
        return lang in self.texts.get(part, {})

    def copy(self) -> Spec:
        return Spec(self.id, self.kind, dict(self.params), self.texts)


@dataclass(frozen=True)
class Msg:
    """One sentence of feedback: a course string (`key` in lessons/i18n) or a part of the
    exercise's own wording (`own`), with its values already in the answer's language."""

    key: str
    values: dict = field(default_factory=dict)
    own: bool = False
    tail: bool = False  # joined to the message without a separator (printed output)

    def say(self, spec: Spec, lang: str) -> str:
        if self.key == "":  # text given as it is (what a student's function printed)
            return str(self.values.get("text", ""))
        return spec.text(self.key, lang, **self.values) if self.own else t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Verdict:
    """What a check concluded. `valid` False: the answer is empty or malformed (explained in
    `message`; it counts as no attempt and is not saved). `graded` False: the answer is kept,
    never judged (short answers, the scenario). `hints`: the hint steps this wrong try reached."""

    correct: bool | None
    graded: bool
    message: str
    messages: tuple[Msg, ...] = ()
    valid: bool = True
    hints: tuple[str, ...] = ()
    report: Any = None  # a code exercise: what the adapter reported (the worker's run)

    @property
    def full_message(self) -> str:
        """The message with the hint steps reached, one per line."""
        return "\n".join([self.message, *self.hints]) if self.hints else self.message


class CodeRunner(Protocol):
    """Runs a student's function on the cases and judges each result (see coderun.run_cases)."""

    def __call__(
        self,
        fn: Callable,
        cases: list[tuple[str, tuple]],
        expected_of: Callable[[tuple], Any],
        *,
        seconds: float,
        tolerance: float,
        method: str | None,
        memory_mb: int | None,
    ) -> Any: ...


def normalise(value: Any) -> Any:
    """An answer as the course compares it: text in NFC (a keyboard or a copy-paste may send it
    decomposed), numpy numbers as Python numbers, inside lists, tuples, sets and dicts too.
    Anything else (a student's function) is left as it is."""
    if isinstance(value, dict):
        return {normalise(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return type(value)(normalise(v) for v in value)
    if isinstance(value, (list, tuple)):
        return type(value)(normalise(v) for v in value)
    return plain(value)


def check(spec: Spec, answer: Any, lang: str, *, tries: int = 0, run: CodeRunner | None = None) -> Verdict:
    """Judge `answer` to `spec` in `lang`. `tries`: wrong tries so far, this one included (the
    hint steps reached are added to a wrong verdict). `run`: the code runner (code exercises)."""
    kind = KINDS[spec.kind]
    answer = normalise(answer)
    problem = kind.validate(spec, answer, lang)
    if problem is not None:
        return Verdict(None, kind.graded, problem.say(spec, lang), (problem,), valid=False)
    correct, messages, sep, report = kind.judge(spec, answer, lang, run)
    message = sep.join(m.say(spec, lang) for m in messages if not m.tail)
    message += "".join(m.say(spec, lang) for m in messages if m.tail)
    hints = tuple(hint_steps(spec, lang, tries)) if correct is False else ()
    return Verdict(correct, kind.graded, message, tuple(messages), hints=hints, report=report)


def hint_parts(spec: Spec, lang: str) -> list[str]:
    """The exercise's hint steps in order: "hint", "hint2", "hint3" …"""
    if not spec.has_text("hint", lang):
        return []
    parts = ["hint"]
    while spec.has_text(f"hint{len(parts) + 1}", lang):
        parts.append(f"hint{len(parts) + 1}")
    return parts


def hint_steps(spec: Spec, lang: str, tries: int) -> list[str]:
    """The hint steps reached after `tries` wrong tries, each labelled "Hint 2/3: …". The steps
    go from where to look, to the method in words, to the tools to use; none holds the answer."""
    parts = hint_parts(spec, lang)
    reached = min(len(parts), tries - HINT_FIRST_TRY + 1)
    return [
        t("ex.hint", lang, n=i, total=len(parts), hint=spec.text(part, lang))
        for i, part in enumerate(parts[: max(reached, 0)], start=1)
    ]


def _bad_type(expected: str, answer: Any, lang: str) -> Msg:
    return Msg("ex.bad_answer_type", {"expected": t(expected, lang), "got": describe_value(answer, lang)})


class Kind:
    """One kind of exercise: how an answer is validated and judged, and the wording it uses."""

    kind = "exercise"
    graded = True
    params: tuple[str, ...] = ()

    @classmethod
    def validate(cls, spec: Spec, answer: Any, lang: str) -> Msg | None:
        return None

    @classmethod
    def judge(cls, spec: Spec, answer: Any, lang: str, run: CodeRunner | None) -> tuple:
        """(correct, messages, separator, report)."""
        raise NotImplementedError

    @classmethod
    def key(cls, spec: Spec) -> Any:
        """The right answer (None for kinds without one)."""
        return None

    @classmethod
    def parts(cls, spec: Spec) -> set[str]:
        """Every wording part this exercise uses besides its hint steps."""
        return {"prompt"}


class MultipleChoice(Kind):
    """One right option; every option explains itself when chosen."""

    kind = "choice"
    params = ("options", "answer")

    @classmethod
    def validate(cls, spec, answer, lang):
        options = spec.params["options"]
        if answer is None or answer == "":
            return Msg("ex.empty")
        if not isinstance(answer, str):
            return _bad_type("ex.type_choice", answer, lang)
        if answer not in options:
            return Msg("ex.unknown_option", {"value": answer, "allowed": ", ".join(options)})
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        return answer == spec.params["answer"], [Msg(f"why.{answer}", own=True)], " ", None

    @classmethod
    def key(cls, spec):
        return spec.params["answer"]

    @classmethod
    def parts(cls, spec):
        options = spec.params["options"]
        return {"prompt"} | {f"opt.{o}" for o in options} | {f"why.{o}" for o in options}


class MultiSelect(Kind):
    """Several right options; feedback names how many are missing or extra, and why."""

    kind = "multi"
    params = ("options", "answers")

    @classmethod
    def validate(cls, spec, answer, lang):
        if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
            return _bad_type("ex.type_list", answer, lang)
        if not answer:
            return Msg("ex.empty")
        for value in answer:
            if value not in spec.params["options"]:
                return Msg("ex.unknown_option", {"value": value, "allowed": ", ".join(spec.params["options"])})
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        key, chosen = set(spec.params["answers"]), set(answer)
        missing, extra = key - chosen, chosen - key
        if not missing and not extra:
            return True, [Msg("why.all", own=True)], " ", None
        messages = []
        if missing:
            messages.append(Msg("ex.multi_missing", {"n": len(missing)}))
        if extra:
            messages.append(Msg("ex.multi_extra", {"n": len(extra)}))
            messages += [Msg(f"why.{o}", own=True) for o in spec.params["options"] if o in extra]
        return False, messages, " ", None

    @classmethod
    def key(cls, spec):
        return set(spec.params["answers"])

    @classmethod
    def parts(cls, spec):
        options, key = spec.params["options"], set(spec.params["answers"])
        return {"prompt", "why.all"} | {f"opt.{o}" for o in options} | {f"why.{o}" for o in options if o not in key}


class Ordering(Kind):
    """Put items in order; feedback counts misplaced items."""

    kind = "ordering"
    params = ("items", "start")

    @classmethod
    def validate(cls, spec, answer, lang):
        items = spec.params["items"]
        if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
            return _bad_type("ex.type_list", answer, lang)
        if sorted(map(str, answer)) != sorted(items):
            bad = next((a for a in answer if a not in items), None)
            if bad is not None:  # sorted: the key is the right order
                return Msg("ex.unknown_option", {"value": bad, "allowed": ", ".join(sorted(items))})
            return Msg(
                "ex.bad_answer_type",
                {"expected": t("ex.type_list", lang) + f" ({len(items)})", "got": describe_value(answer, lang)},
            )
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        wrong = sum(a != b for a, b in zip(answer, spec.params["items"]))
        if wrong == 0:
            return True, [Msg("why.all", own=True)], " ", None
        return False, [Msg("ex.order_wrong_count", {"n": wrong})], " ", None

    @classmethod
    def key(cls, spec):
        return list(spec.params["items"])

    @classmethod
    def parts(cls, spec):
        return {"prompt", "why.all"} | {f"item.{i}" for i in spec.params["items"]}


class Numeric(Kind):
    """A number the student computes; accepts "3,5" or "3.5", with a tolerance.

    `percent = true`: the answer is a percentage, so a share typed instead (0.81 for 81%, as
    `.mean()` gives it) gets its own feedback (`why.share`), not the "too low" one."""

    kind = "numeric"
    params = ("answer", "tolerance", "percent")

    @staticmethod
    def parse(answer: Any, percent: bool = False) -> float | None:
        """The number typed; a percent exercise also takes a trailing "%" ("81%", "81,2 %")."""
        if isinstance(answer, bool):
            return None
        if isinstance(answer, (int, float)):
            return float(answer)
        if isinstance(answer, str):
            typed = answer.strip().replace(" ", "").replace(",", ".")
            if percent and typed.endswith("%"):
                typed = typed[:-1]
            try:
                return float(typed)
            except ValueError:
                return None
        return None

    @classmethod
    def validate(cls, spec, answer, lang):
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Msg("ex.empty")
        value = cls.parse(answer, bool(spec.params.get("percent")))
        if value is None or math.isnan(value) or math.isinf(value):
            return _bad_type("ex.type_number", answer, lang)
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        value, key = cls.parse(answer, bool(spec.params.get("percent"))), cls.key(spec)
        tolerance = spec.params.get("tolerance", 0.0)
        if abs(value - key) <= tolerance:
            return True, [Msg("why.right", own=True)], " ", None
        if spec.params.get("percent") and cls.is_share_of(answer, value, key, tolerance):
            return False, [Msg("why.share", own=True)], " ", None
        return False, [Msg("why.high" if value > key else "why.low", own=True)], " ", None

    @classmethod
    def is_share_of(cls, answer: Any, value: float, key: float, tolerance: float) -> bool:
        """Whether `value` is the percentage `key` written as a share: times 100 it is within the
        tolerance, or it is key/100 rounded to the decimals the student typed (0.8 for 81.2%)."""
        if key == 0 or value == 0:
            return False
        if abs(value * 100 - key) <= tolerance:
            return True
        typed = answer.strip().rstrip("%").strip().replace(",", ".") if isinstance(answer, str) else repr(answer)
        decimals = len(typed.split(".", 1)[1]) if "." in typed and "e" not in typed.lower() else 0
        return decimals > 0 and round(key / 100, decimals) == round(value, decimals)

    @classmethod
    def key(cls, spec):
        answer = spec.params["answer"]
        return float(answer() if callable(answer) else answer)

    @classmethod
    def parts(cls, spec):
        return {"prompt", "why.right", "why.high", "why.low"} | ({"why.share"} if spec.params.get("percent") else set())


class Matching(Kind):
    """Match each term to its definition."""

    kind = "matching"
    params = ("pairs",)

    @staticmethod
    def definitions(spec: Spec) -> list[str]:
        """The definitions in a fixed order that does not follow the terms' order."""
        return sorted(set(spec.params["pairs"].values()))

    @classmethod
    def validate(cls, spec, answer, lang):
        pairs, definitions = spec.params["pairs"], cls.definitions(spec)
        if not isinstance(answer, dict):
            return _bad_type("ex.type_pairs", answer, lang)
        for term, definition in answer.items():
            if term not in pairs:
                return Msg("ex.unknown_option", {"value": term, "allowed": ", ".join(pairs)})
            if definition is not None and definition not in definitions:
                return Msg("ex.unknown_option", {"value": definition, "allowed": ", ".join(definitions)})
        missing = [term for term in pairs if answer.get(term) is None]
        if len(missing) == len(pairs):
            return Msg("ex.empty")
        if missing:
            return Msg("ex.match_incomplete", {"n": len(missing)})
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        wrong = [term for term, definition in spec.params["pairs"].items() if answer[term] != definition]
        if not wrong:
            return True, [Msg("why.all", own=True)], " ", None
        messages = [Msg("ex.match_wrong", {"n": len(wrong)})]
        messages += [Msg(f"why.{term}", own=True) for term in wrong if spec.has_text(f"why.{term}", lang)]
        return False, messages, " ", None

    @classmethod
    def key(cls, spec):
        return dict(spec.params["pairs"])

    @classmethod
    def parts(cls, spec):
        pairs = spec.params["pairs"]
        return (
            {"prompt", "why.all"}
            | {f"term.{term}" for term in pairs}
            | {f"def.{d}" for d in pairs.values()}
            | {p for p in spec.texts if p.startswith("why.") and p[4:] in pairs}  # a reason per term: optional
        )


class ShortAnswer(Kind):
    """A few sentences, saved as written; no grade (the model answer is in the teacher edition).
    Length is counted in `count_words` units, the same unit the prompt names (`min_words`, and
    `max_words` where the prompt gives a range)."""

    kind = "short"
    graded = False
    params = ("min_words", "max_words")
    MAX_CHARS = 4000

    @classmethod
    def validate(cls, spec, answer, lang):
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Msg("ex.short_empty")
        if not isinstance(answer, str):
            return _bad_type("ex.type_text", answer, lang)
        if len(answer) > cls.MAX_CHARS:
            return Msg("ex.short_too_long", {"n": len(answer), "max": cls.MAX_CHARS})
        words = count_words(answer)
        least, most = word_limit(spec, "min_words", lang) or 5, word_limit(spec, "max_words", lang)
        if words < least:
            return Msg("ex.short_too_short", {"n": words, "min": least})
        if most is not None and words > most:
            return Msg("ex.short_too_many", {"n": words, "max": most})
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        return None, [Msg("ex.short_saved", {"n": count_words(answer)})], " ", None


def word_limit(spec: Spec, name: str, lang: str) -> int | None:
    """A short answer's `min_words` / `max_words` in `lang`: one number, or one per language
    ({ vi = 40, en = 25 }), since the same answer takes about 1.6 times as many Vietnamese "chữ"
    as English words (lesson 08's model brief: 329 chữ, 204 words)."""
    value = spec.params.get(name)
    if isinstance(value, dict):  # a language without its own number takes the first one given
        return value[lang] if lang in value else next(iter(value.values()))
    return value


def count_words(text: str) -> int:
    """How long a written answer is: the pieces between spaces that hold a letter or a digit
    (a dash or "..." standing alone is not counted).

    In Vietnamese this is the "chữ", the written syllable: the unit Vietnamese school writing
    tasks give lengths in ("đoạn văn khoảng 200 chữ") and the one a word processor counts, so a
    student can check it. A Vietnamese "từ" (word) is often two or more syllables ("chính phủ",
    "Liên hợp quốc"), and splitting text into "từ" needs a statistical segmenter whose counts a
    student cannot reproduce, so the Vietnamese prompts and messages say "chữ", not "từ".
    In English it is the word."""
    return sum(any(ch.isalnum() for ch in piece) for piece in text.split())


class Scenario(Kind):
    """A "what if": one setting per dimension; the consequences come back argued with figures
    from the course's data. No right answer, so no grade."""

    kind = "scenario"
    graded = False
    params = ("dimensions", "facts")

    @classmethod
    def validate(cls, spec, answer, lang):
        dimensions = spec.params["dimensions"]
        if not isinstance(answer, dict):
            return _bad_type("ex.type_scenario", answer, lang)
        missing = [spec.text(f"{d}.label", lang) for d in dimensions if answer.get(d) in (None, "")]
        if missing:
            return Msg("ex.scenario_missing", {"what": ", ".join(missing)})
        for d, value in answer.items():
            if d not in dimensions or value not in dimensions[d]:
                allowed = ", ".join(f"{k}: {'/'.join(v)}" for k, v in dimensions.items())
                return Msg("ex.unknown_option", {"value": f"{d}={value}", "allowed": allowed})
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        facts = spec.params["facts"](lang)
        messages = [Msg(f"{d}.then.{answer[d]}", facts, own=True) for d in spec.params["dimensions"]]
        return None, [*messages, Msg("ask", own=True)], "\n", None

    @classmethod
    def parts(cls, spec):
        parts = {"prompt", "ask"}
        for d, options in spec.params["dimensions"].items():
            parts |= {f"{d}.label"} | {f"{d}.{o}" for o in options} | {f"{d}.then.{o}" for o in options}
        return parts


ERROR_CATEGORIES = ("key", "name", "attribute", "import", "arguments", "zero", "index", "type", "value", "other")
RUN_PROBLEMS = (
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
)
_PYTHON_NAMES = {"int": "number", "float": "number", "str": "str", "list": "list", "dict": "dict", "tuple": "list"}


class Code(Kind):
    """The student writes a function; it is called on test cases by the runner the caller passes
    (never here: student text is never evaluated) and each failing case is explained. Expected
    values on the course's real data are never shown (they would give numeric answers away)."""

    kind = "code"
    params = ("function", "reference", "cases", "tolerance", "seconds", "reveal", "method", "memory_mb")
    MISSING = object()  # no function of that name in the student's kernel

    @classmethod
    def validate(cls, spec, answer, lang):
        name = spec.params["function"]
        if answer is cls.MISSING or answer is None:
            return Msg("ex.code_missing", {"name": name})
        # type() and callable() look at the class only: no code of the student's runs here
        if not callable(answer) or issubclass(type(answer), type):
            return Msg("ex.code_not_function", {"name": name, "got": code_kind_of(answer, lang)})
        return None

    @classmethod
    def judge(cls, spec, answer, lang, run):
        if run is None:
            raise ValueError("a code exercise needs a runner (lessons.exercises.coderun.run_cases)")
        p = spec.params
        cases = [(case, make_args()) for case, make_args in p["cases"].items()]
        report = run(
            answer,
            cases,
            lambda args: p["reference"](*args),
            seconds=p.get("seconds", 2.0),
            tolerance=p.get("tolerance", 1e-9),
            method=p.get("method"),
            memory_mb=p.get("memory_mb"),
        )
        results = report.results
        failed = [r for r in results if not r.ok]
        printed = cls._printed(report, lang)
        if not failed:
            return (
                True,
                [Msg("ex.code_all_pass", {"n": len(results)}), Msg("why.right", own=True), *printed],
                " ",
                report,
            )
        if all(r.problem == "unsendable" for r in results):
            return False, [Msg("ex.code_unsendable", {"name": p["function"]})], "\n", report
        lines = [Msg("ex.code_summary", {"passed": len(results) - len(failed), "n": len(results)})]
        for r in failed:
            case = spec.text(f"case.{r.case}", lang)
            lines.append(Msg("ex.code_case", {"case": case, "reason": cls._reason(spec, r, report, lang)}))
        return False, lines + printed, "\n", report

    @classmethod
    def _reason(cls, spec: Spec, r, report, lang: str) -> str:
        """Why one case failed, in the notebook's language (no Python type names in Vietnamese)."""
        name = spec.params["function"]
        if r.problem == "type":
            got, _, expected = (kind_name(k, lang) for k in r.detail.partition("|"))
            return t("ex.code_type", lang, got=got, expected=expected)
        if r.problem == "value":
            got = r.info.get("got", "")
            if "digits" in r.info:
                got = t("ex.code_big_number", lang, digits=r.info["digits"])
            if r.case in set(spec.params.get("reveal", ())):
                return t("ex.code_value", lang, got=got, expected=r.info.get("expected", ""))
            slip = _scale_slip(r.info)
            if slip:  # a share returned as a percent, or the reverse: that reason, not "too high"
                return t(f"ex.code_value_{slip}", lang, got=got)
            direction = r.info.get("direction")
            key = f"ex.code_value_{direction}" if direction in ("high", "low") else "ex.code_value_other"
            return t(key, lang, got=got)
        if r.problem == "timeout":
            return t("ex.code_timeout", lang, seconds=r.detail)
        if r.problem == "memory":
            return t("ex.code_memory", lang, mb=report.memory_mb)
        if r.problem == "raised":
            category = r.info.get("category") or "other"
            if category not in ERROR_CATEGORIES:
                category = "other"
            reason = t(f"ex.code_err_{category}", lang, name=r.info.get("name") or "?", n=r.info.get("n_args") or "?")
            if shows_library_words(lang) and r.detail:  # Python's own (English) words, where the language allows
                reason = f"{reason.rstrip('.')} ({r.detail})."
            return reason
        if r.problem in RUN_PROBLEMS:
            return t(f"ex.code_{r.problem}", lang, name=name)
        return t("ex.code_transfer", lang)

    @staticmethod
    def _printed(report, lang: str) -> list[Msg]:
        """What the function printed (first characters only), as lines after the message."""
        if not report.printed_total:
            return []
        text = "\n" + t("ex.code_output", lang) + "\n" + report.printed.rstrip("\n")
        if report.printed_total > len(report.printed):
            text += "\n" + t("ex.code_output_cut", lang, n=report.printed_total - len(report.printed))
        return [Msg("", {"text": text}, tail=True)]

    @classmethod
    def key(cls, spec):
        return spec.params["reference"]

    @classmethod
    def parts(cls, spec):
        return {"prompt", "why.right"} | {f"case.{c}" for c in spec.params["cases"]}


def _scale_slip(info: dict) -> str | None:
    """ "percent" when a number came back 100 times the expected one (a percent where a share was asked),
    "share" when it came back 100 times smaller; None otherwise (or when either is not a number)."""
    try:
        got, expected = float(info.get("got", "")), float(info.get("expected", ""))
    except ValueError:
        return None
    if not (math.isfinite(got) and math.isfinite(expected)) or got == 0 or expected == 0:
        return None
    if math.isclose(got, expected * 100, rel_tol=1e-3):
        return "percent"
    if math.isclose(got * 100, expected, rel_tol=1e-3):
        return "share"
    return None


def kind_name(kind: str, lang: str) -> str:
    """A value's kind ("number", "DataFrame", …) as the student's language says it."""
    key = f"ex.kind.{kind}"
    if key in strings(lang):
        return t(key, lang)
    return other_kind(kind.removeprefix("other:"), lang)


def code_kind_of(value: Any, lang: str) -> str:
    """What a non-function answer is, without calling its methods; Python names only in English."""
    name = safe_type_name(value)
    key = f"ex.kind.{_PYTHON_NAMES.get(name, '')}"
    return t(key, lang) if key in strings(lang) else other_kind(name, lang)


def other_kind(type_name: str, lang: str) -> str:
    """ "value of another kind": in English with Python's name for it, never in Vietnamese."""
    text = t("ex.code_kind_other", lang)
    return f"{text} ({type_name})" if shows_library_words(lang) else text


def safe_type_name(value: Any) -> str:
    """The name of a value's class, read without running the value's own code."""
    try:
        name = type.__dict__["__name__"].__get__(type(value))  # not a metaclass's __name__
        return str.__str__(name)[:60] if isinstance(name, str) else "?"
    except BaseException:
        return "?"


KINDS: dict[str, type[Kind]] = {
    k.kind: k for k in (MultipleChoice, MultiSelect, Ordering, Numeric, Matching, ShortAnswer, Code, Scenario)
}
