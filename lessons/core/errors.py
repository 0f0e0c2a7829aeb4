"""Errors meant for students and teachers: shown as a short message, never a traceback.

Every public call (`lessons.__all__`) goes through `public`: before the call runs, its arguments
are bound to its signature and checked against its annotations, so a wrong argument count, an
unknown keyword or a value of the wrong kind is answered in the notebook's language, naming the
call and its parameters. The student's own code that runs inside a call is never masked.
"""

from __future__ import annotations

import functools
import inspect
import os
import types
import typing
import unicodedata
from pathlib import PurePath

from lessons.core.exceptions import CourseError, DataError, LanguageError  # noqa: F401 (re-exported)


def plain(value):
    """A value as the course compares it: text in NFC (what a keyboard or a copy-paste may send
    decomposed), numpy numbers as Python numbers; lists and tuples element by element."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


def is_whole(value) -> bool:
    """An int, a numpy int, never a bool."""
    value = plain(value)
    return isinstance(value, int) and not isinstance(value, bool)


def check_year(value, first: int | None, last: int | None, lang: str) -> int:
    """`value` if it is a whole year within [first, last] (either bound may be None), else a CourseError."""
    from lessons.core.text import t

    if not is_whole(value):
        raise CourseError(t("timeline.bad_year_type", lang, value=describe_value(value, lang)))
    value = plain(value)
    if (first is not None and value < first) or (last is not None and value > last):
        raise CourseError(t("timeline.bad_year", lang, value=value, first=first, last=last))
    return value


# --- what a value is, in words of the notebook's language ------------------------------------


def kind_of(value) -> str:
    """A key under "kind." naming what `value` is ("text", "whole", "list", …)."""
    value = plain(value)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "whole"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "dict"
    if isinstance(value, (set, frozenset)):
        return "set"
    if isinstance(value, type):
        return "class"
    if callable(value):
        return "function"
    name = type(value).__name__
    if name in ("DataFrame", "Series"):
        return name.lower()
    return "other"


def describe_value(value, lang: str | None = None, limit: int = 60) -> str:
    """ "một chuỗi chữ ("1")" / "a text ("1")": the kind in words, then the value as typed."""
    from lessons.core.text import t

    kind = t(f"kind.{kind_of(value)}", lang)
    try:
        shown = repr(plain(value))
    except Exception:  # a student's object whose repr fails
        return kind
    if kind_of(value) in ("none", "function", "class", "dataframe", "series", "other"):
        return kind
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"{kind} ({shown})"


# --- public calls: bind, check, normalise before the call runs ------------------------------


def _expected(hint, lang: str | None) -> str:
    """A type annotation in words ("một số nguyên hoặc để trống")."""
    from lessons.core.text import t

    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        words = t("api.or", lang).join(_expected(a, lang) for a in options)
        return t("api.or_none", lang, what=words) if len(options) < len(args) else words
    if origin in (list, tuple) or hint in (list, tuple):
        return t("kind.list_of", lang, what=_expected(args[0], lang)) if args else t("kind.list", lang)
    names = {int: "whole", float: "number", str: "text", bool: "bool", dict: "dict"}
    if hint in names:
        return t(f"kind.{names[hint]}", lang)
    if isinstance(hint, type) and issubclass(hint, PurePath):
        return t("kind.path", lang)
    return t("kind.other", lang)


def _fits(value, hint) -> bool:
    origin = typing.get_origin(hint)
    if hint is type(None) or hint is None:
        return value is None
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, a) for a in typing.get_args(hint))
    if origin in (list, tuple) or hint in (list, tuple):
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            return False
        args = typing.get_args(hint)
        return not args or all(_fits(v, args[0]) for v in value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is bool:
        return isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if isinstance(hint, type) and issubclass(hint, PurePath):
        return isinstance(value, (str, os.PathLike))
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def usage(name: str, sig: inspect.Signature) -> str:
    """How a call is written: L.claims_table(speaker=None, kind=None, status=None)."""
    parts = []
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            parts.append(f"*{p.name}")
        elif p.kind is p.VAR_KEYWORD:
            parts.append(f"**{p.name}")
        elif p.default is p.empty:
            parts.append(p.name)
        else:
            parts.append(f"{p.name}={p.default!r}")
    return f"L.{name}({', '.join(parts)})"


def _binding_problem(sig: inspect.Signature, args: tuple, kwargs: dict, lang: str | None) -> str:
    """What is wrong with a call whose arguments do not bind, said in words."""
    from lessons.core.text import t

    params = sig.parameters
    has_var = any(p.kind is p.VAR_POSITIONAL for p in params.values())
    has_kw = any(p.kind is p.VAR_KEYWORD for p in params.values())
    positional = [p for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if not has_var and len(args) > len(positional):
        if not positional:
            return t("api.no_arguments", lang, given=len(args))
        return t("api.too_many", lang, given=len(args), most=len(positional))
    named = [p.name for p in params.values() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    for key in kwargs:
        if key not in named and not has_kw:
            return t("api.unknown_keyword", lang, name=key)
    for p in positional[: len(args)]:
        if p.name in kwargs:
            return t("api.twice", lang, name=p.name)
    missing = [
        p.name
        for i, p in enumerate(params.values())
        if p.default is p.empty
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and p.name not in kwargs
        and not (p in positional and positional.index(p) < len(args))
    ]
    if missing:
        return t("api.missing", lang, names=", ".join(f"“{m}”" for m in missing))
    return ""


def bad_call(name: str, sig: inspect.Signature, problem: str, lang: str | None = None) -> CourseError:
    from lessons.core.text import t

    return CourseError(t("api.bad_call", lang, call=f"L.{name}", problem=problem, usage=usage(name, sig)))


def public(fn=None, *, name: str | None = None, before=None):
    """Decorate a public call: arguments bound and checked first (wrong count, unknown keyword,
    wrong kind → CourseError in the notebook's language), text normalised to NFC, numpy numbers
    made Python numbers. `before` runs first of all (setup installs the error display there).
    Any CourseError leaving the call makes sure the course's error display is installed."""
    if fn is None:
        return functools.partial(public, name=name, before=before)
    call = name or fn.__name__
    sig = inspect.signature(fn)
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # pragma: no cover - an annotation that cannot be evaluated: check count only
        hints = {}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if before is not None:
            before()
        try:
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError:
                raise bad_call(call, sig, _binding_problem(sig, args, kwargs, None)) from None
            for pname, value in list(bound.arguments.items()):
                value = plain(value)
                hint = hints.get(pname)
                if hint is not None and not _fits(value, hint):
                    from lessons.core.text import t

                    raise bad_call(
                        call,
                        sig,
                        t("api.bad_type", None, name=pname, expected=_expected(hint, None), got=describe_value(value)),
                    )
                bound.arguments[pname] = value
        except CourseError:
            install_display()
            raise
        try:
            return fn(*bound.args, **bound.kwargs)
        except CourseError:
            install_display()
            raise

    wrapper.__lessons_public__ = True
    return wrapper


def install_display() -> None:
    """Make sure IPython shows a CourseError as the course's short message (L.setup() does it first)."""
    _install_error_handler()


def _show_course_error(shell, etype, value, tb, tb_offset=None):
    """IPython handler: a CourseError shows its message only, never a traceback."""
    from lessons.core.config import get_language
    from lessons.core.text import t

    lang = get_language()
    stb = [f"\x1b[1;31m{t('error.title', lang)}:\x1b[0m {value}", t("error.hint", lang)]
    shell._showtraceback(etype, value, stb)  # IPython's run_code does not show what a handler returns
    return stb


def _install_error_handler() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: exceptions stay exceptions
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((CourseError,), _show_course_error)
