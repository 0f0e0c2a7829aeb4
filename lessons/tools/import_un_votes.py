"""Build data/un_resolutions.csv and data/un_votes.csv from copies of the UN Digital Library's voting records.

    python -m lessons.tools.import_un_votes SOURCE=FILE [SOURCE=FILE ...] [--out DIR] [--keep-from DIR]

Each ``SOURCE=FILE`` names a file on this machine (never committed: the big ones are mirrored copies) and
the id of its row in ``data/sources.csv``. The resolutions to take, with their course titles and topics,
are listed in ``un_votes_resolutions.toml`` next to this file. The layout of each file is recognised from
its header:

- ``bulk``: the UN Dag Hammarskjöld Library's "General Assembly Voting Data" (record 4060887), one row per
  member state and resolution (``undl_id, ms_code, ms_name, ms_vote, ..., total_yes, total_no,
  total_abstentions, total_non_voting, total_ms, undl_link``);
- ``wide``: one row per voting record with a column per member state, either named as the UN record names
  it (``Council, Date, Title, Resolution, TOTAL VOTES, NO-VOTE COUNT, ABSENT COUNT, NO COUNT, YES COUNT,
  Link, token, AFGHANISTAN, ...``; ``ABSENT COUNT`` there holds the abstentions) or by ISO-3 code
  (``Link, token, ..., Resolution, ..., YES COUNT, NO COUNT, ABSTAIN COUNT, NO-VOTE COUNT, TOTAL VOTES, tags,
  AFG, ...``);
- ``record``: one UN Digital Library voting record as JSON (``link, resolution, voteSummary, voteDate,
  vote`` keyed by the UN M49 number);
- ``lists``: a JavaScript list of ``{code, approve, against, abstain, absent}`` entries by country name;
  it has no totals, so the resolution's ``totals`` in the TOML file are the check;
- ``named lists`` (a ``.toml`` file such as ``un_votes_lists.toml``): the states that voted each way, with the
  result announced. Either as the General Assembly's verbatim meeting record names them (``In favour: ...
  Against: ... Abstaining: ...``; a member the record names in no list did not vote; ``cite`` names the meeting
  record), or by ISO-3 code from a copy of a UN Digital Library voting record (``record``), non-voting listed too.
  Each entry says which copy it was read from (``copy``).

``--keep-from DIR`` keeps the rows already in DIR's two CSV files for the resolutions no given file holds (the
big copies are not committed, so the committed table can be extended with a small file alone).

For every resolution the counted yes / no / abstain / non-voting must equal the record's adopted totals and
every one of the 193 members must appear exactly once; otherwise nothing is written and the message says
which resolution and which count. A member a copy leaves out is counted non-voting only when the arithmetic
leaves no other choice: the copy's yes, no and abstentions already equal the record's totals and the members
left out are exactly the non-voting still to count (the run lists them). A vote is ``yes``, ``no``,
``abstain`` or ``absent`` (the UN record's "non-voting", ``X`` or an empty cell).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from lessons.core.config import LANGUAGES
from lessons.core.locale import lang_col

RESOLUTIONS_TOML = Path(__file__).with_name("un_votes_resolutions.toml")
VOTE_WORDS = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
COUNTS = ("yes", "no", "abstain", "absent")

# The 193 member states of the United Nations (all of them members on every date from 14 July 2011, when
# South Sudan joined, to this day).
UN_MEMBERS = frozenset(
    """AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA BRB BRN BTN
    BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST
    ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR
    ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV
    MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW
    PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR
    TCD TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE""".split()
)
SOUTH_SUDAN_JOINED = "2011-07-14"

# Names the UN record and the copies of it use that pycountry does not look up by itself (folded: upper case,
# no accents, one space). The UN record changes some names over time (TURKEY/TURKIYE, SWAZILAND/ESWATINI).
NAME_ALIASES = {
    "BOLIVIA": "BOL",
    "BOLIVIA (PLURINATIONAL STATE OF)": "BOL",
    "BOSNIA AND HERZ.": "BIH",
    "BOSNIA-HERZEGOVINA": "BIH",
    "BRUNEI": "BRN",
    "CAPE VERDE": "CPV",
    "CENTRAL AFRICAN REP.": "CAF",
    "CONGO": "COG",
    "COTE D'IVOIRE": "CIV",
    "CZECH REPUBLIC": "CZE",
    "DEM. REP. CONGO": "COD",
    "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA": "PRK",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "COD",
    "DOMINICAN REP.": "DOM",
    "DR CONGO": "COD",
    "EQ. GUINEA": "GNQ",
    "IRAN": "IRN",
    "IRAN (ISLAMIC REPUBLIC OF)": "IRN",
    "LAO PEOPLE'S DEMOCRATIC REPUBLIC": "LAO",
    "LAOS": "LAO",
    "MACEDONIA": "MKD",
    "MICRONESIA": "FSM",
    "MICRONESIA (FEDERATED STATES OF)": "FSM",
    "MOLDOVA": "MDA",
    "NETHERLANDS (KINGDOM OF THE)": "NLD",
    "NORTH KOREA": "PRK",
    "REPUBLIC OF KOREA": "KOR",
    "REPUBLIC OF MOLDOVA": "MDA",
    "RUSSIA": "RUS",
    "S. SUDAN": "SSD",
    "SAINT VINCENT AND GRENADINES": "VCT",
    "SOUTH KOREA": "KOR",
    "SWAZILAND": "SWZ",
    "SYRIA": "SYR",
    "TANZANIA": "TZA",
    "THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA": "MKD",
    "TURKEY": "TUR",
    "TURKIYE": "TUR",
    "UNITED KINGDOM": "GBR",
    "UNITED REPUBLIC OF TANZANIA": "TZA",
    "UNITED STATES": "USA",
    "UNITED STATES OF AMERICA": "USA",
    "VENEZUELA": "VEN",
    "VENEZUELA (BOLIVARIAN REPUBLIC OF)": "VEN",
    "VIETNAM": "VNM",
    "VIET NAM": "VNM",
}
# UN M49 numbers the UN record still uses that pycountry has replaced (Sudan before 2011 was 736).
M49_ALIASES = {"736": "SDN"}


class ImportError_(ValueError):
    """A source file that cannot be imported as it is; the message says why, in plain words."""


@dataclass
class Record:
    """One voting record: a resolution's date, totals and every member's vote."""

    symbol: str
    date: str
    record: str  # the UN Digital Library record number of the voting record ("" when the copy lacks it)
    totals: dict[str, int] | None  # yes / no / abstain / absent as the record states them
    votes: dict[str, str] = field(default_factory=dict)  # ISO-3 -> yes / no / abstain / absent
    source: str = ""  # id in data/sources.csv of the copy it was read from
    cite: str = ""  # id in data/sources.csv of the UN record itself, when it is not a ``undl_<record>``
    filled: list[str] = field(default_factory=list)  # members the copy leaves out, counted non-voting


def fold(name: str) -> str:
    """A name as the alias table keys it: upper case, no accents, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(text.upper().split())


def iso3_for_name(name: str) -> str | None:
    """The ISO-3 code of a member state named as the UN record (or a copy of it) names it; None if unknown."""
    key = fold(name)
    if key in NAME_ALIASES:
        return NAME_ALIASES[key]
    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        return None


def symbol_key(symbol: str) -> str:
    """A resolution symbol compared without spaces or case: 'A/RES/66/253 A' and 'A/RES/66/253A' are one."""
    return re.sub(r"\s+", "", symbol).upper()


def vote_word(value: str | None, where: str) -> str:
    """The course's word for a vote as the record writes it (Y/N/A/X, YES/NO/ABSTAIN, Non-Voting or empty)."""
    text = (value or "").strip().upper()
    if text in ("", "X", "NON-VOTING", "NV", "NAN"):
        return "absent"
    if text[:1] in VOTE_WORDS and text in ("Y", "N", "A", "YES", "NO", "ABSTAIN"):
        return VOTE_WORDS[text[:1]]
    raise ImportError_(f"{where}: unknown vote {value!r}")


def _int(value: str | int | float | None, where: str) -> int:
    try:
        return int(float(str(value).strip()))
    except ValueError as exc:
        raise ImportError_(f"{where}: {value!r} is not a count") from exc


def _record_number(link: str) -> str:
    match = re.search(r"record/(\d+)", link or "")
    return match.group(1) if match else ""


def read_bulk(rows: list[dict[str, str]], source: str) -> list[Record]:
    """The UN's bulk layout: one row per member state and resolution."""
    records: dict[str, Record] = {}
    for n, row in enumerate(rows, start=2):
        where = f"{source}, line {n}"
        key = symbol_key(row["resolution"])
        rec = records.get(key)
        if rec is None:
            totals = {
                "yes": _int(row["total_yes"], where),
                "no": _int(row["total_no"], where),
                "abstain": _int(row["total_abstentions"], where),
                "absent": _int(row["total_non_voting"], where),
            }
            record = (row.get("undl_id") or "").strip() or _record_number(row.get("undl_link", ""))
            rec = records[key] = Record(row["resolution"].strip(), row["date"][:10], record, totals, source=source)
        iso3 = row["ms_code"].strip().upper()
        if iso3 in rec.votes:
            raise ImportError_(f"{where}: {iso3} votes twice on {rec.symbol}")
        rec.votes[iso3] = vote_word(row["ms_vote"], where)
    return list(records.values())


def _wide_columns(header: list[str], first_state: int) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    for name in header[first_state:]:
        iso3 = name.strip() if re.fullmatch(r"[A-Z]{3}", name.strip()) else iso3_for_name(name)
        if iso3 in UN_MEMBERS:
            columns.setdefault(iso3, []).append(name)
    return columns


def read_wide(rows: list[dict[str, str]], header: list[str], source: str) -> list[Record]:
    """One row per voting record, one column per state (by the record's names or by ISO-3 code)."""
    by_iso = "ABSTAIN COUNT" in header
    first_state = header.index("tags") + 1 if by_iso else header.index("token") + 1
    columns = _wide_columns(header, first_state)
    records = []
    for n, row in enumerate(rows, start=2):
        where = f"{source}, line {n} ({row.get('Resolution', '').strip()})"
        totals = {
            "yes": _int(row["YES COUNT"], where),
            "no": _int(row["NO COUNT"], where),
            "abstain": _int(row["ABSTAIN COUNT" if by_iso else "ABSENT COUNT"], where),
            "absent": _int(row["NO-VOTE COUNT"], where),
        }
        record = (row.get("token") or "").strip() or _record_number(row.get("Link", ""))
        rec = Record(row["Resolution"].strip(), (row.get("Date") or "")[:10], record, totals, source=source)
        for iso3, names in columns.items():
            given = [(row.get(name) or "").strip() for name in names]
            given = [v for v in given if v and v.upper() != "NAN"]
            if len(set(given)) > 1:
                raise ImportError_(f"{where}: {iso3} has two different votes {given}")
            rec.votes[iso3] = vote_word(given[0] if given else "", where)
        records.append(rec)
    return records


def read_record_json(text: str, source: str) -> list[Record]:
    """One voting record scraped from the UN Digital Library as JSON, members keyed by their UN M49 number."""
    data = json.loads(text)
    summary = data["voteSummary"]
    totals = {
        "yes": _int(summary["Yes"], source),
        "no": _int(summary["No"], source),
        "abstain": _int(summary["Abstentions"], source),
        "absent": _int(summary["Non-Voting"], source),
    }
    rec = Record(data["resolution"]["text"], data["voteDate"][:10], _record_number(data["link"]), totals, source=source)
    for number, entry in data["vote"].items():
        country = M49_ALIASES.get(number) or getattr(pycountry.countries.get(numeric=number), "alpha_3", None)
        if country is None:
            raise ImportError_(f"{source}: no country has the UN number {number} ({entry.get('country')})")
        rec.votes[country] = vote_word(entry["vote"], f"{source}, {entry.get('country')}")
    return [rec]


def read_lists(text: str, source: str) -> list[Record]:
    """A JavaScript list of resolutions, each with its yes / no / abstain / absent lists of country names."""
    records = []
    for block in re.finditer(r"code:\s*\"([^\"]+)\"(.*?)(?=\n\s*\{\s*\n\s*code:|\Z)", text, re.S):
        code, body = block.group(1), block.group(2)
        symbol = code if code.startswith("A/") else f"A/RES/{code}"
        rec = Record(symbol, "", "", None, source=source)
        for key, word in (("approve", "yes"), ("against", "no"), ("abstain", "abstain"), ("absent", "absent")):
            found = re.search(key + r":\s*\[(.*?)\]", body, re.S)
            for name in re.findall(r"\"([^\"]+)\"", found.group(1) if found else ""):
                iso3 = iso3_for_name(name)
                if iso3 not in UN_MEMBERS:
                    raise ImportError_(f"{source}, {symbol}: unknown member state {name!r}")
                if iso3 in rec.votes:
                    raise ImportError_(f"{source}, {symbol}: {name} is listed twice")
                rec.votes[iso3] = word
        records.append(rec)
    return records


def _names(text: str, where: str) -> list[str]:
    """The ISO-3 codes of a comma-separated list of member states, as the UN record names them or by their ISO-3
    codes ("None": empty)."""
    names = [" ".join(n.split()) for n in text.split(",")]
    names = [n for n in names if n]
    if names == ["None"]:
        return []
    codes = []
    for name in names:
        iso3 = name if name in UN_MEMBERS else iso3_for_name(name)
        if iso3 not in UN_MEMBERS:
            raise ImportError_(f"{where}: unknown member state {name!r}")
        codes.append(iso3)
    return codes


def read_named_lists(text: str, source: str) -> list[Record]:
    """Recorded votes as lists of the states that voted each way, with the result announced.

    Each list must be as long as the announced result. Lists read from a meeting record name no non-voting: a
    member named in no list did not vote. Lists read from a voting record name the non-voting too, and then every
    member must be in one list."""
    try:
        entries = tomllib.loads(text).get("vote", [])
    except tomllib.TOMLDecodeError as exc:
        raise ImportError_(f"{source}: not a readable list file ({exc})") from exc
    records = []
    for entry in entries:
        symbol = entry["symbol"]
        where = f"{source}, {symbol}"
        copy, cite = entry.get("copy") or source, entry.get("cite", "")
        rec = Record(symbol, entry["date"], str(entry.get("record", "")), None, source=copy, cite=cite)
        lists = (("in_favour", "yes"), ("against", "no"), ("abstaining", "abstain"), ("non_voting", "absent"))
        for key, word in lists:
            for iso3 in _names(entry.get(key, "None"), f"{where} ({key})"):
                if iso3 in rec.votes:
                    raise ImportError_(f"{where}: {iso3} is named twice")
                rec.votes[iso3] = word
        counted = Counter(rec.votes.values())
        announced = dict(zip(COUNTS, entry["announced"], strict=False))
        for word, number in announced.items():
            if counted.get(word, 0) != number:
                raise ImportError_(f"{where}: {word} counted {counted.get(word, 0)} but the record says {number}")
        members = UN_MEMBERS - ({"SSD"} if rec.date < SOUTH_SUDAN_JOINED else set())
        unnamed = sorted(members - set(rec.votes))
        if "non_voting" in entry and unnamed:
            raise ImportError_(f"{where}: members in no list {unnamed}")
        rec.votes.update(dict.fromkeys(unnamed, "absent"))
        rec.totals = {**announced, "absent": counted.get("absent", 0) + len(unnamed)}
        records.append(rec)
    return records


def read_source(path: Path, source: str) -> list[Record]:
    """Every voting record in one file, whatever its layout (recognised from its first line)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".toml":
        return read_named_lists(text, source)
    head = text.lstrip()[:1]
    if head == "{":
        return read_record_json(text, source)
    if "approve:" in text and "code:" in text:
        return read_lists(text, source)
    reader = csv.DictReader(io.StringIO(text))
    header = [h for h in (reader.fieldnames or [])]
    rows = list(reader)
    if {"ms_code", "ms_vote", "resolution", "total_yes"} <= set(header):
        return read_bulk(rows, source)
    if {"Resolution", "YES COUNT", "NO COUNT", "NO-VOTE COUNT"} <= set(header):
        return read_wide(rows, header, source)
    raise ImportError_(f"{path.name}: a layout this importer does not know (header is {','.join(header[:12])})")


def load_resolutions(path: Path = RESOLUTIONS_TOML) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["resolution"]


def check(rec: Record, wanted: dict) -> dict[str, int]:
    """The counts of one record, refused unless they equal its adopted totals and cover the 193 members."""
    where = f"{wanted['symbol']} ({rec.source})"
    members = UN_MEMBERS - ({"SSD"} if wanted.get("date", rec.date) < SOUTH_SUDAN_JOINED else set())
    missing, extra = sorted(members - set(rec.votes)), sorted(set(rec.votes) - members)
    totals = rec.totals or {k: int(v) for k, v in zip(COUNTS, wanted["totals"], strict=True)}
    counted = Counter(rec.votes.values())
    if missing and not extra and all(counted.get(k, 0) == totals[k] for k in ("yes", "no", "abstain")):
        # A copy that leaves a member out: it can only have been non-voting when every yes, no and abstention
        # of the record is already counted and exactly that many non-voting members are still to count.
        if counted.get("absent", 0) + len(missing) == totals["absent"]:
            rec.votes.update(dict.fromkeys(missing, "absent"))
            rec.filled = missing
            missing = []
    if missing or extra:
        raise ImportError_(f"{where}: members missing {missing}, not members {extra}")
    counted = Counter(rec.votes.values())
    counts = {k: counted.get(k, 0) for k in COUNTS}
    if "totals" in wanted and rec.totals is not None:
        stated = dict(zip(COUNTS, wanted["totals"], strict=True))
        if stated != rec.totals:
            raise ImportError_(f"{where}: the record's totals {rec.totals} differ from the TOML's {stated}")
    if counts != totals:
        diff = ", ".join(
            f"{k} counted {counts[k]} but the record says {totals[k]}" for k in COUNTS if counts[k] != totals[k]
        )
        raise ImportError_(f"{where}: the votes do not add up to the adopted totals: {diff}")
    if wanted.get("record") and rec.record and str(wanted["record"]) != rec.record:
        raise ImportError_(f"{where}: voting record {rec.record} is not the TOML's {wanted['record']}")
    return counts


LANG_FIELDS = tuple(lang_col(name, lang) for name in ("title", "topic") for lang in LANGUAGES)
TOML_FIELDS = ("symbol", "session", "category", *LANG_FIELDS)


def read_kept(folder: Path) -> dict[str, tuple[dict, list[dict]]]:
    """The rows already in a folder's un_resolutions.csv and un_votes.csv, by resolution id."""
    with (folder / "un_resolutions.csv").open(encoding="utf-8") as fh:
        kept = {row["id"]: (row, []) for row in csv.DictReader(fh)}
    with (folder / "un_votes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kept[row["resolution_id"]][1].append(row)
    return kept


def build(
    sources: list[tuple[str, Path]], wanted: list[dict], kept: dict[str, tuple[dict, list[dict]]] | None = None
) -> tuple[list[dict], list[dict], dict[str, list[str]]]:
    """The rows of un_resolutions.csv and un_votes.csv for the wanted resolutions, read from the sources (or,
    for a resolution no source holds, kept as they are in ``kept``), and the members each copy left out that
    were counted non-voting (by resolution symbol)."""
    found: dict[str, Record] = {}
    for source, path in sources:
        for rec in read_source(path, source):
            found.setdefault(symbol_key(rec.symbol), rec)
    kept = kept or {}
    res_rows, vote_rows, filled = [], [], {}
    absent = [w["symbol"] for w in wanted if symbol_key(w["symbol"]) not in found and w["id"] not in kept]
    if absent:
        raise ImportError_(f"no source holds {', '.join(absent)}")
    for w in wanted:
        if symbol_key(w["symbol"]) not in found:
            res_row, rows = kept[w["id"]]
            res_rows.append({**res_row, **{k: w[k] for k in TOML_FIELDS}})
            vote_rows += rows
            continue
        rec = found[symbol_key(w["symbol"])]
        counts = check(rec, w)
        if rec.filled:
            filled[w["symbol"]] = rec.filled
        record = str(w.get("record") or rec.record)
        undl = f"undl_{record}" if record else (w.get("cite") or rec.cite)
        if not undl:
            raise ImportError_(f"{w['symbol']}: neither a UN voting record number nor a UN record to cite")
        ids = [undl, rec.source, *([rec.cite] if rec.cite else []), *w.get("sources", [])]
        res_rows.append(
            {
                "id": w["id"],
                "symbol": w["symbol"],
                "date": w.get("date") or rec.date,
                "session": w["session"],
                "category": w["category"],
                **{field: w[field] for field in LANG_FIELDS},
                "yes": counts["yes"],
                "no": counts["no"],
                "abstain": counts["abstain"],
                "non_voting": counts["absent"],
                "source_ids": ";".join(dict.fromkeys(ids)),
            }
        )
        vote_rows += [
            {"resolution_id": w["id"], "iso3": iso3, "vote": rec.votes[iso3], "source_ids": undl}
            for iso3 in sorted(rec.votes)
        ]
    return res_rows, vote_rows, filled


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", metavar="SOURCE=FILE", help="a sources.csv id and the file it names")
    parser.add_argument("--out", type=Path, default=Path("data"), help="folder for the two CSV files")
    parser.add_argument("--resolutions", type=Path, default=RESOLUTIONS_TOML)
    parser.add_argument(
        "--keep-from", type=Path, metavar="DIR", help="keep DIR's rows for resolutions no given file holds"
    )
    args = parser.parse_args(argv)
    pairs = []
    for item in args.sources:
        source, sep, file = item.partition("=")
        if not sep or not re.fullmatch(r"[a-z0-9_]+", source):
            parser.error(f"{item!r} is not SOURCE=FILE (SOURCE: a data/sources.csv id)")
        pairs.append((source, Path(file)))
    try:
        kept = read_kept(args.keep_from) if args.keep_from else None
        res_rows, vote_rows, filled = build(pairs, load_resolutions(args.resolutions), kept)
    except (ImportError_, OSError, KeyError) as exc:
        print(f"import_un_votes: nothing written: {exc}", file=sys.stderr)
        return 1
    write_csv(args.out / "un_resolutions.csv", res_rows)
    write_csv(args.out / "un_votes.csv", vote_rows)
    print(f"{len(res_rows)} resolutions x {len(UN_MEMBERS)} members: {len(vote_rows)} votes written to {args.out}")
    for symbol, members in filled.items():
        print(f"  {symbol}: not in the copy, counted non-voting: {', '.join(members)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
