"""Vietnamese text in plain ASCII: for fields that carry only ASCII (the AES46 ``cart`` chunk) and
for file names.

``transliterate`` removes the diacritics (Unicode NFKD, combining marks dropped), writes đ/Đ as d/D,
common typographic punctuation as its ASCII look-alike (dashes as "-", curly quotes as straight
ones, "…" as "..."), whitespace and control characters as single spaces, and anything still
outside printable ASCII as ``replacement``.

``slug`` makes a file-name part of it: lower-case letters, digits and single hyphens, at most
``max_length`` characters, cut at a word boundary when one is near.

>>> transliterate("Đài Phát thanh Quảng Trị — “nóng” 30°C…")
'Dai Phat thanh Quang Tri - "nong" 30?C...'
>>> slug("Tin sáng: Hà Nội đón đợt rét đậm!")
'tin-sang-ha-noi-don-dot-ret-dam'
>>> slug("../../etc/passwd")
'etc-passwd'
>>> slug("!!! ???", fallback="tin")
'tin'
"""
from __future__ import annotations

import re
import unicodedata

_PUNCTUATION = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2026": "...", "\u00b7": ".", "\u2022": "-",
    "\u0111": "d", "\u0110": "D",
}
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def transliterate(text: str, replacement: str = "?") -> str:
    """``text`` in printable ASCII (see the module's description); one line, no control characters."""
    text = "".join(_PUNCTUATION.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        if ch.isspace() or unicodedata.category(ch).startswith("C"):
            out.append(" ")
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append(replacement)
    return _SPACES.sub(" ", "".join(out)).strip()


def slug(text: str, max_length: int = 48, fallback: str = "tin") -> str:
    """A file-name part: ``[a-z0-9]`` words joined by single hyphens, at most ``max_length`` characters;
    ``fallback`` (itself made a slug) when nothing of ``text`` is left."""
    if max_length < 1:
        raise ValueError("a slug is at least one character long")
    words = _NOT_SLUG.sub("-", transliterate(text, replacement=" ").lower()).strip("-")
    if len(words) > max_length:
        cut = words[:max_length + 1]
        boundary = cut.rfind("-")
        # Cut at the last hyphen unless that throws away more than a third of what fits.
        words = cut[:boundary] if boundary >= max_length * 2 // 3 else words[:max_length]
        words = words.strip("-")
    if not words:
        return slug(fallback, max_length, "x") if fallback else ""
    return words
