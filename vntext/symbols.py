"""Symbols a newsreader says aloud.

"&" is "và", "+" is "cộng", "~" is "khoảng", "≥"/"≤" are "lớn hơn hoặc bằng"/"nhỏ hơn hoặc
bằng", and "/" between two words is read as a list ("xã/phường" → "xã, phường"), or "trên"
before a unit of rate ("lượt/ngày" → "lượt trên ngày"). A bar between the parts of a dateline
("08:15 | 12/03/2024") is a pause, written as a comma. "%" and dashes are left for the measures
rule and for pauses.
"""
from __future__ import annotations

import re

__all__ = ["read_diameter_signs", "read_multiplication", "read_plus_minus", "read_slashes", "read_symbols"]

_LETTER = r"[^\W\d_]"
_RATE_UNITS = (
    r"ngày|tuần|tháng|quý|năm|giờ|phút|người|hộ|khẩu|lượt|lần|con|chiếc|suất|ha|sào|"
    r"học sinh|học viên|sản phẩm|cây|m2|m²|xe|lít|tấn|tạ|thùng|lượng|liều|mẫu|ki lô gam|ki lô mét|cây số|mét"
    r"|héc ta"
)
_SLASH_RATE = re.compile(rf"(?<={_LETTER})[ \t]?/[ \t]?(?=(?:{_RATE_UNITS})(?![^\W_]))")
_SLASH_LIST = re.compile(rf"/(?<={_LETTER}/)(?={_LETTER})")
# "km/h", "kg/m": short Latin words on both sides are units, left to the measures rule.
_UNIT_SLASH = re.compile(r"(?<![^\W_])[A-Za-z]{1,3}/[A-Za-z]{1,3}(?![^\W_])")
_SPOKEN_SYMBOL = re.compile(r"([&+~≥≤±×])[ \t]*")
_ANY_SPOKEN_SYMBOL = re.compile(r"[&+~≥≤±×]")
# "Cập nhật: 08:15 | 12/03/2024": a bar between the parts of a dateline is a pause.
_BAR = re.compile(r"(?P<start>^)?[ \t]*\|+[ \t]*(?P<end>$)?", re.MULTILINE)
# "3 x 4", "50 x 50 cm", "9x19 mm": x between two numbers. "thế hệ 9x" has no number after it.
_TIMES = re.compile(r"(\d)[ \t]?[xX×][ \t]?(?=\d)")
# "2m x 3m x 1,5m", "50cm x 50cm": x between lengths, each number with its unit.
_TIMES_AFTER_LENGTH = re.compile(r"(\d(?:[.,]\d+)?[ \t]?(?:mm|cm|dm|km|m))[ \t]?[xX×][ \t]?(?=\d)")
# "ống Φ600", "thép ø12": the diameter sign before a number.
_DIAMETER = re.compile(r"[ΦφØø⌀][ \t]?(?=\d)")
_PLUS_MINUS = re.compile(r"\+[ \t]*/[ \t]*[-–−][ \t]*|±[ \t]*")
_OPENING_MARKS = "([“\"'"
_SYMBOL_WORDS = {
    "&": "và", "+": "cộng", "~": "khoảng", "≥": "lớn hơn hoặc bằng", "≤": "nhỏ hơn hoặc bằng",
    "±": "cộng trừ", "×": "nhân",
}  # fmt: skip


def read_slashes(text: str) -> str:
    """Read "/" between words: "trên" before a unit of rate, otherwise a list comma.

    >>> read_slashes("Mỗi xã/phường đón 300 lượt/ngày")
    'Mỗi xã, phường đón 300 lượt trên ngày'
    """
    if "/" not in text:
        return text
    text = _SLASH_RATE.sub(" trên ", text)
    if "/" not in text:
        return text
    kept = {match.start() + match.group(0).index("/") for match in _UNIT_SLASH.finditer(text)}
    return _SLASH_LIST.sub(lambda m: m.group(0) if m.start() in kept else ", ", text)


def read_multiplication(text: str) -> str:
    """Read x between two numbers as "nhân" (dimensions, cartridge sizes, 3 x 4).

    >>> read_multiplication("Phòng 3 x 4 m, gạch 50x50 cm, đạn 9x19 mm, thế hệ 9x, bể 2m x 3m x 1,5m")
    'Phòng 3 nhân 4 m, gạch 50 nhân 50 cm, đạn 9 nhân 19 mm, thế hệ 9x, bể 2m nhân 3m nhân 1,5m'
    """
    if "x" not in text and "X" not in text and "×" not in text:
        return text
    return _TIMES.sub(r"\1 nhân ", _TIMES_AFTER_LENGTH.sub(r"\1 nhân ", text))


def read_diameter_signs(text: str) -> str:
    """Read the diameter sign before a number as "phi", as builders say it.

    >>> read_diameter_signs("Ống Φ600 mm, thép ø12 và Ø 16")
    'Ống phi 600 mm, thép phi 12 và phi 16'
    """
    return _DIAMETER.sub("phi ", text)


def read_plus_minus(text: str) -> str:
    """Read "+/-" and "±" as "cộng trừ", before the minus could be read as a negative sign.

    >>> read_plus_minus("Biên độ +/-3%, sai số +/- 2,5 điểm")
    'Biên độ cộng trừ 3%, sai số cộng trừ 2,5 điểm'
    """
    if "±" not in text and "+" not in text:
        return text
    return _PLUS_MINUS.sub("cộng trừ ", text)


def _spoken_symbol(match: re.Match[str]) -> str:
    """The symbol's word, with one space on each side unless at the edge of the text."""
    text = match.string
    previous = text[match.start() - 1] if match.start() > 0 else " "
    before = "" if previous.isspace() or previous in _OPENING_MARKS else " "
    after = ""
    if match.end() < len(text) and (match.group(0)[-1] in " \t" or text[match.end()].isalnum()):
        after = " "
    return before + _SYMBOL_WORDS[match.group(1)] + after


def read_symbols(text: str) -> str:
    """Read the symbols a newsreader says aloud: &, +, ~, ≥, ≤, ±, × and "/" between words.

    >>> read_symbols("Khu du lịch Cửa Tùng & Cửa Việt đón ~5.000 khách, phim 18+")
    'Khu du lịch Cửa Tùng và Cửa Việt đón khoảng 5.000 khách, phim 18 cộng'
    >>> read_symbols("Cập nhật: 08:15 | 12/03/2024")
    'Cập nhật: 08:15, 12/03/2024'
    """
    if _ANY_SPOKEN_SYMBOL.search(text):
        text = _SPOKEN_SYMBOL.sub(_spoken_symbol, text)
    if "|" in text:
        # at either end of a line (a table row) the bar is dropped
        text = _BAR.sub(lambda m: "" if m["start"] is not None or m["end"] is not None else ", ", text)
    return read_slashes(text)
