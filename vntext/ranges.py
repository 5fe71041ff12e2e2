"""Ranges and sports scores written with a dash between numbers.

A dash between two numbers (each may carry a unit or currency: 2-3, 2015- 2020, 15cm-25cm,
10$-20$) reads "đến". After a score word (thắng, thua, hòa, tỷ số, …) in the same clause the
dash is silent: "thắng 2-1" reads "thắng hai một". Dates are read before this rule, so
15-01-2018 never reaches it.
"""
from __future__ import annotations

import re

_RANGE_DASH = re.compile(
    r"(?P<digit>\d)(?P<unit>[^\W\d_]{0,4}[%$€£¥₫°²³'’]?)\s*[-–—]\s*(?=[-−]?[$€£¥]?\d)"
)
_NUMBER_START = re.compile(
    r"(?:^|[^\w.,])[-−]?[$€£¥]?\d[\d.,:]*(?:[hgp]\d{1,2})?[^\W\d_]{0,4}[%$€£¥₫°²³'’]?$"
)
_SCORE_WORDS = re.compile(
    r"\b(?:thắng|thua|hòa|hoà|tỷ số|tỉ số|cầm hòa|đánh bại|vượt qua|gục ngã|dẫn|bại trận)\b[^.,;:!?\d]{0,40}$",
    re.IGNORECASE,
)
_SMALL_SCORE = re.compile(r"\d{1,2}(?!\d|[.,]\d)")
_BARE_SMALL_NUMBER_END = re.compile(r"(?<![^\s(])\d{1,2}$")


def _is_score(text: str, dash_start: int, dash_end: int, left_unit: str) -> bool:
    if left_unit:
        return False
    left = _BARE_SMALL_NUMBER_END.search(text, max(0, dash_start - 3), dash_start)
    if not (left and _SMALL_SCORE.match(text, dash_end)):
        return False
    return bool(_SCORE_WORDS.search(text, max(0, left.start() - 60), left.start()))


def read_ranges(text: str) -> str:
    """Read the dash between two numbers as "đến", or as a pause between the sides of a score.

    >>> read_ranges("Giai đoạn 2021 – 2025, giá 15.000đ-20.000đ; Việt Nam thắng 2-1")
    'Giai đoạn 2021 đến 2025, giá 15.000đ đến 20.000đ; Việt Nam thắng 2 1'
    """

    def words(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        left_end = match.end("unit")
        left_token = text[max(line_start, left_end - 24):left_end]
        if not _NUMBER_START.search(left_token):
            return match.group(0)
        if _is_score(text, left_end, match.end(), match["unit"]):
            return f"{match['digit']} "
        return f"{match['digit']}{match['unit']} đến "

    return _RANGE_DASH.sub(words, text)
