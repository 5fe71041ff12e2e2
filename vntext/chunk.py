"""Cutting sentences into pieces an engine with a length limit accepts."""
from __future__ import annotations

import re

_CLAUSE_END = re.compile(r"(?<=[,;:])\s+")


def chunk(text: str, limit: int = 100) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` characters, at clause boundaries first.

    >>> chunk("Sáng nay, trời mưa to, đường ngập.", limit=20)
    ['Sáng nay, trời mưa', 'to, đường ngập.']
    """
    pieces: list[str] = []
    for clause in _CLAUSE_END.split(text.strip()):
        if not clause:
            continue
        if pieces and len(pieces[-1]) + 1 + len(clause) <= limit:
            pieces[-1] = f"{pieces[-1]} {clause}"
        elif len(clause) <= limit:
            pieces.append(clause)
        else:
            current = ""
            for word in clause.split():
                if current and len(current) + 1 + len(word) > limit:
                    pieces.append(current)
                    current = word
                else:
                    current = f"{current} {word}" if current else word
            if current:
                pieces.append(current)
    return [p for p in pieces if re.search(r"\w", p)]
