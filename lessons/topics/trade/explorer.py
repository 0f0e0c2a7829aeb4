"""Lesson 05 (trade): a country, a flow and a year over the bilateral figures and the partner
ranking; route toggles over the corridor map."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from lessons.core.errors import CourseError
from lessons.core.text import scroll_box, t
from lessons.topics.trade.corridor import (
    ROUTES,
    STATUSES,
    _alt,
    _km,
    _on_routes,
    _table,
    corridor_map,
    segments,
    trace_routes,
)
from lessons.topics.trade.figures import (
    FLOWS,
    WORLD,
    _months,
    bilateral_chart,
    focus_rank,
    is_ranking,
    partner_alt,
    partner_axis,
    partner_bars,
    partner_chart,
    partner_title,
    partner_years,
    partners,
    trade_table_html,
    year_marker,
)
from lessons.viz.explorer import Explorer


class TradeExplorer(Explorer):
    """Pick a country and a year: the bilateral figures per source, that country's partner ranking,
    and the rows behind both with their sources and notes."""

    css_class = "lessons-trade"

    def __init__(
        self,
        trade: pd.DataFrame,
        sources: pd.DataFrame,
        names: dict[str, str],
        lang: str,
        *,
        reporter: str = "IRN",
    ):
        self.trade, self.sources, self.names = trade, sources, names
        self._tables: dict[tuple, pd.DataFrame] = {}  # partners() per (country, year, flow): the data does not change
        self._table_html: dict[tuple, str] = {}  # the figures table per (country, year)
        self._years: dict[tuple, list[int]] = {}  # partner_years() per (country, flow)
        self.reporter = widgets.Dropdown(
            options=[(names.get(c, c), c) for c in ("IRN", "RUS")],
            value=reporter,
            description=t("trade.country", lang),
            style={"description_width": "initial"},
        )
        self.flow = widgets.Dropdown(
            options=[(t("trade.flow." + f, lang), f) for f in FLOWS],
            value="total",
            description=t("trade.flow", lang),
            style={"description_width": "initial"},
        )
        years = partner_years(trade, reporter, "total") or partner_years(trade, reporter, "exports")
        if not partner_years(trade, reporter, "total"):
            self.flow.value = "exports"
        self.year = widgets.SelectionSlider(
            options=years,
            value=years[-1],
            description=t("trade.year", lang),
            style={"description_width": "initial"},
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.build(
            lang,
            {
                "bilateral": bilateral_chart(trade, sources, names, lang, year=self.year.value),
                "ranking": partner_chart(
                    trade, names, lang, reporter=reporter, year=self.year.value, flow=self.flow.value
                ),
            },
            header=[
                widgets.HBox([self.reporter, self.flow, self.year], layout=widgets.Layout(flex_flow="row wrap")),
                self.summary,
            ],
            footer=[self.table],
            row=True,
        )
        self.bilateral, self.ranking = self.figures["bilateral"], self.figures["ranking"]
        self.watch(self.reporter, self.flow, handler=self._on_choice)
        self.watch(self.year, handler=lambda _: None if self._quiet else self.redraw())
        self.redraw()

    _quiet = False

    def _partner_years(self, reporter: str, flow: str) -> list[int]:
        if (reporter, flow) not in self._years:
            self._years[(reporter, flow)] = partner_years(self.trade, reporter, flow)
        return self._years[(reporter, flow)]

    def _on_choice(self, change=None) -> None:
        """A new country or flow: the slider offers only the years with a ranking for it."""
        years = self._partner_years(self.reporter.value, self.flow.value)
        if years:
            keep = self.year.value if self.year.value in years else years[-1]
            self._quiet = True  # changing the options moves the slider: update once, at the end
            try:
                self.year.options = years
                self.year.value = keep
            finally:
                self._quiet = False
        self.redraw()

    def set_year(self, year) -> None:
        """Move the slider from code; a year without partner data gets a message naming the years that have it."""
        if year not in self.year.options:
            raise CourseError(t("trade.bad_year", self.lang, year=year, allowed=", ".join(map(str, self.year.options))))
        self.year.value = year

    def _no_ranking(self, reporter: str, flow: str) -> str:
        """What the data hold for a flow with no ranking (one or two partners): which partners and years,
        and the flows that have a ranking — never "number 1" of a list of one."""
        rows = self.trade[
            (self.trade["reporter"] == reporter) & (self.trade["flow"] == flow) & (self.trade["partner"] != WORLD)
        ]
        # the table below shows the rows the message speaks of (not the last year's rows)
        self.table.value = scroll_box(
            trade_table_html(rows.sort_values(["year", "partner"]), self.sources, self.names, self.lang), height=320
        )
        if rows.empty:
            return t("trade.no_ranking", self.lang)
        flows = [t("trade.flow." + f, self.lang) for f in FLOWS if self._partner_years(reporter, f)]
        return t(
            "trade.only_partners",
            self.lang,
            country=self.names.get(reporter, reporter),
            flow=t("trade.flow." + flow, self.lang).lower(),
            partners=_partners_with_years(rows, self.names),
            flows=", ".join(flows) or "—",
        )

    def _partners(self, reporter: str, year: int, flow: str) -> pd.DataFrame:
        if (reporter, year, flow) not in self._tables:
            self._tables[(reporter, year, flow)] = partners(self.trade, reporter, year, flow)
        return self._tables[(reporter, year, flow)]

    def update(self) -> str | None:
        reporter, year, flow = self.reporter.value, self.year.value, self.flow.value
        if not self._partner_years(reporter, flow):
            self.summary.value = ""
            self.year.disabled = True  # no year of this flow has a ranking: the slider has nothing to pick
            return self._no_ranking(reporter, flow)
        self.year.disabled = False
        focus = ({"IRN", "RUS"} - {reporter}).pop()
        table = self._partners(reporter, year, flow)
        bars = partner_bars(table, self.names, self.lang, focus)
        rank, ranked = focus_rank(table, focus), is_ranking(table)
        alt = partner_alt(
            reporter, focus, year, flow, rank, len(table), self.names, self.lang, focus in set(table["partner"]), ranked
        )
        with self.drawing("ranking") as fig:
            bar = self.trace("ranking", "partners")
            bar.x, bar.y, bar.text, bar.marker.color = bars["x"], bars["y"], bars["text"], bars["marker_color"]
            fig.layout.title.text = partner_title(reporter, year, flow, self.names, self.lang, _months(table), ranked)
            fig.layout.xaxis = partner_axis(bars["measure"], self.lang)
            fig.layout.meta = {"description": alt}
        if not self.bilateral.layout.shapes or self.bilateral.layout.shapes[0].x0 != year:
            with self.drawing("bilateral") as fig:
                fig.layout.shapes = [year_marker(year)]
        self.summary.value = "<p>" + html.escape(alt) + "</p>"
        if (reporter, year) not in self._table_html:
            rows = self.trade[
                (self.trade["year"] == year)
                & ((self.trade["reporter"] == reporter) | self.trade["partner"].eq(reporter))
            ]
            rows = rows.sort_values(["reporter", "partner", "flow"])
            self._table_html[(reporter, year)] = scroll_box(
                trade_table_html(rows, self.sources, self.names, self.lang), height=320
            )
        self.table.value = self._table_html[(reporter, year)]
        return None


def _partners_with_years(rows: pd.DataFrame, names: dict[str, str]) -> str:
    """ "Iran (2020, 2021)" per partner, in the order of their first year: which years each one has."""
    years = rows.groupby("partner")["year"].agg(lambda ys: sorted({int(y) for y in ys}))
    order = sorted(years.index, key=lambda p: (years[p][0], names.get(p, p)))
    return ", ".join(f"{names.get(p, p)} ({', '.join(map(str, years[p]))})" for p in order)


class CorridorExplorer(Explorer):
    """Route toggles over the corridor map; the table lists the shown segments with mode and status."""

    css_class = "lessons-corridor"

    def __init__(self, corridor: pd.DataFrame, names: dict[str, str], lang: str):
        self.corridor, self.names = corridor, names
        self.toggles = {
            r: widgets.Checkbox(
                value=True,
                description=t("corridor.route." + r, lang),
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 16px 0 0"),
            )
            for r in ROUTES
        }
        self.summary = widgets.HTML()
        # Computed once: a toggle only shows or hides the traces and filters these rows.
        self.segs = segments(corridor)
        self.trace_routes = trace_routes(corridor)
        self.table = widgets.HTML()
        label = widgets.HTML(f"<b>{html.escape(t('corridor.routes', lang))}</b>&nbsp;")
        self.build(
            lang,
            {"map": corridor_map(corridor, names, lang)},
            header=[
                widgets.HBox([label, *self.toggles.values()], layout=widgets.Layout(flex_flow="row wrap")),
                self.summary,
            ],
            footer=[self.table],
        )
        self.map = self.figures["map"]
        self.watch(*self.toggles.values())
        self.redraw()

    def _summary(self, routes: list[str], segs: pd.DataFrame) -> str:
        """Counts of the segments shown; lengths only as what they are: the segments a source gives a
        length for (never read as the corridor's length)."""
        building = segs[segs["status"] != "operating"]
        parts = [
            t(
                "corridor.summary",
                self.lang,
                n=len(routes),
                segments=len(segs),
                operating=len(segs) - len(building),
                building=len(building),
            ),
            t("corridor.lengths", self.lang, known=int(segs["length_km"].notna().sum()), segments=len(segs)),
        ]
        known_building = int(building["length_km"].notna().sum())
        if known_building:
            km = _km(segs)
            parts.append(
                t(
                    "corridor.gap_km",
                    self.lang,
                    known=known_building,
                    building=len(building),
                    km=int(km["under_construction"] + km["planned"]),
                )
            )
        return "<p>" + html.escape(" ".join(parts)) + "</p>"

    def routes(self) -> list[str]:
        return [r for r, box in self.toggles.items() if box.value]

    def update(self) -> str | None:
        routes = self.routes()
        segs = _on_routes(self.segs, routes)
        lines = self.traces("map")
        with self.drawing("map") as fig:
            for (route, has_lines), status in zip(self.trace_routes, STATUSES * len(ROUTES)):
                visible = route in routes and has_lines
                trace = lines[f"{route}:{status}"]
                if trace.visible != visible:  # send only what changes
                    trace.visible = visible
            fig.layout.meta = {"description": _alt(segs, self.lang, routes)}
        self.summary.value = self._summary(routes, segs) if routes else ""
        self.table.value = scroll_box(_table(segs, self.lang), height=360)
        return None if routes else t("corridor.none", self.lang)
