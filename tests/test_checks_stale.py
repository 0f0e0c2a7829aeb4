"""Issue 20, part 2: every data row's last-checked date (data/checks.csv), the command that lists the rows to
re-check (`python -m lessons.tools.stale`), and the membership status `contested`, counted apart everywhere."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import lessons as L
from lessons.core import config
from lessons.core.text import t
from lessons.tools import stale

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SAUDI_BRICS = "brics|SAU|2024-01-01"


@pytest.fixture(scope="module")
def checks():
    return L.load("checks")


def _read(name: str) -> list[dict]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- checks.csv covers the data -------------------------------------------------------------------------------
def test_every_table_of_the_package_is_covered_or_excluded_with_a_reason():
    names = {r["name"] for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    assert set(stale.COVERED) | set(stale.EXCLUDED) == names
    assert not set(stale.COVERED) & set(stale.EXCLUDED)
    assert all(reason.strip() for reason in stale.EXCLUDED.values())


@pytest.mark.parametrize("table", list(stale.COVERED))
def test_each_row_of_a_covered_table_has_exactly_one_check_line(table, checks):
    keys = stale.row_keys(table)
    lines = checks.loc[checks["table"] == table, "row_key"]
    assert sorted(lines) == sorted(keys), (set(keys) - set(lines), set(lines) - set(keys))
    assert not lines.duplicated().any()


def test_un_votes_are_checked_per_resolution(checks):
    votes = {r["resolution_id"] for r in _read("un_votes")}
    assert set(checks.loc[checks["table"] == "un_votes", "row_key"]) == votes
    assert len(votes) < len(_read("un_votes"))  # one line stands for several vote rows


@pytest.mark.parametrize(
    "damage, kind",
    [
        (lambda c: c.iloc[1:], "missing"),
        (lambda c: pd.concat([c, c.iloc[:1]]), "twice"),
        (lambda c: pd.concat([c, pd.DataFrame([{"table": "events", "row_key": "no_such_event"}])]), "orphan"),
    ],
    ids=["a row without a line", "a row with two lines", "a line for no row"],
)
def test_the_coverage_check_finds_each_kind_of_gap(checks, damage, kind):
    assert not any(stale.coverage_problems(checks).values())
    problems = stale.coverage_problems(damage(checks))
    assert problems[kind] and not any(v for k, v in problems.items() if k != kind)


def test_check_dates_are_real_and_never_in_the_future(checks):
    today = pd.Timestamp(date.today())
    assert checks["last_checked"].notna().all() and (checks["last_checked"] <= today).all()
    waiting = checks[checks["review_after"].notna()]
    assert waiting["depends_on"].notna().all(), "a review date without the event it waits on"
    assert (waiting["review_after"] > waiting["last_checked"]).all()


def test_saudi_arabia_in_brics_waits_on_riyadhs_answer(checks):
    line = checks[(checks["table"] == "memberships") & (checks["row_key"] == SAUDI_BRICS)].iloc[0]
    assert "Saudi" in line["depends_on"] and line["last_checked"] == pd.Timestamp("2026-12-05")


# --- the listing on a synthetic table ---------------------------------------------------------------------------
def _one(last_checked: str, depends_on: str = "", review_after: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "table": "events",
                "row_key": "x",
                "last_checked": pd.Timestamp(last_checked),
                "depends_on": depends_on or None,
                "review_after": pd.Timestamp(review_after) if review_after else pd.NaT,
                "note": None,
            }
        ]
    )


@pytest.mark.parametrize(
    "last_checked, depends_on, as_of, months, reason",
    [
        ("2025-01-10", "", "2026-12-05", 6, "old"),  # long ago
        ("2026-11-29", "", "2026-12-05", 6, None),  # last week
        ("2026-06-05", "", "2026-12-05", 6, "old"),  # exactly six months: the boundary day is listed
        ("2026-06-06", "", "2026-12-05", 6, None),  # a day inside the six months
        ("2026-02-28", "", "2026-08-31", 6, "old"),  # six months before 31 August ends on 28 February
        ("2026-03-01", "", "2026-08-31", 6, None),
        ("2026-11-05", "", "2026-12-05", 1, "old"),  # another N
        ("2026-12-05", "outcome of the June 2026 memorandum", "2026-12-05", 6, "waits"),
        ("2025-01-10", "Saudi formal answer on BRICS accession", "2026-12-05", 6, "both"),
        ("2026-12-01", "   ", "2026-12-05", 6, None),  # blank is not an event
    ],
)
def test_stale_rows_lists_old_checks_and_rows_that_wait(last_checked, depends_on, as_of, months, reason):
    rows = stale.stale_rows(_one(last_checked, depends_on), pd.Timestamp(as_of), months)
    assert list(rows["reason"]) == ([reason] if reason else [])


def test_the_listing_is_grouped_by_table_and_sorted_oldest_first():
    frame = pd.concat(
        [
            _one("2026-01-01").assign(table="trade", row_key="b"),
            _one("2025-01-01").assign(table="trade", row_key="c"),
            _one("2026-12-01", "a later event").assign(table="events", row_key="a"),
            _one("2026-12-01").assign(table="claims", row_key="fresh"),
        ]
    )
    rows = stale.stale_rows(frame, pd.Timestamp("2026-12-05"), 6)
    assert list(zip(rows["table"], rows["row_key"])) == [("events", "a"), ("trade", "c"), ("trade", "b")]
    text = stale.listing(frame, pd.Timestamp("2026-12-05"), 6, "en")
    assert text.index("Table events") < text.index("Table trade") and "fresh" not in text
    assert text.index("2025-01-01") < text.index("2026-01-01")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_nothing_to_recheck_says_so_in_the_language(lang):
    text = stale.listing(_one("2026-12-01"), pd.Timestamp("2026-12-05"), 6, lang)
    assert text == t("stale.none", lang, date="2026-12-05", months=6)


# --- the command -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, heading", [("vi", "Các dòng cần kiểm tra lại"), ("en", "Rows to re-check")])
def test_the_command_lists_the_rows_that_wait_and_changes_nothing(lang, heading, capsys):
    before = hashlib.sha256((DATA / "checks.csv").read_bytes()).hexdigest()
    assert stale.main(["--lang", lang, "--as-of", "2026-12-05", "--months", "6"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(heading) and SAUDI_BRICS in out and err == ""
    assert t("stale.group", lang, table="memberships", n=1) in out
    assert hashlib.sha256((DATA / "checks.csv").read_bytes()).hexdigest() == before


def test_a_long_span_lists_every_row_as_old(capsys, checks):
    assert stale.main(["--lang", "en", "--as-of", "2036-12-05", "--months", "1"]) == 0
    out = capsys.readouterr().out
    assert f"{len(checks)} rows in all: {len(checks)} not checked for 1 month" in out


def test_the_command_runs_as_a_module_with_exit_code_zero():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "lessons.tools.stale", "--lang", "en", "--as-of", "2026-12-05"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "Rows to re-check on 2026-12-05" in run.stdout and run.stderr == ""


BAD = {
    "months not a number": (["--months", "six"], "stale.bad_months", "six"),
    "months zero": (["--months", "0"], "stale.bad_months", "0"),
    "months too many": (["--months", "121"], "stale.bad_months", "121"),
    "months negative": (["--months=-3"], "stale.bad_months", "-3"),
    "months without a value": (["--months"], "stale.missing_value", "--months"),
    "no such day": (["--as-of", "2026-02-30"], "stale.bad_date", "2026-02-30"),
    "day written the Vietnamese way": (["--as-of", "5/12/2026"], "stale.bad_date", "5/12/2026"),
    "unknown language": (["--lang", "fr"], "stale.bad_lang", "fr"),
    "unknown option": (["--wat"], "stale.bad_arg", "--wat"),
    "stray word": (["memberships"], "stale.bad_arg", "memberships"),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("case", list(BAD))
def test_bad_arguments_get_a_message_in_the_language_and_no_traceback(case, lang, capsys, monkeypatch):
    argv, key, value = BAD[case]
    monkeypatch.setenv("LESSONS_LANG", lang)
    config.set_language(lang)
    extra = [] if key == "stale.bad_lang" else ["--lang", lang]
    assert stale.main(argv + extra) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.splitlines() == [t(key, lang, value=value), t("stale.usage", lang)]


def test_add_missing_without_git_history_writes_nothing_and_says_why(data_copy, capsys):
    with (data_copy / "memberships.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["brics", "VNM", "member", "2027-01-01", "day", "", "", "", "course_method"]
        )
    before = (data_copy / "checks.csv").read_bytes()
    assert stale.main(["--lang", "en", "--add-missing"]) == 1
    out, err = capsys.readouterr()
    assert "no git history" in err and "Traceback" not in err
    assert (data_copy / "checks.csv").read_bytes() == before


def test_a_row_without_a_line_is_named_by_the_listing(data_copy, capsys):
    with (data_copy / "memberships.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["brics", "VNM", "member", "2027-01-01", "day", "", "", "", "course_method"]
        )
    assert stale.main(["--lang", "vi", "--as-of", "2026-12-05"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Cảnh báo: 1 dòng dữ liệu chưa có dòng nào") and "memberships:brics|VNM|2027-01-01" in err


def _git(folder, *args, when="2026-01-02T12:00:00+00:00"):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_DATE": when,
    }
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def _add_membership(folder, iso3):
    with (folder / "memberships.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["brics", iso3, "partner", "2026-10-01", "day", "", "", "", "course_method"]
        )


def test_add_missing_dates_new_rows_by_their_commit_and_today_only_if_uncommitted(data_copy, capsys):
    _git(data_copy, "init", "-q")
    _git(data_copy, "add", ".")
    _git(data_copy, "commit", "-qm", "data")
    _add_membership(data_copy, "TUR")
    _git(data_copy, "commit", "-qam", "a row", when="2026-02-03T12:00:00+00:00")
    _add_membership(data_copy, "MEX")  # not committed
    assert stale.main(["--lang", "en", "--as-of", "2026-12-05", "--add-missing"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and t("stale.added", "en", row="memberships:brics|TUR|2026-10-01") in out
    lines = {(r["table"], r["row_key"]): r for r in csv.DictReader((data_copy / "checks.csv").open(encoding="utf-8"))}
    assert lines[("memberships", "brics|TUR|2026-10-01")]["last_checked"] == "2026-02-03"
    assert lines[("memberships", "brics|MEX|2026-10-01")]["last_checked"] == date.today().isoformat()
    assert lines[("memberships", SAUDI_BRICS)]["last_checked"] == "2026-12-05"  # an existing line is kept as it was


def test_drop_orphans_removes_only_the_line_of_a_deleted_row(data_copy, capsys):
    path = data_copy / "memberships.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("brics,SAU,")), encoding="utf-8")
    before = (data_copy / "checks.csv").read_text(encoding="utf-8").splitlines()
    assert stale.main(["--lang", "en", "--as-of", "2026-12-05", "--drop-orphans"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(t("stale.dropped", "en", row=f"memberships:{SAUDI_BRICS}")) and err == ""
    after = (data_copy / "checks.csv").read_text(encoding="utf-8").splitlines()
    assert [line for line in before if not line.startswith(f"memberships,{SAUDI_BRICS},")] == after


def test_blame_dates_are_commit_dates_and_an_uncommitted_line_is_today(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id\na\nb\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "x.csv")
    _git(tmp_path, "commit", "-qm", "x")
    path.write_text("id\na\nc\n", encoding="utf-8")
    assert stale.blame_dates(path) == ["2026-01-02", "2026-01-02", date.today().isoformat()]


# --- the contested membership, counted apart -------------------------------------------------------------------
def test_saudi_arabias_brics_row_is_contested_with_its_note_kept():
    row = next(r for r in _read("memberships") if stale.row_key(r, "memberships") == SAUDI_BRICS)
    assert row["status"] == "contested" and row["note_en"].startswith("CONTESTED") and row["note_vi"]
    vocabulary = {r["id"]: r for r in _read("statuses") if r["scale"] == "membership"}
    assert vocabulary["contested"]["label_vi"] == t("alliance.status.contested", "vi")
    assert "not counted" in vocabulary["contested"]["definition_en"].lower()


def _brics_now():
    from lessons.core.data import as_of
    from lessons.topics.alliances.figures import status_on

    return status_on(L.load("memberships"), "brics", as_of().year)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_brics_map_counts_members_only_and_names_saudi_arabia_apart(lang):
    config.set_language(lang)
    now = _brics_now()
    members = int((now["status"] == "member").sum())
    assert "SAU" not in set(now.loc[now["status"] == "member", "iso3"]) and members == 10
    fig = L.membership_map("brics")
    from lessons.core.countries import country_names

    saudi = country_names(lang)["SAU"]
    title = fig.layout.title.text
    assert title.startswith(f"BRICS: {members} ") and saudi in title
    assert saudi in fig.layout.meta["description"]
    traces = {tr.name: tr for tr in fig.data}
    assert list(traces[t("alliance.status.contested", lang)].locations) == ["SAU"]
    assert "SAU" not in traces[t("alliance.status.member", lang)].locations


def test_every_count_of_brics_members_agrees_with_the_member_status():
    from lessons.core.data import as_of
    from lessons.exercises.bank import answers
    from lessons.topics.alliances.api import eu_members
    from lessons.topics.synthesis import layers

    now = _brics_now()
    members = int((now["status"] == "member").sum())
    memberships = L.load("memberships")
    assert answers("03").count_members(memberships, "brics", as_of().year) == members
    data = layers(memberships, L.load("sanctions"), eu_members(), org="brics", target="-", as_of=as_of())
    assert len(data["members"]) == members and data["contested"] == ["SAU"]
    share = answers("08").shared_organisations
    assert share(memberships, "IRN", "SAU") == 0  # contested BRICS membership is not shared
    assert share(memberships, "IRN", "RUS") == share(memberships, "RUS", "IRN") >= 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_explorers_name_the_contested_membership_and_do_not_count_it(lang):
    from lessons.core.countries import country_names

    config.set_language(lang)
    saudi = country_names(lang)["SAU"]
    explorer = L.membership_explorer("brics")
    summary = explorer.summary.value
    assert f"{t('alliance.status.member', lang)}: 10" in summary and saudi in summary
    assert saudi in explorer.figure.layout.meta["description"]
    explorer.org.value = "nato"
    assert saudi not in explorer.summary.value and saudi not in explorer.figure.layout.title.text
    alt = explorer.figure.layout.meta["description"]  # the map's words follow the organisation shown
    assert "NATO" in alt and "BRICS" not in alt
    assert saudi not in explorer.figure.layout.meta["description"]
    big = L.big_picture_map(org="brics", target="-")
    assert saudi in big.layout.meta["description"]
    assert "SAU" not in big.data[0].locations
