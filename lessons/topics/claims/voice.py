"""Vietnam's own voice: what its Foreign Ministry and UN mission said, and how the domestic press reported
the Ashgabat meeting (data/vietnam_statements.csv), as a table. Pure: data and names in, HTML out."""

from __future__ import annotations

import html

import pandas as pd

from lessons.core import locale
from lessons.core.locale import lang_col
from lessons.core.text import t
from lessons.viz import html as course_html

TOPICS = ["ashgabat", "middle_east", "sanctions", "un_vote"]
KINDS = ["statement", "vote_statement", "report"]
# Outlets and bodies in Viet Nam whose reports the table may rest on (sources.csv `publisher`, start of the
# name); with a UN body, the only publishers a statement row may cite (tests/test_vietnam_voice.py).
VIETNAMESE_PUBLISHERS = (
    "Bộ Ngoại giao",
    "Báo Thế giới & Việt Nam",
    "Nhân Dân",
    "Báo Nhân Dân",
    "TTXVN",
    "Thông tấn xã Việt Nam",
    "VietnamPlus",
    "Tạp chí Cộng sản",
    "VOH",
    "Thời Đại",
    "Báo Pháp Luật TP. Hồ Chí Minh",
    "VnExpress",
    "VietNamNet",
    "VTC News",
    "Báo Sức khỏe & Đời sống",
    "Báo Thanh Niên",
    "Báo Giáo dục và Thời đại",
)
UN_PUBLISHERS = ("United Nations", "UN ", "Liên Hợp Quốc")


def is_vietnamese_or_un(source: pd.Series) -> bool:
    """True if the source is a Vietnamese-language report by an outlet or body in Viet Nam, or a UN record."""
    publisher = str(source["publisher"])
    if source["kind"] == "intergovernmental" and publisher.startswith(UN_PUBLISHERS):
        return True
    return source["language"] == "vi" and publisher.startswith(VIETNAMESE_PUBLISHERS)


def when(row, lang: str) -> str:
    """The date (or the span of a meeting over several days) at the precision the data give."""
    start = locale.format_date(row["date"], lang, row["date_precision"])
    end = row.get("end_date")
    if end is None or pd.isna(end):
        return start
    return f"{start}–{locale.format_date(end, lang, row['date_precision'])}"


def filter_statements(statements: pd.DataFrame, topic: str | None = None, event: str | None = None) -> pd.DataFrame:
    """The rows on `topic` and/or about `event` (an id in events.csv), oldest first."""
    keep = pd.Series(True, index=statements.index)
    if topic is not None:
        keep &= statements["topic"] == topic
    if event is not None:
        keep &= statements["event_id"] == event
    return statements[keep].sort_values(["date", "id"])


def statements_html(statements: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    """The rows as a table: date, who (and role), kind, status, the paraphrase and the sources."""
    if statements.empty:
        return course_html.empty("voice.none", lang)
    rows = "".join(
        "<tr>"
        f"<td style='white-space:nowrap'>{when(r, lang)}</td>"
        f"<td><b>{html.escape(r[lang_col('speaker', lang)])}</b>"
        f"<br><small>{html.escape(r[lang_col('role', lang)])}</small></td>"
        f"<td>{html.escape(t('voice.kind.' + r['kind'], lang))}</td>"
        f"<td>{course_html.badge(r['status'], lang)}</td>"
        f"<td>{html.escape(r[lang_col('summary', lang)])}</td>"
        f"<td><small>{course_html.source_links(r['source_ids'], sources, sep='<br>')}</small></td>"
        "</tr>"
        for _, r in statements.iterrows()
    )
    return course_html.table(
        [f"voice.col_{c}" for c in ("date", "speaker", "kind", "status", "text", "source")],
        rows,
        lang,
        css="lessons-voice",
        style="border-collapse:collapse;font-size:90%",
    )
