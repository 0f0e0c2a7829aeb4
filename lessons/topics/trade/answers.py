"""Lesson 05's reference answers (the tables come as arguments)."""

from __future__ import annotations


def top_partner(trade, reporter: str, year: int) -> str:
    """05.3: the partner with the largest total trade with `reporter` in `year`."""
    rows = trade[
        (trade["reporter"] == reporter)
        & (trade["year"] == year)
        & (trade["flow"] == "total")
        & (trade["partner"] != "WLD")
    ].dropna(subset=["value_usd_bn"])
    return str(rows.sort_values("value_usd_bn", ascending=False)["partner"].iloc[0])


def russian_customs_series(trade):
    """Iran–Russia total trade per year as Russian customs give it (one figure per year)."""
    rows = trade[
        (trade["reporter"] == "RUS")
        & (trade["partner"] == "IRN")
        & (trade["flow"] == "total")
        & (trade["basis"] == "customs")
    ].dropna(subset=["value_usd_bn"])
    return rows.groupby("year")["value_usd_bn"].first()


def customs_growth(trade, start: int, end: int) -> float:
    """05.2: growth of Iran–Russia trade in Russian customs figures from `start` to `end`, in %, one decimal."""
    series = russian_customs_series(trade)
    return round(float((series.loc[end] - series.loc[start]) / series.loc[start] * 100), 1)
