"""Roman numerals after trigger words (placeholder: identity)."""
from __future__ import annotations


def read_roman_numerals(text: str) -> str:
    return text
