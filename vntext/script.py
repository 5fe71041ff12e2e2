"""The script for the engines: sentences in reading order with their role and paragraph."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vntext.normalization import normalize
from vntext.split import split_sentences


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


def is_speakable(spoken: str) -> bool:
    """True when a normalized sentence has a letter or digit for the engine to say.

    >>> is_speakable("Hà Nội."), is_speakable("* * *"), is_speakable("…")
    (True, False, False)
    """
    return any(ch.isalnum() for ch in spoken)


_AGENCY_MARK = re.compile(r"^(?:\([^()\n]{1,40}\)|[A-ZĐ][A-ZĐ0-9]{1,9})\s*[-–—]\s*(?=\S)")


def strip_agency_mark(lead: str) -> str:
    """The lead without the agency or station mark that opens it on the page: a newsreader does not
    read "(QTV) -" or "TTXVN –" aloud.

    >>> strip_agency_mark("(QTV) - Chiều 12/12, kỳ họp bế mạc.")
    'Chiều 12/12, kỳ họp bế mạc.'
    >>> strip_agency_mark("Đông Hà - Sáng nay, trời mưa to.")
    'Đông Hà - Sáng nay, trời mưa to.'
    """
    return _AGENCY_MARK.sub("", lead, count=1)


def script_sentences(
    text: str, role: str, paragraph: int, lexicon: Mapping[str, str] | None = None
) -> list[Sentence]:
    """Split one block into sentences, normalize each one and keep those with something to say.

    >>> [s.text for s in script_sentences("Mưa lớn. Đường ngập.\\n* * *", "body", 2)]
    ['Mưa lớn.', 'Đường ngập.']
    """
    sentences: list[Sentence] = []
    for written in split_sentences(text):
        spoken = normalize(written, lexicon)
        if is_speakable(spoken):
            sentences.append(Sentence(text=written, spoken=spoken, role=role, paragraph=paragraph))
    return sentences


def build_script(
    title: str,
    blocks: Iterable[tuple[str, str]],
    lexicon: Mapping[str, str] | None = None,
) -> list[Sentence]:
    """Split the headline and each (role, text) block into sentences and normalize each one.

    The headline is paragraph 0 with role ``headline``; block ``i`` (from 1) keeps its own role.
    Sentences whose spoken form has no letters or digits are dropped.

    >>> script = build_script("Bão số 1 đổ bộ", [("dateline", "Thứ hai, 15/01/2018 - 21:03"),
    ...                                          ("body", "Gió mạnh. Mưa to.")])
    >>> [(s.role, s.paragraph, s.text) for s in script]  # doctest: +NORMALIZE_WHITESPACE
    [('headline', 0, 'Bão số 1 đổ bộ'), ('dateline', 1, 'Thứ hai, 15/01/2018 - 21:03'),
     ('body', 2, 'Gió mạnh.'), ('body', 2, 'Mưa to.')]
    """
    script = script_sentences(title, "headline", 0, lexicon)
    for paragraph, (role, text) in enumerate(blocks, start=1):
        if role == "lead":
            text = strip_agency_mark(text)
        script.extend(script_sentences(text, role, paragraph, lexicon))
    return script
