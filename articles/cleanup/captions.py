"""Captions and photo credits: "Quang cảnh hội nghị - Ảnh: T.L" is a caption, "Ảnh: T.L" alone a credit."""
from __future__ import annotations

import re

from articles.cleanup.byline import looks_like_names
from articles.cleanup.lines import normalize_line

_CREDIT_TAIL = re.compile(
    r"(?:^|\s*[-–—|]\s*|(?<=[.!?…])\s*|\s+)"
    r"\(?\s*(?P<label>Ảnh minh h(?:ọa|oạ)|Ảnh tư liệu|Ảnh|Nguồn ảnh|Ảnh và clip|Ảnh/clip)"
    r"(?:\s*:\s*(?P<who>[^():]{1,40}?))?\s*\)?\s*\.?$"
)
_LEADING_PHOTO_LABEL = re.compile(r"^\(?\s*(?:Ảnh(?:\s+\d{1,2})?|Nguồn ảnh|Ảnh minh h(?:ọa|oạ)|Ảnh tư liệu)\s*:\s*")
_KNOWN_PHOTO_SOURCES = frozenset({"internet", "tư liệu", "tl", "st", "sưu tầm", "nguồn internet", "minh họa", "minh hoạ"})


def _looks_like_credit(who: str | None) -> bool:
    """True for a photographer or source name ("Hoàng Anh", "T.L", "QTV", "internet").

    >>> _looks_like_credit("Hoàng Anh")
    True
    >>> _looks_like_credit("Lãnh đạo tỉnh thăm hỏi bà con")
    False
    """
    if who is None:
        return True
    who = who.strip(" .")
    if who.casefold() in _KNOWN_PHOTO_SOURCES:
        return True
    return looks_like_names(who)


def _credit_match(line: str) -> re.Match[str] | None:
    """The photo credit at the end of ``line``, if it is one (a name, not a description)."""
    match = _CREDIT_TAIL.search(normalize_line(line))
    if match is None:
        return None
    label = match.group("label")
    if label == "Ảnh" and match.group("who") is None:
        return None
    if not _looks_like_credit(match.group("who")):
        return None
    return match


def strip_photo_credit(line: str) -> str:
    """The line without its photo credit; empty when the line was nothing but a credit.

    >>> strip_photo_credit("Đồng chí Trần Văn Tâm phát biểu tại hội nghị - Ảnh: T.L")
    'Đồng chí Trần Văn Tâm phát biểu tại hội nghị'
    >>> strip_photo_credit("Ảnh: Hoàng Anh")
    ''
    >>> strip_photo_credit("Ảnh minh họa")
    ''
    >>> strip_photo_credit("Ảnh: Lực lượng xung kích giúp dân chằng chống nhà cửa")
    'Lực lượng xung kích giúp dân chằng chống nhà cửa'
    >>> strip_photo_credit("Ảnh minh họa: Nông dân thu hoạch lúa hè thu")
    'Nông dân thu hoạch lúa hè thu'
    >>> strip_photo_credit("Ảnh 2: Du khách tham quan Thành cổ")
    'Du khách tham quan Thành cổ'
    """
    text = normalize_line(line)
    match = _credit_match(text)
    if match is not None:
        text = text[: match.start()]
    text = _LEADING_PHOTO_LABEL.sub("", text)
    return text.strip(" -–—|")


def is_photo_credit(line: str) -> bool:
    """A line that is only a photo credit, dropped from the page.

    >>> is_photo_credit("Ảnh: Hoàng Anh")
    True
    >>> is_photo_credit("(Ảnh minh họa)")
    True
    >>> is_photo_credit("Đồng chí Trần Văn Tâm phát biểu - Ảnh: T.L")
    False
    """
    return bool(normalize_line(line)) and not strip_photo_credit(line)


def is_caption(line: str) -> bool:
    """A photo caption: text with a photo credit, or text under an "Ảnh:" label.

    >>> is_caption("Đồng chí Trần Văn Tâm phát biểu tại hội nghị - Ảnh: T.L")
    True
    >>> is_caption("Nông dân thu hoạch lúa hè thu (Ảnh minh họa)")
    True
    >>> is_caption("Ảnh: Hoàng Anh")
    False
    >>> is_caption("Kỳ họp diễn ra trong 3 ngày.")
    False
    """
    text = normalize_line(line)
    has_marker = _credit_match(text) is not None or _LEADING_PHOTO_LABEL.match(text) is not None
    return has_marker and bool(strip_photo_credit(text))
