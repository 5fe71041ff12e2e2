"""Bylines: the author line at the end of an article, and the author it names."""
from __future__ import annotations

import re

from articles.cleanup.lines import normalize_line

_BYLINE_LABEL = re.compile(
    r"^(?:(?:Bài|Tin|Clip)(?:\s*(?:,|và|/)\s*(?:ảnh|clip|video))*|Tác giả|Phóng viên|Thực hiện|Nhóm thực hiện)\s*:\s*",
    re.IGNORECASE,
)
_ROLE_TAG = re.compile(r"\s*\((?:CTV|PV|QTV|TTXVN|[A-ZĐ]{2,6})\)")
_NAME_SEPARATORS = re.compile(r"\s*[-–—,;&/]\s*|\s+và\s+")
_INITIALS = re.compile(r"^(?:[A-ZĐ]\.)+[A-ZĐ]?[\wÀ-ỹ]*$")
_REPORTERS = re.compile(r"^(?:Nhóm\s+)?(?:PV|CTV|phóng viên|PV-BTV|BTV)(?:\s+[\wÀ-ỹ]+){0,3}$", re.IGNORECASE)


def looks_like_names(text: str) -> bool:
    """Person names or agency marks separated by "-", "," or "và"; every word capitalised.

    >>> looks_like_names("Hồng Nhung - Văn Phúc")
    True
    >>> looks_like_names("T.L")
    True
    >>> looks_like_names("Kỳ họp thứ 28")
    False
    """
    people = [p for p in _NAME_SEPARATORS.split(_ROLE_TAG.sub("", text).strip()) if p]
    if not people:
        return False
    words = 0
    for person in people:
        tokens = person.split()
        if not 1 <= len(tokens) <= 4:
            return False
        for token in tokens:
            if not (token[0].isupper() and (token.isalpha() or _INITIALS.match(token))):
                return False
        words += len(tokens)
    return words >= 2 or any(_INITIALS.match(t) or (t.isupper() and len(t) >= 2) for t in text.split())


def is_byline(line: str) -> bool:
    """An author line: names, "Theo <source>", "Nhóm PV", or "Bài, ảnh: <names>".

    >>> is_byline("Hồng Nhung - Văn Phúc")
    True
    >>> is_byline("Theo TTXVN")
    True
    >>> is_byline("Nhóm PV")
    True
    >>> is_byline("Theo kế hoạch, công trình hoàn thành trong quý III/2024.")
    False
    """
    text = normalize_line(line)
    if not text or len(text) > 60 or text.endswith((":", "?", "!", ";", ",")):
        return False
    text = text.rstrip(".")
    if _REPORTERS.match(text):
        return True
    theo = re.match(r"^Theo\s+(?P<source>.+)$", text)
    if theo:
        source = theo.group("source")
        return "," not in source and len(source.split()) <= 6 and (source[0].isupper() or "." in source)
    return looks_like_names(_BYLINE_LABEL.sub("", text))


def author_from_byline(line: str) -> str:
    """The author named by a byline, without labels or role tags.

    >>> author_from_byline("Bài, ảnh: Minh Hoàng (CTV)")
    'Minh Hoàng'
    >>> author_from_byline("Theo TTXVN")
    'TTXVN'
    """
    text = _BYLINE_LABEL.sub("", normalize_line(line).rstrip("."))
    text = re.sub(r"^Theo\s+", "", text)
    return _ROLE_TAG.sub("", text).strip()
