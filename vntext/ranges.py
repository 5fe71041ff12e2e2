"""Ranges and sports scores written with a dash between numbers.

A dash between two numbers (each may carry a unit or currency: 2-3, 2015- 2020, 15cm-25cm,
10$-20$) reads "đến". After a score word (thắng, thua, hòa, tỷ số, thất bại, …) in the same
clause the dash is silent: "thắng 2-1" reads "thắng hai một", and so are the scores that follow
it ("thua Iraq (2-3) và Iran (0-2)", the sets of "thắng 3-0 (25-20, 25-18, 25-22)"); a pair
between two names ("Hà Nội FC 2-1 HAGL") is a score too, while a counted noun after the pair
makes it a range again ("thắng 2-3 trận"). Three numbers or more joined by dashes (body
measurements 90-63-95, a formation 4-4-2) are read one after another with a pause. Dates are
read before this rule, so 15-01-2018 never reaches it. A season or school year written with the
last two digits of its second year ("2023-24", "mùa giải 2023/24") is read with both years in
full: "hai nghìn không trăm hai mươi ba đến hai nghìn không trăm hai mươi tư".
"""
from __future__ import annotations

import re

from vntext.nouns import counted_noun_at

_RANGE_DASH = re.compile(
    r"(?P<digit>\d)(?P<unit>[^\W\d_]{0,4}[%$€£¥₫°²³'’]?)\s*[-–—]\s*(?=[-−]?[$€£¥]?\d)"
)
_NUMBER_START = re.compile(
    r"(?:^|[^\w.,])[-−]?[$€£¥]?\d[\d.,:]*(?:[hgp]\d{1,2})?[^\W\d_]{0,4}[%$€£¥₫°²³'’]?$"
)
_SCORE_WORDS = re.compile(
    r"\b(?:thắng|thua|hòa|hoà|tỷ số|tỉ số|cầm hòa|cầm hoà|đánh bại|vượt qua|gục ngã|dẫn|bại trận|thất bại"
    r"|hạ gục|đè bẹp|vùi dập|nhấn chìm|cầm chân|thủng lưới|gỡ hòa|gỡ hoà|chung cuộc|bại)\b"
    r"(?:[^.,;:!?\d]|[A-Za-z]\d{1,2}|\d{1,2}[ \t]*[-–][ \t]*\d{1,2}\)?(?:,(?=[ \t]*$))?"
    r"|\((?:[ \t]*\d{1,2}[ \t]*[-–][ \t]*\d{1,2}[ \t]*,)*)*$",
    re.IGNORECASE,
)
_SEQUENCE = re.compile(r"(?<![\d.,/–-])\d{1,3}(?:[ \t]*[-–][ \t]*\d{1,3}){2,}(?!\d|[.,/–-]\d|[^\W\d_])")
# "Hà Nội FC 2-1 HAGL": a pair between two names is a score.
_NAME_END = re.compile(r"[A-ZĐ][^\W_]*[ \t]+$")
_NAME_START = re.compile(r"[ \t]+[A-ZĐ]")
_SEQUENCE_DASH = re.compile(r"[ \t]*[-–][ \t]*")
_SMALL_SCORE = re.compile(r"\d{1,2}(?!\d|[.,]\d)")
_BARE_SMALL_NUMBER_END = re.compile(r"(?<![^\s(])\d{1,2}$")
_BARE_NUMBER_END = re.compile(r"(?<![\d.,])\d+$")
_BARE_NUMBER_START = re.compile(r"\d+(?![\d.,]|[^\W\d_])")


_SEASON = re.compile(
    r"(?P<first>(?:19|20)\d\d)(?<![\d.,/]....)[ \t]*[-–/][ \t]*(?P<second>\d\d)(?![\d]|[.,/-]\d)"
)


def read_seasons(text: str) -> str:
    """Write out the second year of a season given by its last two digits, joined by "đến".

    Only the year right after the first one counts ("2023-24"); any other pair is left to the range
    and fraction rules.

    >>> read_seasons("Mùa giải 2023/24 và năm học 2024-25; tỷ lệ 2023/45")
    'Mùa giải 2023 đến 2024 và năm học 2024 đến 2025; tỷ lệ 2023/45'
    """

    def spoken(match: re.Match[str]) -> str:
        first = int(match["first"])
        if int(match["second"]) != (first + 1) % 100:
            return match.group(0)
        return f"{first} đến {first + 1}"

    if "-" not in text and "/" not in text and "–" not in text:
        return text
    return _SEASON.sub(spoken, text)


def score_word_before(text: str, position: int) -> bool:
    """True when a word of a result (thắng, hòa, tỷ số, dẫn trước…) stands before ``position`` in
    the same clause, with only names and other scores between: what follows is a score.

    >>> score_word_before("U23 Việt Nam vượt qua U23 Malaysia 2-0", 35), score_word_before("từ 2-3 người", 3)
    (True, False)
    """
    return _SCORE_WORDS.search(text, max(0, position - 80), position) is not None


def _is_score(text: str, dash_start: int, dash_end: int, left_unit: str) -> bool:
    if left_unit:
        return False
    left = _BARE_SMALL_NUMBER_END.search(text, max(0, dash_start - 3), dash_start)
    right = _SMALL_SCORE.match(text, dash_end)
    if not (left and right):
        return False
    if counted_noun_at(text, right.end()):
        return False
    if _NAME_END.search(text, max(0, left.start() - 30), left.start()) and _NAME_START.match(text, right.end()):
        return True
    return score_word_before(text, left.start())


def _is_descending(text: str, dash_start: int, dash_end: int, left_unit: str) -> bool:
    """True when plain whole numbers go down across the dash ("Boeing 787-9", "lô 12-3"): a range
    always goes up, so this is a model or a code, its parts read one after the other."""
    if left_unit:
        return False
    left = _BARE_NUMBER_END.search(text, max(0, dash_start - 12), dash_start)
    right = _BARE_NUMBER_START.match(text, dash_end)
    return left is not None and right is not None and int(left.group(0)) > int(right.group(0))


def read_ranges(text: str) -> str:
    """Read the dash between two numbers as "đến", or as a pause between the sides of a score or of
    a model number that goes down (a range never does).

    >>> read_ranges("Giai đoạn 2021 – 2025, giá 15.000đ-20.000đ; Việt Nam thắng 2-1; Boeing 787-9")
    'Giai đoạn 2021 đến 2025, giá 15.000đ đến 20.000đ; Việt Nam thắng 2 1; Boeing 787 9'
    """
    if "-" not in text and "–" not in text and "—" not in text:
        return text
    text = _SEQUENCE.sub(lambda m: _SEQUENCE_DASH.sub(" ", m.group(0)), text)

    def words(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        left_end = match.end("unit")
        left_token = text[max(line_start, left_end - 24):left_end]
        if not _NUMBER_START.search(left_token):
            return match.group(0)
        if _is_score(text, left_end, match.end(), match["unit"]) or _is_descending(
                text, left_end, match.end(), match["unit"]):
            return f"{match['digit']} "
        return f"{match['digit']}{match['unit']} đến "

    return _RANGE_DASH.sub(words, text)
