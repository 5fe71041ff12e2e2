"""Line normalisation: every rule compares lines in the one form these functions give."""
from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def normalize_line(line: str) -> str:
    """One line as Unicode NFC with single spaces and no invisible characters or bold marks.

    >>> normalize_line("  Ti\u00eau \u0111\u1ec1\\u00a0 **b\u00e0i** ")
    'Tiêu đề bài'
    """
    line = unicodedata.normalize("NFC", line).translate(_INVISIBLE)
    line = line.replace("**", "")
    return " ".join(line.split())


def split_lines(text: str) -> list[str]:
    """Non-empty normalised lines of ``text``; each line is one paragraph.

    >>> split_lines("A\\n\\n  B  \\r\\n")
    ['A', 'B']
    """
    lines = (normalize_line(raw) for raw in text.splitlines())
    return [line for line in lines if line]


def line_key(line: str) -> str:
    """Lower-case form of a line without edge punctuation, for comparing with phrase lists.

    >>> line_key("  Tin liên quan: ")
    'tin liên quan'
    """
    return normalize_line(line).casefold().strip(" :.-–—|»>*()[]")


def only_phrases(line: str, phrases: tuple[str, ...]) -> bool:
    """True when ``line`` is made of nothing but ``phrases``, separators and counters.

    >>> only_phrases("Facebook | Zalo (12)", ("facebook", "zalo"))
    True
    >>> only_phrases("Facebook ra mắt tính năng mới", ("facebook",))
    False
    """
    rest = normalize_line(line).casefold()
    found = False
    for phrase in sorted(phrases, key=len, reverse=True):
        rest, count = re.subn(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", rest)
        found = found or count > 0
    return found and not re.sub(r"[\s\d|/,·•:;()\[\]*+\-–—_.]+", "", rest)


_CLOSING = "\"'”’»)]*_ "


def ends_with_stop(line: str) -> bool:
    """True when the line ends a sentence (full stop, ellipsis, "!" or "?"), closing quotes aside.

    >>> ends_with_stop("Kỳ họp bế mạc.")
    True
    >>> ends_with_stop("“Chúng tôi rất phấn khởi!”")
    True
    >>> ends_with_stop("Quang cảnh hội nghị")
    False
    """
    return normalize_line(line).rstrip(_CLOSING).endswith((".", "…", "!", "?"))
