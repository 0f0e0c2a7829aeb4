"""Inventory of the course's sources: each source row, its web host, its class and the data rows citing it.

Run ``python -m tests.support.source_inventory [--weak]`` from the repository root for a plain listing;
tests/test_source_quality.py imports the same functions.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

DATA = Path(__file__).resolve().parents[2] / "data"

# Hosts whose copy of a text is not the publisher's own: a source citing one must be replaced by the original
# (or kept with a reason in its notes, see KEPT). Each entry says what the host is.
WEAK_HOSTS: dict[str, str] = {
    "wikimili.com": "Wikipedia mirror",
    "de.zxc.wiki": "machine-translated Wikipedia mirror",
    "everyfhing.explained.today": "Wikipedia mirror",
    "www.yumpu.com": "file-sharing site for uploaded documents and book scans",
    "docslib.org": "file-sharing site for uploaded documents",
    "ja.scribd.com": "file-sharing site for uploaded documents and book scans",
    "www.patheos.com": "community blog network republishing agency copy",
    "ktvz.com": "local TV site republishing AP copy",
    "keyt.com": "local TV site republishing AP/CNN copy",
    "news.yahoo.com": "aggregator republishing agency and newspaper copy",
    "menafn.com": "aggregator republishing press releases and other outlets' articles",
    "www.devdiscourse.com": "aggregator republishing agency copy",
    "www.urdupoint.com": "aggregator republishing agency copy",
    "bignewsnetwork.com": "aggregator republishing agency copy",
    "news-pravda.com": "aggregator copying other outlets' articles",
    "particle.news": "AI news aggregator",
    "feedman.me": "feed aggregator",
    "exbulletin.com": "aggregator copying other outlets' articles",
    "zoombangla.com": "aggregator copying other outlets' articles",
    "www.daily8.com": "aggregator copying other outlets' articles",
    "ustower.net": "aggregator copying other outlets' articles",
    "newsar.codejungle.org": "aggregator copying other outlets' articles",
    "api.ai-analytics.org": "aggregator copying other outlets' articles",
    "fantasticsearch.net": "aggregator copying other outlets' articles",
    "www.tellerreport.com": "aggregator copying other outlets' articles",
    "euobserve.com": "aggregator copying other outlets' articles",
    "www.sott.net": "aggregator copying other outlets' articles",
    "www.worldwidenews.ca": "aggregator copying other outlets' articles",
    "canadianinquirer.net": "aggregator copying other outlets' articles",
    "issuhub.com": "document-sharing site hosting book page scans",
    "www.everycrsreport.com": "unofficial mirror of Congressional Research Service reports",
    "translation1.mil-osi.com": "aggregator reposting official releases in machine translation",
    "www.bilaterals.org": "aggregator reposting other outlets' articles",
    "coolreceptes.ru": "unrelated site carrying a copy of a news-agency item",
    "usmuslims.com": "community site republishing Anadolu Agency copy",
    "publicitytop.com": "aggregator reposting RT copy",
    "telugustop.com": "aggregator reposting IANS/Xinhua copy",
    "www.thetrendingpeople.com": "aggregator reposting Reuters copy",
    "nosint.blogspot.com": "blog excerpting an agency report",
    "machidaheiwa.fc2web.com": "personal site hosting a treaty text",
    "www.welovetheeighties.com": "nostalgia blog used for a date",
    "www.kushima.org": "personal site hosting a treaty text",
    "opoyi.com": "aggregator summarising other outlets",
}


def host(url: str) -> str:
    """The lower-case host of a web address, without a trailing dot; "" when there is none."""
    return (urlparse(url or "").hostname or "").rstrip(".").lower()


def sources() -> dict[str, dict]:
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def citations() -> dict[str, list[tuple[str, str]]]:
    """Source id -> [(table, row key)] of every data row citing it (any column ending in source_id(s))."""
    cited: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted(DATA.glob("*.csv")):
        if path.stem == "sources":
            continue
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            columns = [c for c in reader.fieldnames or [] if c.endswith(("source_id", "source_ids"))]
            for n, row in enumerate(reader, start=2):
                key = row.get("id") or ":".join(v for v in list(row.values())[:2]) or f"line {n}"
                for column in columns:
                    for sid in filter(None, (row[column] or "").split(";")):
                        cited[sid].append((path.stem, key))
    return cited


def classify(source: dict) -> str:
    """primary / agency / press / weak / academic / reference / course, from the host and the row's kind."""
    h, kind = host(source["url"]), source["kind"]
    if h in WEAK_HOSTS:
        return "weak"
    return {
        "government": "primary",
        "intergovernmental": "primary",
        "news_agency": "agency",
        "news": "press",
        "think_tank": "academic",
        "monitoring": "academic",
        "dataset": "reference",
        "reference": "reference",
        "course": "course",
    }[kind]


def main(argv: list[str]) -> None:
    cited = citations()
    weak_only = "--weak" in argv
    for sid, s in sources().items():
        cls = classify(s)
        if weak_only and cls != "weak":
            continue
        rows = ", ".join(f"{t}:{k}" for t, k in cited.get(sid, [])) or "-"
        print(f"{cls:9} {sid:40} {host(s['url']):32} {rows}")


if __name__ == "__main__":
    main(sys.argv[1:])
