"""Factiva exports (placeholder until the reader lands)."""

from __future__ import annotations


def is_factiva(head: str) -> bool:
    return False


def read_factiva(chunks, shown):  # pragma: no cover
    return iter(())
