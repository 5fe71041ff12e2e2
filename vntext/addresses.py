"""House numbers, alley numbers and road chainages, read the way they are said on air.

* A house or alley number with slashes (số 105/122, ngõ 279/31, hẻm 1806/127/2, kiệt 640/10)
  reads each part as a number, joined by "trên": "số một trăm linh năm trên một trăm hai mươi
  hai". After ngõ, ngách, hẻm, kiệt and "số nhà" the number is always an address; after a bare
  "số", "căn hộ", "căn nhà", or with no word at all after "ở", "tại", "địa chỉ", "trú", only when a
  street follows (a capitalised name, or đường, phố, ngõ…), so "số 12/2019" and "số 10/QĐ-UBND"
  stay for the document rule and "ở 2/3 số xã" stays a fraction. A part with a letter on it
  ("45/2B", "12A/3") is no fraction or date whatever comes before: it is always read this way.
* A road or railway chainage (Km 639+750, km3 +100) reads "ki lô mét sáu trăm ba mươi chín cộng
  bảy trăm năm mươi"; "Km 15" before its number reads "ki lô mét mười lăm". A small "km2" or
  "km3" with no metres after it, or after a slash ("người/km2"), is a unit of area or volume.

Numbers are read here, since a later rule would take "279/31" for a fraction.
"""
from __future__ import annotations

import re

from vntext.numbers import read_cardinal

__all__ = ["read_chainages", "read_house_numbers"]

_SEPARATOR = " trên "
# A slashed number is found first (its digits let the engine skip ahead); the word before it
# decides whether it is an address.
_SLASHED_NUMBER = re.compile(r"(?P<parts>\d(?<![\w/]\d)\d{0,4}[A-Za-z]?(?:/\d{1,5}[A-Za-z]?)+)(?![\w/])")
_TRIGGER_BEFORE = re.compile(
    r"(?<![^\W_])(?P<trigger>(?i:số nhà|nhà số|ngõ số|hẻm số|kiệt số|ngách số|số|nhà|ngõ|ngách|hẻm|kiệt"
    r"|căn hộ|căn nhà|ở|tại|địa chỉ|trú|ngụ))[ \t]*:?[ \t]+$"
)
_ALWAYS_ADDRESS = frozenset({"số nhà", "nhà số", "ngõ số", "hẻm số", "kiệt số", "ngách số", "nhà", "ngõ", "ngách",
                             "hẻm", "kiệt"})
_STREET_AFTER = re.compile(
    r"[ \t]+(?:[A-ZĐ]|(?i:đường|phố|ngõ|ngách|hẻm|kiệt|khu|tổ|ấp|thôn|xóm|quốc lộ|tỉnh lộ|lô)(?![^\W_]))"
)
# "tổng số", "đa số", "con số": "số" is part of another word, not a house number.
_COMPOUND_BEFORE = re.compile(r"(?<![^\W_])(?i:tổng|đa|thiểu|dân|con|chỉ|hệ|điểm|tỷ|tỉ|mã|phần)[ \t]+$")
_SLASHED_NUMBER_HINT = re.compile(r"\w/\d")
_CHAINAGE_HINT = re.compile(r"[Kk][Mm][ \t]?\d")
_PART = re.compile(r"(\d+)([A-Za-z]?)")
_LETTERED_PART = re.compile(r"\d[A-Z]")
_CHAINAGE = re.compile(
    r"(?P<km>Km|km|KM)(?<![\w.,/]..)(?<!\d ..)(?P<space>[ \t]?)(?P<kilometres>\d{1,4})"
    r"(?:[ \t]?\+[ \t]?(?P<metres>\d{1,4}))?(?![\d.,]?\d|[^\W\d_])"
)


def _read_part(part: str) -> str:
    """One part of a house number: the number, then its letter if any ("12A" → "mười hai A")."""
    found = _PART.fullmatch(part)
    if found is None:
        return part
    number, letter = found.groups()
    return read_cardinal(int(number)) + (f" {letter.upper()}" if letter else "")


def read_house_numbers(text: str) -> str:
    """Read slashed house and alley numbers with "trên" between the parts.

    >>> read_house_numbers("Trụ sở ở số 7/10/16 phố Kim Mã, phòng trọ trong ngõ 279/31")
    'Trụ sở ở số bảy trên mười trên mười sáu phố Kim Mã, phòng trọ trong ngõ hai trăm bảy mươi chín trên ba mươi mốt'
    >>> read_house_numbers("Theo Quyết định số 12/2019, tổng số 2/3 đại biểu")
    'Theo Quyết định số 12/2019, tổng số 2/3 đại biểu'
    >>> read_house_numbers("Căn hộ 45/2B Nguyễn Trãi và căn hộ 8/12 Lê Lợi")
    'Căn hộ bốn mươi lăm trên hai B Nguyễn Trãi và căn hộ tám trên mười hai Lê Lợi'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if _LETTERED_PART.search(match["parts"]):
            return _SEPARATOR.join(_read_part(part) for part in match["parts"].split("/"))
        before = _TRIGGER_BEFORE.search(source, max(0, start - 20), start)
        if before is None:
            return match.group(0)
        if before["trigger"].lower() not in _ALWAYS_ADDRESS:
            if not _STREET_AFTER.match(source, match.end()):
                return match.group(0)
            if _COMPOUND_BEFORE.search(source, max(0, before.start() - 8), before.start()):
                return match.group(0)
        return _SEPARATOR.join(_read_part(part) for part in match["parts"].split("/"))

    if "/" not in text or not _SLASHED_NUMBER_HINT.search(text):
        return text
    return _SLASHED_NUMBER.sub(spoken, text)


def read_chainages(text: str) -> str:
    """Read a kilometre post before its number, with the metres after "+".

    >>> read_chainages("Tai nạn tại Km 639+750 quốc lộ 1, cầu ở km3 +100, trạm Km 15")
    'Tai nạn tại ki lô mét sáu trăm ba mươi chín cộng bảy trăm năm mươi quốc lộ 1, cầu ở ki lô mét ba cộng một trăm, trạm ki lô mét mười lăm'
    >>> read_chainages("Mật độ 137 người/km2, rộng 12 km2")
    'Mật độ 137 người/km2, rộng 12 km2'
    """

    def spoken(match: re.Match[str]) -> str:
        if match["km"] == "km" and not match["space"] and match["kilometres"] in ("2", "3") and not match["metres"]:
            return match.group(0)  # "km2", "km3": square and cubic kilometres, for the unit rule
        words = "ki lô mét " + read_cardinal(int(match["kilometres"]))
        if match["metres"]:
            words += " cộng " + read_cardinal(int(match["metres"]))
        return words

    if not _CHAINAGE_HINT.search(text):
        return text
    return _CHAINAGE.sub(spoken, text)
