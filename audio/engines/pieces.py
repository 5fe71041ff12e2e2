"""Cutting a sentence into the pieces a vendor accepts, and joining their audio back together.

Each vendor limits the text of one request (Google counts UTF-8 bytes, the others characters).
A sentence over the limit is cut at clause boundaries by ``vntext.chunking.chunk``; the decoded
pieces are joined with a short pause, as a reader breathes at a comma.
"""
from __future__ import annotations

from collections.abc import Callable

from audio.clip import Clip
from vntext.chunking import chunk, has_word_character


def utf8_length(text: str) -> int:
    """Bytes of ``text`` in UTF-8: Vietnamese letters with two marks take three.

    >>> utf8_length("a"), utf8_length("ư"), utf8_length("ế")
    (1, 2, 3)
    """
    return len(text.encode("utf-8"))


def pieces(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """``text`` cut at clause boundaries into pieces ``measure`` finds no longer than ``limit``.

    >>> pieces("Sáng nay, trời mưa to.", 12)
    ['Sáng nay,', 'trời mưa to.']
    >>> pieces("Tiếng Việt, điều đó.", 16, utf8_length)
    ['Tiếng Việt,', 'điều đó.']
    >>> pieces("... !", 100)
    []
    """
    if limit < 4:
        raise ValueError(f"a limit below 4 cannot hold every character, got {limit}")
    out: list[str] = []
    for piece in chunk(text, limit, measure):
        # chunk() cuts a word longer than its limit; slicing again only guards against that changing.
        for part in (piece[i:i + limit] for i in range(0, len(piece), limit)):
            out.extend([part] if measure(part) <= limit else _fitted(part, limit, measure))
    return out


def _fitted(text: str, limit: int, measure: Callable[[str], int]) -> list[str]:
    """``text`` chunked with the most characters per piece at which every piece measures within ``limit``."""
    fits, too_many = 1, len(text)  # one character always fits (at most 4 bytes); the whole text does not
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if all(measure(p) <= limit for p in chunk(text, middle)):
            fits = middle
        else:
            too_many = middle
    return chunk(text, fits)


def nothing_to_say(text: str) -> bool:
    """True when ``text`` has no letter or digit, so no vendor can speak it."""
    return not has_word_character(text)


def joined(clips: list[Clip], pause: float, sample_rate: int, channels: int) -> Clip:
    """The clips one after another with ``pause`` seconds of silence between them."""
    silence = Clip.silence(pause, sample_rate, channels).pcm
    return Clip(silence.join(clip.pcm for clip in clips), sample_rate, channels)
