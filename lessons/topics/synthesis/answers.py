"""Lesson 08's reference answers (the tables come as arguments)."""

from __future__ import annotations

import pandas as pd

from lessons.core.data import package_info


def shared_organisations(memberships, a: str, b: str) -> int:
    """08.5: organisations in which both `a` and `b` are full members at the data's date."""
    moment = pd.Timestamp(year=pd.Timestamp(package_info()["asOf"]).year, month=12, day=31)
    now = memberships[
        (memberships["start"] <= moment)
        & (memberships["end"].isna() | (memberships["end"] > moment))
        & (memberships["status"] != "withdrawn")
    ]
    latest = now.sort_values("start").drop_duplicates(["org_id", "iso3"], keep="last")
    members = latest[latest["status"] == "member"].groupby("org_id")["iso3"].agg(set)
    return int(sum({a, b} <= codes for codes in members))


def scenario_facts(lang: str) -> dict:
    """08.1: the figures the scenario's consequences cite, from lessons 03–07's data."""
    # the lesson's own figures; imported when asked, as it loads plotly and the lesson's widgets
    from lessons.topics.synthesis import scenario_facts as facts

    return facts(lang)
