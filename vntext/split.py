"""Sentence splitting (first version: newlines, then sentence-final punctuation)."""
from __future__ import annotations

import re

_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-ZÀ-Ỹ0-9Đ])")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.extend(s.strip() for s in _END.split(line) if s.strip())
    return out
