"""Which sources each lesson rests on, and how to show them."""

from __future__ import annotations

import html

import pandas as pd

from lessons.core import registry
from lessons.core.data import load
from lessons.core.text import format_date, link, publisher, strings, t


def lesson_source_ids(lesson: int) -> list[str]:
    """Source ids behind the rows a lesson shows (places, claims, country names, geometry), by the
    lesson's sources rules in the registry (lessons/registry.toml), in order, each id once."""
    ids: list[str] = []
    for rule in registry.lesson(lesson).sources:
        if rule.ids:
            ids += rule.ids
            continue
        frame = load(rule.table)
        if rule.where:
            frame = frame[_matches(frame, rule.where)]
        for column in rule.columns:
            ids += _split(frame[column])
    return list(dict.fromkeys(ids))


def prose_source_ids() -> dict[int, list[str]]:
    """Lesson number → the sources its prose cites beyond its tables (the rules that name ids)."""
    out: dict[int, list[str]] = {}
    for x in registry.lessons():
        named = [sid for rule in x.sources for sid in rule.ids]
        if named:
            out[x.number] = named
    return out


def _matches(frame: pd.DataFrame, where: dict) -> pd.Series:
    """Rows where every condition holds: column = value, or column = {min, max, in};
    "date.year" compares a date column's year."""
    mask = pd.Series(True, index=frame.index)
    for key, condition in where.items():
        column, _, part = key.partition(".")
        values = frame[column]
        if part == "year":
            values = values.dt.year
        elif part:
            raise ValueError(f"unknown part {part!r} in sources rule column {key!r} (only .year)")
        if isinstance(condition, dict):
            if "min" in condition:
                mask &= values >= condition["min"]
            if "max" in condition:
                mask &= values <= condition["max"]
            if "in" in condition:
                mask &= values.isin(condition["in"])
        else:
            mask &= values == condition
    return mask


def _split(column) -> list[str]:
    """Every id in a column of "a;b;c" lists, in order."""
    return [part for cell in column.dropna() for part in str(cell).split(";") if part]


def _date(value, lang: str) -> str:
    if pd.isna(value):
        return ""
    return format_date(value, lang)


def sources_html(lesson: int, lang: str) -> str:
    table = load("sources").set_index("id")
    items = []
    for sid in lesson_source_ids(lesson):
        s = table.loc[sid]
        own = f"sources.title_of.{sid}"  # the course's own sources have their title in every language
        title = html.escape(t(own, lang) if s["kind"] == "course" and own in strings(lang) else s["title"])
        title = link(s["url"], title)
        dates = (
            [t("sources.published", lang, date=_date(s["date_published"], lang))]
            if not pd.isna(s["date_published"])
            else []
        )
        dates.append(t("sources.accessed", lang, date=_date(s["date_accessed"], lang)))
        items.append(
            f"<li>{title}. {html.escape(publisher(s['publisher'], lang))}; {html.escape(', '.join(dates))}.</li>"
        )
    listing = f"<ol>{''.join(items)}</ol>"
    if len(items) > 15:  # a long list folds away; a click opens it
        listing = (
            f"<details><summary>{html.escape(t('sources.show_all', lang, n=len(items)))}</summary>{listing}</details>"
        )
    return f"<b>{html.escape(t('sources.title', lang))}</b>{listing}"
