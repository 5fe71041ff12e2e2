"""Abbreviations and acronyms (placeholder: identity)."""
from __future__ import annotations


def expand_abbreviations(text: str) -> str:
    return text
