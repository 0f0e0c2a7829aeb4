"""Lesson 03's reference answers (the tables come as arguments)."""

from __future__ import annotations

import pandas as pd


def count_members(memberships, org_id: str, year: int) -> int:
    """03.4 and 03.5: full members of `org_id` at the end of `year`."""
    end_of_year = pd.Timestamp(year=year, month=12, day=31)
    rows = memberships[(memberships["org_id"] == org_id) & (memberships["status"] == "member")]
    return int(((rows["start"] <= end_of_year) & (rows["end"].isna() | (rows["end"] > end_of_year))).sum())
