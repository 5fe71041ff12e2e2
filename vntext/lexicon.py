"""Station pronunciation lexicon (placeholder: identity)."""
from __future__ import annotations

from collections.abc import Mapping


def parse_lexicon(content: str) -> dict[str, str]:
    return {}


def apply_lexicon(text: str, lexicon: Mapping[str, str] | None) -> str:
    return text
