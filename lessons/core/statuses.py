"""The course's one status system (`data/statuses.csv`): every status the data use, per scale, with its
definition; the evidence scale's tests in their order, and the pure function that applies them.

A status says what the evidence shows about the CONTENT of a claim or event, never whether a statement
was made (that is the speaker, the source and, for claims, the `said` column). The evidence tests are
asked in order and the first that fits decides (`decide`); the glossary's status entries and the
lessons' status table (`L.status_table()`) are drawn from the same rows.
"""

from __future__ import annotations

import html

import pandas as pd

from lessons.core.config import LANGUAGES
from lessons.core.data import load
from lessons.core.locale import lang_col

EVIDENCE = "evidence"

# Which scale each status column of the data uses: (table, column) → scale.
SCALE_OF = {
    ("claims", "status"): EVIDENCE,
    ("claims", "said"): "said",
    ("events", "status"): EVIDENCE,
    ("transfers", "status"): EVIDENCE,
    ("payments", "status"): EVIDENCE,
    ("relations", "status"): EVIDENCE,
    ("vietnam_statements", "status"): EVIDENCE,
    ("memberships", "status"): "membership",
    ("sanctions", "status"): "sanction",
    ("corridor", "status_to_next"): "route",
    ("transfer_claims", "position"): "position",
}

# The answers `decide` reads: what the evidence on one claim or event shows.
ACKNOWLEDGED = ("none", "part", "full")  # by the party said to have acted (for a transfer: supplier or recipient)
ANSWERS = {
    "opinion": "an opinion, hope, plan or forecast rather than an act or event",
    "acknowledged": "how much of it the party said to have acted acknowledges on the record: none, part, full",
    "official_record": "an official record (treaty, law, vote, UN or government document) shows it",
    "independent": "at least two independent sources show it from their own evidence",
    "contested": "a party on the record contests its extent or timing (for a legal effect: its validity)",
    "settled": "an official record or independent evidence settles what is contested",
    "named_assertion": "a named government or international organisation asserts it on the record",
    "denied": "the party concerned has denied it on the record",
    "news_only": "news outlets report it (often citing unnamed officials)",
}


class NoStatusFits(ValueError):
    """No evidence test fits the answers (nothing is known about the claim)."""


def _tests(a: dict) -> dict[str, bool]:
    """Each evidence test on the answers `a` (missing answers read as no / none)."""
    fact = not a.get("opinion", False)
    ack = a.get("acknowledged", "none")
    if ack not in ACKNOWLEDGED:
        raise ValueError(f"acknowledged must be one of {ACKNOWLEDGED}, not {ack!r}")
    record = bool(a.get("official_record", False))
    open_dispute = bool(a.get("contested", False)) and not a.get("settled", False)
    return {
        "disputed": fact and (ack != "none" or record) and open_dispute,
        "confirmed": fact and (ack == "full" or record or bool(a.get("independent", False))) and not open_dispute,
        "alleged": fact and bool(a.get("named_assertion", False)),
        "denied": fact and bool(a.get("denied", False)),
        "reported": fact and bool(a.get("news_only", False)),
        "view": not fact,
    }


def order(scale: str = EVIDENCE) -> list[str]:
    """The statuses of `scale`; for the evidence scale, in the order its tests are asked."""
    table = load("statuses")
    rows = table[table["scale"] == scale]
    if scale == EVIDENCE:
        rows = rows.sort_values("precedence")
    return list(rows["id"])


def decide(answers: dict) -> str:
    """The evidence status the table's tests give, asked in precedence order: the first that fits.

    `answers` uses the keys of ANSWERS, e.g. {"named_assertion": True, "denied": True} → "alleged".
    Raises NoStatusFits when no test fits."""
    unknown = set(answers) - set(ANSWERS)
    if unknown:
        raise ValueError(f"unknown answers: {sorted(unknown)}")
    fits = _tests(answers)
    for status in order(EVIDENCE):
        if fits[status]:
            return status
    raise NoStatusFits("no test fits: say what is known about it first")


def rows(scale: str = EVIDENCE) -> pd.DataFrame:
    """The table's rows for `scale` (evidence: in precedence order)."""
    table = load("statuses")
    sub = table[table["scale"] == scale]
    return sub.sort_values("precedence") if scale == EVIDENCE else sub


def label(status: str, lang: str, scale: str = EVIDENCE) -> str:
    """The status's label in `lang`, from the table."""
    sub = rows(scale)
    return str(sub.loc[sub["id"] == status, lang_col("label", lang)].iloc[0])


def glossary_rows() -> pd.DataFrame:
    """The glossary's status entries (first met in lesson 01), drawn from the evidence scale."""
    sub = rows(EVIDENCE)
    columns = {"id": "status_" + sub["id"]}
    for lang in LANGUAGES:
        columns[lang_col("term", lang)] = sub[lang_col("label", lang)]
        columns[lang_col("definition", lang)] = sub[lang_col("definition", lang)]
        columns[lang_col("variant", lang)] = None
    columns["first_lesson"] = 1
    columns["source_id"] = sub["source_ids"].str.split(";").str[0]
    return pd.DataFrame(columns)


def table_html(lang: str, t) -> str:
    """The evidence scale as an HTML table in `lang`, in precedence order: the question to ask,
    the status it gives, what it means and an example. `t` is the course's string lookup."""
    head = "".join(
        f"<th style='text-align:left'>{html.escape(t(k, lang))}</th>"
        for k in ("statuses.col_order", "statuses.col_test", "statuses.col_status", "statuses.col_example")
    )
    body = []
    for _, r in rows(EVIDENCE).iterrows():
        test, label, definition, example = (
            html.escape(r[lang_col(c, lang)]) for c in ("test", "label", "definition", "example")
        )
        body.append(
            f"<tr><td>{int(r['precedence'])}</td><td>{test}</td>"
            f"<td><b>{label}</b>: {definition}</td><td>{example}</td></tr>"
        )
    caption = html.escape(t("statuses.caption", lang))
    return (
        f"<table class='lessons-table lessons-statuses'><caption style='text-align:left'>{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
