"""Lesson 07's reference answers (the tables come as arguments)."""

from __future__ import annotations


def agreement_share(votes, a: str, b: str) -> float:
    """07.3: the share (0 to 1) of resolutions on which both a and b cast a vote (yes, no or
    abstain: not absent) and cast the same one."""
    cast = votes[votes["vote"] != "absent"]
    wide = cast.pivot_table(index="resolution_id", columns="iso3", values="vote", aggfunc="first")
    both = wide[[a, b]].dropna()
    return float((both[a] == both[b]).mean())


def agreement_percent(votes, a: str, b: str) -> float:
    """07.2: the same share in %, one decimal."""
    return round(agreement_share(votes, a, b) * 100, 1)
