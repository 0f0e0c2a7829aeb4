"""Lesson 06: military-technical cooperation as an evidence matrix — each reported item against
who says what about it (confirms, alleges, denies), with the item's overall status.
Pure: data and names in, figures and HTML out."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from lessons.core.locale import lang_col
from lessons.core.text import format_date, left_aligned, source_link, t
from lessons.viz import html as course_html
from lessons.viz.palettes import STATUS_ORDER
from lessons.viz.template import course_figure, keyed

POSITIONS = ["confirms", "partly_admits", "asserts", "alleges", "not_ruled_out", "denies", "no_comment"]
# Okabe–Ito colours plus a distinct marker shape each, so a position never rests on colour alone.
POSITION_COLORS = {
    "confirms": "#009E73",
    "partly_admits": "#56B4E9",
    "asserts": "#0072B2",
    "alleges": "#D55E00",
    "not_ruled_out": "#E69F00",
    "denies": "#CC79A7",
    "no_comment": "#000000",
}
POSITION_SYMBOLS = {
    "confirms": "circle",
    "partly_admits": "circle-open",
    "asserts": "square",
    "alleges": "x",
    "not_ruled_out": "triangle-up-open",
    "denies": "diamond",
    "no_comment": "line-ew-open",
}
ALL = "*"
PARTY_FIRST = ["IRN", "RUS", "USA", "GBR", "FRA", "DEU", "EU", "UKR", "ISR"]


def party_label(code: str, names: dict[str, str], lang: str) -> str:
    """A column of the matrix: the speaker's country, or the EU or UN."""
    if code in ("EU", "UN"):
        return t("evidence.body." + code, lang)
    return names.get(code, code)


def _labels(codes, names: dict[str, str], lang: str) -> dict[str, str]:
    return {c: party_label(c, names, lang) for c in set(codes)}


def parties(claims: pd.DataFrame, names: dict[str, str], lang: str) -> list[str]:
    """The matrix's columns in the order it shows them: Iran, Russia, then the others (by country or body)."""
    rank = {c: i for i, c in enumerate(PARTY_FIRST)}
    label = _labels(claims["party_iso3"], names, lang)
    codes = sorted(label, key=lambda c: (rank.get(c, len(rank)), label[c]))
    return [label[c] for c in codes]


def filter_transfers(transfers: pd.DataFrame, category: str | None = None, status: str | None = None) -> pd.DataFrame:
    keep = pd.Series(True, index=transfers.index)
    if category not in (None, ALL):
        keep &= transfers["category"] == category
    if status not in (None, ALL):
        keep &= transfers["status"] == status
    return transfers[keep].sort_values(["first_reported", "id"])


# Within a cell, the marks of one party's several positions sit side by side, so none hides another.
CELL_SPREAD = 0.26  # the gap, in columns, between the marks of one cell: 14 px marks stay apart in a 700 px matrix


def cell_offsets(shown: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    """(party, transfer, position) → its mark's offset from the column's centre: one mark in a cell sits
    on the centre; several spread evenly, in the legend's order (a fixed offset per position put two marks
    of one cell 0.1 column apart, so they covered each other)."""
    out = {}
    for (party, transfer), cell in shown.groupby(["party_iso3", "transfer_id"]):
        present = [p for p in POSITIONS if p in set(cell["position"])]
        for k, p in enumerate(present):
            out[(party, transfer, p)] = (k - (len(present) - 1) / 2) * CELL_SPREAD
    return out


def matrix_axes(
    transfers: pd.DataFrame, claims: pd.DataFrame, names: dict[str, str], lang: str
) -> tuple[list[str], list[str]]:
    """The matrix's columns (who speaks) and rows (items, first reported at the top)."""
    shown = claims[claims["transfer_id"].isin(transfers["id"])]
    return parties(shown, names, lang), list(transfers[lang_col("item", lang)])


def matrix_traces(transfers: pd.DataFrame, claims: pd.DataFrame, names: dict[str, str], lang: str) -> list[dict]:
    """Per position, the (party, item) cells holding at least one statement, at numeric positions
    (column + a small offset per position; row 0 at the bottom); hover gives each statement."""
    items = transfers.set_index("id")
    shown = claims[claims["transfer_id"].isin(items.index)]
    columns, rows = matrix_axes(transfers, claims, names, lang)
    col = {c: i for i, c in enumerate(columns)}
    row = {r: len(rows) - 1 - i for i, r in enumerate(rows)}
    label = _labels(shown["party_iso3"], names, lang)
    offset = cell_offsets(shown)
    traces = []
    for position in POSITIONS:
        sub = shown[shown["position"] == position]
        cells: dict[tuple[str, str], list[str]] = {}
        shift: dict[tuple[str, str], float] = {}
        for _, c in sub.sort_values("date").iterrows():
            item = items.loc[c["transfer_id"], lang_col("item", lang)]
            shift[(label[c["party_iso3"]], item)] = offset[(c["party_iso3"], c["transfer_id"], position)]
            cells.setdefault((label[c["party_iso3"]], item), []).append(
                f"{format_date(c['date'], lang)}, {html.escape(c[lang_col('party', lang)])}: "
                f"{html.escape(c[lang_col('statement', lang)])}"
            )
        x, y, text = [], [], []
        for (party, item), lines in cells.items():
            x.append(col[party] + shift[(party, item)])
            y.append(row[item])
            text.append(
                f"<b>{html.escape(party)}</b> · {html.escape(t('evidence.position.' + position, lang))}<br>"
                f"<i>{html.escape(item)}</i><br>" + "<br>".join(_wrap(line) for line in lines)
            )
        traces.append(dict(key=position, x=x, y=y, text=text))
    return traces


COLUMN_CHARS = 9  # a column label's line: "United States" on two lines fits a column of a 700 px wide matrix
ROW_CHARS = 52  # a row label's line
LEGEND_PX = 64  # under the matrix: its legend, in one or two rows


def _wrap(text: str, width: int = 70) -> str:
    return course_html.wrap(text, width)


def evidence_matrix(transfers: pd.DataFrame, claims: pd.DataFrame, names: dict[str, str], lang: str) -> go.Figure:
    """Items (rows) × who speaks (columns); a mark's colour and shape say what that party says about the item."""
    fig = course_figure()
    for position, data in zip(POSITIONS, matrix_traces(transfers, claims, names, lang)):
        fig.add_trace(
            keyed(
                go.Scatter(
                    x=data["x"],
                    y=data["y"],
                    text=data["text"],
                    mode="markers",
                    name=t("evidence.position." + position, lang),
                    marker=dict(
                        size=14,
                        color=POSITION_COLORS[position],
                        symbol=POSITION_SYMBOLS[position],
                        line=dict(width=2, color=POSITION_COLORS[position]),
                    ),
                    hovertemplate="%{text}<extra></extra>",
                ),
                position,
            )
        )
    columns, rows = matrix_axes(transfers, claims, names, lang)
    _matrix_layout(fig, columns, rows, lang)
    fig.update_layout(meta={"description": matrix_alt(transfers, claims, lang)})
    return fig


def _matrix_layout(fig, columns: list[str], rows: list[str], lang: str) -> None:
    fig.update_layout(
        title=dict(text=t("evidence.title", lang)),
        margin=dict(t=80, b=LEGEND_PX),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", xref="container", x=0.01),
        # the lines between columns are the x axis's minor grid (cheaper to move than shapes)
        xaxis=dict(
            tickmode="array",
            side="top",
            tickangle=0,
            automargin=True,
            zeroline=False,
            showgrid=False,
            minor=dict(tickmode="array", showgrid=True, gridcolor="#ddd", gridwidth=1, ticklen=0),
        ),
        yaxis=dict(tickmode="array", automargin=True, zeroline=False),
    )
    _set_axes(fig.layout, columns, rows)


def _set_axes(layout, columns: list[str], rows: list[str]) -> None:
    """The part of the matrix's layout that depends on which columns and rows are shown."""
    layout.height = max(300, 170 + 36 * len(rows))
    # a column's name of several words on several lines, so that neighbours never run into each other
    layout.xaxis.tickvals = list(range(len(columns)))
    layout.xaxis.ticktext = [course_html.wrap(c, COLUMN_CHARS) for c in columns]
    layout.xaxis.range = [-0.5, max(len(columns), 1) - 0.5]
    layout.xaxis.minor.tickvals = [i + 0.5 for i in range(len(columns) - 1)]
    # an item's name on at most two lines (a row is 36 px): the columns keep the width
    layout.yaxis.tickvals = list(range(len(rows)))
    layout.yaxis.ticktext = [course_html.wrap(r, ROW_CHARS) for r in reversed(rows)]
    layout.yaxis.range = [-0.5, max(len(rows), 1) - 0.5]


def matrix_alt(transfers: pd.DataFrame, claims: pd.DataFrame, lang: str) -> str:
    shown = claims[claims["transfer_id"].isin(transfers["id"])]
    counts = {s: int((transfers["status"] == s).sum()) for s in STATUS_ORDER}
    return t(
        "evidence.alt",
        lang,
        items=len(transfers),
        statements=len(shown),
        parties=shown["party_iso3"].nunique(),
        **{s: counts[s] for s in STATUS_ORDER},
    )


def _direction(item, names: dict[str, str], lang: str) -> str:
    supplier, recipient = names.get(item["supplier"], item["supplier"]), names.get(item["recipient"], item["recipient"])
    return t("evidence.direction", lang, supplier=supplier, recipient=recipient, year=int(item["first_reported"]))


def statements_html(
    transfers: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str], lang: str
) -> str:
    """Each item with its status and every statement on it (who, what, when, source)."""
    if transfers.empty:
        return course_html.empty("evidence.none", lang)
    src = sources.set_index("id")
    blocks = []
    for _, item in transfers.iterrows():
        said = claims[claims["transfer_id"] == item["id"]].sort_values("date")
        lines = []
        for _, c in said.iterrows():
            label = source_link(src.loc[c["source_id"]])
            lines.append(
                f"<tr><td style='white-space:nowrap'>{format_date(c['date'], lang)}</td>"
                f"<td><b>{html.escape(c[lang_col('party', lang)])}</b></td>"
                f"<td>{html.escape(t('evidence.position.' + c['position'], lang))}</td>"
                f"<td>{html.escape(c[lang_col('statement', lang)])} <small>({label})</small></td></tr>"
            )
        blocks.append(
            f"<h4 style='margin:10px 0 2px'>{html.escape(item[lang_col('item', lang)])} "
            f"{course_html.badge(item['status'], lang)}</h4>"
            f"<p style='margin:2px 0'><small>{html.escape(_direction(item, names, lang))}"
            f" · {html.escape(t('evidence.category.' + item['category'], lang))}</small><br>"
            f"{html.escape(item[lang_col('summary', lang)])}</p>"
            + left_aligned(f"<table class='lessons-table'><tbody>{''.join(lines)}</tbody></table>")
        )
    return "".join(blocks)
