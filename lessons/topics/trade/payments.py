"""Lesson 05: how Iran and Russia pay each other — dated steps (cards, currencies, bank messaging,
the trade agreement). Pure: data in, HTML out."""

from __future__ import annotations

import html
import re

import pandas as pd

from lessons.core.locale import lang_col
from lessons.core.text import format_date, t
from lessons.viz import html as course_html


def payments_table_html(payments: pd.DataFrame, lang: str) -> str:
    """Dated steps in paying each other: cards, currencies, bank messaging, the trade agreement."""
    body = []
    for _, r in payments.sort_values("date").iterrows():
        when = (
            format_date(r["date"], lang)
            if r["date_precision"] == "day"
            else (f"{r['date'].month}/{r['date'].year}" if r["date_precision"] == "month" else str(r["date"].year))
        )
        claim = r[lang_col("claim_by", lang)]
        claim = claim if isinstance(claim, str) else ""
        who = f"<br><small>{html.escape(t('payments.according_to', lang, who=claim))}</small>" if claim else ""
        body.append(
            f"<tr><td style='white-space:nowrap'>{when}</td>"
            f"<td>{html.escape(t('payments.topic.' + r['topic'], lang))}</td>"
            f"<td><b>{html.escape(r[lang_col('title', lang)])}"
            f"</b><br><small>{html.escape(r[lang_col('summary', lang)])}</small></td>"
            f"<td>{course_html.badge(r['status'], lang)}{who}</td></tr>"
        )
    head = [f"payments.col_{c}" for c in ("date", "topic", "what", "status")]
    return course_html.table(head, "".join(body), lang, th_style="")


SHARE = re.compile(r"\d+\s?%")


def shares(payments: pd.DataFrame) -> pd.DataFrame:
    """The rows that state how much of the two countries' payments is made in roubles and rials (topic
    "currency"), oldest first: each is one speaker's figure, for its own kind of trade and year."""
    return payments[payments["topic"] == "currency"].sort_values("date")


def shares_table_html(payments: pd.DataFrame, lang: str) -> str:
    """The national-currency figures side by side: the figure, who said it, when, and what it measures."""
    body = []
    for _, r in shares(payments).iterrows():
        title = r[lang_col("title", lang)]
        found = SHARE.search(title)
        figure = found.group(0) if found else t("payments.no_figure", lang)
        when = format_date(r["date"], lang) if r["date_precision"] == "day" else str(r["date"].year)
        body.append(
            f"<tr data-id='{html.escape(r['id'])}'><td style='white-space:nowrap'><b>{html.escape(figure)}</b></td>"
            f"<td>{html.escape(r[lang_col('claim_by', lang)])}</td>"
            f"<td style='white-space:nowrap'>{when}</td>"
            f"<td>{html.escape(r[lang_col('summary', lang)])}</td></tr>"
        )
    head = [f"payments.shares_col_{c}" for c in ("figure", "who", "when", "measures")]
    return course_html.table(head, "".join(body), lang, th_style="")
