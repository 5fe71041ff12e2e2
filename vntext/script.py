"""The script for the engines: sentences in reading order with their role and paragraph."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence to be spoken.

    ``text`` is as written; ``spoken`` is the normalized form the engine receives.
    ``role`` is headline, dateline, lead, body, caption or byline; ``paragraph`` counts blocks
    from 0 (the headline is paragraph 0, the first block paragraph 1).
    """

    text: str
    spoken: str
    role: str
    paragraph: int


def build_script(
    title: str,
    blocks: Iterable[tuple[str, str]],
    lexicon: Mapping[str, str] | None = None,
) -> list[Sentence]:
    """Split the headline and each (role, text) block into sentences and normalize each one.

    Sentences whose spoken form has no letters or digits are dropped.
    """
    raise NotImplementedError
