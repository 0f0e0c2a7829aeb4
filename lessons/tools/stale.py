"""Which data rows to re-check: rows not checked for N months, and rows whose status waits on a later event.

    python -m lessons.tools.stale [--months N] [--as-of YYYY-MM-DD] [--lang vi|en] [--add-missing] [--drop-orphans]

Every row of the covered tables has one line in `data/checks.csv`: the table, the row's key (its `id`, or
its key columns joined by "|"; `un_votes` at resolution level, one line per resolution for all its votes),
the day it was last checked against its sources, and, when its status waits on a later event, that event
in a few English words (`depends_on`) and the day to look again (`review_after`). The listing is grouped
by table and sorted; it always exits 0. `--add-missing` appends a line for each covered row that has none
(a row added since), dated by the last commit that changed the row (`git blame`): a lower bound of when
it was checked, never today unless the row changed today. `--drop-orphans` removes the lines that point at
no row (a row deleted or renamed).
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import re
import subprocess
import sys
from datetime import date

import pandas as pd

from lessons.core.config import DEFAULT_LANGUAGE, LANGUAGES, data_dir, get_language
from lessons.core.exceptions import CourseError
from lessons.core.text import t

CHECKS = "checks"
COLUMNS = ["table", "row_key", "last_checked", "depends_on", "review_after", "note"]
# The tables whose rows state a fact that can change or be corrected: a status, a date, a figure, a
# definition that names a date. A row's key is its table's primary key in data/datapackage.json (cells
# joined by "|"), except un_votes, which is checked per resolution (one line covers all its votes).
COVERED = (
    "claims",
    "events",
    "transfers",
    "transfer_claims",
    "payments",
    "relations",
    "memberships",
    "organizations",
    "sanctions",
    "corridor",
    "trade",
    "un_resolutions",
    "un_votes",
    "vietnam_statements",
    "glossary",
)
KEY_OVERRIDES = {"un_votes": ["resolution_id"]}


def key_columns(table: str) -> tuple[str, ...]:
    """The columns whose cells make a row's key in checks.csv."""
    if table in KEY_OVERRIDES:
        return tuple(KEY_OVERRIDES[table])
    return _primary_keys(str(data_dir() / "datapackage.json"))[table]


@functools.cache
def _primary_keys(path: str) -> dict[str, tuple[str, ...]]:
    with open(path, encoding="utf-8") as f:
        package = json.load(f)
    keys = {}
    for resource in package["resources"]:
        key = resource["schema"]["primaryKey"]
        keys[resource["name"]] = (key,) if isinstance(key, str) else tuple(key)
    return keys


# The others, and why they have no check line.
EXCLUDED = {
    "sources": "a source's own record: its date_accessed is when it was read",
    "countries": "a vocabulary of names (checked as a list, course_country_names)",
    "statuses": "a vocabulary: the course's own definitions",
    "contested_names": "a vocabulary of naming rules",
    "places": "fixed coordinates of places, not a status",
    "archipelagos": "fixed coordinates of islands, not a status",
    "vietnam_voice_gaps": "each row is itself a dated search (searched_on)",
    CHECKS: "this table",
}
DEFAULT_MONTHS = 6
MAX_MONTHS = 120
KEY_SEP = "|"


class BadArguments(ValueError):
    """A command-line argument the command cannot use; the message is in the course's language."""


# --- keys and coverage ----------------------------------------------------------------------------------
def _raw_rows(table: str) -> list[dict]:
    with (data_dir() / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def row_key(row: dict, table: str) -> str:
    """The key of one row of `table` as checks.csv writes it (its cells as in the CSV, joined by "|")."""
    return KEY_SEP.join(str(row[c]) for c in key_columns(table))


def row_keys(table: str, rows: list[dict] | None = None) -> list[str]:
    """Every key of `table`, each once, in file order (un_votes: one per resolution)."""
    rows = _raw_rows(table) if rows is None else rows
    return list(dict.fromkeys(row_key(r, table) for r in rows))


def coverage_problems(checks: pd.DataFrame, keys: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """What checks.csv lacks or has too much of: {"missing": ["table|key", …], "orphan": […], "twice": […]}.
    `keys` maps each covered table to its row keys (default: the data's)."""
    keys = {table: row_keys(table) for table in COVERED} if keys is None else keys
    wanted = {(table, k) for table, ks in keys.items() for k in ks}
    lines = list(zip(checks["table"], checks["row_key"]))
    have = set(lines)
    twice = sorted({f"{a}:{b}" for a, b in lines if lines.count((a, b)) > 1})
    return {
        "missing": sorted(f"{a}:{b}" for a, b in wanted - have),
        "orphan": sorted(f"{a}:{b}" for a, b in have - wanted),
        "twice": twice,
    }


# --- the listing ----------------------------------------------------------------------------------------
def cutoff(as_of, months: int) -> pd.Timestamp:
    """The last day a check counts as old: exactly `months` calendar months before `as_of`."""
    return pd.Timestamp(as_of).normalize() - pd.DateOffset(months=int(months))


def stale_rows(checks: pd.DataFrame, as_of, months: int = DEFAULT_MONTHS) -> pd.DataFrame:
    """The lines of `checks` to look at on `as_of`: last checked `months` months ago or earlier ("old"),
    or waiting on a later event ("waits"; "both" when both), sorted by table, then oldest check first."""
    frame = checks.copy()
    checked = pd.to_datetime(frame["last_checked"])
    old = checked <= cutoff(as_of, months)
    waits = frame["depends_on"].fillna("").astype(str).str.strip() != ""
    frame["reason"] = ["both" if o and w else "old" if o else "waits" for o, w in zip(old, waits)]
    frame["last_checked"] = checked
    listed = frame[old | waits]
    return listed.sort_values(["table", "last_checked", "row_key"], kind="stable").reset_index(drop=True)


def _iso(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def listing(checks: pd.DataFrame, as_of, months: int = DEFAULT_MONTHS, lang: str = DEFAULT_LANGUAGE) -> str:
    """The rows to re-check as text in `lang`: one block per table (a readable table), then the totals."""
    day = _iso(as_of)
    rows = stale_rows(checks, as_of, months)
    if rows.empty:
        return t("stale.none", lang, date=day, months=months)
    reasons = {r: t(f"stale.reason_{r}", lang, months=months) for r in ("old", "waits", "both")}
    blocks = [t("stale.title", lang, date=day, months=months)]
    for table, group in rows.groupby("table", sort=True):
        shown = pd.DataFrame(
            {
                t("stale.col_row", lang): group["row_key"],
                t("stale.col_checked", lang): group["last_checked"].map(_iso),
                t("stale.col_reason", lang): group["reason"].map(reasons),
                t("stale.col_review", lang): group["review_after"].map(_iso),
                t("stale.col_depends", lang): group["depends_on"].fillna(""),
            }
        )
        widths = {c: max(len(c), *shown[c].astype(str).str.len()) for c in shown}
        text = shown.to_string(
            index=False,
            justify="left",
            formatters={c: f"{{:<{w}}}".format for c, w in widths.items()},
        )
        text = "\n".join(line.rstrip() for line in text.splitlines())
        blocks.append(t("stale.group", lang, table=table, n=len(group)) + "\n" + text)
    counts = rows["reason"].value_counts()
    old = int(counts.get("old", 0) + counts.get("both", 0))
    waits = int(counts.get("waits", 0) + counts.get("both", 0))
    blocks.append(t("stale.total", lang, n=len(rows), old=old, waits=waits, months=months))
    return "\n\n".join(blocks)


def load_checks() -> pd.DataFrame:
    """data/checks.csv as read by the package (validated with the rest of the data)."""
    from lessons.core.data import load

    return load(CHECKS)


# --- filling in lines for new rows ----------------------------------------------------------------------
def blame_dates(path) -> list[str]:
    """The commit date (ISO) of the last change to each line of `path`, from `git blame`; a line not yet
    committed gets today's date (it is being edited, so checked, now)."""
    run = subprocess.run(
        ["git", "blame", "--line-porcelain", "--", str(path)],
        cwd=str(path.parent),
        capture_output=True,
        text=True,
        check=True,
    )
    dates, commit = [], None
    for line in run.stdout.splitlines():
        if re.match(r"^[0-9a-f]{40} ", line):
            commit = line[:40]
        elif line.startswith("committer-time "):
            when = date.fromtimestamp(int(line.split()[1])).isoformat()
            dates.append(date.today().isoformat() if set(commit or "") == {"0"} else when)
    return dates


def row_dates(table: str) -> dict[str, str]:
    """Each key of `table` → the last commit date of its lines (a row over several lines: the latest);
    un_votes: a resolution → the earliest of its vote rows' dates (the date every one was checked by)."""
    path = data_dir() / f"{table}.csv"
    lines = blame_dates(path)
    found: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        start = reader.line_num
        for row in reader:
            span = lines[start : reader.line_num]  # 0-based lines of this row
            found.setdefault(row_key(row, table), []).append(max(span))
            start = reader.line_num
    return {k: (min(v) if table == "un_votes" else max(v)) for k, v in found.items()}


def add_missing(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Append a line to checks.csv for each covered row that has none; returns "table:key" of each added.
    Without the repository's history (an installed copy) nothing is written: a CourseError says why."""
    path = data_dir() / f"{CHECKS}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        present = {(r["table"], r["row_key"]) for r in csv.DictReader(f)}
    added = []
    with path.open("a", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        for table in COVERED:
            dates = None
            for key in row_keys(table):
                if (table, key) in present:
                    continue
                try:
                    dates = dates or row_dates(table)
                except (OSError, subprocess.CalledProcessError):
                    raise CourseError(t("stale.no_history", lang, folder=str(data_dir()))) from None
                out.writerow([table, key, dates[key], "", "", "added by --add-missing: last commit that changed it"])
                added.append(f"{table}:{key}")
    return added


def drop_orphans() -> list[str]:
    """Remove the lines of checks.csv that point at no row (a row deleted or renamed); returns "table:key"."""
    path = data_dir() / f"{CHECKS}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        lines = list(csv.DictReader(f))
    keys = {table: set(row_keys(table)) for table in COVERED}
    kept = [r for r in lines if r["row_key"] in keys.get(r["table"], ())]
    if len(kept) < len(lines):
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            out.writeheader()
            out.writerows(kept)
    return [f"{r['table']}:{r['row_key']}" for r in lines if r not in kept]


# --- the command ----------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print its English usage and exit
        raise BadArguments(message)


def _lang_of(argv: list[str]) -> str:
    """The language asked for (to word even a message about other arguments in it), else the course's."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else argv[i + 1] if arg == "--lang" else None
        if value in LANGUAGES:
            return value
    return get_language()


def _parse(argv: list[str], lang: str) -> tuple[int, pd.Timestamp, str, bool, bool]:
    parser = _Parser(prog="python -m lessons.tools.stale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", default=str(DEFAULT_MONTHS), help="N: list rows not checked for N months (6)")
    parser.add_argument("--as-of", dest="as_of", default=None, help="YYYY-MM-DD: the day to count from (today)")
    parser.add_argument("--lang", default=None, help="vi or en: the language of the listing")
    parser.add_argument("--add-missing", action="store_true", help="first add a line for each row that has none")
    parser.add_argument("--drop-orphans", action="store_true", help="first remove the lines that point at no row")
    try:
        ns, unknown = parser.parse_known_args(argv)
    except BadArguments as e:
        option = re.search(r"(--[\w-]+)", str(e))
        key = "stale.missing_value" if "expected one argument" in str(e) else "stale.bad_arg"
        raise BadArguments(t(key, lang, value=option[1] if option else " ".join(argv))) from None
    if unknown:
        raise BadArguments(t("stale.bad_arg", lang, value=unknown[0]))
    if ns.lang is not None and ns.lang not in LANGUAGES:
        raise BadArguments(t("stale.bad_lang", lang, value=ns.lang))
    if not re.fullmatch(r"\d{1,3}", ns.months.strip()) or not 1 <= int(ns.months) <= MAX_MONTHS:
        raise BadArguments(t("stale.bad_months", lang, value=ns.months))
    as_of = pd.Timestamp(date.today())
    if ns.as_of is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", ns.as_of):
                raise ValueError(ns.as_of)
            as_of = pd.Timestamp(date.fromisoformat(ns.as_of))
        except ValueError:
            raise BadArguments(t("stale.bad_date", lang, value=ns.as_of)) from None
    return int(ns.months), as_of, lang, ns.add_missing, ns.drop_orphans


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    try:
        months, as_of, lang, fill, drop = _parse(argv, lang)
    except BadArguments as e:
        print(f"{e}\n{t('stale.usage', lang)}", file=sys.stderr)
        return 2
    try:
        for line in drop_orphans() if drop else []:
            print(t("stale.dropped", lang, row=line))
        for line in add_missing(lang) if fill else []:
            print(t("stale.added", lang, row=line))
        checks = load_checks()
        problems = coverage_problems(checks)
    except CourseError as e:  # a broken data file: its message names the file, column and row
        print(str(e), file=sys.stderr)
        return 1
    print(listing(checks, as_of, months, lang))
    for kind, lines in problems.items():
        if lines:
            print(t(f"stale.problem_{kind}", lang, n=len(lines), rows=", ".join(lines[:10])), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
