"""Thin interactive layers over the figure functions. Each has a plain, static twin."""

from __future__ import annotations

import html
import platform

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from lessons.core.config import get_language
from lessons.core.errors import CourseError, plain
from lessons.core.text import left_aligned, link, t
from lessons.viz import figures, maps

FILTERS = ("speaker", "kind", "status")
ALL = "*"  # the "(all)" choice of a filter drop-down


def figure_widget(fig: go.Figure) -> go.FigureWidget:
    """A FigureWidget of `fig` that draws maps from the shipped geometry."""
    widget = go.FigureWidget(fig)
    shape = {"data": [{"type": tr.type} for tr in widget.data], "layout": widget.layout.to_plotly_json()}
    widget._config = maps.plotly_config(geo=maps.needs_geometry(shape))
    return widget


def _badge(status: str, lang: str) -> str:
    color = figures.STATUS_COLORS[status]
    return (
        f'<span style="background:{color};color:white;border-radius:3px;padding:0 5px;white-space:nowrap">'
        f"{html.escape(t(f'status.{status}', lang))}</span>"
    )


def claims_table_html(claims: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    """The claims as an HTML table: who, kind, status, content, response, what followed, source."""
    if claims.empty:
        return f"<p><i>{html.escape(t('claims.none', lang))}</i></p>"
    src = sources.set_index("id")
    head = "".join(
        f"<th style='text-align:left'>{html.escape(t(f'claims.col_{c}', lang))}</th>"
        for c in ("speaker", "kind", "status", "text", "response", "later", "source")
    )
    rows = []
    for _, row in claims.sort_values("order").iterrows():
        links = []
        for key in dict.fromkeys(
            k for k in (row["source_id"], row["response_source_id"], row["later_source_id"]) if isinstance(k, str) and k
        ):
            s = src.loc[key]
            label = html.escape(f"{s['publisher']}")
            url = s["url"]
            links.append(link(url, label))  # http(s) only, else plain text
        response = row[f"response_{lang}"]
        rows.append(
            "<tr>"
            f"<td><b>{html.escape(row[f'speaker_{lang}'])}</b><br><small>{html.escape(row[f'speaker_role_{lang}'])}</small></td>"
            f"<td>{html.escape(t('kind.' + row['kind'], lang))}</td>"
            f"<td>{_badge(row['status'], lang)}</td>"
            f"<td>{html.escape(row[f'paraphrase_{lang}'])}</td>"
            f"<td>{html.escape(response) if isinstance(response, str) else '—'}</td>"
            f"<td>{html.escape(row[f'later_{lang}'])}</td>"
            f"<td><small>{'<br>'.join(links)}</small></td>"
            "</tr>"
        )
    return left_aligned(
        "<table class='lessons-claims' style='border-collapse:collapse;font-size:90%'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def filter_claims(
    claims: pd.DataFrame, lang: str, *, speaker: str | None = None, kind: str | None = None, status: str | None = None
) -> pd.DataFrame:
    """Rows matching every given filter; an unknown value raises CourseError listing the allowed ones."""
    columns = {"speaker": f"speaker_{lang}", "kind": "kind", "status": "status"}
    mask = pd.Series(True, index=claims.index)
    for name, value in (("speaker", speaker), ("kind", kind), ("status", status)):
        value = plain(value)  # a name typed or pasted decomposed (NFD) is the same name
        if value is None:
            continue
        allowed = list(dict.fromkeys(claims.sort_values("order")[columns[name]]))
        if name == "kind":
            allowed = list(figures.KIND_SYMBOLS)
        if name == "status":
            allowed = list(figures.STATUS_ORDER)
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


class ClaimsExplorer(widgets.VBox):
    """Filter the article's claims by speaker, kind and status; chart and table follow."""

    def __init__(self, claims: pd.DataFrame, sources: pd.DataFrame, lang: str | None = None):
        self.lang = lang or get_language()
        self.claims, self.sources = claims, sources
        self.speakers = list(dict.fromkeys(claims.sort_values("order")[f"speaker_{self.lang}"]))
        all_label = t("claims.all", self.lang)
        self.controls = {
            "speaker": widgets.Dropdown(options=[(all_label, ALL)] + [(s, s) for s in self.speakers]),
            "kind": widgets.Dropdown(
                options=[(all_label, ALL)] + [(t(f"kind.{k}", self.lang), k) for k in figures.KIND_SYMBOLS]
            ),
            "status": widgets.Dropdown(
                options=[(all_label, ALL)] + [(t(f"status.{s}", self.lang), s) for s in figures.STATUS_ORDER]
            ),
        }
        for name, control in self.controls.items():
            control.description = t(f"claims.filter_{name}", self.lang)
            control.style = {"description_width": "initial"}
            control.layout = widgets.Layout(width="auto", min_width="180px")
            control.observe(self._on_change, names="value")
        self.figure = figure_widget(
            figures.claims_chart(claims, self.lang, speakers=self.speakers, x_max=int(claims["order"].max()))
        )
        self.count = widgets.HTML()
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        super().__init__(
            [widgets.HBox(list(self.controls.values())), self.count, self.message, self.figure, self.table]
        )
        self.add_class("lessons-claims-explorer")
        self._update()

    def filters(self) -> dict[str, str | None]:
        return {name: (None if control.value == ALL else control.value) for name, control in self.controls.items()}

    def filtered(self) -> pd.DataFrame:
        """The claims the current filters keep."""
        return filter_claims(self.claims, self.lang, **self.filters())

    def set_filters(self, **values: str | None) -> pd.DataFrame:
        """Set filters from code (e.g. status="alleged"); bad names or values get a clear message."""
        values = {name: plain(value) for name, value in values.items()}
        unknown = [k for k in values if k not in FILTERS]
        if unknown:
            raise CourseError(
                t("claims.bad_filter", self.lang, value=unknown[0], filter="", allowed=", ".join(FILTERS))
            )
        filter_claims(self.claims, self.lang, **values)  # validates before anything changes
        with self.hold_trait_notifications():
            for name, value in values.items():
                self.controls[name].value = ALL if value is None else value
        self._update()
        return self.filtered()

    def _on_change(self, change) -> None:
        try:
            self._update()
            self.message.value = ""
        except CourseError as e:  # never let a callback fail silently
            self.message.value = f"<span style='color:#b00'>{html.escape(str(e))}</span>"

    def _update(self) -> None:
        shown = self.filtered()
        with self.figure.batch_update():
            for trace, data in zip(self.figure.data, figures.claims_traces(shown, self.lang)):
                trace.x, trace.y, trace.customdata = data["x"], data["y"], data["customdata"]
                trace.marker.symbol = data["marker_symbol"]
            self.figure.layout.meta = {"description": figures.claims_alt(shown, self.lang)}
        self.count.value = (
            f"<b>{html.escape(t('claims.count', self.lang, shown=len(shown), total=len(self.claims)))}</b>"
        )
        self.table.value = claims_table_html(shown, self.sources, self.lang)


class SetupCheck(widgets.VBox):
    """Proves, in the student's own browser, that widgets talk to the kernel."""

    def __init__(self, facts: list[str], lang: str | None = None):
        self.lang = lang or get_language()
        self.slider = widgets.IntSlider(
            value=3, min=0, max=10, description=t("check.slider", self.lang), style={"description_width": "initial"}
        )
        self.echo = widgets.HTML()
        self.slider.observe(self._echo, names="value")
        self._echo()
        items = "".join(f"<li>{html.escape(f)}</li>" for f in facts)
        header = widgets.HTML(
            f"<b>{html.escape(t('check.title', self.lang))}</b><ul>{items}</ul>"
            f"<p>{html.escape(t('check.widgets_ok', self.lang, version=widgets.__version__))}</p>"
        )
        super().__init__([header, widgets.HBox([self.slider, self.echo])])
        self.add_class("lessons-setup-check")

    def _echo(self, change=None) -> None:
        self.echo.value = (
            f"<span class='lessons-echo'>{html.escape(t('check.echo', self.lang, value=self.slider.value))}</span>"
        )


def python_version() -> str:
    return platform.python_version()
