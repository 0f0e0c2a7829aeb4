"""Lesson 01 (claims): the article's claims as a chart (speaker × order, colour = status,
shape = kind) and as a table. Pure: data and names in, figures and HTML out."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from lessons.core import locale
from lessons.core.errors import CourseError, plain
from lessons.core.locale import lang_col
from lessons.core.text import format_date, t
from lessons.viz import html as course_html
from lessons.viz.palettes import KIND_SYMBOLS, STATUS_COLORS, STATUS_ORDER
from lessons.viz.template import course_figure, keyed

FILTERS = ("speaker", "kind", "status")
ALL = "*"  # the "(all)" choice of a filter drop-down


def _claim_hover(row: pd.Series, lang: str) -> str:
    return t(
        "claims.hover",
        lang,
        speaker=row[lang_col("speaker", lang)],
        role=row[lang_col("speaker_role", lang)],
        kind=t(f"kind.{row['kind']}", lang),
        status=t(f"status.{row['status']}", lang),
        outlet=row["reported_by"],
        date=format_date(row["date"], lang),
        text=course_html.wrap(html.escape(row[lang_col("paraphrase", lang)])),
    )


def claims_traces(claims: pd.DataFrame, lang: str) -> list[dict]:
    """Per status, the x/y/hover/symbol arrays of the claims chart (for building or updating)."""
    traces = []
    for status in STATUS_ORDER:
        sub = claims[claims["status"] == status]
        traces.append(
            dict(
                key=status,
                x=list(sub["order"].astype(int)),
                y=list(sub[lang_col("speaker", lang)]),
                customdata=[_claim_hover(row, lang) for _, row in sub.iterrows()],
                marker_symbol=[KIND_SYMBOLS[k] for k in sub["kind"]],
            )
        )
    return traces


LEGENDS_PX = 130  # the claims chart's two legends, under its x axis


def claims_chart(
    claims: pd.DataFrame,
    lang: str,
    *,
    speakers: list[str] | None = None,
    x_max: int | None = None,
) -> go.Figure:
    """Each claim as a mark: x = order in the article, y = speaker, colour = status, shape = kind.

    `speakers` and `x_max` fix the axes (all speakers, all claims) so filtering keeps them stable.
    """
    speakers = speakers or list(dict.fromkeys(claims.sort_values("order")[lang_col("speaker", lang)]))
    fig = course_figure()
    # Every speaker holds its row whatever the filters keep: without this, a filter that keeps no claim
    # leaves the category axis with no category, and plotly numbers its rows 0, 1, 2 … instead.
    fig.add_trace(
        keyed(
            go.Scatter(x=[None] * len(speakers), y=speakers, mode="markers", showlegend=False, hoverinfo="skip"),
            "rows",
        )
    )
    for status, data in zip(STATUS_ORDER, claims_traces(claims, lang)):
        fig.add_trace(
            keyed(
                go.Scatter(
                    x=data["x"],
                    y=data["y"],
                    customdata=data["customdata"],
                    mode="markers",
                    marker=dict(
                        size=16,
                        color=STATUS_COLORS[status],
                        symbol=data["marker_symbol"],
                        line=dict(width=1, color="#333"),
                    ),
                    name=t(f"status.{status}", lang),
                    legendgroup=status,
                    showlegend=False,  # its legend entry is the square below: a colour, whatever the shapes
                    hovertemplate="%{customdata}<extra></extra>",
                ),
                status,
            )
        )
    for trace in legend_traces(lang):
        fig.add_trace(trace)
    height = LEGENDS_PX + 110 + 38 * len(speakers)
    # Two legends under the axis, placed in pixels from the figure's foot (the status legend may take two
    # rows): colour says the status, shape the kind of claim.
    under = dict(orientation="h", xref="container", x=0.01, yref="container", yanchor="top")
    fig.update_layout(
        title=dict(text=t("claims.title", lang)),
        height=height,
        legend=dict(title=t("claims.legend_status", lang), y=(LEGENDS_PX - 6) / height, **under),
        legend2=dict(
            title=t("claims.legend_kind", lang), y=64 / height, itemclick=False, itemdoubleclick=False, **under
        ),
        margin=dict(b=LEGENDS_PX + 50),
        xaxis=dict(
            title=t("claims.axis_order", lang),
            dtick=1,
            range=[0.3, (x_max or (int(claims["order"].max()) if len(claims) else 1)) + 0.7],
        ),
        yaxis=dict(
            title=None,
            categoryorder="array",
            categoryarray=list(reversed(speakers)),
            type="category",
            range=[-0.5, len(speakers) - 0.5],
        ),
        meta={"description": claims_alt(claims, lang)},
    )
    if claims.empty:  # the axes stay; the plot says that nothing matches
        fig.add_annotation(
            text=t("claims.none", lang), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, font=dict(size=14)
        )
    return fig


def legend_traces(lang: str) -> list[go.Scatter]:
    """Legend entries only (no data): each status's colour, and each kind's shape (in the second legend)."""
    entries = [
        keyed(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(size=12, color=STATUS_COLORS[status], symbol="square", line=dict(width=1, color="#333")),
                name=t(f"status.{status}", lang),
                legendgroup=status,
                hoverinfo="skip",
            ),
            f"legend.status.{status}",
        )
        for status in STATUS_ORDER
    ]
    entries += [
        keyed(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(size=12, color="#bbbbbb", symbol=symbol, line=dict(width=1, color="#333")),
                name=t(f"kind.{kind}", lang),
                legend="legend2",
                hoverinfo="skip",
            ),
            f"legend.kind.{kind}",
        )
        for kind, symbol in KIND_SYMBOLS.items()
    ]
    return entries


def claims_alt(claims: pd.DataFrame, lang: str) -> str:
    """The claims chart in words: how many claims, by whom, with which status."""
    counts = {s: int((claims["status"] == s).sum()) for s in STATUS_ORDER}
    return t("claims.alt", lang, n=len(claims), speakers=claims[lang_col("speaker", lang)].nunique(), **counts)


def claims_table_html(claims: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    """The claims as an HTML table: who, kind, status, content, response, what followed, source."""
    if claims.empty:
        return course_html.empty("claims.none", lang)
    rows = []
    for _, row in claims.sort_values("order").iterrows():
        links = course_html.source_links(
            [row["source_id"], row["response_source_id"], row["later_source_id"]], sources, sep="<br>"
        )
        response = row[lang_col("response", lang)]
        rows.append(
            "<tr>"
            f"<td><b>{html.escape(row[lang_col('speaker', lang)])}"
            f"</b><br><small>{html.escape(row[lang_col('speaker_role', lang)])}</small></td>"
            f"<td>{html.escape(t('kind.' + row['kind'], lang))}</td>"
            f"<td>{course_html.badge(row['status'], lang)}</td>"
            f"<td>{html.escape(row[lang_col('paraphrase', lang)])}</td>"
            f"<td>{html.escape(response) if isinstance(response, str) else '—'}</td>"
            f"<td>{html.escape(row[lang_col('later', lang)])}</td>"
            f"<td><small>{links}</small></td>"
            "</tr>"
        )
    return course_html.table(
        [f"claims.col_{c}" for c in ("speaker", "kind", "status", "text", "response", "later", "source")],
        "".join(rows),
        lang,
        css="lessons-claims",
        style="border-collapse:collapse;font-size:90%",
    )


def filter_claims(
    claims: pd.DataFrame, lang: str, *, speaker: str | None = None, kind: str | None = None, status: str | None = None
) -> pd.DataFrame:
    """Rows matching every given filter; an unknown value raises CourseError listing the allowed ones."""
    columns = {"speaker": lang_col("speaker", lang), "kind": "kind", "status": "status"}
    mask = pd.Series(True, index=claims.index)
    for name, value in (("speaker", speaker), ("kind", kind), ("status", status)):
        value = plain(value)  # a name typed or pasted decomposed (NFD) is the same name
        if value is None:
            continue
        allowed = list(dict.fromkeys(claims.sort_values("order")[columns[name]]))
        if name == "kind":
            allowed = list(KIND_SYMBOLS)
        if name == "status":
            allowed = list(STATUS_ORDER)
        if not isinstance(value, str) or value not in allowed:
            raise CourseError(
                t(
                    "claims.bad_filter",
                    lang,
                    value=value,
                    filter=t(f"claims.filter_{name}", lang),
                    allowed=", ".join(allowed),
                )
            )
        mask &= claims[columns[name]] == value
    return claims[mask]


# --- Vietnam's own voice (data/vietnam_statements.csv): what its Foreign Ministry and UN mission said, and how
# the domestic press reported the Ashgabat meeting ------------------------------------------------------
VOICE_TOPICS = ["ashgabat", "middle_east", "sanctions", "un_vote"]
VOICE_KINDS = ["statement", "vote_statement", "report"]
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
    """True if the source is published by an outlet or body in Viet Nam, or is a UN record."""
    publisher = str(source["publisher"])
    if source["kind"] == "intergovernmental" and publisher.startswith(UN_PUBLISHERS):
        return True
    return publisher.startswith(VIETNAMESE_PUBLISHERS)


def statement_when(row, lang: str) -> str:
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
        f"<td style='white-space:nowrap'>{statement_when(r, lang)}</td>"
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
