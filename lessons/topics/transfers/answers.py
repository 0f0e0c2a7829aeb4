"""Lesson 06's reference answers (the tables come as arguments)."""

from __future__ import annotations


def count_position(transfer_claims, position: str) -> int:
    """06.5: statements about transfers that take `position` (e.g. "denies")."""
    return int((transfer_claims["position"] == position).sum())
