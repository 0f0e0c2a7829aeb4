"""The UN vote record: every member on every resolution, counts equal to the adopted totals, each vote cited by
its UN Digital Library voting record, and an importer that refuses copies that do not add up."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections import Counter

import pytest

from lessons.tools import import_un_votes as imp

from conftest import DATA

VOTES = list(csv.DictReader((DATA / "un_votes.csv").open(encoding="utf-8")))
RESOLUTIONS = {r["id"]: r for r in csv.DictReader((DATA / "un_resolutions.csv").open(encoding="utf-8"))}
SOURCES = {r["id"]: r for r in csv.DictReader((DATA / "sources.csv").open(encoding="utf-8"))}
COUNTRIES = {r["iso3"]: r for r in csv.DictReader((DATA / "countries.csv").open(encoding="utf-8"))}
BY_RESOLUTION: dict[str, list[dict]] = {}
for _row in VOTES:
    BY_RESOLUTION.setdefault(_row["resolution_id"], []).append(_row)
IDS = sorted(RESOLUTIONS)
WORD = {"yes": "yes", "no": "no", "abstain": "abstain", "non_voting": "absent"}


# --- the committed record ---------------------------------------------------------------------------------
@pytest.mark.parametrize("rid", IDS)
def test_counted_votes_equal_the_adopted_totals(rid):
    res, counted = RESOLUTIONS[rid], Counter(v["vote"] for v in BY_RESOLUTION[rid])
    assert {col: counted[word] for col, word in WORD.items()} == {col: int(res[col]) for col in WORD}, rid
    assert sum(int(res[col]) for col in WORD) == 193, "all 193 were members on every date in the table"


@pytest.mark.parametrize("rid", IDS)
def test_every_member_votes_once_on_every_resolution(rid):
    members = [v["iso3"] for v in BY_RESOLUTION[rid]]
    assert len(members) == len(set(members)) == 193
    assert set(members) == imp.UN_MEMBERS


@pytest.mark.parametrize("rid", IDS)
def test_every_vote_cites_that_resolutions_un_voting_record(rid):
    record = RESOLUTIONS[rid]["source_ids"].split(";")[0]
    assert record.startswith("undl_"), f"{rid} cites {record} first, not its UN record"
    assert {v["source_ids"] for v in BY_RESOLUTION[rid]} == {record}
    source = SOURCES[record]
    assert source["url"] == f"https://digitallibrary.un.org/record/{record.removeprefix('undl_')}"
    assert source["publisher"].startswith("United Nations Digital Library")
    assert RESOLUTIONS[rid]["symbol"].split()[0] in source["title"]
    assert all(i in SOURCES for i in RESOLUTIONS[rid]["source_ids"].split(";"))


def test_no_two_resolutions_share_a_voting_record():
    records = [r["source_ids"].split(";")[0] for r in RESOLUTIONS.values()]
    assert len(records) == len(set(records))


def test_at_least_thirty_recorded_votes():
    assert len(RESOLUTIONS) >= 30
    assert len(VOTES) == 193 * len(RESOLUTIONS)


def test_votes_use_the_courses_four_words_and_known_states():
    assert {v["vote"] for v in VOTES} == {"yes", "no", "abstain", "absent"}
    assert {COUNTRIES[v["iso3"]]["kind"] for v in VOTES} == {"state"}
    assert all(COUNTRIES[iso]["name_vi"] and COUNTRIES[iso]["name_en"] for iso in imp.UN_MEMBERS)


def _symbols(category: str) -> set[str]:
    return {r["symbol"] for r in RESOLUTIONS.values() if r["category"] == category}


def _years(category: str) -> set[int]:
    return {int(r["date"][:4]) for r in RESOLUTIONS.values() if r["category"] == category}


@pytest.mark.parametrize(
    "category, symbols",
    [
        (
            "ukraine",
            {"A/RES/68/262", "A/RES/ES-11/1", "A/RES/ES-11/3", "A/RES/ES-11/7", "A/RES/ES-11/9", "A/RES/77/229"}
            | {"A/RES/78/221", "A/RES/79/184"},
        ),
        ("coercive_measures", {"A/RES/74/154", "A/RES/77/214", "A/RES/78/202", "A/RES/79/167", "A/RES/80/209"}),
        ("syria", {"A/RES/74/169", "A/RES/77/230", "A/RES/78/222", "A/RES/79/185", "A/RES/80/224"}),
        ("iran_human_rights", {"A/RES/74/167", "A/RES/77/228", "A/RES/78/220", "A/RES/79/183", "A/RES/80/222"}),
        ("israel_palestine", {"A/RES/74/14", "A/RES/ES-10/27"}),
    ],
)
def test_each_family_has_its_texts(category, symbols):
    assert symbols <= _symbols(category)


@pytest.mark.parametrize(
    "category, years",
    [
        ("iran_human_rights", {2011, 2019, 2020, 2021, 2022, 2023, 2024, 2025}),
        ("cuba_embargo", {2016, 2019, 2021, 2025}),
        ("coercive_measures", {2019, 2020, 2021, 2022, 2023, 2024, 2025}),
        ("syria", {2012, 2019, 2020, 2021, 2022, 2023, 2024, 2025}),
        ("ukraine", {2014, 2019, 2020, 2021, 2022, 2023, 2024, 2025}),
    ],
)
def test_yearly_texts_are_there_year_by_year(category, years):
    assert years <= _years(category)


def test_no_cuba_vote_in_2020_when_the_session_postponed_it():
    cuba = {r["symbol"]: r["date"] for r in RESOLUTIONS.values() if r["category"] == "cuba_embargo"}
    assert 2020 not in _years("cuba_embargo")
    assert cuba["A/RES/75/289"] == "2021-06-23", "the 75th session's vote came in June 2021"


def test_vietnam_has_a_vote_on_every_resolution():
    vietnam = {v["resolution_id"]: v["vote"] for v in VOTES if v["iso3"] == "VNM"}
    assert set(vietnam) == set(RESOLUTIONS)


@pytest.mark.parametrize(
    "rid, iso3, vote",
    [
        ("es11_1", "VNM", "abstain"),  # ES-11/1, 2 Mar 2022
        ("es11_3", "VNM", "no"),  # ES-11/3, 7 Apr 2022 (two copies of the UN record agree)
        ("es11_8", "USA", "abstain"),  # the US abstained on its own text once amended (24 Feb 2025)
        ("r80_4", "UKR", "no"),  # UN press release GA/12723 names the seven against
        ("r71_5", "USA", "abstain"),  # 2016: the US abstained on the Cuba text
        ("r68_262", "IRN", "absent"),
        ("r78_220", "VNM", "no"),  # A/78/PV.50 names Viet Nam among the 30 against
        ("r78_220", "TUV", "abstain"),  # recorded as cast; Tuvalu said afterwards it had meant to vote yes
        ("r78_202", "NRU", "absent"),  # not named in A/78/PV.50; Nauru said afterwards it had meant to vote no
        ("r77_228", "VNM", "no"),  # Iran human rights, 15 Dec 2022
        ("r79_183", "VNM", "no"),  # Iran human rights, 17 Dec 2024
        ("r79_185", "SYR", "absent"),  # Syria did not vote on the Syria text of 17 Dec 2024, nine days after Assad fell
    ],
)
def test_votes_checked_against_other_copies(rid, iso3, vote):
    assert {v["iso3"]: v["vote"] for v in BY_RESOLUTION[rid]}[iso3] == vote


def test_the_resolution_list_and_the_table_agree():
    wanted = tomllib.loads(imp.RESOLUTIONS_TOML.read_text(encoding="utf-8"))["resolution"]
    assert [w["id"] for w in wanted] == list(RESOLUTIONS)
    for w in wanted:
        row = RESOLUTIONS[w["id"]]
        assert row["symbol"] == w["symbol"] and row["category"] == w["category"]
        assert row["source_ids"].split(";")[0] == f"undl_{w['record']}"
        assert row["title_vi"] == w["title_vi"] and row["topic_en"] == w["topic_en"]


LISTS_TOML = imp.RESOLUTIONS_TOML.parent / "un_votes_lists.toml"
LISTS_DATA = tomllib.loads(LISTS_TOML.read_text(encoding="utf-8"))
LISTS = LISTS_DATA["vote"]
KEYS = ("in_favour", "against", "abstaining", "non_voting")


def test_the_named_lists_rebuild_the_committed_rows_without_any_download():
    symbols = {v["symbol"] for v in LISTS}
    wanted = [w for w in imp.load_resolutions() if w["symbol"] in symbols]
    assert len(wanted) == len(symbols) == 12
    res, rows, filled = imp.build([("gh_tlebryk_a78_pv50", LISTS_TOML)], wanted)
    assert filled == {}
    for row in res:
        assert {k: str(v) for k, v in row.items()} == RESOLUTIONS[row["id"]]
    assert rows == [v for v in VOTES if v["resolution_id"] in {r["id"] for r in res}]


@pytest.mark.parametrize("entry", LISTS, ids=[v["symbol"] for v in LISTS])
def test_each_named_list_is_as_long_as_the_announced_result(entry):
    lengths = [len(imp._names(entry.get(k, "None"), k)) for k in KEYS]
    assert lengths[: len(entry["announced"])] == entry["announced"]
    assert sum(lengths) <= 193 and entry["copy"] in SOURCES
    assert entry.get("cite", "un_pv_a78_pv50") in SOURCES
    if "record" in entry:
        assert sum(lengths) == 193, "a voting record's copy lists every member, the non-voting too"


def test_the_meeting_record_and_the_voting_record_agree_on_iran_2023():
    """A/RES/78/220: the lists of A/78/PV.50 and the copy of UN voting record 4030716 give every state the same vote."""
    (second,) = LISTS_DATA["second_copy"]
    votes = {iso: word for key, word in zip(KEYS, imp.COUNTS, strict=True) for iso in imp._names(second[key], key)}
    assert len(votes) == 193
    assert votes == {v["iso3"]: v["vote"] for v in BY_RESOLUTION["r78_220"]}
    assert RESOLUTIONS["r78_220"]["source_ids"].split(";")[0] == f"undl_{second['record']}"


# --- the importer on small synthetic copies ---------------------------------------------------------------
MEMBERS = sorted(imp.UN_MEMBERS)
TOTALS = {"yes": 150, "no": 10, "abstain": 25, "absent": 8}
LETTER = {"yes": "Y", "no": "N", "abstain": "A", "absent": "X"}


def _votes(totals=TOTALS) -> dict[str, str]:
    words = [w for w in imp.COUNTS for _ in range(totals[w])]
    return dict(zip(MEMBERS, words, strict=True))


WANTED = [
    {
        "id": "t1",
        "symbol": "A/RES/99/1",
        "session": "99",
        "category": "other",
        "record": 9000001,
        "title_vi": "Nghị quyết thử",
        "title_en": "Test resolution",
        "topic_vi": "Chỉ để kiểm thử.",
        "topic_en": "For tests only.",
    }
]


def _bulk(votes, totals=TOTALS, symbol="A/RES/99/1", record="9000001") -> str:
    head = (
        "undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,meeting,title,"
        "agenda_title,subjects,vote_note,total_yes,total_no,total_abstentions,total_non_voting,total_ms,undl_link"
    )
    rows = [
        f"{record},{iso},NAME,{LETTER[w] if w != 'absent' else 'X'},2025-03-01,99,{symbol},,,,T,,,,"
        f"{totals['yes']}.0,{totals['no']}.0,{totals['abstain']}.0,{totals['absent']}.0,193.0,"
        f"https://digitallibrary.un.org/record/{record}"
        for iso, w in votes.items()
    ]
    return "\n".join([head, *rows]) + "\n"


def _wide_iso(votes, totals=TOTALS) -> str:
    word = {"yes": "YES", "no": "NO", "abstain": "ABSTAIN", "absent": ""}
    head = [
        "Link", "token", "Scrape_Year", "Title", "Council", "Resolution", "country", "subregion", "continent", "Date",
        "YES COUNT", "NO COUNT", "ABSTAIN COUNT", "NO-VOTE COUNT", "TOTAL VOTES", "tags", *votes,
    ]  # fmt: skip
    row = [
        "https://digitallibrary.un.org/record/9000001", "9000001", "2025", "T", "General Assembly", "A/RES/99/1",
        "", "", "", "2025-03-01", totals["yes"], totals["no"], totals["abstain"], totals["absent"], 193, "",
        *(word[w] for w in votes.values()),
    ]  # fmt: skip
    return _csv([head, row])


def _wide_names(votes, totals=TOTALS) -> str:
    names = {iso: imp.pycountry.countries.get(alpha_3=iso).name.upper() for iso in votes}
    names |= {"VNM": "VIET NAM", "IRN": "IRAN (ISLAMIC REPUBLIC OF)", "TUR": "TURKEY", "VEN": "VENEZUELA"}
    head = [
        "Council", "Date", "Title", "Resolution", "TOTAL VOTES", "NO-VOTE COUNT", "ABSENT COUNT", "NO COUNT",
        "YES COUNT", "Link", "token", *(names[i] for i in votes), "TÜRKIYE", "YUGOSLAVIA",
    ]  # fmt: skip
    row = [
        "General Assembly", "2025-03-01", "T", "A/RES/99/1", 193, totals["absent"], totals["abstain"], totals["no"],
        totals["yes"], "https://digitallibrary.un.org/record/9000001?ln=en", "9000001",
        *(LETTER[w] for w in votes.values()), "", "",
    ]  # fmt: skip
    return _csv([head, row])


def _record_json(votes, totals=TOTALS) -> str:
    numbers = {iso: imp.pycountry.countries.get(alpha_3=iso).numeric for iso in votes}
    numbers["SDN"] = "736"  # the UN record still uses Sudan's number from before 2011
    word = {"yes": "Y", "no": "N", "abstain": "A", "absent": "Non-Voting"}
    return json.dumps(
        {
            "link": "https://digitallibrary.un.org/record/9000001",
            "resolution": {"text": "A/RES/99/1"},
            "voteSummary": {
                "Yes": totals["yes"],
                "No": totals["no"],
                "Abstentions": totals["abstain"],
                "Non-Voting": totals["absent"],
            },
            "voteDate": "2025-03-01T00:00:00.000Z",
            "vote": {numbers[i]: {"country": i, "vote": word[w]} for i, w in votes.items()},
        }
    )


def _lists(votes) -> str:
    names = {iso: imp.pycountry.countries.get(alpha_3=iso).name for iso in votes}
    names |= {"RUS": "Russia", "PRK": "North Korea", "COD": "Dem. Rep. Congo", "SSD": "S. Sudan"}
    parts = {w: ", ".join(f'"{names[i]}"' for i, v in votes.items() if v == w) for w in imp.COUNTS}
    return (
        f'export default [\n  {{\n    code: "99/1",\n    approve: [{parts["yes"]}],\n    against: [{parts["no"]}],\n'
        f"    abstain: [{parts['abstain']}],\n    absent: [{parts['absent']}]\n  }}\n]\n"
    )


def _csv(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


LAYOUTS = {"bulk": _bulk, "wide_iso": _wide_iso, "wide_names": _wide_names, "record": _record_json}


def _run(tmp_path, text, wanted=WANTED, name="copy.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return imp.build([("src_copy", path)], wanted)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_importer_reads_each_layout_into_the_courses_rows(tmp_path, layout):
    votes = _votes()
    res, rows, filled = _run(tmp_path, LAYOUTS[layout](votes))
    assert filled == {}
    assert res == [
        {
            **{k: WANTED[0][k] for k in ("id", "symbol", "session", "category")},
            "date": "2025-03-01",
            **{k: WANTED[0][k] for k in ("title_vi", "title_en", "topic_vi", "topic_en")},
            "yes": 150,
            "no": 10,
            "abstain": 25,
            "non_voting": 8,
            "source_ids": "undl_9000001;src_copy",
        }
    ]
    assert [(r["iso3"], r["vote"], r["source_ids"]) for r in rows] == [
        (iso, votes[iso], "undl_9000001") for iso in MEMBERS
    ]


def test_importer_reads_name_lists_checked_against_the_tomls_totals(tmp_path):
    votes = _votes()
    wanted = [{**WANTED[0], "date": "2022-03-02", "totals": [150, 10, 25, 8]}]
    res, rows, _ = _run(tmp_path, _lists(votes), wanted, name="voting.js")
    assert (res[0]["date"], res[0]["yes"], res[0]["non_voting"]) == ("2022-03-02", 150, 8)
    assert {r["iso3"]: r["vote"] for r in rows} == votes
    bad = [{**wanted[0], "totals": [151, 9, 25, 8]}]
    with pytest.raises(imp.ImportError_, match=r"yes counted 150 but the record says 151"):
        _run(tmp_path, _lists(votes), bad, name="voting.js")


def _flip(votes, iso, word):
    return {**votes, iso: word}


def _drop(votes, iso):
    return {k: v for k, v in votes.items() if k != iso}


REFUSALS = {
    "a yes counted as no": (lambda v: _bulk(_flip(v, MEMBERS[0], "no")), r"yes counted 149 but the record says 150"),
    "totals larger than the votes": (
        lambda v: _wide_iso(v, {**TOTALS, "abstain": 26}),
        r"abstain counted 25 but the record says 26",
    ),
    "a member left out who must have voted": (
        lambda v: _bulk(_drop(v, MEMBERS[0])),
        r"members missing \['AFG'\]",
    ),
    "a member voting twice": (
        lambda v: _bulk(v) + _bulk(v).splitlines()[1] + "\n",
        r"AFG votes twice on A/RES/99/1",
    ),
    "a vote the record does not use": (
        lambda v: _bulk(v).replace(",Y,", ",MAYBE,", 1),
        r"unknown vote 'MAYBE'",
    ),
    "a state that is not a member": (
        lambda v: _bulk(v) + _bulk(v).splitlines()[1].replace(",AFG,", ",XKX,") + "\n",
        r"not members \['XKX'\]",
    ),
    "a header the importer does not know": (
        lambda v: "a,b,c\n1,2,3\n",
        r"layout this importer does not know \(header is a,b,c\)",
    ),
    "another voting record than the TOML's": (
        lambda v: _bulk(v, record="9000002"),
        r"voting record 9000002 is not the TOML's 9000001",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_importer_refuses_a_copy_that_does_not_add_up(tmp_path, case):
    make, message = REFUSALS[case]
    with pytest.raises(imp.ImportError_, match=message) as err:
        _run(tmp_path, make(_votes()))
    assert "Traceback" not in str(err.value)


def test_importer_refuses_a_resolution_no_copy_holds(tmp_path):
    wanted = [*WANTED, {**WANTED[0], "id": "t2", "symbol": "A/RES/99/2", "record": 9000002}]
    with pytest.raises(imp.ImportError_, match=r"no source holds A/RES/99/2"):
        _run(tmp_path, _bulk(_votes()), wanted)


@pytest.mark.parametrize("left_out", [["AFG"], ["AFG", "VEN"]])
def test_a_member_left_out_is_non_voting_only_when_the_arithmetic_forces_it(tmp_path, left_out):
    votes = {**_votes(), **dict.fromkeys(left_out, "absent")}
    # keep the totals: swap the left-out members' former votes onto others so yes/no/abstain still add up
    moved = [iso for iso in MEMBERS if votes[iso] == "absent" and iso not in left_out][: len(left_out)]
    for iso, was in zip(moved, (_votes()[i] for i in left_out), strict=True):
        votes[iso] = was
    assert Counter(votes.values()) == Counter(TOTALS)
    copy = {k: v for k, v in votes.items() if k not in left_out}
    res, rows, filled = _run(tmp_path, _wide_iso(copy))
    assert filled == {"A/RES/99/1": left_out}
    assert {r["iso3"]: r["vote"] for r in rows} == votes
    # one vote fewer than the record's yes total: the left-out member might have voted yes, so refuse
    short = {**copy, next(i for i, w in copy.items() if w == "yes"): "absent"}
    with pytest.raises(imp.ImportError_, match=r"members missing"):
        _run(tmp_path, _wide_iso(short))


def test_command_writes_both_tables_or_nothing(tmp_path, capsys):
    good, bad, out = tmp_path / "good.csv", tmp_path / "bad.csv", tmp_path / "out"
    out.mkdir()
    good.write_text(_bulk(_votes()), encoding="utf-8")
    bad.write_text(_bulk(_flip(_votes(), MEMBERS[0], "no")), encoding="utf-8")
    toml = tmp_path / "res.toml"
    toml.write_text(
        "[[resolution]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in WANTED[0].items()),
        encoding="utf-8",
    )
    assert imp.main([f"src_copy={bad}", "--out", str(out), "--resolutions", str(toml)]) == 1
    err = capsys.readouterr().err
    assert "nothing written" in err and "A/RES/99/1" in err and "Traceback" not in err
    assert list(out.iterdir()) == []
    assert imp.main([f"src_copy={good}", "--out", str(out), "--resolutions", str(toml)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["un_resolutions.csv", "un_votes.csv"]
    assert len((out / "un_votes.csv").read_text(encoding="utf-8").splitlines()) == 194


@pytest.mark.parametrize(
    "name, iso3",
    [
        ("VIET NAM", "VNM"),
        ("IRAN (ISLAMIC REPUBLIC OF)", "IRN"),
        ("TÜRKIYE", "TUR"),
        ("CÔTE D'IVOIRE", "CIV"),
        ("COTE D’IVOIRE", "CIV"),
        ("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "PRK"),
        ("REPUBLIC OF KOREA", "KOR"),
        ("Dem. Rep. Congo", "COD"),
        ("CONGO", "COG"),
        ("eSwatini", "SWZ"),
        ("ATLANTIS", None),
    ],
)
def test_member_names_as_the_un_record_and_its_copies_write_them(name, iso3):
    assert imp.iso3_for_name(name) == iso3


def _named_lists(votes, announced=None, extra="") -> str:
    names = {iso: imp.pycountry.countries.get(alpha_3=iso).name for iso in votes}
    names = {iso: iso if "," in name else name for iso, name in names.items()}  # the UN writes no comma in a name
    names |= {
        "BOL": "Bolivia (Plurinational State of)",
        "VNM": "Viet Nam",
        "IRN": "Iran (Islamic Republic of)",
        "NLD": "Netherlands (Kingdom of the)",
    }
    names |= {"TUR": "Türkiye", "CIV": "Côte d’Ivoire", "PRK": "Democratic People’s Republic of Korea"}
    lists = {w: ",\n".join(names[i] for i, v in votes.items() if v == w) or "None" for w in imp.COUNTS}
    counts = Counter(votes.values())
    announced = announced or [counts["yes"], counts["no"], counts["abstain"]]
    return (
        '[[vote]]\nsymbol = "A/RES/99/1"\ndate = "2023-12-19"\ncite = "un_pv_test"\ncopy = "src_copy"\n'
        f'announced = {announced}\nin_favour = """\n{lists["yes"]}{extra}\n"""\n'
        f'against = """\n{lists["no"]}\n"""\nabstaining = """\n{lists["abstain"]}\n"""\n'
    )


def test_importer_reads_a_meeting_records_named_lists(tmp_path):
    votes = _votes()
    wanted = [{k: v for k, v in WANTED[0].items() if k != "record"} | {"cite": "un_pv_test"}]
    res, rows, filled = _run(tmp_path, _named_lists(votes), wanted, name="lists.toml")
    assert filled == {}, "a member the record names in no list did not vote: that is the record, not a guess"
    assert (res[0]["date"], res[0]["yes"], res[0]["non_voting"]) == ("2023-12-19", 150, 8)
    assert res[0]["source_ids"] == "un_pv_test;src_copy"
    assert {r["iso3"]: (r["vote"], r["source_ids"]) for r in rows} == {i: (w, "un_pv_test") for i, w in votes.items()}


LIST_REFUSALS = {
    "a list shorter than the announced result": (
        lambda v: _named_lists(v, announced=[150, 11, 25]),
        r"yes counted 149 but the record says 150",
    ),
    "a name that is no member state": (
        lambda v: _named_lists(v, extra=",\nAtlantis"),
        r"unknown member state 'Atlantis'",
    ),
    "a state named in two lists": (lambda v: _named_lists(v, extra=",\nRussian Federation"), r"RUS is named twice"),
    "a file that is not TOML": (lambda v: "[[vote]\nsymbol = ", r"not a readable list file"),
}


@pytest.mark.parametrize("case", sorted(LIST_REFUSALS))
def test_importer_refuses_named_lists_that_do_not_add_up(tmp_path, case):
    make, message = LIST_REFUSALS[case]
    votes = _flip(_votes(), "RUS", "no")
    wanted = [{k: v for k, v in WANTED[0].items() if k != "record"} | {"cite": "un_pv_test"}]
    with pytest.raises(imp.ImportError_, match=message) as err:
        _run(tmp_path, make(votes), wanted, name="lists.toml")
    assert "Traceback" not in str(err.value)


def test_keep_from_extends_the_table_and_keeps_every_other_row(tmp_path):
    kept = imp.read_kept(DATA)
    wanted = imp.load_resolutions()
    path = imp.RESOLUTIONS_TOML.parent / "un_votes_lists.toml"
    res, rows, _ = imp.build([("gh_tlebryk_a78_pv50", path)], wanted, kept)
    assert [{k: str(v) for k, v in r.items()} for r in res] == list(RESOLUTIONS.values())
    assert rows == VOTES
    without = {k: v for k, v in kept.items() if k != "r80_4"}
    with pytest.raises(imp.ImportError_, match=r"no source holds A/RES/80/4"):
        imp.build([("gh_tlebryk_a78_pv50", path)], wanted, without)


def _code_lists(votes, record=9000001, announced=None, drop=()) -> str:
    lists = {w: ", ".join(i for i, v in votes.items() if v == w and i not in drop) or "None" for w in imp.COUNTS}
    counts = Counter(votes.values())
    announced = announced or [counts[w] for w in imp.COUNTS]
    return (
        f'[[vote]]\nsymbol = "A/RES/99/1"\nrecord = {record}\ndate = "2024-12-17"\ncopy = "src_copy"\n'
        f"announced = {announced}\n"
        + "".join(f'{k} = """\n{lists[w]}\n"""\n' for k, w in zip(KEYS, imp.COUNTS, strict=True))
    )


def test_importer_reads_a_voting_records_lists_by_code(tmp_path):
    votes = _votes()
    res, rows, filled = _run(tmp_path, _code_lists(votes), name="lists.toml")
    assert filled == {} and res[0]["source_ids"] == "undl_9000001;src_copy"
    assert (res[0]["yes"], res[0]["no"], res[0]["abstain"], res[0]["non_voting"]) == (150, 10, 25, 8)
    assert {r["iso3"]: r["vote"] for r in rows} == votes


CODE_REFUSALS = {
    "a member in no list": (
        lambda v: _code_lists(v, drop=("AFG",), announced=[149, 10, 25, 8]),
        r"members in no list \['AFG'\]",
    ),
    "fewer non-voting than the record says": (
        lambda v: _code_lists(v, announced=[150, 10, 25, 9]),
        r"absent counted 8 but the record says 9",
    ),
    "another voting record than the TOML's": (
        lambda v: _code_lists(v, record=9000002),
        r"voting record 9000002 is not the TOML's 9000001",
    ),
}


@pytest.mark.parametrize("case", sorted(CODE_REFUSALS))
def test_importer_refuses_code_lists_that_do_not_add_up(tmp_path, case):
    make, message = CODE_REFUSALS[case]
    with pytest.raises(imp.ImportError_, match=message):
        _run(tmp_path, make(_votes()), name="lists.toml")
