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
    return _cut(text, limit, limit, measure)


def _cut(text: str, characters: int, limit: int, measure: Callable[[str], int]) -> list[str]:
    out: list[str] = []
    for piece in chunk(text, characters):
        # chunk() cuts a word longer than its limit; slicing again only guards against that changing.
        for part in (piece[i:i + characters] for i in range(0, len(piece), characters)):
            size = measure(part)
            if size <= limit:
                out.append(part)
                continue
            # Too many bytes for its characters: cut again with fewer characters, in proportion.
            fewer = min(characters - 1, max(1, characters * limit // size))
            out.extend(_cut(part, fewer, limit, measure))
    return out


def nothing_to_say(text: str) -> bool:
    """True when ``text`` has no letter or digit, so no vendor can speak it."""
    return not has_word_character(text)


def joined(clips: list[Clip], pause: float, sample_rate: int, channels: int) -> Clip:
    """The clips one after another with ``pause`` seconds of silence between them."""
    silence = Clip.silence(pause, sample_rate, channels).pcm
    return Clip(silence.join(clip.pcm for clip in clips), sample_rate, channels)
