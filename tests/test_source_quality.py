"""Sources, primary and agency first: no row rests on a mirror, file-sharing or aggregator copy unless kept with a
reason, replaced sources leave nothing behind, China's customs are named, qualifiers and dates are kept, and a
ministry's words sit only on the measure they were about.

The inventory (every source, its host, its class, the rows citing it) is tests/support/source_inventory.py;
the log of what changed is docs/fact-checks/sources-2026-12.md.
"""

from __future__ import annotations

import csv
import re
from functools import cache

import pytest

from conftest import DATA
from support import source_inventory as inventory

# Weak copies still cited, each with why it stays (no better text verified in the stored pages yet).
KEPT: dict[str, str] = {
    "menafn_armenia_csto_2025": "Pashinyan's 2025 remark; AzerNews/Armenian original not found",
    "bignews_saudi_brics_2025": "Saudi Arabia's BRICS row belongs to the statuses part of issue 20",
    "devdiscourse_saudi_brics_2024": "Saudi Arabia's BRICS row belongs to the statuses part of issue 20",
    "publicitytop_saudi_brics_2024": "Saudi Arabia's BRICS row belongs to the statuses part of issue 20",
    "bilaterals_rus_chn_2019": "2019 label of the Russia-China relationship; Kremlin text not found",
    "machidaheiwa_usa_jpn_treaty": "US-Japan treaty dates; MOFA Japan's treaty page not found in the stored pages",
    "kushima_usa_jpn_art5": "US-Japan treaty Art. V text; MOFA Japan's treaty page not found in the stored pages",
    "scribd_usa_phl_1951": "US-Philippines treaty text; State Department or Avalon copy not found",
    "crs_if11583_2231": "faithful copy of a CRS report; the congress.gov original not found in the stored pages",
    "crs_if12390_sanctions": "faithful copy of a CRS report; the congress.gov original not found in the stored pages",
    "un_news_ru_20250919_vote": "UN News Russian text read through a translation service; UN page itself not stored",
    "g7_statement_canadianinquirer": "G7 and Australia statement of 2 Dec 2022; only copies found in the stored pages",
    "reuters_devdiscourse_20220228_uk": "Reuters factbox; reuters.com text not found in the stored pages",
    "sputnik_urdupoint_20220406_taiwan": "Taiwan MOEA list of Apr 2022; MOEA or CNA text not found in the stored pages",
    "euobserve_taiwan": "kept on purpose: the one outlet giving a conflicting date (25 Feb 2022), named in the row",
    "sputnik_urdupoint_20230406_vn": "Vietnamese PM's 2023 remark cited in lesson prose; VNA's own text not found",
    "opoyi_2022_sco_statuses": "SCO observer years; SCO secretariat page not found in the stored pages",
    "gibler_alliances_1921_treaty": "1921 treaty data; the League of Nations Treaty Series text not found",
    "wikimili_1921_treaty": "1921 treaty signatories and later repudiation; no primary text found",
    "reuters_devdiscourse_20220913_shahed": "adds the 'Geran-2' marking and Tehran's denial; no reuters.com copy found",
    "reuters_yahoo_20221018_kremlin_denial": "Peskov's 18 Oct 2022 denial; TASS or Kremlin text not found",
    "reuters_yahoo_20221018_kremlin": "Peskov's 18 Oct 2022 denial; TASS or Kremlin text not found",
    "urdupoint_novak_loan_20230517": "Novak's loan figures (Sputnik copy); RIA/Sputnik original not found",
    "coolreceptes_putin_95_2025": "Putin's 17 Jan 2025 remark; Kremlin transcript not found in the stored pages",
    "news_pravda_fars_13pct_2026": "Fars report (2026 row, events part of issue 20)",
    "menafn_20260114_ady_instc": "2026 corridor row (events part of issue 20)",
    "ustower_20260407_ceasefire": "2026 ceasefire row (events part of issue 20)",
    "ap_newsar_20260413_blockade": "2026 ceasefire row (events part of issue 20)",
    "feedman_vance_hormuz": "2026 memorandum row (events part of issue 20)",
    "urdupoint_2020_05_01_zhiganshin": "Russian trade representative's 2019 figure; original not found",
    "menafn_2024_04_16_tpo": "Iran TPO figures; IRNA/TPO text not found in the stored pages",
    "newspravda_2024_04_03_overchuk": "Overchuk's 228 bn (TASS copy); tass.com text not found in the stored pages",
    "menafn_irica_1403_5m": "IRICA five-month figure; IRNA/IRICA text not found in the stored pages",
    "keyt_20220908_treasury": "AP copy of the 8 Sep 2022 Treasury action; apnews.com and treasury.gov texts not found",
    "nosint_200712_s300": "used only to date a 2007 claim; the agency report is not online",
    "particle_202509_jalali": "Jalali interview summary; the interview itself not found",
    "telugustop_20230311_su35": "Iran's UN mission statement (IANS/Xinhua copy); original not found",
    "worldwidenews_20241105_kowsar": "Roscosmos statement of 5 Nov 2024; Roscosmos page not found",
    "yahoo_202311_insider_kremlin": "Kremlin non-confirmation, Nov 2023; original not found",
    "zoombangla_202509_forbes": "Forbes-based summary; original not found",
    "hill_yahoo_20221209_kirby": "Kirby's 9 Dec 2022 briefing, cited in lesson prose; White House text not found",
}

# Tables another part of issue 20 replaces wholesale (votes helper): their weak sources go with them.
REPLACED_WHOLESALE = {"un_resolutions", "un_votes"}

# Weak source -> (the rows that cited it, the better sources now carrying the fact: each row cites at least one).
REPLACED: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "eesti_nato_2004": (
        [("memberships", f"nato:{c}") for c in ("BGR", "EST", "LTU", "LVA", "ROU", "SVK", "SVN")],
        ["nato_enlargement_2006", "dod_20040330_nato"],
    ),
    "examiner_12daywar_2025": (
        [("relations", "irn_usa")],
        ["guardian_20250621_trump_address", "fox5ny_20250623_al_udeid"],
    ),
    "ap_ktvz_20220913_shahed": ([("events", "shahed_drones_ukraine_2022")], ["novayagazeta_20220913_shahed"]),
    "azernews_menafn_russia_mfa_eu": (
        [("sanctions", "eu_269_2014_asset_freeze")],
        ["interfax_20230623_mfa_eu11", "vedomosti_20240223_mfa_eu13"],
    ),
    "docslib_oj_reg267": ([("sanctions", "eu_iran_oil_embargo_2012")], ["legislationgovuk_reg267_adopted"]),
    "trend_menafn_20250613_peskov": (
        [("events", "israel_iran_war_jun2025")],
        ["tass_ru_20250613_peskov", "trtworld_20250620_israel_iran"],
    ),
    "devdiscourse_20250613_rising_lion": (
        [("events", "israel_iran_war_jun2025")],
        ["assamtribune_20250613_rising_lion"],
    ),
    "reuters_devdiscourse_20250622_us_strikes": (
        [("events", "us_strikes_iran_nuclear_2025")],
        ["tass_20250622_mfa_us_strikes", "guardian_20250621_trump_address"],
    ),
    "menafn_20250421_putin_law": (
        [("events", "federation_council_treaty_2025"), ("events", "putin_signs_ratification_2025")],
        ["tehrantimes_20250416_fc", "irna_20250421_putin_ratifies"],
    ),
    "fantasticsearch_art3n": ([("sanctions", "eu_oil_embargo_russia_2022")], ["eurlex_reg_2022_879"]),
    "fedreg_index_bis_20220303": ([("sanctions", "usa_bis_export_controls_2022")], ["fedreg_bis_20220303"]),
    "yerepouni_20140429_ryabkov": ([("sanctions", "usa_eo13660_13661_2014")], ["reuters_trust_20140428_ryabkov"]),
    "urdupoint_2022_07_13_lavrov": ([("trade", "rus_irn_2021_total_lavrov")], ["statesman_20220315_lavrov"]),
    "trendingpeople_20250624_ceasefire": ([("events", "israel_iran_ceasefire_2025")], ["ynet_ceasefire_2025"]),
    "aa_usmuslims_20240419_isfahan": ([("events", "israel_strike_isfahan_apr2024")], ["thenational_20240419_isfahan"]),
    "sott_20221020_polyansky": (
        [
            (
                "transfer_claims",
                "shahed_geran2_drones:Phái đoàn Nga tại Liên hợp quốc (Phó Đại diện thường trực Dmitry Polyansky)",
            ),
            ("transfers", "shahed_geran2_drones"),
        ],
        ["russiaislworld_20221020_polyansky"],
    ),
    "urdupoint_2023_02_09_volodin": ([("trade", "rus_irn_2022_total_volodin")], ["ilna_202301_volodin"]),
    "welovetheeighties_spain_1982": ([("memberships", "nato:ESP")], ["defnat_1982_spain"]),
    "sbs_tellerreport_20220228_korea": ([("sanctions", "kor_russia_export_controls_2022")], ["kbs_20220228_korea"]),
    "daily8_20250725_nahid2": ([("transfers", "iranian_satellites_soyuz")], ["euronews_20250725_nahid2"]),
    "exbulletin_irn_syr_2025": ([("relations", "irn_syr_2006")], ["thenational_20250521_irn_syr"]),
    "devdiscourse_20240916_pezeshkian": (
        [("transfers", "fath360_crbm")],
        ["unn_20240916_pezeshkian", "newarab_20240916_pezeshkian"],
    ),
}

# Claims dated by when they were made: (table, row, the date the row's note gives, the source, its date).
DATED = [
    ("trade", "rus_irn_2021_total_lavrov", "15 Mar 2022", "statesman_20220315_lavrov", "2022-03-15"),
    ("sanctions", "usa_eo13660_13661_2014", "28 Apr 2014", "reuters_trust_20140428_ryabkov", "2014-04-28"),
    ("sanctions", "eu_269_2014_asset_freeze", "23 Jun 2023", "interfax_20230623_mfa_eu11", "2023-06-23"),
    ("sanctions", "eu_269_2014_asset_freeze", "23 Feb 2024", "vedomosti_20240223_mfa_eu13", "2024-02-23"),
]

DATE_IN_TEXT = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]* \d{4}\b")
CHINA_FIGURE = re.compile(r"China's (customs|statistics)|Chinese (customs|statistics)|China's customs")
GACC_EN, GACC_VI = "General Administration of Customs of China", "Tổng cục Hải quan Trung Quốc"


@cache
def table(name: str) -> list[dict]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cited_ids(row: dict) -> list[str]:
    return [s for k, v in row.items() if k.endswith(("source_id", "source_ids")) and v for s in v.split(";") if s]


def row_key(name: str, row: dict) -> str:
    return row.get("id") or f"{row[next(iter(row))]}:{list(row.values())[1]}"


def find(name: str, key: str) -> dict:
    rows = [r for r in table(name) if row_key(name, r) == key]
    assert len(rows) == 1, (name, key, len(rows))
    return rows[0]


SOURCES = {s["id"]: s for s in table("sources")}
TABLES = sorted(p.stem for p in DATA.glob("*.csv") if p.stem != "sources" and p.stem not in REPLACED_WHOLESALE)


def test_every_weak_host_is_listed_with_what_it_is():
    for host, reason in inventory.WEAK_HOSTS.items():
        assert host == host.lower() and "/" not in host and reason.strip(), host


@pytest.mark.parametrize("name", TABLES)
def test_no_row_rests_on_a_mirror_file_sharing_or_aggregator_copy(name):
    weak = {
        (row_key(name, r), sid)
        for r in table(name)
        for sid in cited_ids(r)
        if inventory.classify(SOURCES[sid]) == "weak" and sid not in KEPT
    }
    assert not weak, f"{name}: rows citing a copy whose original exists or was not looked for: {sorted(weak)}"


@pytest.mark.parametrize("sid", sorted(KEPT))
def test_a_kept_copy_is_still_weak_still_cited_and_says_why(sid):
    assert KEPT[sid].strip()
    assert sid in SOURCES, f"{sid} is gone: drop it from KEPT"
    assert inventory.classify(SOURCES[sid]) == "weak", f"{sid} now has a better host: drop it from KEPT"
    prose = {s for ids in _prose_ids().values() for s in ids}
    assert sid in inventory.citations() or sid in prose, f"{sid} is cited by nothing"


@cache
def _prose_ids():
    from lessons.core.sourcing import prose_source_ids

    return prose_source_ids()


@pytest.mark.parametrize("old", sorted(REPLACED))
def test_a_replaced_source_leaves_nothing_behind_and_its_rows_cite_the_better_one(old):
    rows, better = REPLACED[old]
    assert old not in SOURCES, f"{old} is still in sources.csv (orphan)"
    assert old not in inventory.citations(), f"{old} is still cited"
    cited_by_rows: set[str] = set()
    for name, key in rows:
        ids = cited_ids(find(name, key))
        assert set(better) & set(ids), (name, key, ids)
        assert all(inventory.classify(SOURCES[s]) != "weak" for s in ids if s not in KEPT), (name, key)
        cited_by_rows |= set(ids)
    assert set(better) <= cited_by_rows, set(better) - cited_by_rows


@pytest.mark.parametrize("iso3", ["BGR", "EST", "LTU", "LVA", "ROU", "SVK", "SVN"])
def test_the_2004_nato_accessions_rest_on_nato_and_the_us_record_not_a_newspaper(iso3):
    row = find("memberships", f"nato:{iso3}")
    kinds = {SOURCES[s]["kind"] for s in cited_ids(row)}
    assert row["start"] == "2004-03-29"
    assert kinds == {"intergovernmental", "government"}, kinds


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("contested_names", "crimea_annexation"),
        ("contested_names", "ukraine_smo"),
        ("contested_names", "ukraine_aggression"),
        ("events", "russia_invades_ukraine_2022"),
    ],
)
def test_a_general_assembly_vote_outside_the_vote_tables_rests_on_the_uns_release_not_wikipedia(name, key):
    sources = [SOURCES[s] for s in cited_ids(find(name, key))]
    assert not [s["id"] for s in sources if inventory.host(s["url"]).endswith("wikipedia.org")]
    assert any(inventory.host(s["url"]) == "press.un.org" for s in sources)


@pytest.mark.parametrize(
    ("sid", "expected"),
    [
        ("nato_treaty_text_1949", "primary"),
        ("icao_cir328_uas", "primary"),
        ("tass_20220207_polyansky", "agency"),
        ("statesman_20220315_lavrov", "press"),
        ("menafn_2024_04_16_tpo", "weak"),
        ("crs_if11583_2231", "weak"),
    ],
)
def test_the_inventory_classifies_a_source_by_its_host_and_kind(sid, expected):
    assert inventory.classify(SOURCES[sid]) == expected


CHINA_ROWS = [r["id"] for r in table("trade") if r["reporter"] == "CHN" or CHINA_FIGURE.search(r["note_en"])]


@pytest.mark.parametrize("rid", CHINA_ROWS)
def test_a_figure_from_china_names_chinas_customs_in_both_languages(rid):
    row = find("trade", rid)
    assert GACC_EN in row["note_en"], row["note_en"]
    assert GACC_VI in row["note_vi"], row["note_vi"]


NON_OIL_ROWS = [r["id"] for r in table("trade") if "non-oil" in SOURCES[r["source_id"]]["notes"].lower()]


@pytest.mark.parametrize("rid", NON_OIL_ROWS)
def test_a_non_oil_figure_says_so_in_both_languages(rid):
    row = find("trade", rid)
    assert re.search(r"non-oil|excluding crude oil", row["note_en"]), row["note_en"]
    assert re.search(r"phi dầu mỏ|không tính dầu thô", row["note_vi"]), row["note_vi"]


def test_a_part_year_figure_says_which_months():
    for row in table("trade"):
        if int(row["months"]) < 12:
            assert re.search(r"\d+ months|Jan–\w{3}|first half", row["note_en"], re.I), (row["id"], row["note_en"])


PACKAGE = re.compile(r"\b(\d+)(?:st|nd|rd|th) package")
MFA_PACKAGE_ROWS = [
    (r["id"], sid)
    for r in table("sanctions")
    for sid in cited_ids(r)
    if PACKAGE.search(SOURCES[sid]["notes"]) and re.search(r"MFA|Foreign Ministry", SOURCES[sid]["notes"])
]


@pytest.mark.parametrize(("rid", "sid"), MFA_PACKAGE_ROWS)
def test_a_ministry_statement_on_a_package_sits_only_on_a_row_that_names_that_package(rid, sid):
    packages = set(PACKAGE.findall(SOURCES[sid]["notes"]))
    assert packages <= set(PACKAGE.findall(find("sanctions", rid)["notes"])), (rid, sid, packages)


def test_the_package_statements_are_on_the_listings_row():
    rows = {rid for rid, _ in MFA_PACKAGE_ROWS}
    assert rows == {"eu_269_2014_asset_freeze"}, rows


ATTRIBUTED = re.compile(r"Russia's (Foreign Ministry|general position)|Polyansky|Ryabkov")
ATTRIBUTED_ROWS = [r["id"] for r in table("sanctions") if ATTRIBUTED.search(r["notes"])]


@pytest.mark.parametrize("rid", ATTRIBUTED_ROWS)
def test_a_position_attributed_in_sanctions_notes_says_when_it_was_stated(rid):
    for sentence in re.split(r"(?<=\.)\s+", find("sanctions", rid)["notes"]):
        if ATTRIBUTED.search(sentence):
            assert DATE_IN_TEXT.search(sentence), (rid, sentence)


@pytest.mark.parametrize(("name", "rid", "said_on", "sid", "published"), DATED)
def test_a_claim_is_dated_by_when_it_was_made(name, rid, said_on, sid, published):
    row = find(name, rid)
    text = row.get("notes") or row.get("note_en")
    assert said_on in text, text
    assert sid in cited_ids(row)
    assert SOURCES[sid]["date_published"] == published


def test_no_claim_is_dated_after_the_source_that_reports_it():
    late = [
        (r["transfer_id"], r["date"], r["source_id"])
        for r in table("transfer_claims")
        if SOURCES[r["source_id"]]["date_published"] and r["date"] > SOURCES[r["source_id"]]["date_published"]
    ]
    assert not late, late
