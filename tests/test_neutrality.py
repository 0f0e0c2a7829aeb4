"""Issue 17, part 3: the course's own neutrality rule, everywhere.

- Contested names (data/contested_names.csv): wherever a student- or teacher-facing text uses a name whose rule is
  "attribute", an attribution phrase from that row stands near it, in both languages.
- Vietnam's UN votes are described topic by topic, never as voting "with Iran and Russia", and the topic-by-topic
  account agrees with data/un_votes.csv.
- Hedged statements keep their hedge (Pezeshkian, 16 Sep 2024).
- Every row dated 2026 and marked confirmed rests on at least two independent agency or official sources.
"""

import csv
import functools
import json
import re
import tomllib
from pathlib import Path

import nbformat
import pytest

import lessons as L

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
LANGS = ("vi", "en")
WINDOW = 250  # characters either side of a name in which an attribution phrase must stand


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


NAMES = _csv("contested_names")
ATTRIBUTED = [row for row in NAMES if row["rule"] == "attribute"]
SOURCES = {row["id"]: row for row in _csv("sources")}


# --- where the course speaks ------------------------------------------------------------------
def _strings(node, lang: str):
    """Strings of one language in an exercises.toml / plan tree: values under a `vi`/`en` key."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == lang and isinstance(value, str):
                yield value
            else:
                yield from _strings(value, lang)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, lang)


def _plan_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _plan_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _plan_strings(value)


@functools.cache
def course_texts(lang: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(_course_texts(lang))


def _course_texts(lang: str):
    """(where, text, context) for every text of one language a student or teacher reads. For a data cell the
    context is its whole row without the other language's columns (the row's symbol or speaker attributes it);
    elsewhere it is None and the words around the name count."""
    for path in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
        for cell in nbformat.read(path, 4).cells:
            if cell.cell_type == "markdown":
                yield f"{path.relative_to(ROOT)}#{cell.get('id')}", cell.source, None
    for key, value in json.loads((ROOT / "lessons" / "i18n" / f"{lang}.json").read_text(encoding="utf-8")).items():
        yield f"i18n/{lang}:{key}", value, None
    for path in sorted((ROOT / "lessons" / "topics").glob("*/exercises.toml")):
        for i, text in enumerate(_strings(tomllib.loads(path.read_text(encoding="utf-8")), lang)):
            yield f"{path.relative_to(ROOT)}[{i}]", text, None
    plan = json.loads((ROOT / "lessons" / "plans" / f"{lang}.json").read_text(encoding="utf-8"))
    for i, text in enumerate(_plan_strings(plan)):
        yield f"plans/{lang}[{i}]", text, None
    other = "en" if lang == "vi" else "vi"
    for path in sorted(DATA.glob("*.csv")):
        if path.name == "contested_names.csv":
            continue
        with path.open(encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                context = " | ".join(v for k, v in row.items() if k and v and not k.endswith("_" + other))
                for col, value in row.items():
                    if col and col.endswith("_" + lang) and value:
                        yield f"{path.name}:{n}:{col}", value, context


def unattributed(text: str, context: str | None, labels: list[str], markers: list[str]) -> list[str]:
    """Each use of a label in `text` with no attribution phrase within WINDOW characters (for a short text: in its
    context, e.g. the data row it belongs to)."""
    found = []
    low = text.casefold()
    for label in labels:
        for m in re.finditer(re.escape(label.casefold()), low):
            if context is None:
                near = low[max(0, m.start() - WINDOW) : m.end() + WINDOW]
            else:
                near = context.casefold()
            if not any(mark.casefold() in near for mark in markers):
                found.append(text[max(0, m.start() - 60) : m.end() + 60])
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("row", ATTRIBUTED, ids=lambda r: r["id"])
def test_every_contested_name_says_who_uses_it(row, lang):
    labels, markers = _split(row[f"label_{lang}"]), _split(row[f"markers_{lang}"])
    bad = {}
    for where, text, context in course_texts(lang):
        if hits := unattributed(text, context, labels, markers):
            bad[where] = hits
    assert not bad, f"'{row['id']}' used without saying who calls it so: {bad}"


SMO = (["special military operation"], ["Russia calls", "Putin announced"])
SMO_VI = (["chiến dịch quân sự đặc biệt"], ["Nga gọi", "Putin tuyên bố"])


@pytest.mark.parametrize(
    "text, labels_markers, ok",
    [
        ("On 24 Feb 2022 Putin announced a 'special military operation'.", SMO, True),
        ("The special military operation began in February 2022.", SMO, False),
        ("What Russia calls a special military operation began in 2022.", SMO, True),
        ("The Special Military Operation began.", SMO, False),  # case does not hide a use
        ("Russia calls it so. " + "x" * (WINDOW + 10) + " The special military operation went on.", SMO, False),
        ("Nga gọi đó là “chiến dịch quân sự đặc biệt”.", SMO_VI, True),
        ("Chiến dịch quân sự đặc biệt bắt đầu năm 2022.", SMO_VI, False),
    ],
    ids=["attributed", "bare", "what-russia-calls", "capitals", "marker-too-far", "vi-attributed", "vi-bare"],
)
def test_the_attribution_check_can_fail(text, labels_markers, ok):
    labels, markers = labels_markers
    assert (not unattributed(text, None, labels, markers)) is ok


def test_the_contested_names_table_gives_both_names_and_who_uses_each():
    assert {r["id"] for r in ATTRIBUTED} >= {"ukraine_smo", "ukraine_aggression", "crimea_annexation", "golan_occupied"}
    for row in NAMES:
        for lang in LANGS:
            for col in ("label", "used_by", "alternative", "alternative_used_by", "markers"):
                assert row[f"{col}_{lang}"].strip(), (row["id"], col, lang)
            assert row[f"label_{lang}"] == row[f"label_{lang}"].casefold(), row["id"]
            assert row[f"alternative_{lang}"].casefold() not in _split(row[f"label_{lang}"]), row["id"]
        for sid in _split(row["source_ids"]):
            assert sid in SOURCES, (row["id"], sid)
    # the table is part of the data package, so it is validated and documented like every other table
    assert len(L.load("contested_names")) == len(NAMES)


# --- Vietnam's votes, by topic ------------------------------------------------------------------
BLOC = [
    "bỏ phiếu cùng iran",
    "đứng cùng iran",
    "cùng phía với iran",
    "voted with iran",
    "votes with iran",
    "sided with iran",
    "alongside iran and russia",
]
VOTE_TEXTS = [
    "notebooks/vi/07-un-votes.ipynb",
    "notebooks/en/07-un-votes.ipynb",
    "notebooks/vi/08-synthesis.ipynb",
    "notebooks/en/08-synthesis.ipynb",
    "lessons/i18n/vi.json",
    "lessons/i18n/en.json",
    "lessons/plans/vi.json",
    "lessons/plans/en.json",
    "lessons/topics/votes/exercises.toml",
    "lessons/topics/synthesis/exercises.toml",
]


@pytest.mark.parametrize("path", VOTE_TEXTS)
def test_vietnams_votes_are_not_described_as_a_bloc_with_iran_and_russia(path):
    text = (ROOT / path).read_text(encoding="utf-8").casefold()
    assert not [p for p in BLOC if p in text], path


# Vietnam's vote per topic in the course's sample, as lesson 07 states it (category -> set of VNM votes).
STATED = {
    "iran_human_rights": {"no"},
    "syria": {"abstain"},
    "cuba_embargo": {"yes"},
    "coercive_measures": {"yes"},
    "israel_palestine": {"yes"},
}


def test_lesson_07s_topic_by_topic_account_matches_the_votes():
    votes, res = L.load("un_votes"), L.load("un_resolutions").set_index("id")
    vnm = votes[votes["iso3"] == "VNM"].set_index("resolution_id")["vote"]
    for category, stated in STATED.items():
        ids = res.index[res["category"] == category]
        assert set(vnm[ids]) == stated, category
    ukraine = vnm[res.index[res["category"] == "ukraine"]]
    assert ukraine["es11_3"] == "no" and set(ukraine.drop("es11_3")) == {"abstain"}
    rus = votes[votes["iso3"] == "RUS"].set_index("resolution_id")["vote"]
    assert vnm["r74_41"] == "yes" and rus["r74_41"] == "no"  # the nuclear-weapons ban treaty: Vietnam differs


@pytest.mark.parametrize("lang, phrase", [("vi", "theo từng chủ đề"), ("en", "topic by topic")])
def test_lesson_07_reads_vietnams_votes_topic_by_topic(lang, phrase):
    cells = {c.get("id"): c.source for c in nbformat.read(ROOT / f"notebooks/{lang}/07-un-votes.ipynb", 4).cells}
    assert phrase in cells["07-17"]


# --- hedges kept ---------------------------------------------------------------------------------
def test_pezeshkian_keeps_his_hedge():
    claims = L.load("transfer_claims")
    row = claims[(claims["party_en"].str.contains("Pezeshkian")) & (claims["date"].astype(str) == "2024-09-16")]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["position"] == "not_ruled_out"
    assert "có thể" in row["statement_vi"] and "may have" in row["statement_en"]
    assert "newarab_20240916_pezeshkian" in _split(row["source_id"])


def test_a_new_position_has_a_name_colour_and_shape():
    from lessons.core.text import t
    from lessons.topics.transfers.figures import POSITION_COLORS, POSITION_SYMBOLS, POSITIONS

    schema = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in schema["resources"] if r["name"] == "transfer_claims")
    enum = next(f for f in res["schema"]["fields"] if f["name"] == "position")["constraints"]["enum"]
    assert set(enum) == set(POSITIONS) == set(POSITION_COLORS) == set(POSITION_SYMBOLS)
    assert len(set(POSITION_SYMBOLS.values())) == len(POSITIONS)
    assert t("evidence.position.not_ruled_out", "vi") == "Không loại trừ"
    assert t("evidence.position.not_ruled_out", "en") == "Does not rule out"


STILL_DENIES = re.compile(r"still den|vẫn phủ nhận|vẫn bác bỏ", re.I)


@pytest.mark.parametrize("table", ["claims", "transfers", "transfer_claims", "events"])
def test_no_still_denies_where_a_party_hedged(table):
    """Where a party to a transfer hedged ("not ruled out", "partly admits"), no text about that transfer says the
    party still denies it."""
    hedged = {r["transfer_id"] for r in _csv("transfer_claims") if r["position"] in ("not_ruled_out", "partly_admits")}
    assert "fath360_crbm" in hedged
    # how texts name each hedged item: its id, and the first word of its English name up to a slash
    words = set(hedged) | {
        r["item_en"].split()[0].split("/")[0].casefold() for r in _csv("transfers") if r["id"] in hedged
    }
    checked = 0
    for n, row in enumerate(_csv(table), start=2):
        text = " ".join(v for v in row.values() if v)
        if any(w in text.casefold() for w in words):
            checked += 1
            assert not STILL_DENIES.search(text), (table, n)
    assert table == "events" or checked, table


# --- 2026: two independent agency or official sources -------------------------------------------
OFFICIAL = {"news_agency", "government", "intergovernmental"}
WIRE = re.compile(r"\((AP|AFP|Reuters|IANS|PTI|Xinhua|TASS|IRNA|ANI|AZERTAC)(?: copy)?\)|^(Reuters|AP|AFP) \(via", re.I)


def agency(source: dict[str, str]) -> str | None:
    """The independent publisher a source stands for: a wire copy counts as its wire, a news agency or official
    body as itself, anything else as none."""
    m = WIRE.search(source["publisher"])
    if m:
        return (m.group(1) or m.group(2)).upper()
    if source["kind"] in OFFICIAL:
        return re.sub(r"\s*\(.*\)$", "", source["publisher"]).strip().upper()
    return None


@pytest.mark.parametrize(
    "publisher, kind, expected",
    [
        ("SinoDaily (AFP copy)", "news_agency", "AFP"),
        ("The Yeshiva World (AP copy)", "news", "AP"),
        ("Reuters (via CNA)", "news_agency", "REUTERS"),
        ("TRT World (Reuters)", "news", "REUTERS"),
        ("TASS", "news_agency", "TASS"),
        ("United Nations (Meetings Coverage)", "intergovernmental", "UNITED NATIONS"),
        ("India Today", "news", None),
        ("VnExpress", "news", None),
    ],
)
def test_agency_of_a_source(publisher, kind, expected):
    assert agency({"publisher": publisher, "kind": kind}) == expected


# Tables whose rows are statements, not events: "confirmed" there says the statement was made (a ministry
# spokesperson's answer quoted by a national paper); tests/test_vietnam_voice.py checks their sources.
STATEMENT_TABLES = {"vietnam_statements"}


def _dated_2026_confirmed():
    schema = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in schema["resources"]:
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        dates = [n for n, f in fields.items() if f["type"] in ("date", "datetime") or n in ("date", "start", "signed")]
        if "status" not in fields or not dates or res["name"] in STATEMENT_TABLES:
            continue
        src = "source_ids" if "source_ids" in fields else "source_id"
        for row in _csv(res["name"]):
            if row["status"] == "confirmed" and any(row.get(d, "").startswith("2026") for d in dates):
                key = row.get("id") or f"{res['name']}:{row.get(dates[0])}"
                yield pytest.param(res["name"], row[src], id=f"{res['name']}:{key}")


CONFIRMED_2026 = list(_dated_2026_confirmed())


def test_the_2026_check_finds_the_rows():
    assert len(CONFIRMED_2026) >= 5


@pytest.mark.parametrize("table, source_ids", CONFIRMED_2026)
def test_confirmed_2026_rows_rest_on_two_independent_agencies(table, source_ids):
    agencies = {agency(SOURCES[s]) for s in _split(source_ids)} - {None}
    assert len(agencies) >= 2, (table, source_ids, agencies)


def test_two_copies_of_one_agency_count_once():
    two_tass = [{"publisher": "TASS", "kind": "news_agency"}] * 2
    assert len({agency(s) for s in two_tass}) == 1


def test_the_fact_check_log_names_every_2026_event():
    log = (ROOT / "docs" / "fact-checks" / "events-2026.md").read_text(encoding="utf-8")
    section = log.split("issue 17", 1)[1]
    for row in _csv("events"):
        if row["date"].startswith("2026"):
            assert row["id"] in section, row["id"]


@pytest.mark.parametrize(
    "lang, hedge, flat",
    [
        ("vi", "có thể đã có một chuyến giao", "Ngoại trưởng và Tổng thống Iran bác bỏ"),
        ("en", "may have taken place before he took office", "foreign minister and president denied it"),
    ],
)
def test_lesson_06_keeps_the_presidents_hedge(lang, hedge, flat):
    cells = {
        c.get("id"): c.source for c in nbformat.read(ROOT / f"notebooks/{lang}/06-military-cooperation.ipynb", 4).cells
    }
    assert hedge in cells["06-06"] and flat not in cells["06-06"]
