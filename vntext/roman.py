"""Roman numerals after the words that announce them: "khóa XV", "thế kỷ XXI", "quý III/2024".

A roman-looking word is only read when a trigger word stands right before it, so "VI" in
"VI PHẠM", a name, or a stray "XL" is never touched. Readings:

* after "thứ" (lần thứ, kỳ họp thứ): the ordinal, "thứ nhất", "thứ tư", "thứ mười bốn";
* after "hạng" and "giải": the ranking words, "hạng nhất", "giải nhì", "hạng ba", "giải tư";
* after every other trigger: the cardinal, "khóa mười lăm", "quý bốn", "thế kỷ hai mươi mốt".

A list after one trigger is read whole ("khóa XIV và XV"). A quarter with its year
("quý III/2024", "quý 3/2024") is read "quý ba năm hai nghìn không trăm hai mươi tư".
"""
from __future__ import annotations

import re

from vntext.numbers import read_cardinal, read_ordinal

__all__ = ["read_roman_numerals", "roman_to_int"]

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# Triggers read with the cardinal number. Both spellings of the tone mark are in use
# ("khóa"/"khoá", "kỷ"/"kỉ", "quý"/"quí").
_CARDINAL_TRIGGERS = (
    r"khóa|khoá|đại hội|thế k[ỷỉ]|qu[ýí]|trung ương|phần|chương|quân khu|quân đoàn"
    r"|tập|mục|phụ lục|giai đoạn|đợt|k[ỳì]|vùng|khu vực|cấp|nhóm|loại"
)
# Abbreviated triggers match in this exact case only.
_ABBREVIATED_TRIGGERS = r"ĐH|TW|T\.Ư|TƯ|QK"
_RANK_TRIGGERS = r"hạng|giải"
_ORDINAL_TRIGGERS = r"thứ"

# Upper case I, V, X, L up to 89 (enough for congresses, centuries and terms), or lower case
# i, v, x as in "phần ix". C, D and M are left out on purpose: "loại C", "hạng D" are classes.
_UPPER_ROMAN = r"(?:L?X{0,3})(?:IX|IV|V?I{0,3})"
_LOWER_ROMAN = r"(?:x{0,3})(?:ix|iv|v?i{0,3})"
_VALID_NUMERAL = re.compile(rf"(?=.)(?:{_UPPER_ROMAN}|{_LOWER_ROMAN})")
_LIST_SEPARATOR = r"(?:\s*,\s*|\s+và\s+|\s*[-–]\s*|\s+đến\s+)"
_SEPARATOR_SPLIT = re.compile(rf"({_LIST_SEPARATOR})")

# A candidate is a run of roman letters standing alone (then checked against the grammar and
# for a trigger before it). It starts with its letters so the engine can skip to them.
_CANDIDATE = re.compile(
    r"[IVXLivx](?<![^\W_].)[IVXLivx]*(?![^\W_])"
    rf"(?:{_LIST_SEPARATOR}[IVXLivx]+(?![^\W_]))*"
    r"(?:/(?P<year>(?:19|20)\d\d)(?!\d))?"
)
_TRIGGER_BEFORE = re.compile(
    rf"(?<![^\W_])(?P<trigger>(?i:{_CARDINAL_TRIGGERS}|{_RANK_TRIGGERS}|{_ORDINAL_TRIGGERS})"
    rf"|{_ABBREVIATED_TRIGGERS})[ \t\u00a0]+\Z"
)
_QUARTER_IN_DIGITS = re.compile(r"(?P<quarter>[1-4])(?<![^\W_].)/(?P<year>(?:19|20)\d\d)(?!\d)")
_QUARTER_BEFORE = re.compile(r"(?<![^\W_])(?i:qu[ýí])[ \t\u00a0]+\Z")
_RANK_WORDS = {1: "nhất", 2: "nhì", 3: "ba", 4: "tư"}


def roman_to_int(numeral: str) -> int:
    """Value of a well-formed roman numeral (either case).

    >>> roman_to_int("XIV")
    14
    """
    values = [_ROMAN_VALUES[letter] for letter in numeral.upper()]
    total = 0
    for index, value in enumerate(values):
        if index + 1 < len(values) and value < values[index + 1]:
            total -= value
        else:
            total += value
    return total


def _read_for_trigger(trigger: str, value: int) -> str:
    """Words for a numeral after a given trigger.

    >>> _read_for_trigger("hạng", 2), _read_for_trigger("lần thứ", 4), _read_for_trigger("khóa", 4)
    ('nhì', 'tư', 'bốn')
    """
    lowered = trigger.lower()
    if lowered in ("hạng", "giải"):
        return _RANK_WORDS.get(value) or read_cardinal(value)
    if lowered.endswith("thứ"):
        return read_ordinal(value)
    return read_cardinal(value)


def _read_year(year: str | None) -> str:
    return f" năm {read_cardinal(int(year))}" if year else ""


def _replace_candidate(match: re.Match[str]) -> str:
    text, start = match.string, match.start()
    before = _TRIGGER_BEFORE.search(text, max(0, start - 24), start)
    if before is None:
        return match.group(0)
    trigger, year = before.group("trigger"), match.group("year")
    written = match.group(0)
    if year:
        written = written[: -len(year) - 1]
    parts = _SEPARATOR_SPLIT.split(written)
    words = []
    for index in range(0, len(parts), 2):
        if not _VALID_NUMERAL.fullmatch(parts[index]):
            if index == 0:
                return match.group(0)
            # Read the list up to the first word that is not a numeral, keep the rest.
            return "".join(words) + "".join(parts[index - 1 :]) + ("/" + year if year else "")
        if index:
            words.append(parts[index - 1])
        words.append(_read_for_trigger(trigger, roman_to_int(parts[index])))
    if year and trigger.lower() in ("quý", "quí"):
        words.append(_read_year(year))
    elif year:
        words.append("/" + year)
    return "".join(words)


def read_roman_numerals(text: str) -> str:
    """Read roman numerals that follow a trigger word; leave every other capital word alone.

    >>> read_roman_numerals("Quốc hội khóa XV khai mạc kỳ họp thứ VIII")
    'Quốc hội khóa mười lăm khai mạc kỳ họp thứ tám'
    """
    text = _CANDIDATE.sub(_replace_candidate, text)
    return read_quarter_of_year(text)


def read_quarter_of_year(text: str) -> str:
    """Read a quarter written with digits and its year.

    >>> read_quarter_of_year("Doanh thu quý 3/2024 tăng")
    'Doanh thu quý ba năm hai nghìn không trăm hai mươi tư tăng'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if not _QUARTER_BEFORE.search(source, max(0, start - 8), start):
            return match.group(0)
        return read_cardinal(int(match.group("quarter"))) + _read_year(match.group("year"))

    if "/" not in text:
        return text
    return _QUARTER_IN_DIGITS.sub(spoken, text)
