"""Normalization for speech (first version: whitespace only)."""
from __future__ import annotations

from collections.abc import Mapping


def normalize(text: str, lexicon: Mapping[str, str] | None = None) -> str:
    return " ".join(text.split())
